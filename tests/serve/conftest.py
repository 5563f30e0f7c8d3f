"""A real SQLite store filled by ingesting the bundled sample captures (with NLP), the app over it (with
POST /api/parse on, one parse worker), and a real `copydesk serve` process on a free port for the tests that need a
socket (and the browser)."""

from __future__ import annotations

import contextlib
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve tests need the serve extra: pip install 'copydesk[serve]'")

import copydesk  # noqa: E402
from copydesk.store import open_store  # noqa: E402
from copydesk.store.ingest import ingest  # noqa: E402

from ..conftest import REPO, SAMPLE  # noqa: E402
from ..store.conftest import pg_conn, target  # noqa: E402, F401  (each API test on both backends takes `target`)

HERE = Path(__file__).resolve().parent
HOSTILE_PATH = HERE / "hostile-capture.txt"
# An Arabic news page (LBCI, Lebanon) as a whole-page text capture: right-to-left text with Latin words in it.
ARABIC_PATH = REPO / "tests" / "fixtures" / "text" / "fundus-lb-LBCGroup-2026_01_08.txt"
SEED_ID = "e4e344dc2e16c507"
BROWN = "PERSON:james brown"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    """The four sample captures, parsed with NLP and ingested the way `copydesk ingest sample/captures` does."""
    db = str(tmp_path_factory.mktemp("store") / "sample.db")
    stats = ingest([str(SAMPLE)], db=db, progress=False)
    assert stats["inserted"] == 4
    return db


@pytest.fixture(scope="session")
def hostile_article():
    """A capture full of markup, script, event handlers and javascript: links, as a scraper saved it."""
    return copydesk.parse(HOSTILE_PATH)


@pytest.fixture(scope="session")
def arabic_article():
    """The Arabic capture, parsed: a right-to-left headline and body."""
    return copydesk.parse(ARABIC_PATH)


@pytest.fixture(scope="session")
def reader_db(tmp_path_factory, sample_db, hostile_article, arabic_article) -> str:
    """The sample store plus the hostile capture and the Arabic one: what the live server and the browser read."""
    db = str(tmp_path_factory.mktemp("reader") / "reader.db")
    with open_store(sample_db) as src, open_store(db) as dst:
        dst.upsert([src.get(row.id) for row in src.articles(limit=100)] + [hostile_article, arabic_article])
    return db


@pytest.fixture(scope="session")
def client(sample_db):
    from fastapi.testclient import TestClient

    with TestClient(parsing_app(sample_db)) as c:
        yield c


def parsing_app(db: str, **options):
    """An app that parses posted captures, its worker warm, as `copydesk serve` has it before it listens. Its
    time limit is generous (60 s): these tests check what a parse gives, not how fast it is on a loaded machine."""
    from copydesk.serve.app import create_app

    app = create_app(db, **{"parse_api": True, "parse_workers": 1, "parse_timeout": 60.0, **options})
    app.state.settings.parser.wait_ready()
    return app


def slow_text(lines: int = 2000, seed: int = 7) -> str:
    """A text capture that is slow to parse for real: every line a different attributed sentence with names and
    places, so NLP has work on each (2,000 lines, 310 KB: about 25 s with NLP on a laptop core)."""
    r = random.Random(seed)
    names = ["Anna Berg", "Omar Haddad", "Li Wei", "Maria Costa", "John Okafor", "Sara Novak", "Pierre Blanc"]
    places = ["Berlin", "Lagos", "Lima", "Osaka", "Quebec", "Nairobi", "Hanoi", "Porto"]
    return "\n\n".join(
        f"{r.choice(names)} said in {r.choice(places)} on day {i} that the council of "
        f"{r.choice(places)} would spend {r.randint(2, 999)} million on item {i * 7919 % 100003}, "
        f'"and we will not stop at {i}", she told {r.choice(names)}.'
        for i in range(lines)
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: str, *options: str) -> Iterator[tuple[str, Path]]:
    """`copydesk serve --db DB OPTIONS...` itself, in its own process, on a free port: its base URL and its log."""
    port = free_port()
    log_path = Path(db).with_suffix(f".{port}.log")
    with open(log_path, "w+") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "copydesk.cli", "serve", "--db", db, "--port", str(port), *options],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        # A bound on startup (the parse workers load their models first), not a measurement.
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    log.seek(0)
                    pytest.fail(f"copydesk serve did not start: {log.read()[-2000:]}")
                time.sleep(0.1)
        try:
            yield f"http://127.0.0.1:{port}", log_path
        finally:
            proc.terminate()
            proc.wait(timeout=30)


@pytest.fixture(scope="session")
def live_server(reader_db):
    """The reader store served by `copydesk serve --parse-api` (one parse worker, 100,000-byte bodies); its base URL."""
    with serving(
        reader_db, "--max-bytes", "100000", "--parse-api", "--parse-workers", "1", "--parse-timeout", "60"
    ) as (url, _):
        yield url


@pytest.fixture(scope="session")
def seed_article(sample_db):
    """The seed as the store keeps it (parsed with NLP: entities and quotes)."""
    with open_store(sample_db) as store:
        return store.get(SEED_ID)


@pytest.fixture
def sample_target(target, sample_db) -> str:  # noqa: F811  (the store suite's fixture, on both backends)
    """A fresh store on each backend (SQLite file, PostgreSQL schema) holding the four ingested sample articles."""
    with open_store(sample_db) as src, open_store(target) as dst:
        dst.upsert([src.get(row.id) for row in src.articles(limit=100)])
    return target


@pytest.fixture
def api(sample_target):
    """A read-only server over `sample_target`, on each backend."""
    from fastapi.testclient import TestClient

    from copydesk.serve.app import create_app

    with TestClient(create_app(sample_target)) as c:
        yield c
