"""Every capture shape: body word-F1 on the same pages captured by four converters, copydesk vs datatrove's C4.

    .venv/bin/python bench/capture_shapes.py [--sets wcxb-dev-articles,fundus-other] [--limit N] [--json PATH]

The pages of `wcxb-dev-articles` (709, English, many sites) and `fundus-other` (169, 120 non-English
publishers) each come in four shapes (see their README.md):

- `text/`          html-text: one text block per line (what the line model was first built on);
- `text-wet/`      resiliparse's plain text, close to a Common Crawl WET record (bullets, alt texts);
- `text-wrapped/`  the text capture wrapped at 78 columns, a blank line between blocks (lynx -dump, mail);
- `text-md/`       html2text Markdown (`#` headings, `[text](url)` links, `![alt](src)` images).

Each file goes through the user's path as it is, `copydesk.parse(Path(file), nlp=False)`: the kind is
found from the content (every file is named `.txt`), nothing is told which converter made it. Scores:
word-F1 (lowercased `\\w+` bags) of `Article.text` against the truth's `main_content`, per page then
averaged, on all pages and on the held-out ones (`Page.holdout`: sites and publishers the line model was
not trained on); Δ text is the shape's held-out F1 minus the same pages' `text/` held-out F1. datatrove's
`C4QualityFilter()` (defaults) runs on the same files; a dropped document scores 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import load_pages, mean, word_f1  # noqa: E402

SETS = ("wcxb-dev-articles", "fundus-other")
SHAPES = ("text", "text-wet", "text-wrapped", "text-md")


def c4_body():
    """datatrove's C4 line filter: the kept lines, or nothing for a dropped document."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    c4 = C4QualityFilter()

    def body(text: str) -> str:
        doc = Document(text=text, id="capture")
        return doc.text if c4.filter(doc) is True else ""

    return body


def measure(set_name: str, limit: int | None) -> list[dict]:
    """One row per shape and system: F1 all and held out, kinds copydesk read the files as."""
    import copydesk

    pages = load_pages(set_name)[:limit] if limit else load_pages(set_name)
    held = [p.holdout for p in pages]
    c4 = c4_body()
    rows = []
    for shape in SHAPES:
        paths = [p.text_path.parent.parent / shape / p.text_path.name for p in pages]
        if not all(path.exists() for path in paths):
            continue
        truths = [p.truth.get("main_content") or "" for p in pages]
        arts = [copydesk.parse(path, nlp=False) for path in paths]
        kinds = sorted({a.source.kind for a in arts})
        for system, bodies in (
            ("copydesk", [a.text for a in arts]),
            ("datatrove C4", [c4(path.read_text(encoding="utf-8")) for path in paths]),
        ):
            f1 = [word_f1(b, t) for b, t in zip(bodies, truths)]
            rows.append(
                {
                    "set": set_name,
                    "shape": shape,
                    "system": system,
                    "pages": len(pages),
                    "held_out": sum(held),
                    "f1_all": mean(f1),
                    "f1_held_out": mean(f for f, h in zip(f1, held) if h),
                    "kinds": kinds if system == "copydesk" else None,
                }
            )
    return rows


def table(rows: list[dict]) -> str:
    base = {(r["set"], r["system"]): r["f1_held_out"] for r in rows if r["shape"] == "text"}
    out = [
        "| set | shape | system | F1 all | F1 held-out | Δ text (held-out) | read as |",
        "| --- | --- | --- | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        delta = r["f1_held_out"] - base[(r["set"], r["system"])]
        kinds = ", ".join(r["kinds"]) if r["kinds"] else ""
        out.append(
            f"| {r['set']} ({r['pages']}, {r['held_out']} held out) | {r['shape']} | {r['system']} "
            f"| {r['f1_all']:.3f} | {r['f1_held_out']:.3f} | {delta:+.3f} | {kinds} |"
        )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    ap.add_argument("--json", default=None, help="write every number here")
    args = ap.parse_args()
    rows = [r for name in args.sets.split(",") for r in measure(name, args.limit)]
    print(table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
