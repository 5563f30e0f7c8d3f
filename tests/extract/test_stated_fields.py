"""Authors, dates and photo credits a page states in its metadata and markup, on real fundus pages.

Page excerpts below are copied from pages of `shared/data/fundus-other` (Fundus's parser test suite,
flairNLP/fundus, MIT; the pages are the publishers' own, used here for testing only).
"""

from __future__ import annotations

import pytest

import copydesk
from copydesk import Capture
from copydesk.extract.html import extract_html, parse_tree
from copydesk.extract.metadata import Metadata, fallback_date, read_metadata, stated_date
from copydesk.structure.caption import is_credit_line, split_caption
from copydesk.structure.hints import CAPTION, CREDIT, DATE, HIDDEN

from ..conftest import parse_page


def _names(art: copydesk.Article) -> list[str]:
    return [b.name for b in art.bylines]


def test_stated_fields_author_meta_names_a_person_before_the_site():
    # Regression: the first <meta name="author"> is the paper ("한국일보"), the second the reporter ("신현주 기자").
    art = parse_page(
        "fundus-kr-HankookIlbo-2026_01_29.html.gz", "https://www.hankookilbo.com/news/article/A2026012914320005196"
    )
    assert _names(art) == ["신현주"]  # the job title "기자" (reporter) is not part of the name


def test_stated_fields_cxense_author_before_the_site_name():
    # From jp-MainichiShimbun-2025_01_14: `author` names the paper, the cXense field the reporter.
    page = (
        '<html><head><meta name="author" content="毎日新聞"><meta name="cXenseParse:author" content="松岡大地" '
        'data-separator=","><meta property="og:site_name" content="毎日新聞"></head><body><p>x</p></body></html>'
    )
    roots, _ = parse_tree(page)
    assert read_metadata(roots, "https://mainichi.jp/articles/20250114/k00/00m/030/335000c").authors == ["松岡大地"]


def test_stated_fields_site_alone_still_signs():
    # Only the site in the author fields: it stays the author, as before (the outlet rules take it from there).
    page = (
        '<html><head><meta name="author" content="毎日新聞">'
        '<meta property="og:site_name" content="毎日新聞"></head></html>'
    )
    roots, _ = parse_tree(page)
    assert read_metadata(roots, "https://mainichi.jp/").authors == ["毎日新聞"]


def test_stated_fields_two_full_names_joined_by_and_in_one_field():
    # Regression: JSON-LD and article:author both say "Trine Juncher Jørgensen og Tôrtia Reimer-Johansen ";
    # six words made it no name at all, so the page had no byline.
    art = parse_page(
        "fundus-gl-Sermitsiaq-2025_04_16.html.gz",
        "https://www.sermitsiaq.ag/samfund/mute-b-egede-om-meningsmaling-status-quo-er-ikke-en-mulighed/2192432",
    )
    assert _names(art) == ["Trine Juncher Jørgensen", "Tôrtia Reimer-Johansen"]


@pytest.mark.parametrize(
    "field, names",
    [
        ("José Ortega y Gasset", ["José Ortega y Gasset"]),  # single words around "y": one name
        ("Maria & Katerina", ["Maria & Katerina"]),  # given names only: one sign, as the page prints it
        ("Jared Newman, Sam Singleton", ["Jared Newman", "Sam Singleton"]),
    ],
)
def test_stated_fields_author_field_split_only_between_full_names(field, names):
    page = f'<html><head><meta name="author" content="{field}"></head></html>'
    roots, _ = parse_tree(page)
    assert read_metadata(roots, None).authors == names


def test_stated_fields_written_by_label_pair():
    # Regression: the SEO plugin's twitter:label1 "Verfasst von" / twitter:data1 "Gregor Meier" was the only
    # author field; the byline row sits inside the date row and was read as a date.
    art = parse_page(
        "fundus-li-Landesspiegel-2026_01_27.html.gz",
        "https://landesspiegel.li/2026/01/eu-und-indien-besiegeln-groesstes-freihandelsabkommen-ihrer-geschichte/",
    )
    assert _names(art) == ["Gregor Meier"]


