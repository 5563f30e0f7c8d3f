"""The store commands on hostile input, on both backends: captured escape sequences never reach the terminal,
a name that folds to nothing names no one, and a store URL's password is never shown."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.store import open_store

# What a terminal obeys: ESC and C1 controls (sequences), BEL, and the bidi embeddings, overrides and isolates.
OBEYED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CLEAR, TITLE, LINK = "\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\"
HOSTILE_CAPTURE = (
    f"Storm{CLEAR} warnings{TITLE} issued for the coast\n\n"
    f"By Jane Doe{LINK}\n\n"
    "Residents of Brightwater\x1b[31m were told on Monday to leave their homes as the storm approached the coast, "
    "officials said.\n\n"
    f'"We are asking everyone to go now{TITLE} and not wait for the water," said Maria Lopez\x9b31m, '
    "the mayor of Brightwater.\n\n"
    "The \u202eevil\u202c storm is expected to reach the coast late on Tuesday, the national weather service said "
    "in a statement.\n\n"
    "Lopez said buses would run every hour from the town hall until midnight.\n"
)


def _run(*args: str, input: str | None = None, ok: bool = True):
    result = CliRunner().invoke(main, list(args), input=input)
    if ok:
        assert result.exit_code == 0, result.output + (result.stderr or "")
    return result


def _strings(value) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in _strings(item)]


@pytest.fixture
def hostile_store(target, tmp_path) -> tuple[str, str]:
    """A store holding the hostile capture, parsed with the NLP stages; (target, article id)."""
    capture = tmp_path / "hostile.txt"
    capture.write_text(HOSTILE_CAPTURE, encoding="utf-8")
    _run("ingest", str(capture), "--db", target)
    (row,) = [json.loads(line) for line in _run("quotes", "--db", target, "--json", "--limit", "1").stdout.splitlines()]
    return target, row["article_id"]


def test_cli_hostile_escape_sequences_never_reach_the_terminal(hostile_store, tmp_path):
    target, id_ = hostile_store
    stored = json.loads(_run("show", id_, "--db", target, "--json").stdout)
    # JSON is exact: the captured sequences are kept as they were, only written as \u escapes.
    text = "\n".join(_strings(stored))
    assert CLEAR in text and TITLE in text and LINK in text and "\x9b31m" in text and "\u202e" in text
    for args in (["show", id_], ["search", "storm"], ["quotes"], ["quotes", "--speaker", "Lopez"], ["entities"]):
        table = _run(*args, "--db", target, "--table")
        assert table.stdout.strip(), args
        shown = table.stdout.replace("\n", "")
        # Only click's own styles remain: no sequence that came from the capture, no other control.
        assert not OBEYED.search(re.sub(r"\x1b\[[0-9;]*m", "", shown)), (args, shown)
        if args[0] != "search":  # PostgreSQL's snippets cut fragments where they like, an OSC's middle too
            assert "pwned" not in shown and "http://evil" not in shown
        raw = _run(*args, "--db", target, "--json").stdout
        assert not OBEYED.search(raw.replace("\n", "")), args
    page = _run("show", id_, "--db", target, "--table").stdout
    assert "go now and not wait for the water" in page and "Brightwater were told" in page

    # An error that echoes input, and a record that is not an Article: printed as text too.
    missing = _run("show", f"x{CLEAR}{TITLE}", "--db", target, ok=False)
    assert missing.exit_code == 1 and "no article" in missing.stderr and not OBEYED.search(missing.stderr.strip())
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**stored, "source": {f"path{CLEAR}": TITLE}}) + "\n", encoding="utf-8")
    result = _run("ingest", "--from", "articles", str(bad), "--db", target, ok=False)
    assert result.exit_code == 1 and "not an Article" in result.stderr and "path" in result.stderr
    assert not OBEYED.search(result.stderr.replace("\n", ""))


def test_cli_hostile_store_url_password_never_shown(target, tmp_path):
    # A URL with the password in its user part, as people write them; on SQLite, one of a scheme copydesk does not
    # take (a driver's name in it), refused as such.
    if target.startswith("postgresql://"):
        from psycopg.conninfo import conninfo_to_dict

        from .conftest import PG_DSN

        p = conninfo_to_dict(PG_DSN)
        secret = p["password"]
        schema = parse_qs(urlsplit(target).query)["options"][0]  # this test's schema
        url, wrong = (
            f"postgresql://{p['user']}:{quote(password, safe='')}@{p.get('host', 'localhost')}:"
            f"{p.get('port', 5432)}/{p['dbname']}?options={quote(schema)}&sslpassword={password}"
            for password in (secret, "Wr0ng-Secret%2F9")
        )
        shown = f"postgresql://{p['user']}:***@"
    else:
        secret = "Sw0rdfish-7"
        url = f"postgres+psycopg://desk:{secret}@{tmp_path}/missing/copydesk.db"
        shown = "postgres+psycopg://desk:***@"
    capture = tmp_path / "capture.txt"
    capture.write_text(
        "Harbour reopens\n\nThe harbour reopened on Monday after a week of repairs, the port said.\n", encoding="utf-8"
    )
    ingest = _run("ingest", "--no-nlp", str(capture), "--db", url, ok=False)
    assert shown in ingest.stderr and not _leaks(ingest.output + ingest.stderr, secret)
    if target.startswith("postgresql://"):
        assert ingest.exit_code == 0 and "1 inserted" in ingest.stderr
        refused = _run("search", "harbour", "--db", wrong, ok=False)
        assert refused.exit_code == 1 and "cannot connect" in refused.stderr
        assert "Wr0ng" not in refused.stderr and shown in refused.stderr
        # `serve` says what it serves in its first line: the store, redacted.
        proc = subprocess.Popen(
            [sys.executable, "-m", "copydesk.cli", "serve", "--db", url, "--port", "0"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        try:
            line = proc.stderr.readline()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        assert "serving" in line and shown in line and not _leaks(line, secret)
    else:
        assert ingest.exit_code == 1 and "unsupported store" in ingest.stderr
        missing = _run("search", "harbour", "--db", url, ok=False)
        assert missing.exit_code == 1 and "unsupported store" in missing.stderr and not _leaks(missing.stderr, secret)
    # --help shows the default, never the store the environment names.
    help_ = CliRunner(env={"COPYDESK_DB": url}).invoke(main, ["ingest", "--help"])
    assert "copydesk.db" in help_.output and not _leaks(help_.output, secret)


def _leaks(text: str, secret: str) -> bool:
    """Whether `text` shows the password (the test server's is also its user's and its database's name)."""
    return any(f"{before}{secret}{after}" in text for before, after in ((":", "@"), ("password=", "")))


def test_cli_hostile_names_that_fold_to_nothing_name_no_one(target, seed, tmp_path):
    # A quote whose speaker is only punctuation (a dash where a scraper lost the name) keeps no name key; a query
    # of punctuation alone ("%" as a LIKE wildcard, "?", a quotation mark) names no one, so it matches nothing.
    seed.quotes[0].speaker, seed.quotes[0].speaker_name = None, "—"
    articles = tmp_path / "articles.jsonl"
    articles.write_text(seed.to_json() + "\n", encoding="utf-8")
    _run("ingest", str(articles), "--db", target)
    assert len(_run("quotes", "--speaker", "Brown", "--db", target, "--json").stdout.splitlines()) >= 4
    for query in ("%", "?", '"', "—", "' '", "%%"):
        for args in (["quotes", "--speaker", query], ["entities", "--name", query]):
            result = _run(*args, "--db", target, "--json", ok=False)
            assert result.exit_code == 2 and "names no one" in result.stderr and not result.stdout, (
                args,
                result.output,
            )
        with open_store(target) as store:  # the API and the reader ask the store directly: nothing found
            assert store.quotes(query) == [] and store.entities(name=query) == []
    # An underscore is a name character (as in a LIKE pattern it is not): it names whoever is spelled "_", no one here.
    assert _run("quotes", "--speaker", "_", "--db", target, "--json").stdout == ""
    with open_store(target) as store:
        dash = [q for q in store.quotes(limit=1000) if q.speaker_name == "—"]
        assert dash and store.speakers(limit=1000) and all(s.name != "—" for s in store.speakers(limit=1000))


# Words in what PostgreSQL's parser reads as something else (a tag, an entity, a host, an email, a path, a number,
# a version), and the same words plainly: each search below finds the same articles on both backends.
MARKED_UP = [
    "Editors flagged the <word> placeholder in the draft",
    "The <b>bold</b> claim and the </section> marker were left in the copy",
    "Shares of AT&amp;T and Procter&Gamble rose",
    "Details are posted at example.com and news.example.org/storm",
    "Write to desk@example.com with corrections",
    "The files sit in /usr/share/copydesk on the server",
    "Inflation rose to 3.5 percent in March",
    "The parser v1.2.3 shipped with the release",
    "Minister Ri Yong-ho arrived in Moscow",
    "Residents said the word came late",
    "Temperatures of -10 degrees and 1e5 readings were logged",
    "Call it x<y>z or a<tag>b: the wordplay confused readers",
]
QUERIES = [
    "word",
    "<word>",
    "bold",
    "section",
    "amp",
    "procter",
    "gamble",
    "example",
    "example.com",
    "com",
    "desk",
    "usr",
    "share",
    "copydesk",
    "3.5",
    "percent",
    "v1",
    "parser",
    "Yong-ho",
    "yong",
    "tag",
    "wordplay",
    '"the word"',
    "degrees",
    "1e5",
    "monday -wordplay",
    "storm OR gamble",
]


def test_cli_hostile_search_finds_the_same_words_on_both_backends(pg_conn, tmp_path):
    from psycopg import sql

    from copydesk.store.postgres import PostgresStore

    from .conftest import pg_uri

    captures = tmp_path / "captures"
    captures.mkdir()
    for n, line in enumerate(MARKED_UP):
        (captures / f"{n:02}.txt").write_text(f"Report {n}\n\n{line}, the desk said on Monday.\n", encoding="utf-8")
    sqlite = str(tmp_path / "copydesk.db")
    _run("ingest", "--no-nlp", str(captures), "--db", sqlite)
    schema = f"copydesk_test_{uuid.uuid4().hex[:12]}"
    pg_conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        postgres = pg_uri(schema)
        PostgresStore(postgres, upto=2).close()  # a store written before the index read words: migrated on open
        _run("ingest", "--no-nlp", str(captures), "--db", postgres)
        for query in QUERIES:
            found = [
                {
                    hit["id"]
                    for hit in map(
                        json.loads, _run("search", query, "--db", db, "--json", "--limit", "50").stdout.splitlines()
                    )
                }
                for db in (sqlite, postgres)
            ]
            assert found[0] and found[0] == found[1], (query, found)
        assert len(found[0]) == 2  # storm OR gamble
        hits = map(json.loads, _run("search", "<word>", "--db", postgres, "--json").stdout.splitlines())
        # The snippet shows the word found, with its brackets.
        assert any("the < **word** > placeholder" in hit["snippet"] for hit in hits)
        with open_store(postgres) as store:
            assert store.version() == store.latest_version
    finally:
        pg_conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
