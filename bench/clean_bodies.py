"""Clean article bodies, no page furniture at all: does copydesk keep every word? (and datatrove's C4 filter)

    .venv/bin/python bench/clean_bodies.py [--limit N] [--json PATH]

The 1,710 bodies of `clean-dev` (FNC-1 train bodies; PolNeAR dev texts, a headline line then the body) are
what a scraper's extracted `text` field, a corpus or a newswire feed holds: every word is the article. Each
goes through the user's path, `copydesk parse --no-nlp` run as a command, three ways:

- text     the folder of `.txt` files (`copydesk parse clean-dev/text --no-nlp`);
- jsonl    one JSON Lines record a body, `{"id", "text"}` (`--from jsonl`);
- +title   the same with the story's headline in `title`: an FNC-1 headline its stance table pairs with the
           body as related (the first in file order), PolNeAR's headline line.

Scores, per body then averaged (macro), and the share of all words that went to `removed` (micro):

- body recall / precision: words (lowercased `\\w+` bags) of `Article.text` against the body (PolNeAR's
  headline line is its title, not body: the reference body is the text after it);
- kept recall: words of every block (title, standfirst, bylines, captions, body) against the whole text;
- empty: bodies that come out with no body text at all.

datatrove's `C4QualityFilter()` (its defaults, the C4 paper's rules) scores on the same bodies: its kept
lines are its body, a dropped document keeps nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import DATA, REPO, mean, words  # noqa: E402

CLEAN = DATA / "clean-dev"
COPYDESK = str(REPO / ".venv" / "bin" / "copydesk")


def load(limit: int | None) -> list[dict]:
    """The clean bodies: id, text, reference body, headline."""
    with open(CLEAN / "pages.jsonl", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f]
    if limit:
        pages = pages[:limit]
    headlines = fnc_headlines()
    out = []
    for p in pages:
        text = (CLEAN / "text" / f"{p['id']}.txt").read_text(encoding="utf-8")
        if p["id"].startswith("polnear-"):
            head, _, body = text.strip().partition("\n")
            title = head.strip()
        else:
            body, title = text, headlines.get(p["id"].removeprefix("fnc-"))
        out.append({"id": p["id"], "text": text, "whole": p["main_content"], "body": body, "title": title})
    return out


def fnc_headlines() -> dict[str, str]:
    """For each FNC-1 body id, the first headline its stance table pairs with it as related."""
    out: dict[str, str] = {}
    with open(DATA / "fnc1-train" / "train_stances.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Stance"] != "unrelated":
                out.setdefault(row["Body ID"], row["Headline"])
    return out


def run_copydesk(args: list[str]) -> list[dict]:
    """`copydesk parse ARGS --no-nlp` as a command; its Articles, in input order."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.jsonl")
        subprocess.run(
            [COPYDESK, "parse", *args, "--no-nlp", "--no-progress", "-o", out], check=True, stderr=subprocess.DEVNULL
        )
        with open(out, encoding="utf-8") as f:
            return [json.loads(line) for line in f]


def copydesk_ways(pages: list[dict]) -> dict[str, tuple[list[dict], float]]:
    """The Articles of each way in, and its documents per second."""
    ways = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "text"
        folder.mkdir()
        for p in pages:
            (folder / f"{p['id']}.txt").write_text(p["text"], encoding="utf-8")
        for name, titled in (("jsonl", False), ("+title", True)):
            with open(Path(tmp) / f"{name}.jsonl", "w", encoding="utf-8") as f:
                for p in pages:
                    record = {"id": p["id"], "text": p["text"]}
                    if titled and p["title"]:
                        record["title"] = p["title"]
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
        for name, args in (
            ("text", [str(folder), "--from", "text"]),
            ("jsonl", [str(Path(tmp) / "jsonl.jsonl"), "--from", "jsonl"]),
            ("+title", [str(Path(tmp) / "+title.jsonl"), "--from", "jsonl"]),
        ):
            t0 = time.perf_counter()
            articles = run_copydesk(args)
            ways[name] = (articles, len(pages) / (time.perf_counter() - t0))
    return ways


def by_id(pages: list[dict], articles: list[dict]) -> list[dict]:
    """Articles in page order (a folder run names them by path, a JSON Lines run by id)."""
    index = {a["id"]: a for a in articles}
    index.update({Path(a["source"]["path"] or "").stem: a for a in articles})
    return [index[p["id"]] for p in pages]


def recall_precision(got: str, want: str) -> tuple[float, float]:
    g, w = words(got), words(want)
    common = sum((g & w).values())
    return (common / sum(w.values()) if w else 1.0), (common / sum(g.values()) if g else 0.0)


def score(pages: list[dict], bodies: list[str], kept: list[str], removed_words: int) -> dict:
    rp = [recall_precision(b, p["body"]) for b, p in zip(bodies, pages)]
    total = sum(len(p["text"].split()) for p in pages)
    return {
        "body_recall": mean(r for r, _ in rp),
        "body_precision": mean(p for _, p in rp),
        "kept_recall": mean(recall_precision(k, p["whole"])[0] for k, p in zip(kept, pages)),
        "empty": sum(not b.strip() for b in bodies),
        "removed_share": removed_words / total,
    }


def copydesk_scores(pages: list[dict], articles: list[dict]) -> tuple[dict, Counter]:
    arts = by_id(pages, articles)
    reasons = Counter(r["reason"] for a in arts for r in a["removed"])
    removed = sum(len(r["text"].split()) for a in arts for r in a["removed"])
    kept = [" ".join(b["text"] for b in a["blocks"]) for a in arts]
    return score(pages, [a["text"] for a in arts], kept, removed), reasons


def c4_scores(pages: list[dict]) -> dict:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    c4 = C4QualityFilter()
    bodies = []
    for p in pages:
        doc = Document(text=p["text"], id=p["id"])
        bodies.append(doc.text if c4.filter(doc) is True else "")
    removed = sum(len(p["text"].split()) - len(b.split()) for p, b in zip(pages, bodies))
    return score(pages, bodies, bodies, removed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N bodies")
    ap.add_argument("--json", default=None, help="write every number here")
    args = ap.parse_args()
    pages = load(args.limit)
    rows = {}
    reasons = {}
    for name, (articles, rate) in copydesk_ways(pages).items():
        rows[f"copydesk {name}"], reasons[name] = copydesk_scores(pages, articles)
        rows[f"copydesk {name}"]["docs_per_s"] = rate
    rows["datatrove C4"] = c4_scores(pages)
    n_fnc = sum(p["id"].startswith("fnc-") for p in pages)
    print(f"#### Clean bodies: clean-dev ({len(pages)} bodies: {n_fnc} FNC-1, {len(pages) - n_fnc} PolNeAR)\n")
    print("| system | body recall | body precision | kept recall | empty bodies | removed words | docs/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in rows.items():
        rate = f"{r['docs_per_s']:,.0f}" if "docs_per_s" in r else "—"
        print(
            f"| {name} | {r['body_recall']:.4f} | {r['body_precision']:.4f} | {r['kept_recall']:.4f} | {r['empty']} "
            f"| {100 * r['removed_share']:.2f}% | {rate} |"
        )
    print()
    for name, counter in reasons.items():
        print(f"- copydesk {name}: removed lines by reason: {dict(counter.most_common()) or 'none'}")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "reasons": reasons}, indent=1) + "\n")


if __name__ == "__main__":
    main()
