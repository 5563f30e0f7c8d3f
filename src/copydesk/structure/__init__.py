"""Structure recovery: capture lines -> title, dek, bylines, date, captions, headings, body, removed lines."""

from .recover import StructureRecovery, split_lines

__all__ = ["StructureRecovery", "split_lines"]
