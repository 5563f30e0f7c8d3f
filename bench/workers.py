"""`copydesk parse --workers 2` against one process, as a user runs it: seconds, speed-up, same output.

    .venv/bin/python bench/workers.py [--repeat 3] [--workers 2] [--nlp]

Runs the `copydesk` command next to this interpreter, with src/ of this
working tree first on PYTHONPATH, over the wcxb-dev-articles folders in
`../shared/data` (override with COPYDESK_DATA): the 2,127 text captures
(text/, text-wet/, text-wrapped/) and the 709 HTML pages (html/), all
`--no-nlp`. Each run is timed from start to exit (worker start-up
included); one process and the pool alternate, `--repeat` times each, and
the table gives the median seconds and the CPU seconds of that run (the
command and its workers), then whether the two outputs are byte-identical.
The environment is left as the user's (no thread or core limits: the command
itself runs numpy's BLAS on one thread, in the parent as in the workers).

With `--nlp`, the same over the 709 text captures of text/ with NLP
(language, entities, quotes).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("COPYDESK_DATA", REPO.parent / "shared" / "data")) / "wcxb-dev-articles"
SETS = {
    "text captures (text, text-wet, text-wrapped)": ["text", "text-wet", "text-wrapped"],
    "HTML pages (html)": ["html"],
}
NLP_SETS = {"text captures (text), NLP": ["text"]}


def timed(args: list[str]) -> tuple[float, float]:
    """Run a command; its wall seconds and the CPU seconds it and its children used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    subprocess.run(args, check=True, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--nlp", action="store_true", help="the text captures with NLP instead")
    opts = ap.parse_args()
    nlp = [] if opts.nlp else ["--no-nlp"]
    copydesk = str(Path(sys.executable).with_name("copydesk"))
    rows = []
    load = _load()
    with tempfile.TemporaryDirectory() as tmp:
        for name, folders in (NLP_SETS if opts.nlp else SETS).items():
            paths = [str(DATA / f) for f in folders]
            docs = sum(1 for f in folders for p in (DATA / f).iterdir() if p.is_file())
            one, pool = Path(tmp, "one.jsonl"), Path(tmp, "pool.jsonl")
            runs: dict[str, list[tuple[float, float]]] = {"one": [], "pool": []}
            for _ in range(opts.repeat):
                runs["one"].append(timed([copydesk, "parse", *paths, *nlp, "-o", str(one)]))
                cmd = [copydesk, "parse", *paths, *nlp, "-o", str(pool), "--workers", str(opts.workers)]
                runs["pool"].append(timed(cmd))
            (s1, c1), (s2, c2) = (_median(runs[k]) for k in ("one", "pool"))
            same = filecmp.cmp(one, pool, shallow=False)
            rows.append(
                f"| {name} | {docs:,} | {s1:.1f} ({c1:.1f}) | {s2:.1f} ({c2:.1f}) | **{s1 / s2:.2f}x** | {same} |"
            )
    runs = f"median of {opts.repeat}; {os.cpu_count()} CPUs; load average {load} before, {_load()} after"
    print(f"`copydesk parse ...{' --no-nlp' if not opts.nlp else ''}`, {runs}\n")
    print(f"| inputs | docs | one process: s (CPU s) | --workers {opts.workers}: s (CPU s) | speed-up | identical |")
    print("|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The run with the median wall time."""
    return sorted(runs)[len(runs) // 2]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
