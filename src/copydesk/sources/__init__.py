"""Sources: read documents from paths, stdin and JSON Lines into Captures."""

from .decode import Decoded, decode
from .files import DEFAULT_MAX_BYTES, KINDS, captures, expand, jsonl_captures, kind_of, read_bytes

__all__ = ["DEFAULT_MAX_BYTES", "KINDS", "Decoded", "captures", "decode", "expand", "jsonl_captures", "kind_of", "read_bytes"]
