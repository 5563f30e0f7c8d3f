"""The store commands on both backends: ingest captures or Articles, then search, quotes, entities, show."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.model import Article

from .conftest import SEED_PATH


def _cli(*args: str, input: str | None = None, status: int = 0):
    result = CliRunner().invoke(main, list(args), input=input)
    assert result.exit_code == status, result.output + (result.stderr or "")
    return result


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_cli_store_ingest_a_capture_then_query_it(target):
    # The real flow, NLP included: a capture in, the questions an editor asks out.
    first = _cli("ingest", str(SEED_PATH), "--db", target)
    assert "1 inserted, 0 updated, 0 unchanged" in first.stderr
    again = _cli("ingest", str(SEED_PATH), "--db", target)
    assert "0 inserted, 0 updated, 1 unchanged" in again.stderr

    (hit,) = _jsonl(_cli("search", "Lavrov summit", "--db", target).stdout)
    assert hit["title"].startswith("Spain probes") and "**" in hit["snippet"]

    for speaker in ("James Brown", "Brown"):
        quotes = _jsonl(_cli("quotes", "--speaker", speaker, "--db", target).stdout)
        assert sum(q["kind"] == "direct" for q in quotes) == 4
        assert {q["speaker"] for q in quotes} == {"James Brown"}
    direct = _jsonl(_cli("quotes", "--speaker", "James Brown", "--kind", "direct", "--db", target).stdout)
    assert len(direct) == 4

    people = _jsonl(_cli("entities", "--type", "PERSON", "--db", target, "--limit", "100").stdout)
    assert "James Brown" in {e["name"] for e in people} and {e["type"] for e in people} == {"PERSON"}

    article = Article.from_json(_cli("show", hit["id"], "--db", target).stdout)
    assert article.id == hit["id"] and article.quotes


def test_cli_store_tables_for_people(target, seed):
    src = json.dumps(seed.to_dict())
    _cli("ingest", "-", "--db", target, input=src + "\n")  # Article JSON on stdin, recognised by its schema
    out = _cli("quotes", "--speaker", "Brown", "--db", target, "--table").stdout
    assert out.splitlines()[0].split() == ["SPEAKER", "KIND", "ARTICLE", "QUOTE"]
    assert out.count("James Brown") >= 4
    assert "Lavrov" in _cli("search", "Lavrov", "--db", target, "--table").stdout
    assert "James Brown" in _cli("entities", "--type", "person", "--db", target, "--table").stdout
    page = _cli("show", seed.id, "--db", target, "--table").stdout
    assert "Widespread concern" in page and "Removed" in page and "[comments]" in page
    assert "James Brown (direct, said)" in page


def test_cli_store_ingest_article_jsonl_detected_or_forced(target, seed, tmp_path):
    path = tmp_path / "articles.jsonl"
    newer = Article.from_json(seed.to_json())
    newer.title = "Newer headline"
    path.write_text(seed.to_json() + "\n\nnot json\n" + newer.to_json() + "\n", encoding="utf-8")
    result = _cli("ingest", str(path), "--db", target, status=1)
    # One bad line is reported and skipped (exit status 1); the later version of the same id replaces the earlier one.
    assert "1 inserted, 1 updated, 0 unchanged, 1 bad record(s)" in result.stderr
    assert "not an Article" in result.stderr and "failed: 1 input(s) or record(s) not stored" in result.stderr
    forced = _cli("ingest", "--from", "articles", str(path), "--db", target, "--batch", "1", status=1)
    assert "0 inserted, 2 updated, 0 unchanged" in forced.stderr  # the older version, then the newer, again
    (hit,) = _jsonl(_cli("search", "newer headline", "--db", target).stdout)
    assert hit["id"] == seed.id


def test_cli_store_errors_are_clear(target, tmp_path):
    missing = tmp_path / "missing.db"
    result = CliRunner().invoke(main, ["search", "x", "--db", str(missing)])
    assert result.exit_code != 0 and "no store at" in result.output and not missing.exists()
    _cli("ingest", "--no-nlp", str(SEED_PATH), "--db", target)
    for query in ('"', "", "*"):
        result = CliRunner().invoke(main, ["search", query, "--db", target])
        assert result.exit_code == 1 and "E411" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["show", "no-such-id", "--db", target])
    assert result.exit_code == 1 and "no article" in result.output


@pytest.mark.parametrize("command", ["ingest", "search", "quotes", "entities", "show"])
def test_cli_store_commands_have_help(command):
    assert "Usage:" in _cli(command, "--help").output
