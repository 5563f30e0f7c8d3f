"""The kind of an input is read from its bytes; its name is only a hint (`sources/sniff.py`), as a user meets it."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.sources import kind_of
from copydesk.sources.sniff import sniff
from copydesk.sources.warc import write_warc
from copydesk.store import open_store

from ..conftest import FIXTURES, SAMPLE

PAGE = gzip.decompress((FIXTURES / "html" / "wcxb-0393.html.gz").read_bytes())
SEED = (SAMPLE / "dw-north-korea-russia.txt").read_bytes()
MARKDOWN = (FIXTURES / "md" / "wcxb-4500.md").read_bytes()


def _warc(*, wet: bool = False, compress: bool = True) -> bytes:
    out = io.BytesIO()
    docs = [("https://example.org/a", SEED if wet else PAGE), ("https://example.org/b", SEED if wet else PAGE)]
    write_warc(out, docs, wet=wet, compress=compress)
    return out.getvalue()


def _jsonl() -> bytes:
    record = {"id": "r1", "url": "https://example.org/r1", "text": SEED.decode()}
    return (json.dumps(record) + "\n").encode()


# (file name, its bytes, the kind it holds): names that say nothing, or say something else.
CASES = [
    ("crawl.dat.gz", _warc(), "warc"),
    ("crawl.dat", _warc(compress=False), "warc"),
    ("conversions.gz", _warc(wet=True), "wet"),
    ("records.txt", _jsonl(), "jsonl"),
    ("records.dat.gz", gzip.compress(_jsonl()), "jsonl"),
    ("page.txt", PAGE, "html"),
    ("page", gzip.compress(PAGE), "html"),
    ("notes.txt", MARKDOWN, "md"),
    ("capture.dat", SEED, "text"),
    ("capture.md", SEED, "md"),  # no telling content: the name decides
    ("capture.html", SEED, "html"),
    ("page.jsonl", PAGE, "html"),  # telling content wins over the name
]


@pytest.mark.parametrize("name, data, kind", CASES, ids=[c[0] for c in CASES])
def test_sniff_kind_of_a_file_is_read_from_its_bytes(tmp_path, name, data, kind):
    path = tmp_path / name
    path.write_bytes(data)
    assert kind_of(str(path)) == kind


def test_sniff_a_missing_file_goes_by_its_name(tmp_path):
    assert kind_of(str(tmp_path / "gone.warc.gz")) == "warc"
    assert kind_of(str(tmp_path / "gone.dat")) == "text"


@pytest.mark.parametrize(
    "head, hint, kind",
    [
        (b"\xef\xbb\xbf  WARC/1.1\r\nWARC-Type: warcinfo\r\n", "text", "warc"),
        (b'{"text": "' + b"x" * 70_000, "text", "jsonl"),  # a first line the head cuts off, opening like an object
        (b"{not json}\nmore\n", "text", "text"),
        (b"<!-- a comment -->\n<html><body><p>x</p></body></html>", "text", "html"),
        (b"<p>a fragment with no page around it</p>", "text", "text"),
        (b"", "warc", "warc"),  # nothing to read: the name decides (the reader says it is empty)
    ],
)
def test_sniff_head_and_hint(head, hint, kind):
    assert sniff(head, hint) == kind


def test_sniff_a_warc_named_dat_gz_is_parsed_as_a_warc(tmp_path):
    path = tmp_path / "crawl.dat.gz"
    path.write_bytes(_warc())
    result = CliRunner().invoke(main, ["parse", "--no-nlp", str(path)])
    assert result.exit_code == 0, result.stderr
    arts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["source"]["url"] for a in arts] == ["https://example.org/a", "https://example.org/b"]
    assert all(a["source"]["kind"] == "html" and a["title"] != "WARC/1.0" and a["text"] for a in arts)


def test_sniff_stdin_is_read_for_what_it_holds(tmp_path):
    def parse(data: bytes) -> list[dict]:
        proc = subprocess.run(
            [sys.executable, "-m", "copydesk.cli", "parse", "--no-nlp", "-"], input=data, capture_output=True
        )
        assert proc.returncode == 0, proc.stderr
        return [json.loads(line) for line in proc.stdout.splitlines()]

    warc = parse(_warc())
    assert [(a["source"]["kind"], a["source"]["url"]) for a in warc] == [
        ("html", "https://example.org/a"),
        ("html", "https://example.org/b"),
    ]
    (record,) = parse(gzip.compress(_jsonl()))
    assert record["id"] == "r1" and record["source"]["kind"] == "jsonl"
    (page,) = parse(PAGE)
    assert page["source"]["kind"] == "html" and page["title"] == warc[0]["title"]
    (text,) = parse(SEED)
    assert text["source"]["kind"] == "text"


def test_sniff_ingest_of_a_warc_on_stdin_stores_its_pages(tmp_path):
    db = tmp_path / "store.db"
    proc = subprocess.run(
        [sys.executable, "-m", "copydesk.cli", "ingest", "--no-nlp", "--db", str(db), "-"],
        input=_warc(),
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr
    with open_store(str(db)) as store:
        assert store.count() == 2
        assert {r.title for r in store.articles()} != {"WARC/1.0"}


def test_sniff_parquet_by_its_magic_never_its_name(tmp_path):
    import os

    from copydesk.sources.sniff import is_parquet

    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    table = tmp_path / "crawl.dat"  # a Parquet file under any name
    pq.write_table(pa.table({"id": ["a"]}), table)
    named = tmp_path / "articles.parquet"  # a name that says Parquet over text that is not
    named.write_bytes(SEED)
    tricky = tmp_path / "par.txt"
    tricky.write_bytes(b"PAR")
    os.mkfifo(tmp_path / "fifo.parquet")  # no writer: opening it to look would wait for ever
    assert is_parquet(str(table))
    assert not any(is_parquet(str(tmp_path / n)) for n in ("articles.parquet", "par.txt", "fifo.parquet", "gone"))
    assert not is_parquet("-")
