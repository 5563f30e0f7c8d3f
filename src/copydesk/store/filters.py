"""Which articles a listing, a search, quotes or entities look at: one definition of the filters, applied in SQL
on both backends (`Filters.conditions`), so the API, the reader and the library filter alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields

from .rows import QueryError, Terms, name_key, parse_query, site_of

# A date bound is a year, a month or a day: "2024", "2024-05", "2024-05-03" (inclusive at both ends).
DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # the same, for the API's parameters


def speaker_sql(quote: str) -> str:
    """SQL that is true when the quote `quote` (a table alias) is by a speaker named as the three parameters' name
    key says, however the story spelled them: the joined entity, the name as written, or any spelling of the
    speaker in that article (one-word aliases included)."""
    return (
        f"({quote}.entity_key IN (SELECT entity_key FROM entity_keys WHERE name_key = ?) OR {quote}.speaker_key = ? "
        f"OR EXISTS (SELECT 1 FROM entity_names n WHERE n.article_id = {quote}.article_id "
        f"AND n.local_id = {quote}.speaker_local AND n.name_key = ?))"
    )


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True, slots=True)
class Filters:
    """Which articles to look at; a field left None does not filter.

    `query`: search text (words, "phrases", OR, -word) the article must match; `date_from`/`date_to`: publication
    date bounds, inclusive (a year, month or day; undated articles never pass a bound); `language`: its code;
    `source`: a site (a host such as "dw.com", its subdomains included); `entity`: a joined entity's key the article
    names; `speaker`: someone the article quotes, named any way a story spelled them.
    """

    query: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    language: str | None = None
    source: str | None = None
    entity: str | None = None
    speaker: str | None = None

    def __post_init__(self) -> None:
        for bound in (self.date_from, self.date_to):
            if bound is not None and not DATE.fullmatch(bound):
                raise QueryError(f"date {bound!r} is not a year, month or day (2024, 2024-05, 2024-05-03)")

    def active(self) -> bool:
        """Whether any filter is set."""
        return any(getattr(self, f.name) not in (None, "") for f in fields(self))

    def given(self) -> dict[str, str]:
        """The filters that are set, by name."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) not in (None, "")}

    def conditions(self, match: Callable[[Terms], tuple[str, list]]) -> tuple[list[str], list]:
        """SQL conditions on the articles table (alias `a`), `?` placeholders, and their parameters. `match` is the
        backend's full-text condition for the query's terms."""
        where: list[str] = []
        params: list = []
        if self.query:
            sql, values = match(parse_query(self.query))
            where.append(sql)
            params += values
        for bound, op in ((self.date_from, ">="), (self.date_to, "<=")):
            if bound:
                where.append(f"substr(a.published, 1, {len(bound)}) {op} ?")
                params.append(bound)
        if self.language:
            where.append("lower(a.language) = ?")
            params.append(self.language.strip().lower())
        if self.source:
            site = site_of("//" + self.source.strip()) if "//" not in self.source else site_of(self.source)
            where.append("(a.site = ? OR a.site LIKE ? ESCAPE '\\')")
            params += [site or "", "%." + _like_escaped(site or "")]
        if self.entity:
            where.append("a.id IN (SELECT article_id FROM article_entities WHERE entity_key = ?)")
            params.append(self.entity)
        if self.speaker:
            key = name_key(self.speaker)
            where.append(f"a.id IN (SELECT sq.article_id FROM quotes sq WHERE {speaker_sql('sq')})" if key else "1 = 0")
            params += [key] * 3 if key else []
        return where, params
