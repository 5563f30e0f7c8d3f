"""What both backends share: upserts, child rows, entity joining, quotes, entities, listings, migrations.

SQL here is written once with `?` placeholders and the subset of SQL that SQLite
and PostgreSQL both speak (ON CONFLICT, CURRENT_TIMESTAMP); a backend supplies
its connection, its placeholder style, its migrations and its full-text search.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from ..model import Article
from . import relevance
from .filters import Filters, speaker_sql
from .rows import (
    ArticleRow,
    EntityRow,
    FacetRow,
    Facets,
    PeriodRow,
    QuoteRow,
    SearchHit,
    SpeakerRow,
    StoreError,
    Terms,
    all_keys,
    article_values,
    byline_of,
    dumps,
    entity_key,
    global_keys,
    name_key,
    parse_query,
    site_of,
    stored_article,
)

# Children of an article, deleted and rewritten when a newer version of the article arrives.
CHILD_TABLES = ("blocks", "removed", "article_entities", "entity_names", "mentions", "quotes")

# Version 1's tables beside `articles` (whose full-text index differs by backend): the same in both dialects.
BLOCK_TABLES = [
    """CREATE TABLE blocks (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        n INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, line INTEGER,
        PRIMARY KEY (article_id, n))""",
    """CREATE TABLE removed (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        n INTEGER NOT NULL, line INTEGER, text TEXT NOT NULL, reason TEXT NOT NULL,
        PRIMARY KEY (article_id, n))""",
    "CREATE INDEX removed_reason ON removed (reason)",
]

# Version 2 tables, the same text in both dialects (TEXT, INTEGER and REAL mean the same in each).
ENTITY_TABLES = [
    """CREATE TABLE entities (
        key TEXT PRIMARY KEY,           -- TYPE:name key of the first canonical name seen
        type TEXT NOT NULL,
        name TEXT NOT NULL)""",
    """CREATE TABLE entity_keys (
        type TEXT NOT NULL,
        name_key TEXT NOT NULL,         -- a spelling that joins articles: canonical names, multi-word aliases
        entity_key TEXT NOT NULL REFERENCES entities(key),
        PRIMARY KEY (type, name_key))""",
    "CREATE INDEX entity_keys_name ON entity_keys (name_key)",
    """CREATE TABLE article_entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL,         -- the Article's own id, e.g. e15
        entity_key TEXT NOT NULL REFERENCES entities(key),
        name TEXT NOT NULL, type TEXT NOT NULL,
        aliases TEXT NOT NULL, roles TEXT NOT NULL,   -- JSON lists
        n_mentions INTEGER NOT NULL,
        PRIMARY KEY (article_id, local_id))""",
    "CREATE INDEX article_entities_entity ON article_entities (entity_key)",
    """CREATE TABLE entity_names (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL,
        name_key TEXT NOT NULL,         -- every spelling within the article, one-word aliases too
        PRIMARY KEY (article_id, local_id, name_key))""",
    "CREATE INDEX entity_names_key ON entity_names (name_key)",
    """CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL, n INTEGER NOT NULL,
        block INTEGER NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
        PRIMARY KEY (article_id, local_id, n))""",
    """CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        quote_id TEXT NOT NULL, n INTEGER NOT NULL,
        kind TEXT NOT NULL, text TEXT NOT NULL,
        speaker_local TEXT, entity_key TEXT REFERENCES entities(key),
        speaker_name TEXT, speaker_key TEXT,
        cue TEXT, confidence REAL NOT NULL, spans TEXT NOT NULL,
        PRIMARY KEY (article_id, quote_id))""",
    "CREATE INDEX quotes_entity ON quotes (entity_key)",
    "CREATE INDEX quotes_speaker_key ON quotes (speaker_key)",
]

ARTICLE_COLUMNS = (
    "id",
    "content_hash",
    "title",
    "dek",
    "body",
    "language",
    "published",
    "source_kind",
    "source_path",
    "source_url",
    "cluster",
    "title_verdict",
    "n_errors",
    "site",
    "byline",
    "doc",
)


class SqlStore:
    """The Store interface over a DB-API connection; subclasses bind a dialect."""

    placeholder = "?"
    doc_placeholder = "?"  # PostgreSQL casts the JSON text to jsonb
    latest_version = 4
    target: str

    # -- what a backend provides ------------------------------------------------------------------
    def _execute(self, sql: str, params: tuple = ()) -> Any:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything in it is stored, or nothing is."""
        raise NotImplementedError
        yield

    def search(self, text: str, limit: int = 10, *, offset: int = 0, filters: Filters | None = None) -> list[SearchHit]:
        """Articles matching `text` (words, "phrases", OR, -word) and `filters`, most relevant first (the one
        scale of relevance.py, 0 to 1, the same on both backends), with a snippet each; `offset` skips that many."""
        terms = parse_query(text)
        phrases = list(dict.fromkeys(p for alt in terms.alternatives for p in alt))
        frequencies = {p: self._holding(p) for p in phrases}
        units, total = relevance.weights(frequencies, self.count())
        score_sql, score_params = self._score_sql(units)
        match, match_params = self._match_sql(terms)
        where, params = self._filtered(filters)
        sql = (
            f"SELECT a.id, a.title, {score_sql} AS score, a.published, coalesce(a.source_url, a.source_path), "
            "a.site, a.byline, a.language, a.title_verdict FROM articles a WHERE "
            + " AND ".join([match, *where])
            + " ORDER BY score DESC, CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, "
            f"{self._in_text_order('a.published')} DESC, {self._in_text_order('a.id')} LIMIT ? OFFSET ?"
        )
        rows = self._search_rows(sql, (*score_params, *match_params, *params, int(limit), int(offset)))
        snippets = self._snippets([row[0] for row in rows], terms)
        return [
            SearchHit(id_, title, round(int(score) / total, 6) if total else 0.0, snippets.get(id_, ""), *rest)
            for id_, title, score, *rest in rows
        ]

    def _holding(self, phrase: str) -> int:
        """How many articles hold `phrase` anywhere (its document frequency)."""
        match, params = self._match_sql(Terms([[phrase]], []))
        return int(self._search_rows(f"SELECT COUNT(*) FROM articles a WHERE {match}", tuple(params))[0][0])

    def _score_sql(self, units: list[relevance.Weight]) -> tuple[str, list]:
        """SQL summing, as integers, the weight of each phrase in each place an article holds it."""
        parts, params = [], []
        for unit in units:
            held, values = self._place_sql(unit.phrase, unit.place)
            parts.append(f"(CASE WHEN {held} THEN {int(unit.units)} ELSE 0 END)")
            params += values
        return "(" + (" + ".join(parts) or "0") + ")", params

    def _search_rows(self, sql: str, params: tuple) -> list[tuple]:
        """Rows of a full-text query; a backend turns its driver's refusal into a QueryError."""
        return self._rows(sql, params)

    def _in_text_order(self, expr: str) -> str:
        """`expr` compared character by character (the order SQLite has; PostgreSQL's follows its collation)."""
        return expr

    def _place_sql(self, phrase: str, place: str) -> tuple[str, list]:
        """SQL true for an article (alias `a`) whose `place` ("title", "dek" or "body") holds `phrase`."""
        raise NotImplementedError

    def _snippets(self, ids: list[str], terms: Terms) -> dict[str, str]:
        """A snippet of each article `ids` names, its matches for `terms` between `**`, whitespace made single."""
        raise NotImplementedError

    def _match_sql(self, terms: Terms) -> tuple[str, list]:
        """SQL true for an article (alias `a`) whose text matches `terms`, with its parameters."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the connection."""
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- helpers ----------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        return list(self._execute(self._sql(sql), tuple(params)).fetchall())

    def _many(self, sql: str, rows: list[tuple]) -> None:
        if rows:
            self._executemany(self._sql(sql), rows)

    # -- migrations -------------------------------------------------------------------------------
    def migrations(self) -> list[tuple[int, list[str], Callable[[], None] | None]]:
        """(version, statements, optional Python step) in order; each runs in its own transaction."""
        raise NotImplementedError

    def _migrate(self, upto: int | None = None) -> None:
        """Bring the schema to `upto` (default: the latest), one version at a time; refuse a newer store.

        A current store is only read here: opening one never waits for a writer's lock.
        """
        upto = self.latest_version if upto is None else upto
        have = self.version() if self._has_table("schema_version") else 0
        if have > self.latest_version:
            raise StoreError(
                f"{self.target}: store schema version {have} is newer than this copydesk's "
                f"({self.latest_version}); upgrade copydesk to use it"
            )
        if have >= upto:
            return
        with self.transaction():
            self._lock_schema()
            self._execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        for version, statements, step in self.migrations():
            if have < version <= upto:
                with self.transaction():
                    self._lock_schema()
                    if self.version() >= version:  # another process migrated while this one waited
                        continue
                    for statement in statements:
                        self._execute(statement)
                    if step is not None:
                        step()
                    self._execute("DELETE FROM schema_version")
                    self._execute(self._sql("INSERT INTO schema_version (version) VALUES (?)"), (version,))

    def _doc_value(self, doc: str) -> Any:
        """The Article JSON as this backend stores it."""
        return doc

    def _has_table(self, name: str) -> bool:
        raise NotImplementedError

    def _lock_schema(self) -> None:
        """Serialise migrations between processes (a backend that locks on write needs nothing)."""

    def version(self) -> int:
        """The schema version of this store (0 for an empty database)."""
        rows = self._rows("SELECT max(version) FROM schema_version")
        return rows[0][0] or 0 if rows else 0

    def _backfill_sites(self) -> None:
        """Migration 4: each stored article's site and byline, from the Article JSON it keeps."""
        rows = []
        for id_, doc in self._rows("SELECT id, doc FROM articles ORDER BY id"):
            article = stored_article(doc)
            rows.append((site_of(article.source.url), byline_of(article), id_))
        self._many("UPDATE articles SET site = ?, byline = ? WHERE id = ?", rows)

    def _filtered(self, filters: Filters | None) -> tuple[list[str], list]:
        """`filters` as SQL conditions on the articles table (alias `a`) and their parameters."""
        return filters.conditions(self._match_sql) if filters is not None else ([], [])

    def _backfill_entities(self) -> None:
        """Migration 2: rebuild entity, mention and quote rows from the Article JSON every article keeps."""
        for (doc,) in self._rows("SELECT doc FROM articles ORDER BY id"):
            article = stored_article(doc)
            self._write_entities(article)

    # -- writing ----------------------------------------------------------------------------------
    def upsert(self, articles: Iterable[Article]) -> Counter:
        """Store articles in one transaction: new ones are inserted, changed ones replace the old (and its
        child rows), identical ones change nothing. Counts "inserted", "updated", "unchanged"."""
        stats: Counter = Counter()
        with self.transaction():
            for article in articles:
                stats[self._upsert_one(article)] += 1
        return stats

    def _upsert_one(self, article: Article) -> str:
        values = article_values(article)
        old = self._rows("SELECT content_hash FROM articles WHERE id = ?", (article.id,))
        if old and old[0][0] == values["content_hash"]:
            return "unchanged"
        if old:
            for table in CHILD_TABLES:
                self._execute(self._sql(f"DELETE FROM {table} WHERE article_id = ?"), (article.id,))
        marks = ", ".join(self.doc_placeholder if c == "doc" else "?" for c in ARTICLE_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in ARTICLE_COLUMNS[1:])
        self._execute(
            self._sql(
                f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, updated_at) VALUES ({marks}, CURRENT_TIMESTAMP) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}, updated_at = CURRENT_TIMESTAMP"
            ),
            tuple(self._doc_value(values[c]) if c == "doc" else values[c] for c in ARTICLE_COLUMNS),
        )
        self._many(
            "INSERT INTO blocks (article_id, n, kind, text, line) VALUES (?, ?, ?, ?, ?)",
            [(article.id, n, b.kind, b.text, b.line) for n, b in enumerate(article.blocks)],
        )
        self._many(
            "INSERT INTO removed (article_id, n, line, text, reason) VALUES (?, ?, ?, ?, ?)",
            [(article.id, n, r.line, r.text, r.reason) for n, r in enumerate(article.removed)],
        )
        self._write_entities(article)
        return "updated" if old else "inserted"

    def _resolve(self, type_: str, keys: list[str]) -> str:
        """The joined entity for these spellings: an existing one that shares a key, else a new one."""
        marks = ", ".join("?" * len(keys))
        found = dict(
            self._rows(
                f"SELECT name_key, entity_key FROM entity_keys WHERE type = ? AND name_key IN ({marks})", (type_, *keys)
            )
        )
        # The canonical name's key decides first; an alias only joins when the name is new to the store.
        return next((found[k] for k in keys if k in found), entity_key(type_, keys[0]))

    def _write_entities(self, article: Article) -> None:
        local: dict[str, str] = {}
        linked, names, mentions = [], [], []
        for e in article.entities:
            keys = global_keys(e)
            if not keys:
                continue
            key = self._resolve(e.type, keys)
            local[e.id] = key
            self._execute(
                self._sql("INSERT INTO entities (key, type, name) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING"),
                (key, e.type, e.name),
            )
            self._many(
                "INSERT INTO entity_keys (type, name_key, entity_key) VALUES (?, ?, ?) "
                "ON CONFLICT (type, name_key) DO NOTHING",
                [(e.type, k, key) for k in keys],
            )
            linked.append((article.id, e.id, key, e.name, e.type, dumps(e.aliases), dumps(e.roles), len(e.mentions)))
            names += [(article.id, e.id, k) for k in all_keys(e)]
            mentions += [(article.id, e.id, n, m.block, m.start, m.end) for n, m in enumerate(e.mentions)]
        self._many(
            "INSERT INTO article_entities (article_id, local_id, entity_key, name, type, aliases, roles, n_mentions) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            linked,
        )
        self._many(
            "INSERT INTO entity_names (article_id, local_id, name_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", names
        )
        self._many(
            "INSERT INTO mentions (article_id, local_id, n, block, char_start, char_end) VALUES (?, ?, ?, ?, ?, ?)",
            mentions,
        )
        self._many(
            "INSERT INTO quotes (article_id, quote_id, n, kind, text, speaker_local, entity_key, speaker_name, speaker"
            "_key, "
            "cue, confidence, spans) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                (
                    article.id,
                    q.id,
                    n,
                    q.kind,
                    q.text,
                    q.speaker,
                    local.get(q.speaker or ""),
                    q.speaker_name,
                    name_key(q.speaker_name or "") or None,
                    q.cue,
                    float(q.confidence),
                    dumps([[s.block, s.start, s.end] for s in q.spans]),
                )
                for n, q in enumerate(article.quotes)
            ],
        )

    # -- reading ----------------------------------------------------------------------------------
    def get(self, id: str) -> Article | None:
        """The stored Article with this id, whole, or None."""
        rows = self._rows("SELECT doc FROM articles WHERE id = ?", (id,))
        if not rows:
            return None
        return stored_article(rows[0][0])

    def quotes(
        self,
        speaker: str | None = None,
        *,
        kind: str | None = None,
        article: str | None = None,
        entity: str | None = None,
        limit: int = 100,
        offset: int = 0,
        filters: Filters | None = None,
    ) -> list[QuoteRow]:
        """Quotes, in article order, by a speaker named any way a story spelled them (canonical name, alias,
        surname used in that story), optionally only `kind` ("direct"/"indirect"), from one `article`, or
        attributed to one joined `entity` (its key, as `entities()` gives it), from the articles `filters` lets
        through (its `speaker`, like `speaker`, says who spoke the quote)."""
        if filters is not None and filters.speaker:
            if speaker is not None and name_key(speaker) != name_key(filters.speaker):
                return []  # two different speakers: no quote is by both
            speaker, filters = filters.speaker, replace(filters, speaker=None)
        where, params = self._filtered(filters)
        if entity is not None:
            where.append("q.entity_key = ?")
            params.append(entity)
        if speaker is not None:
            key = name_key(speaker)
            if not key:  # punctuation alone ("%", "?") names no one; it must not match every name that folds to ""
                return []
            where.append(speaker_sql("q"))
            params += [key, key, key]
        if kind is not None:
            where.append("q.kind = ?")
            params.append(kind)
        if article is not None:
            where.append("q.article_id = ?")
            params.append(article)
        sql = (
            "SELECT q.article_id, a.title, q.quote_id, q.kind, q.text, q.speaker_name, e.name, q.entity_key, q.cue, "
            "q.confidence FROM quotes q JOIN articles a ON a.id = q.article_id "
            "LEFT JOIN entities e ON e.key = q.entity_key"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY q.article_id, q.n LIMIT ? OFFSET ?"
        )
        return [QuoteRow(*row) for row in self._rows(sql, (*params, int(limit), int(offset)))]

    def entities(
        self,
        type: str | None = None,
        *,
        name: str | None = None,
        key: str | None = None,
        contains: str | None = None,
        limit: int = 100,
        offset: int = 0,
        filters: Filters | None = None,
    ) -> list[EntityRow]:
        """Entities joined across articles, most widespread first, optionally of one `type`, spelled `name`, with
        a spelling that `contains` these words (folded as names are: "brown" finds "James Brown"), or the one with
        this `key`; `limit` rows from `offset`; with `filters`, those the articles it lets through name, counted in
        them."""
        where: list[str] = []
        params: list = []
        among, among_params = self._filtered(filters)
        scope = ""  # the articles counted: all, or those the filters let through
        if among:
            scope = "SELECT a.id FROM articles a WHERE " + " AND ".join(among)
            where.append(f"ae.article_id IN ({scope})")
            params += among_params
        if contains is not None:
            if not name_key(contains):  # names nothing (see quotes())
                return []
            where.append("e.key IN (SELECT entity_key FROM entity_keys WHERE name_key LIKE ? ESCAPE '!')")
            params.append("%" + re.sub(r"([!%_])", r"!\1", name_key(contains)) + "%")
        if key is not None:
            where.append("e.key = ?")
            params.append(key)
        if type is not None:
            where.append("e.type = ?")
            params.append(type.upper())
        if name is not None:
            if not name_key(name):  # names nothing (see quotes())
                return []
            where.append(
                "e.key IN (SELECT entity_key FROM entity_keys WHERE name_key = ? "
                "UNION SELECT ae2.entity_key FROM entity_names n JOIN article_entities ae2 "
                "ON ae2.article_id = n.article_id AND ae2.local_id = n.local_id WHERE n.name_key = ?)"
            )
            params += [name_key(name)] * 2
        quoted = "SELECT COUNT(*) FROM quotes q WHERE q.entity_key = e.key" + (
            f" AND q.article_id IN ({scope})" if scope else ""
        )
        sql = (
            f"SELECT e.key, e.name, e.type, COUNT(DISTINCT ae.article_id), SUM(ae.n_mentions), ({quoted}) "
            "FROM entities e JOIN article_entities ae ON ae.entity_key = e.key"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " GROUP BY e.key, e.name, e.type ORDER BY COUNT(DISTINCT ae.article_id) DESC, SUM(ae.n_mentions) DESC, "
            "e.key LIMIT ? OFFSET ?"
        )
        values = (*among_params, *params, int(limit), int(offset))  # the quote count's scope comes first
        found = [EntityRow(k, n, t, int(a), int(m or 0), int(q)) for k, n, t, a, m, q in self._rows(sql, values)]
        if found:
            by_key = {row.key: row for row in found}
            marks = ", ".join("?" * len(by_key))
            for key, spelled, aliases, roles in self._rows(
                f"SELECT entity_key, name, aliases, roles FROM article_entities WHERE entity_key IN ({marks}) "
                "ORDER BY article_id, local_id",
                tuple(by_key),
            ):
                row = by_key[key]
                for alias in [spelled, *json.loads(aliases)]:
                    if alias != row.name and alias not in row.aliases:
                        row.aliases.append(alias)
                row.roles += [r for r in json.loads(roles) if r not in row.roles]
        return found

    def articles(
        self, *, entity: str | None = None, limit: int = 50, offset: int = 0, filters: Filters | None = None
    ) -> list[ArticleRow]:
        """Stored articles, newest publication first (undated last), then by id; only those naming `entity`
        (a joined entity's key) when given, and those `filters` lets through."""
        if entity:
            filters = replace(filters or Filters(), entity=entity) if not (filters and filters.entity) else filters
            if filters.entity != entity:
                return []  # two entities asked for as one
        where, params = self._filtered(filters)
        sql = (
            "SELECT a.id, a.title, a.published, a.language, coalesce(a.source_url, a.source_path), "
            "(SELECT COUNT(*) FROM article_entities ae WHERE ae.article_id = a.id), "
            "(SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id), a.site, a.byline, a.title_verdict "
            "FROM articles a"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published DESC, a.id LIMIT ? OFFSET ?"
        )
        return [ArticleRow(*row) for row in self._rows(sql, (*params, int(limit), int(offset)))]

    def cooccurring(self, key: str, *, limit: int = 20) -> list[EntityRow]:
        """The entities that appear in the same articles as entity `key`, most shared articles first.

        In each row `articles` counts the articles shared with `key` and `mentions` the mentions in them.
        """
        sql = (
            "SELECT e.key, e.name, e.type, COUNT(DISTINCT ae.article_id), SUM(ae.n_mentions), "
            "(SELECT COUNT(*) FROM quotes q WHERE q.entity_key = e.key) "
            "FROM article_entities ae JOIN entities e ON e.key = ae.entity_key "
            "WHERE ae.article_id IN (SELECT article_id FROM article_entities WHERE entity_key = ?) "
            "AND ae.entity_key <> ? GROUP BY e.key, e.name, e.type "
            "ORDER BY COUNT(DISTINCT ae.article_id) DESC, SUM(ae.n_mentions) DESC, e.key LIMIT ?"
        )
        return [
            EntityRow(k, n, t, int(a), int(m or 0), int(q))
            for k, n, t, a, m, q in self._rows(sql, (key, key, int(limit)))
        ]

    def entity_links(self, article_id: str) -> dict[str, str]:
        """An article's own entity ids (e1, e2...) mapped to the keys of the entities they joined in the store."""
        return dict(self._rows("SELECT local_id, entity_key FROM article_entities WHERE article_id = ?", (article_id,)))

    def timeline(self) -> list[PeriodRow]:
        """Articles and entity mentions per month of publication, oldest first; undated articles last (period None)."""
        period = "substr(a.published, 1, 7)"
        sql = (
            f"SELECT {period}, COUNT(*), SUM(coalesce(m.n, 0)) FROM articles a LEFT JOIN "
            "(SELECT article_id, SUM(n_mentions) AS n FROM article_entities GROUP BY article_id) m "
            f"ON m.article_id = a.id GROUP BY {period} ORDER BY CASE WHEN {period} IS NULL THEN 1 ELSE 0 END, {period}"
        )
        return [PeriodRow(p, int(a), int(m or 0)) for p, a, m in self._rows(sql)]

    def speakers(self, *, limit: int = 10) -> list[SpeakerRow]:
        """The most quoted speakers across the corpus, joined entities counted once however stories spelled them."""
        who = "coalesce(q.entity_key, q.speaker_key)"
        name = "coalesce(max(e.name), max(q.speaker_name))"
        sql = (
            f"SELECT {name}, max(q.entity_key), COUNT(*), SUM(CASE WHEN q.kind = 'direct' THEN 1 ELSE 0 END) "
            f"FROM quotes q LEFT JOIN entities e ON e.key = q.entity_key WHERE {who} IS NOT NULL "
            f"GROUP BY {who} ORDER BY COUNT(*) DESC, {name} LIMIT ?"
        )
        return [SpeakerRow(n, k, int(c), int(d or 0)) for n, k, c, d in self._rows(sql, (int(limit),))]

    def count(self, filters: Filters | None = None) -> int:
        """How many articles the store holds (that `filters` lets through, when given)."""
        where, params = self._filtered(filters)
        sql = "SELECT COUNT(*) FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")
        return int(self._rows(sql, params)[0][0])

    def facets(self, filters: Filters | None = None, *, limit: int = 10) -> Facets:
        """What the articles `filters` lets through hold, value by value with how many articles have each: years of
        publication, languages, sites, the entities they name most and the speakers they quote most."""
        where, params = self._filtered(filters)
        among = "SELECT a.id FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")

        def counted(value: str) -> list[FacetRow]:
            sql = (
                f"SELECT {value}, COUNT(*) FROM articles a WHERE a.id IN ({among}) AND {value} IS NOT NULL "
                f"GROUP BY {value} ORDER BY COUNT(*) DESC, {value} LIMIT ?"
            )
            return [FacetRow(str(v), str(v), int(n)) for v, n in self._rows(sql, (*params, int(limit)))]

        entities = (
            "SELECT e.key, e.name, COUNT(DISTINCT ae.article_id) FROM article_entities ae "
            f"JOIN entities e ON e.key = ae.entity_key WHERE ae.article_id IN ({among}) "
            "GROUP BY e.key, e.name ORDER BY COUNT(DISTINCT ae.article_id) DESC, e.key LIMIT ?"
        )
        speakers = (
            "SELECT coalesce(max(e.name), max(q.speaker_name)), COUNT(DISTINCT q.article_id) FROM quotes q "
            f"LEFT JOIN entities e ON e.key = q.entity_key WHERE q.article_id IN ({among}) "
            "AND coalesce(q.entity_key, q.speaker_key) IS NOT NULL GROUP BY coalesce(q.entity_key, q.speaker_key) "
            "ORDER BY COUNT(DISTINCT q.article_id) DESC, COUNT(*) DESC, coalesce(max(e.name), max(q.speaker_name)) "
            "LIMIT ?"
        )
        return Facets(
            years=sorted(counted("substr(a.published, 1, 4)"), key=lambda row: row.value, reverse=True),
            languages=counted("lower(a.language)"),
            sites=counted("a.site"),
            entities=[FacetRow(k, n, int(c)) for k, n, c in self._rows(entities, (*params, int(limit)))],
            speakers=[FacetRow(n, n, int(c)) for n, c in self._rows(speakers, (*params, int(limit)))],
        )
