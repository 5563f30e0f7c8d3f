"""What a byline element or line holds that is not a writer: a list of tags or categories, a widget's credit to its
maker, the page's own site name where the page names a person. The pages are small ones written for these tests."""

from __future__ import annotations

import pytest

import copydesk
from copydesk import Capture
from copydesk.structure.byline import is_topic_list, parse_byline, writer_like

BODY = (
    "<p>The council voted on Tuesday to rebuild the harbour bridge, closed to lorries since a crack was found in "
    "one of its piers last winter, after a debate that ran late into the evening.</p>"
    "<p>Work is due to start next spring, and the bridge is to stay open to walkers for most of the time, with a "
    "ferry running on the days when the old spans are lifted out and the new ones put in their place.</p>"
)


def _page(head: str = "", top: str = "", foot: str = "") -> copydesk.Article:
    html = (
        f'<!doctype html><html lang="en"><head><title>Council votes to rebuild the bridge</title>{head}</head>'
        f"<body><article><h1>Council votes to rebuild the bridge</h1>{top}{BODY}{foot}</article></body></html>"
    )
    return copydesk.parse(Capture(data=html.encode(), kind="html"), nlp=False)


@pytest.mark.parametrize(
    "line",
    [
        "Tagged with WebAssembly tooling",
        "Filed under Politics, World",
        "Abgelegt unter Blogprojekte, Das Leben, Schönes... | Hinterlasse einen Kommentar",
        "Tags: Bridges, Council",
        "Posted in News, Local",
    ],
)
def test_a_list_of_topics_is_no_byline(line):
    assert is_topic_list(line)
    assert parse_byline(line) is None


def test_a_byline_with_a_label_like_word_inside_a_name_is_still_one():
    assert not is_topic_list("By Tagore Ramsey")
    assert [b.name for b in parse_byline("By Jane Doe and John Roe")] == ["Jane Doe", "John Roe"]


@pytest.mark.parametrize(
    "name, want",
    [
        ("Taboola by Taboola", False),
        ("Leave a comment", False),
        ("Ludwig van Beethoven", True),
        ("Ana de la Cruz", True),
    ],
)
def test_what_a_writers_name_never_holds(name, want):
    assert writer_like(name) is want


def test_a_tag_list_in_a_byline_element_is_no_byline():
    art = _page(top='<div class="byline">Filed under Politics, World</div>')
    assert [b.name for b in art.bylines] == []


def test_a_widget_credit_is_no_byline():
    art = _page(top='<p class="byline">By Jane Doe</p>', foot='<div class="byline">Taboola by Taboola</div>')
    assert [b.name for b in art.bylines] == ["Jane Doe"]


def test_the_site_named_as_author_gives_way_to_the_writer_the_page_names_when_read_without_a_url():
    """A page read from a file states where it lives (<link rel=canonical>): its host names the site, so the site's
    name in <meta name=author> is no writer beside the one the byline names."""
    head = (
        '<link rel="canonical" href="https://www.harbourtimes.example/news/bridge">'
        '<meta name="author" content="harbourtimes.example">'
    )
    art = _page(head=head, top='<p class="byline">Von Jane Doe, dpa</p>')
    assert "harbourtimes.example" not in [b.name for b in art.bylines]
    assert "Jane Doe" in [b.name for b in art.bylines]
