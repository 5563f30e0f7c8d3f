"""JSON Lines: read record by record (a file of any size, .gz, stdin), the field names real corpora use, hostile
records."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tracemalloc

import pytest
from click.testing import CliRunner

import copydesk
import copydesk.sources.jsonl
from copydesk.cli import main
from copydesk.model import Capture
from copydesk.pipeline import article_id
from copydesk.runners import articles, run
from copydesk.sources import captures

from ..conftest import FIXTURES, failed_inputs

METEORITE = (FIXTURES / "text" / "fnc-0.txt").read_text(encoding="utf-8")
APPS = (FIXTURES / "text" / "fnc-707.txt").read_text(encoding="utf-8")

# What news-please writes for an article (its JSON fields, all of them), here for an FNC-1 body.
NEWS_PLEASE = {
    "authors": ["Jane Doe", "John Roe"],
    "date_download": "2014-10-27 18:02:11",
    "date_modify": None,
    "date_publish": "2014-10-26 09:30:00",
    "description": "A small meteorite left a  16-foot crater\nnear Managua's airport, the government says.",
    "filename": "https%3A%2F%2Fexample.org%2F2014%2Fmeteorite.json",
    "image_url": None,
    "language": "en",
    "localpath": None,
    "maintext": METEORITE,
    "source_domain": "example.org",
    "text": None,
    "title": "Meteorite crashes near Managua airport",
    "title_page": None,
    "title_rss": None,
    "url": "https://example.org/2014/meteorite",
}


def _write(path, records, end="\n") -> None:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_bytes((end.join(lines) + end).encode("utf-8", "surrogatepass"))


def _cli(*args, input=None) -> list[dict]:
    """`copydesk parse --no-nlp ARGS`'s Articles; it exits 1, with their count, when any records a failed input."""
    result = CliRunner().invoke(main, ["parse", "--no-nlp", *map(str, args)], input=input, catch_exceptions=False)
    arts = [json.loads(line) for line in result.stdout.splitlines()]
    failed = failed_inputs(arts)
    assert result.exit_code == (1 if failed else 0), result.output
    assert (f"failed: {failed} input(s)" in result.stderr) == bool(failed)
    return arts


def test_jsonl_news_please_record_gives_title_dek_bylines_date_language_and_url(tmp_path):
    path = tmp_path / "news.jsonl"
    _write(path, [NEWS_PLEASE])
    (art,) = _cli(path)
    assert art["errors"] == []
    assert art["title"] == "Meteorite crashes near Managua airport"
    assert art["dek"] == "A small meteorite left a 16-foot crater near Managua's airport, the government says."
    assert art["bylines"] == [{"name": "Jane Doe", "role": None}, {"name": "John Roe", "role": None}]
    assert art["published"] == "2014-10-26"
    assert art["language"] == "en"  # stated, so recorded even with --no-nlp, which detects nothing
    assert art["source"] == {
        "kind": "jsonl",
        "path": f"{path}:1",
        "url": "https://example.org/2014/meteorite",
        "record_id": None,
        "fetched_at": "2014-10-27 18:02:11",
    }
    assert "Rosario Murillo" in art["text"]


def test_jsonl_news_please_record_through_the_library_calls(tmp_path):
    path = tmp_path / "news.jsonl"
    _write(path, [NEWS_PLEASE])
    (cap,) = captures([str(path)])
    assert (cap.published, cap.authors, cap.language) == ("2014-10-26 09:30:00", ["Jane Doe", "John Roe"], "en")
    direct = copydesk.parse(cap, nlp=False)
    (ran,) = articles([str(path)], nlp=False)
    assert ran.to_json() == direct.to_json() == json.dumps(_cli(path)[0], ensure_ascii=False, separators=(",", ":"))
    assert (direct.published, [b.name for b in direct.bylines]) == ("2014-10-26", ["Jane Doe", "John Roe"])


def test_jsonl_stated_fields_win_over_what_structure_recovery_found():
    # The capture prints its own byline and date; the record states others.
    text = "Meteorite crashes near Managua\nBy Max Mustermann\nMarch 3, 2024\n" + METEORITE
    found = copydesk.parse(Capture(data=text, kind="jsonl"), nlp=False)
    assert [b.name for b in found.bylines] == ["Max Mustermann"] and found.published == "2024-03-03"
    stated = copydesk.parse(
        Capture(data=text, kind="jsonl", authors="Jane Doe; John Roe", published="2014-10-26"), nlp=False
    )
    assert [b.name for b in stated.bylines] == ["Jane Doe", "John Roe"] and stated.published == "2014-10-26"
    assert [(b.kind, b.text) for b in stated.blocks] == [(b.kind, b.text) for b in found.blocks]  # accounting as before


