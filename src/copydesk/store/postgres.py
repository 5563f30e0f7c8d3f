"""The store for a growing corpus: PostgreSQL via psycopg 3, a tsvector column with a GIN index,
websearch_to_tsquery and ts_headline (ranked on the scale of relevance.py). Install with the `postgres` extra.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import redacted, scrubbed
from .base import BLOCK_TABLES, ENTITY_TABLES, SqlStore
from .rows import ARTICLES_V4, HIT, QUOTES_V3, QueryError, StoreError, Terms

TS_CONFIG = "english"
# to_tsvector refuses to build a vector over 1 MB; indexing the first 500,000 characters of a body stays under it.
INDEXED_CHARS = 500_000
# The tsvector's weight of each place an article's text is in (see _tsv_sql).
PLACE_WEIGHTS = {"title": "a", "dek": "b", "body": "c"}
MIGRATION_LOCK = 0x636F7079  # any constant: every copydesk process takes the same advisory lock to migrate

# PostgreSQL's parser reads more than words: `<word>` is an XML tag and `&amp;` an entity (both dropped), and
# example.com, a@b.com, /usr/bin, 3.5 and v1.2 are single tokens. SQLite's unicode61 tokenizer splits all of them
# into words at their punctuation. So PostgreSQL indexes and is asked the text with ASCII punctuation made
# spaces: both backends search the same words (stemmed each by its own English stemmer).
PUNCTUATION = string.punctuation
_AS_SPACES = str.maketrans(PUNCTUATION, " " * len(PUNCTUATION))


def _words_sql(expr: str) -> str:
    """SQL for the text of `expr` with ASCII punctuation made spaces, as the index and queries read it."""
    literal = "E'" + PUNCTUATION.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return f"translate({expr}, {literal}, '{' ' * len(PUNCTUATION)}')"


def _unmarked_sql(expr: str) -> str:
    """SQL for the text of `expr` with no `<`, `>` or `&` that starts a tag or an entity: ts_headline drops those,
    and the words inside them are words a search finds. A space after `<` and `&`, before `>`, is all it takes."""
    return f"replace(replace(replace({expr}, '&', '& '), '<', '< '), '>', ' >')"


def _tsv_sql() -> str:
    """The weighted tsvector of an article: headline A, standfirst B, body C, each read as words."""
    columns = [("coalesce(title, '')", "A"), ("coalesce(dek, '')", "B"), (f"left(body, {INDEXED_CHARS})", "C")]
    return " || ".join(
        f"setweight(to_tsvector('{TS_CONFIG}', {_words_sql(text)}), '{weight}')" for text, weight in columns
    )


ARTICLES_V1 = [
    f"""CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,     -- sha256 of the Article JSON: same hash, nothing to do
        title TEXT, dek TEXT, body TEXT NOT NULL DEFAULT '',
        language TEXT, published TEXT,
        source_kind TEXT, source_path TEXT, source_url TEXT,
        cluster TEXT, title_verdict TEXT, n_errors INTEGER NOT NULL DEFAULT 0,
        doc JSONB NOT NULL,             -- the whole Article JSON
        updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
        tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{TS_CONFIG}', coalesce(title, '')), 'A') ||
            setweight(to_tsvector('{TS_CONFIG}', coalesce(dek, '')), 'B') ||
            setweight(to_tsvector('{TS_CONFIG}', left(body, {INDEXED_CHARS})), 'C')) STORED)""",
    "CREATE INDEX articles_tsv ON articles USING GIN (tsv)",
]  # + BLOCK_TABLES, the same in both dialects

# Version 3: the index reads words only (see PUNCTUATION); dropping the column drops its index.
ARTICLES_V3 = [
    "ALTER TABLE articles DROP COLUMN tsv",
    f"ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({_tsv_sql()}) STORED",
    "CREATE INDEX articles_tsv ON articles USING GIN (tsv)",
]  # + QUOTES_V3, the same in both dialects


class PostgresStore(SqlStore):
    """A store in a PostgreSQL database named by a postgresql:// URI (libpq parameters, options= included)."""

    placeholder = "%s"
    doc_placeholder = "?::jsonb"

    def __init__(self, target: str, *, migrate: bool = True, upto: int | None = None):
        try:
            import psycopg
        except ImportError as e:
            raise StoreError("PostgreSQL needs psycopg: pip install 'copydesk[postgres]'") from e
        self._psycopg = psycopg
        self.target = redacted(target)
        try:
            # autocommit: reads see committed data at once; writes group themselves in transaction().
            self.conn = psycopg.connect(target, autocommit=True)
        except psycopg.Error as e:
            reason = scrubbed(str(e).strip().splitlines()[0], target)
            raise StoreError(
                f"{self.target}: cannot connect ({reason})"
            ) from None  # the driver's error may echo the URI
        if migrate:
            self._migrate(upto)

    def _execute(self, sql: str, params: tuple = ()) -> Any:
        return self.conn.execute(sql, tuple(map(_no_nul, params)) or None, prepare=False)

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(sql, [tuple(map(_no_nul, row)) for row in rows])

    def _doc_value(self, doc: str) -> str:
        # jsonb refuses the escape \u0000 (text columns refuse the NUL itself): keep a visible replacement.
        return _JSON_NUL.sub(r"\1\\ufffd", doc) if "\\u0000" in doc else doc

    def _has_table(self, name: str) -> bool:
        return self._execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything in it is stored, or nothing is."""
        with self.conn.transaction():
            yield

    def _lock_schema(self) -> None:
        self._execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")

    def migrations(self):
        """Version 1: articles (tsvector + GIN), blocks, removed lines. Version 2: entities joined across
        articles, mentions and quotes (filled from the stored Article JSON for articles already there).
        Version 3: the tsvector of words only, as SQLite's index reads them; no empty speaker keys.
        Version 4: each article's site and byline, to filter and show."""
        return [
            (1, ARTICLES_V1 + BLOCK_TABLES, None),
            (2, ENTITY_TABLES, self._backfill_entities),
            (3, ARTICLES_V3 + QUOTES_V3, None),
            (4, ARTICLES_V4, self._backfill_sites),
        ]

    def _tsquery(self, terms: Terms) -> tuple[str, list[str]]:
        """The tsquery SQL for `terms` (`?` placeholders) and its parameters, read as words as the index reads them."""
        alternatives, excluded = Terms(
            [[p.translate(_AS_SPACES) for p in alt] for alt in terms.alternatives],
            [p.translate(_AS_SPACES) for p in terms.excluded],
        ).websearch()
        tsq = " || ".join(f"websearch_to_tsquery('{TS_CONFIG}', ?)" for _ in alternatives)
        if excluded:
            tsq = f"({tsq}) && !!(" + " || ".join(f"websearch_to_tsquery('{TS_CONFIG}', ?)" for _ in excluded) + ")"
        return tsq, [*alternatives, *excluded]

    def _match_sql(self, terms: Terms) -> tuple[str, list]:
        """An article whose headline, standfirst or body matches `terms`, by the tsvector index."""
        tsq, params = self._tsquery(terms)
        return f"a.tsv @@ ({tsq})", params

    def _place_sql(self, phrase: str, place: str) -> tuple[str, list]:
        """An article whose `place` holds `phrase`: the tsvector's lexemes of that place's weight match it."""
        (text,), _ = Terms([[phrase.translate(_AS_SPACES)]], []).websearch()
        return f"ts_filter(a.tsv, '{{{PLACE_WEIGHTS[place]}}}') @@ websearch_to_tsquery('{TS_CONFIG}', ?)", [text]

    def _in_text_order(self, expr: str) -> str:
        return f'{expr} COLLATE "C"'

    def _search_rows(self, sql: str, params: tuple) -> list[tuple]:
        try:
            return self._rows(sql, params)
        except self._psycopg.Error as e:  # parse_query leaves nothing to misread; this is a safety net
            raise QueryError(f"search failed: {str(e).strip().splitlines()[0]}") from e

    def _snippets(self, ids: list[str], terms: Terms) -> dict[str, str]:
        """ts_headline's fragments of each article's standfirst and body."""
        if not ids:
            return {}
        tsq, params = self._tsquery(terms)
        options = f'StartSel={HIT}, StopSel={HIT}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
        shown = _unmarked_sql(f"concat_ws(' ', a.dek, left(a.body, {INDEXED_CHARS}))")
        marks = ", ".join("?" * len(ids))
        sql = (
            f"SELECT a.id, ts_headline('{TS_CONFIG}', {shown}, q.q, '{options}') "
            f"FROM articles a, (SELECT {tsq} AS q) q WHERE a.id IN ({marks})"
        )
        return {id_: " ".join((s or "").split()) for id_, s in self._search_rows(sql, (*params, *ids))}

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


_JSON_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def _no_nul(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL: a captured NUL (rare, but documents are hostile) becomes U+FFFD."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value
