"""The reader's pages, read back with lxml as a browser's parser would see them: the seed as an editor sees it,
search, an entity's page, the overview's charts, and a hostile capture shown as inert text."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote, unquote

import lxml.html
import pytest

from copydesk.serve.charts import axis_labels, columns, rows, time_slots, timeline
from copydesk.serve.download import csv_text
from copydesk.serve.reader import block_runs, safe_href, snippet_parts

from .conftest import BROWN, SEED_ID

BROWN_DIRECT = [
    "I see clear similarities",
    "In the lead up to the summit",
    "The North wants to make sure",
    "Beijing still has a security guarantee",
]


@pytest.fixture(scope="module")
def reader(reader_db):
    from fastapi.testclient import TestClient

    from copydesk.serve.app import create_app

    with TestClient(create_app(reader_db)) as c:
        yield c


def _page(client, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def _text(tree, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


def _openings(texts: list[str], prefix: str = "") -> list[str]:
    """Each text's first words (after `prefix`), as long as the BROWN_DIRECT opening at the same place."""
    texts = [t.removeprefix(prefix) for t in texts]
    return [t[: len(start)] for t, start in zip(texts, BROWN_DIRECT)] + texts[len(BROWN_DIRECT) :]


def test_serve_page_article_as_an_editor_sees_it(client):
    page = _page(client, f"/articles/{SEED_ID}")
    (warning,) = _text(page, "//*[contains(@class, 'headline-warning')]")
    assert "another story" in warning and "unrelated" in warning
    assert _text(page, "//h1") == ["Spain probes deaths of thousands of Spaniards in Nazi camps"]
    assert _text(page, "//*[@class='byline']") == ["By Julian Ryall"]
    assert _text(page, "//*[@class='credit']") == ["Photo: picture-alliance/dpa/S. Savostyanov"]
    assert _text(page, "//p[@class='dek']")[0].startswith("As a series of key international summits")
    assert "Widespread concern" in _text(page, "//div[@class='body']/h2")
    # Named entities link to their pages; each quote is signed with its speaker.
    assert page.xpath("//div[@class='body']//a[@class='entity person' and @href='/entities/PERSON%3Ajames%20brown']")
    direct = page.xpath("//span[@class='quote direct']")
    assert _openings([d.text_content() for d in direct]) == BROWN_DIRECT
    assert {d.get("title") for d in direct} == {"direct quote · James Brown"}
    assert len(page.xpath("//span[@class='said-by']/a[text()='James Brown']")) == 5  # four direct, one reported
    (brown,) = page.xpath("//section[@class='speaker-quotes'][h3/a[text()='James Brown']]")
    assert _openings(_text(brown, ".//li[contains(concat(' ', @class, ' '), ' direct ')]"), "direct ") == BROWN_DIRECT
    # Removed lines: struck through, each with its reason, behind a <details> toggle.
    (details,) = page.xpath("//details[@class='removed']")
    assert "open" not in details.attrib
    assert _text(details, ".//del") == [
        "Leave a Reply",
        "Be the First to Comment!",
        "You must be logged in to post a comment.",
        "You must be logged in to post a comment.",
    ]
    assert _text(details, ".//*[@class='reason']") == ["comments", "comments", "comments", "duplicate"]


def test_serve_page_search_ranks_with_snippets(client):
    page = _page(client, "/search?q=Lavrov+invitation")
    (form,) = page.xpath("//form[@class='search-page']")
    assert form.get("method") == "get" and form.get("action") == "/search"
    hits = page.xpath("//li[@class='hit']")
    assert hits[0].xpath("a/@href") == [f"/articles/{SEED_ID}"]
    assert {m.text_content().lower() for m in hits[0].xpath(".//mark")} >= {"lavrov", "invitation"}
    problem = _page(client, "/search?q=-Lavrov", status=400)
    assert _text(problem, "//*[@class='problem']")[0].startswith("nothing to search for")
    assert _page(client, "/search").xpath("//form[@class='search-page']")  # no query: the form alone


