"""WARC and WET files -> Captures, streamed record by record with fastwarc.

- A WARC `response` record with a 2xx HTTP status and an HTML payload gives a
  Capture of kind "html": `data` is the HTTP body (headers stripped, transfer
  and content encodings undone, the latter within `max_bytes`), `charset` the HTTP Content-Type's charset.
- A WET `conversion` record gives a Capture of kind "wet": `data` is its text,
  which the pipeline reads exactly as a text capture.
- Every other record (warcinfo, request, metadata, revisit, non-HTML or non-2xx
  responses) is skipped: it is not a document.

Only one record is in memory at a time, and a record over `max_bytes` is
recorded with E102 without being read; so is an HTTP body that decodes to
more than `max_bytes` (a small gzip or brotli body can decode to gigabytes):
its Content-Encoding is undone here, and decoding stops at the limit. fastwarc does not report a file that
ends inside a record (it yields what is there), so each record's bytes are
counted against its Content-Length, and gzip is decompressed here to know
whether its last member is whole: a short record or member means the file
was cut, and it ends the file with one E101 Capture, as does broken gzip.
"""

from __future__ import annotations

import gzip
import io
import sys
import uuid
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, cast

import brotli  # fastwarc's own dependency
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from ..errors import CopydeskError, DocumentTooLarge, EmptyInput, UnreadableInput
from ..model import Capture, ErrorInfo
from .regular import open_file

HTML_TYPES = ("text/html", "application/xhtml+xml")
_RESPONSE, _CONVERSION = WarcRecordType.response, WarcRecordType.conversion


class _Cut(Exception):
    """The file ends inside a record."""


def warc_captures(path: str, kind: str = "warc", max_bytes: int = 64 * 1024 * 1024) -> Iterator[Capture]:
    """One Capture per HTML response (WARC) or conversion (WET) record of `path` (`-` is stdin), in file order.

    Never raises for a bad file: an unreadable, cut or corrupt file yields the
    records before the break and then one Capture whose `error` says why.
    """
    records = 0
    try:
        raw = sys.stdin.buffer if path == "-" else open_file(path)  # closed below
        owned = path != "-"
    except UnreadableInput as e:
        yield _failed(kind, path=path, err=e)
        return
    if not hasattr(raw, "peek"):  # a pipe or an in-memory stream: buffered, to look at the magic bytes
        raw = io.BufferedReader(raw)
    stream = _Gunzip(raw) if raw.peek(2)[:2] == b"\x1f\x8b" else raw
    try:
        # parse_http=False: HTTP headers are parsed per record below, after the size check.
        # (fastwarc reads any object with a read() method, as _Gunzip is)
        for record in ArchiveIterator(cast(BinaryIO, stream), record_types=WarcRecordType.any_type, parse_http=False):
            records += 1
            capture = _capture(record, path, max_bytes)
            if capture is not None:
                yield capture
        if isinstance(stream, _Gunzip) and stream.cut:
            raise _Cut("the last gzip member is incomplete")
    except _Cut as e:
        yield _failed(kind, path=path, err=UnreadableInput(f"{path}: cut off after {records} record(s) ({e})"))
    except (OSError, ValueError, zlib.error) as e:  # broken gzip, invalid WARC header
        yield _failed(kind, path=path, err=UnreadableInput(f"{path}: unreadable after {records} record(s) ({e})"))
    else:
        if records == 0:
            yield _failed(kind, path=path, err=EmptyInput(f"{path}: no WARC records"))
    finally:
        if owned:  # stdin stays open for whoever reads it next
            raw.close()


