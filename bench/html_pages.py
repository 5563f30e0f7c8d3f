"""Article extraction from HTML pages: copydesk vs trafilatura, newspaper4k, readability-lxml, resiliparse, jusText.

    .venv/bin/python bench/html.py [--limit N] [--json PATH] [--repeat R] [--worst K]

On the HTML pages of wcxb-dev-articles each system returns a body text and,
where it gives them, a title, authors and a publication date:

- copydesk      `copydesk.parse(Capture(html, kind="html", url=url), nlp=False)`;
- trafilatura   `bare_extraction(html, url=url, include_comments=False, with_metadata=True)`
                (body = its `text`; its metadata pass includes htmldate);
- newspaper4k   `Article(url, config)`, `download(input_html=...)`, `parse()`, no images, no memo;
- readability   readability-lxml `Document(html).summary()` as text (block elements on their own lines),
                title = `short_title()`;
- resiliparse   `extract_plain_text(HTMLTree.parse_from_bytes(html), main_content=True)`;
- jusText       the non-boilerplate paragraphs of `justext(html, get_stoplist("English"))`.

Quality: word-F1 of the body against `main_content` (per page, averaged) on
all pages and on held-out pages (`is_holdout`: copydesk's line model is
trained on the others, so only the held-out column is an honest estimate for
copydesk); `with` / `without` snippet rates; title, author and date accuracy
over the pages whose truth has that field, for systems that return it.
Normalisation: title: casefold, every run of punctuation and whitespace folded
to one space, exact match; author: the truth's names (split at , ; & "and")
and the system's names normalised alike, a page counts when any system name
equals any truth name; date: the system's date as YYYY-MM-DD equals the truth
(a truth of YYYY-MM compares the month). A system that returns nothing for a
page scores 0 there.

Speed: documents/s on one core (the process pinned to one CPU), timing only
the system call over pages already in memory, after one untimed warm-up call;
with --repeat R a page's time is its fastest of R rounds.
Prints a Markdown table on stdout.
"""

from __future__ import annotations

import one_core  # noqa: F401  (first: one core, the working tree's copydesk on the path)

# isort: split

import argparse
import contextlib
import datetime
import json
import platform
import re
import sys
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from bench.datasets import author_hit, cpu_model, date_hit, load_pages, mean, snippet_rates, title_hit, word_f1
from bench.peers import iso_date, newspaper_parser, trafilatura_authors, trafilatura_doc

DATA_SET = "wcxb-dev-articles"
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "br",
    "dd",
    "dt",
    "section",
    "article",
    "figcaption",
    "table",
    "ul",
    "ol",
}


@dataclass
class Output:
    """What one system gave for one page (None: the system does not give that field)."""

    body: str = ""
    title: str | None = None
    authors: list[str] | None = None
    date: str | None = None


@dataclass
class Run:
    name: str
    outputs: list[Output] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    failures: int = 0
    gives: tuple[str, ...] = ()


def copydesk_system():
    """copydesk's HTML path, structure only."""
    import copydesk

    def run(html: bytes, url: str) -> Output:
        art = copydesk.parse(copydesk.Capture(data=html, kind="html", url=url), nlp=False)
        return Output(art.text, art.title, [b.name for b in art.bylines], art.published)

    return run, ("title", "author", "date")


def trafilatura_system():
    """trafilatura with metadata (title, author, date via htmldate), comments excluded."""

    def run(html: bytes, url: str) -> Output:
        doc = trafilatura_doc(html, url)
        if doc is None:
            return Output()
        return Output(doc.text or "", doc.title, trafilatura_authors(doc), iso_date(doc.date))

    return run, ("title", "author", "date")


def newspaper_system():
    """newspaper4k's parser on the given HTML (no download, no images, no memo)."""
    parse = newspaper_parser()

    def run(html: bytes, url: str) -> Output:
        art = parse(html, url)
        return Output(art.text or "", art.title, list(art.authors or []), iso_date(art.publish_date))

    return run, ("title", "author", "date")