def test_stated_fields_reading_time_label_is_no_author():
    page = (
        '<html><head><meta name="twitter:label1" content="Est. reading time">'
        '<meta name="twitter:data1" content="6 minutes"></head></html>'
    )
    roots, _ = parse_tree(page)
    assert read_metadata(roots, None).authors == []


def test_stated_fields_printed_update_stamp_gives_way_to_publication():
    # jp-YomiuriShimbun-2024_12_03: the header prints "2024/12/04 00:05", the JSON-LD says datePublished
    # 2024-12-03T23:17, dateModified 2024-12-04T00:06. ch-NZZ-2024_07_18: a live page printing its last update.
    meta = Metadata(published="2024-12-03", modified="2024-12-04")
    assert stated_date("2024-12-04", meta) == "2024-12-03"
    # A printed date the page does not call its update stays: it is what readers see as the date.
    assert stated_date("2024-12-05", meta) == "2024-12-05"
    assert stated_date("2024-12-04", Metadata(published="2024-12-03")) == "2024-12-04"
    assert stated_date(None, meta) == "2024-12-03"


def test_stated_fields_modified_date_read_from_json_ld_and_meta():
    page = (
        '<html><head><meta property="article:modified_time" content="2025-02-07T07:51:35.000Z">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2025-02-06T19:25:34Z"}'
        "</script></head><body><p>x</p></body></html>"
    )
    roots, _ = parse_tree(page)
    meta = read_metadata(roots, None)
    assert (meta.published, meta.modified) == ("2025-02-06", "2025-02-07")


def test_stated_fields_east_asian_credits_on_a_page():
    art = parse_page("fundus-jp-TokyoShimbun-2025_01_13.html.gz", "https://www.tokyo-np.co.jp/article/379018")
    media = {(m.caption, m.credit) for m in art.media}
    assert ("移送のため警視庁を出る岩本絹子容疑者＝13日、東京・霞ケ関で", "潟沼義樹") in media
    assert ("岩本絹子元理事長の逮捕を受け、記者会見を開いた清水治理事長（中）ら大学幹部", None) in media


def test_stated_fields_slash_credit_is_not_split_into_caption_and_credit():
    # Regression (fr-LeMonde-2023_09_01): "BERTRAND GUAY / AFP" became caption "BERTRAND GUAY /", credit "AFP".
    assert split_caption("BERTRAND GUAY / AFP") is None
    assert is_credit_line("BERTRAND GUAY / AFP")


def _flags(page: str) -> list[tuple[str, bool, bool]]:
    doc = extract_html(page.encode("utf-8"))
    return [(text, bool(h.flags & CAPTION), bool(h.flags & CREDIT)) for (_, text), h in zip(doc.lines, doc.hints)]


def test_stated_fields_bracketed_element_ends_caption_as_its_credit():
    # es-ABC-2026_04_25 (markup as printed); the same shape on de-SZ-2024_09_30 and de-Golem-2024_04_28.
    page = (
        '<html><body><figure><img src="a.jpg"><figcaption class="v-fc"> <span class="v-fc__t"> Arnaldo Báez intenta '
        'marcharse de un defensor del Noia Apostoli. </span> <span class="v-fc__p"> (Edu Luque) </span> '
        "</figcaption></figure><p>Texto del artículo.</p></body></html>"
    )
    assert _flags(page)[:2] == [
        ("Arnaldo Báez intenta marcharse de un defensor del Noia Apostoli.", True, False),
        ("(Edu Luque)", True, True),
    ]


def test_stated_fields_bracket_inside_caption_text_stays():
    page = (
        "<html><body><figure><figcaption>Vargas Llosa <span>(l.)</span> auf Mallorca.</figcaption></figure>"
        "</body></html>"
    )
    assert _flags(page) == [("Vargas Llosa (l.) auf Mallorca.", True, False)]


