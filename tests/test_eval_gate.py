"""The evaluation gate (tests/eval_gate.py) under pytest: today's parse at or above every floor, and the gate failing,
for the right metrics, on a deliberately broken parse."""

from __future__ import annotations

import re

import pytest

import copydesk
from tests import eval_gate

BODY = {"wcxb/html/body", "wcxb/text/body", "fundus/html/body", "fundus/text/body"}
DATE = {"wcxb/html/date", "wcxb/text/date", "fundus/html/date", "fundus/text/date"}


@pytest.fixture(scope="module")
def floors() -> dict:
    return eval_gate.read_floors()


def failed_metrics(failures: list[str]) -> set[str]:
    return {line.split(":", 1)[0] for line in failures}


def test_eval_gate(floors):
    """Body F1 and the newsroom fields on the gate's pages, each at or above its floor in tests/eval_floors.json."""
    failures = eval_gate.below_floors(eval_gate.measure(), floors)
    if failures:
        pytest.fail(
            "evaluation gate, below the floors of tests/eval_floors.json:\n" + "\n".join(failures), pytrace=False
        )


def test_floors_file_matches_the_fixtures_and_the_metrics(floors):
    assert floors["fixtures_sha256"] == eval_gate.fixtures_sha256()
    assert floors["tolerance"] == eval_gate.TOLERANCE
    assert set(floors["floors"]) >= BODY | DATE


def _broken(monkeypatch, damage) -> list[str]:
    """The gate's failures when every Article `copydesk.parse` returns goes through `damage` first."""
    parse = copydesk.parse

    def broken(*args, **kwargs):
        art = parse(*args, **kwargs)
        damage(art)
        return art

    monkeypatch.setattr(copydesk, "parse", broken)
    return eval_gate.below_floors(eval_gate.measure(), eval_gate.read_floors())


def test_gate_fails_when_bodies_lose_half_their_paragraphs(monkeypatch):
    def halve(art):
        paragraphs = [p for p in art.text.split("\n") if p.strip()]
        art.text = "\n".join(paragraphs[::2])

    failures = _broken(monkeypatch, halve)
    assert failed_metrics(failures) == BODY
    for line in failures:  # each names the metric, its value and its floor
        assert re.fullmatch(r"\S+/body: 0\.\d{4} is below its floor 0\.\d{4} \(n=\d+\)", line), line


def test_gate_fails_when_dates_are_dropped(monkeypatch):
    def undate(art):
        art.published = None

    failures = _broken(monkeypatch, undate)
    assert failed_metrics(failures) == DATE
    assert any(line.startswith("fundus/html/date: 0.0000 is below its floor 0.99") for line in failures), failures


def test_gate_fails_on_a_missing_or_unfloored_metric(floors):
    measured = {m: {"value": 1.0, "n": 1} for m in floors["floors"]}
    del measured["wcxb/html/title"]
    measured["wcxb/html/new"] = {"value": 0.5, "n": 1}
    assert eval_gate.below_floors(measured, floors) == [
        f"wcxb/html/title: has a floor ({floors['floors']['wcxb/html/title']:.4f}) but was not measured",
        "wcxb/html/new: measured (0.5000) but has no floor",
    ]
