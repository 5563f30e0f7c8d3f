"""Newsroom fields on fundus-other: copydesk vs trafilatura and newspaper4k (HTML), vs the capture and C4 (text).

    .venv/bin/python bench/newsroom.py [--inputs html,text] [--systems NAMES] [--limit N] [--json PATH] [--worst K]
                                       [--dump PATH]

Issue 8's benchmark. On the 169 non-English pages of `fundus-other`, each
system is run on the page's HTML and/or its whole-page text capture:

HTML
- copydesk      `copydesk.parse(Capture(html, kind="html", url=url), nlp=False)`: every field;
- trafilatura   `bare_extraction(html, url=url, include_comments=False, with_metadata=True)`: title, author
                split on ";", date, description as dek, text as body, the text of its `<head>` elements as headings;
- newspaper4k   `Article(url, config)` (no images, no memo), `download(input_html=...)`, `parse()`: title,
                authors, publish_date, meta_description as dek, text as body.
Text captures
- floor         the capture unchanged (body only);
- datatrove C4  `C4QualityFilter()` defaults (body only; a dropped document has an empty body);
- copydesk      `copydesk.parse(capture, kind="text", nlp=False)`: every field.

Metrics, each averaged over the pages whose truth has the field (a system that
gives the field but returns nothing for a page scores 0 there; "—": the system
does not give that field):
- title: casefold, every run of punctuation/whitespace folded to one space, exact match;
- authors: set-F1 per page of the names, normalised like titles with a leading "by" dropped;
- date: YYYY-MM-DD equal to the truth's `published`;
- dek: word-F1 (lowercased `\\w+` bags) against the truth's `dek`;
- headings: set-F1 per page of the normalised heading strings;
- body: word-F1 against `main_content`;
- caption: word-F1 of the page's distinct captions taken as one bag of words;
- credit: share of the page's distinct truth credits (each image's `credit`) equal to one of the system's,
  both normalised like titles with a leading "photo/image/credit/foto/bild" label (or its plural) dropped;
- docs/s: pages per second on one core, timing only the system call on data already in memory, after one
  untimed warm-up call.

Groups: all pages, German (`de` among the page's declared languages), all
others, and the held-out pages (`Page.holdout`: by publisher): copydesk's line model was
trained on the fundus pages where `is_holdout` is False, so the held-out table
is the honest estimate for copydesk's body (and everything built on it).
Prints Markdown tables on stdout.
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

from bench.datasets import (
    NEWSROOM_FIELDS,
    Fields,
    article_fields,
    distinct,
    load_pages,
    mean,
    newsroom_scores,
    package_versions,
)
from bench.peers import iso_date, newspaper_parser, trafilatura_authors, trafilatura_doc

DATA_SET = "fundus-other"


@dataclass
class Run:
    name: str
    gives: tuple[str, ...]
    outputs: list[Fields] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    failures: int = 0


# --- systems on HTML -------------------------------------------------------------------------------------------------


def copydesk_html():
    """copydesk's HTML path, structure only."""
    import copydesk

    def run(html: bytes, url: str) -> Fields:
        art = copydesk.parse(copydesk.Capture(data=html, kind="html", url=url), nlp=False)
        return article_fields(art)

    return run, NEWSROOM_FIELDS


def trafilatura_html():
    """trafilatura with metadata; description as dek, its <head> elements as headings."""

    def run(html: bytes, url: str) -> Fields:
        doc = trafilatura_doc(html, url)
        if doc is None:
            return Fields(authors=[], headings=[])
        authors = trafilatura_authors(doc)
        heads = []
        if doc.body is not None:
            heads = [" ".join("".join(h.itertext()).split()) for h in doc.body.iter("head")]
        return Fields(doc.text or "", doc.title, authors, iso_date(doc.date), doc.description, [h for h in heads if h])

    return run, ("title", "authors", "date", "dek", "headings", "body")


def newspaper_html():
    """newspaper4k's parser on the given HTML (no download, no images, no memo)."""
    parse = newspaper_parser()

    def run(html: bytes, url: str) -> Fields:
        art = parse(html, url)
        return Fields(
            art.text or "", art.title, list(art.authors or []), iso_date(art.publish_date), art.meta_description or None
        )

    return run, ("title", "authors", "date", "dek", "body")


