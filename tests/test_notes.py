"""Notes apart from errors: an informational outcome ("not annotated: language de", E301) is a note in the Article
contract (`copydesk.article/2`), counted apart from errors, and an Article of the previous contract still loads."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import copydesk
from copydesk.cli import main
from copydesk.errors import SchemaError
from copydesk.model import SCHEMA, Article

from .conftest import FIXTURES, SAMPLE

GERMAN = SAMPLE / "fundus-at-derstandard.txt"
V1 = FIXTURES / "article-v1" / "fundus-at-derstandard.jsonl"


@pytest.fixture(scope="module")
def german() -> Article:
    return copydesk.parse(GERMAN, nlp=True)


def test_notes_a_german_article_has_a_note_not_an_error(german):
    assert german.language == "de" and german.errors == []
    (note,) = german.notes
    assert (note.stage, note.code) == ("annotate.nlp", "E301")
    assert note.message.startswith("not annotated: language de")
    d = json.loads(german.to_json())
    assert d["schema"] == SCHEMA == "copydesk.article/2"
    assert list(d)[-2:] == ["errors", "notes"] and d["notes"][0]["code"] == "E301"
    assert Article.from_json(german.to_json()).to_json() == german.to_json()  # round trip, byte for byte


def test_notes_an_article_of_the_previous_contract_still_loads(german):
    raw = V1.read_text(encoding="utf-8")
    assert json.loads(raw)["schema"] == "copydesk.article/1" and '"code":"E301"' in raw and '"notes"' not in raw
    old = Article.from_json(raw)
    assert old.schema == SCHEMA and old.errors == []  # brought up to this contract as it is read
    assert [(n.stage, n.code) for n in old.notes] == [("annotate.nlp", "E301")]
    assert (old.title, old.text, len(old.blocks)) == (german.title, german.text, len(german.blocks))


def test_notes_a_schema_never_written_is_refused():
    with pytest.raises(SchemaError, match="copydesk.article/2"):
        Article.from_dict({"schema": "copydesk.article/3", "id": "x"})


def test_notes_parse_counts_them_apart_from_errors(tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["parse", str(GERMAN), str(SAMPLE / "dw-north-korea-russia.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "copydesk: 2 article(s), 0 with errors, 1 with notes" in result.stderr
    german, english = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert german["notes"][0]["code"] == "E301" and english["notes"] == [] and english["entities"]


def test_notes_show_prints_a_note_not_an_error(tmp_path, german):
    db = tmp_path / "s.db"
    path = tmp_path / "a.jsonl"
    path.write_text(german.to_json() + "\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["ingest", str(path), "--db", str(db)]).exit_code == 0
    shown = CliRunner().invoke(main, ["show", german.id, "--db", str(db), "--table"])
    assert "note E301 in annotate.nlp: not annotated: language de" in shown.stdout
    assert "error " not in shown.stdout
