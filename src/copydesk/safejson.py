"""JSON from outside read safely: nesting bounded, and no string that a UTF-8 writer refuses.

Two things in valid JSON break a reader far from where they were read:

- nesting ~1,000 deep (6 KB of brackets) makes Python's decoder raise
  RecursionError, which is no ValueError and so escapes `except ValueError`;
  `loads` raises ValueError for it, as for any other text that is not JSON;
- the escape `\\ud800` gives a str holding a lone surrogate, which encoding as
  UTF-8 (a file, SQLite, PostgreSQL, a hash) refuses with UnicodeEncodeError;
  `loads` replaces each with U+FFFD, as `decode()` does for a capture's text.
"""

from __future__ import annotations

import json
import re
from typing import Any

LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # (what no UTF-8 writer takes; sources.decode replaces it too)
# How a lone surrogate gets into a str through JSON: an escape (raw surrogates are not valid UTF-8 bytes).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def loads(data: str | bytes, *, clean_surrogates: bool = True) -> Any:
    """The value a JSON text holds, every lone surrogate in its strings (keys too) replaced with U+FFFD unless
    `clean_surrogates` is False; ValueError for a text that is not JSON, or is nested too deep to read (past the
    interpreter's recursion limit)."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise ValueError("nested too deep to read") from None
    if not clean_surrogates:
        return value
    if isinstance(data, (bytes, bytearray)):
        escaped = b"\\u" in data and _SURROGATE_ESCAPE.search(data.decode("utf-8", "replace")) is not None
    else:
        escaped = _SURROGATE_ESCAPE.search(data) is not None or (
            not data.isascii() and LONE_SURROGATE.search(data) is not None
        )
    return _cleaned(value) if escaped else value


def clean(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD, so that it can be written as UTF-8."""
    return text if text.isascii() else LONE_SURROGATE.sub("\ufffd", text)


def _cleaned(root: Any) -> Any:
    """`root` with `clean` applied to every string in it, containers changed in place; iterative, so any depth."""
    if isinstance(root, str):
        return clean(root)
    stack = [root] if isinstance(root, (dict, list)) else []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in [k for k in node if not k.isascii()]:
                node[clean(key)] = node.pop(key)
            pairs = list(node.items())
        else:
            pairs = list(enumerate(node))
        for key, value in pairs:
            if isinstance(value, str):
                node[key] = clean(value)
            elif isinstance(value, (dict, list)):
                stack.append(value)
    return root
