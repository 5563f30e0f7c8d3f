"""The store library on both backends: search, quotes by speaker, joined entities, idempotent upserts,
replacement by a newer version, migrations, readers during a write, hostile queries."""

from __future__ import annotations

import sqlite3

import pytest

from copydesk.model import Byline, Entity, Quote
from copydesk.store import QueryError, StoreError, is_postgres, open_store
from copydesk.store.rows import MAX_QUERY_CHARS, article_values

TABLES = (
    "articles",
    "blocks",
    "removed",
    "entities",
    "entity_keys",
    "article_entities",
    "entity_names",
    "mentions",
    "quotes",
)


def _counts(store) -> dict[str, int]:
    return {t: store._rows(f"SELECT COUNT(*) FROM {t}")[0][0] for t in TABLES}


def _raw(target: str):
    """A second, plain connection to the same store (no copydesk in between)."""
    if is_postgres(target):
        import psycopg

        return psycopg.connect(target)
    return sqlite3.connect(target, isolation_level=None)


def test_store_search_finds_the_seed_with_a_snippet(target, seed):
    with open_store(target) as store:
        store.upsert([seed])
        hits = store.search("Lavrov summit")
        assert [h.id for h in hits] == [seed.id]
        assert hits[0].score > 0
        assert "**" in hits[0].snippet
        assert hits[0].title == seed.title
        assert store.search('"gradual normalization"')[0].id == seed.id
        assert store.search("Pyongyang -Lavrov") == []  # the exclusion rules the article out
        assert store.search("zebra OR Pyongyang")[0].id == seed.id
        assert store.search("zebra giraffe") == []


@pytest.mark.parametrize("speaker", ["James Brown", "Brown", "james  brown", "BROWN"])
def test_store_quotes_by_speaker_however_spelled(target, seed, speaker):
    with open_store(target) as store:
        store.upsert([seed])
        quotes = store.quotes(speaker)
        direct = [q for q in quotes if q.kind == "direct"]
        assert len(direct) == 4
        assert {q.speaker for q in quotes} == {"James Brown"}
        assert {q.entity for q in quotes} == {"PERSON:james brown"}
        assert len(quotes) == len(direct) + sum(q.kind == "indirect" for q in quotes)
        assert direct[0].text.startswith("I see clear similarities")
        assert [q.text for q in store.quotes(speaker, kind="direct")] == [q.text for q in direct]
        assert store.quotes("Gordon Brown") == []


def test_store_entities_one_row_per_person(target, seed):
    with open_store(target) as store:
        store.upsert([seed])
        people = store.entities("PERSON")
        assert all(e.type == "PERSON" for e in people)
        (brown,) = [e for e in people if "Brown" in e.name]
        assert brown.name == "James Brown" and "Brown" in brown.aliases and brown.quotes >= 4
        (ri,) = [e for e in people if e.name.startswith("Ri ")]
        assert ri.key == "PERSON:ri yong ho"
        assert store.entities(name="Ri Yong Ho")[0].key == ri.key
        assert store.entities("person")  # types are case-insensitive


def test_store_entities_join_across_articles_by_name_and_multiword_alias(target, seed):
    other = type(seed).from_json(seed.to_json())
    other.id = "other-story"
    # Another story spells him differently, naming him in full once; a third story's "Brown" is someone else.
    other.entities = [
        Entity("e1", "Jim Brown", "PERSON", aliases=["James Brown", "Brown"]),
        Entity("e2", "Ri Yong Ho", "PERSON"),
    ]
    other.quotes = [
        Quote("q1", "direct", "Pyongyang needs friends.", speaker="e1", speaker_name="Jim Brown", cue="said")
    ]
    third = type(seed).from_json(seed.to_json())
    third.id = "third-story"
    third.entities = [Entity("e1", "Gordon Brown", "PERSON", aliases=["Brown"])]
    third.quotes = [Quote("q1", "direct", "Prudence.", speaker="e1", speaker_name="Brown", cue="said")]
    with open_store(target) as store:
        store.upsert([seed, other, third])
        (brown,) = store.entities(name="James Brown")
        assert brown.articles == 2 and "Jim Brown" in brown.aliases
        assert store.entities(name="Ri Yong-ho")[0].articles == 2
        assert {q.article_id for q in store.quotes("James Brown")} == {seed.id, "other-story"}
        assert {q.article_id for q in store.quotes("Gordon Brown")} == {"third-story"}
        # A surname alone finds every Brown a story called that: it is a search, not a join.
        assert {q.article_id for q in store.quotes("Brown")} == {seed.id, "other-story", "third-story"}


def test_store_entities_filtered_by_a_name_part_and_paged(target, seed):
    with open_store(target) as store:
        store.upsert([seed])
        everyone = store.entities(limit=1000)
        assert [e.name for e in store.entities(contains="BROWN")] == ["James Brown"]  # folded as names are
        assert [e.key for e in store.entities(contains="yong-ho")] == ["PERSON:ri yong ho"]
        assert store.entities(contains="jong", type="GPE") == []
        # LIKE's own wildcards are only characters here; punctuation alone names no one.
        assert store.entities(contains="%") == [] and store.entities(contains="_") == []
        # Pages follow the listing's order, with no row twice and none left out.
        pages = [store.entities(limit=5, offset=n) for n in range(0, len(everyone) + 5, 5)]
        assert [e.key for page in pages for e in page] == [e.key for e in everyone]


def test_store_reingest_changes_nothing(target, seed):
    with open_store(target) as store:
        assert store.upsert([seed])["inserted"] == 1
        before = _counts(store)
        assert store.upsert([seed]) == {"unchanged": 1}
        assert _counts(store) == before
        assert store.get(seed.id).to_json() == seed.to_json()


