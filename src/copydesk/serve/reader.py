"""An Article as an editor reads it, as plain data for the templates: each block cut into runs of text that
know which entity they name and which quote they belong to. Pure functions; no HTML is built here, so
the templates escape every character a capture holds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from ..model import Article, Quote

# The entity types a reader sees, by their NER codes: (a heading for many, a word for one).
ENTITY_TYPES = {
    "PERSON": ("People", "person"),
    "ORG": ("Organisations", "organisation"),
    "GPE": ("Places", "place"),
    "LOC": ("Locations", "location"),
    "FAC": ("Buildings and facilities", "facility"),
}


@dataclass(slots=True)
class Piece:
    """A stretch of a block's text, naming entity `entity` (an Article-local id) or nothing."""

    text: str
    entity: str | None = None


@dataclass(slots=True)
class Run:
    """Consecutive pieces inside one quote (or outside any); `closes` when the quote ends here, to sign it."""

    pieces: list[Piece] = field(default_factory=list)
    quote: Quote | None = None
    closes: bool = False


@dataclass(slots=True)
class SpeakerQuotes:
    """One speaker's quotes in an article, in order; `entity` is the speaker's Article-local entity id."""

    name: str
    entity: str | None
    quotes: list[Quote]


def block_runs(article: Article, index: int) -> list[Run]:
    """Block `index` of `article` cut at every mention and quote boundary, grouped into runs by quote.

    Offsets come from the Article, which holds them exact; one that points past the text is clamped,
    so a malformed stored record still renders.
    """
    text = article.blocks[index].text
    clamp = lambda n: max(0, min(len(text), n))  # noqa: E731
    mentions = [(clamp(m.start), clamp(m.end), e.id) for e in article.entities for m in e.mentions if m.block == index]
    quoted = [(clamp(s.start), clamp(s.end), q) for q in article.quotes for s in q.spans if s.block == index]
    cuts = sorted({0, len(text), *(n for a, b, _ in mentions + quoted for n in (a, b))})
    runs: list[Run] = []
    for start, end in zip(cuts, cuts[1:]):
        entity = next((e for a, b, e in mentions if a <= start and end <= b), None)
        quote = next((q for a, b, q in quoted if a <= start and end <= b), None)
        if not runs or runs[-1].quote is not quote:
            runs.append(Run(quote=quote))
        runs[-1].pieces.append(Piece(text[start:end], entity))
        if quote is not None:
            last = quote.spans[-1]
            runs[-1].closes = last.block == index and clamp(last.end) == end
    return runs


def by_speaker(article: Article) -> list[SpeakerQuotes]:
    """The article's quotes grouped under their speakers, in order of each speaker's first quote."""
    groups: dict[str, SpeakerQuotes] = {}
    for q in article.quotes:
        name = q.speaker_name or "(no speaker found)"
        groups.setdefault(name, SpeakerQuotes(name, q.speaker, [])).quotes.append(q)
    return list(groups.values())


def snippet_parts(snippet: str, mark: str = "**") -> list[tuple[str, bool]]:
    """A search snippet split into (text, matched) parts at the store's match marks."""
    parts = re.split(re.escape(mark) + r"(.+?)" + re.escape(mark), snippet)
    return [(part, n % 2 == 1) for n, part in enumerate(parts) if part]


def safe_href(url: str | None) -> str | None:
    """A captured URL fit for a link: http(s) only, so a `javascript:` or `data:` source never becomes one."""
    if url and re.match(r"https?://[^\s<>\"']+$", url, re.IGNORECASE):
        return url
    return None


def removed_summary(article: Article) -> str:
    """'comments 3, duplicate 1': the reasons lines were removed, most frequent first."""
    counts: dict[str, int] = {}
    for r in article.removed:
        counts[r.reason] = counts.get(r.reason, 0) + 1
    return ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def type_name(code: str | None, plural: bool = False) -> str:
    """An entity type as a reader says it: "PERSON" -> "person" ("People" when `plural`); an unknown code as is."""
    names = ENTITY_TYPES.get((code or "").upper())
    if names is None:
        return code or ""
    return names[0] if plural else names[1]


def with_query(path: str, params: Iterable[tuple[str, str]], **changes: str | int | None) -> str:
    """`path` with the query `params` (a request's, in order) changed by `changes`: a value replaces the
    parameter, None or "" drops it. Links that page, filter or download keep every other filter in the URL."""
    kept = [(k, v) for k, v in params if k not in changes and v != ""]
    kept += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
    return path + ("?" + urlencode(kept) if kept else "")