# --- systems on text captures ----------------------------------------------------------------------------------------


def floor_text():
    """The capture itself."""
    return (lambda capture, url: Fields(capture)), ("body",)


def c4_text():
    """datatrove's C4 line filter; a dropped document has an empty body."""
    try:
        import regex  # noqa: F401  (datatrove needs both for C4 but does not install them)
        import spacy  # noqa: F401
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter
    except ImportError as e:
        sys.exit(f"datatrove C4 needs: pip install 'datatrove==0.10.1' regex 'spacy>=3.8,<3.9' ({e})")
    c4 = C4QualityFilter()

    def run(capture: str, url: str) -> Fields:
        doc = Document(text=capture, id="capture")
        return Fields(doc.text if c4.filter(doc) is True else "")

    return run, ("body",)


def copydesk_text():
    """copydesk's text path, structure only."""
    import copydesk

    def run(capture: str, url: str) -> Fields:
        return article_fields(copydesk.parse(capture, kind="text", nlp=False))

    return run, NEWSROOM_FIELDS


SYSTEMS = {
    "html": [("copydesk", copydesk_html), ("trafilatura", trafilatura_html), ("newspaper4k", newspaper_html)],
    "text": [("floor", floor_text), ("datatrove C4", c4_text), ("copydesk", copydesk_text)],
}


def run_system(name: str, make, inputs: list, urls: list[str]) -> Run:
    """Warm up once untimed, then time every page; a call that raises scores as an empty output."""
    fn, gives = make()
    with contextlib.suppress(Exception):
        fn(inputs[0], urls[0])
    out = Run(name, gives)
    clock = time.perf_counter
    for data, url in zip(inputs, urls):
        t0 = clock()
        try:
            got = fn(data, url)
        except Exception:  # noqa: BLE001  a crash is an empty answer, counted
            got, out.failures = Fields(), out.failures + 1
        out.seconds.append(clock() - t0)
        out.outputs.append(got)
    return out


def groups(pages) -> dict[str, list[int]]:
    """Page indexes of each reported group."""
    german = [i for i, p in enumerate(pages) if "de" in p.truth.get("declared_languages", [])]
    gset = set(german)
    return {
        "all": list(range(len(pages))),
        "German": german,
        "others": [i for i in range(len(pages)) if i not in gset],
        "held-out": [i for i, p in enumerate(pages) if p.holdout],
    }


def table(title: str, runs: list[Run], scores: dict[str, list[dict]], idx: list[int], pages) -> str:
    """One Markdown table: systems as rows, the fields (with their page counts) as columns."""
    counts = {
        f: sum(1 for i in idx if f in newsroom_scores(Fields(), pages[i].truth, NEWSROOM_FIELDS))
        for f in NEWSROOM_FIELDS
    }
    head = [f"{f} (n={counts[f]})" for f in NEWSROOM_FIELDS]
    rows = [
        f"#### {title}",
        "",
        "| system | " + " | ".join(head) + " | docs/s |",
        "| --- |" + " ---: |" * (len(NEWSROOM_FIELDS) + 1),
    ]
    for run in runs:
        cells = []
        for f in NEWSROOM_FIELDS:
            vals = [scores[run.name][i][f] for i in idx if f in scores[run.name][i]]
            cells.append(f"{mean(vals):.3f}" if vals else "—")
        secs = sum(run.seconds[i] for i in idx)
        speed = f"{len(idx) / secs:.1f}" if secs > 0 and run.name != "floor" else "—"  # floor is the identity
        rows.append(f"| {run.name} | " + " | ".join(cells) + f" | {speed} |")
    return "\n".join(rows)


