"""HTML pages: real pages give title, bylines, date, captions with credits and headings; hostile pages never crash."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import copydesk
from copydesk import Capture
from copydesk.extract import decode_html, extract_html
from copydesk.sources import captures

HTML = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def _page(name: str) -> bytes:
    return gzip.decompress((HTML / name).read_bytes())


def _parse(data, url: str | None = None) -> copydesk.Article:
    return copydesk.parse(Capture(data=data, kind="html", url=url), nlp=False)


def _accounted(art: copydesk.Article, n_lines: int) -> None:
    """Lossless accounting: block lines 1..n each in exactly one block or one removed entry."""
    lines = sorted([b.line for b in art.blocks] + [r.line for r in art.removed])
    assert lines == list(range(1, n_lines + 1))
    assert all(r.reason for r in art.removed)


def test_html_wcxb_page_title_byline_date_caption():
    data = _page("wcxb-0393.html.gz")
    art = _parse(data, "https://www.motorward.com/2018/11/cheap-fixes-are-the-best")
    assert art.title == "Cheap Fixes Are the Best!"
    assert [b.name for b in art.bylines][:1] == ["Albert Swann"]
    assert art.published == "2018-11-22"
    assert any(m.caption and "engine" in m.caption for m in art.media)
    assert art.text.startswith("If Any car owner would agree")
    assert art.title_check.verdict != "missing"  # the headline check runs on HTML too
    assert not art.errors
    _accounted(art, len(extract_html(data).lines))


@pytest.mark.parametrize("cue", ["Leave a Reply", "Notify of", "View all comments", "Be the First to Comment!"])
def test_html_wordpress_comment_section_never_in_body(cue):
    art = _parse(_page("wcxb-4640-wpdiscuz.html.gz"))
    assert art.title == "Best Minimalist Home Gym Setup on a Budget"
    assert cue.casefold() not in art.text.casefold()
    assert "Looking to build out your own minimalist home gym" in art.text
    assert any(r.reason == "comments" for r in art.removed)


def test_html_comment_text_with_prose_is_removed_as_comments():
    story = "".join(
        f"<p>Paragraph {i} of the story tells the council's budget debate in full sentences.</p>" for i in range(8)
    )
    comments = (
        '<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts on this</h2>'
        '<ol class="comment-list"><li class="comment"><article class="comment-body"><p>I strongly disagree with the '
        "council and I have written a long comment about it that reads exactly like a paragraph of prose.</p>"
        "</article></li>"
        '</ol><div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply</h3>'
        '<form id="commentform"><p>You must be logged in to post a comment.</p></form></div></div>'
    )
    page = (
        "<html><head><title>Budget row</title></head><body><article><h1>Budget row</h1>"
        f"{story}</article>{comments}</body></html>"
    )
    art = _parse(page.encode())
    assert "Paragraph 7 of the story" in art.text
    assert "strongly disagree" not in art.text and "logged in" not in art.text and "Leave a Reply" not in art.text
    assert {r.reason for r in art.removed if "disagree" in r.text or "logged in" in r.text} == {"comments"}


def test_html_fundus_caption_credit_and_byline():
    art = _parse(
        _page("fundus-de-JungeWelt-2024_04_26.html.gz"),
        "https://www.jungewelt.de/artikel/474126.nationaler-veteranentag-orden-f%C3%BCrs-morden.html",
    )
    assert "Orden fürs Morden" in art.title
    assert "Karim Natour" in [b.name for b in art.bylines]
    assert art.published == "2024-04-25"
    media = [m for m in art.media if m.caption and m.caption.startswith("Werden bald alljährlich gefeiert")]
    assert media and media[0].credit == "Fabrizio Bensch/REUTERS"


def test_html_fundus_headings_and_credits():
    art = _parse(_page("fundus-at-ORF-2024_11_22.html.gz"), "https://orf.at/stories/3376705/")
    headings = [b.text for b in art.blocks if b.kind == "heading"]
    for h in ("Bondi schon lange in Trumps Orbit", "Bereits 2021 Ersatz für erzwungenen Rücktritt"):
        assert h in headings
    assert "IMAGO/ZUMA Press" in [m.credit for m in art.media]
    assert art.published == "2024-11-22"


def test_html_markup_kinds_headings_lists_quotes_figcaptions():
    page = (
        "<html><head><title>Storm hits coast | Daily</title><meta property='og:description' content='A storm made "
        "landfall on Tuesday night and left thousands without power across the region.'></head><body>"
        "<nav><a href='/'>Home</a><a href='/news'>News</a></nav><article><h1>Storm hits coast</h1>"
        "<p class='byline'>By <a rel='author' href='/a/jane'>Jane Doe</a></p>"
        "<time datetime='2024-05-03T10:00'>May 3</time>"
        "<p>The storm made landfall late on Tuesday, forecasters said, bringing heavy rain to the region.</p>"
        "<figure><img src='x.jpg'><figcaption>Waves break over the sea wall in the harbour. "
        "<span class='credit'>Photo: AP</span></figcaption></figure>"
        "<p>Emergency crews worked through the night to clear fallen trees from the main roads.</p>"
        "<h2>What comes next</h2><p>Officials said the clean-up would take at least a week to complete fully.</p>"
        "<ul><li>Schools remain closed on Wednesday across the region.</li>"
        "<li>Power is back for most homes by Friday.</li></ul>"
        "<blockquote>We have never seen water this high in the harbour before tonight.</blockquote>"
        "<p>The weather service expects calmer conditions later this week, with lighter winds.</p></article>"
        "<footer><p>© 2024 Daily News. All rights reserved.</p></footer></body></html>"
    )
    art = _parse(page.encode())
    kinds = {b.text: b.kind for b in art.blocks}
    assert art.title == "Storm hits coast"
    assert [b.name for b in art.bylines] == ["Jane Doe"]
    assert art.published == "2024-05-03"
    assert kinds["What comes next"] == "heading"
    assert kinds["Schools remain closed on Wednesday across the region."] == "list_item"
    assert kinds["We have never seen water this high in the harbour before tonight."] == "blockquote"
    assert [(m.caption, m.credit) for m in art.media] == [("Waves break over the sea wall in the harbour.", "AP")]
    assert "Home" not in art.text and "All rights reserved" not in art.text
    assert art.dek and art.dek.startswith("A storm made landfall")


def test_html_auto_kind_sniffs_pages_and_jsonl_html_records(tmp_path):
    page = (
        b"<!-- saved page -->\n<html><body>"
        b"<p>A paragraph that is long enough to be read as prose here.</p></body></html>"
    )
    assert copydesk.parse(page, nlp=False).source.kind == "html"
    assert copydesk.parse("<!DOCTYPE html><p>Hello there, reader.</p>", nlp=False).source.kind == "html"
    assert copydesk.parse("Just a text capture.\nSecond line.", nlp=False).source.kind == "text"
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p1", "url": "https://example.org/p1", "html": page.decode()}) + "\n")
    (cap,) = captures([str(path)])
    assert (cap.kind, cap.id, cap.error) == ("html", "p1", None)
    art = copydesk.parse(cap, nlp=False)
    assert "long enough to be read" in art.text


@pytest.mark.parametrize(
    "data, expected, fallback",
    [
        ("café".encode(), "café", False),
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "café", False),
        ('<meta charset="iso-8859-1"><p>café’</p>'.encode(), "café’", False),  # declared latin-1, really UTF-8
        (
            b'<meta charset="iso-8859-1"><p>caf\xe9 \x93quoted\x94</p>',
            "café “quoted”",
            False,
        ),  # latin-1 label = windows-1252
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>",
            "Привет",
            False,
        ),
        (
            b'<meta charset="utf-8"><p>caf\xe9 cr\xe8me br\xfbl\xe9e</p>',
            "café",
            True,
        ),  # declared UTF-8, really windows-1252
    ],
)
def test_html_decode_charsets(data, expected, fallback):
    decoded = decode_html(data)
    assert expected in decoded.text
    assert bool(decoded.fallback) == fallback


def _hostile():
    deep = b"<html><body>" + b"<div>" * 100_000 + b"<p>deep text</p>" + b"</div>" * 100_000 + b"</body></html>"
    many = (
        b"<html><body>"
        + b"".join(b"<p>Paragraph number %d of a very long page.</p>" % i for i in range(50_000))
        + b"</body></html>"
    )
    rowspan = (
        b"<html><body><p>A table follows with an absurd rowspan attribute in it.</p><table><tr>"
        b"<td rowspan=1000000000000000 colspan=99999999>cell</td><td>x</td></tr></table></body></html>"
    )
    broken = b"<html><body><p>Unclosed <b>bold <i>italic <div><p>a</span></td>" * 500 + b"<script>var x = '</p>"
    return {
        "deep-nesting": deep,
        "50k-paragraphs": many,
        "rowspan": rowspan,
        "broken-markup": broken,
        "empty": b"",
        "whitespace": b"   \n ",
        "tags-only": b"<html><body><div></div></body></html>",
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 40,
        "mislabelled": b'<meta charset="utf-8"><p>Der Stra\xdfenverkehr in M\xfcnchen ist \xfcberlastet.</p>',
        "utf16": "<html><body><p>Texte en UTF-16 sans BOM, assez long.</p></body></html>".encode("utf-16-le"),
        "huge-text-node": b"<html><body><p>" + b"word " * 3_000_000 + b"</p></body></html>",
    }


@pytest.mark.parametrize("name", sorted(_hostile()))
def test_html_hostile_pages_complete_with_an_error_or_a_sane_article(name):
    data = _hostile()[name]
    art = _parse(data)
    assert isinstance(art, copydesk.Article)
    art.to_json()
    codes = [e.code for e in art.errors]
    if name in ("empty", "whitespace", "tags-only"):
        assert "E104" in codes
    elif name == "binary":
        assert "E103" in codes
    elif name == "deep-nesting":
        assert "E109" in codes  # the parser's depth limit cut the page, and that is recorded
    elif name == "mislabelled":
        assert "E105" in codes and "Straßenverkehr in München" in art.text
    elif name == "50k-paragraphs":
        assert len(art.blocks) + len(art.removed) == 50_000
    elif name == "rowspan":
        assert "absurd rowspan" in art.text
    assert "E901" not in codes


def test_html_broken_gzip_file_is_recorded(tmp_path):
    good = gzip.compress(b"<html><body><p>" + b"Some words of a story. " * 200 + b"</p></body></html>")
    (tmp_path / "a-broken.html.gz").write_bytes(good[: len(good) // 2])
    (tmp_path / "b-good.html.gz").write_bytes(good)
    arts = [copydesk.parse(c, nlp=False) for c in captures([str(tmp_path)])]
    assert [a.errors[0].code if a.errors else None for a in arts] == ["E101", None]
    assert arts[1].source.kind == "html" and "Some words of a story." in arts[1].text


def test_html_output_is_deterministic():
    data = _page("fundus-at-ORF-2024_11_22.html.gz")
    assert _parse(data).to_json() == _parse(data).to_json()


@pytest.mark.parametrize(
    "cls, inside",
    [
        ("kick__article__header__crumb", ""),  # a crumb trail's wrapper named after the article header it sits in
        ("breadcrumb_last", "<aside>"),  # the trail's last item inside a sidebar is navigation, the narrower name
    ],
)
def test_html_breadcrumb_trail_is_navigation(cls, inside):
    close = inside.replace("<", "</")
    page = (
        f"<html><body><article>{inside}<div class='{cls}'><a href='/'>Sport</a><h1>Breadcrumb wording</h1></div>{close}"
        "<h2>The headline readers see on the page</h2><p>" + "The match ended late in the evening. " * 8 + "</p>"
        "</article></body></html>"
    )
    doc = extract_html(page.encode())
    drops = {text: hint.drop for (_, text), hint in zip(doc.lines, doc.hints)}
    assert drops["Breadcrumb wording"] == "navigation"
    assert drops["The headline readers see on the page"] is None
    assert _parse(page.encode()).title == "The headline readers see on the page"


def _fundus(name: str, url: str) -> copydesk.Article:
    return _parse(_page(name), url)


def test_html_consent_overlay_outweighing_a_short_article_is_no_article():
    # The hidden consent overlay ("Werbung und Tracking: …") holds more text than the short report under it.
    art = _fundus(
        "fundus-de-Kicker-2024_04_26.html.gz",
        "https://www.kicker.de/interimstrainer-schubert-nicht-mehr-viel-zu-verlieren-1019241/artikel",
    )
    assert "Werbung und Tracking" not in art.text and "PUR-Abo" not in art.text
    assert "Hatte zwischenzeitlich noch einmal Hoffnung bestanden" in art.text


def test_html_named_standfirst_leaves_the_body_and_a_hidden_copy_of_the_article_is_removed():
    art = _fundus(
        "fundus-de-DerFreitag-2025_10_20.html.gz",
        "https://www.freitag.de/autoren/lennart-laberenz/ehrengast-der-frankfurter-buchmesse-was-lesen-die-philippinen",
    )
    # The standfirst (class "…lead…", repeated by og:description) is the dek, not the body's first paragraph.
    assert art.dek.startswith("Die Philippinen sind Ehrengast der Frankfurter Buchmesse.")
    assert "Die Philippinen sind Ehrengast" not in art.text
    # The page ships the article again in a hidden element: printed once.
    assert art.text.count("Früh am Sonntag glänzt der Asphalt noch nass") == 1
    assert art.text.startswith("Früh am Sonntag glänzt der Asphalt noch nass")


def test_html_hidden_copy_is_told_from_the_only_copy():
    from copydesk.structure.hinted import _copy_of_kept

    printed = ["First paragraph of the report.", "Second paragraph of the report."]
    hidden = [" ".join(printed)]
    texts = printed + hidden
    kept = [len(t) for t in texts]
    assert _copy_of_kept(texts, kept, [None, None, "hidden"], 2, 3)  # printed above: a copy
    assert not _copy_of_kept(texts, kept, ["navigation", "navigation", "hidden"], 2, 3)  # nothing printed: the article
    assert not _copy_of_kept(texts, [0, 0, 0], [None, None, "hidden"], 2, 3)


def test_html_menu_outweighing_a_short_report_is_no_article():
    # The sports menu (hundreds of linked items, "Untermenü … einblenden") holds more text than the short match report.
    art = _fundus(
        "fundus-de-SportSchau-2024_04_25.html.gz",
        "https://www.sportschau.de/fussball/premier-league/rueckschlag-"
        "im-titelkampf-liverpool-verliert-bei-everton,nachholspiele-everton-liverpool-100.html",
    )
    assert "Untermenü" not in art.text and "Champions League (F)" not in art.text
    assert art.text.startswith("Der FC Liverpool hat in der Premier League")


def test_html_box_of_links_inside_the_article_is_no_body():
    # An <aside> inside the article: "Recent Posts" and the linked titles of other posts.
    art = _parse(
        _page("wcxb-0240.html.gz"),
        "https://theyogahabituk.blog/2025/01/21/yoga-wont-fix-the-plumbing-but-it-might-save-your-sanity/",
    )
    assert "Recent Posts" not in art.text and "Journal Reflection Prompts" not in art.text
    assert "If life is a test of yoga principles" in art.text


def test_html_teasers_under_the_article_are_no_body():
    # Below the report, teasers of other stories wear the "teaser" class the page's own standfirst wears above it.
    art = _fundus(
        "fundus-de-NDR-2025_06_18.html.gz",
        "https://www.ndr.de/nachrichten/niedersachsen/osnabrueck_emsland/"
        "forscher-aus-osnabrueck-warnt-studierende-verlernen-lesen,leseforscher-100.html",
    )
    assert "Mehr als 80 Prozent der Studierenden wünschen sich klare Leitlinien" not in art.text
    assert "Hannes Besenthal" not in art.text
    assert "Deshalb wollen die Unis die Prüfungsform" in art.text


def test_html_teaser_class_above_the_prose_stays():
    from copydesk.structure.hinted import _drop_teasers
    from copydesk.structure.hints import DEK, LineHint

    prose = "A paragraph of the report that runs on for long enough to read as prose: " + "word " * 30
    hints = [LineHint("p", None, DEK), LineHint("p"), LineHint("p"), LineHint("p", None, DEK), LineHint("p")]
    keep = [True] * 5
    _drop_teasers(
        keep, hints, ["The page's own intro, above the body.", prose, prose, "Another story's teaser.", prose]
    )
    assert keep == [True, True, True, False, True]


@pytest.mark.parametrize(
    "markup",
    [
        # A screen reader's label of a box's toggle ("h-offscreen"): never printed.
        "<span class='h-offscreen'>Box aufklappen</span>",
        # An embed's consent placeholder ("c-oembed-placeholder__description"): the consent text, not the article's.
        "<div class='c-oembed-placeholder'><div class='c-oembed-placeholder__description'>Um eingebettete Inhalte "
        "anzuzeigen, ist deine widerrufliche Einwilligung in die Übermittlung personenbezogener Daten notwendig."
        "</div></div>",
    ],
)
def test_html_markup_that_is_never_article_text(markup):
    paras = [
        f"<p>Paragraph {i} of the report: the council met on Tuesday evening and voted on the new budget, which "
        "raises spending on schools and roads while it cuts the fees that families pay for the town's sports halls.</p>"
        for i in range(12)
    ]
    page = (
        f"<html><body><article><h1>Report</h1>{''.join(paras[:3])}{markup}{''.join(paras[3:])}</article></body></html>"
    )
    art = _parse(page.encode())
    assert "aufklappen" not in art.text and "Einwilligung" not in art.text
    assert "Paragraph 2 of the report" in art.text and "Paragraph 3 of the report" in art.text