def readability_system():
    """readability-lxml's summary as text; its short title."""
    import lxml.html
    from readability import Document

    def run(html: bytes, url: str) -> Output:
        doc = Document(html)
        summary = doc.summary(html_partial=True)
        tree = lxml.html.fromstring(summary) if summary.strip() else None
        if tree is None:
            return Output("", doc.short_title())
        for el in tree.iter():
            if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
                el.tail = "\n" + (el.tail or "")
        text = "\n".join(" ".join(line.split()) for line in tree.text_content().split("\n"))
        return Output(re.sub(r"\n{2,}", "\n", text).strip(), doc.short_title())

    return run, ("title",)


def resiliparse_system():
    """resiliparse's main-content plain text."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    def run(html: bytes, url: str) -> Output:
        return Output(extract_plain_text(HTMLTree.parse_from_bytes(html), main_content=True))

    return run, ()


def justext_system():
    """jusText's good paragraphs with the English stop list."""
    import justext

    stoplist = justext.get_stoplist("English")

    def run(html: bytes, url: str) -> Output:
        paragraphs = justext.justext(html, stoplist)
        return Output("\n".join(p.text for p in paragraphs if not p.is_boilerplate))

    return run, ()


SYSTEMS = [
    ("copydesk", copydesk_system),
    ("trafilatura", trafilatura_system),
    ("newspaper4k", newspaper_system),
    ("readability-lxml", readability_system),
    ("resiliparse", resiliparse_system),
    ("jusText", justext_system),
]


def run_system(name, make, pages, htmls, repeat: int) -> Run:
    """Warm up once untimed, then time every page; a failing call scores as an empty output."""
    fn, gives = make()
    url0 = pages[0].truth["url"]
    with contextlib.suppress(Exception):
        fn(htmls[0], url0)
    out = Run(name, gives=gives)
    clock = time.perf_counter
    for round_ in range(repeat):
        outputs, seconds, failures = [], [], 0
        for page, html in zip(pages, htmls):
            t0 = clock()
            try:
                o = fn(html, page.truth["url"])
            except Exception:  # noqa: BLE001  a peer's crash is its score, not the benchmark's end
                o, failures = Output(), failures + 1
            seconds.append(clock() - t0)
            outputs.append(o)
        if round_ == 0:
            out.outputs, out.seconds, out.failures = outputs, seconds, failures
        else:
            out.seconds = [min(a, b) for a, b in zip(out.seconds, seconds)]
    return out


def score(run: Run, pages) -> dict:
    """Quality and speed numbers of one system."""
    f1 = [word_f1(o.body, p.truth["main_content"]) for o, p in zip(run.outputs, pages)]
    rates = [snippet_rates(o.body, p.truth) for o, p in zip(run.outputs, pages)]
    hold = [i for i, p in enumerate(pages) if p.holdout]
    res = {
        "f1_all": mean(f1),
        "f1_holdout": mean(f1[i] for i in hold),
        "with_found": mean(r[0] for r in rates),
        "without_absent": mean(r[1] for r in rates),
        "docs_per_s": len(pages) / sum(run.seconds) if sum(run.seconds) else None,
        "failures": run.failures,
        "per_page_f1": {p.id: round(x, 4) for p, x in zip(pages, f1)},
    }
    if "title" in run.gives:
        res["title_acc"] = mean(title_hit(o.title, p.truth) for o, p in zip(run.outputs, pages))
    if "author" in run.gives:
        res["author_acc"] = mean(author_hit(o.authors, p.truth) for o, p in zip(run.outputs, pages))
    if "date" in run.gives:
        res["date_acc"] = mean(date_hit(o.date, p.truth) for o, p in zip(run.outputs, pages))
    return res


