"""Publication dates read in the page's own order and on its own day: a numeric date's day/month order from the
page's stated locale (`<html lang>`, `og:locale`), and a stamp with a time zone kept on the day it names.

The pages are small ones written for these tests.
"""

from __future__ import annotations

import pytest

import copydesk
from copydesk import Capture
from copydesk.structure.dates import find_date, month_first_locale

BODY = (
    "<p>The council voted on Tuesday to rebuild the harbour bridge, closed to lorries since a crack was found in "
    "one of its piers last winter, after a debate that ran late into the evening.</p>"
    "<p>Work is due to start next spring, and the bridge is to stay open to walkers for most of the time, with a "
    "ferry running on the days when the old spans are lifted out and the new ones put in their place.</p>"
)


def _page(lang: str | None, *, printed: str = "", head: str = "") -> copydesk.Article:
    """A small article page in locale `lang` (None: none stated), with `printed` under its headline."""
    attr = f' lang="{lang}"' if lang else ""
    line = f'<p class="date">{printed}</p>' if printed else ""
    html = (
        f"<!doctype html><html{attr}><head><title>Council votes to rebuild the bridge</title>{head}</head>"
        f"<body><article><h1>Council votes to rebuild the bridge</h1>{line}{BODY}</article></body></html>"
    )
    return copydesk.parse(Capture(data=html.encode(), kind="html"), nlp=False)


@pytest.mark.parametrize(
    "text, month_first, want",
    [
        ("11/03/2017", False, "2017-03-11"),
        ("11/03/2017", True, "2017-11-03"),
        ("11.03.2017", True, "2017-11-03"),
        ("03/25/2017", False, "2017-03-25"),  # only one order makes a date: that one, whatever the locale
        ("25/03/2017", True, "2017-03-25"),
        ("2017-03-11", True, "2017-03-11"),  # year first is never reordered
        ("11 March 2017", True, "2017-03-11"),  # nor a month written out
    ],
)
def test_a_numeric_date_is_read_in_the_order_asked(text, month_first, want):
    assert find_date(text, month_first=month_first) == want


def test_a_two_digit_year_is_read_month_first_when_asked():
    assert find_date("11.03.17", short_year=True) == "2017-03-11"
    assert find_date("11.03.17", short_year=True, month_first=True) == "2017-11-03"


@pytest.mark.parametrize(
    "tags, want",
    [
        (("en-US",), True),
        (("en_US",), True),
        (("es-US",), True),
        ((None, "en_US"), True),
        (("", "en_US"), True),
        (("en-GB",), False),
        (("en",), False),
        (("de-DE",), False),
        ((None, None), False),
        (("de-DE", "en_US"), False),  # the first locale stated speaks for the page
    ],
)
def test_the_locales_that_write_the_month_first(tags, want):
    assert month_first_locale(*tags) is want


@pytest.mark.parametrize(
    "lang, printed, want",
    [
        ("en-US", "11.03.17", "2017-11-03"),  # a US page: November 3rd
        ("de", "11.03.17", "2017-03-11"),  # a German one: March 11th
        ("en-US", "Posted 11/03/2017", "2017-11-03"),
        ("en-GB", "Posted 11/03/2017", "2017-03-11"),
        (None, "11/03/2017", "2017-03-11"),  # no locale stated: day first, as most of the world writes it
    ],
)
def test_a_printed_numeric_date_is_read_in_the_pages_order(lang, printed, want):
    assert _page(lang, printed=printed).published == want


def test_og_locale_gives_the_order_where_the_html_states_no_language():
    head = '<meta property="og:locale" content="en_US"><meta name="date" content="11/03/2017">'
    assert _page(None, head=head).published == "2017-11-03"
    assert _page("fr-FR", head=head).published == "2017-03-11"


@pytest.mark.parametrize(
    "stamp, lang, want",
    [
        # Eleven at night in New York is still March 11th there: the stamp's own day, not UTC's (the 12th).
        ("2017-03-11T23:00:00-05:00", "en-US", "2017-03-11"),
        ("2017-03-12T00:30:00+01:00", "de", "2017-03-12"),  # half past midnight in Berlin: the 12th, not UTC's 11th
        # A UTC stamp on a page that states no zone of its own: the day it names; no zone is guessed from the language.
        ("2017-03-11T23:30:00Z", "de", "2017-03-11"),
    ],
)
def test_a_stamp_with_a_time_zone_stays_on_its_own_day(stamp, lang, want):
    head = f'<meta property="article:published_time" content="{stamp}">'
    assert _page(lang, head=head).published == want
    ld = f'<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{stamp}"}}</script>'
    assert _page(lang, head=ld).published == want
