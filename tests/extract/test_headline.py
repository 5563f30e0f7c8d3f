"""Headlines on real pages: the site's name off the title, kickers told apart, the standfirst the desk wrote."""

from __future__ import annotations

import pytest

from copydesk.extract.headline import pick_headline, site_keys, strip_site

from ..conftest import parse_page


@pytest.mark.parametrize(
    "title, names, url, clean",
    [
        ("Drusen fordern Teilhabe - News - SRF", ["SRF"], "https://www.srf.ch/news/x", "Drusen fordern Teilhabe"),
        (
            "Waffenlieferungen: Beschwerde eingelegt | Legal Tribune Online",
            ["Legal Tribune Online"],
            None,
            "Waffenlieferungen: Beschwerde eingelegt",
        ),
        ("장동혁, 한동훈 제명했지만ㅣ한국일보", ["한국일보"], None, "장동혁, 한동훈 제명했지만"),
        (
            "Garnix Blog: Hardware-Attested Nix Builds",
            [],
            "https://garnix.io/blog/x",
            "Garnix Blog: Hardware-Attested Nix Builds",
        ),
        ("Blog | Best Agencies in 2025 - Acme", ["Acme"], "https://acme.com/blog/x", "Blog | Best Agencies in 2025"),
        # A headline's own dash stays: neither side names the site.
        (
            "Die Eisheiligen 2024: Wann sie sind - und wie das Wetter wird",
            ["Ruhr Nachrichten"],
            "https://www.ruhrnachrichten.de/x",
            "Die Eisheiligen 2024: Wann sie sind - und wie das Wetter wird",
        ),
    ],
)
def test_headline_strip_site_names_only_the_site(title, names, url, clean):
    assert strip_site(title, site_keys(names, url)) == clean


@pytest.mark.parametrize(
    "printed, stated, h1s, parts, chosen",
    [
        # The page prints the kicker apart from the h1; the stated headline keeps it.
        (
            "Orden fürs Morden",
            "Nationaler Veteranentag: Orden fürs Morden",
            ["Orden fürs Morden"],
            [],
            "Nationaler Veteranentag: Orden fürs Morden",
        ),
        # The kicker is glued into the h1's line; the stated headline has none.
        (
            "Minderheit in Syrien - Drusen fordern Teilhabe",
            "Drusen fordern Teilhabe",
            ["Minderheit in Syrien - Drusen fordern Teilhabe"],
            ["- Drusen fordern Teilhabe"],
            "Drusen fordern Teilhabe",
        ),
        # Two wordings of one story: the printed one stands.
        ("Warum Putin warnt", "Putin spricht von Zerschlagung", ["Warum Putin warnt"], [], "Warum Putin warnt"),
        # A number in the headline is no kicker.
        (
            "8 Recent Trends in Photography",
            "Recent Trends in Photography",
            ["8 Recent Trends in Photography"],
            [],
            "8 Recent Trends in Photography",
        ),
        # The text rules cut the h1 at a dash of its own.
        (
            "Netz-Spott über FDP",
            "Freie Presse",
            ["Netz-Spott über FDP - Generalsekretär tritt zurück"],
            [],
            "Netz-Spott über FDP - Generalsekretär tritt zurück",
        ),
    ],
)
def test_headline_pick_printed_unless_markup_says_otherwise(printed, stated, h1s, parts, chosen):
    assert pick_headline(printed, stated, h1s, parts, site_keys(["Freie Presse"], None)) == chosen


def test_headline_kicker_printed_apart_from_the_h1():
    # Regression: the h1 lacks the kicker ("Nach Gaetz-Rückzug") that JSON-LD, og:title and <title> all carry.
    art = parse_page("fundus-at-ORF-2024_11_22.html.gz", "https://orf.at/stories/3376705/")
    assert art.title == "Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden"


def test_headline_kicker_span_inside_the_h1():
    # Regression: <h1><span>Minderheit in Syrien</span><span> - </span><span>Drusen fordern ...</span></h1> gave one
    # line.
    art = parse_page(
        "fundus-ch-SRF-2025_01_05.html.gz",
        "https://www.srf.ch/news/international/nahost/minderheit-in-syrien-drusen-fordern-teilhabe-statt-"
        "schutzgarantien-von-neuer-regierung",
    )
    assert art.title == "Drusen fordern Teilhabe statt Schutzgarantien von neuer Regierung"


