"""The Article JSON Schema in the OpenAPI document, generated from the model, checked against real records: 100
captures of the test fixtures (news pages of many sites and languages) parsed as `copydesk parse` parses them, the
stored sample articles as the API serves them, and a record bent out of shape, which it must refuse."""

from __future__ import annotations

import gzip
from dataclasses import fields

import pytest

import copydesk
from copydesk.model import SCHEMA, Article, Block, Capture

from ..conftest import FIXTURES
from .conftest import SEED_ID

jsonschema = pytest.importorskip("jsonschema", reason="the schema test needs jsonschema (the test extra)")

RECORDS = 100


def _captures() -> list[Capture]:
    """The first 100 HTML pages of the fixtures, by path: the evaluation gate's pages, then the extraction tests'."""
    paths = sorted((FIXTURES / "gate").glob("*/html/*.html.gz")) + sorted((FIXTURES / "html").glob("*.html.gz"))
    assert len(paths) >= RECORDS
    return [Capture(data=gzip.decompress(p.read_bytes()), kind="html", path=p.name) for p in paths[:RECORDS]]


@pytest.fixture(scope="module")
def openapi(client) -> dict:
    return client.get("/openapi.json").json()


@pytest.fixture(scope="module")
def validator(openapi):
    """A validator of the OpenAPI document's Article schema, its references resolved inside the document."""
    schema = {"$ref": "#/components/schemas/Article", "components": openapi["components"]}
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def records() -> list[dict]:
    """100 real captures parsed with NLP (entities and quotes where the language is English)."""
    return [copydesk.parse(capture).to_dict() for capture in _captures()]


def test_serve_openapi_article_schema_is_the_models(openapi):
    schemas = openapi["components"]["schemas"]
    article = schemas["Article"]
    assert list(article["properties"]) == [f.name for f in fields(Article)]
    assert set(article["required"]) == {f.name for f in fields(Article)} and article["additionalProperties"] is False
    assert article["properties"]["schema"]["const"] == SCHEMA
    assert set(schemas["Block"]["properties"]) == {f.name for f in fields(Block)}
    assert {"Source", "TitleCheck", "Byline", "Media", "Block", "Removed", "Entity", "Mention", "Quote"} <= set(schemas)
    for path in ("/api/articles/{article_id}", "/api/parse"):
        method = "post" if path == "/api/parse" else "get"
        response = openapi["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
        assert response == {"$ref": "#/components/schemas/Article"}


def test_serve_openapi_article_schema_holds_100_real_records(validator, records):
    assert len(records) == RECORDS
    assert sum(bool(r["quotes"]) for r in records) >= 10 and sum(bool(r["entities"]) for r in records) >= 10
    assert len({r["language"] for r in records}) >= 5
    for record in records:
        problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(record)]
        assert not problems, (record["source"]["path"], problems[:5])


def test_serve_openapi_article_schema_holds_what_the_api_serves(client, validator):
    for row in client.get("/api/articles").json():
        article = client.get(f"/api/articles/{row['id']}").json()
        validator.validate(article)
    assert client.get(f"/api/articles/{SEED_ID}").json()["quotes"]


def test_serve_openapi_article_schema_refuses_a_record_out_of_shape(validator, records):
    record = next(r for r in records if r["quotes"] and r["entities"])
    bent = [
        {k: v for k, v in record.items() if k != "title_check"},  # a field missing
        {**record, "notes_to_self": []},  # a field the model does not have
        {**record, "schema": "copydesk.article/0"},
        {**record, "quotes": [{**record["quotes"][0], "confidence": "high"}]},
        {**record, "entities": [{**record["entities"][0], "mentions": [{"block": 0, "start": "0", "end": 1}]}]},
        {**record, "blocks": [{**record["blocks"][0], "kind": "sidebar"}]},
    ]
    for shape in bent:
        assert not validator.is_valid(shape)
    assert validator.is_valid(record)


def test_serve_docs_page_is_self_contained(client, openapi):
    """/docs lists every operation and schema of /openapi.json on one page that runs and fetches nothing."""
    import lxml.html

    from copydesk.serve.docs import type_label

    response = client.get("/docs")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = lxml.html.fromstring(response.text)
    assert not page.xpath("//script | //*[@src] | //iframe")
    assert all(h.startswith(("/", "#")) for h in page.xpath("//@href"))
    headings = {" ".join(h.text_content().split()) for h in page.xpath("//section[@class='operation']/h2")}
    expected = {f"{m.upper()} {p}" for p, item in openapi["paths"].items() for m in item}
    assert headings == expected
    (article,) = page.xpath("//section[@id='schema-Article']")
    assert [c.text for c in article.xpath(".//tbody/tr/td[1]/code")] == list(
        openapi["components"]["schemas"]["Article"]["properties"]
    )
    (search,) = page.xpath("//section[@class='operation'][h2/code='GET /api/search']")
    assert "list of SearchHit (application/json)" in search.text_content()
    assert type_label({"anyOf": [{"type": "string"}, {"type": "null"}]}) == "string or null"
    assert type_label({"type": "integer", "minimum": 1, "maximum": 500}) == "integer ≥ 1, ≤ 500"
    assert type_label({"type": "array", "items": {"$ref": "#/components/schemas/Block"}}) == "list of Block"