def test_stated_fields_credit_above_caption_in_figure():
    # cz-SeznamZpravy-2025_12_10 (markup as printed, classes shortened): "Foto: Shutterstock.com" sits in an
    # unnamed span above the figcaption.
    page = (
        '<html><body><figure><div><img src="a.jpg"/></div><span class="e_bI"><span class="e_bJ">'
        '<span class="e_bK">Foto: Shutterstock.com</span></span></span><figcaption class="h_gx"><p class="e_bF">'
        '<span class="mol-figure__caption-text">Žijeme v bezpečí a relativním pohodlí. A dost na to hřešíme. Tak '
        "mluví evropské statistiky.</span></p></figcaption></figure><p>Text článku.</p></body></html>"
    )
    flags = _flags(page)
    assert flags[0] == ("Foto: Shutterstock.com", False, True)
    assert flags[1][1] and not flags[1][2]


def test_stated_fields_given_and_family_name_spans_make_one_name():
    # no-Dagbladet-2024_08_04 (markup as printed): each author's name is a "firstname" and a "lastname" span.
    page = (
        '<html><body><h1>Tittel</h1><div class="byline"><address class="name"><a rel="author" itemprop="url name" '
        'href="mailto:x@db.no"><span class="firstname">Marlene Lundberg</span> <span class="lastname">Holm</span> '
        '</a></address></div><div class="byline"><address class="name"><a rel="author"><span class="firstname">'
        'Ingrid</span> <span class="lastname">Treborg</span></a></address></div></body></html>'
    )
    texts = [text for text, _, _ in _flags(page)]
    assert "Marlene Lundberg Holm" in texts and "Ingrid Treborg" in texts


def _removed(page: str) -> list[tuple[str, bool]]:
    doc = extract_html(page.encode("utf-8"))
    return [(text, bool(h.drop) or bool(h.flags & HIDDEN)) for (_, text), h in zip(doc.lines, doc.hints)]


def test_stated_fields_aria_hidden_caption_in_a_figure_is_shown():
    # se-Aftonbladet-2026_01_08 (markup as printed): the caption is aria-hidden because the alt text repeats it.
    page = (
        '<html><body><figure><img alt="Polisen och hemvärnet deltar i sökandet." src="a.jpg"/><figcaption '
        'class="image-figcaption hyperion-css-um4uop" data-test-tag="image:caption"><span class="image-caption" '
        'aria-hidden="true">Polisen och hemvärnet deltar i sökandet.</span><span class="image-byline '
        'hyperion-css-1e7ygyd"> Foto: Rescue Photo</span></figcaption></figure><p>18-åriga Hanna försvann.</p>'
        "</body></html>"
    )
    assert _removed(page)[0] == ("Polisen och hemvärnet deltar i sökandet.", False)


def test_stated_fields_caption_in_a_layout_wrapper_inside_a_figure_is_kept():
    # jp-Nikkei-2025_01_27 (markup as printed): the figcaption sits in a div whose class says "footer".
    page = (
        '<html><body><figure><div><picture><img src="a.jpg"/></picture></div><div class="footer_fstmuk6">'
        '<figcaption class="caption_c157d2ux">イオン銀行などは経営陣を刷新する</figcaption></div></figure>'
        '<p class="paragraph_p18mfke4">イオン銀行は14日、同日付で小林裕明社長（57）を解任する人事を発表した。</p>'
        "</body></html>"
    )
    assert _removed(page)[0] == ("イオン銀行などは経営陣を刷新する", False)


