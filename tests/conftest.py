"""Shared fixtures: the bundled seed capture, its golden file, and the development data when present."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample" / "captures"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA = Path(os.environ.get("COPYDESK_DATA", REPO.parent / "shared" / "data"))


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
