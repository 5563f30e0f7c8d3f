"""Structure recovery: capture lines -> title, dek, bylines, date, captions, headings, body, removed lines."""

from ._lines import split_lines
from .recover import StructureRecovery

__all__ = ["StructureRecovery", "split_lines"]
