"""Structure recovery: capture lines -> title, dek, bylines, date, captions, headings, body, removed lines."""

import warnings
from pathlib import Path

from ..errors import CompiledModuleStale
from ._compiled import stale

REBUILD = ".venv/bin/python -m pip install --no-deps -e ."


def warn_if_stale(directory: Path = Path(__file__).parent) -> None:
    """Warn (CompiledModuleStale) of each compiled module whose source changed after it was built. Only a source
    checkout is looked at (setup.py at its root): an installed package's files are as old as the install."""
    if not (directory.parents[2] / "setup.py").exists():
        return
    for module, changed in stale(directory).items():
        warnings.warn(
            f"copydesk.structure.{module} runs a build older than {', '.join(changed)}: rebuild with `{REBUILD}`",
            CompiledModuleStale,
            stacklevel=2,
        )


warn_if_stale()  # (before the modules are imported: a stale build may fail to import)

from ._lines import split_lines  # noqa: E402
from .recover import StructureRecovery  # noqa: E402

__all__ = ["StructureRecovery", "split_lines"]