def test_headline_site_name_longer_than_the_headline_is_not_it():
    # Regression: "„Unermüdlicher Einsatz“ – Die Neue Südtiroler Tageszeitung": the longest segment is the site.
    art = parse_page(
        "fundus-it-Tageszeitung-2025_04_16.html.gz", "https://www.tageszeitung.it/2025/04/01/unermuedlicher-einsatz-2/"
    )
    assert art.title == "„Unermüdlicher Einsatz“"


def test_headline_standfirst_from_og_description_not_json_ld_caption():
    # Regression: the NewsArticle's JSON-LD description is the lead picture's caption; the desk's summary is
    # og:description.
    art = parse_page(
        "fundus-de-BSZ-2024_05_16.html.gz",
        "https://www.braunschweiger-zeitung.de/sport/mehr-sport/article242348272/"
        "Fury-und-Usyk-kaempfen-um-Schwergewichts-Krone.html",
    )
    assert art.dek and "Die Boxwelt fiebert auf die Schwergewichts-Show des Jahrhunderts hin" in art.dek
    assert "Tyson Fury (l)" not in art.dek


@pytest.mark.parametrize(
    "name, url, title",
    [
        # The h1 is the breadcrumb trail's last item (inside an element named "…crumb"); the h2 under it is printed.
        (
            "fundus-de-Kicker-2024_04_26.html.gz",
            "https://www.kicker.de/interimstrainer-schubert-nicht-mehr-viel-zu-verlieren-1019241/artikel",
            'Interimstrainer Schubert: "Nicht mehr viel zu verlieren"',
        ),
        # The same in a <nav>, the h2 carrying a one-word kicker ("Meinung") in a span of its own.
        (
            "fundus-de-Stern-2024_11_05.html.gz",
            "https://www.stern.de/capital/donald-trump--warum-kritik-an-seinem-charakter-so-"
            "ineffektiv-ist--35200132.html",
            "Warum Kritik an Trumps Charakter so ineffektiv ist und verpufft",
        ),
    ],
)
def test_headline_h2_under_a_breadcrumb_h1(name, url, title):
    art = parse_page(name, url)
    assert art.title == title
    assert not any(b.kind == "heading" and b.text == title for b in art.blocks)


def test_headline_unconfirmed_h2_under_a_breadcrumb_gives_way_to_the_news_headline():
    # The breadcrumb's h1 and the h2 under it are two wordings no statement confirms; the NewsArticle's headline stands.
    art = parse_page(
        "fundus-de-HamburgerAbendblatt-2024_04_28.html.gz",
        "https://www.abendblatt.de/hamburg/article242192802/Hamburg-Marathon-2024-Royaler-Besuch-auf-der-Laufstrecke-1.html",
    )
    assert art.title == "Kinder-Marathon am Sonnabend: Eltern bei Aufstellung unerwünscht"


def test_headline_two_kickers_over_one_headline():
    # h1 "Eskalation im Nahen Osten - «…»", og:title and JSON-LD "Iranischer Angriff auf Israel: «…»".
    art = parse_page(
        "fundus-ch-SRF-2024_04_15.html.gz",
        "https://www.srf.ch/news/international/eskalation-im-nahen-osten-die-"
        "israelische-zurueckhaltung-hat-viel-mit-den-usa-zu-tun",
    )
    assert art.title == "«Die israelische Zurückhaltung hat viel mit den USA zu tun»"


def test_headline_section_name_after_an_unspaced_hyphen():
    # <title> "…밀어붙이나\"-정치ㅣ한국일보": the site goes by its name, the section "-정치" by the stated headline.
    art = parse_page(
        "fundus-kr-HankookIlbo-2026_07_12.html.gz", "https://www.hankookilbo.com/news/article/A2026071220290000630"
    )
    assert art.title == "민주당 '선호투표제' 도입 또다시 불발··· 친청계 \"당규 개정 왜 밀어붙이나\""


SITES = site_keys(["n-tv NACHRICHTEN"], "https://www.n-tv.de/x")


