"""JSON Lines -> Captures, streamed record by record: a file of any size, gzipped or not, or stdin.

A file is read one line at a time, never whole, so memory holds one record
(at most `max_bytes`) whatever the file's size. `max_bytes` bounds each
record: a longer line is recorded with E102 and passed over in chunks,
never held. Gzip is decompressed as it is read (recognised by its magic
bytes, as `read_bytes` does), so a gzip bomb is bounded per record too.

Each record's Capture has the path `file:line` (1-based; `\\n`, `\\r\\n` and
a lone `\\r` each end a line, as `bytes.splitlines` counts them); blank lines
give nothing. A line that is not a JSON object gives E106 (see `records.py`),
and a file that cannot be opened, or whose gzip is broken or cut short,
gives the records before the break and then one E101 Capture for the file.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterator
from typing import BinaryIO, cast

from ..errors import DocumentTooLarge, UnreadableInput
from ..model import Capture
from .records import failed, record_capture
from .regular import open_file

READ_BUFFER = 1 << 20  # bytes read from the file at a time: records of corpora run to tens of KB
PASS_OVER = 1 << 20  # bytes of an over-long line held at a time while it is passed over


def jsonl_file_captures(path: str, max_bytes: int, skip: int = 0) -> Iterator[Capture]:
    """One Capture per record of the JSON Lines file `path` (`-`: stdin), in order; the first `skip` passed over
    without being decoded. Never raises for a bad file."""
    try:
        raw = sys.stdin.buffer if path == "-" else open_file(path, buffering=READ_BUFFER)
    except UnreadableInput as e:
        yield failed(path, "jsonl", e)
        return
    try:
        yield from jsonl_captures(raw, path, max_bytes, skip)
    finally:
        if path != "-":  # stdin stays open for whoever reads it next
            raw.close()


def decompressed(raw: BinaryIO) -> BinaryIO:
    """`raw` as a buffered stream, gunzipped as it is read when it starts with gzip's magic bytes."""
    # A pipe or an in-memory stream is buffered, to look at the magic bytes.
    buffered = (
        cast(io.BufferedReader, raw)
        if hasattr(raw, "peek")
        else io.BufferedReader(cast(io.RawIOBase, raw), READ_BUFFER)
    )
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return cast(BinaryIO, gzip.GzipFile(fileobj=buffered, mode="rb"))
    return cast(BinaryIO, buffered)


def jsonl_captures(source: bytes | BinaryIO, path: str, max_bytes: int, skip: int = 0) -> Iterator[Capture]:
    """One Capture per non-blank line of `source` (JSON Lines bytes, or a binary stream of them, gzipped or not),
    in order, each at `path:line`; the first `skip` passed over undecoded. A stream that breaks (a broken or cut
    gzip) ends with one E101 Capture at `path`."""
    seen = 0  # records so far, those passed over included: an error says the same after a resume
    try:
        stream = decompressed(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source)
        for lineno, line in numbered_lines(stream, max_bytes):
            if line is not None and not line.strip():
                continue
            seen += 1
            if seen <= skip:
                continue
            where = f"{path}:{lineno}"
            if line is None:
                yield failed(where, "jsonl", DocumentTooLarge(f"{where}: record over the {max_bytes:,}-byte limit"))
            else:
                yield record_capture(line, where)
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        # EOFError: the gzip stream ends inside a member, i.e. the file was cut short.
        why = "cut off inside a gzip member" if isinstance(e, EOFError) else f"broken gzip ({e})"
        yield failed(path, "jsonl", UnreadableInput(f"{path}: {why}, after {seen} record(s)"))
    except OSError as e:
        yield failed(path, "jsonl", UnreadableInput(f"{path}: unreadable after {seen} record(s) ({e.strerror or e})"))


def numbered_lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, the line without its ending) for every line of `stream`; None for a line over `max_bytes`,
    which is passed over without being held."""
    lineno = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _pass_over_line(stream)
            lineno += 1
            yield lineno, None
        elif b"\r" in line:  # a lone \r ends a line too, as it did when files were split whole
            for part in line.splitlines():
                lineno += 1
                yield lineno, part
        else:
            lineno += 1
            yield lineno, line[:-1] if line.endswith(b"\n") else line


def _pass_over_line(stream: BinaryIO) -> None:
    """Read up to and including the next newline (or the end), a chunk at a time, keeping nothing."""
    while True:
        chunk = stream.readline(PASS_OVER)
        if not chunk or chunk.endswith(b"\n"):
            return
