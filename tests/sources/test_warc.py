"""WARC and WET sources: real round trips, record filtering, cut and corrupt files, size limits, streaming memory."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from copydesk.cli import main
from copydesk.model import Capture
from copydesk.pipeline import Pipeline
from copydesk.sources import captures
from copydesk.sources.warc import warc_captures, write_warc

from ..conftest import FIXTURES

WARC = FIXTURES / "warc" / "wcxb-3.warc.gz"
WET = FIXTURES / "warc" / "wcxb-3.warc.wet.gz"
HTML_IDS, TEXT_IDS = ("0437", "4249", "4500"), ("0442", "0180", "0486")  # what the fixtures were built from


def _raw(
    rtype, block: bytes, url: str | None = "https://example.org/", ctype="application/http; msgtype=response"
) -> bytes:
    record = WarcRecord()
    record.init_headers(record_type=rtype, record_urn=b"uuid:00000000-0000-0000-0000-%012d" % len(block))
    if url:
        record.headers["WARC-Target-URI"] = url
    record.headers["Content-Type"] = ctype
    record.set_bytes_content(block)
    buf = io.BytesIO()
    record.write(buf)
    return buf.getvalue()


def _http(status: str, ctype: str, body: bytes) -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


def _warc(tmp_path: Path, n: int, *, compress: bool = True, size: int = 3000, name: str = "many.warc") -> Path:
    path = tmp_path / (name + (".gz" if compress else ""))
    page = b"<!doctype html><html><body>" + b"<p>A line of the story.</p>\n" * (size // 29) + b"</body></html>"
    with open(path, "wb") as f:
        write_warc(f, ((f"https://example.org/{i}", page) for i in range(n)), compress=compress)
    return path


def test_warc_round_trip_of_real_pages(data_dir):
    caps = list(captures([str(WARC)]))
    urls = {j["id"]: j["url"] for j in map(json.loads, (data_dir / "wcxb-dev-articles" / "pages.jsonl").open())}
    assert [c.url for c in caps] == [urls[i] for i in HTML_IDS]
    for cap, page_id in zip(caps, HTML_IDS):
        original = gzip.decompress((data_dir / "wcxb-dev-articles" / "html" / f"{page_id}.html.gz").read_bytes())
        assert cap.data == original  # the HTTP body, byte for byte, headers stripped
        assert (cap.kind, cap.path, cap.charset, cap.error) == ("html", str(WARC), "utf-8", None)
        assert cap.record_id.startswith("<urn:uuid:") and cap.fetched_at == "2026-01-01T00:00:00Z"


def test_warc_wet_records_are_text_captures_parsed_exactly_like_one(data_dir):
    caps = list(captures([str(WET)]))
    assert [c.kind for c in caps] == ["wet"] * 3
    pipeline = Pipeline(nlp=False)
    for cap, page_id in zip(caps, TEXT_IDS):
        text = (data_dir / "wcxb-dev-articles" / "text" / f"{page_id}.txt").read_bytes()
        assert cap.data == text
        from_wet, from_text = pipeline(cap).to_dict(), pipeline(Capture(data=text, kind="text", url=cap.url)).to_dict()
        assert from_wet.pop("source")["record_id"] == cap.record_id
        from_text.pop("source")
        assert from_wet == from_text


def test_warc_only_2xx_html_responses_are_documents(tmp_path):
    path = tmp_path / "mixed.warc"
    page = b"<html><body><p>Hello</p></body></html>"
    path.write_bytes(
        b"".join(
            [
                _raw(WarcRecordType.warcinfo, b"software: test\r\n", None, "application/warc-fields"),
                _raw(
                    WarcRecordType.request,
                    b"GET / HTTP/1.1\r\nHost: example.org\r\n\r\n",
                    ctype="application/http; msgtype=request",
                ),
                _raw(
                    WarcRecordType.response,
                    _http("200 OK", "text/html; charset=windows-1252", page),
                    "https://example.org/ok",
                ),
                _raw(WarcRecordType.response, _http("404 Not Found", "text/html", page), "https://example.org/missing"),
                _raw(
                    WarcRecordType.response,
                    _http("200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
                    "https://example.org/a.png",
                ),
                _raw(WarcRecordType.response, _http("200 OK", "application/xhtml+xml", page), "https://example.org/x"),
                _raw(
                    WarcRecordType.metadata, b"fetchTimeMs: 12\r\n", "https://example.org/ok", "application/warc-fields"
                ),
            ]
        )
    )
    caps = list(warc_captures(str(path)))
    assert [(c.url, c.charset, c.data) for c in caps] == [
        ("https://example.org/ok", "windows-1252", page),
        ("https://example.org/x", None, page),
    ]
    assert all(c.error is None for c in caps)


@pytest.mark.parametrize("compress", [True, False], ids=["gzip", "plain"])
@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.5, 0.77, 0.95])
def test_warc_cut_file_yields_records_before_the_break_then_one_error(tmp_path, compress, fraction):
    path = _warc(tmp_path, 8, compress=compress)
    whole = list(warc_captures(str(path)))
    data = path.read_bytes()
    offsets = [r.stream_pos for r in ArchiveIterator(io.BytesIO(data), record_types=WarcRecordType.any_type)]
    cut = int(len(data) * fraction)
    if cut in offsets:  # a cut exactly between records is a shorter, valid file
        cut += 7
    path.write_bytes(data[:cut])
    caps = list(warc_captures(str(path)))
    *good, last = caps
    assert [c.record_id for c in good] == [c.record_id for c in whole[: len(good)]]
    assert all(c.error is None and c.data == whole[0].data for c in good)
    assert last.error.code == "E101" and str(path) in last.error.message
    assert len(good) < len(whole)


def test_warc_broken_gzip_is_an_error_after_the_good_records(tmp_path):
    path = _warc(tmp_path, 6)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\x00" * 64
    path.write_bytes(bytes(data))
    *good, last = warc_captures(str(path))
    assert 1 <= len(good) < 6 and all(c.error is None for c in good)
    assert last.error.code == "E101" and last.kind == "warc"


@pytest.mark.parametrize("content, code", [(b"", "E104"), (b"this is not a WARC file\n" * 20, "E101")])
def test_warc_empty_or_foreign_file_is_one_error(tmp_path, content, code):
    path = tmp_path / "x.warc"
    path.write_bytes(content)
    (cap,) = captures([str(path)])
    assert cap.error.code == code


def test_warc_missing_file_is_recorded(tmp_path):
    (cap,) = captures([str(tmp_path / "nope.warc.gz")])
    assert cap.error.code == "E101"


def test_warc_record_over_max_bytes_is_recorded_and_the_rest_read(tmp_path):
    path = tmp_path / "sizes.warc.gz"
    with open(path, "wb") as f:
        write_warc(
            f,
            [
                ("https://example.org/small", b"<html>small</html>"),
                ("https://example.org/big", b"<html>" + b"x" * 5000),
                ("https://example.org/small2", b"<html>small 2</html>"),
            ],
        )
    caps = list(captures([str(path)], max_bytes=1000))
    assert [c.error.code if c.error else None for c in caps] == [None, "E102", None]
    assert caps[1].url == "https://example.org/big" and caps[1].data == b""


def test_warc_of_2000_records_streams_in_flat_memory(tmp_path):
    small, large = _warc(tmp_path, 100, name="small.warc"), _warc(tmp_path, 2000, name="large.warc")

    def peak(path: Path) -> tuple[int, int]:
        tracemalloc.start()
        try:
            n = sum(1 for c in warc_captures(str(path)) if c.error is None)
            return n, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    (n_small, peak_small), (n_large, peak_large) = peak(small), peak(large)
    assert (n_small, n_large) == (100, 2000)
    # Twenty times the records, about the same peak: only the current record is held.
    assert peak_large < 1.5 * peak_small + 64 * 1024


def test_warc_cli_parses_warc_and_wet_from_a_folder_and_stdin(tmp_path):
    result = CliRunner().invoke(main, ["parse", str(WARC.parent), "--no-nlp"])
    assert result.exit_code == 0, result.output
    arts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["source"]["kind"] for a in arts] == ["html"] * 3 + ["wet"] * 3
    assert all(a["source"]["record_id"] and a["source"]["fetched_at"] for a in arts)
    assert all(a["blocks"] and not a["errors"] for a in arts[3:])
    result = CliRunner().invoke(main, ["parse", "-", "--from", "wet", "--no-nlp"], input=WET.read_bytes())
    assert [json.loads(line)["source"]["url"] for line in result.stdout.splitlines()] == [
        a["source"]["url"] for a in arts[3:]
    ]


def test_warc_regression_gzip_member_ending_at_the_output_limit_does_not_stall(tmp_path, data_dir):
    # Broke: a gzip member that ended in a call which hit the output limit left input in unconsumed_tail, and the
    # reader fed it to the finished decompressor for ever (on the 8th wcxb page).
    pages = [
        gzip.decompress(p.read_bytes())
        for p in sorted((data_dir / "wcxb-dev-articles" / "html").glob("*.html.gz"))[:40]
    ]
    path = tmp_path / "wcxb-40.warc.gz"
    with open(path, "wb") as f:
        write_warc(f, ((f"https://example.org/{i}", page) for i, page in enumerate(pages)))
    assert [c.data for c in warc_captures(str(path))] == pages