class _Gunzip:
    """Multi-member gzip as a readable stream that knows whether it ended cleanly.

    fastwarc decompresses by itself, but silently stops at an incomplete last
    gzip member, so a file cut between records would pass for a whole one.
    Output per call is bounded, so a gzip bomb cannot fill memory either.
    """

    CHUNK = 1 << 16

    def __init__(self, raw: BinaryIO):
        self._raw = raw
        self._z = zlib.decompressobj(wbits=31)
        self._out = bytearray()
        self._done = False
        self._pos = 0
        self.cut = False  # the input ended inside a gzip member

    def tell(self) -> int:
        """Decompressed bytes handed out so far (fastwarc asks for it)."""
        return self._pos

    def read(self, size: int = -1) -> bytes:
        """Up to `size` decompressed bytes, maybe fewer (b"" at the end); raises zlib.error on corrupt data."""
        want = self.CHUNK if size is None or size < 0 else size
        # Hand out what one member gives before reading on, so records before a corrupt member get through.
        while not self._out and not self._done:
            self._fill()
        data = bytes(self._out[:want])
        del self._out[:want]
        self._pos += len(data)
        return data

    def _fill(self) -> None:
        # eof first: at a member's end, unconsumed_tail may still hold (a copy of) the input after it, and
        # feeding that to the finished decompressor gets nothing, for ever. unused_data holds all of it.
        if self._z.eof:  # one member done: the next starts in its leftover input, or in the file
            src = self._z.unused_data or self._raw.read(self.CHUNK)
            self._z = zlib.decompressobj(wbits=31)
            if not src:
                self._done = True
                return
        elif self._z.unconsumed_tail:
            src = self._z.unconsumed_tail
        else:
            src = self._raw.read(self.CHUNK)
            if not src:
                self._done, self.cut = True, True
                return
        self._out += self._z.decompress(src, 4 * self.CHUNK)


def _capture(record: WarcRecord, path: str, max_bytes: int) -> Capture | None:
    """The record as a Capture, None for a record that is not a document; raise _Cut for a cut record."""
    declared = record.headers.get("Content-Length")
    if declared is None or not declared.strip().isdigit():
        raise _Cut("no Content-Length: the WARC headers are incomplete")
    rtype = record.record_type
    meta: dict[str, Any] = dict(
        path=path,
        url=record.headers.get("WARC-Target-URI"),
        record_id=record.headers.get("WARC-Record-ID"),
        fetched_at=record.headers.get("WARC-Date"),
    )
    if rtype == _CONVERSION:
        if record.content_length > max_bytes:
            _skip(record)
            return _failed(
                "wet",
                err=DocumentTooLarge(
                    f"{path}: record of {record.content_length:,} bytes is over the {max_bytes:,}-byte limit"
                ),
                **meta,
            )
        data = _read(record)
        return Capture(data=data, kind="wet", **meta)
    if rtype != _RESPONSE:
        _skip(record)
        return None
    # Chunked transfer encoding is undone as it is read; Content-Encoding (gzip, br) below, within max_bytes.
    record.parse_http(auto_decode="transfer")
    http = record.http_headers
    if http is None or http.status_code is None:
        _skip(record)  # raises _Cut when the HTTP headers were cut off
        return None
    if not 200 <= http.status_code < 300 or (record.http_content_type or "").lower() not in HTML_TYPES:
        _skip(record)
        return None
    if record.content_length > max_bytes:
        _skip(record)
        return _failed(
            "html",
            err=DocumentTooLarge(
                f"{path}: body of {record.content_length:,} bytes is over the {max_bytes:,}-byte limit"
            ),
            **meta,
        )
    body = undo_content_encoding(_read(record), http.get("Content-Encoding"), max_bytes)
    if body is None:
        return _failed(
            "html",
            err=DocumentTooLarge(
                f"{path}: body of {record.content_length:,} bytes decodes ({http.get('Content-Encoding')}) to over the "
                f"{max_bytes:,}-byte limit; decoding stopped there"
            ),
            **meta,
        )
    return Capture(data=body, kind="html", charset=record.http_charset, **meta)


def undo_content_encoding(body: bytes, encodings: str | None, max_bytes: int) -> bytes | None:
    """`body` with the HTTP Content-Encoding undone (gzip, deflate, br; several in the order applied), decoding
    at most `max_bytes`: None for a body that decodes to more. `identity` and unknown names are left as they are,
    and so is a body that does not decode (its bytes are what the page is: binary, as the decoder will find)."""
    for name in reversed([e.strip().lower() for e in (encodings or "").split(",")]):
        try:
            if name in ("gzip", "x-gzip", "deflate"):
                decoded = _inflate(body, name, max_bytes)
            elif name == "br":
                decoded = brotli.Decompressor().process(body, output_buffer_limit=max_bytes + 1)
            else:
                continue
        except (zlib.error, brotli.error):
            return body
        if len(decoded) > max_bytes:
            return None
        body = decoded
    return body


