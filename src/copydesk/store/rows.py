"""What a store keeps and answers, independent of the database: result rows, name keys, query terms, errors.

Both backends derive their rows from an Article with the functions here, so
SQLite and PostgreSQL store exactly the same facts and answer the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..errors import CopydeskError
from ..model import Article, Entity

MAX_QUERY_CHARS = 10_000
# FTS5 builds a tree one level deeper per AND-ed term and refuses more than 256 levels: stay far below it.
MAX_QUERY_TERMS = 64
HIT = "**"  # marks the matched words in snippets, for both backends: readable as text, easy to colour

# Schema version 3, the same in both dialects: a speaker written as punctuation alone keeps no name key.
QUOTES_V3 = ["UPDATE quotes SET speaker_key = NULL WHERE speaker_key = ''"]
# Schema version 4, the same in both dialects: the site an article comes from and its byline, to filter and show
# (filled from the stored Article JSON for articles already there).
ARTICLES_V4 = [
    "ALTER TABLE articles ADD COLUMN site TEXT",
    "ALTER TABLE articles ADD COLUMN byline TEXT",
    "CREATE INDEX articles_site ON articles (site)",
    "CREATE INDEX articles_published ON articles (published)",
]


class StoreError(CopydeskError):
    """A store that cannot be opened, or that was written by a newer copydesk."""

    code = "E410"
    stage = "store"


class QueryError(StoreError):
    """A query that cannot be run as given (empty, only exclusions, too long)."""

    code = "E411"


class NotFound(StoreError):
    """An article or entity the store does not hold."""

    code = "E412"


class ReadOnly(StoreError):
    """A write asked of a store opened for reading only (a server started without --writable)."""

    code = "E413"


class _Row:
    """What every result row can do: become a plain dict for JSON output."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return asdict(self)  # type: ignore[call-overload]  # every subclass is a dataclass (the base holds no fields)


@dataclass(slots=True)
class SearchHit(_Row):
    """One article found by `search`, best first: its score and a snippet with matches between `**`, and what a
    reader weighs a result by (date, source, site, byline, language, the headline check's verdict)."""

    id: str
    title: str | None
    score: float
    snippet: str
    published: str | None = None
    source: str | None = None
    site: str | None = None
    byline: str | None = None
    language: str | None = None
    title_verdict: str | None = None


@dataclass(slots=True)
class QuoteRow(_Row):
    """One stored quote with its article and its speaker, as written and as the store's joined entity."""

    article_id: str
    article_title: str | None
    quote_id: str
    kind: str
    text: str
    speaker_name: str | None
    speaker: str | None  # the joined entity's canonical name, the same across articles
    entity: str | None  # the joined entity's key, e.g. "PERSON:james brown"
    cue: str | None
    confidence: float


@dataclass(slots=True)
class EntityRow(_Row):
    """One entity joined across articles: every spelling and role seen, and how often it appears."""

    key: str
    name: str
    type: str
    articles: int
    mentions: int
    quotes: int
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ArticleRow(_Row):
    """A stored article in a listing: enough to pick one to `show`."""

    id: str
    title: str | None
    published: str | None
    language: str | None
    source: str | None
    entities: int
    quotes: int
    site: str | None = None
    byline: str | None = None
    title_verdict: str | None = None


@dataclass(slots=True)
class FacetRow(_Row):
    """One value of a facet (a year, a language, a site, an entity's key, a speaker's name), its label, and how many
    of the articles looked at have it."""

    value: str
    label: str
    articles: int


@dataclass(slots=True)
class Facets(_Row):
    """What a set of articles holds, facet by facet, most frequent first (years: newest first)."""

    years: list[FacetRow]
    languages: list[FacetRow]
    sites: list[FacetRow]
    entities: list[FacetRow]
    speakers: list[FacetRow]


@dataclass(slots=True)
class PeriodRow(_Row):
    """One month of the corpus: articles published in it and entity mentions they hold (period None: undated)."""

    period: str | None
    articles: int
    mentions: int


@dataclass(slots=True)
class SpeakerRow(_Row):
    """A speaker by how often the corpus quotes them; `entity` is the joined entity's key when there is one."""

    name: str
    entity: str | None
    quotes: int
    direct: int