def test_serve_page_entity_quotes_across_the_corpus_and_company(client):
    page = _page(client, f"/entities/{BROWN}")
    assert _text(page, "//h1") == ["James Brown person"]
    assert _text(page, "//dl[@class='entity-facts']/dd") == [
        "Brown",
        "associate professor, Japan campus of Temple University; expert on North Korea-Russia relations",
    ]
    quotes = _text(page, "//section[@class='entity-quotes']//li[contains(concat(' ', @class, ' '), ' direct ')]")
    assert _openings(quotes, "direct ") == BROWN_DIRECT
    company = _text(page, "//section[@class='cooccurring']//a")
    assert {"Sergei Lavrov", "Ri Yong-ho", "Kim Jong Un"} <= set(company)
    assert page.xpath(f"//table//a[@href='/articles/{SEED_ID}']")
    _page(client, "/entities/PERSON:nobody", status=404)


def test_serve_page_overview_draws_inline_svg_charts(client):
    page = _page(client, "/")
    (timeline,) = page.xpath("//svg[@class='timeline']")
    counts = [int(t.text.split(": ")[1].split()[0]) for t in timeline.xpath(".//rect/title")]
    # 2023-10 to 2025-05: every month a slot, three dated articles; the fourth (undated) is counted apart.
    assert len(counts) == 20 and sum(counts) == 3 and counts.count(0) == 17
    assert _text(page, "//p[@class='undated']") == ["Undated: 1 article (51 mentions), not on the time axis."]
    (mentions,) = page.xpath("//svg[@class='mentions']")
    assert max(int(t.text.split(": ")[1].split()[0]) for t in mentions.xpath(".//rect/title")) == 84
    assert [t.text for t in mentions.xpath(".//text[@class='tick']")] == ["0", "42", "84"]
    (speakers,) = page.xpath("//svg[@class='speakers']")
    assert speakers.xpath(".//text[@class='label']")[0].text == "James Brown"
    assert not page.xpath("//script") and not page.xpath("//*[@src]")  # nothing runs, nothing is fetched
    assert len(page.xpath("//table[@class='listing']//tr/td/a")) == 4


def test_serve_page_hostile_capture_is_inert_text(reader, hostile_article):
    response = reader.get(f"/articles/{hostile_article.id}")
    page = lxml.html.fromstring(response.text)
    assert not page.xpath("//script | //iframe | //svg | //img | //form[@action!='/search'] | //b")
    for element in page.iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")], lxml.html.tostring(element)
    hrefs = page.xpath("//@href")
    assert hrefs and all(h.startswith(("/", "#")) for h in hrefs)
    text = page.text_content()
    # The capture's markup is visible, character for character, its entities undecoded.
    assert '<script>window.__pwned = 1; console.log("pwned")</script>' in text
    assert '<a href="javascript:window.__pwned=1">javascript:window.__pwned=1</a>' in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; its appendix" in text
    assert '<form action="https://example.com/steal">' in text
    assert "Leave a Reply" in _text(page, "//details[@class='removed']")[0]
    assert "<script" not in response.text and "&lt;script&gt;" in response.text


def test_serve_reader_runs_cut_at_mentions_and_quotes(seed_article):
    n = next(i for i, b in enumerate(seed_article.blocks) if b.text.startswith("“I see clear similarities"))
    runs = block_runs(seed_article, n)
    assert "".join(p.text for r in runs for p in r.pieces) == seed_article.blocks[n].text
    quoted = [r for r in runs if r.quote is not None]
    assert len(quoted) == 1 and quoted[0].closes and quoted[0].quote.speaker_name == "James Brown"
    named = {p.text for r in runs for p in r.pieces if p.entity}
    assert {"Kim Jong Un", "Xi Jinping", "James Brown"} <= named


