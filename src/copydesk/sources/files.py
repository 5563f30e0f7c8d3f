"""Paths -> Captures: files, folders (recursive, sorted), stdin (`-`), `.gz`; JSON Lines in `jsonl.py`, WARC in
`warc.py`; the kind of each input, with `--from auto`, in `sniff.py`.

A source never raises for one bad document: it yields a Capture whose `error`
says what went wrong, so the run goes on and the document is still accounted for.
Only regular files are read (`open_file`): a FIFO, socket or device, in a folder
or named, is recorded with E101 and never opened for reading, since a read from
one can wait for ever or never end; stdin is `-`.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from itertools import islice

from ..errors import CopydeskError, DocumentTooLarge, UnreadableInput, UnsupportedFormat
from ..model import Capture
from .jsonl import jsonl_file_captures
from .records import failed
from .regular import open_file
from .sniff import CONTAINER_KINDS, SNIFF_BYTES, container_kind, gunzipped_head, name_kind, read_head

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
KINDS = ("auto", "text", "html", "md", "warc", "wet", "jsonl")


ONE_DOCUMENT_KINDS = ("text", "html", "md")  # a file of these kinds is one document; the others hold records


def count_documents(files: list[str], kind: str = "auto") -> int | None:
    """How many documents `files` (as `expand` gives them) hold, when each holds one (a text, HTML or Markdown
    capture, by `kind` or as the file's head shows); None when one holds records (JSON Lines, WARC, WET) or is stdin,
    which are counted only by reading them through."""
    if kind != "auto":
        return len(files) if kind in ONE_DOCUMENT_KINDS and "-" not in files else None
    if any(path == "-" or _container_kind(path) is not None for path in files):
        return None
    return len(files)


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files named and files under folders named (recursively, sorted, hidden ones skipped), as absolute paths, so
    that an Article's `source.path` says where its capture is whatever folder the run started in; `-` kept."""
    for path in paths:
        if path != "-":
            path = os.path.abspath(path)
        if path != "-" and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        else:
            yield path


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes (`-` is stdin; `.gz` is decompressed), refusing more than `max_bytes`, read or decompressed."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        with open_file(path) as f:
            try:
                size = os.fstat(f.fileno()).st_size
                if size > max_bytes:
                    raise DocumentTooLarge(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit")
                data = f.read(max_bytes + 1)
            except OSError as e:
                raise UnreadableInput(f"{path}: {e.strerror or e}") from e
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(path, data, max_bytes)
        if len(data) > max_bytes:
            raise DocumentTooLarge(f"{path}: over the {max_bytes:,}-byte limit once decompressed")
    if len(data) > max_bytes:
        raise DocumentTooLarge(f"{path}: over the {max_bytes:,}-byte limit")
    return data


def _gunzip(path: str, data: bytes, max_bytes: int) -> bytes:
    """Decompress at most max_bytes + 1 bytes, so a gzip bomb cannot fill memory."""
    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(data, max_bytes + 1)
    except zlib.error as e:
        raise UnreadableInput(f"{path}: broken gzip ({e})") from e
    if len(out) <= max_bytes and not d.eof:
        raise UnreadableInput(f"{path}: broken gzip (truncated stream)")
    return out


def captures(paths: Iterable[str], kind: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Capture]:
    """Every document under `paths`, in order, as Captures (JSON Lines files give one per line, WARC/WET one per
    record)."""
    if kind not in KINDS:
        raise UnsupportedFormat(f"unknown input kind {kind!r}; choose one of {', '.join(KINDS)}")
    for path in expand(paths):
        yield from file_captures(path, kind, max_bytes)


def file_captures(
    path: str, kind: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES, skip: int = 0
) -> Iterator[Capture]:
    """The documents of one file (`-`: stdin), in order, as Captures, after the first `skip` (which a JSON Lines
    file passes over without decoding them). JSON Lines, WARC and WET files are streamed; `max_bytes` bounds each
    of their records, and each other file as a whole."""
    if kind not in KINDS:
        raise UnsupportedFormat(f"unknown input kind {kind!r}; choose one of {', '.join(KINDS)}")
    data: bytes | CopydeskError | None = None  # the file, once read whole (or why it could not be)
    if kind != "auto":
        this: str | None = kind
    elif path == "-" or name_kind(path) in CONTAINER_KINDS:
        this = _container_kind(path)
    else:
        # Named as one document: read once, its head then says whether it holds records after all (a WARC saved
        # as crawl.dat.gz); one that cannot be read whole (too large for a document, a broken gzip) is looked into
        # by its first bytes, as a file of records may be.
        data = _read_whole(path, max_bytes)
        if isinstance(data, bytes):
            this = container_kind(data[:SNIFF_BYTES], name_kind(path))
        else:
            this = _container_kind(path)
    if this == "jsonl":
        yield from jsonl_file_captures(path, max_bytes, skip)
        return
    if this in ("warc", "wet"):
        from .warc import warc_captures  # imported here: fastwarc is only needed for WARC input

        yield from islice(warc_captures(path, this, max_bytes), skip, None)
        return
    if skip:
        return  # one document, already done
    if data is None:
        data = _read_whole(path, max_bytes)
    if isinstance(data, CopydeskError):
        yield failed(path, this or name_kind(path), data)
        return
    # One document: with --from auto, whether it is HTML, Markdown or text is read from its head where it is parsed
    # (`Pipeline`, in a pool's worker), so that sniffing costs the process that hands out the documents nothing.
    yield Capture(data=data, kind=this or "auto", path=path)


def _read_whole(path: str, max_bytes: int) -> bytes | CopydeskError:
    """`read_bytes`, or the error that says why the file could not be read."""
    try:
        return read_bytes(path, max_bytes)
    except CopydeskError as e:
        return e


def _container_kind(path: str) -> str | None:
    """warc, wet or jsonl for a file of records (`-`: stdin, looked into without reading it), as its first bytes or
    else its name show; None for a file of one document (`sniff.container_kind`)."""
    hint = "text" if path == "-" else name_kind(path)
    head = stdin_head() if path == "-" else read_head(path)
    if head is None:  # unreadable: the reader that takes it says why
        return hint if hint in CONTAINER_KINDS else None
    return container_kind(head, hint)


def stdin_head() -> bytes:
    """The first bytes waiting on stdin (gunzipped when it is gzip), left there for the reader; b"" when stdin is a
    stream that cannot be looked into without reading it."""
    peek = getattr(sys.stdin.buffer, "peek", None)
    return gunzipped_head(peek(SNIFF_BYTES)[:SNIFF_BYTES]) if peek is not None else b""
