"""trafilatura's own evaluation corpus: copydesk (HTML and text captures) vs trafilatura and newspaper4k (HTML).

    .venv/bin/python bench/trafilatura_eval.py [--inputs html,text] [--systems NAMES] [--limit N] [--json PATH]
                                               [--dump PATH]

On the 990 pages of `trafilatura-eval` (see its README in the data folder), each system reads the saved page
as a user would, from the file and with no URL:

HTML
- copydesk      `copydesk.parse(Path("html/<id>.html.gz"), nlp=False)` (the file as `copydesk parse --no-nlp`
                reads it; the kind is found from the content);
- trafilatura   `bare_extraction(html, include_comments=False, with_metadata=True)`: text, title, author
                (split on ";"), date, description;
- newspaper4k   `Article("", config)` (no images, no memo), `download(input_html=...)`, `parse()`: text, title,
                authors, publish_date, meta_description.
Text captures
- copydesk      `copydesk.parse(Path("text/<id>.txt"), nlp=False)` (no peer reads a text capture).

Metrics, over the pages whose truth has the field (a system that returns nothing for a page scores 0 there):
- body: trafilatura's own scoring. Per page at most 6 `with` and 6 `without` snippets (the first ones); a
  `with` snippet found in the body is a true positive, one missing a false negative; a `without` snippet
  found is a false positive, one absent a true negative. Counts are summed over the pages, then
  precision, recall, F1 and accuracy ((TP + TN) / all). A snippet is "found" when its lowercased `\\w+`
  words, joined by single spaces, occur in the body's, normalised alike (curly quotes folded);
- title: casefold, every run of punctuation and whitespace folded to one space, exact match;
- author: token F1 per page: word-F1 (lowercased `\\w+` bags) of all the system's names taken together
  against the truth's author string (several names joined by "; ");
- date: YYYY-MM-DD equal to the truth's `published`;
- standfirst: word-F1 per page of what the system gives as the page's summary against its stated
  `description` (copydesk: `Article.description`, the summary the page states, else `Article.dek`, the
  printed standfirst; trafilatura: `description`; newspaper4k: `meta_description`), averaged; the share of
  pages where it reaches 0.5; and copydesk's `Article.dek` alone, scored alike.

Groups: all pages, and the held-out pages: the fifth of the sites (by host, `datasets.is_holdout`) that
no rule or model of copydesk was tuned on. Prints Markdown tables on stdout.
"""

from __future__ import annotations

import one_core  # noqa: F401  (first: one core, the working tree's copydesk on the path)

# isort: split

import argparse
import contextlib
import datetime
import json
import platform
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from bench.datasets import _norm_snippet, load_pages, mean, norm, package_versions, word_f1
from bench.peers import iso_date, newspaper_parser

DATA_SET = "trafilatura-eval"
MAX_SNIPPETS = 6  # trafilatura's evaluation counts at most this many snippets of each kind per page
DESC_HIT = 0.5  # a standfirst whose word-F1 with the stated description reaches this counts as matching it
FIELDS = ("title", "author", "date", "standfirst", "dek")


@dataclass
class Fields:
    """What one system gave for one page; None: the system does not give that field."""

    body: str = ""
    title: str | None = None
    authors: list[str] | None = None
    date: str | None = None
    standfirst: str | None = None
    dek: str | None = None  # copydesk's printed standfirst alone (peers: None)


@dataclass
class Run:
    name: str
    kind: str
    outputs: list[Fields] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    failures: int = 0


# --- systems ---------------------------------------------------------------------------------------------------------


def copydesk_system():
    """copydesk on the file, as `copydesk parse --no-nlp` reads it."""
    import copydesk

    def run(path: Path) -> Fields:
        art = copydesk.parse(path, nlp=False)
        stated = getattr(art, "description", None)  # (absent before copydesk read the stated summary)
        return Fields(art.text, art.title, [b.name for b in art.bylines], art.published, stated or art.dek, art.dek)

    return run


