"""A post's author as its hAtom/hCard markup names it (`<span class="author vcard"><a class="url fn n">`), where
no line and no statement of the page names one. The pages are small ones written for these tests."""

from __future__ import annotations

import copydesk
from copydesk import Capture

BODY = (
    "<p>The council voted on Tuesday to rebuild the harbour bridge, closed to lorries since a crack was found in "
    "one of its piers last winter, after a debate that ran late into the evening.</p>"
    "<p>Work is due to start next spring, and the bridge is to stay open to walkers for most of the time, with a "
    "ferry running on the days when the old spans are lifted out and the new ones put in their place.</p>"
)
SIDEBAR = "".join(f"<li><a href='/p/{i}'>Another post about the town, number {i}</a></li>" for i in range(12))


def _page(foot: str) -> copydesk.Article:
    html = (
        f'<!doctype html><html lang="en"><head><title>Council votes to rebuild the bridge</title></head>'
        f"<body><article class='hentry'><h1>Council votes to rebuild the bridge</h1>{BODY}</article>"
        f"<ul class='widget'>{SIDEBAR}</ul>{foot}</body></html>"
    )
    return copydesk.parse(Capture(data=html.encode(), kind="html"), nlp=False)


def test_the_posts_hcard_names_its_author():
    foot = (
        "<footer class='entry-meta'><span class='meta-author vcard'><i class='icon'></i>"
        "<a class='url fn n' href='/author/hr/'>Helmut Rubik</a></span></footer>"
    )
    assert [b.name for b in _page(foot).bylines] == ["Helmut Rubik"]


def test_a_comments_hcard_is_not_the_posts_author():
    foot = (
        "<ol class='commentlist'><li class='comment'><div class='comment-author vcard'>"
        "<cite class='fn'>Jane Reader</cite> says:</div><p>Great news for the town.</p></li></ol>"
    )
    assert _page(foot).bylines == []
