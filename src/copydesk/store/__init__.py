"""Keep, search and read Articles: SQLite in a file by default, PostgreSQL when the corpus grows.

    >>> from copydesk.store import open_store
    >>> with open_store("copydesk.db") as store:          # or "postgresql://user@host/db"
    ...     store.upsert([article])
    ...     store.search("Lavrov summit")
    ...     store.quotes(speaker="James Brown")

Both backends implement `Store`, keep the same tables (articles with their whole
JSON, blocks, removed lines, entities joined across articles by name keys,
mentions, quotes) and migrate their schema by version number on open.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Protocol
from urllib.parse import unquote

from ..model import Article
from .filters import Filters
from .rows import (
    ArticleRow,
    EntityRow,
    FacetRow,
    Facets,
    NotFound,
    PeriodRow,
    QueryError,
    QuoteRow,
    ReadOnly,
    SearchHit,
    SpeakerRow,
    StoreError,
)

DEFAULT_DB = "copydesk.db"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


class Store(Protocol):
    """What every backend answers; CLI commands call exactly these."""

    def upsert(self, articles: Iterable[Article]) -> Counter:
        """Insert new, replace changed, skip identical articles, in one transaction."""

    def get(self, id: str) -> Article | None:
        """The stored Article, whole."""

    def search(self, text: str, limit: int = 10, *, offset: int = 0, filters: Filters | None = None) -> list[SearchHit]:
        """Ranked full-text search with snippets, among the articles `filters` lets through."""

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
        """Quotes by a speaker, however stories spelled the name, or by one joined entity."""

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
        """Entities joined across articles."""

    def articles(
        self, *, entity: str | None = None, limit: int = 50, offset: int = 0, filters: Filters | None = None
    ) -> list[ArticleRow]:
        """A listing of stored articles, optionally only those naming one entity or passing `filters`."""

    def count(self, filters: Filters | None = None) -> int:
        """How many articles the store holds (that `filters` lets through)."""

    def facets(self, filters: Filters | None = None, *, limit: int = 10) -> Facets:
        """Years, languages, sites, entities and speakers of the articles `filters` lets through, with counts."""

    def cooccurring(self, key: str, *, limit: int = 20) -> list[EntityRow]:
        """Entities that share articles with one entity."""

    def entity_links(self, article_id: str) -> dict[str, str]:
        """An article's entity ids mapped to the store's joined entity keys."""

    def timeline(self) -> list[PeriodRow]:
        """Articles and mentions per month."""

    def speakers(self, *, limit: int = 10) -> list[SpeakerRow]:
        """The most quoted speakers."""

    def close(self) -> None:
        """Release the connection."""


def is_postgres(target: str) -> bool:
    """Whether `target` names a PostgreSQL database (a postgresql:// URI) rather than a SQLite file."""
    return target.startswith(POSTGRES_PREFIXES)


_URI_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def check_target(target: str) -> None:
    """Raise StoreError for a URI of a kind of store copydesk does not keep (mysql://, sqlite://, ...), naming the
    ones it does: a SQLite file is given as its path, PostgreSQL as a postgresql:// URI."""
    scheme = _URI_SCHEME.match(target)
    if scheme and not is_postgres(target):
        raise StoreError(
            f"unsupported store {redacted(target)}: {scheme.group(1)}:// is not a store copydesk keeps; give a "
            f"SQLite file's path (e.g. copydesk.db) or a PostgreSQL URI ({' or '.join(POSTGRES_PREFIXES)})"
        )


SECRET_PARAMETERS = ("password", "sslpassword")  # libpq parameters whose value is a secret
_SECRET_KEYWORD = re.compile(r"\b((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.I)


def redacted(target: str) -> str:
    """The store `target` fit to show (a status line, an error, a log): a URI's password, in its user part or as a
    `password=` parameter, becomes `***`; a SQLite path is shown as it is.

        >>> redacted("postgresql://desk:s3cret@db.example/news?sslpassword=x&sslmode=require")
        'postgresql://desk:***@db.example/news?sslpassword=***&sslmode=require'
    """
    return _redact(target)[0]


def scrubbed(message: str, target: str) -> str:
    """`message` (a driver's error, say) with every secret that `target` holds replaced by `***`."""
    for secret in sorted(_redact(target)[1], key=len, reverse=True):
        message = message.replace(secret, "***")
    return message


def _redact(target: str) -> tuple[str, set[str]]:
    """`target` with its secrets masked, and the secrets (as written and percent-decoded)."""
    secrets: set[str] = set()

    def mask(prefix: str, secret: str) -> str:
        secrets.update(s for s in (secret, unquote(secret), secret.strip("'")) if s)
        return prefix + "***"

    scheme, sep, rest = target.partition("://")
    if not sep:  # keyword=value parameters
        return _SECRET_KEYWORD.sub(lambda m: mask(m.group(1), m.group(2)), target), secrets
    where, qmark, query = rest.partition("?")
    if "@" in where:  # user:password@host: everything before the last @ is the user part, whatever it holds
        user, _, host = where.rpartition("@")
        name, colon, password = user.partition(":")
        where = (mask(name + colon, password) if colon else user) + "@" + host
    params = []
    for param in query.split("&"):
        key, eq, value = param.partition("=")
        params.append(mask(key + eq, value) if unquote(key).strip().lower() in SECRET_PARAMETERS else param)
    return scheme + sep + where + qmark + "&".join(params), secrets


def open_store(target: str = DEFAULT_DB, *, migrate: bool = True):
    """Open (creating and migrating as needed) the store at `target`: a SQLite file path or a postgresql:// URI.
    Any other URI is refused (`check_target`)."""
    check_target(target)
    if is_postgres(target):
        from .postgres import PostgresStore  # imported here: psycopg is an optional extra

        return PostgresStore(target, migrate=migrate)
    from .sqlite import SQLiteStore

    return SQLiteStore(target, migrate=migrate)


__all__ = [
    "DEFAULT_DB",
    "ArticleRow",
    "EntityRow",
    "FacetRow",
    "Facets",
    "Filters",
    "NotFound",
    "PeriodRow",
    "QueryError",
    "QuoteRow",
    "ReadOnly",
    "SearchHit",
    "SpeakerRow",
    "Store",
    "StoreError",
    "check_target",
    "is_postgres",
    "open_store",
    "redacted",
    "scrubbed",
]
