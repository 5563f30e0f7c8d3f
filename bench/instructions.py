"""Instructions per typical text capture, counted under valgrind rather than timed.

    .venv/bin/python bench/instructions.py [--captures N]

Timings on a shared machine move by tens of percent between runs; an
instruction count moves by well under one percent, so it is the number to
compare two versions of the code by. The script runs itself twice under
`valgrind --tool=callgrind` (Debian package `valgrind`): once parsing one
capture (the warm-up: imports, the line model), once parsing the same one and
then the first N captures of 100-300 lines of wcxb-dev-articles (`parse(capture,
kind="text", nlp=False)`, as in bench/text_captures.py). The difference,
divided by N, is what one capture costs. One BLAS thread and PYTHONHASHSEED=0
keep the count repeatable.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile

TYPICAL_LINES = (100, 300)  # as in bench/text_captures.py


def _inner(n: int) -> None:
    """Parse the warm-up capture, then (n > 0) the first n typical captures."""
    import one_core  # noqa: F401  (the working tree's copydesk on the path)

    import copydesk
    from bench.datasets import load_pages

    lo, hi = TYPICAL_LINES
    captures = [c for p in load_pages("wcxb-dev-articles") if lo <= len((c := p.capture).splitlines()) <= hi]
    copydesk.parse(captures[0], kind="text", nlp=False)
    for capture in captures[:n]:
        copydesk.parse(capture, kind="text", nlp=False)


def _count(n: int) -> int:
    """Instructions of one valgrind run of `_inner(n)`."""
    env = dict(os.environ, PYTHONHASHSEED="0", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={tmp}/out",
                sys.executable,
                __file__,
                "--inner",
                str(n),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        sys.exit(f"valgrind printed no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--captures", type=int, default=100, help="typical captures to parse (default 100)")
    ap.add_argument("--inner", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.inner is not None:
        _inner(args.inner)
        return 0
    empty, full = _count(0), _count(args.captures)
    print(
        f"{(full - empty) / args.captures / 1e6:.2f} M instructions per typical capture "
        f"({args.captures} captures of {TYPICAL_LINES[0]}-{TYPICAL_LINES[1]} lines, structure only)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