def _inflate(body: bytes, name: str, max_bytes: int) -> bytes:
    """gzip or zlib (told by their headers), or raw deflate, as servers send "deflate"; at most max_bytes + 1."""
    try:
        return zlib.decompressobj(47).decompress(body, max_bytes + 1)
    except zlib.error:
        if name != "deflate":
            raise
        return zlib.decompressobj(-15).decompress(body, max_bytes + 1)


def _read(record: WarcRecord) -> bytes:
    """The rest of the record's payload; raise _Cut when the file holds less than the record declares."""
    expected = record.content_length
    data = record.reader.read()
    # Decoded payloads (gzip, chunked) differ in length from the declared one, so only raw payloads are checked.
    if len(data) < expected and not _decoded(record):
        raise _Cut(f"{len(data):,} of {expected:,} bytes")
    return data


def _skip(record: WarcRecord) -> None:
    """Consume a record not read; raise _Cut when it is shorter than declared."""
    expected = record.content_length
    got = record.consume()
    if got < expected and not _decoded(record):
        raise _Cut(f"{got:,} of {expected:,} bytes")


def _decoded(record: WarcRecord) -> bool:
    http = record.http_headers if record.is_http_parsed else None
    if http is None:
        return False
    return bool(http.get("Content-Encoding") or http.get("Transfer-Encoding"))


def _failed(kind: str, *, err: CopydeskError, **meta) -> Capture:
    return Capture(data=b"", kind=kind, error=ErrorInfo.from_error(err), **meta)


def write_warc(
    out: BinaryIO,
    documents: Iterable[tuple[str, bytes] | tuple[str, bytes, str]],
    *,
    wet: bool = False,
    compress: bool = True,
    charset: str | None = "utf-8",
    date: str = "2026-01-01T00:00:00Z",
) -> int:
    """Write `(url, payload)` pairs as a WARC of HTML responses (or, with `wet`, a WET of conversions); return the
    count.
    A third item, `(url, payload, "gzip")`, is the HTTP Content-Encoding the payload is sent with (already encoded).

    For test fixtures and benchmarks: a warcinfo record first, one gzip member
    per record as Common Crawl writes them, record ids derived from url and
    position so the same input gives the same bytes.
    """
    info = b"software: copydesk\r\nformat: WARC File Format 1.1\r\n"
    out.write(
        _record(
            WarcRecordType.warcinfo,
            "uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "warcinfo")),
            None,
            info,
            "application/warc-fields",
            date,
            compress,
        )
    )
    n = 0
    for n, (url, payload, *encoding) in enumerate(documents, 1):
        rid = "uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{n}:{url}"))
        if wet:
            out.write(_record(_CONVERSION, rid, url, payload, "text/plain", date, compress))
        else:
            ctype = b"text/html" + (b"; charset=" + charset.encode() if charset else b"")
            coding = b"Content-Encoding: %s\r\n" % encoding[0].encode() if encoding else b""
            http = b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\n%sContent-Length: %d\r\n\r\n" % (
                ctype,
                coding,
                len(payload),
            )
            out.write(
                _record(_RESPONSE, rid, url, http + payload, "application/http; msgtype=response", date, compress)
            )
    return n


def _record(rtype, rid: str, url: str | None, block: bytes, ctype: str, date: str, compress: bool) -> bytes:
    record = WarcRecord()
    record.init_headers(record_type=rtype, record_urn=rid.encode())
    record.headers["WARC-Date"] = date
    if url is not None:
        record.headers["WARC-Target-URI"] = url
    record.headers["Content-Type"] = ctype
    record.set_bytes_content(block)
    buf = io.BytesIO()
    record.write(buf)
    # Level 6, as zlib (and Common Crawl) default to; 9 is several times slower for a few per cent.
    return gzip.compress(buf.getvalue(), compresslevel=6, mtime=0) if compress else buf.getvalue()
