"""Compile structure recovery, the per-line work of every capture (src/copydesk/structure/).

Its rule modules are plain Python, compiled by Cython as they are (recover.pxd adds the C struct of a
line's record); `_lines.pyx` is written for the compiler (character loops, the line model's arithmetic).
Which modules are compiled is said once, in `_compiled.py` (read here by its path: nothing is built yet).
Everything else is in pyproject.toml. Needs a C compiler and the Python headers; Cython comes from
the build requirements. An edited module runs as compiled until the next install (`bash scripts/setup.sh`);
importing copydesk.structure warns (and tests/structure/test_compiled.py fails) when that is due.
"""

import os
import runpy
from pathlib import Path

from Cython.Build import cythonize
from setuptools import Extension, setup

STRUCTURE = Path("src/copydesk/structure")
SOURCES = runpy.run_path(str(STRUCTURE / "_compiled.py"))["compiled_sources"](STRUCTURE)

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
