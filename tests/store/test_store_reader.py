"""The store calls the web reader needs, on both backends: one entity by key, its quotes and articles, who
appears with it, an article's links to joined entities, and the corpus by month and by most-quoted speaker."""

from __future__ import annotations

from copydesk.model import Article
from copydesk.store import open_store

BROWN = "PERSON:james brown"


def _copy(article: Article, id: str, published: str | None) -> Article:
    other = Article.from_json(article.to_json())
    other.id, other.published = id, published
    return other


def test_store_entity_by_key_with_its_quotes_and_articles(target, seed):
    with open_store(target) as store:
        store.upsert([seed])
        (brown,) = store.entities(key=BROWN)
        assert brown.name == "James Brown" and brown.articles == 1
        assert store.entities(key="PERSON:nobody at all") == []
        quotes = store.quotes(entity=BROWN)
        assert {q.speaker for q in quotes} == {"James Brown"}
        assert [q.text for q in quotes] == [q.text for q in store.quotes("James Brown")]
        assert len(store.quotes(entity=BROWN, kind="direct")) == 4
        assert [a.id for a in store.articles(entity=BROWN)] == [seed.id]
        assert store.articles(entity="PERSON:nobody at all") == []


def test_store_cooccurring_counts_shared_articles(target, seed):
    second = _copy(seed, "second-copy", "2018-04-10")
    with open_store(target) as store:
        store.upsert([seed, second])
        near = store.cooccurring(BROWN)
        names = [e.name for e in near]
        assert "Sergei Lavrov" in names and "Ri Yong-ho" in names
        assert "James Brown" not in names  # never listed beside itself
        assert all(e.articles == 2 for e in near)  # both copies name everyone the seed names
        assert store.cooccurring(BROWN, limit=3) == near[:3]
        assert store.cooccurring("PERSON:nobody at all") == []


def test_store_entity_links_map_local_ids_to_joined_keys(target, seed):
    with open_store(target) as store:
        store.upsert([seed])
        links = store.entity_links(seed.id)
        by_name = {e.name: links[e.id] for e in seed.entities if e.id in links}
        assert by_name["James Brown"] == BROWN
        assert by_name["Ri Yong-ho"] == "PERSON:ri yong ho"
        assert store.entity_links("no-such-article") == {}


def test_store_timeline_by_month_undated_last(target, seed):
    april, april2, may = (
        _copy(seed, "a", "2018-04-10"),
        _copy(seed, "b", "2018-04-29"),
        _copy(seed, "c", "2018-05-02"),
    )
    mentions = sum(len(e.mentions) for e in seed.entities)
    with open_store(target) as store:
        assert store.timeline() == []
        store.upsert([seed, may, april, april2])
        rows = [r.to_dict() for r in store.timeline()]
    assert rows == [
        {"period": "2018-04", "articles": 2, "mentions": 2 * mentions},
        {"period": "2018-05", "articles": 1, "mentions": mentions},
        {"period": None, "articles": 1, "mentions": mentions},
    ]


def test_store_speakers_most_quoted_first(target, seed):
    with open_store(target) as store:
        assert store.speakers() == []
        store.upsert([seed, _copy(seed, "again", None)])
        speakers = store.speakers()
        top = speakers[0]
        assert (top.name, top.entity) == ("James Brown", BROWN)
        assert top.quotes == 2 * len(store.quotes(entity=BROWN, article=seed.id))
        assert top.direct == 8
        assert [s.quotes for s in speakers] == sorted((s.quotes for s in speakers), reverse=True)
        assert store.speakers(limit=1) == speakers[:1]
