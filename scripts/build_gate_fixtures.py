"""(Re)build the evaluation gate's fixed subset of the dev sets in tests/fixtures/gate/.

    .venv/bin/python scripts/build_gate_fixtures.py          # from ../shared/data (or COPYDESK_DATA)

The subset, chosen once: every 15th page of `wcxb-dev-articles` and every 5th page of `fundus-other`, by id,
starting with the first (48 WCXB pages from 48 sites, 34 Fundus pages from 34 publishers). For each set:
`html/<id>.html.gz` byte for byte as the data set holds it, `text/<id>.txt.gz` the whole-page text capture
gzipped (level 9, no name or time in the header, so a rebuild gives the same bytes), and `pages.jsonl` the
page's truth, one JSON object per line in id order, with only the fields the gate scores. The same data gives
the same files: a rebuild that changes a byte changes what the gate measures, and its floors must be rewritten
(`python tests/eval_gate.py --update`) in the same commit.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # for bench.datasets

from bench.datasets import DATA, load_pages  # noqa: E402

OUT = REPO / "tests" / "fixtures" / "gate"
# Data set folder, the fixture folder, every how many pages, and the truth fields kept.
SETS = (
    ("wcxb-dev-articles", "wcxb", 15, ("id", "url", "title", "author", "published", "main_content")),
    (
        "fundus-other",
        "fundus",
        5,
        ("id", "url", "title", "authors", "published", "dek", "headings", "images", "main_content"),
    ),
)


def build(name: str, folder: str, every: int, keep: tuple[str, ...]) -> int:
    """Write one set's subset; returns how many pages it holds."""
    pages = load_pages(name)[::every]
    root = OUT / folder
    if root.exists():
        shutil.rmtree(root)
    (root / "html").mkdir(parents=True)
    (root / "text").mkdir()
    with open(root / "pages.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for p in pages:
            truth = {k: p.truth[k] for k in keep if k in p.truth}
            if "images" in truth:
                truth["images"] = [{"caption": im.get("caption"), "credit": im.get("credit")} for im in truth["images"]]
            f.write(json.dumps(truth, ensure_ascii=False) + "\n")
            shutil.copyfile(p.html_path, root / "html" / p.html_path.name)
            (root / "text" / f"{p.id}.txt.gz").write_bytes(gzip.compress(p.text_path.read_bytes(), 9, mtime=0))
    return len(pages)


def main() -> int:
    if not (DATA / "wcxb-dev-articles").is_dir():
        sys.exit(f"development data not found at {DATA} (set COPYDESK_DATA)")
    for name, folder, every, keep in SETS:
        n = build(name, folder, every, keep)
        print(f"{OUT.relative_to(REPO) / folder}: {n} pages of {name} (every {every}th by id)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
