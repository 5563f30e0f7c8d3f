"""Byline lines as whole-page captures print them (lines of fundus-other captures; see tests/fixtures/README.md)."""

from __future__ import annotations

import pytest

from copydesk.structure.byline import parse_byline


@pytest.mark.parametrize(
    "line, want",
    [
        # Funke papers: the names, then the time stamp.
        (
            "Von Christian Unger, Tobias Köberlein, Laura Wagener und Alexander Rothe 09.09.2025, 14:55 Uhr",
            [("Christian Unger", None), ("Tobias Köberlein", None), ("Laura Wagener", None), ("Alexander Rothe", None)],
        ),
        (
            "Von Dominik Bath und Theresa Martus 06.11.2025, 21:00 Uhr",
            [("Dominik Bath", None), ("Theresa Martus", None)],
        ),
        # A colon after the by-word (Frankfurter Rundschau, Bild, AFP Faktencheck).
        ("Von: Simone Jung", [("Simone Jung", None)]),
        ("Von: JÖRG ZSCHOCHE", [("JÖRG ZSCHOCHE", None)]),
        # The role after the name with no comma (Die Welt).
        ("Von Ulrich Exner Korrespondent", [("Ulrich Exner", "Korrespondent")]),
    ],
)
def test_bylines_of_text_captures(line, want):
    assert [(b.name, b.role) for b in parse_byline(line)] == want


@pytest.mark.parametrize(
    "line", ["Von 2020 bis 2025 wurde der Betrieb nicht kontrolliert", "By 10:30 the hall was full"]
)
def test_numbers_after_a_by_word_make_no_byline(line):
    assert parse_byline(line) is None


def test_a_name_alone_beside_a_date_is_the_author():
    """Seznam Zprávy prints the author's name over the time; a name over a photo credit captions the picture."""
    from pathlib import Path

    import copydesk

    text = Path(__file__).resolve().parent.parent / "fixtures" / "text"
    seznam = copydesk.parse(
        (text / "fundus-cz-SeznamZpravy-2025_12_10.txt").read_text(encoding="utf-8"), kind="text", nlp=False
    )
    assert "Ondřej Katz" in [b.name for b in seznam.bylines]
    rp = copydesk.parse(
        (text / "fundus-pl-Rzeczpospolita-2025_02_02.txt").read_text(encoding="utf-8"), kind="text", nlp=False
    )
    assert "Friedrich Merz" not in [b.name for b in rp.bylines]
    assert ("Friedrich Merz", "REUTERS/Nadja Wohlleben") in [(m.caption, m.credit) for m in rp.media]
