"""The JSON API against a real SQLite store holding the ingested sample captures: listing, reading, search,
entities and their quotes, parsing posted captures, and refusals as 4xx with the project's error codes."""

from __future__ import annotations

import gzip
import json

import pytest

from copydesk.store import open_store

from ..conftest import FIXTURES, SAMPLE
from .conftest import BROWN, SEED_ID, parsing_app

SEED_BYTES = (SAMPLE / "dw-north-korea-russia.txt").read_bytes()
TOKEN = "token-for-the-tests-0123456789"
BROWN_DIRECT = [
    "I see clear similarities",
    "In the lead up to the summit",
    "The North wants to make sure",
    "Beijing still has a security guarantee",
]


def _error(response, status: int, code: str | None) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]["message"]


def test_serve_api_lists_the_sample_articles(client, sample_db):
    rows = client.get("/api/articles").json()
    with open_store(sample_db) as store:
        assert [r["id"] for r in rows] == [a.id for a in store.articles()]
    assert len(rows) == 4 and SEED_ID in {r["id"] for r in rows}
    assert client.get("/api/articles", params={"limit": 2, "offset": 1}).json() == rows[1:3]
    assert [r["id"] for r in client.get("/api/articles", params={"entity": BROWN}).json()] == [SEED_ID]


def test_serve_api_gets_the_whole_article(client, sample_db):
    article = client.get(f"/api/articles/{SEED_ID}").json()
    with open_store(sample_db) as store:
        assert article == store.get(SEED_ID).to_dict()
    assert article["title_check"]["verdict"] == "unrelated"
    assert article["media"][0]["credit"] == "picture-alliance/dpa/S. Savostyanov"
    assert "no article" in _error(client.get("/api/articles/nope"), 404, "E412")


def test_serve_api_search_ranks_the_seed_first_with_a_snippet(client):
    hits = client.get("/api/search", params={"q": "Lavrov invitation"}).json()
    assert hits[0]["id"] == SEED_ID and hits[0]["score"] > 0
    assert "**Lavrov**" in hits[0]["snippet"]
    assert client.get("/api/search", params={"q": "zebra giraffe"}).json() == []
    _error(client.get("/api/search", params={"q": "-Lavrov"}), 400, "E411")
    _error(client.get("/api/search", params={"q": "word " * 100}), 400, "E411")  # over 64 terms
    # What the schema states is checked before the store is asked: required, 1 to 10,000 characters, a word in it.
    for params in ({}, {"q": ""}, {"q": "?! ..."}, {"q": "word " * 3000}):
        _error(client.get("/api/search", params=params), 422, None)


def test_serve_api_entity_with_its_quotes_and_company(client):
    people = client.get("/api/entities", params={"type": "PERSON"}).json()
    assert BROWN in {e["key"] for e in people}
    page = client.get(f"/api/entities/{BROWN}").json()
    assert page["entity"]["name"] == "James Brown" and "Brown" in page["entity"]["aliases"]
    assert {"Sergei Lavrov", "Ri Yong-ho", "Kim Jong Un"} <= {e["name"] for e in page["cooccurring"]}
    quotes = client.get(f"/api/entities/{BROWN}/quotes", params={"kind": "direct"}).json()
    assert [q["text"][: len(start)] for q, start in zip(quotes, BROWN_DIRECT)] == BROWN_DIRECT
    assert {q["speaker"] for q in quotes} == {"James Brown"} and {q["article_id"] for q in quotes} == {SEED_ID}
    assert client.get("/api/quotes", params={"speaker": "Brown", "kind": "direct"}).json() == quotes
    _error(client.get("/api/entities/PERSON:nobody"), 404, "E412")
    _error(client.get("/api/entities/PERSON:nobody/quotes"), 404, "E412")


def test_serve_api_overview_counts_the_corpus(client):
    seen = client.get("/api/overview").json()
    assert seen["articles"] == 4
    assert sum(p["articles"] for p in seen["timeline"]) == 4
    assert seen["speakers"][0]["name"] == "James Brown" and seen["speakers"][0]["direct"] == 4


def test_serve_api_parses_a_posted_text_capture(client):
    bare = client.post(
        "/api/parse", params={"nlp": "false"}, content=SEED_BYTES, headers={"content-type": "text/plain; charset=utf-8"}
    )
    assert bare.status_code == 200
    article = bare.json()
    assert article["id"] == SEED_ID and article["title_check"]["verdict"] == "unrelated"
    assert [r["reason"] for r in article["removed"]] == ["comments", "comments", "comments", "duplicate"]
    assert article["quotes"] == [] and article["source"]["kind"] == "text"
    full = client.post("/api/parse", content=SEED_BYTES, headers={"content-type": "text/plain"}).json()
    direct = [q["text"] for q in full["quotes"] if q["kind"] == "direct" and q["speaker_name"] == "James Brown"]
    assert [t[: len(s)] for t, s in zip(direct, BROWN_DIRECT)] == BROWN_DIRECT


