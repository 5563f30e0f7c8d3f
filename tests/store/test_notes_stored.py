"""Stores keep an Article's notes (SQLite and PostgreSQL), and read an Article of the previous contract."""

from __future__ import annotations

from click.testing import CliRunner

import copydesk
from copydesk.cli import main
from copydesk.store import open_store

from ..conftest import FIXTURES, SAMPLE

V1 = FIXTURES / "article-v1" / "fundus-at-derstandard.jsonl"


def test_store_notes_round_trip(target):
    german = copydesk.parse(SAMPLE / "fundus-at-derstandard.txt", nlp=True)
    assert german.notes and not german.errors
    with open_store(target) as store:
        assert store.upsert([german])["inserted"] == 1
        got = store.get(german.id)
        assert got.to_json() == german.to_json() and [n.code for n in got.notes] == ["E301"]
        assert store.upsert([german])["unchanged"] == 1


def test_store_ingests_articles_of_the_previous_contract(target):
    result = CliRunner().invoke(main, ["ingest", str(V1), "--db", target])
    assert result.exit_code == 0, result.stderr
    assert "1 inserted" in result.stderr
    with open_store(target) as store:
        (row,) = store.articles()
        got = store.get(row.id)
    assert got.schema == "copydesk.article/2" and got.errors == [] and [n.code for n in got.notes] == ["E301"]
