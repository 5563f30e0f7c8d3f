"""A hash of every Article's JSON on the dev pages: proof that a refactor changed no output.

    .venv/bin/python scripts/article_hashes.py --out /tmp/before.json      # before the change
    .venv/bin/python scripts/article_hashes.py --out /tmp/after.json --compare /tmp/before.json

Every page of every dev set in ../shared/data is parsed the user's way (`copydesk.parse`, no NLP): the
WCXB and Fundus pages as HTML and as each text capture shape (`text/`, `text-wet/`, `text-wrapped/`,
`text-md/`), the trafilatura-eval pages as HTML and text, the clean-dev bodies and the PolNeAR texts. The
first `--nlp N` pages of the PolNeAR texts and of the WCXB text captures (default 60 each) are parsed with
NLP too (entities, quotes), and the seed both ways. With `--compare`, the ids whose hash moved are listed
and the exit status is 1 when any did.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

import copydesk  # noqa: E402  (after the working tree's src is put first on the path)
from bench.datasets import DATA  # noqa: E402

SHAPES = ("text", "text-wet", "text-wrapped", "text-md")


def captures(nlp_pages: int) -> Iterator[tuple[str, bytes | str, str, bool]]:
    """(key, capture, kind, nlp) for every dev page and shape."""
    seed = (REPO.parent / "shared" / "seed" / "capture.txt").read_text(encoding="utf-8")
    yield "seed", seed, "text", False
    yield "seed+nlp", seed, "text", True
    for name in ("wcxb-dev-articles", "fundus-other", "trafilatura-eval"):
        root = DATA / name
        for shape in ("html", *SHAPES):
            folder = root / shape
            if not folder.is_dir():
                continue
            for i, path in enumerate(sorted(folder.iterdir())):
                key = f"{name}/{shape}/{path.name}"
                if shape == "html":
                    yield key, gzip.decompress(path.read_bytes()), "html", False
                    continue
                kind = "md" if shape == "text-md" else "text"
                text = path.read_text(encoding="utf-8")
                yield key, text, kind, False
                if name == "wcxb-dev-articles" and shape == "text" and i < nlp_pages:
                    yield key + "+nlp", text, kind, True
    for name in ("clean-dev", "polnear-dev"):
        for i, path in enumerate(sorted((DATA / name / "text").iterdir())):
            text = path.read_text(encoding="utf-8")
            yield f"{name}/{path.name}", text, "text", False
            if name == "polnear-dev" and i < nlp_pages:
                yield f"{name}/{path.name}+nlp", text, "text", True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="write {key: sha1 of the Article's JSON} here")
    ap.add_argument("--compare", type=Path, help="an earlier --out file: list the keys whose hash moved")
    ap.add_argument("--nlp", type=int, default=60, help="pages of PolNeAR and WCXB text also parsed with NLP")
    ap.add_argument(
        "--only",
        default="",
        help='only the keys that start with this ("fundus-other/html"); --compare then looks at those keys only',
    )
    args = ap.parse_args()
    hashes = {}
    for key, capture, kind, nlp in captures(args.nlp):
        if not key.startswith(args.only):
            continue
        article = copydesk.parse(capture, kind=kind, nlp=nlp)
        hashes[key] = hashlib.sha1(article.to_json().encode("utf-8")).hexdigest()
    args.out.write_text(json.dumps(hashes, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(hashes)} articles hashed into {args.out}")
    if not args.compare:
        return 0
    before = {k: v for k, v in json.loads(args.compare.read_text(encoding="utf-8")).items() if k.startswith(args.only)}
    moved = sorted(k for k in hashes.keys() | before.keys() if hashes.get(k) != before.get(k))
    for key in moved:
        print("moved:", key)
    print(f"{len(moved)} of {len(hashes)} moved")
    return 1 if moved else 0


if __name__ == "__main__":
    raise SystemExit(main())
