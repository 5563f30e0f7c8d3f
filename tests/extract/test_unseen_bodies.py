"""Bodies of page kinds the development sets lack: blog platforms, WordPress entries, ASP.NET pages, ruby text."""

from __future__ import annotations

import copydesk
from copydesk import Capture

STORY = [
    "Over the past few years we have seen threats on the web becoming increasingly sophisticated, and phishing sites "
    "rotate their domains very quickly to avoid being blocked.",
    "Turning the new mode on will substantially increase protection from dangerous websites and downloads, the team "
    "said in its announcement on Tuesday.",
    "Over the next year, more protections will be added to this mode, including tailored warnings for phishing sites "
    "and file downloads.",
]


def _parse(page: str) -> copydesk.Article:
    return copydesk.parse(Capture(data=page.encode(), kind="html"), nlp=False)


def _paragraphs() -> str:
    return "".join(f"<p>{p}</p>" for p in STORY)


def _menu() -> str:
    return (
        "<ul>" + "".join(f'<li><a href="/{m}">{m}</a></li>' for m in ("Home", "Archive", "Labels", "About")) + "</ul>"
    )


def test_html_noscript_copy_of_a_script_template_post_is_the_body():
    """A blog platform ships the post as a script template and again in <noscript>: the copy is read."""
    page = (
        f"<html><head><title>Safe Browsing</title></head><body>{_menu()}<h2>Safe Browsing</h2>"
        f"<div class='post-body'><script type='text/template'>{_paragraphs()}</script>"
        f"<noscript>{_paragraphs()}</noscript></div>"
        "<noscript><img src='/pixel.gif'></noscript><noscript><p>Please enable JavaScript.</p></noscript>"
        "</body></html>"
    )
    art = _parse(page)
    for p in STORY:
        assert p in art.text
    assert art.text.count("Over the next year") == 1
    assert "enable JavaScript" not in art.text


def test_html_wordpress_entry_terms_name_no_furniture():
    """A post's classes list its terms ("tag-x", "internet-estallido-comentarios"): the entry is no comment section."""
    page = (
        f"<html><head><title>Plenary session</title></head><body>{_menu()}"
        "<section id='content' class='post-17 post type-post status-publish hentry category-noticias "
        f"tag-cuba internet-estallido-comentarios'><h1>Plenary session</h1>{_paragraphs()}</section>"
        "<div id='comments' class='comments-area'><p>I disagree with every word of this story and I say so at "
        "length in a comment that reads just like a paragraph of prose.</p></div></body></html>"
    )
    art = _parse(page)
    for p in STORY:
        assert p in art.text
    assert "I disagree" not in art.text


def test_html_form_around_the_whole_page_holds_the_article():
    """ASP.NET WebForms wrap every element of the page in one <form>: the article container inside it is read."""
    teasers = "".join(
        f'<h4><a href="/n{i}">Other story number {i} about the national team and its coach</a></h4>' for i in range(12)
    )
    page = (
        f"<html><head><title>Veteran retires</title></head><body><form id='aspnetForm'>{_menu()}"
        f"<article class='author-article'><h1>Veteran retires</h1>{_paragraphs()}</article>"
        f"<div class='more'>{teasers}</div><input type='submit' value='Search'></form></body></html>"
    )
    art = _parse(page)
    for p in STORY:
        assert p in art.text


def test_html_ruby_readings_are_not_read_into_the_sentence():
    """Furigana (<rt>) print a word's reading above it; the sentence reads the word once."""
    page = (
        "<html><head><title>法律</title></head><body><article><h1>法律</h1>"
        + _paragraphs()
        + "<p><ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp></ruby>をなくすための"
        "<ruby>法律<rt>ほうりつ</rt></ruby>ができて、親が子どもを教育するために、たたいたり蹴ったりする体罰を"
        "禁止することになりました。</p>" + _paragraphs() + "</article></body></html>"
    )
    art = _parse(page)
    assert "子どもへの虐待をなくすための法律ができて" in art.text
    assert "ぎゃくたい" not in art.text and "虐待(" not in art.text


def test_html_short_paragraphs_at_the_body_edges_are_the_bodys():
    """A summary's points printed as short paragraphs right above the body (no article container) are kept;
    a linked "read more" paragraph after it and the menu above them are not."""
    points = ["Frankenbach appointed to the board", "Hellmann takes over marketing", "Huebner gets a new contract"]
    page = (
        "<html><head><title>Board changes</title></head><body>"
        + _menu() * 3
        + "<table><tr><td>Club news : Board changes</td></tr></table>"
        + "".join(f"<p>{p}</p>" for p in points)
        + _paragraphs()
        + "<p><a href='/structure'>Read more about the new structure here</a></p>"
        + _menu()
        + "</body></html>"
    )
    art = _parse(page)
    for p in points + STORY:
        assert p in art.text
    assert "Read more about" not in art.text and "Archive" not in art.text


def test_html_a_post_of_one_quoted_line_closing_with_a_german_quote_is_the_body():
    """Where the line model keeps nothing, a line of prose closed German-style („…“) is the body, not nothing."""
    import numpy as np

    from copydesk.structure.hinted import apply_hints
    from copydesk.structure.hints import LINK, LineHint

    texts = ["Blog", "„Ich weiß ich bin betrunken und sollte das vielleicht nicht sagen…“", "– „Ok.“", "Twitter"]
    hints = [LineHint("h1", None, LINK, 1.0), LineHint("p"), LineHint("p"), LineHint("li", "share", LINK, 1.0)]
    keep = apply_hints(np.zeros(len(texts)), 0.55, hints, texts)
    assert keep == [False, True, True, False]