def test_jsonl_stated_language_is_kept_by_the_language_stage():
    art = copydesk.parse(Capture(data=METEORITE, kind="jsonl", language="de-DE"), nlp=True)
    assert art.language == "de"  # the text is English: detection would say "en"
    assert art.errors == [] and [n.code for n in art.notes] == ["E301"]  # the English model is not run on German
    assert copydesk.parse(Capture(data=METEORITE, kind="jsonl", language="deu"), nlp=True).language == "en"


DATATROVE = {
    "text": APPS,
    "id": "<urn:uuid:5b8e7c2a-0d7e-4f4a-9c1e-2f6d1d2b9a10>",
    "media": [],
    "metadata": {
        "url": "https://example.org/apps",
        "date": "2014-11-02T07:15:31Z",
        "dump": "CC-MAIN-2014-45",
        "language": "en",
        "language_score": 0.96,
    },
}
FINEWEB = {
    "text": APPS,
    "id": "<urn:uuid:5b8e7c2a-0d7e-4f4a-9c1e-2f6d1d2b9a10>",
    "dump": "CC-MAIN-2014-45",
    "url": "https://example.org/apps",
    "date": "2014-11-02T07:15:31Z",
    "file_path": "s3://commoncrawl/crawl-data/CC-MAIN-2014-45/segments/x/warc/y.warc.gz",
    "language": "en",
    "language_score": 0.96,
    "token_count": 270,
}
C4 = {"text": APPS, "url": "https://example.org/apps", "timestamp": "2019-04-25T12:57:54Z"}
CC_NEWS = {
    "title": "Phone farm games the app charts",
    "text": APPS,
    "domain": "example.org",
    "date": "2014-11-01 08:00:00",
    "description": "A photo shows a worker rating apps on a hundred phones.",
    "url": "https://example.org/apps",
    "image_url": None,
}


@pytest.mark.parametrize(
    "record, published, fetched_at, language",
    [
        (DATATROVE, None, "2014-11-02T07:15:31Z", "en"),  # metadata.date is when the page was crawled
        (FINEWEB, None, "2014-11-02T07:15:31Z", "en"),  # FineWeb's date too: the record names its crawl (`dump`)
        (C4, None, "2019-04-25T12:57:54Z", None),
        (CC_NEWS, "2014-11-01", None, None),  # CC-News's date is news-please's date_publish
    ],
    ids=["datatrove", "fineweb", "c4", "cc-news"],
)
def test_jsonl_corpus_records_put_crawl_times_in_fetched_at(tmp_path, record, published, fetched_at, language):
    path = tmp_path / "corpus.jsonl"
    _write(path, [record])
    (art,) = _cli(path)
    assert art["errors"] == []
    assert (art["published"], art["source"]["fetched_at"], art["language"]) == (published, fetched_at, language)
    assert art["source"]["url"] == "https://example.org/apps"
    assert art["id"] == record.get("id", art["id"]) and "Weibo microblog" in art["text"]


def test_jsonl_other_names_for_id_url_and_authors(tmp_path):
    path = tmp_path / "in.jsonl"
    _write(
        path,
        [
            {"doc_id": 17, "source_url": "https://example.org/a", "author": "By Jane Doe and John Roe", "text": APPS},
            {"id": "x", "doc_id": "y", "metadata": {"url": "https://example.org/b"}, "raw_html": "<p>A page.</p>"},
        ],
    )
    first, second = _cli(path)
    assert (first["id"], first["source"]["url"]) == ("17", "https://example.org/a")
    assert [b["name"] for b in first["bylines"]] == ["Jane Doe", "John Roe"]
    assert (second["id"], second["source"]["url"], second["source"]["kind"]) == ("x", "https://example.org/b", "html")


def test_jsonl_values_of_the_wrong_type_are_ignored(tmp_path):
    path = tmp_path / "in.jsonl"
    _write(
        path,
        [
            {
                "text": APPS,
                "title": 12,
                "authors": {"name": "Jane Doe"},
                "date_publish": 20141026,
                "language": ["en"],
                "description": {"text": "x"},
                "url": 5,
                "id": {"x": 1},
                "metadata": "not a dict",
                "date_download": None,
                "maintext": 3,
            },
            {"id": "n", "text": 42},
        ],
    )
    art, no_body = _cli(path)
    assert art["errors"] == [] and "Weibo microblog" in art["text"]
    assert art["title"] != "12" and art["bylines"] == [] and art["published"] is None and art["language"] is None
    assert art["source"]["url"] is None and art["id"] == article_id(Capture(data=APPS))  # no id: the content's hash
    assert no_body["id"] == "n" and [e["code"] for e in no_body["errors"]] == ["E106"]


