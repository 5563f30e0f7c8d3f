"""Filters and paging on both backends: one `Filters` (query, date range, language, source site, entity, speaker)
narrows articles, searches, quotes, entities, counts and facets alike, and offset/limit pages through each."""

from __future__ import annotations

import pytest

from copydesk.model import Article, Byline, Source
from copydesk.store import Filters, QueryError, open_store

BROWN = "PERSON:james brown"


def _variant(seed: Article, n: int, *, published, language, url, title=None) -> Article:
    """The seed under another id, date, language and source (its entities and quotes kept)."""
    copy = Article.from_json(seed.to_json())
    copy.id, copy.published, copy.language = f"v{n}", published, language
    copy.source = Source(kind="html", url=url)
    copy.bylines = [Byline(f"Writer {n}")]
    if title:
        copy.title = title
    return copy


@pytest.fixture
def corpus(seed) -> list[Article]:
    """Five articles: the seed (undated, no URL) and four dated variants from two sites, in two languages; one
    variant without James Brown's quotes or any entity."""
    bare = _variant(seed, 4, published="2024-01-09", language="de", url="https://www.tagesschau.de/x", title="Ohne")
    bare.entities, bare.quotes = [], []
    return [
        seed,
        _variant(seed, 1, published="2023-05-02", language="en", url="https://www.dw.com/en/a-1"),
        _variant(seed, 2, published="2023-11-30T08:00:00+01:00", language="en", url="https://amp.dw.com/a-2"),
        _variant(seed, 3, published="2024-01-02", language="de", url="https://dw.com.evil.example/a-3"),
        bare,
    ]


def _ids(rows) -> list[str]:
    return [getattr(r, "id", None) or getattr(r, "article_id", None) for r in rows]


def test_store_filters_narrow_the_articles(target, corpus):
    with open_store(target) as store:
        store.upsert(corpus)
        seed_id = corpus[0].id

        def ids(**given) -> set[str]:
            found = store.articles(filters=Filters(**given), limit=100)
            assert store.count(Filters(**given)) == len(found)
            return set(_ids(found))

        assert ids() == {seed_id, "v1", "v2", "v3", "v4"}
        assert ids(date_from="2023-11") == {"v2", "v3", "v4"}  # undated never passes a bound
        assert ids(date_from="2023-11-30", date_to="2024-01-02") == {"v2", "v3"}  # inclusive both ends
        assert ids(date_to="2023") == {"v1", "v2"}
        assert ids(language="DE") == {"v3", "v4"}
        assert ids(source="dw.com") == {"v1", "v2"}  # subdomains, not a host that merely starts with it
        assert ids(source="https://www.DW.com/") == {"v1", "v2"}
        assert ids(source="tagesschau.de") == {"v4"} and ids(source="%") == set()
        assert ids(entity=BROWN) == {seed_id, "v1", "v2", "v3"}
        assert ids(speaker="Brown") == ids(speaker="james  brown") == {seed_id, "v1", "v2", "v3"}
        assert ids(speaker="?") == set()
        assert ids(query="Lavrov invitation", language="en", date_from="2023") == {"v1", "v2"}
        assert ids(query="Ohne") == {"v4"}
        assert [r.id for r in store.articles(entity=BROWN, filters=Filters(language="de"))] == ["v3"]
        (row,) = store.articles(filters=Filters(source="tagesschau.de"))
        assert (row.site, row.byline, row.title_verdict) == ("tagesschau.de", "Writer 4", corpus[4].title_check.verdict)
        with pytest.raises(QueryError):
            Filters(date_from="May 2024")


def test_store_filters_and_paging_in_search_quotes_and_entities(target, corpus):
    with open_store(target) as store:
        store.upsert(corpus)
        hits = store.search("Lavrov", limit=10)
        assert len(hits) == 5
        assert store.search("Lavrov", limit=2, offset=1) == hits[1:3]
        assert {h.id for h in store.search("Lavrov", filters=Filters(language="de"))} == {"v3", "v4"}
        assert {h.id for h in store.search("Lavrov", filters=Filters(date_from="2023-06"))} == {"v2", "v3", "v4"}
        (hit,) = store.search("Lavrov", filters=Filters(source="dw.com", date_to="2023-06"))
        assert (hit.id, hit.site, hit.byline, hit.language) == ("v1", "dw.com", "Writer 1", "en")

        quotes = store.quotes("Brown", limit=100)
        assert len(quotes) == 4 * len(store.quotes("Brown", article="v1"))
        assert store.quotes("Brown", limit=3, offset=2) == quotes[2:5]
        german = store.quotes(filters=Filters(speaker="Brown", language="de"))
        assert {q.article_id for q in german} == {"v3"} and {q.speaker for q in german} == {"James Brown"}
        assert store.quotes("Brown", filters=Filters(speaker="Lavrov")) == []

        brown = store.entities(key=BROWN)[0]
        assert brown.articles == 4
        (narrowed,) = store.entities(key=BROWN, filters=Filters(language="de"))
        assert narrowed.articles == 1 and narrowed.quotes == brown.quotes // 4 and narrowed.mentions
        everyone = store.entities(limit=100)
        assert store.entities(limit=3, offset=3) == everyone[3:6]
        assert store.entities(filters=Filters(source="tagesschau.de")) == []


def test_store_facets_count_what_the_filters_let_through(target, corpus):
    with open_store(target) as store:
        store.upsert(corpus)
        seen = store.facets(limit=100)
        assert [(f.value, f.articles) for f in seen.years] == [("2024", 2), ("2023", 2)]
        assert {(f.value, f.articles) for f in seen.languages} == {("en", 3), ("de", 2)}
        assert {f.value for f in seen.sites} == {"dw.com", "amp.dw.com", "dw.com.evil.example", "tagesschau.de"}
        assert (BROWN, "James Brown", 4) in {(f.value, f.label, f.articles) for f in seen.entities}
        assert seen.speakers[0].label == "James Brown" and seen.speakers[0].articles == 4
        german = store.facets(Filters(language="de"))
        assert [(f.value, f.articles) for f in german.years] == [("2024", 2)]
        assert {f.value for f in german.sites} == {"tagesschau.de", "dw.com.evil.example"}
        assert store.facets(Filters(query="zebra")).languages == []
