"""Subheadings and bylines on real fundus pages: box labels and teasers are no subheadings; names in spans,
site-named authors."""

from __future__ import annotations

import pytest

import copydesk
from copydesk import Capture
from copydesk.extract.metadata import Metadata, apply_metadata
from copydesk.model import Article, Byline, Source
from copydesk.structure.byline import parse_byline
from copydesk.structure.caption import clean_credit, is_credit_line, split_caption

from ..conftest import parse_page


def _headings(art: copydesk.Article) -> list[str]:
    return [b.text for b in art.blocks if b.kind == "heading"]


def test_subheadings_box_label_after_the_body_is_removed():
    # Regression: "Meistgelesene Artikel", the h2 over a list of links under the article, came out as a subheading.
    art = parse_page("fundus-ch-SRF-2025_01_05.html.gz", "https://www.srf.ch/news/international/nahost/drusen")
    assert _headings(art) == ["Ein Zentrum der Proteste", "Befreier mit Blut an den Händen"]
    assert {r.reason for r in art.removed if r.text == "Meistgelesene Artikel"} <= {"related", "footer"}
    assert "Meistgelesene Artikel" in {r.text for r in art.removed}


def test_subheadings_only_the_articles_own():
    # Regression: navigation labels and a repeat of the headline in an h2 were counted as subheadings.
    art = parse_page(
        "fundus-de-BSZ-2024_05_16.html.gz", "https://www.braunschweiger-zeitung.de/sport/article242348272/x.html"
    )
    assert _headings(art) == [
        "Kabayel: „Das ist die Champions League“",
        "Bönte: Fury muss Usyks Rhythmus brechen",
        "Organisation des Kampfs war zäh",
    ]


def test_subheadings_heading_shaped_div_is_a_paragraph():
    page = (
        "<html><body><article><h1>Council closes the old bridge</h1>"
        "<p>The council voted on Tuesday to close the old bridge for repairs, and the works will last until the "
        "end of next year according to the city's engineers.</p><div>Online since 7.57</div>"
        "<h2>Detours for drivers</h2><p>Drivers will have to take the ring road, which adds twenty minutes to "
        "the trip into town at rush hour, the engineers said.</p></article></body></html>"
    )
    art = copydesk.parse(Capture(data=page, kind="html"), nlp=False)
    assert _headings(art) == ["Detours for drivers"]


def test_bylines_names_in_spans_of_one_byline_element():
    # Regression: three authors, each in a <span> of the byline element, ran into one unreadable line.
    art = parse_page("fundus-at-DerStandard-2024_05_03.html.gz", "https://www.derstandard.at/story/3000000218734/x")
    assert [b.name for b in art.bylines] == ["Birgit Baumann", "Anna Giulia Fink", "Jan Michael Marchart"]


def test_bylines_address_element_lists_authors():
    page = (
        "<html><body><article><h1>Council closes the old bridge</h1>"
        "<address>Trine Juncher Jørgensen og Tôrtia Reimer-Johansen</address>"
        "<p>The council voted on Tuesday to close the old bridge for repairs, and the works will last until the "
        "end of next year according to the city's engineers.</p></article></body></html>"
    )
    art = copydesk.parse(Capture(data=page, kind="html"), nlp=False)
    assert [b.name for b in art.bylines] == ["Trine Juncher Jørgensen", "Tôrtia Reimer-Johansen"]


@pytest.mark.parametrize(
    "line, want",
    [
        ("Von Johannes Ritter, Zürich", [("Johannes Ritter", None)]),  # the reporter's place is no byline
        ("von Anne-Marie Slaughter", [("Anne-Marie Slaughter", None)]),  # a hyphen in a name is no separator
        ("Von Paula Steiger, SDA", [("Paula Steiger", None), ("SDA", "agency")]),
        (
            "Von Monika Bolliger, Anna Trechsel, Mia Frey",
            [("Monika Bolliger", None), ("Anna Trechsel", None), ("Mia Frey", None)],
        ),
        ("27. Januar 2026 • Gregor Meier • 3 Minuten", [("Gregor Meier", None)]),
        ("Sehernur Karsu | 05.04.2025 - Güncelleme : 05.04.2025", [("Sehernur Karsu", None)]),
    ],
)
def test_bylines_places_hyphens_and_meta_rows(line, want):
    assert [(b.name, b.role) for b in parse_byline(line)] == want


@pytest.mark.parametrize("line", ["Home | 12 Comments", "Politik • 3 Minuten", "Sport · Fußball · 12:30"])
def test_bylines_meta_rows_without_a_name(line):
    assert parse_byline(line) is None


def _article(bylines: list[Byline]) -> Article:
    art = Article(id="x", source=Source("html", None, None, None, None))
    art.bylines = bylines
    return art


def test_bylines_site_named_author_gives_way_to_the_printed_person():
    # Regression (MDR): the page's meta author is the site ("mdr.de"); the reporter printed under the headline signs.
    meta = Metadata(authors=["mdr.de"], sites=frozenset({"mdr", "mdrde"}))
    art = _article([Byline("David Straub")])
    apply_metadata(art, meta)
    assert [(b.name, b.role) for b in art.bylines] == [("David Straub", None)]


def test_bylines_site_named_author_with_its_address_is_the_desk():
    # Regression (hessenschau): "hessenschau.de, Frankfurt, Germany" as author gave three bylines, two of them places.
    meta = Metadata(
        authors=["hessenschau.de", "Frankfurt", "Germany"],
        sites=frozenset({"hessenschau", "hessenschaude"}),
        outlets=["Redaktion hessenschau.de"],
    )
    art = _article([])
    apply_metadata(art, meta)
    assert [(b.name, b.role) for b in art.bylines] == [("Redaktion hessenschau.de", "outlet")]


@pytest.mark.parametrize("line", ["Relegation - 2.Bundesliga/3. Liga", "2 / 3"])
def test_credits_breadcrumbs_and_counters_are_no_credit_lines(line):
    assert not is_credit_line(line)


@pytest.mark.parametrize(
    "line", ["Imago/Blaulicht-News.de", "Screenshots Instagram/TikTok", "Foto: dpa", "Jörg Carstensen/dpa"]
)
def test_credits_credit_lines_still_credits(line):
    assert is_credit_line(line)


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Symbolfoto: picture alliance/dpa | Hannes P Albert", "picture alliance/dpa | Hannes P Albert"),
        ("Источник: Фундация DEJURE", "Фундация DEJURE"),
    ],
)
def test_credits_compound_and_cyrillic_labels_dropped(raw, clean):
    assert clean_credit(raw) == clean


def test_credits_caption_sentence_before_fused_credit_stays_in_caption():
    # Regression (Mitteldeutsche Zeitung): the caption's last words were taken into the credit.
    got = split_caption("Die Proteste gelten dem Tod der 22-jährigen Mahsa Amini. Uncredited/AP/dpa")
    assert got == ("Die Proteste gelten dem Tod der 22-jährigen Mahsa Amini.", "Uncredited/AP/dpa")
    assert split_caption("Ein Tanker auf hoher See vor der Küste. AFP/U.S. Navy")[1] == "AFP/U.S. Navy"  # an initial
