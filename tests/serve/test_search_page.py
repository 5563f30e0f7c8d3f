"""The reader's search page over HTTP, read back with lxml, on both backends: results with headline, date, source,
byline, headline warning, snippet and a readable relevance; paging past any first page; filters and facets that
live in the URL; labelled inputs and headings."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from copydesk.model import Article, Byline, Source
from copydesk.serve.search_page import PAGE_SIZE, search_url
from copydesk.store import open_store

from .conftest import BROWN, SEED_ID

STORIES = 45  # copies of the seed: three pages of results


def _story(seed: Article, n: int) -> Article:
    """The seed under another id, month, language and site, with its own byline."""
    copy = Article.from_json(seed.to_json())
    copy.id = f"story-{n:02}"
    copy.published = f"{2023 + n % 2}-{n % 12 + 1:02}-15"
    copy.language = "de" if n % 3 == 0 else "en"
    copy.source = Source(kind="html", url=f"https://www.{'dw.com' if n % 2 else 'tagesschau.de'}/story/{n}")
    copy.bylines = [Byline(f"Writer {n}")]
    return copy


@pytest.fixture
def reader(sample_target, seed_article):
    """The sample store on each backend plus 45 dated copies of the seed from two sites, in two languages."""
    from fastapi.testclient import TestClient

    from copydesk.serve.app import create_app

    with open_store(sample_target) as s:
        s.upsert([_story(seed_article, n) for n in range(STORIES)])
    with TestClient(create_app(sample_target)) as c:
        yield c


def _page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    return lxml.html.fromstring(response.text)


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _ids(page) -> list[str]:
    return [a.get("href").removeprefix("/articles/") for a in page.xpath("//li[@class='hit']/a[@class='title']")]


def test_serve_search_page_results_say_what_a_researcher_weighs(reader):
    page = _page(reader, "/search?q=Lavrov+invitation&source=dw.com&from=2024")
    hits = page.xpath("//li[@class='hit']")
    assert hits and len(hits) == len({h for h in _ids(page)})
    first = hits[0]
    assert _text(first.xpath("a[@class='title']")[0]) == "Spain probes deaths of thousands of Spaniards in Nazi camps"
    (warning,) = first.xpath(".//*[@class='headline-warning']")
    assert "unrelated" in _text(warning) and "another story" in _text(warning)
    (date,) = first.xpath(".//time")
    assert date.get("datetime").startswith("2024-") and _text(date) == date.get("datetime")
    assert _text(first.xpath(".//*[@class='source']")[0]) == "dw.com"
    assert _text(first.xpath(".//*[@class='byline']")[0]).startswith("By Writer ")
    assert {m.text.lower() for m in first.xpath(".//p[@class='snippet']/mark")} >= {"lavrov", "invitation"}
    relevance = _text(first.xpath(".//*[@class='relevance']")[0])
    assert relevance == "relevance 30%"  # both words in the body: 0.3 on the store's scale
    assert "score" not in page.text_content()  # no raw score
    # The sample's own article: no URL, so its file name is its source; no date.
    sample = _page(reader, "/search?q=Lavrov&language=en&page=2")
    seed_hit = sample.xpath(f"//li[@class='hit'][a/@href='/articles/{SEED_ID}']")[0]
    assert _text(seed_hit.xpath(".//*[@class='source']")[0]) == "dw-north-korea-russia.txt"
    assert "undated" in _text(seed_hit.xpath(".//p[@class='meta']")[0])


def test_serve_search_page_pages_through_every_result(reader):
    seen, url, pages = [], "/search?q=Lavrov", 0
    while url:
        page = _page(reader, url)
        pages += 1
        ids = _ids(page)
        assert 0 < len(ids) <= PAGE_SIZE
        assert int(page.xpath("//ol[@class='hits']/@start")[0]) == len(seen) + 1
        seen += ids
        heading = _text(page.xpath("//h2[@id='results-heading']")[0])
        assert heading.startswith(f"Results {len(seen) - len(ids) + 1}–{len(seen)} of {STORIES + 1}")
        following = page.xpath("//nav[@class='pages']/a[@rel='next']/@href")
        url = following[0] if following else None
        if pages > 1:
            assert page.xpath("//nav[@class='pages']/a[@rel='prev']/@href")
    assert pages == 3 and len(seen) == len(set(seen)) == STORIES + 1  # the seed and its 45 copies, none twice


def test_serve_search_page_filters_and_facets_stay_in_the_url(reader):
    page = _page(reader, "/search?q=Lavrov")
    facets = {_text(s.xpath("h3")[0]): s for s in page.xpath("//aside//section[@class='facet']")}
    assert set(facets) == {"Year", "Language", "Source", "Entity", "Speaker"}
    (german,) = facets["Language"].xpath(".//a[.='de']")
    count = int(german.getnext().text)
    narrowed = _page(reader, german.get("href"))
    assert parse_qs(urlsplit(german.get("href")).query) == {"q": ["Lavrov"], "language": ["de"]}
    assert len(_ids(narrowed)) == count == sum(1 for n in range(STORIES) if n % 3 == 0)
    assert narrowed.xpath("//input[@name='language']/@value") == ["de"]  # the form keeps the filter
    assert narrowed.xpath("//form[@class='search-page']//input[@name='q']/@value") == ["Lavrov"]
    # A second facet keeps the first; the active one links back out.
    (site,) = _page(reader, german.get("href")).xpath("//aside//a[.='dw.com']")
    both = _page(reader, site.get("href"))
    assert parse_qs(urlsplit(site.get("href")).query) == {"q": ["Lavrov"], "language": ["de"], "source": ["dw.com"]}
    assert {h for h in _ids(both)} == {f"story-{n:02}" for n in range(STORIES) if n % 3 == 0 and n % 2}
    assert both.xpath("//aside//a[@aria-current='true' and .='de']/@href") == [
        search_url({"q": "Lavrov", "source": "dw.com"})
    ]
    removed = both.xpath("//ul[@class='active-filters']//a[@aria-label='Remove the source filter']/@href")
    assert removed == ["/search?q=Lavrov&language=de"]
    # A year sets the date range; entity and speaker facets filter by who is named and quoted.
    (year,) = facets["Year"].xpath(".//a[.='2024']")
    assert parse_qs(urlsplit(year.get("href")).query) == {"q": ["Lavrov"], "from": ["2024"], "to": ["2024"]}
    dated = _page(reader, year.get("href"))
    assert all(t.startswith("2024") for t in dated.xpath("//li[@class='hit']//time/@datetime"))
    brown = facets["Entity"].xpath(".//a[.='James Brown']") or facets["Speaker"].xpath(".//a")
    assert brown
    by_speaker = _page(reader, "/search?speaker=Brown&language=en")  # no query: the filtered articles, newest first
    listed = by_speaker.xpath("//li[@class='hit']//time/@datetime")
    assert listed == sorted(listed, reverse=True) and not by_speaker.xpath("//*[@class='relevance']")
    assert _page(reader, f"/search?entity={BROWN}&source=tagesschau.de").xpath("//ul[@class='active-filters']//strong")
    entity_chip = _page(reader, f"/search?entity={BROWN}").xpath("//ul[@class='active-filters']//strong/text()")
    assert entity_chip == ["James Brown"]  # the entity's name, not its key


def test_serve_search_page_urls_keep_every_filter():
    params = {"q": "1", "language": "de", "page": "3"}
    assert search_url(params) == "/search?q=1&language=de"  # a change of filters starts at page 1
    assert search_url(params, page=2) == "/search?q=1&language=de&page=2"
    assert search_url(params, page=1, language=None, source="dw.com") == "/search?q=1&source=dw.com"
    assert search_url({}) == "/search"


def test_serve_search_page_refuses_a_bad_filter_clearly(reader):
    page = _page(reader, "/search?q=Lavrov&from=May+2024", status=400)
    assert "not a year, month or day" in _text(page.xpath("//*[@class='problem']")[0])
    assert page.xpath("//input[@name='from']/@value") == ["May 2024"]  # kept, to correct
    assert _text(_page(reader, "/search?q=-Lavrov", status=400).xpath("//*[@class='problem']")[0]).startswith(
        "nothing to search for"
    )


def test_serve_search_page_is_labelled_and_headed(reader):
    page = _page(reader, "/search?q=Lavrov&language=en")
    for field in page.xpath("//form[@class='search-page']//input"):
        labels = page.xpath(f"//label[@for='{field.get('id')}']")
        assert labels and _text(labels[0]), lxml.html.tostring(field)
    assert [_text(h) for h in page.xpath("//h1")] == ["Search"]
    assert page.xpath("//h2[@id='results-heading']") and page.xpath("//aside//h2[@id='facets-heading']")
    assert not page.xpath("//script | //*[@style]")
    assert page.xpath("//nav[@aria-label='Result pages']")


def test_serve_search_page_downloads_every_result(reader):
    """The page's CSV and JSON links answer every result its query and filters select, not only the page's."""
    import csv
    import io

    page = _page(reader, "/search?q=Lavrov&language=en&page=2")
    (link,) = page.xpath("//p[@class='downloads']/a[text()='JSON']/@href")
    assert parse_qs(urlsplit(link).query) == {"q": ["Lavrov"], "language": ["en"], "format": ["json"]}
    rows = reader.get(link).json()
    assert len(rows) == 1 + sum(1 for n in range(STORIES) if n % 3) and {r["language"] for r in rows} == {"en"}
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    (csv_link,) = page.xpath("//p[@class='downloads']/a[text()='CSV']/@href")
    table = list(csv.DictReader(io.StringIO(reader.get(csv_link).text)))
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    listed = reader.get("/search?speaker=Brown&source=dw.com&format=json").json()  # filters alone: the articles
    assert listed and all(r["site"] == "dw.com" for r in listed)
