"""The store commands on hostile input, on both backends: a store URL's password is never shown."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, quote, urlsplit

from click.testing import CliRunner

from copydesk.cli import main


def _run(*args: str, input: str | None = None, ok: bool = True):
    result = CliRunner().invoke(main, list(args), input=input)
    if ok:
        assert result.exit_code == 0, result.output + (result.stderr or "")
    return result


def test_cli_hostile_store_url_password_never_shown(target, tmp_path):
    # A URL with the password in its user part, as people write them; on SQLite, a mistyped one taken for a path.
    if target.startswith("postgresql://"):
        from psycopg.conninfo import conninfo_to_dict

        from .conftest import PG_DSN

        p = conninfo_to_dict(PG_DSN)
        secret = p["password"]
        schema = parse_qs(urlsplit(target).query)["options"][0]  # this test's schema
        url, wrong = (f"postgresql://{p['user']}:{quote(password, safe='')}@{p.get('host', 'localhost')}:"
                      f"{p.get('port', 5432)}/{p['dbname']}?options={quote(schema)}&sslpassword={password}"
                      for password in (secret, "Wr0ng-Secret%2F9"))
        shown = f"postgresql://{p['user']}:***@"
    else:
        secret = "Sw0rdfish-7"
        url = f"postgres+psycopg://desk:{secret}@{tmp_path}/missing/copydesk.db"
        shown = "postgres+psycopg://desk:***@"
    capture = tmp_path / "capture.txt"
    capture.write_text("Harbour reopens\n\nThe harbour reopened on Monday after a week of repairs, the port said.\n",
                       encoding="utf-8")
    ingest = _run("ingest", "--no-nlp", str(capture), "--db", url, ok=False)
    assert shown in ingest.stderr and not _leaks(ingest.output + ingest.stderr, secret)
    if target.startswith("postgresql://"):
        assert ingest.exit_code == 0 and "1 inserted" in ingest.stderr
        refused = _run("search", "harbour", "--db", wrong, ok=False)
        assert refused.exit_code == 1 and "cannot connect" in refused.stderr
        assert "Wr0ng" not in refused.stderr and shown in refused.stderr
        # `serve` says what it serves in its first line: the store, redacted.
        proc = subprocess.Popen([sys.executable, "-m", "copydesk.cli", "serve", "--db", url, "--port", "0"],
                                stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        try:
            line = proc.stderr.readline()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        assert "serving" in line and shown in line and not _leaks(line, secret)
    else:
        assert ingest.exit_code == 1 and "cannot open" in ingest.stderr
        missing = _run("search", "harbour", "--db", url, ok=False)
        assert missing.exit_code == 1 and "no store at" in missing.stderr and not _leaks(missing.stderr, secret)
    # --help shows the default, never the store the environment names.
    help_ = CliRunner(env={"COPYDESK_DB": url}).invoke(main, ["ingest", "--help"])
    assert "copydesk.db" in help_.output and not _leaks(help_.output, secret)


def _leaks(text: str, secret: str) -> bool:
    """Whether `text` shows the password (the test server's is also its user's and its database's name)."""
    return any(f"{before}{secret}{after}" in text for before, after in ((":", "@"), ("password=", "")))
