"""Decoding captures in any encoding: clean decodes, recorded fallbacks, and clear refusals."""

from __future__ import annotations

import codecs

import pytest

from copydesk.errors import BinaryInput, EmptyInput
from copydesk.sources import decode

TEXT = "Café in São Paulo — “quoted” naïve Zürich\nsecond line"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
    ],
)
def test_decode_clean_encodings(data, encoding):
    out = decode(data)
    assert out.text == TEXT
    assert out.encoding == encoding
    assert out.fallback is None


def test_decode_utf16_without_bom_is_recognised_and_recorded():
    out = decode(TEXT.encode("utf-16-le"))
    assert out.text == TEXT
    assert "utf-16-le" in out.fallback


def test_decode_latin1_reads_as_windows_1252():
    data = "Caf\xe9 cr\xe8me \u2013 \u20ac5, na\xefve and d\xe9j\xe0 vu in the r\xe9sum\xe9".encode("cp1252")
    out = decode(data)
    assert out.text == data.decode("cp1252")
    assert out.fallback and "not UTF-8" in out.fallback


def test_decode_invalid_utf8_bytes_are_replaced_not_fatal():
    data = "Zürich and Genève ".encode() * 20 + b"\xff\xfe broken \xc3 end"
    out = decode(data)
    assert out.encoding == "utf-8"
    assert "Zürich" in out.text and "\ufffd" in out.text
    assert "replaced" in out.fallback


def test_decode_crlf_is_kept_for_line_splitting():
    assert decode(b"one\r\ntwo\r\n").text == "one\r\ntwo\r\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", ""])
def test_decode_empty_input_is_refused(data):
    with pytest.raises(EmptyInput):
        decode(data)


def test_decode_binary_input_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    with pytest.raises(BinaryInput) as err:
        decode(png)
    assert err.value.code == "E103"