def trafilatura_system():
    """trafilatura's bare_extraction with metadata, comments excluded, no URL."""
    from trafilatura import bare_extraction

    def run(path: Path) -> Fields:
        doc = bare_extraction(_html(path), include_comments=False, with_metadata=True)
        if doc is None:
            return Fields()
        authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
        return Fields(doc.text or "", doc.title, authors, iso_date(doc.date), doc.description)

    return run


def newspaper_system():
    """newspaper4k's parser on the page (no download, no images, no memo, no URL)."""
    parse = newspaper_parser()

    def run(path: Path) -> Fields:
        art = parse(_html(path), "")
        return Fields(
            art.text or "", art.title, list(art.authors or []), iso_date(art.publish_date), art.meta_description or None
        )

    return run


def _html(path: Path) -> bytes:
    import gzip

    return gzip.decompress(path.read_bytes())


SYSTEMS = {
    "html": [("copydesk", copydesk_system), ("trafilatura", trafilatura_system), ("newspaper4k", newspaper_system)],
    "text": [("copydesk", copydesk_system)],
}


def run_system(name: str, kind: str, make, paths: list[Path]) -> Run:
    """Warm up once untimed, then time every page; a call that raises scores as an empty output."""
    fn = make()
    with contextlib.suppress(Exception):
        fn(paths[0])
    out = Run(name, kind)
    clock = time.perf_counter
    for path in paths:
        t0 = clock()
        try:
            got = fn(path)
        except Exception:  # noqa: BLE001  a crash is an empty answer, counted
            got, out.failures = Fields(), out.failures + 1
        out.seconds.append(clock() - t0)
        out.outputs.append(got)
    return out


# --- scoring ---------------------------------------------------------------------------------------------------------


def snippet_counts(body: str, truth: dict) -> tuple[int, int, int, int]:
    """(TP, FN, FP, TN) of one page's snippets, trafilatura's way."""
    text = _norm_snippet(body)
    with_ = [_norm_snippet(s) for s in (truth.get("with") or [])[:MAX_SNIPPETS]]
    without = [_norm_snippet(s) for s in (truth.get("without") or [])[:MAX_SNIPPETS]]
    tp = sum(s in text for s in with_)
    fp = sum(s in text for s in without)
    return tp, len(with_) - tp, fp, len(without) - fp


def page_scores(got: Fields, truth: dict, gives_dek: bool = True) -> dict[str, float]:
    """Each metadata field's score on one page, for the fields the truth has."""
    s: dict[str, float] = {}
    if truth.get("title"):
        s["title"] = float(norm(got.title) == norm(truth["title"]) != "")
    if truth.get("author"):
        s["author"] = word_f1(" ".join(got.authors or []), truth["author"]) if got.authors else 0.0
    if truth.get("published"):
        s["date"] = float(got.date == truth["published"][:10])
    if truth.get("description"):
        s["standfirst"] = word_f1(got.standfirst or "", truth["description"]) if got.standfirst else 0.0
        if gives_dek:
            s["dek"] = word_f1(got.dek or "", truth["description"]) if got.dek else 0.0
    return s


def body_scores(counts: list[tuple[int, int, int, int]]) -> dict[str, float]:
    """Precision, recall, F1 and accuracy of summed snippet counts."""
    tp, fn, fp, tn = (sum(c[k] for c in counts) for k in range(4))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": (tp + tn) / max(1, tp + fn + fp + tn)}


