"""`copydesk export` on both backends: every table in every format from a store of the sample captures, filters,
Parquet read back against the store's own answers, the articles' JSON Lines re-ingested, paging over many rows."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import copydesk
from copydesk.cli import main
from copydesk.model import Article
from copydesk.store import Filters, open_store
from copydesk.store.export import COLUMNS, TABLES, export, pages
from copydesk.store.rows import global_keys

from ..conftest import SAMPLE

CAPTURES = sorted(SAMPLE.glob("*.txt"))


@pytest.fixture(scope="module")
def sample_articles() -> list[Article]:
    """The sample captures parsed with the NLP stages (entities, quotes), once for the module."""
    return [copydesk.parse(path) for path in CAPTURES]


@pytest.fixture
def stored(target, sample_articles) -> str:
    """A store on each backend holding the sample captures' articles."""
    with open_store(target) as store:
        store.upsert(sample_articles)
    return target


def _cli(*args: str, status: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == status, result.output + (result.stderr or "")
    return result


def _export(db: str, table: str, out: Path, *args: str) -> list[dict]:
    """Export `table` to `out` and read the file back as dicts, whatever its format."""
    _cli("export", table, "--db", db, "-o", str(out), *args)
    if out.suffix == ".parquet":
        return pq.read_table(out).to_pylist()
    text = out.read_text(encoding="utf-8")
    if out.suffix == ".csv":
        return list(csv.DictReader(io.StringIO(text, newline="")))
    return [json.loads(line) for line in text.splitlines()]


def _as_csv(row: dict) -> dict:
    """A row as its CSV cells read back (None empty, lists joined with "; ")."""
    shown = {k: "" if v is None else "; ".join(v) if isinstance(v, list) else str(v) for k, v in row.items()}
    return {k: "'" + v if v.startswith(("=", "+", "-", "@")) else v for k, v in shown.items()}


def test_export_every_table_and_format_agree_with_the_store(stored, sample_articles, tmp_path):
    with open_store(stored) as store:
        expected = {
            "articles": {r.id: r for r in store.articles(limit=1000)},
            "quotes": [q.to_dict() for q in store.quotes(limit=1000)],
            "entities": {e.key: e for e in store.entities(limit=10_000)},
        }
    for table in TABLES:
        parquet = _export(stored, table, tmp_path / f"{table}.parquet")
        assert parquet and list(parquet[0]) == [name for name, _ in COLUMNS[table]]
        assert _export(stored, table, tmp_path / f"{table}.csv") == [_as_csv(row) for row in parquet]
        if table != "articles":  # articles in JSON Lines are whole Articles (next test)
            assert _export(stored, table, tmp_path / f"{table}.jsonl") == parquet
        if table == "articles":
            assert {row["id"] for row in parquet} == {a.id for a in sample_articles}
            for row in parquet:
                listed = expected["articles"][row["id"]]
                assert (row["title"], row["published"], row["language"], row["source"]) == (
                    listed.title,
                    listed.published,
                    listed.language,
                    listed.source,
                )
                assert (row["entities"], row["quotes"], row["title_verdict"]) == (
                    listed.entities,
                    listed.quotes,
                    listed.title_verdict,
                )
        elif table == "quotes":
            # The store's own listing, in the same order (article, then the quote's place in it), plus the date.
            assert [{k: v for k, v in row.items() if k != "published"} for row in parquet] == expected["quotes"]
        elif table == "entities":
            assert {row["key"] for row in parquet} == set(expected["entities"])
            for row in parquet:
                joined = expected["entities"][row["key"]]
                assert (row["name"], row["type"], row["articles"], row["mentions"], row["quotes"]) == (
                    joined.name,
                    joined.type,
                    joined.articles,
                    joined.mentions,
                    joined.quotes,
                )
                assert set(row["aliases"]) == set(joined.aliases) and set(row["roles"]) == set(joined.roles)
        else:  # mentions: each row's text is what the Article's offsets point at
            by_id = {a.id: a for a in sample_articles}
            for row in parquet:
                article = by_id[row["article_id"]]
                assert row["text"] == article.blocks[row["block"]].text[row["char_start"] : row["char_end"]]
                (entity,) = [e for e in article.entities if e.id == row["entity_id"]]
                assert row["name"] == entity.name and row["type"] == entity.type
            # Every mention of every entity the store joins (one whose name holds a letter or digit).
            assert len(parquet) == sum(len(e.mentions) for a in sample_articles for e in a.entities if global_keys(e))


def test_export_articles_jsonl_reingests_to_the_same_articles(stored, sample_articles, tmp_path):
    out = tmp_path / "articles.jsonl"
    _cli("export", "articles", "--db", stored, "-o", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert {Article.from_json(line).id for line in lines} == {a.id for a in sample_articles}
    fresh = str(tmp_path / "fresh.db")
    ingested = _cli("ingest", "--from", "articles", str(out), "--db", fresh)
    assert f"{len(sample_articles)} inserted" in ingested.stderr
    with open_store(fresh) as store:
        for article in sample_articles:
            assert store.get(article.id).to_json() == article.to_json()


def test_export_filters_narrow_the_rows(stored, sample_articles, tmp_path):
    german = [a.id for a in sample_articles if a.language == "de"]
    assert german and len(german) < len(sample_articles)
    rows = _export(stored, "articles", tmp_path / "de.csv", "--language", "de")
    assert [r["id"] for r in rows] == german
    rows = _export(stored, "articles", tmp_path / "lavrov.parquet", "-q", "Lavrov summit")
    assert [r["title"] for r in rows] == ["Spain probes deaths of thousands of Spaniards in Nazi camps"]
    since = _export(stored, "articles", tmp_path / "since.jsonl", "--from", "2024")
    assert since and all(Article.from_dict(r).published >= "2024" for r in since)
    assert len(since) == sum(1 for a in sample_articles if (a.published or "") >= "2024")

    # --speaker picks the quotes themselves; --entity (a name or a key) the mentions themselves.
    brown = _export(stored, "quotes", tmp_path / "brown.jsonl", "--speaker", "Brown")
    assert len(brown) == 5 and {q["speaker"] for q in brown} == {"James Brown"}
    mentions = _export(stored, "mentions", tmp_path / "brown.csv", "--entity", "James Brown")
    assert [m["text"] for m in mentions] == ["James Brown", "Brown"]
    by_key = _export(stored, "mentions", tmp_path / "brown-key.csv", "--entity", "PERSON:james brown")
    assert by_key == mentions
    entities = _export(stored, "entities", tmp_path / "de-entities.parquet", "--language", "de")
    with open_store(stored) as store:
        expected = store.entities(limit=10_000, filters=Filters(language="de"))
    assert {e["key"] for e in entities} == {e.key for e in expected}


def test_export_with_no_matching_rows_writes_an_empty_table(stored, tmp_path):
    for suffix in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"none.{suffix}"
        result = _cli("export", "quotes", "--db", stored, "-o", str(out), "-q", "zzyzx")
        assert "0 quotes row(s) written" in result.stderr
        if suffix == "csv":
            assert out.read_text(encoding="utf-8").splitlines() == [",".join(n for n, _ in COLUMNS["quotes"])]
        elif suffix == "jsonl":
            assert out.read_bytes() == b""
        else:
            table = pq.read_table(out)
            assert table.num_rows == 0 and table.column_names == [n for n, _ in COLUMNS["quotes"]]
    # A name no stored entity has selects nothing, as a key no entity has does.
    for entity in ("Nobody Anyone", "PERSON:nobody anyone"):
        assert _export(stored, "articles", tmp_path / "nobody.csv", "--entity", entity) == []


def test_export_to_stdout_and_usage_errors(stored, tmp_path):
    out = _cli("export", "quotes", "--db", stored, "-o", "-", "--speaker", "James Brown").stdout
    assert len(out.splitlines()) == 5 and json.loads(out.splitlines()[0])["speaker"] == "James Brown"
    table = _cli("export", "entities", "--db", stored, "-o", "-", "--format", "csv").stdout
    assert table.splitlines()[0] == "key,name,type,articles,mentions,quotes,aliases,roles"

    assert "is not one of" in _cli("export", "quotes", "--db", stored, "-o", "x", "--format", "xml", status=2).stderr
    unknown = _cli("export", "quotes", "--db", stored, "-o", str(tmp_path / "q.txt"), status=2)
    assert "cannot tell the format" in unknown.stderr and not (tmp_path / "q.txt").exists()
    assert "not stdout" in _cli("export", "quotes", "--db", stored, "-o", "-", "--format", "parquet", status=2).stderr
    assert "is not a year" in _cli("export", "quotes", "--db", stored, "-o", "-", "--from", "May", status=2).stderr
    _cli("export", "cats", "--db", stored, "-o", "-", status=2)
    missing = _cli("export", "quotes", "--db", str(tmp_path / "missing.db"), "-o", "-", status=1)
    assert "no store at" in missing.stderr


def test_export_parquet_without_pyarrow_names_the_extra(stored, tmp_path):
    # A Python where pyarrow cannot be imported (None in sys.modules makes the import fail, as when it is absent).
    code = (
        "import sys; sys.modules['pyarrow'] = None; sys.modules['pyarrow.parquet'] = None\n"
        "from copydesk.cli import main\n"
        "main(sys.argv[1:])"
    )
    out = tmp_path / "q.parquet"
    result = subprocess.run(
        [sys.executable, "-c", code, "export", "quotes", "--db", stored, "-o", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert result.returncode == 2, result.stderr
    assert "copydesk[ray]" in result.stderr and not out.exists()


def test_export_reads_the_store_page_by_page(target, seed, tmp_path):
    # 300 articles (the seed under 300 ids, its entities and quotes left out to keep the store quick to fill).
    seed.entities, seed.quotes = [], []
    copies = []
    for n in range(300):
        copy = Article.from_json(seed.to_json())
        copy.id = f"a{n:04d}"
        copies.append(copy)
    with open_store(target) as store:
        store.upsert(copies)
        reading = pages(store, "articles", page_size=40)
        first = next(reading)
        assert [row["id"] for row in first] == [f"a{n:04d}" for n in range(40)]
        # Written after the first page was read: a later page still finds it, so no page was read ahead.
        late = Article.from_json(copies[0].to_json())
        late.id = "z0000"
        store.upsert([late])
        rest = list(reading)
    assert [len(page) for page in rest] == [40] * 6 + [21]
    assert [row["id"] for page in [first, *rest] for row in page] == [c.id for c in copies] + ["z0000"]

    # The command with a small page size writes the same file as with one page.
    small, large = tmp_path / "small.parquet", tmp_path / "large.parquet"
    _cli("export", "articles", "--db", target, "-o", str(small), "--page-size", "7")
    _cli("export", "articles", "--db", target, "-o", str(large))
    assert pq.read_table(small).to_pylist() == pq.read_table(large).to_pylist()
    assert pq.ParquetFile(small).metadata.num_row_groups == 43  # one row group per page: 301 rows, 7 a page


def test_export_csv_for_a_terminal_shows_captured_text_it_cannot_obey(target, seed):
    seed.title = "\x1b]8;;http://evil.example\x07Click\x1b]8;;\x07 =1+1 \x1b[2J"
    with open_store(target) as store:
        store.upsert([seed])
        kept, shown = io.BytesIO(), io.BytesIO()
        export(store, "articles", kept, "csv")
        export(store, "articles", shown, "csv", printable=True)
    (kept_row,) = csv.DictReader(io.StringIO(kept.getvalue().decode("utf-8"), newline=""))
    (shown_row,) = csv.DictReader(io.StringIO(shown.getvalue().decode("utf-8"), newline=""))
    assert kept_row["title"] == seed.title  # a file keeps the captured text as it is
    assert shown_row["title"] == "Click =1+1 " and "\x1b" not in shown.getvalue().decode("utf-8")


def test_export_entity_name_that_names_two_entities_is_a_usage_error(target, seed, tmp_path):
    other = Article.from_json(seed.to_json())
    other.id = "other-russia"
    (russia,) = [e for e in other.entities if e.name == "Russia"]
    russia.type = "ORG"  # the same name, another type: two joined entities
    with open_store(target) as store:
        store.upsert([seed, other])
    result = _cli("export", "articles", "--db", target, "-o", "-", "--entity", "Russia", status=2)
    assert "names 2 entities" in result.stderr and "GPE:russia" in result.stderr and "ORG:russia" in result.stderr
    rows = _export(target, "articles", tmp_path / "org.csv", "--entity", "ORG:russia")
    assert [r["id"] for r in rows] == ["other-russia"]
