"""Body extraction from Markdown captures: copydesk's Markdown reader vs the same pages' text captures vs datatrove C4.

    .venv/bin/python bench/markdown.py [--limit N] [--json PATH] [--worst K] [--no-c4] [--converter markdownify]

Each page of wcxb-dev-articles and fundus-other comes as a whole-page text
capture (`text/`) and as html2text Markdown of the same page (`text-md/`).
`--converter markdownify` reads instead the Markdown that markdownify makes of
the page's HTML here (scripts, styles and templates removed first, as for
`text-md/`; ATX headings; `--wrap` wraps it at 80 columns with "-" bullets):
the same rules measured on a second converter's Markdown.
Systems, each returning a body text per page:

- text            `copydesk.parse(text capture, kind="text", nlp=False).text`: the figure to match;
- md as text      `copydesk.parse(markdown, kind="text", nlp=False).text`: Markdown read as a plain capture;
- md              `copydesk.parse(markdown, kind="md", nlp=False).text`: the Markdown reader, as users call it
                  (block lines with their hints through structure recovery);
- md, no hints    the Markdown reader's block lines through structure recovery as a text capture's lines
                  (`StructureRecovery()(article, lines)` with no hints): what the hints add;
- md, alt lines   as md, with each picture's alt text a line of its own (tag img, FIGURE) rather than removed;
- C4 on md        datatrove's `C4QualityFilter()` (defaults, as in bench/text_captures.py) on the Markdown.

Quality: word-F1 of the body against `main_content`, per page, averaged, on
all pages and on the held-out ones (`Page.holdout`: sites and publishers the
line model never saw). Prints a Markdown table per data set on stdout.
"""

from __future__ import annotations

import one_core  # noqa: F401  (first: one core, the working tree's copydesk on the path)

# isort: split

import argparse
import datetime
import json
import sys
import time
from pathlib import Path

from bench.datasets import Page, load_pages, mean, word_f1
from bench.text_captures import c4_system

DATA_SETS = ("wcxb-dev-articles", "fundus-other")


def markdown_of(page: Page) -> str:
    """The page's html2text Markdown capture."""
    return (page.text_path.parent.parent / "text-md" / f"{page.id}.txt").read_text(encoding="utf-8")


def markdownify_of(page: Page, wrap: bool = False) -> str:
    """markdownify's Markdown of the page's HTML, its scripts, styles and templates removed first."""
    import lxml.html
    from markdownify import markdownify

    from copydesk.extract.html import decode_html

    root = lxml.html.fromstring(decode_html(page.html).text)
    for el in root.xpath("//script|//style|//noscript|//template"):
        el.drop_tree()
    html = lxml.html.tostring(root, encoding="unicode")
    if wrap:
        return markdownify(html, heading_style="ATX", wrap=True, wrap_width=80, bullets="-")
    return markdownify(html, heading_style="ATX")


def parse_system(kind: str):
    """copydesk.parse on a capture of the given kind, structure only."""
    import copydesk

    def run(capture: str) -> str:
        return copydesk.parse(capture, kind=kind, nlp=False).text

    return run


def unhinted_system():
    """The Markdown reader's lines through structure recovery with no hints, as a text capture's lines are."""
    from copydesk.extract.markdown import extract_markdown
    from copydesk.model import Article
    from copydesk.structure import StructureRecovery

    recovery = StructureRecovery()

    def run(capture: str) -> str:
        doc = extract_markdown(capture)
        return recovery(Article(id="md"), doc.lines, doc.title).text

    return run


def alt_lines_system():
    """As parse(kind="md"), with each picture's alt text a hinted line of its own."""
    from copydesk.extract.markdown import extract_markdown
    from copydesk.model import Article
    from copydesk.structure import StructureRecovery

    recovery = StructureRecovery()

    def run(capture: str) -> str:
        doc = extract_markdown(capture, alt_lines=True)
        return recovery(Article(id="md"), doc.lines, doc.title, doc.hints).text

    return run


def c4_body():
    """datatrove's C4 filter: the kept lines, or nothing for a dropped document."""
    run = c4_system()

    def body(capture: str) -> str:
        return run(capture)[0]

    return body