def worst(run: Run, scores: list[dict], pages, field_: str, k: int) -> str:
    """The k pages where a system scores lowest on one field, with what it gave."""
    ranked = sorted((s[field_], i) for i, s in enumerate(scores) if field_ in s)[:k]
    lines = [f"worst {field_} ({run.name}):"]
    for score, i in ranked:
        got = run.outputs[i]
        value = {
            "title": got.title,
            "authors": got.authors,
            "date": got.date,
            "dek": got.dek,
            "headings": got.headings,
            "caption": got.captions,
            "credit": got.credits,
            "body": got.body[:200],
        }[field_]
        want = {
            "title": "title",
            "authors": "authors",
            "date": "published",
            "dek": "dek",
            "headings": "headings",
            "body": "main_content",
        }.get(field_)
        truth = (
            pages[i].truth.get(want)
            if want
            else [(im.get("caption"), im.get("credit")) for im in pages[i].truth["images"]]
        )
        lines.append(f"  {score:.2f} {pages[i].id}\n      got  {str(value)[:300]}\n      want {str(truth)[:300]}")
    return "\n".join(lines)


def dump(runs: list[Run], scores: dict[str, list[dict]], pages, path: Path) -> None:
    """copydesk's fields beside the truth's, one JSON object per page, to read a page's misses field by field."""
    run = next((r for r in runs if r.name == "copydesk"), None)
    if run is None:
        return
    with path.open("w") as f:
        for i, p in enumerate(pages):
            got, t = run.outputs[i], p.truth
            images = t.get("images") or []
            row = {
                "id": p.id,
                "holdout": p.holdout,
                "scores": scores[run.name][i],
                "title": [t.get("title"), got.title],
                "authors": [t.get("authors"), got.authors],
                "date": [t.get("published"), got.date],
                "dek": [t.get("dek"), got.dek],
                "headings": [t.get("headings"), got.headings],
                "captions": [distinct(im.get("caption") for im in images), distinct(got.captions or [])],
                "credits": [distinct(im.get("credit") for im in images), distinct(got.credits or [])],
                "body": [(t.get("main_content") or "")[:300], got.body[:300]],
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv=None) -> int:
    """Run the systems, print one table per input and group."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inputs", default="html,text", help="comma-separated: html, text")
    ap.add_argument("--systems", default=None, help="comma-separated system names (default: all)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--json", default=None, help="write every number and per-page scores here")
    ap.add_argument("--worst", type=int, default=0, help="show copydesk's K worst pages per field")
    ap.add_argument(
        "--dump", default=None, help="write copydesk's fields next to the truth's, per page, as JSON Lines here"
    )
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")  # peers' date parsers warn on every page; the tables are the output
    pages = load_pages(DATA_SET)[: args.limit]
    urls = [p.truth["url"] for p in pages]
    wanted = set(args.systems.split(",")) if args.systems else None
    result: dict = {
        "data_set": DATA_SET,
        "pages": len(pages),
        "versions": package_versions("copydesk", "trafilatura", "newspaper4k", "datatrove", "lxml"),
        "date": datetime.date.today().isoformat(),
        "inputs": {},
    }
    out = [
        f"{len(pages)} pages of {DATA_SET}; Python {platform.python_version()}, one core; "
        + ", ".join(f"{k} {v}" for k, v in result["versions"].items() if k != "python" and v)
    ]
    for kind in args.inputs.split(","):
        inputs = [p.html for p in pages] if kind == "html" else [p.capture for p in pages]
        runs = [
            run_system(name, make, inputs, urls) for name, make in SYSTEMS[kind] if wanted is None or name in wanted
        ]
        scores = {r.name: [newsroom_scores(o, p.truth, r.gives) for o, p in zip(r.outputs, pages)] for r in runs}
        label = "HTML" if kind == "html" else "text captures"
        for gname, idx in groups(pages).items():
            out += ["", table(f"{label}: {gname} ({len(idx)} pages)", runs, scores, idx, pages)]
        failed = {r.name: r.failures for r in runs if r.failures}
        if failed:
            out.append(f"\n- Calls that raised (scored as empty output): {failed}.")
        result["inputs"][kind] = {
            r.name: {
                "failures": r.failures,
                "seconds": sum(r.seconds),
                "per_page": {p.id: scores[r.name][i] for i, p in enumerate(pages)},
            }
            for r in runs
        }
        if args.dump:
            dump(runs, scores, pages, Path(args.dump).with_suffix(f".{kind}.jsonl"))
        if args.worst:
            for r in runs:
                if r.name == "copydesk":
                    for f in NEWSROOM_FIELDS:
                        print(worst(r, scores[r.name], pages, f, args.worst), file=sys.stderr)
    print("\n".join(out))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
