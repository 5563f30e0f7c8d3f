"""Schemathesis drives every API operation with inputs generated from the API's own OpenAPI schema: whatever
it sends, the server answers with a documented status, content type and shape, and never a 5xx. A bounded
run: a fixed number of examples per operation, derandomized, so it is the same run every time.

Two runs: in-process over the ASGI app (valid and invalid inputs by Hypothesis, per operation), and the
`schemathesis` command itself against a real `copydesk serve --parse-api`, with its examples and coverage
phases too, which is where a schema-valid request refused (ST202) and an undeclared method answered with
anything but 405 and `Allow` (ST204) are looked for."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="the fuzz test needs the test extra (schemathesis)")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import parsing_app  # noqa: E402

EXAMPLES = 30  # per operation and mode
OPERATIONS = [
    ("POST", "/api/parse"),
    ("GET", "/api/articles"),
    ("GET", "/api/articles/{article_id}"),
    ("GET", "/api/search"),
    ("GET", "/api/facets"),
    ("GET", "/api/entities"),
    ("GET", "/api/entities/{key}"),
    ("GET", "/api/entities/{key}/quotes"),
    ("GET", "/api/quotes"),
    ("GET", "/api/overview"),
]
# Any string is a valid article id, and the overview takes no parameters: nothing there can be sent wrong.
NOTHING_INVALID = {("GET", "/api/articles/{article_id}"), ("GET", "/api/overview")}
CASES = [
    pytest.param(method, path, mode, id=f"{method} {path} {mode.value}")
    for method, path in OPERATIONS
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or (method, path) not in NOTHING_INVALID
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
]
# The command's run: the checks above, plus the undeclared-method ones (ST204, ST205) and missing headers (ST203).
COMMAND_CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "positive_data_acceptance",
    "unsupported_method",
    "allow_header_conformance",
    "missing_required_header",
]
COMMAND_EXAMPLES = 50


@pytest.fixture(scope="module")
def api_schema(sample_db):
    app = parsing_app(sample_db)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_serve_fuzz_covers_every_operation(api_schema):
    found = {(op.method.upper(), op.path) for op in (r.ok() for r in api_schema.get_all_operations())}
    assert found == set(OPERATIONS)


@pytest.mark.parametrize("method, path, mode", CASES)
def test_serve_api_fuzzed_from_its_schema_never_fails(api_schema, method, path, mode):
    """Valid requests (by the schema) and invalid ones (wrong types, out of range, missing): no 5xx, ever, and
    no valid one refused."""
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
    )
    def run(case) -> None:
        if path == "/api/parse":
            case.query = {**(case.query or {}), "nlp": "false"}  # the NLP path is covered by test_api; keep this quick
        case.call_and_validate(checks=CHECKS)

    run()


def test_serve_schemathesis_command_finds_nothing(live_server, tmp_path):
    """`schemathesis run` over the live server: examples, coverage (undeclared methods included) and fuzzing."""
    command = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or shutil.which("schemathesis")
    assert command, "the schemathesis command is missing"
    run = subprocess.run(
        [
            command,
            "run",
            f"{live_server}/openapi.json",
            "--checks",
            ",".join(COMMAND_CHECKS),
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            str(COMMAND_EXAMPLES),
            "--generation-deterministic",
            "--workers",
            "1",
            "--continue-on-failure",
            "--suppress-health-check",
            "all",
            "--request-timeout",
            "60",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=1200,
        env={**os.environ, "NO_COLOR": "1"},
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-6000:]
    assert f"Tested: {len(OPERATIONS)}" in report and "No issues found" in report, report[-3000:]
