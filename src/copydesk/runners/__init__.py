"""Runners drive the same pipeline over many documents: `local` (this machine, a process pool)."""

from .local import articles, parse_captures, run

__all__ = ["articles", "parse_captures", "run"]
