"""Hostile inputs through the user's paths: each ends with an error code or a correct Article, and the documents
before and after it in the same run come out unchanged (the seed capture is the good document)."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import time
import zlib

import brotli
from click.testing import CliRunner

import copydesk
from copydesk.cli import main
from copydesk.model import Capture
from copydesk.pipeline import Pipeline
from copydesk.sources.warc import write_warc

from ..conftest import SAMPLE, failed_inputs

GOOD = (SAMPLE / "dw-north-korea-russia.txt").read_text(encoding="utf-8")
GOOD_TEXT = copydesk.parse(GOOD, nlp=False).text
GOOD_PAGE = "<html><body>" + "".join(f"<p>{line}</p>" for line in GOOD.splitlines()) + "</body></html>"
GOOD_PAGE_TEXT = copydesk.parse(GOOD_PAGE, kind="html", nlp=False).text


def _cli(*args, input=None, status: int | None = None) -> list[dict]:
    """The Articles a command writes on stdout; it exits with `status`, or (None) 1 when any of them records a failed
    input, with their count, else 0."""
    result = CliRunner().invoke(main, list(map(str, args)), input=input, catch_exceptions=False)
    arts = [json.loads(line) for line in result.stdout.splitlines()]
    failed = failed_inputs(arts)
    assert result.exit_code == (status if status is not None else 1 if failed else 0), result.output
    if status is None and failed:
        assert f"failed: {failed} input(s)" in result.stderr
    return arts


def _parse(*args) -> list[dict]:
    return _cli("parse", "--no-nlp", *args)


def _subprocess(*args, timeout: float = 120, status: int = 0) -> subprocess.CompletedProcess:
    """copydesk in a process of its own, so that a hang fails the test (after `timeout`) instead of stopping the
    suite; it exits with `status`."""
    proc = subprocess.run([sys.executable, "-m", "copydesk.cli", *map(str, args)], capture_output=True, timeout=timeout)
    assert proc.returncode == status, proc.stderr[-2000:]
    return proc


def _codes(art: dict) -> list[str]:
    return [e["code"] for e in art["errors"]]


def _good(art: dict, text: str = GOOD_TEXT) -> bool:
    return art["errors"] == [] and art["text"] == text


def _articles(db):
    from copydesk.store import open_store

    with open_store(str(db)) as store:
        return [store.get(row.id) for row in store.articles(limit=1000)]


# -- a FIFO, a socket: no regular file -------------------------------------------------------------------------------


def _special_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD)
    os.mkfifo(folder / "b-fifo.txt")  # no writer: opening it for reading would wait for ever
    os.mkfifo(folder / "c-fifo.jsonl")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "d-socket.warc"))
    (folder / "e-good.txt").write_text(GOOD)
    return folder, sock


def test_hostile_fifo_and_socket_in_a_folder_are_recorded_and_the_run_goes_on(tmp_path):
    folder, sock = _special_folder(tmp_path)
    with sock:
        runs = {
            "in-process": json.loads(
                "[" + ",".join(_subprocess("parse", "--no-nlp", folder, status=1).stdout.decode().splitlines()) + "]"
            ),
            "pool": [
                json.loads(line)
                for line in _subprocess(
                    "parse", "--no-nlp", "--workers", "2", "--timeout", "10", folder, status=1
                ).stdout.splitlines()
            ],
        }
        db = tmp_path / "store.db"
        ingest = _subprocess("ingest", "--no-nlp", "--db", db, folder, status=1)
    for name, arts in runs.items():
        assert [os.path.basename(a["source"]["path"]) for a in arts] == sorted(os.listdir(folder)), name
        assert _good(arts[0]) and _good(arts[-1]), name
        for art, what in zip(arts[1:4], ("a FIFO", "a FIFO", "a socket")):
            assert _codes(art) == ["E101"] and f"{what}" in art["errors"][0]["message"], name
            assert "not a regular file" in art["errors"][0]["message"]
    stored = _articles(db)
    assert [_codes(a.to_dict()) for a in stored] == [[]]  # the two goods: one id; the special files are not stored
    assert b"1 inserted, 1 updated, 0 unchanged, 3 failed" in ingest.stderr


def test_hostile_fifo_named_on_the_command_line_is_refused_not_waited_on(tmp_path):
    fifo, good = tmp_path / "named.fifo", tmp_path / "good.txt"
    os.mkfifo(fifo)
    good.write_text(GOOD)
    parsed = _subprocess("parse", "--no-nlp", fifo, good, timeout=60, status=1)
    arts = [json.loads(line) for line in parsed.stdout.splitlines()]
    assert _codes(arts[0]) == ["E101"] and "a FIFO" in arts[0]["errors"][0]["message"] and _good(arts[1])
    proc = _subprocess("ingest", "--from", "articles", "--db", tmp_path / "s.db", fifo, timeout=60, status=1)
    assert b"not a regular file" in proc.stderr and b"1 bad record" in proc.stderr


# -- an element with many attributes; the library's time budget --------------------------------------------------------


def test_hostile_element_with_40000_attributes_is_parsed_in_linear_time(tmp_path):
    (tmp_path / "a.html").write_text(GOOD_PAGE)
    attrs = " ".join(f'data-a{i}="v{i}"' for i in range(40_000))  # 33 s before, with time in the square of the count
    (tmp_path / "b.html").write_text(GOOD_PAGE.replace("<p>", f"<p {attrs}>", 1))
    (tmp_path / "c.html").write_text(GOOD_PAGE)
    started = time.monotonic()
    before, hostile, after = _parse(tmp_path)
    assert time.monotonic() - started < 10
    assert _good(before, GOOD_PAGE_TEXT) and _good(after, GOOD_PAGE_TEXT)
    assert _codes(hostile) == ["E109"] and "over 100 attributes" in hostile["errors"][0]["message"]
    assert hostile["text"] == GOOD_PAGE_TEXT  # the element and its text are kept, with its first 100 attributes


def test_hostile_attributes_hidden_behind_quoted_angle_brackets_are_counted_too():
    attrs = "".join(f'a{i}=">"' for i in range(20_000))  # no space between them, a '>' in each value
    page = f"<html><body><p {attrs}>Kept.</p><p>After it.</p></body></html>"
    started = time.monotonic()
    art = copydesk.parse(page, kind="html", nlp=False)
    assert time.monotonic() - started < 5 and _codes(art.to_dict()) == ["E109"]


def test_hostile_page_over_the_library_time_budget_ends_with_e108_and_the_next_is_whole(tmp_path):
    page = tmp_path / "big.html"
    page.write_text("<html><body>" + "<div><span>cell</span></div>" * 100_000 + "</body></html>")
    pipeline = Pipeline(nlp=False, budget=0.05)  # the HTML walk reads the clock every 1,024 elements
    slow = pipeline(Capture(data=page.read_bytes(), kind="html", path=str(page)))
    assert _codes(slow.to_dict()) == ["E108"] and slow.errors[0].stage == "extract.html"
    assert "time budget" in slow.errors[0].message and slow.blocks == []
    good = Pipeline(nlp=False, budget=5.0)(Capture(data=GOOD_PAGE, kind="html"))
    assert good.errors == [] and good.text == GOOD_PAGE_TEXT
    assert Pipeline(nlp=False).budget == 10.0  # the default, whoever runs the pipeline


# The first date search in a process that reaches dateparser loads all its locales (seconds): run in a fresh process,
# under a budget far shorter than that load, the page keeps its headline check (no E108) and gets its date searched.
_FIRST_DATE_SEARCH = """
import sys
from copydesk import Capture
from copydesk.pipeline import Pipeline
pipeline = Pipeline(nlp=False, budget=0.3)
pipeline(Capture(data="Warm-up\\nA first line of text, so that lazy imports are done.\\n", kind="text"))
title = "12 Must-Have Data Analysis Tools for 2026"  # (WCXB page 0244's: it reaches dateparser)
page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{'A sentence of the body. ' * 20}</p>"
article = pipeline(Capture(data=page + "</body></html>", kind="html"))
print("dateparser" in sys.modules, [e.code for e in article.errors])
"""


def test_hostile_first_date_search_loading_dateparser_is_not_charged_to_the_page():
    run = subprocess.run([sys.executable, "-c", _FIRST_DATE_SEARCH], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["True", "[]"], run.stdout + run.stderr[-2000:]


# -- --max-bytes on what is decoded ------------------------------------------------------------------------------------

# The child's own peak, VmHWM: its ru_maxrss starts at the size of the process it was forked from (pytest's).
_PEAK_KB = "next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))"


def _gzip_bomb(size: int) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    return (
        z.compress(b"<html><body><p>")
        + b"".join(z.compress(b" " * (1 << 20)) for _ in range(size >> 20))
        + z.compress(b"</p></body></html>")
        + z.flush()
    )


def test_hostile_warc_body_that_decodes_past_max_bytes_is_refused_unheld(tmp_path):
    page = GOOD_PAGE.encode()
    path = tmp_path / "bomb.warc.gz"
    with open(path, "wb") as f:
        write_warc(
            f,
            [
                ("https://example.org/before", page),
                ("https://example.org/gzip", gzip.compress(page), "gzip"),
                ("https://example.org/br", brotli.compress(page), "br"),
                ("https://example.org/deflate", zlib.compress(page)[2:-4], "deflate"),
                ("https://example.org/bomb", _gzip_bomb(64 << 20), "gzip"),  # 64 KB: 64 MB decoded
                ("https://example.org/br-bomb", brotli.compress(b" " * (64 << 20)), "br"),
                ("https://example.org/after", page),
            ],
        )
    arts = _parse(path, "--max-bytes", 1_000_000)
    by_url = {a["source"]["url"]: a for a in arts}
    assert list(by_url) == [
        f"https://example.org/{n}" for n in ("before", "gzip", "br", "deflate", "bomb", "br-bomb", "after")
    ]
    for name in ("before", "gzip", "br", "deflate", "after"):
        assert _good(by_url[f"https://example.org/{name}"], GOOD_PAGE_TEXT), name
    for name in ("bomb", "br-bomb"):
        art = by_url[f"https://example.org/{name}"]
        assert _codes(art) == ["E102"] and "decodes" in art["errors"][0]["message"] and art["blocks"] == []


def test_hostile_warc_bomb_stays_within_memory(tmp_path):
    path = tmp_path / "bomb.warc.gz"
    with open(path, "wb") as f:
        write_warc(f, [("https://example.org/bomb", _gzip_bomb(512 << 20), "gzip")])  # 512 MB decoded
    code = (
        f"import copydesk.sources as s; caps = list(s.captures([{str(path)!r}], max_bytes=1_000_000)); "
        f"print(caps[0].error.code, {_PEAK_KB})"
    )
    code_out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, timeout=60).stdout.split()
    assert code_out[0] == b"E102" and int(code_out[1]) < 150_000  # KB: not the 512 MB the body decodes to


def _articles_file(tmp_path, name: str, middle: list[bytes]) -> tuple:
    """An Article JSON Lines file (gzipped when `name` ends in .gz): the seed's Article, `middle`, a second good one."""
    first = copydesk.parse(GOOD, nlp=False)
    last = copydesk.parse(GOOD, nlp=False)
    last.id = "last"
    lines = [first.to_json().encode(), *middle, last.to_json().encode()]
    path = tmp_path / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "wb") as f:
        for line in lines:
            f.write(line + b"\n")
    return path, first, last


