"""Hostile input never crashes a run: each bad document is recorded and the others come out intact."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

import copydesk
from copydesk.cli import main

from .conftest import SAMPLE

GOOD = (SAMPLE / "dw-north-korea-russia.txt").read_text(encoding="utf-8")
GOOD_TEXT = copydesk.parse(GOOD, nlp=False).text


def _run(paths, *args):
    result = CliRunner().invoke(main, ["parse", "--no-nlp", *args, *map(str, paths)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
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
    arts = _run([tmp_path])
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
    (art,) = _run([tmp_path / "a.txt"], "--max-bytes", "100")
    assert art["errors"][0]["code"] == "E102" and art["blocks"] == []


def test_hostile_crlf_and_control_characters(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode() + b"\r\n\x0b\x0c\r\n")
    (art,) = _run([path])
    assert art["errors"] == []
    assert art["text"] == GOOD_TEXT
    assert "\r" not in art["text"]