def test_stated_fields_hidden_or_dropped_figure_stays_hidden():
    hidden = (
        '<html><body><figure aria-hidden="true"><figcaption>Ein Bild im versteckten Karussell</figcaption>'
        "</figure><p>Text.</p></body></html>"
    )
    footer = (
        "<html><body><footer><figure><figcaption>Logo des Verlags in der Fusszeile</figcaption></figure>"
        "</footer><p>Text.</p></body></html>"
    )
    screen_reader = (
        '<html><body><figure><figcaption><span class="sr-only">Bild vergrössern</span> Ein Bild'
        "</figcaption></figure></body></html>"
    )
    control = (
        '<html><body><figure><button class="bo-image__media__icon"><span class="u-a11y-hidden" aria-hidden="true">'
        "Zeigt weitere Informationen zum Bild</span></button><figcaption>José Rizal</figcaption></figure></body></html>"
    )
    assert _removed(hidden)[0] == ("Ein Bild im versteckten Karussell", True)
    assert _removed(footer)[0] == ("Logo des Verlags in der Fusszeile", True)
    assert _removed(screen_reader) == [("Bild vergrössern Ein Bild", True)]  # the element's own class hides it
    assert _removed(control)[0] == ("Zeigt weitere Informationen zum Bild", True)


def _authors(page: str, url: str | None = None) -> list[str]:
    roots, _ = parse_tree(page)
    return read_metadata(roots, url).authors


def test_stated_fields_agency_in_the_json_ld_author_list_signs_with_the_reporter():
    # ch-TagesAnzeiger-2024_09_04 (JSON-LD as printed, the person's URLs left out).
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", '
        '"name": "Paula Steiger"}, {"@type": "Organization", "name": "SDA"}]}</script></head></html>'
    )
    assert _authors(page) == ["Paula Steiger", "SDA"]
    alone = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": '
        '"Organization", "name": "VnExpress"}}</script></head></html>'
    )
    assert _authors(alone) == []  # an organisation alone is the outlet, not a person's byline


def test_stated_fields_microdata_author():
    # ch-SRF-2024_04_15 (markup as printed): the desk's signs under the text, in an itemprop="author" span.
    page = (
        '<html><body><p>Text.</p><p class="article-reference"> SRF 4 News, 15.4.2024, 10:05 Uhr; '
        '<span itemprop="author">srf/hosb;kesm</span></p></body></html>'
    )
    assert _authors(page) == ["srf/hosb", "kesm"]
    # ch-SRF-2025_01_05: the Person item's name.
    page = (
        '<html><body><p class="article-author__name"><span class="h-offscreen">Autor:&nbsp;</span><span '
        'itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Monika Bolliger '
        "und Anna Trechsel</span></span></p></body></html>"
    )
    assert _authors(page) == ["Monika Bolliger", "Anna Trechsel"]
    comment = (
        '<html><body><div itemscope itemtype="https://schema.org/Comment"><span itemprop="author">'
        "Hans Leser</span></div></body></html>"
    )
    assert _authors(comment) == []  # a comment's author is not the article's


def test_stated_fields_article_author_meta():
    # tr-NTVTR-2024_04_30: the agency in <meta name="articleAuthor">, the site's own name as the JSON-LD author.
    page = (
        '<html><head><meta name="articleAuthor" content="Anadolu Ajans&#x131;"><script type="application/ld+json">'
        '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "NTV"}}</script></head></html>'
    )
    assert _authors(page, "https://www.ntv.com.tr/sporskor/super-ligde-golculerin-yarisi-kiyasiya") == [
        "Anadolu Ajansı"
    ]


def test_stated_fields_author_links_name_more_reporters_than_the_json_ld():
    # no-Dagbladet-2024_08_04 (markup as printed): JSON-LD names one of the two reporters the rel=author links name.
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", '
        '"name": "Marlene Lundberg Holm"}]}</script></head><body><address class="name"><a rel="author" '
        'href="mailto:ingridmarie.treborg@db.no"><span class="firstname">Ingrid</span> <span class="lastname">'
        'Treborg</span> </a></address><address class="name"><a rel="author" href="mailto:x@db.no"><span '
        'class="firstname">Marlene Lundberg</span> <span class="lastname">Holm</span></a></address></body></html>'
    )
    assert _authors(page) == ["Ingrid Treborg", "Marlene Lundberg Holm"]
    other = page.replace('Marlene Lundberg Holm"}', 'Martin Gramnæs"}')
    assert _authors(other) == ["Martin Gramnæs"]  # links that leave out the stated author do not replace it


