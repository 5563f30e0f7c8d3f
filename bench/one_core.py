"""Benchmark preamble: one core, and the working tree's copydesk. Import it first, before numpy or copydesk.

import one_core  # noqa: F401  (bench/ is on sys.path when a bench script runs)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# One core: no BLAS/OpenMP thread pools, and the process pinned to a single CPU.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

BENCH = Path(__file__).resolve().parent
# bench/ itself leaves the path (its modules must not shadow anything); the repository root (for
# `bench.datasets`) and src/ (to measure the working tree, not an installed copy) come first.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path[:0] = [str(BENCH.parent / "src"), str(BENCH.parent)]