def test_hostile_articles_gz_with_a_line_past_max_bytes_is_passed_over_unheld(tmp_path):
    long_line = b'{"schema": "copydesk.article/1", "id": "long", "text": "' + b" " * 20_000_000 + b'"}'
    path, first, last = _articles_file(tmp_path, "articles.jsonl.gz", [long_line])
    db = tmp_path / "s.db"
    code = (
        "import sys; from copydesk.store.ingest import ingest; "
        f"s = ingest([{str(path)!r}], db={str(db)!r}, kind=sys.argv[1], max_bytes=1_000_000, progress=False); "
        f"print(s['inserted'], s['bad records'], {_PEAK_KB})"
    )
    for kind in ("articles", "auto"):
        db.unlink(missing_ok=True)
        proc = subprocess.run([sys.executable, "-c", code, kind], capture_output=True, check=True, timeout=120)
        inserted, bad, peak_kb = map(int, proc.stdout.split())
        assert (inserted, bad) == (2, 1) and b"over the 1,000,000-byte limit" in proc.stderr, kind
        assert peak_kb < 120_000, kind  # the 20 MB line is never held (nor decoded into 20 MB of str)
        stored = {a.id: a for a in _articles(db)}
        assert stored[first.id].text == GOOD_TEXT and stored["last"].text == GOOD_TEXT