def test_stated_fields_entity_in_an_author_field_is_no_separator():
    # WCXB page 0009: content="Maria &amp;amp; Katerina" (an escaped ampersand).
    assert _authors('<html><head><meta name="author" content="Maria &amp;amp; Katerina"></head></html>') == [
        "Maria & Katerina"
    ]


def _kinds(page: str) -> list[tuple[str, bool, bool, bool]]:
    """(text, caption, credit, date) flags of each line of a page excerpt."""
    doc = extract_html(page.encode("utf-8"))
    return [
        (text, bool(h.flags & CAPTION), bool(h.flags & CREDIT), bool(h.flags & DATE))
        for (_, text), h in zip(doc.lines, doc.hints)
    ]


def test_stated_fields_byline_and_date_in_a_caption_box_are_no_caption():
    # de-HamburgerAbendblatt-2025_11_06 (markup as printed, tracking attributes left out): the template prints the
    # byline (<address>) and the date (<time>) inside the author portrait's figcaption.
    page = (
        '<html><body><figure class="flex flex-col"><a rel="author" href="/autoren/vivien-valentiner/"><picture>'
        '<img src="a.jpeg" alt="Vivien Valentiner" title="Vivien Valentiner"/></picture></a><figcaption>'
        '<address class="not-italic">Von <a rel="author" href="/autoren/vivien-valentiner/" class="hover:underline"'
        '>Vivien Valentiner</a>, Redakteurin</address><time datetime="2025-11-06T16:06:23.000Z" class="mr-2">'
        "06.11.2025, 17:06 Uhr</time></figcaption></figure><p>Text des Artikels.</p></body></html>"
    )
    kinds = _kinds(page)
    assert not any(caption or credit for text, caption, credit, _ in kinds if text != "Text des Artikels.")
    assert ("06.11.2025, 17:06 Uhr", False, False, True) in kinds


def test_stated_fields_date_row_in_a_caption_box_is_a_date():
    # no-NRK-2024_08_05: "Publisert 05.08.2024, kl. 13.05 Oppdatert 05.08.2024, kl. 13.52" under the picture.
    page = (
        '<html><body><figure><img src="a.jpg"><figcaption>FORTVILET: Her tror Lene Retzius at finaleplassen '
        "glipper.</figcaption><figcaption>Publisert 05.08.2024, kl. 13.05</figcaption></figure></body></html>"
    )
    assert _kinds(page) == [
        ("FORTVILET: Her tror Lene Retzius at finaleplassen glipper.", True, False, False),
        ("Publisert 05.08.2024, kl. 13.05", False, False, True),
    ]


def test_stated_fields_line_repeating_the_picture_alt_is_its_caption():
    # de-Kicker-2024_04_26 (markup as printed, image URLs shortened): no element names the caption; its words are
    # the picture's alt text. The same on de-SportSchau-2024_04_25 and de-FreiePresse-2024_11_29.
    page = (
        '<html><body><div class="kick__article__picture"><picture><img src="a.jpeg" alt="Uwe Schubert möchte mit '
        'dem MSV Duisburg noch so viele Punkte wie möglich sammeln." class="lazyload"></picture><p> Uwe Schubert '
        "möchte mit dem MSV Duisburg noch so viele Punkte wie möglich sammeln. <span>IMAGO/Nico Herbertz</span> "
        "</p></div><p>Hatte zwischenzeitlich noch einmal Hoffnung bestanden im Abstiegskampf.</p></body></html>"
    )
    kinds = _kinds(page)
    assert kinds[0][:2] == (
        "Uwe Schubert möchte mit dem MSV Duisburg noch so viele Punkte wie möglich sammeln. IMAGO/Nico Herbertz",
        True,
    )
    assert not kinds[1][1]