def name_key(name: str) -> str:
    """A spelling-insensitive key for a name: accents, case, hyphens and dots folded ("Ri Yong-ho" == "ri yong ho")."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    words = re.findall(r"\w+", folded.replace("’s", "").replace("'s", ""))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]  # "the North" and "North" are one spelling
    return " ".join(words)


def global_keys(entity: Entity) -> list[str]:
    """The name keys that join this entity across articles: its canonical name first, then multi-word aliases.

    A one-word alias ("Brown", "Kim") joins only within its own article: across
    a corpus it names many people, so it never merges two articles' entities.
    """
    keys = [name_key(entity.name)]
    for alias in entity.aliases:
        key = name_key(alias)
        if len(key.split()) >= 2 and key not in keys:
            keys.append(key)
    return [k for k in keys if k]


def all_keys(entity: Entity) -> list[str]:
    """Every spelling of this entity in its article, one-word aliases included (for `quotes --speaker Brown`)."""
    keys = []
    for name in (entity.name, *entity.aliases):
        key = name_key(name)
        if key and key not in keys:
            keys.append(key)
    return keys


def entity_key(type_: str, key: str) -> str:
    """The stored id of a joined entity: its type and the key of the first canonical name seen."""
    return f"{type_}:{key}"


def stored_article(doc: Any) -> Article:
    """The Article a store keeps in its `doc` column: a dict from PostgreSQL's jsonb, JSON text from SQLite."""
    return Article.from_dict(doc if isinstance(doc, dict) else json.loads(doc))


def content_hash(article: Article) -> str:
    """A hash of the whole Article JSON: the same article ingested twice has the same hash, so nothing changes."""
    return hashlib.sha256(article.to_json().encode("utf-8")).hexdigest()


def article_values(article: Article) -> dict[str, Any]:
    """The articles table's columns for one Article (the whole JSON is kept in `doc`)."""
    return {
        "id": article.id,
        "content_hash": content_hash(article),
        "title": article.title,
        "dek": article.dek,
        "body": article.text or "",
        "language": article.language,
        "published": article.published,
        "source_kind": article.source.kind,
        "source_path": article.source.path,
        "source_url": article.source.url,
        "site": site_of(article.source.url),
        "byline": byline_of(article),
        "cluster": article.cluster,
        "title_verdict": article.title_check.verdict,
        "n_errors": len(article.errors),
        "doc": article.to_json(),
    }


def site_of(url: str | None) -> str | None:
    """The site an article comes from: its URL's host, lower case, without "www." (None without a URL)."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def byline_of(article: Article) -> str | None:
    """The article's credited names in one line ("Anna Berg, Omar Haddad"), None when no one is credited."""
    return ", ".join(b.name for b in article.bylines) or None


def dumps(value: Any) -> str:
    """Compact JSON for list columns (aliases, roles, spans)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(slots=True)
class Terms:
    """A web-search style query (words, "phrases", OR, -exclusions) split into terms both backends understand.

    `alternatives` are OR-ed; the phrases inside one are AND-ed (AND binds tighter,
    as in web search); `excluded` phrases rule an article out whatever matched.
    """

    alternatives: list[list[str]]
    excluded: list[str]

    def fts5(self) -> str:
        """The query in FTS5 syntax, every phrase double-quoted so no user character is an operator."""

        def quoted(phrase: str) -> str:
            return '"' + phrase.replace('"', '""') + '"'

        query = " OR ".join("(" + " AND ".join(quoted(p) for p in alt) + ")" for alt in self.alternatives)
        if self.excluded:
            query = f"({query}) NOT (" + " OR ".join(quoted(p) for p in self.excluded) + ")"
        return query

    def websearch(self) -> tuple[list[str], list[str]]:
        """Texts for websearch_to_tsquery: one per alternative (phrases quoted), one per exclusion."""

        def quoted(phrase: str) -> str:
            return f'"{phrase}"'

        return [" ".join(quoted(p) for p in alt) for alt in self.alternatives], [quoted(p) for p in self.excluded]


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(text: str) -> Terms:
    """Split a query the way web search engines (and PostgreSQL's websearch_to_tsquery) read it.

    Characters that are operators elsewhere (`*`, `NEAR(`, `^`, `:`) are just
    separators here, so any input gives terms or a QueryError, never a syntax error.
    """
    if not isinstance(text, str):
        raise QueryError("a search query must be text")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query of {len(text):,} characters is over the {MAX_QUERY_CHARS:,}-character limit")
    alternatives: list[list[str]] = [[]]
    excluded: list[str] = []
    for m in _TOKEN.finditer(text):
        negate, quoted, bare = m.group(1), m.group(2), m.group(3)
        if bare is not None:
            if bare == "OR":
                if alternatives[-1]:
                    alternatives.append([])
                continue
            negate, quoted = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
        phrase = " ".join(re.findall(r"\w+", quoted.casefold()))
        if phrase:
            (excluded if negate else alternatives[-1]).append(phrase)
    alternatives = [alt for alt in alternatives if alt]
    if not alternatives:
        raise QueryError("nothing to search for: give at least one word (exclusions alone match everything)")
    n = sum(len(alt) for alt in alternatives) + len(excluded)
    if n > MAX_QUERY_TERMS:
        raise QueryError(f"query has {n} terms; at most {MAX_QUERY_TERMS} are allowed")
    return Terms(alternatives, excluded)
