"""One suite, two backends: every store test runs on a SQLite file and on a real PostgreSQL server.

PostgreSQL comes from COPYDESK_TEST_PG (a libpq DSN or postgresql:// URI; `.ci/run`
starts a cluster and sets it). Each test gets its own schema, dropped afterwards.
Without COPYDESK_TEST_PG the PostgreSQL half skips and says why; with it set,
a server that cannot be reached is an error, never a skip.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

import copydesk
from copydesk.model import Article

from ..conftest import SAMPLE

PG_DSN = os.environ.get("COPYDESK_TEST_PG")
SEED_PATH = SAMPLE / "dw-north-korea-russia.txt"


@pytest.fixture(scope="session")
def pg_conn():
    if not PG_DSN:
        pytest.skip("PostgreSQL half of the store suite: set COPYDESK_TEST_PG to a DSN (bash .ci/run does)")
    import psycopg  # not importorskip: with a DSN given, a missing driver is a failure

    conn = psycopg.connect(PG_DSN, autocommit=True)
    yield conn
    conn.close()


def pg_uri(schema: str) -> str:
    """A postgresql:// URI for the test server whose search_path is `schema` (the store's tables land there)."""
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(PG_DSN)
    params["options"] = f"-c search_path={schema}"
    return "postgresql://?" + urlencode(params, quote_via=quote)


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, tmp_path) -> str:
    """A fresh, empty store location on each backend: a SQLite file path or a postgresql:// URI."""
    if request.param == "sqlite":
        yield str(tmp_path / "copydesk.db")
        return
    conn = request.getfixturevalue("pg_conn")
    schema = f"copydesk_test_{uuid.uuid4().hex[:12]}"
    conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield pg_uri(schema)
    finally:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="session")
def seed_article() -> Article:
    """The seed capture parsed WITH the NLP stages, so it has entities and quotes (James Brown's among them)."""
    return copydesk.parse(Path(SEED_PATH))


@pytest.fixture
def seed(seed_article) -> Article:
    """A private copy of the seed article, free to change."""
    return Article.from_json(seed_article.to_json())
