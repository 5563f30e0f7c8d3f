"""Reading paths: folders in order, gzip, stdin-free JSON Lines, and per-document failures that never stop a run."""

from __future__ import annotations

import gzip
import json

import pytest

from copydesk.errors import DocumentTooLarge, UnreadableInput
from copydesk.pipeline import document_kind_of
from copydesk.sources import captures, expand, kind_of, read_bytes


def test_files_folder_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two")
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / ".hidden").write_text("secret")
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(b"three"))
    names = [p.rsplit("/", 1)[1] for p in expand([str(tmp_path)])]
    assert names == ["a.txt", "c.txt.gz", "2.txt"]
    assert [c.data for c in captures([str(tmp_path)])] == [b"one", b"three", b"two"]


@pytest.mark.parametrize(
    "name, kind",
    [
        ("a.txt", "text"),
        ("a.jsonl", "jsonl"),
        ("a.jsonl.gz", "jsonl"),
        ("a.html.gz", "html"),
        ("x.warc.gz", "warc"),
        ("CC-MAIN-1.warc.wet.gz", "wet"),
        ("noext", "text"),
    ],
)
def test_files_kind_of_name(name, kind):
    assert kind_of(name) == kind


def test_files_broken_gzip_is_an_error_not_a_crash(tmp_path):
    bad = tmp_path / "bad.txt.gz"
    bad.write_bytes(gzip.compress(b"hello world " * 1000)[:40])
    with pytest.raises(UnreadableInput):
        read_bytes(str(bad))
    (cap,) = captures([str(bad)])
    assert cap.error.code == "E101" and "gzip" in cap.error.message


def test_files_gzip_bomb_stops_at_the_limit(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 5_000_000))
    with pytest.raises(DocumentTooLarge):
        read_bytes(str(bomb), max_bytes=1_000_000)


def test_files_missing_path_is_recorded(tmp_path):
    (cap,) = captures([str(tmp_path / "nope.txt")])
    assert cap.error.code == "E101"


def test_files_jsonl_records_and_bad_lines(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "a1", "text": "Hello there.", "title": "T", "url": "https://example.org/a"}),
                "{not json",
                json.dumps([1, 2]),
                json.dumps({"id": 7, "body": "no text field"}),
                "",
                json.dumps({"text": "Second good one."}),
            ]
        ),
        encoding="utf-8",
    )
    caps = list(captures([str(path)]))
    assert len(caps) == 5
    assert (caps[0].id, caps[0].title, caps[0].url, caps[0].data) == (
        "a1",
        "T",
        "https://example.org/a",
        "Hello there.",
    )
    assert [c.error.code if c.error else None for c in caps] == [None, "E106", "E106", "E106", None]
    assert caps[3].id == "7"
    assert caps[1].path.endswith("in.jsonl:2")


def test_files_html_pages_become_html_captures(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Hi</p></body></html>")
    (cap,) = captures([str(page)])
    assert (cap.kind, document_kind_of(cap), cap.error) == ("auto", "html", None)


def test_files_a_file_named_as_one_document_is_read_once_and_its_records_still_found(tmp_path):
    records = [
        json.dumps({"id": f"r{i}", "text": f"Record number {i} of a corpus saved without its name."}) for i in range(4)
    ]
    small, big = tmp_path / "corpus.txt", tmp_path / "export.dat"
    small.write_text(records[0] + "\n", encoding="utf-8")
    big.write_text("\n".join(records) + "\n", encoding="utf-8")
    (one,) = captures([str(small)])
    assert (one.kind, one.id) == ("jsonl", "r0")
    # Too large to be one document, but each record is under the limit: streamed record by record.
    limit = len(records[0]) + 10
    assert big.stat().st_size > limit
    got = list(captures([str(big)], max_bytes=limit))
    assert [(c.kind, c.id, c.error) for c in got] == [("jsonl", f"r{i}", None) for i in range(4)]
