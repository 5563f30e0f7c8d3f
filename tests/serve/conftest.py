"""A real SQLite store filled by ingesting the bundled sample captures (with NLP), the app over it, and a real
`copydesk serve` process on a free port for the tests that need a socket (and the browser)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the serve tests need the serve extra: pip install 'copydesk[serve]'")

import copydesk  # noqa: E402
from copydesk.store import open_store  # noqa: E402
from copydesk.store.ingest import ingest  # noqa: E402

from ..conftest import REPO, SAMPLE  # noqa: E402

HERE = Path(__file__).resolve().parent
HOSTILE_PATH = HERE / "hostile-capture.txt"
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
def reader_db(tmp_path_factory, sample_db, hostile_article) -> str:
    """The sample store plus the hostile capture: what the live server and the browser read."""
    db = str(tmp_path_factory.mktemp("reader") / "reader.db")
    with open_store(sample_db) as src, open_store(db) as dst:
        dst.upsert([src.get(row.id) for row in src.articles(limit=100)] + [hostile_article])
    return db


@pytest.fixture(scope="session")
def client(sample_db):
    from fastapi.testclient import TestClient

    from copydesk.serve.app import create_app

    with TestClient(create_app(sample_db)) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(reader_db):
    """`copydesk serve` itself, in its own process, on a free port; its base URL."""
    port = free_port()
    log = open(Path(reader_db).with_suffix(".log"), "w+")
    proc = subprocess.Popen([sys.executable, "-m", "copydesk.cli", "serve", "--db", reader_db, "--port", str(port),
                             "--max-bytes", "100000"], cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 60  # a bound on startup, not a measurement
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
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


@pytest.fixture(scope="session")
def seed_article(sample_db):
    """The seed as the store keeps it (parsed with NLP: entities and quotes)."""
    with open_store(sample_db) as store:
        return store.get(SEED_ID)