def table(title: str, runs: list[Run], pages, idx: list[int]) -> str:
    """One Markdown table: systems as rows; body snippet scores, then the fields with their page counts."""
    counts = {f: sum(1 for i in idx if f in page_scores(Fields(), pages[i].truth)) for f in FIELDS}
    head = (
        ["body F1", "body accuracy", "precision", "recall"]
        + [f"{f} (n={counts[f]})" for f in FIELDS]
        + [f"standfirst >= {DESC_HIT}", "docs/s"]
    )
    head[head.index(f"dek (n={counts['dek']})")] = "dek alone"
    rows = [f"#### {title}", "", "| system | " + " | ".join(head) + " |", "| --- |" + " ---: |" * len(head)]
    for run in runs:
        body = body_scores([snippet_counts(run.outputs[i].body, pages[i].truth) for i in idx])
        per = [page_scores(run.outputs[i], pages[i].truth, run.name == "copydesk") for i in idx]
        cells = [f"{body[k]:.3f}" for k in ("f1", "accuracy", "precision", "recall")]
        for f in FIELDS:
            vals = [s[f] for s in per if f in s]
            cells.append(f"{mean(vals):.3f}" if vals else "—")
        sf = [s["standfirst"] >= DESC_HIT for s in per if "standfirst" in s]
        cells.append(f"{mean(sf):.3f}" if sf else "—")
        secs = sum(run.seconds[i] for i in idx)
        cells.append(f"{len(idx) / secs:.1f}" if secs > 0 else "—")
        rows.append(f"| {run.name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def dump(run: Run, pages, path: Path) -> None:
    """copydesk's fields beside the truth's, one JSON object per page, to read a page's misses field by field."""
    with path.open("w") as f:
        for p, got in zip(pages, run.outputs):
            t = p.truth
            tp, fn, fp, tn = snippet_counts(got.body, t)
            f.write(
                json.dumps(
                    {
                        "id": p.id,
                        "holdout": p.holdout,
                        "scores": page_scores(got, t),
                        "snippets": [tp, fn, fp, tn],
                        "title": [t.get("title"), got.title],
                        "author": [t.get("author"), got.authors],
                        "date": [t.get("published"), got.date],
                        "standfirst": [t.get("description"), got.standfirst],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def main(argv=None) -> int:
    """Run the systems on each input, print one table per input and group."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inputs", default="html,text", help="comma-separated: html, text")
    ap.add_argument("--systems", default=None, help="comma-separated system names (default: all)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--json", default=None, help="write every number and per-page scores here")
    ap.add_argument("--dump", default=None, help="write copydesk's fields next to the truth's, per page, as JSON Lines")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")  # peers' date parsers warn on every page; the tables are the output
    pages = load_pages(DATA_SET)[: args.limit]
    wanted = set(args.systems.split(",")) if args.systems else None
    hold = [i for i, p in enumerate(pages) if p.holdout]
    groups = {"all": list(range(len(pages))), "held-out": hold}
    result: dict = {
        "data_set": DATA_SET,
        "pages": len(pages),
        "held_out": len(hold),
        "versions": package_versions("copydesk", "trafilatura", "newspaper4k", "lxml"),
        "date": datetime.date.today().isoformat(),
        "inputs": {},
    }
    out = [
        (
            f"{len(pages)} pages of {DATA_SET} ({len(hold)} held out by site); Python {platform.python_version()}, "
            "one core; " + ", ".join(f"{k} {v}" for k, v in result["versions"].items() if k != "python" and v)
        )
    ]
    for kind in args.inputs.split(","):
        paths = [p.html_path if kind == "html" else p.text_path for p in pages]
        runs = [run_system(name, kind, make, paths) for name, make in SYSTEMS[kind] if wanted is None or name in wanted]
        label = "HTML" if kind == "html" else "text captures"
        for gname, idx in groups.items():
            out += ["", table(f"{label}: {gname} ({len(idx)} pages)", runs, pages, idx)]
        failed = {r.name: r.failures for r in runs if r.failures}
        if failed:
            out.append(f"\n- Calls that raised (scored as empty output): {failed}.")
        result["inputs"][kind] = {
            r.name: {
                "failures": r.failures,
                "seconds": sum(r.seconds),
                "body": {
                    g: body_scores([snippet_counts(r.outputs[i].body, pages[i].truth) for i in idx])
                    for g, idx in groups.items()
                },
                "per_page": {p.id: page_scores(o, p.truth, r.name == "copydesk") for o, p in zip(r.outputs, pages)},
            }
            for r in runs
        }
        if args.dump:
            for r in runs:
                if r.name == "copydesk":
                    dump(r, pages, Path(args.dump).with_suffix(f".{kind}.jsonl"))
    print("\n".join(out))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
