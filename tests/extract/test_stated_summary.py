"""The page's stated summary (`Article.description`), the standfirst, the date and bylines on pages of sites
copydesk was never tuned on, read through the user's path (`copydesk.parse(Path(file))`).

The `trafeval-*` fixtures are pages of trafilatura's evaluation corpus (adbar/trafilatura, Apache-2.0; via
`shared/data/trafilatura-eval`; the pages are the publishers' own, used here for testing only).
"""

from __future__ import annotations

import json
from pathlib import Path

import copydesk
from copydesk import Capture
from copydesk.extract.metadata import Metadata, stated_date
from copydesk.structure.byline import parse_byline

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _names(art: copydesk.Article) -> list[str]:
    return [b.name for b in art.bylines]


def _page(summary: str, lead: str, title: str = "Council votes to rebuild the old harbour bridge") -> copydesk.Article:
    """A small article page that states `summary` as its og:description, with `lead` as its first paragraph."""
    html = f"""<!doctype html><html lang="en"><head><title>{title} | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times"><meta property="og:description" content="{summary}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>{title}</h1>
<p>{lead}</p>
<p>The vote followed two years of public meetings, three engineering reports and a petition signed by more than four
thousand residents who use the crossing every day to reach the market and the station on the far side.</p>
<p>Work is due to start next spring. The council expects the bridge to stay open to walkers for most of the time,
with a ferry running on the days when the old spans are lifted out and the new ones put in their place.</p>
</article><footer>© Harbour Times</footer></body></html>"""
    return copydesk.parse(Capture(data=html.encode(), kind="html"), nlp=False)


# A lead paragraph longer than a standfirst (recover.LEAD_MAX_WORDS): it never doubles as one.
LEAD = (
    "The city council voted on Tuesday to rebuild the harbour bridge, which has been closed to lorries since a "
    "crack was found in one of its piers last winter, after a debate that ran late into the evening and drew "
    "more residents to the chamber than any meeting in living memory, many of them traders from the market "
    "streets who said the closure had cost them a third of their customers since the first week of January."
)


def test_a_stated_summary_written_apart_from_the_body_is_the_standfirst_and_the_description():
    summary = "After two years of argument, the crossing that carries most of the town's traffic will be replaced."
    art = _page(summary, LEAD)
    assert art.description == summary
    assert art.dek == summary
    assert art.text.startswith("The city council voted")  # the body keeps its lead


def test_a_summary_that_is_the_first_paragraph_cut_short_is_the_description_not_a_standfirst():
    # The page states its first paragraph cut short: that is its description, and no standfirst.
    art = _page(LEAD[:90] + "…", LEAD)
    assert art.description == LEAD[:90] + "…"
    assert art.dek is None
    art = _page("", LEAD)  # no summary stated
    assert art.description is None
    assert art.text.startswith("The city council voted")


def test_a_slogan_a_placeholder_or_the_headline_again_is_no_standfirst():
    for summary in (
        "News for the harbour towns",  # a site slogan: too short to be a summary
        "Visit the post for more.",  # WordPress's placeholder
        "Council votes to rebuild the old harbour bridge",
    ):  # the headline again
        assert _page(summary, LEAD).dek is None
    art = _page("Council votes to rebuild the old harbour bridge", LEAD)
    assert art.description == "Council votes to rebuild the old harbour bridge"  # still what the page states


def test_description_has_its_place_in_the_record_after_the_dek():
    art = _page(
        "After two years of argument, the crossing that carries most of the town's traffic will be replaced.", LEAD
    )
    keys = list(json.loads(art.to_json()))
    assert keys[keys.index("dek") + 1] == "description"
    assert copydesk.Article.from_json(art.to_json()).description == art.description


def test_a_page_that_opens_with_a_script_is_read_as_html_by_its_name_and_its_content():
    path = FIXTURES / "html" / "trafeval-makronom.de-Ressourcenschutzgesetz.html.gz"
    art = copydesk.parse(path, nlp=False)
    assert art.source.kind == "html"
    assert art.title == "Warum es ein Ressourcenschutzgesetz braucht"
    assert art.published == "2023-10-26"
    assert art.description.startswith("Der jährliche Rohstoffkonsum in Deutschland muss bis Mitte des Jahrhunderts")
    # With no name to go by, a page that opens with a script or a PHP warning is HTML by the tags under it.
    for opening in (b"<script>var preroll = 1;</script>\n", b"<br />\n<b>Deprecated</b>: Assigning the return value\n"):
        page = opening + b"<!doctype html><html><head><title>Bridge</title></head><body><h1>Bridge</h1></body></html>"
        assert copydesk.parse(page, nlp=False).source.kind == "html"


def test_a_page_headers_today_is_not_the_publication_date():
    # The header prints "Thursday, November 9th 2023" (the day the page was saved); the story is of the 8th.
    art = copydesk.parse(FIXTURES / "html" / "trafeval-bostonherald.com-Brothel-catering.html.gz", nlp=False)
    assert art.published == "2023-11-08"
    assert art.title == "Brothel catering to politicians, doctors, lawyers busted in Boston"
    meta = Metadata(published="2023-11-08")
    assert stated_date("2023-11-09", meta, today=True) == "2023-11-08"
    assert stated_date("2023-11-09", meta) == "2023-11-09"  # a printed date under the headline still goes first
    assert stated_date("2023-11-07", meta, today=True) == "2023-11-07"  # never moved later


def test_a_byline_row_with_a_date_names_the_writer_and_is_no_standfirst():
    art = copydesk.parse(FIXTURES / "html" / "trafeval-hertha-blog.de.dame.html.gz", nlp=False)
    assert _names(art) == ["Daniel"]
    assert not (art.dek or "").startswith("By Daniel")


def test_bylines_with_a_date_after_the_names():
    cases = {
        "By JEFFREY GETTLEMAN JAN. 13, 2017": ["JEFFREY GETTLEMAN"],
        "By Daniel | Published: 23. Juli 2017 | Kommentare geschlossen": ["Daniel"],
        "By Jane Doe | March 3, 2020": ["Jane Doe"],
        "By Amelie Marie Nishizawa Feb 8, 2020 5 min read": ["Amelie Marie Nishizawa"],
        "Von Isabella Berger am Samstag, 3. Mai 2020": ["Isabella Berger"],
        "Par Jean Dupont le 3 mai 2020": ["Jean Dupont"],
    }
    for line, names in cases.items():
        assert [b.name for b in parse_byline(line) or []] == names, line
    assert parse_byline("By the end of 2017 the bridge was closed") is None  # a sentence, not a credit


def test_a_text_capture_byline_in_front_of_its_date():
    art = copydesk.parse(FIXTURES / "text" / "trafeval-blog.gaijinpot.com.chikan.txt", nlp=False)
    assert art.title == "Tweet of the Week #67: Dealing With Chikan"
    assert _names(art) == ["Amelie Marie Nishizawa"]
    assert art.published == "2020-02-08"


def test_a_records_stated_description_is_the_dek_and_the_description(tmp_path):
    record = {
        "text": "Work on the bridge starts in May.\n\nThe council voted for it on Tuesday.",
        "title": "Bridge",
        "description": "The harbour town will get its new bridge next year.",
    }
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(record) + "\n")
    from copydesk.sources import captures

    art = copydesk.Pipeline(nlp=False)(next(iter(captures([str(path)], "jsonl"))))
    assert art.dek == art.description == "The harbour town will get its new bridge next year."