def test_serve_api_parses_json_and_html_captures(client):
    record = {"text": SEED_BYTES.decode(), "id": "given-id", "url": "http://127.0.0.1:9/never-fetched", "title": None}
    article = client.post("/api/parse?nlp=false", json=record).json()
    assert article["id"] == "given-id" and article["source"]["url"] == record["url"]
    page = gzip.decompress((FIXTURES / "html" / "fundus-de-WDR-2024_04_22.html.gz").read_bytes())
    html = client.post("/api/parse?nlp=false", content=page, headers={"content-type": "text/html"})
    assert html.status_code == 200 and html.json()["source"]["kind"] == "html" and html.json()["blocks"]


@pytest.mark.parametrize(
    "body, content_type, status, code",
    [
        (b"", "text/plain", 400, "E104"),
        (b"  \n\t\n ", "text/plain", 400, "E104"),
        (b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 40, "text/plain", 415, "E103"),
        (b"{not json", "application/json", 400, "E106"),
        (b"[1, 2]", "application/json", 400, "E106"),
        (b'{"title": "no text or html"}', "application/json", 400, "E106"),
        (
            b'{"text": "x", "deep": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "application/json",
            400,
            "E106",
        ),  # too deep
        (b"GIF89a", "image/gif", 415, "E107"),
    ],
)
def test_serve_api_refuses_what_it_cannot_parse(client, body, content_type, status, code):
    _error(client.post("/api/parse", content=body, headers={"content-type": content_type}), status, code)


def test_serve_api_refuses_an_oversize_body_with_413(sample_db):
    from fastapi.testclient import TestClient

    with TestClient(parsing_app(sample_db, max_bytes=len(SEED_BYTES))) as small:
        assert small.post("/api/parse?nlp=false", content=SEED_BYTES).status_code == 200
        _error(small.post("/api/parse?nlp=false", content=SEED_BYTES + b"x"), 413, "E102")
        _error(small.post("/api/parse?nlp=false", json={"text": SEED_BYTES.decode()}), 413, "E102")


def test_serve_api_stores_only_when_writable(client, tmp_path, sample_db):
    from fastapi.testclient import TestClient

    _error(client.post("/api/parse?store=true", content=SEED_BYTES), 403, "E413")
    db = str(tmp_path / "writable.db")
    open_store(db).close()
    with TestClient(parsing_app(db, writable=True, token=TOKEN)) as writable:
        assert writable.get("/api/articles").json() == []
        created = writable.post(
            "/api/parse?store=true&nlp=false", content=SEED_BYTES, headers={"authorization": f"Bearer {TOKEN}"}
        )
        assert created.status_code == 201 and created.headers["location"] == f"/api/articles/{SEED_ID}"
        assert writable.get(created.headers["location"]).json() == created.json()


def test_serve_every_response_carries_the_security_headers(client):
    for path in ("/", f"/articles/{SEED_ID}", "/api/articles", "/api/articles/nope", "/openapi.json"):
        headers = client.get(path).headers
        assert "script-src" not in headers["content-security-policy"]  # default-src 'none' forbids every script
        assert "default-src 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_serve_openapi_schema_documents_the_api(client):
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/parse",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/entities",
        "/api/entities/{key}",
        "/api/entities/{key}/quotes",
        "/api/quotes",
        "/api/overview",
    } <= paths
    assert not any(p.startswith(("/articles", "/search", "/entities")) for p in paths)  # pages are not API
    body = schema["paths"]["/api/parse"]["post"]["requestBody"]["content"]
    assert {"text/plain", "text/html", "application/json"} <= set(body)
    json.dumps(schema)


SECURITY = {"x-content-type-options": "nosniff", "x-frame-options": "DENY"}


@pytest.fixture(scope="module")
def strict(sample_db):
    """A parse server with a small body limit and a two-second budget, for hostile bodies."""
    from fastapi.testclient import TestClient

    from copydesk.serve.app import create_app

    app = create_app(sample_db, parse_api=True, parse_workers=1, parse_timeout=2.0, max_bytes=400_000)
    app.state.settings.parser.wait_ready()
    with TestClient(app) as c:
        yield c


def _slow_page() -> bytes:
    from .conftest import slow_text

    return slow_text().encode()  # 310 KB: under the body limit, far over the budget


