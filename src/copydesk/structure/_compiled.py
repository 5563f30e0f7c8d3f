"""Which modules of structure recovery run compiled, and which of their builds are older than their sources.

Plain Python, never compiled itself: setup.py runs this file by its path before anything is built, to know what
to build, and importing `copydesk.structure` reads it to warn of a stale build (one listing of the folder and a
stat of each file concerned, as every import pays for it).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

HERE = Path(__file__).parent
NOT_COMPILED = ("__init__.py", "_compiled.py")


def _source_names(names: Iterable[str]) -> list[str]:
    return sorted(name for name in names if name.endswith(".py") and name not in NOT_COMPILED) + ["_lines.pyx"]


def compiled_sources(directory: Path = HERE) -> list[Path]:
    """The source of every compiled module: each rule module (compiled as it is written), then `_lines.pyx`."""
    return [directory / name for name in _source_names(os.listdir(directory))]


def stale(directory: Path = HERE) -> dict[str, list[str]]:
    """Each compiled module (by name) whose files changed after it was built, and those files: its source, its .pxd
    (compiled declarations). A module with no build (it runs as plain Python) is never stale."""
    with os.scandir(directory) as listing:
        entries = {entry.name: entry for entry in listing}
    found = {}
    for source in _source_names(entries):
        stem = source.rsplit(".", 1)[0]
        built = next((entries[name] for suffix in EXTENSION_SUFFIXES if (name := stem + suffix) in entries), None)
        if built is None:
            continue
        built_at = built.stat().st_mtime
        if changed := [
            name for name in (source, stem + ".pxd") if name in entries and entries[name].stat().st_mtime > built_at
        ]:
            found[stem] = changed
    return found