@pytest.mark.parametrize(
    "printed, stated, news, chosen",
    [
        # Printed and JSON-LD carry the kicker, og:title does not: the kicker is no part of the headline.
        (
            "Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig",
            {
                "json-ld": "Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig",
                "og": "Judy Lybke, ganz und gar nicht eigenartig",
            },
            True,
            "Judy Lybke, ganz und gar nicht eigenartig",
        ),
        # The printed headline has none, JSON-LD adds one: still none.
        (
            "Nordmann dømt til livstid",
            {"json-ld": "«Evnukkmakeren»: Nordmann dømt til livstid", "og": "Nordmann dømt til livstid"},
            True,
            "Nordmann dømt til livstid",
        ),
        # JSON-LD and og:title both state the kicker: the page makes it part of its headline.
        (
            "Trump-Anwältin soll Justizministerin werden",
            {
                "json-ld": "Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden",
                "og": "Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden",
            },
            True,
            "Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden",
        ),
        # A news page's JSON-LD and og:title agree on a headline the page prints in another wording.
        (
            "Zelenskyj vädjar efter nya attackerna: ”Kritiskt att partner förstår”",
            {"json-ld": "Vädjar efter attackerna – ”kritiskt”", "og": "Vädjar efter attackerna – ”kritiskt”"},
            True,
            "Vädjar efter attackerna – ”kritiskt”",
        ),
        # The same on a page that is no news article (a blog's search title): the printed headline stands.
        (
            "Top 10 Health and Nutrition Trends to Watch",
            {"json-ld": "Health And Nutrition Trends For 2026", "og": "Health And Nutrition Trends For 2026"},
            False,
            "Top 10 Health and Nutrition Trends to Watch",
        ),
        # Kickers that share words are one headline in two wordings, not two kickers over one.
        (
            'MSV-Interimstrainer Schubert: "Nicht mehr viel zu verlieren"',
            {"json-ld": 'MSV-Interimstrainer Schubert: "Nicht mehr viel zu verlieren"'},
            True,
            'MSV-Interimstrainer Schubert: "Nicht mehr viel zu verlieren"',
        ),
        # A headline's own colon is no kicker's: both wordings keep it.
        (
            "49-Euro-Ticket: Pendler zahlen 60 Prozent weniger",
            {
                "json-ld": "49-Euro-Ticket: Pendler sparen 60 Prozent bei Bus und Bahn",
                "og": "49-Euro-Ticket: Pendler zahlen 60 Prozent weniger",
            },
            True,
            "49-Euro-Ticket: Pendler zahlen 60 Prozent weniger",
        ),
        # An h1 one word longer than the stated headline is another wording, not a kicker.
        (
            "The Best Home Security Cameras of 2026",
            {"og": "Best Home Security Cameras of 2026"},
            False,
            "The Best Home Security Cameras of 2026",
        ),
    ],
)
def test_headline_kickers_and_statements(printed, stated, news, chosen):
    assert (
        pick_headline(printed, stated.get("json-ld") or stated.get("og"), [printed], [], SITES, stated, news) == chosen
    )


@pytest.mark.parametrize("printed", [": " * 2000, "a - " * 3000, "«»: «»", "-", " | ".join(["x"] * 500)])
def test_headline_hostile_separators(printed):
    stated = {"json-ld": printed[::-1], "og": printed, "twitter": printed[:10], "title": printed + " - x"}
    got = pick_headline(printed, printed[::-1], [printed], [], SITES, stated, True)
    assert got and any(got.strip() in text for text in [printed, *stated.values()])


def test_standfirst_printed_as_several_paragraphs():
    # og:description runs over three printed paragraphs; each one alone is only a third of the standfirst.
    art = parse_page(
        "fundus-se-Expressen-2025_10_23.html.gz",
        "https://www.expressen.se/nyheter/sverige/elever-atalas-for-misshandel-pa-lundsberg/",
    )
    assert art.dek.startswith("Eleverna på privatskolan Lundsberg trängde på natten in")
    assert "I sovrummen slog de skolkamraterna med skärp." in art.dek
    assert art.dek.endswith("Nu åtalas fem elever för misshandel och grovt hemfridsbrott.")


def test_standfirst_run_stops_where_the_summary_does():
    from copydesk.extract.html import _summary_run
    from copydesk.structure.title import folded_words

    lines = [
        (1, "The storm made landfall on Tuesday night across the whole coast."),
        (2, "Thousands are without power."),
        (3, "Thousands are without power."),
        (4, "Crews worked through the night to clear the roads."),
    ]
    want = folded_words("The storm made landfall on Tuesday night across the whole coast. Thousands are without power.")
    assert _summary_run(lines, 0, want) == [1]
    assert _summary_run(lines, 1, want) == []  # a line from the middle of the summary starts no run
    assert _summary_run([(1, "x" * 100_000)] * 10, 0, folded_words("x" * 50)) == []
