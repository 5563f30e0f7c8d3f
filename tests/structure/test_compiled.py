"""Structure recovery runs compiled (setup.py): every module of it, from its current source."""

from __future__ import annotations

import importlib
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import copydesk.structure

STRUCTURE = Path(copydesk.structure.__file__).parent
SOURCES = sorted(p for p in STRUCTURE.glob("*.py") if p.name != "__init__.py") + [STRUCTURE / "_lines.pyx"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_compiled_structure_module_is_built_from_its_current_source(source):
    module = importlib.import_module(f"copydesk.structure.{source.stem}")
    built = Path(module.__file__)
    assert built.name.endswith(tuple(EXTENSION_SUFFIXES)), f"{source.name} runs uncompiled: run bash scripts/setup.sh"
    for part in (source, source.with_suffix(".pxd")):  # (a .pxd holds a module's compiled declarations)
        if part.exists():
            assert built.stat().st_mtime >= part.stat().st_mtime, \
                f"{part.name} changed after {source.name} was compiled: run bash scripts/setup.sh to rebuild"
