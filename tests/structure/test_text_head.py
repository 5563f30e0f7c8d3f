"""The head of an article in a whole-page text capture: headline, standfirst, and what sits around them.

Every capture here is a fundus-other page (see tests/fixtures/README.md); the expected values are
Fundus's truth for the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import copydesk
from copydesk.structure.title import find_headline, repeats_headline

TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "text"


def _parse(page: str):
    capture = (TEXT / f"fundus-{page}.txt").read_text(encoding="utf-8")
    return copydesk.parse(capture, kind="text", nlp=False)


def _words(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").casefold())


@pytest.mark.parametrize(
    "page, headline",
    [
        # <title>: "Polizeieinsatz in Palma: Zweite Drogenrazzia innerhalb von 48 Stunden"
        (
            "es-MallorcaZeitung-2025_04_16",
            "Nur 50 Meter von einer Schule entfernt: Zweite Drogenrazzia in Palma innerhalb von 48 Stunden",
        ),
        # <title>: "Europe : les ventes de voitures neuves ont progressé au premier semestre | Les Echos"
        ("fr-LesEchos-2024_07_18", "Europe : les ventes de voitures neuves ont progressé au premier semestre"),
    ],
)
def test_the_headline_worded_unlike_the_page_title_is_found(page, headline):
    """The h1 under a <title> line that words it differently is the headline, not the <title> line."""
    assert _parse(page).title == headline


def test_fuzzy_headline_needs_most_of_the_wording():
    lines = [
        "Polizeieinsatz in Palma: Zweite Drogenrazzia innerhalb von 48 Stunden",
        "Menü",
        "Mallorca",
        "Der Wetterbericht für die Insel am Wochenende",
        "Nur 50 Meter von einer Schule entfernt: Zweite Drogenrazzia in Palma innerhalb von 48 Stunden",
    ]
    assert find_headline(lines, lines[0], len(lines), lines[0]) == 4
    assert find_headline(lines[:4], lines[0], 4, lines[0]) is None  # a different headline is no repeat
    assert repeats_headline(lines[4], lines[0]) and not repeats_headline(lines[3], lines[0])


@pytest.mark.parametrize(
    "page, dek_start",
    [
        ("de-DW-2023_04_28", "Die Ukraine bereitet sich auf eine womöglich entscheidende Gegenoffensive vor"),
        ("es-ElPais-2024_10_15", "La Comisión endurecerá la regulación sobre deportaciones"),
        ("za-EyethuNews-2025_11_25", "Ngabona amanxeba amathathu, egxalabeni, emqaleni kanye nasemhlane."),
        ("fr-LesEchos-2024_07_18", "Les ventes de voitures neuves dans l'UE affichent en juin"),
        ("cz-SeznamZpravy-2025_11_06", "Datum jmenování Babišova kabinetu záleží na jediné věci"),
    ],
)
def test_the_sentence_under_the_headline_that_is_not_body_is_the_standfirst(page, dek_start):
    """German, Spanish, Zulu, French, Czech: the standfirst sits under the headline, left out of the body."""
    article = _parse(page)
    assert (article.dek or "").startswith(dek_start)
    assert [b.text for b in article.blocks if b.kind == "dek"] == [article.dek]  # a block of its own, not body


def test_a_second_headline_over_the_standfirst_is_not_the_standfirst():
    """ "Baerbock zur UN: Nur eine Etappe zum nächsten Karriereschritt?" sits between the <title> copy and the dek."""
    article = _parse("de-HamburgerAbendblatt-2025_09_09")
    assert _words(article.dek)[:6] == ["berlin", "die", "ex", "aussenministerin", "tritt", "heute"]


def test_the_standfirst_under_a_headline_far_above_the_body():
    """Le Monde prints share buttons and a player between the headline and the first paragraph."""
    article = _parse("fr-LeMonde-2023_09_01")
    assert (article.dek or "").startswith("Reçue mardi 29 août à l’Elysée, la secrétaire générale de la CGT")


def test_a_publication_line_under_the_headline_is_not_the_standfirst():
    """ "Publié il y a 3 heures, mis à jour à 09h42" sits under Le Figaro's headline, over the caption and dek;
    "Par Le Figaro et AFP" is the byline, not a caption credited to AFP."""
    article = _parse("fr-LeFigaro-2024_11_22")
    assert (article.dek or "").startswith("LE POINT SUR LA SITUATION")
    assert {b.name for b in article.bylines} >= {"AFP"}
    assert not any(m.caption.startswith("Par Le Figaro") for m in article.media)


def test_a_headline_worded_unlike_the_page_title_is_found_by_its_layout():
    """Kleine Zeitung's <title> ("Notbetrieb und Notfallplan: Osttiroler Kinder und Senioren …") shares few words
    with its h1; the h1 is the headline-shaped line over the standfirst, sharing some of the <title>'s wording.
    A menu row over a sentence ("Abo E-Paper Club Shop …") shares too little of it."""
    article = _parse("at-KleineZeitung-2025_06_30")
    assert article.title == "Nur ein Drittel der Kinder kam am Montag in die Schule"
    assert (article.dek or "").startswith("Viele der Eltern im Lienzer Talboden schickten ihre Kinder")


@pytest.mark.parametrize(
    "page, lead_start",
    [
        ("vn-VnExpress-2025_10_22", "Người đàn ông 63 tuổi đau bụng kéo dài"),
        ("de-NDR-2025_06_18", "Der Osnabrücker Leseforscher Christian Dawidowski sagt"),
    ],
)
def test_with_no_standfirst_set_apart_the_lead_doubles_as_one(page, lead_start):
    """Right under the headline (past its date line), a lead a few sentences long is the standfirst the
    page prints, and still the body's first paragraph."""
    article = _parse(page)
    assert (article.dek or "").startswith(lead_start)
    assert article.body_blocks()[0].text == article.dek


def test_a_second_wording_of_the_headline_is_not_the_standfirst():
    """Die Welt's h1 "Voigt, Höcke und der Vorwurf einer Lüge vor laufender Kamera" rewords the <title>
    ("Landtagswahl in Thüringen: Voigt, Höcke …") over the byline; the standfirst is the sentence under them."""
    article = _parse("de-DieWelt-2024_08_27")
    assert (article.dek or "").startswith("In der letzten großen TV-Debatte vor der Landtagswahl in Thüringen")
