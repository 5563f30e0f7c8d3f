"""Shared fixtures and helpers: the bundled seed capture, its golden file, the development data when present, and
the fixture pages parsed."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

import copydesk

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample" / "captures"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA = Path(os.environ.get("COPYDESK_DATA", REPO.parent / "shared" / "data"))


def failed_inputs(articles: list[dict]) -> int:
    """How many of `parse`'s Articles record a failed input (a code of `errors.FAILED_INPUT_CODES`): the count
    `copydesk parse` and `ingest` end with, and exit status 1 for."""
    from copydesk.errors import FAILED_INPUT_CODES

    return sum(any(e["code"] in FAILED_INPUT_CODES for e in a["errors"]) for a in articles)


def parse_page(name: str, url: str | None = None) -> copydesk.Article:
    """The Article of a gzipped HTML page of tests/fixtures/html, parsed without NLP as if fetched from `url`."""
    data = gzip.decompress((FIXTURES / "html" / name).read_bytes())
    return copydesk.parse(copydesk.Capture(data=data, kind="html", url=url), nlp=False)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SAMPLE / "dw-north-korea-russia.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_expected() -> dict:
    return json.loads((FIXTURES / "seed-expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not (DATA / "wcxb-dev-articles").is_dir():
        pytest.skip(f"development data not found at {DATA} (set COPYDESK_DATA)")
    return DATA
