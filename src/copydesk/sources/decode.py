"""Bytes -> text for captures in any encoding, never raising on odd bytes.

Order of trust, as a browser would: a byte-order mark; valid UTF-8 (without
NUL bytes or a run of control bytes, which are valid UTF-8 but no text: ten
megabytes of NULs are binary data, E103); UTF-16 without a BOM (recognised by
its NUL pattern); mostly-UTF-8 with a few broken bytes (decoded with U+FFFD);
else a single-byte legacy text, read as
windows-1252 (what "latin-1" labels mean on the web) unless charset-normalizer
is confident of something else. Every fallback is reported so it can be
recorded in `Article.errors`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import BinaryInput, EmptyInput
from ..safejson import LONE_SURROGATE

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF = 65536  # bytes looked at to judge binary-ness and guess a charset
# C0 control bytes that never occur in text (tab, LF, VT, FF, CR, ESC are allowed).
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
MAX_CONTROL_SHARE = 0.02  # of the head: more control bytes than this (or any NUL) is binary data


@dataclass(slots=True)
class Decoded:
    """Text with the encoding used; `fallback` says why it is not a clean decode, or None."""

    text: str
    encoding: str
    fallback: str | None = None


def decode(data: bytes | str) -> Decoded:
    """Decode a capture's bytes; raise EmptyInput or BinaryInput when there is no text to read."""
    if isinstance(data, str):  # text already (a JSON Lines field): whatever characters it holds are its text
        return _checked(_text(data))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return _checked(Decoded(text, encoding, _replaced(text, encoding)))
    head = data[:_SNIFF]
    if not _looks_binary(head):  # NUL bytes are valid UTF-8, but no text has them: UTF-16 or binary, below
        try:
            return _checked(Decoded(data.decode("utf-8"), "utf-8"))
        except UnicodeDecodeError:
            pass
    utf16 = _utf16_without_bom(head)
    if utf16:
        text = data.decode(utf16, errors="replace")
        return _checked(Decoded(text, utf16, f"no byte-order mark; read as {utf16} from its NUL pattern"))
    if _looks_binary(head):
        raise BinaryInput(f"binary data, not text ({_control_share(head):.0%} control bytes)")
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    # Real UTF-8 with a few broken bytes still has valid multi-byte sequences.
    multibyte = sum(1 for ch in text[:_SNIFF] if ord(ch) > 127 and ch != "\ufffd")
    if multibyte and bad <= max(8, multibyte // 4):
        return _checked(Decoded(text, "utf-8", f"invalid UTF-8: {bad} byte sequence(s) replaced with U+FFFD"))
    encoding = _guess_legacy(head)
    text = data.decode(encoding, errors="replace")
    return _checked(Decoded(text, encoding, f"not UTF-8; decoded as {encoding}"))


def _text(data: str) -> Decoded:
    """Text given as a str; a lone surrogate (JSON's "\\ud800" escape makes one) replaced with U+FFFD, since no
    UTF-8 writer accepts it."""
    if data.isascii():
        return Decoded(data, "str")
    try:
        data.encode("utf-8")  # the common case, checked at C speed
    except UnicodeEncodeError:
        text, n = LONE_SURROGATE.subn("\ufffd", data)
        return Decoded(text, "str", f"{n} lone surrogate(s) replaced with U+FFFD")
    return Decoded(data, "str")


def _checked(decoded: Decoded) -> Decoded:
    if not decoded.text.strip():
        raise EmptyInput("no text: the document is empty or only whitespace")
    return decoded


def _replaced(text: str, encoding: str) -> str | None:
    bad = text.count("\ufffd")
    return f"invalid {encoding}: {bad} sequence(s) replaced with U+FFFD" if bad else None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text of mostly Latin script has a NUL in every other byte."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _control_share(head: bytes) -> float:
    # (one pass: deleting the control bytes and counting what went, not a count per byte value)
    return (len(head) - len(head.translate(None, CONTROL_BYTES))) / max(1, len(head))


def _looks_binary(head: bytes) -> bool:
    return b"\x00" in head or _control_share(head) > MAX_CONTROL_SHARE


def _guess_legacy(head: bytes) -> str:
    """windows-1252 unless charset-normalizer is confident of another single- or multi-byte charset."""
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    if best is None or best.encoding in ("ascii", "latin_1", "iso8859_1", "iso8859_15", "utf_8"):
        return "cp1252"
    return best.encoding
