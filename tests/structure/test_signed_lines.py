"""A text capture whose top names no writer: the line that says it names one ("By X", "4.02.2022 par X"), under the
headline or near where the body starts, past the share rows and players where the top's reading stops.

The `trafeval-*` fixtures are whole-page text captures of trafilatura's evaluation corpus (adbar/trafilatura,
Apache-2.0; via `shared/data/trafilatura-eval`; the pages are the publishers' own, used here for testing only).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import copydesk
from copydesk.structure.byline import signed_line

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "text"


@pytest.mark.parametrize(
    "name, want",
    [
        ("trafeval-nationalgeographic.co.uk.goats.txt", ["Michael Hingston"]),
        ("trafeval-aerobuzz.de-bremen.txt", ["Bob Fischer"]),
    ],
)
def test_the_signed_line_past_the_top(name, want):
    article = copydesk.parse(FIXTURES / name, nlp=False)
    assert [b.name for b in article.bylines] == want


@pytest.mark.parametrize(
    "line, want",
    [
        ("By Michael Hingston", ["Michael Hingston"]),
        ("Autor: Petra Ruland", ["Petra Ruland"]),
        ("4.02.2022 par Bob Fischer", ["Bob Fischer"]),
    ],
)
def test_a_line_that_says_it_names_its_writer(line, want):
    assert [b.name for b in signed_line(line)] == want


@pytest.mark.parametrize(
    "line",
    ["Michael Hingston | National Geographic", "Petra Ruland, Reporter", "Meanwhile, by Tuesday the goats were gone"],
)
def test_a_byline_that_does_not_open_with_a_by_word_is_not_signed(line):
    assert signed_line(line) is None


PARAGRAPHS = [
    "Der Gemeinderat hat am Dienstag beschlossen, die Hafenbrücke neu zu bauen, die seit dem letzten Winter für "
    "Lastwagen gesperrt ist, nachdem in einem ihrer Pfeiler ein Riss gefunden worden war.",
    "Die Arbeiten sollen im nächsten Frühjahr beginnen. Für Fußgänger bleibt die Brücke die meiste Zeit offen, und an "
    "den Tagen, an denen die alten Felder ausgehoben werden, fährt eine Fähre über den Fluss.",
    "Die Kosten werden auf zwölf Millionen Euro geschätzt, von denen das Land die Hälfte übernimmt, wie der "
    "Bürgermeister nach der Sitzung sagte, die bis spät in den Abend gedauert hatte.",
]


@pytest.mark.parametrize("label", ["Auteur", "Autor", "By :"])
def test_a_label_on_its_own_line_and_the_name_on_the_next(label):
    text = "\n".join(["Gemeinderat beschließt Neubau der Hafenbrücke", label, "Uriel Gadessaud", *PARAGRAPHS])
    article = copydesk.parse(copydesk.Capture(data=text.encode(), kind="text"), nlp=False)
    assert [b.name for b in article.bylines] == ["Uriel Gadessaud"]


def test_a_name_and_its_date_on_one_line_under_the_headline():
    text = "\n".join(
        ["Gemeinderat beschließt Neubau der Hafenbrücke", "Nicole Collignon 22. Februar 2020", *PARAGRAPHS]
    )
    article = copydesk.parse(copydesk.Capture(data=text.encode(), kind="text"), nlp=False)
    assert [b.name for b in article.bylines] == ["Nicole Collignon"]


def test_a_lone_by_word_past_the_top_takes_the_names_line_under_it_too():
    """The by-word and the names line under it are both the byline, wherever it is found (the names line was left
    out of the byline, removed as "boilerplate", when the by-word sat past the top)."""
    text = (FIXTURES / "trafeval-nationalgeographic.co.uk.goats.txt").read_text(encoding="utf-8")
    article = copydesk.parse(text.replace("By Michael Hingston\n", "By\nMichael Hingston\n"), kind="text", nlp=False)
    assert [b.name for b in article.bylines] == ["Michael Hingston"]
    assert [(b.kind, b.text) for b in article.blocks if b.text in ("By", "Michael Hingston")] == [
        ("byline", "By"),
        ("byline", "Michael Hingston"),
    ]
    assert not any("Hingston" in r.text for r in article.removed)
