"""Compile structure recovery, the per-line work of every capture (src/copydesk/structure/).

Its rule modules are plain Python, compiled by Cython as they are (recover.pxd adds the C struct of a
line's record); `_lines.pyx` is written for the compiler (character loops, the line model's arithmetic).
Everything else is in pyproject.toml. Needs a C compiler and the Python headers; Cython comes from
the build requirements. An edited module runs as compiled until the next install (`bash scripts/setup.sh`);
tests/structure/test_compiled.py says when that is due.
"""

import os
from pathlib import Path

from Cython.Build import cythonize
from setuptools import Extension, setup

STRUCTURE = Path("src/copydesk/structure")
SOURCES = sorted(p for p in STRUCTURE.glob("*.py") if p.name != "__init__.py") + [STRUCTURE / "_lines.pyx"]

setup(
    ext_modules=cythonize(
        # (-g0: no debug information, which would double the build time)
        [Extension(f"copydesk.structure.{p.stem}", [str(p)], extra_compile_args=["-g0"]) for p in SOURCES],
        compiler_directives={"language_level": 3},
        nthreads=os.cpu_count() or 1,
        quiet=True,
    ),
    options={"build_ext": {"parallel": os.cpu_count() or 1}},
)