def test_jsonl_file_over_max_bytes_is_parsed_record_by_record(tmp_path):
    records = [{"id": f"r{i}", "text": (METEORITE, APPS)[i % 2]} for i in range(6)]
    records.insert(3, {"id": "long", "text": "word " * 10_000})
    path = tmp_path / "corpus.jsonl"
    _write(path, records)
    assert path.stat().st_size > 2 * 20_000  # the file is over the limit; each record but one is under it
    limited = _cli(path, "--max-bytes", "20000")
    whole = _cli(path)
    ids = [a["id"] for a in limited]
    assert ids[:3] + ids[4:] == [f"r{i}" for i in range(6)]
    assert [e["code"] for e in limited[3]["errors"]] == ["E102"] and limited[3]["source"]["path"] == f"{path}:4"
    assert limited[:3] + limited[4:] == whole[:3] + whole[4:]  # every other record exactly as without the limit
    assert all(not a["errors"] for a in whole)


def _peak_bytes(fn):
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_jsonl_over_long_line_is_passed_over_without_being_held(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "wb") as f:
        f.write(json.dumps({"id": "before", "text": METEORITE}).encode() + b"\n")
        f.write(b'{"text": "')
        f.seek(64 * 1024 * 1024, 1)  # a 64 MB hole: NUL bytes, and no newline
        f.write(b'"}\n' + json.dumps({"id": "after", "text": APPS}).encode() + b"\n")
    caps, peak = _peak_bytes(lambda: list(captures([str(path)], max_bytes=1_000_000)))
    assert [c.id for c in caps] == ["before", None, "after"]
    assert caps[1].error.code == "E102" and caps[1].path == f"{path}:2" and caps[2].path == f"{path}:3"
    assert peak < 8_000_000  # a record's limit and a chunk, not the 64 MB line


def test_jsonl_gzip_is_streamed_and_bounded_per_record(tmp_path):
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as f:
        f.write(json.dumps({"id": "a", "text": METEORITE}).encode() + b"\n")
        f.write(b'{"text": "')
        for _ in range(100):  # 100 MB in one line, about 0.5 MB of gzip
            f.write(b"a" * 1_000_000)
        f.write(b'"}\n' + json.dumps({"id": "b", "text": APPS}).encode() + b"\n")
    caps, peak = _peak_bytes(lambda: list(captures([str(bomb)], max_bytes=1_000_000)))
    assert [(c.id, c.error.code if c.error else None) for c in caps] == [("a", None), (None, "E102"), ("b", None)]
    assert peak < 8_000_000


def test_jsonl_gz_file_gives_what_the_plain_file_gives(tmp_path):
    records = [NEWS_PLEASE, {"id": "m", "text": METEORITE}, "not json", {"id": "a", "text": APPS}]
    plain, packed = tmp_path / "c.jsonl", tmp_path / "c.jsonl.gz"
    _write(plain, records)
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    a, b = _cli(plain), _cli(packed)
    for art in b:
        assert art["source"]["path"].startswith(f"{packed}:")
        art["source"]["path"] = str(plain) + art["source"]["path"][len(str(packed)) :]
        for e in art["errors"]:
            e["message"] = e["message"].replace(str(packed), str(plain))
    assert a[2].pop("id") != b[2].pop("id")  # the bad line's id is a hash of its path
    assert a == b and len(a) == 4


