"""Structure recovery runs compiled (setup.py): every module of it, from its current source; a stale build warns."""

from __future__ import annotations

import importlib
import os
import time
import warnings
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import copydesk.structure
from copydesk.errors import CompiledModuleStale
from copydesk.structure import REBUILD, warn_if_stale
from copydesk.structure._compiled import compiled_sources, stale

STRUCTURE = Path(copydesk.structure.__file__).parent


@pytest.mark.parametrize("source", compiled_sources(STRUCTURE), ids=lambda p: p.name)
def test_compiled_structure_module_is_built_from_its_current_source(source):
    module = importlib.import_module(f"copydesk.structure.{source.stem}")
    built = Path(module.__file__)
    assert built.name.endswith(tuple(EXTENSION_SUFFIXES)), f"{source.name} runs uncompiled: rebuild with {REBUILD}"
    changed = stale(STRUCTURE).get(source.stem)
    assert not changed, f"{', '.join(changed)} changed after {source.name} was compiled: rebuild with {REBUILD}"


def test_compiled_sources_are_the_rule_modules_and_lines():
    names = [p.name for p in compiled_sources(STRUCTURE)]
    assert names[-1] == "_lines.pyx" and "recover.py" in names
    assert "__init__.py" not in names and "_compiled.py" not in names  # (setup.py runs the latter before a build)


def _checkout(root: Path, *, setup: bool = True) -> Path:
    """A checkout's structure folder holding two built modules, recover with its .pxd; every build newer."""
    directory = root / "src" / "copydesk" / "structure"
    directory.mkdir(parents=True)
    if setup:
        (root / "setup.py").touch()
    for name in ("byline.py", "recover.py", "recover.pxd"):
        _age(directory / name, 60)
    for stem in ("byline", "recover"):
        _age(directory / f"{stem}{EXTENSION_SUFFIXES[0]}", 30)
    return directory


def _age(path: Path, seconds: float) -> None:
    path.touch()
    then = time.time() - seconds
    os.utime(path, (then, then))


def _silent(directory: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_if_stale(directory)


def test_compiled_stale_build_warns(tmp_path):
    directory = _checkout(tmp_path)
    _silent(directory)
    _age(directory / "byline.py", 0)
    with pytest.warns(CompiledModuleStale) as caught:
        warn_if_stale(directory)
    assert [str(w.message) for w in caught] == [
        "copydesk.structure.byline runs a build older than byline.py: "
        "rebuild with `.venv/bin/python -m pip install --no-deps -e .`"
    ]


def test_compiled_stale_declarations_warn(tmp_path):
    directory = _checkout(tmp_path)
    _age(directory / "recover.pxd", 0)
    with pytest.warns(CompiledModuleStale, match=r"copydesk\.structure\.recover runs a build older than recover\.pxd"):
        warn_if_stale(directory)


def test_compiled_pure_python_and_installed_copies_are_silent(tmp_path):
    directory = _checkout(tmp_path / "pure")
    for built in directory.glob(f"*{EXTENSION_SUFFIXES[0]}"):
        built.unlink()
    _age(directory / "byline.py", 0)
    _silent(directory)  # no build: the source is what runs
    directory = _checkout(tmp_path / "installed", setup=False)
    _age(directory / "byline.py", 0)
    _silent(directory)  # an install writes a module's source after its build
