"""What kind of input a file holds, read from its first bytes; its name is only a hint.

`--from auto` asks `kind_of(path)`, and everything that reads a path asks it
(the runners, `parse()`, `ingest`). The content speaks first where it is
unmistakable: a WARC record's `WARC/1.x` line (a WET file's conversion records
among them), a JSON object on the first line (JSON Lines), a page's opening
HTML tags. gzip is looked through by its magic bytes, whatever the name (a WARC
saved as `crawl.dat.gz` is a WARC). Where the content says nothing certain, the
name decides (`.md`, `.html`, `.jsonl`, `.warc`, `.wet`, `.gz` looked through);
and a text whose head is clearly Markdown is Markdown. Otherwise it is a text
capture.

A Parquet file (`PAR1`, `is_parquet`) is no capture: `ingest` reads it as
run-ray's table of Articles, and `parse` takes it for the binary file it is.
"""

from __future__ import annotations

import json
import os
import re
import zlib

SNIFF_BYTES = (
    65_536  # of the (decompressed) head: enough for a WARC's first records, a JSON line's start, a page's head
)
HTML_SNIFF_BYTES = 16_384  # how far a page that opens with another tag (<script>, <style>, a PHP warning's <br />)
# is searched for its <html>, <head> or <body>
GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"  # a Parquet file opens (and ends) with it: run-ray's output, which `ingest` reads
CONTAINER_KINDS = ("jsonl", "warc", "wet")  # files of records; the other kinds are one document a file

_SUFFIX_KINDS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
    ".wet": "wet",
    ".md": "md",
    ".markdown": "md",
}
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.IGNORECASE)
# A page may open with a comment, an XML declaration or a script before its <html>: look for the tag near the top.
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
# A JSON object's opening, as far as a first line too long for the head shows it: `{"key":`.
_JSON_OBJECT_START = re.compile(rb'^\{\s*"(?:[^"\\\n]|\\.){0,200}"\s*:')
_BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"


def kind_of(path: str, head: bytes | None = None) -> str:
    """The input kind of the file at `path`: what its first bytes show (`head`, or read here from a regular file;
    gzip looked through), else what its name implies; "text" when neither says more."""
    hint = name_kind(path)
    if head is None:
        head = read_head(path)
    return sniff(head, hint) if head is not None else hint


def is_parquet(path: str) -> bool:
    """Whether the file at `path` is a Parquet file, by its first bytes (never by its name). Not a kind `parse`
    reads: `ingest` takes it as a table of Articles."""
    if path == "-" or not os.path.isfile(path):  # (stdin, a FIFO or a device is never opened to look)
        return False
    try:
        with open(path, "rb") as f:
            return f.read(len(PARQUET_MAGIC)) == PARQUET_MAGIC
    except OSError:
        return False


def name_kind(path: str) -> str:
    """The input kind a file name implies (`.gz` looked through); text when nothing else fits."""
    name = path[:-3] if path.endswith(".gz") else path
    if name.endswith(".warc.wet"):
        return "wet"
    return _SUFFIX_KINDS.get(os.path.splitext(name)[1].lower(), "text")


def read_head(path: str) -> bytes | None:
    """The first SNIFF_BYTES of a regular file, gunzipped when it is gzip; None for stdin, or a path that cannot be
    read (the reader that takes it says why)."""
    if path == "-":
        return None
    from ..errors import UnreadableInput
    from .regular import open_file

    try:
        with open_file(path) as f:
            return gunzipped_head(f.read(SNIFF_BYTES))
    except (UnreadableInput, OSError):
        return None


def gunzipped_head(data: bytes) -> bytes:
    """`data`, or the start of what it decompresses to when it is gzip (as far as it goes: a head is often cut off
    mid-stream, and broken gzip gives what came before the break)."""
    if not data.startswith(GZIP_MAGIC):
        return data
    out = b""
    try:
        while data and len(out) < SNIFF_BYTES:  # member after member (a WARC has one per record)
            member = zlib.decompressobj(wbits=31)
            out += member.decompress(data, SNIFF_BYTES - len(out))
            data = member.unused_data if member.eof else b""
    except zlib.error:
        pass  # what came before the break
    return out


def sniff(head: bytes, hint: str = "text") -> str:
    """The input kind `head` (a file's first bytes, decompressed) shows: warc or wet, jsonl, html where the content
    is unmistakable; else `hint` (the kind the name implies) where it is not text; else md when the head is clearly
    Markdown; else text."""
    return container_kind(head, hint) or document_kind(head, hint)


def container_kind(head: bytes, hint: str = "text") -> str | None:
    """warc, wet or jsonl when `head` shows a file of records (or its name says so and its content is not a page);
    None for a file that holds one document. The cheap half of `sniff`: what a runner must know before it reads a
    file, where `document_kind` can wait for the worker that parses it."""
    body = head.lstrip(_BOM_AND_SPACE)
    if body.startswith(b"WARC/"):
        # (the reader takes both; the kind names what failed records are)
        return "wet" if hint == "wet" or b"WARC-Type: conversion" in head else "warc"
    if body.startswith(b"{") and _json_object_line(body):
        return "jsonl"
    if hint in CONTAINER_KINDS and not _is_page(body, head, hint):
        return hint
    return None


def document_kind(data: bytes | str, hint: str = "text") -> str:
    """html, md or text for one document (its bytes or text, or their head): html where its content is
    unmistakable, else the kind its name implies, else md when its head is clearly Markdown, else text."""
    head = data[:SNIFF_BYTES]
    head = head.encode("utf-8", "replace") if isinstance(head, str) else head
    if _is_page(head.lstrip(_BOM_AND_SPACE), head, hint):
        return "html"
    if hint != "text" and hint not in CONTAINER_KINDS:
        return hint
    from ..extract.markdown import looks_markdown  # (imported here: the sources need no extractor otherwise)

    return "md" if looks_markdown(head) else "text"


def _is_page(body: bytes, head: bytes, hint: str) -> bool:
    """An HTML page by its opening tags (`body`: the head without a leading BOM and space); never for a file named
    Markdown (Markdown may hold HTML)."""
    return hint != "md" and body.startswith(b"<") and looks_html(head)


def _json_object_line(body: bytes) -> bool:
    """Whether the first line of `body` is a JSON object: a whole line that parses as one, or a line the head cuts off
    that opens like one (`{"key":`)."""
    line, newline, _ = body.partition(b"\n")
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return not newline and bool(_JSON_OBJECT_START.match(line))  # cut off: judged by its opening


def looks_html(data: bytes | str) -> bool:
    """Whether a capture is an HTML page: it opens with a doctype, <html> or <head>, or with another tag and has
    <html>, <head> or <body> near the top."""
    head = data[:HTML_SNIFF_BYTES]
    head = head.encode("utf-8", "replace") if isinstance(head, str) else head
    if _HTML_START.match(head):
        return True
    head = head.lstrip(_BOM_AND_SPACE)
    return head[:1] == b"<" and bool(_HTML_TAG.search(head))