# (name, which capture it reads, its maker)
SYSTEMS = [
    ("text", "text", lambda: parse_system("text")),
    ("md as text", "md", lambda: parse_system("text")),
    ("md", "md", lambda: parse_system("md")),
    ("md, no hints", "md", unhinted_system),
    ("md, alt lines", "md", alt_lines_system),
    ("C4 on md", "md", c4_body),
]


def measure(pages: list[Page], systems, convert=markdown_of) -> dict:
    """Per system: F1 per page, means all / held-out, and seconds spent."""
    captures = {"text": [p.capture for p in pages], "md": [convert(p) for p in pages]}
    truth = [p.truth["main_content"] for p in pages]
    hold = [i for i, p in enumerate(pages) if p.holdout]
    out = {}
    for name, source, make in systems:
        print(f"  {name} ...", file=sys.stderr, flush=True)
        run = make()
        t0 = time.perf_counter()
        bodies = [run(c) for c in captures[source]]
        seconds = time.perf_counter() - t0
        f1 = [word_f1(b, t) for b, t in zip(bodies, truth)]
        out[name] = {
            "f1_all": mean(f1),
            "f1_holdout": mean(f1[i] for i in hold),
            "seconds": seconds,
            "per_page_f1": {p.id: round(x, 4) for p, x in zip(pages, f1)},
        }
    return out


def table(name: str, pages: list[Page], results: dict) -> str:
    n, nh = len(pages), sum(p.holdout for p in pages)
    lines = [
        f"#### {name}: {n} pages ({nh} held out)",
        "",
        f"| system | F1 all (n={n}) | F1 held-out (n={nh}) | s |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {s} | {r['f1_all']:.3f} | {r['f1_holdout']:.3f} | {r['seconds']:.1f} |" for s, r in results.items()]
    return "\n".join(lines)


def worst(pages: list[Page], results: dict, k: int, system: str = "md") -> str:
    """The k pages where the Markdown reader trails the same page's text capture most."""
    md, text = results[system]["per_page_f1"], results["text"]["per_page_f1"]
    gaps = sorted((md[p.id] - text[p.id], p.id, p.holdout) for p in pages)[:k]
    rows = [
        "",
        f"Pages where `{system}` trails `text` most:",
        "",
        "| id | held out | md F1 | text F1 |",
        "| --- | --- | ---: | ---: |",
    ]
    rows += [f"| {pid} | {'yes' if h else ''} | {md[pid]:.3f} | {text[pid]:.3f} |" for _, pid, h in gaps]
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (by id) of each data set")
    ap.add_argument("--json", type=Path, default=None, help="write the numbers (and per-page F1) to this JSON file")
    ap.add_argument("--worst", type=int, default=0, help="also list the K pages where md trails text most")
    ap.add_argument("--no-c4", action="store_true", help="skip datatrove's C4 filter (the slow one)")
    ap.add_argument("--only", default=None, help="comma-separated system names to run (text is always run)")
    ap.add_argument(
        "--converter",
        choices=("html2text", "markdownify"),
        default="html2text",
        help="whose Markdown: the stored html2text captures, or markdownify's of the HTML (made here)",
    )
    ap.add_argument("--wrap", action="store_true", help="with markdownify: wrap the Markdown at 80 columns")
    args = ap.parse_args(argv)
    convert = markdown_of if args.converter == "html2text" else lambda p: markdownify_of(p, args.wrap)
    systems = [s for s in SYSTEMS if not (args.no_c4 and s[0].startswith("C4"))]
    if args.only:
        keep = {"text", *args.only.split(",")}
        systems = [s for s in systems if s[0] in keep]
    doc = {"date": datetime.date.today().isoformat(), "converter": args.converter, "wrap": args.wrap, "data_sets": {}}
    for name in DATA_SETS:
        pages = load_pages(name)[: args.limit]
        print(f"{name}: {len(pages)} pages", file=sys.stderr, flush=True)
        results = measure(pages, systems, convert)
        print(table(f"{name}, {args.converter}{' wrapped' if args.wrap else ''}", pages, results))
        if args.worst:
            print(worst(pages, results, args.worst))
        print()
        doc["data_sets"][name] = results
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
