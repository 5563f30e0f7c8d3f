"""Sources: read documents from paths, stdin, JSON Lines, WARC and WET files into Captures."""

from .decode import Decoded, decode
from .files import DEFAULT_MAX_BYTES, KINDS, captures, count_documents, expand, file_captures, kind_of, read_bytes
from .jsonl import jsonl_captures

__all__ = [
    "DEFAULT_MAX_BYTES",
    "KINDS",
    "Decoded",
    "captures",
    "count_documents",
    "decode",
    "expand",
    "file_captures",
    "jsonl_captures",
    "kind_of",
    "read_bytes",
]
