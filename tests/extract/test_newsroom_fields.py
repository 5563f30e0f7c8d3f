"""Newsroom fields on real fundus pages: standfirst, photo credits, outlet bylines; label and markup rules."""

from __future__ import annotations

import pytest

from copydesk.extract.furniture import flags_of
from copydesk.extract.html import extract_html
from copydesk.structure.caption import clean_credit
from copydesk.structure.hints import BYLINE, CAPTION, CREDIT, FIGURE, SUMMARY

from ..conftest import parse_page


def test_newsroom_fields_standfirst_from_stated_summary():
    # Regression: the standfirst under the h1 repeats og:description, but sat in the body and the dek stayed empty.
    art = parse_page(
        "fundus-de-WDR-2024_04_22.html.gz", "https://www1.wdr.de/nachrichten/ruhrgebiet/feuerwehr-rentenalter-100.html"
    )
    assert art.dek and art.dek.startswith("Schon im vergangenen Herbst hatte das Vorhaben für Empörung gesorgt")
    # Lossless and not doubled: the line is one block, a dek block or (where the line model kept it) a paragraph.
    assert sum(b.text == art.dek for b in art.blocks) == 1


def test_newsroom_fields_credits_from_json_ld_image_objects():
    # Regression: the photo credits sat only in JSON-LD ImageObject authors and img titles, so none came back.
    art = parse_page(
        "fundus-de-WDR-2024_04_22.html.gz", "https://www1.wdr.de/nachrichten/ruhrgebiet/feuerwehr-rentenalter-100.html"
    )
    credits = {m.credit for m in art.media}
    assert {"WDR / Biernat", "WDR/Frank Überall"} <= credits


def test_newsroom_fields_outlet_signs_when_no_person_does():
    # Regression: the JSON-LD author is the organisation "ORF.at"; it was dropped and the page had no byline at all.
    art = parse_page("fundus-at-ORF-2024_11_22.html.gz", "https://orf.at/stories/3376705/")
    assert [(b.name, b.role) for b in art.bylines] == [("ORF.at", "outlet")]
    assert art.dek and art.dek.startswith("Der designierte US-Präsident Donald Trump")


def test_newsroom_fields_summary_flag_only_on_whole_repeats():
    page = (
        "<html><head><meta property='og:description' content='The council voted on Tuesday to close the old "
        "bridge for repairs'></head><body><article><h1>Bridge to close</h1>"
        "<p>The council voted on Tuesday to close the old bridge for repairs, and the works will last until the "
        "end of next year according to the city's engineers, who warned of long detours for drivers.</p>"
        "<p>The council voted on Tuesday to close the old bridge for repairs.</p></article></body></html>"
    )
    doc = extract_html(page)
    flagged = [t for (_, t), h in zip(doc.lines, doc.hints) if h.flags & SUMMARY]
    # A much longer line that merely starts like the summary is the lede, not the standfirst.
    assert flagged == ["The council voted on Tuesday to close the old bridge for repairs."]


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Foto: Bild: SN/APA/KEYSTONE/CYRIL ZINGARO", "SN/APA/KEYSTONE/CYRIL ZINGARO"),
        ("Quelle: dpa", "dpa"),
        ("Bildrechte: picture alliance/dpa | Daniel Vogl", "picture alliance/dpa | Daniel Vogl"),
        ("© Foto: Jane Doe.", "Jane Doe"),
    ],
)
def test_newsroom_fields_clean_credit_drops_stacked_labels(raw, clean):
    assert clean_credit(raw) == clean


@pytest.mark.parametrize(
    "cls, parent, has_credit",
    [
        ("ContentCaption_contentcredit__zUOv5", CAPTION, True),  # a credit word glued into a generated class name
        ("article_image-container-source", 0, True),  # "source" in a picture's own wrapper
        ("voc-figcaption--author", CAPTION, True),  # an author inside a caption is the photographer
        ("source", 0, False),  # a news source outside any picture is no photo credit
        ("copyright", 0, False),  # the footer's copyright notice
    ],
)
def test_newsroom_fields_credit_markup(cls, parent, has_credit):
    flags, _ = flags_of("span", {"class": cls}, parent)
    assert bool(flags & CREDIT) is has_credit
    if has_credit:
        assert not flags & BYLINE and (flags | parent) & (CAPTION | FIGURE)