def test_serve_reader_helpers():
    assert snippet_parts("a **b** c **d**") == [("a ", False), ("b", True), (" c ", False), ("d", True)]
    assert safe_href("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_href("javascript:alert(1)") is None and safe_href("data:text/html,x") is None
    assert safe_href('https://x/"onmouseover=') is None and safe_href(None) is None
    chart = columns([("2018-04", 2), ("2018-05", 1), ("2018-06", 0)])
    assert [b.value for b in chart.bars] == [2, 1, 0] and chart.bars[0].height == 2 * chart.bars[1].height
    assert chart.top == 2 and [t.value for t in chart.ticks] == [0, 1, 2]
    assert columns([]).bars == [] and rows([]).bars == []
    assert rows([("Dallas Independent School District", 2)], label_chars=10).bars[0].short == "Dallas In…"
    assert [b.width for b in rows([("a", 4), ("b", 2)]).bars][0] == 2 * rows([("a", 4), ("b", 2)]).bars[1].width


def test_serve_chart_time_axis_is_real_time_with_undated_apart():
    periods = [("2018-04", 2, 40), ("2018-07", 1, 1502), (None, 31, 900), ("2018-13", 1, 0)]
    slots, unit, undated, undated_mentions = time_slots(periods)
    # Every month from the first to the last, the empty ones as zeros; undated (and unreadable) periods apart.
    assert unit == "month" and [s[0] for s in slots] == ["2018-04", "2018-05", "2018-06", "2018-07"]
    assert [s[1] for s in slots] == [2, 0, 0, 1] and (undated, undated_mentions) == (32, 900)
    chart = timeline(periods)
    xs = [b.x for b in chart.articles.bars]
    assert len({round(b - a, 1) for a, b in zip(xs, xs[1:])}) == 1  # evenly spaced: a month is a month
    # Articles and mentions each on their own scale: 31 undated articles and 1,502 mentions never set the top.
    assert chart.articles.top == 2 and chart.mentions.top == 1502
    assert [b.x for b in chart.mentions.bars] == xs  # the same time axis under both
    assert chart.articles.bars[0].height > chart.articles.bars[3].height > 0 == chart.articles.bars[1].height


def test_serve_chart_long_spans_by_year_and_labels_on_calendar_steps():
    slots, unit, _, _ = time_slots([("1990-01", 1, 0), ("2026-05", 3, 0)])
    assert unit == "year" and slots[0] == ("1990", 1, 0) and slots[-1] == ("2026", 3, 0) and len(slots) == 37
    months = [s[0] for s in time_slots([("2017-11", 1, 0), ("2019-02", 1, 0)])[0]]
    shown = sorted(months[n] for n in axis_labels(months, "month"))
    assert shown == ["2017-11", "2018-01", "2018-03", "2018-05", "2018-07", "2018-09", "2018-11", "2019-01"]
    shown = sorted(months[n] for n in axis_labels(months, "month", most=6))
    assert shown == ["2018-01", "2018-04", "2018-07", "2018-10", "2019-01"]  # quarters, on the calendar's
    assert timeline([]).articles.bars == [] and timeline([(None, 3, 5)]).undated_articles == 3


def test_serve_page_people_readable_types_separate_columns(client):
    page = _page(client, "/entities?type=PERSON")
    assert _text(page, "//h1") == ["People"] and _text(page, "//title") == ["People · copydesk"]
    assert _text(page, "//table/thead//th") == [
        "Name", "Type", "Articles", "Mentions", "Quotes", "Also written", "Roles"
    ]  # fmt: skip
    assert set(_text(page, "//table/tbody//td[@class='type']")) == {"person"}
    (ri,) = page.xpath("//table/tbody/tr[td/a[text()='Ri Yong-ho']]")
    assert _text(ri, "td[@class='aliases']") == ["Ri Yong Ho, Ri"]
    assert _text(ri, "td[@class='roles']") == ["Foreign Minister (North Korea)"]
    assert _text(page, "//nav[@class='filters']/a[@aria-current='page']") == ["People"]
    assert _text(_page(client, "/entities?type=ORG"), "//h1") == ["Organisations"]
    assert _text(_page(client, "/entities?type=gpe"), "//h1") == ["Places"]


def test_serve_page_entities_page_through_all_and_filter_in_the_url(client, sample_db):
    from copydesk.store import open_store

    with open_store(sample_db) as s:
        everyone = [e.key for e in s.entities(limit=1000)]
    assert len(everyone) > 50  # more than one page: no listing stops short
    seen, path = [], "/entities"
    while path:
        page = _page(client, path)
        seen += [a.get("href").removeprefix("/entities/") for a in page.xpath("//table/tbody//td[1]/a")]
        path = (page.xpath("//nav[@class='pages']/a[@rel='next']/@href") or [None])[0]
    assert [unquote(k) for k in seen] == everyone
    # The filter is a GET form: its value, the type and the page all stay in the URL, and each link keeps the rest.
    page = _page(client, "/entities?type=PERSON&name=brown")
    assert _text(page, "//table/tbody//td[1]") == ["James Brown"]
    assert page.xpath("//form[@class='filter']/input[@name='type']/@value") == ["PERSON"]
    assert page.xpath("//form[@class='filter']/input[@name='name']/@value") == ["brown"]
    assert "/entities?name=brown&type=ORG" in page.xpath("//nav[@class='filters']/a/@href")
    assert _text(_page(client, "/entities?name=nobody+at+all"), "//table/tbody//td") == [
        "None found whose name contains “nobody at all”."
    ]
    page2 = _page(client, "/entities?page=2")
    assert page2.xpath("//nav[@class='pages']/a[@rel='prev']/@href") == ["/entities"]


def test_serve_page_captured_text_sets_its_own_direction(reader, arabic_article):
    page = _page(reader, f"/articles/{arabic_article.id}")
    (headline,) = page.xpath("//h1")
    assert headline.get("dir") == "auto" and "ترامب" in headline.text_content()
    body = page.xpath("//div[@class='body']/*")
    assert len(body) == 6 and {p.get("dir") for p in body} == {"auto"}
    assert page.xpath("//time[@datetime='2026-01-08']/text()") == ["2026-01-08"]
    # In listings too: every headline sets its own direction, and every date is one <time> in a date cell.
    listing = _page(reader, "/articles")
    assert {a.get("dir") for a in listing.xpath("//table/tbody//td[1]/a")} == {"auto"}
    dated = listing.xpath("//table/tbody//td[@class='date']/time")
    assert "2026-01-08" in [t.text for t in dated] and all(t.get("datetime") == t.text for t in dated)
    seed = _page(reader, f"/articles/{SEED_ID}")
    assert {e.get("dir") for e in seed.xpath("//span[@class='said']")} == {"auto"}  # quotes in the sidebar


def test_serve_download_rows_as_csv_cells_that_stay_text():
    rows = [{"name": '=HYPERLINK("x")', "roles": ["a", "-b"], "n": -3}, {"name": None, "extra": 'é,"q"'}]
    lines = list(csv.reader(io.StringIO(csv_text(rows))))
    assert lines == [["name", "roles", "n", "extra"], ['\'=HYPERLINK("x")', "a; '-b", "-3", ""], ["", "", "", 'é,"q"']]


def test_serve_page_lists_download_as_csv_and_json(client, sample_db):
    from copydesk.store import open_store

    with open_store(sample_db) as s:
        people = [e.to_dict() for e in s.entities("PERSON", limit=1000)]
        everything = [a.to_dict() for a in s.articles(limit=1000)]
        brown_quotes = [q.to_dict() for q in s.quotes(entity=BROWN, limit=1000)]
    # The whole filtered list, not the page the URL is on.
    response = client.get("/entities?type=PERSON&page=2&format=json")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"] == 'attachment; filename="people.json"'
    assert response.json() == people
    response = client.get("/entities?type=PERSON&format=csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["key"] for r in table] == [p["key"] for p in people]
    (ri,) = [r for r in table if r["name"] == "Ri Yong-ho"]
    assert ri["aliases"] == "Ri Yong Ho; Ri" and ri["roles"] == "Foreign Minister (North Korea)"
    assert client.get("/articles?format=json").json() == everything
    named = client.get(f"/articles?entity={quote(BROWN)}&format=json").json()
    assert [a["id"] for a in named] == [SEED_ID]
    quotes = client.get(f"/entities/{quote(BROWN)}?format=json")
    assert quotes.json() == brown_quotes and len(brown_quotes) >= 5
    assert 'filename="quotes-James-Brown.json"' in quotes.headers["content-disposition"]
    problem = _page(client, "/entities?format=xml", status=400)
    assert "format must be csv or json" in _text(problem, "//p[@class='problem']")[0]
    # Each list page links its own download, its filters kept and its page dropped.
    page = _page(client, "/entities?type=PERSON&name=r&page=1")
    assert page.xpath("//p[@class='downloads']/a/@href") == [
        "/entities?type=PERSON&name=r&format=csv",
        "/entities?type=PERSON&name=r&format=json",
    ]
    entity_page = _page(client, f"/entities/{BROWN}")
    assert entity_page.xpath("//section[@class='entity-quotes']/p[@class='downloads']/a/@href")[0].endswith(
        "?format=csv"
    )
    for href in entity_page.xpath("//a/@href"):
        if "format=" in href:
            assert client.get(href).status_code == 200, href
