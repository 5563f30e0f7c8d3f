"""The evaluation gate: body F1 and the newsroom fields on a fixed subset of the dev sets, against floors in the repo.

    .venv/bin/python tests/eval_gate.py            # today's numbers beside the floors; exit status 1 below a floor
    .venv/bin/python tests/eval_gate.py --update   # rewrite tests/eval_floors.json from today's numbers

The pages are `tests/fixtures/gate/` (48 WCXB pages, 34 Fundus pages; chosen and rebuilt by
`scripts/build_gate_fixtures.py`, described in `tests/fixtures/README.md`), each read two ways through the user's
path with no NLP: its HTML as `copydesk.parse(Capture(data=html, kind="html", url=url), nlp=False)`, its whole-page
text capture as `copydesk.parse(capture, kind="text", nlp=False)`. Every metric is a mean over the pages whose truth
has the field, scored by the benchmarks' own functions in `bench/datasets.py`:

- `wcxb/<input>/body`: word-F1 of `Article.text` against `main_content` (as `bench/text_captures.py` and
  `bench/html_pages.py` score it); `title`, `author`, `date`: `title_hit`, `author_hit`, `date_hit`, the accuracies
  of `bench/html_pages.py`;
- `fundus/<input>/<field>`: `newsroom_scores`, the fields of `bench/newsroom.py` (title exact after
  normalising, authors set-F1, date, dek word-F1, headings set-F1, body word-F1, captions word-F1, credits found).

`tests/eval_floors.json` holds a floor per metric: the value measured when it was written minus a tolerance
(0.01), so that a real regression fails and a change of a few words does not. The output is deterministic; one
page of a field scored right or wrong moves its mean by 1/n (0.02 to 0.04 here), so losing a single title or
date fails the gate. `--update` writes today's numbers minus the tolerance, raising or lowering each floor: a
lowered floor is its own commit, with the reason. The file also pins a hash of the fixtures: rebuilt fixtures
measure something else, and need `--update` in the same commit. `tests/test_eval_gate.py` runs the gate under
pytest, and shows that it fails on a deliberately broken parse.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # as a script: the working tree's copydesk and bench/, and no test folder shadowing names
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "tests"]
    sys.path[:0] = [str(REPO / "src"), str(REPO)]

import copydesk  # noqa: E402
from bench.datasets import (  # noqa: E402
    NEWSROOM_FIELDS,
    Fields,
    article_fields,
    author_hit,
    date_hit,
    mean,
    newsroom_scores,
    title_hit,
    word_f1,
)

FIXTURES = REPO / "tests" / "fixtures" / "gate"
FLOORS = REPO / "tests" / "eval_floors.json"
TOLERANCE = 0.01
SETS = ("wcxb", "fundus")
INPUTS = ("html", "text")


def fixtures_sha256() -> str:
    """A hash of every fixture file's path and bytes, in path order."""
    h = hashlib.sha256()
    for path in sorted(p for p in FIXTURES.rglob("*") if p.is_file()):
        h.update(path.relative_to(FIXTURES).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def load(name: str) -> list[dict]:
    """One fixture set's truths, in id order."""
    with open(FIXTURES / name / "pages.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def parse(name: str, truth: dict, kind: str):
    """The Article for one fixture page read as HTML or as its text capture, through `copydesk.parse`."""
    if kind == "html":
        html = gzip.decompress((FIXTURES / name / "html" / f"{truth['id']}.html.gz").read_bytes())
        return copydesk.parse(copydesk.Capture(data=html, kind="html", url=truth.get("url")), nlp=False)
    text = gzip.decompress((FIXTURES / name / "text" / f"{truth['id']}.txt.gz").read_bytes()).decode("utf-8")
    return copydesk.parse(text, kind="text", nlp=False)


def wcxb_scores(got: Fields, truth: dict) -> dict[str, float]:
    """A WCXB page's body F1 and its title, author and date hits (a field the truth lacks is left out)."""
    s = {"body": word_f1(got.body, truth["main_content"]), "title": float(title_hit(got.title, truth))}
    for field, hit in (("author", author_hit(got.authors, truth)), ("date", date_hit(got.date, truth))):
        if hit is not None:
            s[field] = float(hit)
    return s


def measure() -> dict[str, dict]:
    """Every metric of the gate, as {"name": {"value": mean, "n": pages}}."""
    out: dict[str, dict] = {}
    for name in SETS:
        truths = load(name)
        for kind in INPUTS:
            per_page = []
            for truth in truths:
                got = article_fields(parse(name, truth, kind))
                per_page.append(
                    wcxb_scores(got, truth) if name == "wcxb" else newsroom_scores(got, truth, NEWSROOM_FIELDS)
                )
            for field in dict.fromkeys(f for s in per_page for f in s):
                vals = [s[field] for s in per_page if field in s]
                out[f"{name}/{kind}/{field}"] = {"value": mean(vals), "n": len(vals)}
    return out


def below_floors(measured: dict[str, dict], floors: dict) -> list[str]:
    """One line for each metric under its floor (with its value and floor), measured with no floor, or with a floor
    and no longer measured; empty when the gate passes."""
    failures = []
    if floors.get("fixtures_sha256") != fixtures_sha256():
        failures.append(
            "tests/fixtures/gate changed since the floors were written: rerun `tests/eval_gate.py --update`"
        )
    for metric, floor in floors["floors"].items():
        if metric not in measured:
            failures.append(f"{metric}: has a floor ({floor:.4f}) but was not measured")
        elif measured[metric]["value"] < floor:
            failures.append(
                f"{metric}: {measured[metric]['value']:.4f} is below its floor {floor:.4f} (n={measured[metric]['n']})"
            )
    failures += [
        f"{m}: measured ({v['value']:.4f}) but has no floor" for m, v in measured.items() if m not in floors["floors"]
    ]
    return failures


def read_floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))


def new_floors(measured: dict[str, dict]) -> dict:
    """The floors file for today's numbers: each floor the value minus the tolerance, rounded down to 4 places."""
    return {
        "about": "Floors of the evaluation gate, tests/eval_gate.py (which says what each metric is): each is the "
        "value measured when the file was written minus the tolerance. Rewritten by "
        "`tests/eval_gate.py --update`; a lowered floor is its own commit, with the reason.",
        "tolerance": TOLERANCE,
        "fixtures_sha256": fixtures_sha256(),
        "floors": {m: math.floor((v["value"] - TOLERANCE) * 1e4) / 1e4 for m, v in measured.items()},
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help=f"rewrite {FLOORS.name} from today's numbers")
    args = ap.parse_args(argv)
    measured = measure()
    old = read_floors() if FLOORS.exists() else {"floors": {}}
    print(f"{'metric':<24} {'n':>3} {'today':>7} {'floor':>7}")
    for m, v in measured.items():
        floor = old["floors"].get(m)
        print(f"{m:<24} {v['n']:>3} {v['value']:>7.4f} " + (f"{floor:>7.4f}" if floor is not None else "      —"))
    if args.update:
        floors = new_floors(measured)
        FLOORS.write_text(json.dumps(floors, indent=1) + "\n", encoding="utf-8")
        lowered = [m for m, f in floors["floors"].items() if m in old["floors"] and f < old["floors"][m]]
        print(f"wrote {FLOORS.relative_to(REPO)}" + (f"; lowered: {', '.join(lowered)}" if lowered else ""))
        return 0
    failures = below_floors(measured, old)
    print("\n".join(failures) if failures else "every metric at or above its floor")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