def markdown(results: dict, meta: dict) -> str:
    n, nh = meta["pages"], meta["holdout_pages"]
    lines = [
        f"### HTML pages: {meta['data_set']} ({meta['date']})",
        "",
        f"{n} pages ({nh} held out; {meta['with_author']} with an author, {meta['with_date']} with a date), "
        f"Python {meta['versions']['python']}, CPU: {meta['cpu']}, one core, one process; "
        + ", ".join(f"{k} {v}" for k, v in meta["versions"].items() if k != "python")
        + ".",
        "",
        f"| system | F1 all (n={n}) | F1 held-out (n={nh}) | `with` found | `without` absent | title | author | date "
        "| docs/s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def cell(r, key):
        return f"{r[key]:.3f}" if key in r else "—"

    for name, r in results.items():
        speed = f"{r['docs_per_s']:.1f}" if r["docs_per_s"] else "—"
        lines.append(
            f"| {name} | {r['f1_all']:.3f} | {r['f1_holdout']:.3f} | {r['with_found']:.3f} | {r['without_absent']:.3f} "
            f"| {cell(r, 'title_acc')} | {cell(r, 'author_acc')} | {cell(r, 'date_acc')} | {speed} |"
        )
    failed = {k: r["failures"] for k, r in results.items() if r["failures"]}
    lines += ["", f"- Calls that raised (scored as empty output): {failed or 'none'}."]
    return "\n".join(lines)


def versions(names) -> dict:
    dists = {
        "copydesk": "copydesk",
        "trafilatura": "trafilatura",
        "newspaper4k": "newspaper4k",
        "readability-lxml": "readability-lxml",
        "resiliparse": "resiliparse",
        "jusText": "jusText",
    }
    v = {"python": platform.python_version(), "lxml": version("lxml")}
    for name in names:
        try:
            v[name] = version(dists[name])
        except Exception:  # noqa: BLE001
            v[name] = "?"
    return v


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (by id), for a quick run")
    ap.add_argument("--json", type=Path, default=None, help="write the numbers (and per-page F1) here")
    ap.add_argument("--repeat", type=int, default=1, help="timing rounds; a page's time is its fastest (default 1)")
    ap.add_argument("--systems", default=",".join(n for n, _ in SYSTEMS), help="comma-separated subset to run")
    ap.add_argument("--worst", type=int, default=0, help="also list the K held-out pages where copydesk does worst")
    args = ap.parse_args(argv)
    pages = load_pages(DATA_SET)[: args.limit]
    htmls = [p.html for p in pages]  # read once, before any timing
    chosen = [s.strip() for s in args.systems.split(",")]
    results = {}
    for name, make in SYSTEMS:
        if name in chosen:
            print(f"running {name} on {len(pages)} pages ...", file=sys.stderr, flush=True)
            results[name] = score(run_system(name, make, pages, htmls, args.repeat), pages)
    meta = {
        "data_set": DATA_SET,
        "date": datetime.date.today().isoformat(),
        "pages": len(pages),
        "holdout_pages": sum(p.holdout for p in pages),
        "with_author": sum(bool(p.truth.get("author")) for p in pages),
        "with_date": sum(bool(p.truth.get("published")) for p in pages),
        "cpu": cpu_model(),
        "versions": versions(results),
        "repeat": args.repeat,
        "limit": args.limit,
    }
    print(markdown(results, meta))
    if args.worst and "copydesk" in results:
        cd = results["copydesk"]["per_page_f1"]
        others = [n for n in ("trafilatura", "readability-lxml") if n in results]
        hold = sorted((cd[p.id], p.id) for p in pages if p.holdout)[: args.worst]
        print(f"\nWorst {len(hold)} held-out pages for copydesk:\n")
        print("| id | copydesk | " + " | ".join(others) + " |\n| --- | ---: |" + " ---: |" * len(others))
        for f, pid in hold:
            print(f"| {pid} | {f:.3f} | " + " | ".join(f"{results[o]['per_page_f1'][pid]:.3f}" for o in others) + " |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        clean = json.loads(json.dumps({"meta": meta, "results": results}).replace("NaN", "null"))
        args.json.write_text(json.dumps(clean, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