# -- NUL bytes ---------------------------------------------------------------------------------------------------------


def test_hostile_nul_bytes_are_binary_with_a_small_record(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b-nul.txt").write_bytes(b"\x00" * 1_000_000)
    (tmp_path / "c-nul.html").write_bytes(b"<html><body><p>" + b"\x00" * 1_000_000)
    (tmp_path / "d-utf16.txt").write_bytes(GOOD.encode("ascii", "replace").decode().encode("utf-16-le"))
    (tmp_path / "e.txt").write_text(GOOD)
    out = tmp_path / "out.jsonl"
    _cli(
        "parse",
        "--no-nlp",
        tmp_path / "a.txt",
        tmp_path / "b-nul.txt",
        tmp_path / "c-nul.html",
        tmp_path / "d-utf16.txt",
        tmp_path / "e.txt",
        "-o",
        out,
        status=1,  # the NULs are binary
    )
    lines = out.read_bytes().splitlines()
    before, nul, nul_page, utf16, after = map(json.loads, lines)
    assert _good(before) and _good(after)
    for art, line in ((nul, lines[1]), (nul_page, lines[2])):
        assert _codes(art) == ["E103"] and "binary" in art["errors"][0]["message"] and len(line) < 1000
    # ASCII text in UTF-16 is valid UTF-8 with a NUL after each letter: it is read as UTF-16, by its NUL pattern.
    assert _codes(utf16) == ["E105"] and "utf-16-le" in utf16["errors"][0]["message"]
    assert "Widespread concern" in utf16["text"] and "\x00" not in utf16["text"]


# -- --resume over JSON Lines records that carry html ------------------------------------------------------------------


def test_hostile_resume_over_html_records_gives_the_uninterrupted_output(tmp_path):
    path, full, out = tmp_path / "pages.jsonl", tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    records = [{"id": f"p{i}", "html": GOOD_PAGE.replace("<p>", f"<p>Page {i}. ", 1)} for i in range(4)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    _cli("parse", "--no-nlp", path, "-o", full)
    data = full.read_bytes()
    assert [json.loads(line)["source"]["kind"] for line in data.splitlines()] == ["html"] * 4
    ends = [0] + [i + 1 for i, b in enumerate(data) if b == ord("\n")]
    for keep in range(len(ends)):
        out.write_bytes(data[: ends[keep] + (25 if keep < 4 else 0)])  # stopped 25 bytes into the next record
        result = CliRunner().invoke(main, ["parse", "--no-nlp", str(path), "-o", str(out), "--resume"])
        assert result.exit_code == 0, result.output  # it refused with E402 "inputs changed" before
        assert out.read_bytes() == data, keep


# -- lone surrogates and deep nesting through parse, ingest and ingest --from articles ---------------------------------

SURROGATE = (
    '{"id": "sur\\ud800", "title": "A title \\udc00", "text": "A body with a lone \\ud800 surrogate. '
    + "It goes on for a while. " * 10
    + '"}'
)
DEEP = '{"id": "deep", "text": "x", "n": ' + "[" * 1_000 + "]" * 1_000 + "}"


def test_hostile_surrogate_and_deep_records_through_parse_and_ingest(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(
        "\n".join(
            [json.dumps({"id": "before", "text": GOOD}), SURROGATE, DEEP, json.dumps({"id": "after", "text": GOOD})]
        )
        + "\n"
    )
    before, sur, deep, after = _parse(path)
    assert _good(before) and _good(after)
    assert _codes(sur) == ["E105"] and sur["title"] == "A title \ufffd" and "lone \ufffd surrogate" in sur["text"]
    assert _codes(deep) == ["E106"] and "nested too deep" in deep["errors"][0]["message"]
    db = tmp_path / "s.db"
    _cli("ingest", "--no-nlp", "--db", db, path, status=1)  # the deep record is not stored
    stored = {a.id: a for a in _articles(db)}
    assert "deep" not in stored and stored["before"].text == GOOD_TEXT and stored["after"].text == GOOD_TEXT
    assert stored["sur\ufffd"].title == "A title \ufffd"


def test_hostile_surrogate_and_deep_articles_through_ingest_from_articles(tmp_path):
    good = copydesk.parse(GOOD, nlp=False).to_json()
    surrogate = good.replace('"title":"', '"title":"\\ud800 ', 1).replace(
        f'"id":"{json.loads(good)["id"]}"', '"id":"sur\\udc00"', 1
    )
    deep = '{"schema": "copydesk.article/1", "id": "deep", "title": ' + "[" * 1_000 + "]" * 1_000 + "}"
    deeper = "[" * 100_000 + "]" * 100_000
    path, first, last = _articles_file(tmp_path, "articles.jsonl", [surrogate.encode(), deep.encode(), deeper.encode()])
    db = tmp_path / "s.db"
    result = CliRunner().invoke(
        main, ["ingest", "--from", "articles", "--db", str(db), str(path)], catch_exceptions=False
    )
    assert result.exit_code == 1, result.output
    assert "2 bad record(s)" in result.stderr and result.stderr.count("nested too deep") == 2
    stored = {a.id: a for a in _articles(db)}
    assert set(stored) == {first.id, "sur\ufffd", "last"}
    assert stored["sur\ufffd"].title == "\ufffd " + first.title
    assert stored[first.id].to_json() == first.to_json() and stored["last"].text == GOOD_TEXT


def test_hostile_file_name_that_is_not_utf8_is_ingested_with_the_others(tmp_path):
    # os.walk gives such a name with a lone surrogate in it, which SQLite (and the content hash) refused.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    (folder / os.fsdecode(b"b-caf\xe9.txt")).write_text(GOOD.replace("Julian Ryall", "Julian Ryall and Ann Lee"))
    (folder / "c.txt").write_text(GOOD.replace("Julian Ryall", "J. Ryall"))
    db = tmp_path / "s.db"
    _cli("ingest", "--no-nlp", "--db", db, folder)
    paths = sorted(os.path.basename(a.source.path) for a in _articles(db))
    assert paths == ["a.txt", "b-caf\ufffd.txt", "c.txt"]
