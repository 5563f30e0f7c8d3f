"""The embedded default store: one SQLite file, WAL, FTS5 full-text search and snippets (ranked on the scale of
relevance.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import redacted
from .base import BLOCK_TABLES, ENTITY_TABLES, SqlStore
from .rows import ARTICLES_V4, HIT, QUOTES_V3, QueryError, StoreError, Terms

BUSY_TIMEOUT_MS = 30_000  # a second writer waits this long for the first one's batch, then gives up clearly

ARTICLES_V1 = [
    """CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,        -- a stable rowid for the FTS index (VACUUM may renumber an implicit one)
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,     -- sha256 of the Article JSON: same hash, nothing to do
        title TEXT, dek TEXT, body TEXT NOT NULL DEFAULT '',
        language TEXT, published TEXT,
        source_kind TEXT, source_path TEXT, source_url TEXT,
        cluster TEXT, title_verdict TEXT, n_errors INTEGER NOT NULL DEFAULT 0,
        doc TEXT NOT NULL,              -- the whole Article JSON, as parse wrote it
        updated_at TEXT NOT NULL)""",
    # External content: the index reads title/dek/body from articles, so the text is stored once.
    """CREATE VIRTUAL TABLE articles_fts USING fts5(title, dek, body, content='articles', content_rowid='seq',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, dek, body) VALUES (new.seq, new.title, new.dek, new.body); END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, dek, body)
            VALUES ('delete', old.seq, old.title, old.dek, old.body); END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, dek, body)
            VALUES ('delete', old.seq, old.title, old.dek, old.body);
        INSERT INTO articles_fts (rowid, title, dek, body) VALUES (new.seq, new.title, new.dek, new.body); END""",
]  # + BLOCK_TABLES, the same in both dialects

SNIPPET_TOKENS = 24


class SQLiteStore(SqlStore):
    """A store in one SQLite file (`:memory:` works too); readers keep reading while a writer writes (WAL)."""

    def __init__(self, path: str, *, migrate: bool = True, upto: int | None = None):
        self.target = redacted(path)  # a mistyped URI is taken for a path: it may still hold a password
        try:
            # isolation_level=None: transactions are ours (BEGIN/COMMIT), not the module's implicit ones.
            self.conn = sqlite3.connect(
                path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; safe with WAL
            self.conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as e:
            raise StoreError(f"{self.target}: cannot open as a SQLite store ({e})") from e
        if migrate:
            try:
                self._migrate(upto)
            except sqlite3.DatabaseError as e:
                self.conn.close()
                raise StoreError(f"{self.target}: cannot use as a copydesk store ({e})") from e

    def _execute(self, sql: str, params: tuple = ()) -> Any:
        return self.conn.execute(sql, params)

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        self.conn.executemany(sql, rows)

    def _has_table(self, name: str) -> bool:
        return bool(
            self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchall()
        )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE: take the write lock now, so a batch never fails half-way)."""
        if self.conn.in_transaction:  # nested: the outer transaction decides
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def migrations(self):
        """Version 1: articles, blocks, removed lines, full-text index. Version 2: entities joined across
        articles, mentions and quotes (filled from the stored Article JSON for articles already there).
        Version 3: no empty speaker keys (PostgreSQL's also has its full-text index read words as FTS5 does).
        Version 4: each article's site and byline, to filter and show."""
        return [
            (1, ARTICLES_V1 + BLOCK_TABLES, None),
            (2, ENTITY_TABLES, self._backfill_entities),
            (3, QUOTES_V3, None),
            (4, ARTICLES_V4, self._backfill_sites),
        ]

    def _match_sql(self, terms: Terms) -> tuple[str, list]:
        """An article whose headline, standfirst or body matches `terms`, by the FTS5 index."""
        return "a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", [terms.fts5()]

    def _place_sql(self, phrase: str, place: str) -> tuple[str, list]:
        """An article whose `place` holds `phrase`, by the FTS5 index's column filter."""
        return "a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", [
            f"{{{place}}} : " + Terms([[phrase]], []).fts5()
        ]

    def _search_rows(self, sql: str, params: tuple) -> list[tuple]:
        try:
            return self._rows(sql, params)
        except sqlite3.OperationalError as e:  # parse_query quotes every term; this is a safety net, not a path
            raise QueryError(f"search failed: {e}") from e

    def _snippets(self, ids: list[str], terms: Terms) -> dict[str, str]:
        """FTS5's snippet of each article, from the column that matches best."""
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        sql = (
            f"SELECT a.id, snippet(articles_fts, -1, '{HIT}', '{HIT}', '…', {SNIPPET_TOKENS}) "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND a.id IN ({marks})"
        )
        return {id_: " ".join((s or "").split()) for id_, s in self._search_rows(sql, (terms.fts5(), *ids))}

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