@pytest.mark.parametrize(
    "name, body, content_type, status, code",
    [
        (
            "lone surrogate",
            b'{"text": "Minister says \\ud800 no", "title": "A \\udfff title"}',
            "application/json",
            400,
            "E106",
        ),
        (
            "nested 1,000 deep",
            b'{"text": "x", "deep": ' + b"[" * 1000 + b"]" * 1000 + b"}",
            "application/json",
            400,
            "E106",
        ),
        (
            "nested 100 deep",
            b'{"text": "x", "deep": ' + b'{"a": ' * 100 + b"1" + b"}" * 100 + b"}",
            "application/json",
            400,
            "E106",
        ),
        ("oversized", b"word " * 100_000, "text/plain", 413, "E102"),
        ("slow page", None, "text/plain", 422, "E108"),
        ("binary garbage", bytes(range(256)) * 200, "text/plain", 415, "E103"),
        ("binary as JSON", b"\xff\xfe\x00\x01" * 1000, "application/json", 400, "E106"),
        ("wrong content type", b"<svg onload=alert(1)></svg>", "image/svg+xml", 415, "E107"),
        ("form post", b"text=hello", "application/x-www-form-urlencoded", 415, "E107"),
    ],
)
def test_serve_api_refuses_each_hostile_body_in_the_error_shape(strict, name, body, content_type, status, code):
    strict.app.state.settings.parser.wait_ready()  # a worker stopped on the slow page is back
    response = strict.post(
        "/api/parse", content=_slow_page() if body is None else body, headers={"content-type": content_type}
    )
    _error(response, status, code)
    assert response.headers["content-type"] == "application/json"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert {k: response.headers[k] for k in SECURITY} == SECURITY


def test_serve_api_parse_is_off_unless_asked_for(sample_db):
    from fastapi.testclient import TestClient

    from copydesk.serve.app import create_app

    with TestClient(create_app(sample_db)) as default:
        assert default.app.state.settings.parser is None  # no worker is started for it
        message = _error(default.post("/api/parse", content=SEED_BYTES), 404, "E414")
        assert "--parse-api" in message
        assert default.post("/api/parse?store=true", content=SEED_BYTES).status_code == 404
        assert "/api/parse" not in default.get("/openapi.json").json()["paths"]
        assert default.get(f"/api/articles/{SEED_ID}").status_code == 200  # the rest of the API is there


def test_serve_api_reads_an_article_whose_id_holds_a_slash(tmp_path):
    """Ids are whatever a record made them: `/`, `?`, `#`, `%` and spaces route to the article, in the API and
    in the reader's own links."""
    from urllib.parse import quote

    from fastapi.testclient import TestClient
    from lxml import html

    import copydesk
    from copydesk.model import Capture
    from copydesk.serve.app import create_app

    ids = ["wire/2024/06/story", "a/b?c=d#e", "100% sure/", "/leading slash"]
    db = str(tmp_path / "slashes.db")
    with open_store(db) as store:
        store.upsert([copydesk.parse(Capture(data=SEED_BYTES, kind="text", id=i), nlp=False) for i in ids])
    with TestClient(create_app(db)) as reader:
        listing = html.fromstring(reader.get("/articles").text)
        links = sorted(a.get("href") for a in listing.xpath("//table//a[starts-with(@href, '/articles/')]"))
        assert links == sorted("/articles/" + quote(i, safe="") for i in ids)
        for i, link in zip(sorted(ids, key=lambda i: quote(i, safe="")), links):
            page = reader.get(link)
            assert page.status_code == 200, (i, page.text[:300])
            json_link = html.fromstring(page.text).xpath("//a[text()='JSON']/@href")[0]
            assert json_link == "/api/articles/" + quote(i, safe="")
            article = reader.get(json_link)
            assert article.status_code == 200 and article.json()["id"] == i
        _error(reader.get("/api/articles/wire/2024/06"), 404, "E412")  # a prefix of an id is no id


def _drop(target: str, table: str) -> None:
    """Drop one of the store's tables behind the server's back, with a plain connection: a store that broke."""
    from copydesk.store import is_postgres

    if is_postgres(target):
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(f"DROP TABLE {table} CASCADE")
    else:
        import sqlite3

        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute(f"DROP TABLE {table}")
        conn.close()