def test_jsonl_broken_gzip_keeps_the_records_before_the_break_and_the_run_goes_on(tmp_path):
    # Each record carries a line of its own digits, so that half of the gzip holds whole records.
    records = [{"id": f"r{i}", "text": METEORITE + "\n" + hashlib.sha512(b"%d" % i).hexdigest() * 8} for i in range(40)]
    whole = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    (tmp_path / "a-cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    broken = bytearray(whole)
    broken[len(broken) // 2 : len(broken) // 2 + 64] = b"\x00" * 64
    (tmp_path / "b-broken.jsonl.gz").write_bytes(bytes(broken))
    _write(tmp_path / "c-good.jsonl", [{"id": "after", "text": APPS}])
    arts = _cli(tmp_path)
    codes = [[e["code"] for e in a["errors"]] for a in arts]
    cut = next(i for i, c in enumerate(codes) if c == ["E101"])
    assert 0 < cut < 40 and [a["id"] for a in arts[:cut]] == [f"r{i}" for i in range(cut)]
    assert "cut off" in arts[cut]["errors"][0]["message"] and arts[cut]["source"]["path"] == str(
        tmp_path / "a-cut.jsonl.gz"
    )
    assert codes[-2] == ["E101"] and arts[-2]["source"]["path"] == str(tmp_path / "b-broken.jsonl.gz")
    assert arts[-1]["id"] == "after" and codes[-1] == []


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip"])
def test_jsonl_stdin_is_streamed(tmp_path, packed):
    path = tmp_path / "in.jsonl"
    _write(path, [NEWS_PLEASE, "[1]", {"id": "a", "text": APPS}])
    data = path.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "copydesk.cli", "parse", "--from", "jsonl", "--no-nlp", "-"],
        input=gzip.compress(data) if packed else data,
        capture_output=True,
    )
    assert proc.returncode == 1 and b"failed: 1 input(s)" in proc.stderr  # the record "[1]"
    got = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [a["source"]["path"] for a in got] == ["-:1", "-:2", "-:3"]
    from_file = _cli(path)
    for art in from_file:
        art["source"]["path"] = "-" + art["source"]["path"][len(str(path)) :]
        for e in art["errors"]:
            e["message"] = e["message"].replace(str(path), "-")
    assert got[1].pop("id") != from_file[1].pop("id")  # the bad line's id is a hash of its path
    assert got == from_file


def test_jsonl_line_numbers_are_counted_as_lines_were_split(tmp_path):
    path = tmp_path / "endings.jsonl"
    one, two = json.dumps({"text": METEORITE}).encode(), json.dumps({"text": APPS}).encode()
    data = one + b"\r\n\r\n" + two + b"\r" + one + b"\n   \n" + two
    path.write_bytes(data)
    expected = [f"{path}:{n}" for n, line in enumerate(data.splitlines(), 1) if line.strip()]
    assert [c.path for c in captures([str(path)])] == expected == [f"{path}:{n}" for n in (1, 3, 4, 6)]


