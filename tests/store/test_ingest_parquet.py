"""`copydesk ingest` of run-ray's Parquet output, on both backends.

The parts are written with the writer run-ray's actors use (`runners/table.py`: `PartWriter` and `article_row`),
called directly on Articles parsed from real captures as the actors parse them (`sources.captures`, then the
pipeline); Ray itself is not started here (`tests/runners` runs it).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("pyarrow")  # the ray extra

from pyarrow import fs as pafs  # noqa: E402

from copydesk import parse  # noqa: E402
from copydesk.cli import main  # noqa: E402
from copydesk.model import Article  # noqa: E402
from copydesk.runners.table import (  # noqa: E402
    ARTICLE_SCHEMA,
    ERROR_SCHEMA,
    JOB_FILE,
    PartWriter,
    article_row,
    error_rows,
)
from copydesk.sources import captures  # noqa: E402
from copydesk.store import parquet as parquet_input  # noqa: E402

from ..conftest import FIXTURES, SAMPLE  # noqa: E402

TEXTS = sorted((FIXTURES / "text").glob("*.txt"))[:12]


def _cli(*args: str, status: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == status, result.output + (result.stderr or "")
    return result


def _parsed(paths: list[Path], nlp: bool) -> list[Article]:
    """The Articles of `paths`, as a run-ray actor parses them (copydesk's sources, then the pipeline)."""
    return [parse(c, nlp=nlp) for c in captures([str(p) for p in paths])]


def _write_part(path: Path, articles: list[Article], shard: str, schema=ARTICLE_SCHEMA, rows=None) -> Path:
    """A Parquet part as run-ray writes one (`rows`: the rows to write, by default one per Article)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = PartWriter(pafs.LocalFileSystem(), str(path), schema)
    for row in rows if rows is not None else [article_row(a, shard, seq) for seq, a in enumerate(articles)]:
        writer.write(row)
    writer.close()
    return path


def _run_ray_output(out: Path, shards: dict[str, list[Article]]) -> Path:
    """A folder laid out as `run-ray --out OUT --jsonl` leaves it: articles and errors parts, JSON Lines copies and
    the job file (whose shards give the input order)."""
    for name, articles in shards.items():
        _write_part(out / "articles" / f"{name}.parquet", articles, name)
        errors = [row for seq, a in enumerate(articles) for row in error_rows(a, name, seq)]
        _write_part(out / "errors" / f"{name}.parquet", [], name, ERROR_SCHEMA, errors)
        (out / "jsonl").mkdir(exist_ok=True)
        (out / "jsonl" / f"{name}.jsonl").write_text("".join(a.to_json() + "\n" for a in articles), encoding="utf-8")
    job = {"schema": "copydesk.ray-output/1", "shards": [[name, f"/in/{name}"] for name in shards]}
    (out / JOB_FILE).write_text(json.dumps(job), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def sample_articles() -> list[Article]:
    """The sample captures parsed with the NLP stages (entities and quotes to store)."""
    return _parsed(sorted(SAMPLE.glob("*.txt")), nlp=True)


@pytest.fixture(scope="module")
def text_articles() -> list[Article]:
    return _parsed(TEXTS, nlp=False)


def _shown(db: str, article_id: str) -> str:
    return _cli("show", article_id, "--db", db, "--json").stdout


def test_ingest_parquet_stores_what_ingest_of_the_captures_stores(target, sample_articles, tmp_path):
    out = _run_ray_output(tmp_path / "out", {"part-a": sample_articles[:2], "part-b": sample_articles[2:]})
    first = _cli("ingest", str(out), "--db", target)
    # The articles parts only: the errors table, the JSON Lines copies and the job file are not read as captures.
    n = len(sample_articles)
    assert f"{n} inserted, 0 updated, 0 unchanged" in first.stderr
    for article in sample_articles:
        assert _shown(target, article.id) == article.to_json() + "\n"  # the contract JSON, byte for byte
    # The same captures ingested (parsed here) are the same articles: the store sees nothing new.
    again = _cli("ingest", *(str(p) for p in sorted(SAMPLE.glob("*.txt"))), "--db", target)
    assert f"0 inserted, 0 updated, {n} unchanged" in again.stderr
    rerun = _cli("ingest", str(out), "--db", target)
    assert f"0 inserted, 0 updated, {n} unchanged" in rerun.stderr


def test_ingest_parquet_equals_ingest_of_captures_in_a_fresh_store(target, text_articles, tmp_path):
    parts = tmp_path / "parts"
    for i in range(0, len(text_articles), 5):  # a plain folder of several parts, no job file
        _write_part(parts / f"part-{i:03d}.parquet", text_articles[i : i + 5], f"part-{i:03d}")
    result = _cli("ingest", str(parts), "--db", target, "--batch", "4")
    assert f"{len(text_articles)} inserted, 0 updated, 0 unchanged" in result.stderr
    captured = str(tmp_path / "captured.db")
    _cli("ingest", *(str(p) for p in TEXTS), "--no-nlp", "--db", captured)
    for article in text_articles:
        assert _shown(target, article.id) == _shown(captured, article.id)
    assert "0 inserted, 0 updated, 12 unchanged" in _cli("ingest", str(parts), "--db", target).stderr


def test_ingest_parquet_reports_a_corrupted_part_and_stores_the_others(target, text_articles, tmp_path):
    parts = tmp_path / "parts"
    good = _write_part(parts / "part-1.parquet", text_articles[:4], "part-1")
    broken = _write_part(parts / "part-2.parquet", text_articles[4:8], "part-2")
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) // 2])  # cut off: its footer is gone (it still opens with PAR1)
    rows = [article_row(a, "part-3", seq) for seq, a in enumerate(text_articles[8:12])]
    rows[1]["blocks"] = "[not json"  # one row that gives no Article
    _write_part(parts / "part-3.parquet", [], "part-3", rows=rows)
    result = _cli("ingest", str(parts), "--db", target, status=1)
    assert "7 inserted, 0 updated, 0 unchanged, 2 bad record(s)" in result.stderr
    assert f"{broken}: not a readable Parquet file" in result.stderr
    assert f"{parts / 'part-3.parquet'}:row 2: not an Article" in result.stderr
    assert "failed: 2 input(s) or record(s) not stored" in result.stderr
    assert json.loads(_shown(target, text_articles[0].id))["id"] == text_articles[0].id
    assert good.exists()
    missing = _cli("show", text_articles[9].id, "--db", target, status=1)
    assert "no article" in missing.stderr


def test_ingest_parquet_sniffed_by_its_magic_or_named_with_from(target, text_articles, tmp_path):
    part = _write_part(tmp_path / "part.parquet", text_articles[:3], "part")
    renamed = tmp_path / "crawl-output.dat"  # no name to go by: PAR1 says Parquet
    shutil.copy(part, renamed)
    assert "3 inserted" in _cli("ingest", str(renamed), "--db", target, "--progress").stderr  # (no total known)
    assert "3 unchanged" in _cli("ingest", "--from", "parquet", str(part), "--db", target).stderr
    # --from parquet on a capture: named as a file that is not Parquet, nothing stored.
    capture = TEXTS[5]
    result = _cli("ingest", "--from", "parquet", str(capture), "--db", target, status=1)
    assert f"{capture}: not a readable Parquet file" in result.stderr and "0 inserted" in result.stderr


def test_ingest_parquet_of_another_table_is_a_bad_record(target, tmp_path):
    failed = parse(captures([str(tmp_path / "missing.txt")]).__next__(), nlp=False)  # an article with an error
    rows = error_rows(failed, "p", 0)
    assert rows
    errors = _write_part(tmp_path / "errors.parquet", [], "p", ERROR_SCHEMA, rows)  # run-ray's errors table
    result = _cli("ingest", str(errors), "--db", target, status=1)
    assert f"{errors}: not a table of Articles (no schema, text column)" in result.stderr


def test_ingest_parquet_without_pyarrow_names_the_extra(target, text_articles, tmp_path, monkeypatch):
    part = _write_part(tmp_path / "part.parquet", text_articles[:1], "part")
    for name in ("pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, name, None)  # as where the ray extra is not installed: the import fails
    result = _cli("ingest", str(part), "--db", target, status=1)
    assert "pip install 'copydesk[ray]'" in result.stderr
    assert parquet_input.JOB_FILE == JOB_FILE  # the folder marker ingest looks for is run-ray's
