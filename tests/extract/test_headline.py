"""Headlines on real pages: the site's name off the title, kickers told apart, the standfirst the desk wrote."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

import copydesk
from copydesk import Capture
from copydesk.extract.headline import pick_headline, site_keys, strip_site

HTML = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def _parse(name: str, url: str) -> copydesk.Article:
    return copydesk.parse(Capture(data=gzip.decompress((HTML / name).read_bytes()), kind="html", url=url), nlp=False)


@pytest.mark.parametrize("title, names, url, clean", [
    ("Drusen fordern Teilhabe - News - SRF", ["SRF"], "https://www.srf.ch/news/x", "Drusen fordern Teilhabe"),
    ("Waffenlieferungen: Beschwerde eingelegt | Legal Tribune Online", ["Legal Tribune Online"], None,
     "Waffenlieferungen: Beschwerde eingelegt"),
    ("장동혁, 한동훈 제명했지만ㅣ한국일보", ["한국일보"], None, "장동혁, 한동훈 제명했지만"),
    ("Garnix Blog: Hardware-Attested Nix Builds", [], "https://garnix.io/blog/x", "Garnix Blog: Hardware-Attested Nix Builds"),
    ("Blog | Best Agencies in 2025 - Acme", ["Acme"], "https://acme.com/blog/x", "Blog | Best Agencies in 2025"),
    # A headline's own dash stays: neither side names the site.
    ("Die Eisheiligen 2024: Wann sie sind - und wie das Wetter wird", ["Ruhr Nachrichten"], "https://www.ruhrnachrichten.de/x",
     "Die Eisheiligen 2024: Wann sie sind - und wie das Wetter wird"),
])
def test_headline_strip_site_names_only_the_site(title, names, url, clean):
    assert strip_site(title, site_keys(names, url)) == clean


@pytest.mark.parametrize("printed, stated, h1s, parts, chosen", [
    # The page prints the kicker apart from the h1; the stated headline keeps it.
    ("Orden fürs Morden", "Nationaler Veteranentag: Orden fürs Morden", ["Orden fürs Morden"], [],
     "Nationaler Veteranentag: Orden fürs Morden"),
    # The kicker is glued into the h1's line; the stated headline has none.
    ("Minderheit in Syrien - Drusen fordern Teilhabe", "Drusen fordern Teilhabe", ["Minderheit in Syrien - Drusen fordern Teilhabe"],
     ["- Drusen fordern Teilhabe"], "Drusen fordern Teilhabe"),
    # Two wordings of one story: the printed one stands.
    ("Warum Putin warnt", "Putin spricht von Zerschlagung", ["Warum Putin warnt"], [], "Warum Putin warnt"),
    # A number in the headline is no kicker.
    ("8 Recent Trends in Photography", "Recent Trends in Photography", ["8 Recent Trends in Photography"], [],
     "8 Recent Trends in Photography"),
    # The text rules cut the h1 at a dash of its own.
    ("Netz-Spott über FDP", "Freie Presse", ["Netz-Spott über FDP - Generalsekretär tritt zurück"], [],
     "Netz-Spott über FDP - Generalsekretär tritt zurück"),
])
def test_headline_pick_printed_unless_markup_says_otherwise(printed, stated, h1s, parts, chosen):
    assert pick_headline(printed, stated, h1s, parts, site_keys(["Freie Presse"], None)) == chosen


def test_headline_kicker_printed_apart_from_the_h1():
    # Regression: the h1 lacks the kicker ("Nach Gaetz-Rückzug") that JSON-LD, og:title and <title> all carry.
    art = _parse("fundus-at-ORF-2024_11_22.html.gz", "https://orf.at/stories/3376705/")
    assert art.title == "Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden"


def test_headline_kicker_span_inside_the_h1():
    # Regression: <h1><span>Minderheit in Syrien</span><span> - </span><span>Drusen fordern ...</span></h1> gave one line.
    art = _parse("fundus-ch-SRF-2025_01_05.html.gz",
                 "https://www.srf.ch/news/international/nahost/minderheit-in-syrien-drusen-fordern-teilhabe-statt-"
                 "schutzgarantien-von-neuer-regierung")
    assert art.title == "Drusen fordern Teilhabe statt Schutzgarantien von neuer Regierung"


def test_headline_site_name_longer_than_the_headline_is_not_it():
    # Regression: "„Unermüdlicher Einsatz“ – Die Neue Südtiroler Tageszeitung": the longest segment is the site.
    art = _parse("fundus-it-Tageszeitung-2025_04_16.html.gz", "https://www.tageszeitung.it/2025/04/01/unermuedlicher-einsatz-2/")
    assert art.title == "„Unermüdlicher Einsatz“"


def test_headline_standfirst_from_og_description_not_json_ld_caption():
    # Regression: the NewsArticle's JSON-LD description is the lead picture's caption; the desk's summary is og:description.
    art = _parse("fundus-de-BSZ-2024_05_16.html.gz", "https://www.braunschweiger-zeitung.de/sport/mehr-sport/article242348272/"
                 "Fury-und-Usyk-kaempfen-um-Schwergewichts-Krone.html")
    assert art.dek and "Die Boxwelt fiebert auf die Schwergewichts-Show des Jahrhunderts hin" in art.dek
    assert "Tyson Fury (l)" not in art.dek