def test_jsonl_lone_surrogates_never_crash_a_run(tmp_path):
    # json.loads turns the escape "\ud800" into a lone surrogate, which no UTF-8 writer accepts.
    path = tmp_path / "surrogates.jsonl"
    _write(
        path,
        [
            {
                "id": "s\ud800",
                "title": "A title \udc00",
                "authors": ["Jane \ud800Doe"],
                "description": "Dek \ud800.",
                "url": "https://example.org/\ud800",
                "text": "A body line with a lone \ud800 surrogate.\n" + APPS,
            },
            {"id": "after", "text": METEORITE},
        ],
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["parse", "--no-nlp", str(path), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    first, second = [json.loads(line) for line in out.read_bytes().decode("utf-8").splitlines()]  # strict UTF-8
    assert [e["code"] for e in first["errors"]] == ["E105"] and "lone surrogate" in first["errors"][0]["message"]
    assert "A body line with a lone \ufffd surrogate." in json.dumps(first, ensure_ascii=False)
    assert b"\\ud8" not in out.read_bytes() and b"\\udc" not in out.read_bytes()
    assert (first["id"], first["title"], first["dek"]) == ("s\ufffd", "A title \ufffd", "Dek \ufffd.")
    assert first["bylines"][0]["name"] == "Jane \ufffdDoe" and first["source"]["url"] == "https://example.org/\ufffd"
    assert second["id"] == "after" and second["errors"] == []
    proc = subprocess.run(
        [sys.executable, "-m", "copydesk.cli", "parse", "--no-nlp", str(path)], capture_output=True, check=True
    )
    assert proc.stdout == out.read_bytes()


def test_jsonl_nesting_too_deep_to_read_is_a_bad_record_and_the_run_goes_on(tmp_path):
    path = tmp_path / "deep.jsonl"
    _write(
        path,
        [
            {"id": "a", "text": METEORITE},
            '{"text": "x", "deep": ' + "[" * 1_000 + "]" * 1_000 + "}",
            '{"text": "x", "deep": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}",
            '{"text": "x", "n": ' + "1" * 5_000 + "}",  # more digits than Python turns into an int
            {"id": "b", "text": APPS},
        ],
    )
    arts = _cli(path)
    assert [a["id"] for a in (arts[0], arts[-1])] == ["a", "b"] and len(arts) == 5
    for art in arts[1:4]:
        assert [e["code"] for e in art["errors"]] == ["E106"]
    assert "nested too deep" in arts[1]["errors"][0]["message"] and "nested too deep" in arts[2]["errors"][0]["message"]


def _corpus(folder) -> None:
    """Three JSON Lines files: plain with an HTML record and a bad line, gzipped, and one with an over-long record."""
    folder.mkdir()
    texts = [METEORITE, APPS]
    _write(
        folder / "a.jsonl",
        [{"id": f"a{i}", "text": texts[i % 2]} for i in range(5)]
        + [
            "{broken",
            {"html": "<html><body><h1>A page</h1><p>Its only paragraph of text.</p></body></html>"},
            {**NEWS_PLEASE, "url": "https://example.org/np"},
        ],
    )
    (folder / "b.jsonl.gz").write_bytes(
        gzip.compress("".join(json.dumps({"id": f"b{i}", "text": texts[i % 2]}) + "\n" for i in range(6)).encode())
    )
    _write(
        folder / "c.jsonl",
        [{"id": "c0", "text": APPS}, {"id": "c-long", "text": "word " * 5_000}, {"id": "c2", "text": METEORITE}],
    )


@pytest.mark.parametrize("keep_lines", [0, 1, 5, 6, 7, 8, 9, 12, 14, 15, 16, 17])
def test_jsonl_resume_after_an_interrupted_run_gives_the_uninterrupted_output(tmp_path, keep_lines, monkeypatch):
    folder, full, out = tmp_path / "corpus", tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    _corpus(folder)
    run([str(folder)], nlp=False, output=str(full), max_bytes=10_000)
    data = full.read_bytes()
    assert data.count(b"\n") == 17
    ends = [i + 1 for i, b in enumerate(data) if b == ord("\n")]
    start = ends[keep_lines - 1] if keep_lines else 0
    out.write_bytes(data[: start + 40])  # the run stopped 40 bytes into the next record
    order = [json.loads(line)["source"]["path"] for line in data.splitlines()]
    decoded = []
    real = copydesk.sources.jsonl.record_capture
    monkeypatch.setattr(
        copydesk.sources.jsonl, "record_capture", lambda line, where: decoded.append(where) or real(line, where)
    )
    stats = run([str(folder)], nlp=False, output=str(out), resume=True, max_bytes=10_000)
    assert out.read_bytes() == data
    assert (stats["resumed"], stats["articles"]) == (keep_lines, 17 - keep_lines)
    # The records done are counted, not decoded: only the last one done (read to check it) and those after it are.
    assert decoded and all(order.index(where) >= keep_lines - 1 for where in decoded)


def test_jsonl_resume_in_a_cut_gzip_gives_the_uninterrupted_output(tmp_path):
    records = [{"id": f"r{i}", "text": APPS + "\n" + hashlib.sha512(b"%d" % i).hexdigest() * 8} for i in range(12)]
    whole = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    cut, full, out = tmp_path / "cut.jsonl.gz", tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    run([str(cut)], nlp=False, output=str(full))
    lines = full.read_bytes().splitlines(keepends=True)
    assert 2 < len(lines) < 12 and json.loads(lines[-1])["errors"][0]["code"] == "E101"
    for keep in range(len(lines) + 1):
        out.write_bytes(b"".join(lines[:keep]))
        run([str(cut)], nlp=False, output=str(out), resume=True)
        assert out.read_bytes() == full.read_bytes(), keep  # the error's message too ("after N record(s)")


def test_jsonl_cli_resume_and_workers_give_the_same_output(tmp_path):
    folder, out = tmp_path / "corpus", tmp_path / "out.jsonl"
    _corpus(folder)
    args = ["parse", str(folder), "--no-nlp", "--max-bytes", "10000", "-o", str(out)]
    first = CliRunner().invoke(main, args)
    whole = out.read_bytes()
    failed = failed_inputs([json.loads(line) for line in whole.splitlines()])
    assert failed and first.exit_code == 1 and f"failed: {failed} input(s)" in first.stderr
    assert CliRunner().invoke(main, [*args, "--workers", "2"]).exit_code == 1
    assert out.read_bytes() == whole
    out.write_bytes(whole[: len(whole) // 2])
    result = CliRunner().invoke(main, [*args, "--resume"])
    assert result.exit_code in (0, 1) and ("failed:" in result.stderr) == (result.exit_code == 1), result.output
    assert out.read_bytes() == whole and "kept from the earlier run" in result.stderr
