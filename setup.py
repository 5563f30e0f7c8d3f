"""Build the one compiled module: the line model's arithmetic (src/copydesk/structure/_linemodel.pyx).

Everything else is in pyproject.toml. Needs a C compiler and the Python headers; Cython comes from
the build requirements.
"""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [Extension("copydesk.structure._linemodel", ["src/copydesk/structure/_linemodel.pyx"],
                   extra_compile_args=["-O3"])],
        quiet=True,
    ),
)