def test_stated_fields_alt_text_of_a_portrait_or_a_teaser_makes_no_caption():
    portrait = '<html><body><img src="a.jpg" alt="Edgar Schuler"><p>Edgar Schuler</p><p>Text.</p></body></html>'
    teaser = (
        '<html><body><a href="/b"><img src="b.jpg" alt="Hacienda vigila los regalos de boda en efectivo">'
        "<span>Hacienda vigila los regalos de boda en efectivo</span></a></body></html>"
    )
    assert not any(caption for _, caption, _, _ in _kinds(portrait) + _kinds(teaser))


def test_stated_fields_figure_text_above_a_labelled_credit_is_the_caption():
    # za-Isolezwe-2025_11_09 (markup as printed, classes shortened): caption and "Image: X" in plain paragraphs.
    page = (
        '<html><body><div class="image_image-widget"><span class="image_image"><picture><img src="a.jpg"/>'
        "</picture></span><p><span>IMILUTHA yewunga esivimbanise emgwaqweni uChe Guevara (Moore Road) enkabeni "
        'yeTheku</span></p><p>Image: <!-- -->DOCTOR NGCOBO</p></div><div class="text"><p>Phakathi kokunye '
        "okuthikameza abashayeli.</p></div></body></html>"
    )
    kinds = _kinds(page)
    assert kinds[0][1] and kinds[1] == ("Image: DOCTOR NGCOBO", False, True, False)
    assert not kinds[2][1]


def test_stated_fields_json_ld_captions_the_lines_lack():
    # lt-LRT-2024_03_31: the second picture's caption is stated only in the JSON-LD ImageObjects.
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Povilas '
        'Aleksandravičius. Kodėl Judas išdavė Jėzų?", "image": [{"@type": "ImageObject", "caption": "Povilas '
        'Aleksandravičius. Kodėl Judas išdavė Jėzų?"}, {"@type": "ImageObject", "caption": "Kryžius, asociatyvi '
        'nuotr."}, {"@type": "ImageObject", "caption": "Foto"}]}</script></head><body><h1>Povilas Aleksandravičius. '
        "Kodėl Judas išdavė Jėzų?</h1><p>Kodėl Judas išdavė Jėzų? Šis klausimas kamuoja tikinčiuosius jau du "
        "tūkstantmečius, o atsakymų yra daugybė.</p></body></html>"
    )
    art = copydesk.parse(Capture(data=page.encode("utf-8"), kind="html"), nlp=False)
    # The headline repeated and a one-word label add nothing; the other picture's caption is taken.
    assert [m.caption for m in art.media] == ["Kryžius, asociatyvi nuotr."]


def test_stated_fields_fallback_date_reads_a_printed_date_and_not_a_year():
    # WCXB page 0341 (WCXB, Murrough Foley, CC-BY-4.0; the line as printed): no date in the markup, one in the text.
    page = (
        "<html><head><title>Webcams - Yosemite National Park</title></head><body><h1>Webcams</h1><p>Live views of "
        'the valley, updated every few minutes.</p><div class="row"><p style="text-align:right;">Last updated: '
        "November 13, 2025</p></div></body></html>"
    )
    assert fallback_date(page, "https://www.nps.gov/yose/learn/photosmultimedia/webcams.htm") == "2025-11-13"
    # A copyright year alone is no date (the text search would make it January 1st).
    footer = (
        "<html><head><title>Webcams</title></head><body><h1>Webcams</h1><p>Live views of the valley.</p>"
        "<footer><p>© 2025 Example Parks</p></footer></body></html>"
    )
    assert fallback_date(footer, "https://example.org/webcams") is None
