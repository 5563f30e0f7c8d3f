"""Byline lines as whole-page captures print them (lines of fundus-other captures; see tests/fixtures/README.md)."""

from __future__ import annotations

import pytest

from copydesk.structure.byline import parse_byline


@pytest.mark.parametrize(
    "line, want",
    [
        # Funke papers: the names, then the time stamp.
        ("Von Christian Unger, Tobias Köberlein, Laura Wagener und Alexander Rothe 09.09.2025, 14:55 Uhr",
         [("Christian Unger", None), ("Tobias Köberlein", None), ("Laura Wagener", None), ("Alexander Rothe", None)]),
        ("Von Dominik Bath und Theresa Martus 06.11.2025, 21:00 Uhr", [("Dominik Bath", None), ("Theresa Martus", None)]),
        # A colon after the by-word (Frankfurter Rundschau, Bild, AFP Faktencheck).
        ("Von: Simone Jung", [("Simone Jung", None)]),
        ("Von: JÖRG ZSCHOCHE", [("JÖRG ZSCHOCHE", None)]),
        # The role after the name with no comma (Die Welt).
        ("Von Ulrich Exner Korrespondent", [("Ulrich Exner", "Korrespondent")]),
    ],
)
def test_bylines_of_text_captures(line, want):
    assert [(b.name, b.role) for b in parse_byline(line)] == want


@pytest.mark.parametrize("line", ["Von 2020 bis 2025 wurde der Betrieb nicht kontrolliert", "By 10:30 the hall was full"])
def test_numbers_after_a_by_word_make_no_byline(line):
    assert parse_byline(line) is None