def test_store_newer_version_replaces_the_old_and_its_rows(target, seed):
    with open_store(target) as store:
        store.upsert([seed])
        newer = type(seed).from_json(seed.to_json())
        newer.title = "Lavrov accepts Pyongyang invitation"
        newer.quotes = newer.quotes[:2]
        newer.removed = []
        assert store.upsert([newer]) == {"updated": 1}
        counts = _counts(store)
        assert counts["articles"] == 1 and counts["quotes"] == 2 and counts["removed"] == 0
        assert counts["blocks"] == len(seed.blocks)
        assert store.get(seed.id).title == "Lavrov accepts Pyongyang invitation"
        assert store.search("invitation accepts")[0].id == seed.id
        assert store.search("Spaniards Nazi") == []  # the old headline left the index with the old version
        assert store.quotes("James Brown") == []


def test_store_migrates_a_version_1_store(target, seed):
    with open_store(target, migrate=False) as unopened:
        store_cls = type(unopened)
    old = store_cls(target, upto=1)  # what copydesk wrote before entities were stored
    assert old.version() == 1
    seed.source.url = "https://www.dw.com/en/north-korea-russia/a-43500000"
    seed.bylines = [Byline("Julian Ryall")]
    values = {k: v for k, v in article_values(seed).items() if k not in ("site", "byline")}  # version 4's columns
    cols = ", ".join(values)
    marks = ", ".join(old.doc_placeholder if c == "doc" else "?" for c in values)
    with old.transaction():
        old._execute(
            old._sql(f"INSERT INTO articles ({cols}, updated_at) VALUES ({marks}, CURRENT_TIMESTAMP)"),
            tuple(values.values()),
        )
    old.close()
    with open_store(target) as store:
        assert store.version() == store.latest_version == 4
        assert len([q for q in store.quotes("James Brown") if q.kind == "direct"]) == 4  # backfilled from the JSON
        (row,) = store.articles()
        assert (row.site, row.byline) == ("dw.com", "Julian Ryall")  # backfilled too
        assert store.search("Lavrov")[0].id == seed.id
        assert store.upsert([seed]) == {"unchanged": 1}  # the migration kept the article's hash
    with open_store(target) as store:  # opening a current store again is a no-op
        assert store.version() == 4


def test_store_refuses_a_store_from_a_newer_copydesk(target):
    open_store(target).close()
    conn = _raw(target)
    with conn:
        conn.execute("UPDATE schema_version SET version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer than this copydesk"):
        open_store(target)


def test_store_readers_keep_reading_during_a_write(target, seed):
    with open_store(target) as store:
        store.upsert([seed])
    writer = _raw(target)
    if not is_postgres(target):
        writer.execute("BEGIN IMMEDIATE")  # hold the write lock, as an ingest batch does
    writer.execute(f"UPDATE articles SET title = 'Changed mid-write' WHERE id = '{seed.id}'")
    with open_store(target) as reader:
        assert reader.get(seed.id).title == seed.title  # sees the last committed state, without waiting
        assert reader.search("Lavrov")[0].title == seed.title
        assert len(reader.quotes("James Brown")) >= 4
        writer.commit()
        assert reader.search("Lavrov")[0].title == "Changed mid-write"
    writer.close()


HOSTILE = [
    '"',
    '""',
    "*",
    "Lavrov*",
    "NEAR(Lavrov summit",
    "NEAR(",
    "title:Lavrov",
    "^Lavrov",
    "Lavrov AND",
    "OR",
    "AND OR NOT",
    "-",
    "-Lavrov",
    "(",
    ")",
    "'",
    "Lavrov'",
    "\\",
    "%",
    "_",
    "Lavrov%' --",
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    "1; SELECT * FROM articles",
    "\x00",
    "Lavrov\x00summit",
    "é",
    "北朝鮮",
    "🙂",
    "",
    "   ",
    "a" * MAX_QUERY_CHARS,
    "Lavrov " * (MAX_QUERY_CHARS // 7),
    "x" * (MAX_QUERY_CHARS + 1),
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]) + (f"+{len(q)}" if len(q) > 20 else ""))
def test_store_hostile_queries_give_results_or_a_clear_error(target, seed, query):
    with open_store(target) as store:
        store.upsert([seed])
        try:
            hits = store.search(query)
        except QueryError as e:
            assert e.code == "E411" and str(e)
        else:
            assert isinstance(hits, list)
        for speaker in (query, None):  # names and ids are parameters, never SQL
            assert isinstance(store.quotes(speaker), list)
        assert isinstance(store.entities(name=query), list)
        assert store.get(query) is None
        assert store.count() == 1  # nothing dropped, nothing injected
        assert store.search("Lavrov")[0].id == seed.id


def test_store_articles_listing(target, seed):
    with open_store(target) as store:
        store.upsert([seed])
        (row,) = store.articles()
        assert row.id == seed.id and row.quotes == len(seed.quotes) and row.entities == len(seed.entities)


def test_store_keeps_an_article_with_nul_characters(target, seed):
    # Decoding lets a stray NUL through; PostgreSQL text cannot hold one, SQLite can: both must keep the article.
    seed.title = "North\x00Korea courts Moscow"
    seed.blocks[3].text = seed.blocks[3].text + "\x00"
    with open_store(target) as store:
        assert store.upsert([seed]) == {"inserted": 1}
        assert store.upsert([seed]) == {"unchanged": 1}
        assert store.search("courts Moscow")[0].id == seed.id
        assert store.get(seed.id).title.startswith("North")