def test_serve_api_every_refusal_has_the_one_error_shape(api, sample_target):
    """Unknown paths, undeclared methods, malformed parameters and the server's own failure: JSON with a code and
    a message under /api, the error page elsewhere, each with the security headers."""
    assert _error(api.get("/api/no-such-thing"), 404, None) == "Not Found"
    refused = api.delete("/api/articles")
    _error(refused, 405, None)
    assert refused.headers["allow"] == "GET"
    assert "limit" in _error(api.get("/api/articles", params={"limit": 0}), 422, None)
    assert "q" in _error(api.get("/api/search"), 422, None)
    assert "detail" not in api.get("/api/quotes", params={"kind": "shouted"}).json()
    _drop(sample_target, "quotes")
    broken = api.get("/api/quotes")
    message = _error(broken, 500, "E900")
    assert "quotes" not in message and "Traceback" not in broken.text  # the log says why, not the client
    assert broken.headers["content-type"] == "application/json"
    assert {k: broken.headers[k] for k in SECURITY} == SECURITY
    page = api.get("/")  # the overview counts quotes too
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "E900" in page.text and "default-src 'none'" in page.headers["content-security-policy"]
    assert api.get(f"/api/articles/{SEED_ID}").status_code == 200  # what does not need the table still works


def test_serve_openapi_documents_the_error_shape_for_every_operation(client):
    schema = client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ("422", "500"):
                content = operation["responses"][status]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)


def test_serve_api_pages_and_filters_every_listing_alike(api):
    """Offset/limit and the same filters (q, from, to, language, source, entity, speaker) on articles, search,
    quotes and entities, on both backends."""
    everything = api.get("/api/articles").json()
    assert len(everything) == 4
    assert api.get("/api/articles", params={"limit": 2, "offset": 2}).json() == everything[2:]
    assert [r["id"] for r in api.get("/api/articles", params={"speaker": "Brown"}).json()] == [SEED_ID]
    assert [r["id"] for r in api.get("/api/articles", params={"q": "Lavrov", "language": "en"}).json()] == [SEED_ID]
    assert api.get("/api/articles", params={"q": "Lavrov", "language": "de"}).json() == []
    dated = [r for r in everything if r["published"]]
    year = dated[0]["published"][:4]
    in_year = api.get("/api/articles", params={"from": year, "to": year}).json()
    assert in_year and all(r["published"].startswith(year) for r in in_year)
    hits = api.get("/api/search", params={"q": "time", "limit": 50}).json()
    assert len(hits) >= 2 and api.get("/api/search", params={"q": "time", "limit": 1, "offset": 1}).json() == hits[1:2]
    assert {h["id"] for h in api.get("/api/search", params={"q": "time", "entity": BROWN}).json()} == {SEED_ID}
    quotes = api.get("/api/quotes", params={"speaker": "Brown"}).json()
    assert api.get("/api/quotes", params={"speaker": "Brown", "offset": 1, "limit": 2}).json() == quotes[1:3]
    assert api.get("/api/quotes", params={"speaker": "Brown", "q": "zebra"}).json() == []
    people = api.get("/api/entities", params={"type": "PERSON", "limit": 500}).json()
    assert api.get("/api/entities", params={"type": "PERSON", "offset": 2, "limit": 3}).json() == people[2:5]
    named = api.get("/api/entities", params={"speaker": "Brown", "limit": 500}).json()
    assert BROWN in {e["key"] for e in named} and all(e["articles"] == 1 for e in named)
    facets = api.get("/api/facets", params={"speaker": "Brown"}).json()
    assert facets["speakers"][0]["label"] == "James Brown" and facets["languages"] == [
        {"value": "en", "label": "en", "articles": 1}
    ]
    for bad in ({"from": "May 2024"}, {"to": "2024-5"}, {"q": "?!"}):
        _error(api.get("/api/articles", params=bad), 422, None)
    _error(api.get("/api/quotes", params={"q": "-Lavrov"}), 400, "E411")


def test_serve_api_posting_the_same_capture_again_is_idempotent(target):
    """201 for a new article, 200 for one already stored unchanged (nothing written) or replaced by a changed
    capture under the same id; on both backends."""
    from fastapi.testclient import TestClient

    open_store(target).close()
    auth = {"authorization": f"Bearer {TOKEN}"}
    with TestClient(parsing_app(target, writable=True, token=TOKEN)) as writable:
        first = writable.post("/api/parse?store=true&nlp=false", content=SEED_BYTES, headers=auth)
        assert (first.status_code, first.headers["x-copydesk-stored"]) == (201, "inserted")
        again = writable.post("/api/parse?store=true&nlp=false", content=SEED_BYTES, headers=auth)
        assert (again.status_code, again.headers["x-copydesk-stored"]) == (200, "unchanged")
        assert again.json() == first.json() and again.headers["location"] == first.headers["location"]
        changed = {"text": SEED_BYTES.decode() + "\n\nA paragraph the desk added later.", "id": SEED_ID}
        updated = writable.post("/api/parse?store=true&nlp=false", json=changed, headers=auth)
        assert (updated.status_code, updated.headers["x-copydesk-stored"]) == (200, "updated")
        assert [r["id"] for r in writable.get("/api/articles").json()] == [SEED_ID]
        assert writable.get(f"/api/articles/{SEED_ID}").json() == updated.json() != first.json()
