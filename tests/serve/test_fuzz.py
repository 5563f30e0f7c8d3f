"""Schemathesis drives every API operation with inputs generated from the API's own OpenAPI schema: whatever
it sends, the server answers with a documented status, content type and shape, and never a 5xx. A bounded
run: a fixed number of examples per operation, derandomized, so it is the same run every time."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="the fuzz test needs the test extra (schemathesis)")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import (content_type_conformance, not_a_server_error,  # noqa: E402
                                 response_schema_conformance, status_code_conformance)

EXAMPLES = 30  # per operation and mode
OPERATIONS = [("POST", "/api/parse"), ("GET", "/api/articles"), ("GET", "/api/articles/{article_id}"),
              ("GET", "/api/search"), ("GET", "/api/entities"), ("GET", "/api/entities/{key}"),
              ("GET", "/api/entities/{key}/quotes"), ("GET", "/api/quotes"), ("GET", "/api/overview")]
# Any string is a valid article id, and the overview takes no parameters: nothing there can be sent wrong.
NOTHING_INVALID = {("GET", "/api/articles/{article_id}"), ("GET", "/api/overview")}
CASES = [pytest.param(method, path, mode, id=f"{method} {path} {mode.value}") for method, path in OPERATIONS
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if mode is GenerationMode.POSITIVE or (method, path) not in NOTHING_INVALID]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(sample_db):
    from copydesk.serve.app import create_app

    return schemathesis.openapi.from_asgi("/openapi.json", create_app(sample_db))


def test_serve_fuzz_covers_every_operation(api_schema):
    found = {(op.method.upper(), op.path) for op in (r.ok() for r in api_schema.get_all_operations())}
    assert found == set(OPERATIONS)


@pytest.mark.parametrize("method, path, mode", CASES)
def test_serve_api_fuzzed_from_its_schema_never_fails(api_schema, method, path, mode):
    """Valid requests (by the schema) and invalid ones (wrong types, out of range, missing): no 5xx, ever."""
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        if path == "/api/parse":
            case.query = {**(case.query or {}), "nlp": "false"}  # the NLP path is covered by test_api; keep this quick
        case.call_and_validate(checks=CHECKS)

    run()
