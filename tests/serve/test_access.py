"""Who may change the store: a --writable server takes a state-changing request only with its token and only from
its own origin, so a page on another site (a cross-site `text/plain` POST needs no preflight) cannot write, and
neither can a client without the token. Real stores made by the test, read back after every refusal."""

from __future__ import annotations

import pytest

from copydesk.store import open_store

from ..conftest import SAMPLE
from .conftest import SEED_ID, parsing_app

SEED_BYTES = (SAMPLE / "dw-north-korea-russia.txt").read_bytes()
TOKEN = "token-for-the-tests-0123456789"
STORE = "/api/parse?store=true&nlp=false"


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    """A --writable server over an empty store, its token set; (client, db)."""
    from fastapi.testclient import TestClient

    db = str(tmp_path_factory.mktemp("writable") / "writable.db")
    open_store(db).close()
    with TestClient(parsing_app(db, writable=True, token=TOKEN)) as client:
        yield client, db


def _count(db: str) -> int:
    with open_store(db) as store:
        return store.count()


@pytest.mark.parametrize(
    "headers, status, code",
    [
        ({}, 401, "E415"),
        ({"authorization": "Bearer wrong-token-0123456789"}, 401, "E415"),
        ({"authorization": f"Basic {TOKEN}"}, 401, "E415"),
        ({"x-copydesk-token": TOKEN[:-1]}, 401, "E415"),
        # A page on another site, as a browser sends its POST: the token does not make it the server's own.
        ({"origin": "http://evil.example", "authorization": f"Bearer {TOKEN}"}, 403, "E416"),
        ({"origin": "http://evil.example"}, 403, "E416"),
        ({"origin": "null", "x-copydesk-token": TOKEN}, 403, "E416"),
        ({"origin": "http://testserver:8080", "x-copydesk-token": TOKEN}, 403, "E416"),  # another port
        ({"origin": "https://testserver", "x-copydesk-token": TOKEN}, 403, "E416"),  # another scheme
        ({"sec-fetch-site": "cross-site", "x-copydesk-token": TOKEN}, 403, "E416"),
        ({"sec-fetch-site": "same-site", "x-copydesk-token": TOKEN}, 403, "E416"),
    ],
)
def test_serve_writable_refuses_a_write_without_token_or_from_another_site(writable, headers, status, code):
    client, db = writable
    response = client.post(STORE, content=SEED_BYTES, headers={"content-type": "text/plain", **headers})
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]
    assert (
        response.headers["x-frame-options"] == "DENY"
        and "default-src 'none'" in response.headers["content-security-policy"]
    )
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert client.get(f"/api/articles/{SEED_ID}").status_code == 404 and _count(db) == 0  # nothing was written


@pytest.mark.parametrize(
    "headers",
    [
        {"authorization": f"Bearer {TOKEN}"},
        {"x-copydesk-token": TOKEN, "origin": "http://testserver", "sec-fetch-site": "same-origin"},
    ],
)
def test_serve_writable_stores_a_same_origin_write_with_its_token(tmp_path, headers):
    from fastapi.testclient import TestClient

    db = str(tmp_path / "writable.db")
    open_store(db).close()
    with TestClient(parsing_app(db, writable=True, token=TOKEN)) as client:
        created = client.post(STORE, content=SEED_BYTES, headers={"content-type": "text/plain", **headers})
        assert created.status_code == 201, created.text
        assert client.get(created.headers["location"]).json()["id"] == SEED_ID
    assert _count(db) == 1


def test_serve_writable_without_a_token_makes_one(tmp_path):
    from fastapi.testclient import TestClient

    from copydesk.serve.app import create_app

    db = str(tmp_path / "writable.db")
    open_store(db).close()
    app = parsing_app(db, writable=True)
    token = app.state.settings.token
    assert token and len(token) >= 32 and create_app(db).state.settings.token is None
    with TestClient(app) as client:
        assert client.post(STORE, content=SEED_BYTES).status_code == 401
        assert client.post(STORE, content=SEED_BYTES, headers={"authorization": f"Bearer {token}"}).status_code == 201


def test_serve_read_only_parse_refuses_another_sites_post(client):
    """Parsing changes nothing, but a page on another site still may not use the server: it is refused before
    its body is read; a client that is no browser (no Origin) is served."""
    refused = client.post(
        "/api/parse?nlp=false",
        content=SEED_BYTES,
        headers={"content-type": "text/plain", "origin": "http://evil.example"},
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "E416"
    assert (
        client.post("/api/parse?nlp=false", content=SEED_BYTES, headers={"origin": "http://testserver"}).status_code
        == 200
    )
