"""Hostile input never crashes a run: each bad document is recorded and the others come out intact."""

from __future__ import annotations

import gzip
import json
import os
import uuid

from click.testing import CliRunner

import copydesk
from copydesk.cli import main
from copydesk.sources.warc import write_warc

from .conftest import FIXTURES, SAMPLE

GOOD = (SAMPLE / "dw-north-korea-russia.txt").read_text(encoding="utf-8")
GOOD_TEXT = copydesk.parse(GOOD, nlp=False).text


def _run(paths, *args, failed: int = 0):
    """The Articles of `copydesk parse`, which exits 1 with the count when `failed` inputs could not be read."""
    result = CliRunner().invoke(main, ["parse", "--no-nlp", *args, *map(str, paths)], catch_exceptions=False)
    assert result.exit_code == (1 if failed else 0), result.stderr
    assert (f"failed: {failed} input(s)" in result.stderr) == bool(failed), result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_hostile_mixed_run_records_each_failure_and_keeps_the_rest(tmp_path):
    files = {
        "01-good.txt": GOOD.encode(),
        "02-empty.txt": b"",
        "03-binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 40,
        "04-invalid-utf8.txt": GOOD.encode() + b"\n\xff\xfe\xfa broken bytes in a line\n",
        "05-one-10mb-line.txt": b"word " * 2_000_000,
        "06-100k-lines.txt": "\n".join(f"line {i} of a long list" for i in range(100_000)).encode(),
        "08-good-again.txt": GOOD.encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    big = tmp_path / "07-200mb.txt"
    with open(big, "wb") as f:  # sparse: 200 MB on the file system without writing them
        f.truncate(200 * 1024 * 1024)
    arts = _run([tmp_path], failed=3)  # empty, binary, over the size limit
    assert len(arts) == 8
    by_path = {os.path.basename(a["source"]["path"]): a for a in arts}
    assert [os.path.basename(a["source"]["path"]) for a in arts] == sorted(by_path)  # input order
    for name in ("01-good.txt", "08-good-again.txt"):
        assert by_path[name]["errors"] == [] and by_path[name]["text"] == GOOD_TEXT
    assert by_path["02-empty.txt"]["errors"][0]["code"] == "E104"
    assert by_path["03-binary.txt"]["errors"][0]["code"] == "E103"
    assert by_path["04-invalid-utf8.txt"]["errors"][0]["code"] == "E105"
    assert "Widespread concern" in by_path["04-invalid-utf8.txt"]["text"]
    assert by_path["07-200mb.txt"]["errors"][0]["code"] == "E102"
    ten_mb = by_path["05-one-10mb-line.txt"]
    assert len(ten_mb["blocks"]) + len(ten_mb["removed"]) == 1
    many = by_path["06-100k-lines.txt"]
    assert len(many["blocks"]) + len(many["removed"]) == 100_000


def test_hostile_max_bytes_is_enforced(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (art,) = _run([tmp_path / "a.txt"], "--max-bytes", "100", failed=1)
    assert art["errors"][0]["code"] == "E102" and art["blocks"] == []


def test_hostile_crlf_and_control_characters(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode() + b"\r\n\x0b\x0c\r\n")
    (art,) = _run([path])
    assert art["errors"] == []
    assert art["text"] == GOOD_TEXT
    assert "\r" not in art["text"]


def _big_response(f, url: str, size: int) -> None:
    """Append one response record holding a `size`-byte HTML page as its own gzip member, written a MiB at a time."""
    head, tail = b"<html><body><p>", b"</p></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % size
    warc = (
        f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n"
        f"WARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + size}\r\n\r\n"
    ).encode()
    words = b"word " * (1 << 18)
    with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=1, mtime=0) as z:
        z.write(warc + http + head)
        for left in range(size - len(head) - len(tail), 0, -len(words)):
            z.write(words[:left])
        z.write(tail + b"\r\n\r\n")


def test_hostile_warc_run_records_each_bad_page_and_file_and_keeps_the_rest(tmp_path):
    good = gzip.decompress((FIXTURES / "html" / "wcxb-0393.html.gz").read_bytes())
    german = (
        "<html><body><p>Der Straßenverkehr in München ist überlastet, sagt die Polizei am Montag.</p></body></html>"
    )
    span = b"<td colspan=1000000000000000 rowspan=1000000000000000>cell</td><td>x</td>"
    pages = [  # (name, page, the charset its HTTP header declares)
        ("good", good, "utf-8"),
        (
            "deep",
            b"<html><body>" + b"<div>" * 100_000 + b"<p>deep text</p>" + b"</div>" * 100_000 + b"</body></html>",
            "utf-8",
        ),
        (
            "paragraphs",
            b"<html><body>"
            + b"".join(b"<p>Paragraph number %d of a very long page.</p>" % i for i in range(50_000))
            + b"</body></html>",
            "utf-8",
        ),
        (
            "span",
            b"<html><body><p>A table with a span of 10^15 rows and columns follows.</p><table><tr>"
            + span
            + b"</tr></table></body></html>",
            "utf-8",
        ),
        ("cp1252-labelled-utf8", german.encode("cp1252"), "utf-8"),
        ("utf8-labelled-latin1", german.encode(), "iso-8859-1"),
        ("cp1252-labelled-unknown", german.encode("cp1252"), "x-no-such-charset"),
        ("cp1252-labelled-shift-jis", german.encode("cp1252"), "shift_jis"),
        ("cp1252-labelled-utf16", german.encode("cp1252"), "utf-16"),
        ("utf8-labelled-utf16le", german.encode(), "utf-16le"),
    ]
    hostile = tmp_path / "a-hostile.warc.gz"
    with open(hostile, "wb") as f:
        for name, page, charset in pages:
            write_warc(f, [(f"https://example.org/{name}", page)], charset=charset)
        _big_response(f, "https://example.org/100mb", 100 * 1024 * 1024)
        last = f.tell()
        write_warc(f, [("https://example.org/cut", good)])
    os.truncate(hostile, (last + hostile.stat().st_size) // 2)  # the file ends in the middle of its last record
    broken = tmp_path / "b-broken-gzip.warc.gz"
    with open(broken, "wb") as f:
        write_warc(f, ((f"https://example.org/b{i}", good) for i in range(4)))
    data = bytearray(broken.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\x00" * 64
    broken.write_bytes(bytes(data))
    with open(tmp_path / "c-good.warc.gz", "wb") as f:
        write_warc(f, [("https://example.org/after", good)])

    arts = _run([tmp_path], "--from", "warc", failed=3)  # the 100 MB page, the cut file, the broken gzip
    codes = [[e["code"] for e in a["errors"]] for a in arts]
    assert all("E901" not in c for c in codes)
    by_url = {a["source"]["url"]: (a, c) for a, c in zip(arts, codes)}
    good_art, good_codes = by_url["https://example.org/good"]
    assert good_codes == [] and good_art["text"].startswith("If Any car owner would agree")
    assert "E109" in by_url["https://example.org/deep"][1]  # cut at the parser's depth limit, and recorded
    many = by_url["https://example.org/paragraphs"][0]
    assert len(many["blocks"]) + len(many["removed"]) == 50_000
    assert "a span of 10^15 rows" in by_url["https://example.org/span"][0]["text"]
    for name, code in [
        ("cp1252-labelled-utf8", ["E105"]),
        ("utf8-labelled-latin1", []),
        ("cp1252-labelled-unknown", ["E105"]),
        ("cp1252-labelled-utf16", ["E105"]),
        ("utf8-labelled-utf16le", []),
    ]:  # no NUL bytes: not UTF-16
        art, art_codes = by_url[f"https://example.org/{name}"]
        assert art_codes == code and "Der Straßenverkehr in München ist überlastet" in art["text"], name
    assert by_url["https://example.org/cp1252-labelled-shift-jis"][1] == ["E105"]  # decoded as labelled, and flagged
    big, big_codes = by_url["https://example.org/100mb"]
    assert big_codes == ["E102"] and big["blocks"] == []
    assert "https://example.org/cut" not in by_url
    cut = arts[len(pages) + 1]
    assert codes[len(pages) + 1] == ["E101"] and "cut off" in cut["errors"][0]["message"]
    *before_break, unreadable, after = arts[len(pages) + 2 :]
    assert 1 <= len(before_break) < 4 and all(c == [] for c in codes[len(pages) + 2 : -2])
    assert codes[-2] == ["E101"] and unreadable["source"]["path"] == str(broken)
    assert codes[-1] == [] and after["text"] == good_art["text"]
