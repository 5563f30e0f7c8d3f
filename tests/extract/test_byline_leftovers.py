"""What a byline element holds beside its writer's name: a date printed after it (with or without a space), a link to
the writer's other articles, a follow button, a degree alone, a count. The pages are small ones written for these
tests."""

from __future__ import annotations

import json

import pytest

import copydesk
from copydesk import Capture

BODY = (
    "<p>The council voted on Tuesday to rebuild the harbour bridge, closed to lorries since a crack was found in "
    "one of its piers last winter, after a debate that ran late into the evening.</p>"
    "<p>Work is due to start next spring, and the bridge is to stay open to walkers for most of the time, with a "
    "ferry running on the days when the old spans are lifted out and the new ones put in their place.</p>"
)


def _page(top: str, head: str = "") -> copydesk.Article:
    html = (
        f'<!doctype html><html lang="de"><head><title>Council votes to rebuild the bridge</title>{head}</head>'
        f"<body><article><h1>Council votes to rebuild the bridge</h1>{top}{BODY}</article></body></html>"
    )
    return copydesk.parse(Capture(data=html.encode(), kind="html"), nlp=False)


@pytest.mark.parametrize(
    "byline, want",
    [
        ("Tanja Karrasch3.11.2023", "Tanja Karrasch"),
        ("Redaktion - 31. Januar 2022", "Redaktion"),
    ],
)
def test_the_date_after_the_name_comes_off(byline, want):
    assert [b.name for b in _page(f"<div class='byline'>{byline}</div>").bylines] == [want]


@pytest.mark.parametrize("extra", ["Follow", "Instagram", "Autoreninfo", "Community 1", "Hace 13 horas"])
def test_a_button_or_link_beside_the_name_is_no_writer(extra):
    top = f"<div class='author'><span>Inga Hoeltmann</span></div><div class='author'><span>{extra}</span></div>"
    assert [b.name for b in _page(top).bylines] == ["Inga Hoeltmann"]


def test_a_degree_after_a_stated_name_is_no_writer():
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council votes to rebuild the bridge",
        "author": "Grant Tinsley, PhD",
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    assert [b.name for b in _page("", head).bylines] == ["Grant Tinsley"]


def test_a_username_with_digits_stays():
    assert [b.name for b in _page("<div class='byline'>Marianne1</div>").bylines] == ["Marianne1"]
