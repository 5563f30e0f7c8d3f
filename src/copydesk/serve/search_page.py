"""The reader's search page: a query and filters (date range, language, source, entity, speaker) that live in the
URL, results a page at a time with what a researcher weighs them by, and facets that narrow them further.

With a query it ranks (relevance on the store's one scale, shown as a percentage); with filters alone it lists the
articles they let through, newest first. Every link the page makes keeps the other filters as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..store import Facets, Filters, QueryError
from ..store.rows import ArticleRow, FacetRow, SearchHit
from . import download
from .app import store
from .reader import snippet_parts

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
FACET_VALUES = 8
# The URL's parameters, in the order the page writes them; each but q and page is one of the store's Filters.
PARAMS = ("q", "from", "to", "language", "source", "entity", "speaker")
FILTER_OF = {
    "from": "date_from",
    "to": "date_to",
    "language": "language",
    "source": "source",
    "entity": "entity",
    "speaker": "speaker",
}
VERDICT_WARNINGS = {
    "unrelated": "Headline check: unrelated — this headline seems to belong to another story",
    "missing": "Headline check: missing — no headline was found in the capture",
}


@dataclass(slots=True)
class Result:
    """One result as the page shows it."""

    id: str
    title: str | None
    published: str | None
    source: str | None
    byline: str | None
    language: str | None
    warning: str | None
    snippet: list[tuple[str, bool]]
    relevance: int | None  # percent; None when listing without a query


@dataclass(slots=True)
class FacetLink:
    """One value of a facet: its label, how many articles have it, the link that applies (or removes) it."""

    label: str
    articles: int
    href: str
    current: bool


def search_url(params: dict[str, str], **changes: str | int | None) -> str:
    """The search page's URL for `params` with `changes` made (None removes one); back to page 1 unless a page is
    given."""
    merged = {k: v for k, v in params.items() if k != "page"}
    merged.update({k: str(v) for k, v in changes.items() if v is not None})
    for k, v in changes.items():
        if v is None:
            merged.pop(k, None)
    if merged.get("page") == "1":
        del merged["page"]  # the first page is the page without one
    ordered = [(k, merged[k]) for k in (*PARAMS, "page") if merged.get(k)]
    return "/search" + ("?" + urlencode(ordered) if ordered else "")


def shown_source(site: str | None, source: str | None) -> str | None:
    """Where a result comes from, short: its site, else the file name or URL it was read from."""
    if site:
        return site
    if source and "://" not in source:
        return PurePosixPath(source).name or source
    return source


def from_hit(hit: SearchHit) -> Result:
    """A ranked hit as a result, its relevance as a whole percentage."""
    return Result(
        hit.id,
        hit.title,
        hit.published,
        shown_source(hit.site, hit.source),
        hit.byline,
        hit.language,
        VERDICT_WARNINGS.get(hit.title_verdict or ""),
        snippet_parts(hit.snippet),
        round(hit.score * 100),
    )


def from_row(row: ArticleRow) -> Result:
    """A listed article as a result (no snippet, no relevance)."""
    return Result(
        row.id,
        row.title,
        row.published,
        shown_source(row.site, row.source),
        row.byline,
        row.language,
        VERDICT_WARNINGS.get(row.title_verdict or ""),
        [],
        None,
    )


def facet_links(params: dict[str, str], name: str, rows: list[FacetRow]) -> list[FacetLink]:
    """Links that set facet `name` to each value (a year sets from and to), or clear it when it is set already."""
    links = []
    change: dict[str, str | None]
    for row in rows:
        if name == "year":
            current = params.get("from") == row.value and params.get("to") == row.value
            change = {"from": None, "to": None} if current else {"from": row.value, "to": row.value}
        else:
            current = params.get(name) == row.value
            change = {name: None if current else row.value}
        links.append(FacetLink(row.label, row.articles, search_url(params, **change), current))
    return links


def _filters(params: dict[str, str]) -> Filters:
    """The store's filters the URL's parameters set (a malformed date is a QueryError)."""
    return Filters(**{field: params[name] for name, field in FILTER_OF.items() if params.get(name)})


def _found(s, params: dict[str, str], filters: Filters, limit: int, offset: int) -> list[SearchHit | ArticleRow]:
    """The store's rows for the page (or the file): ranked hits with a query, the filtered articles without one."""
    if params.get("q"):
        return list(s.search(params["q"], limit=limit, offset=offset, filters=filters))
    if filters.active():
        return list(s.articles(limit=limit, offset=offset, filters=filters))
    return []


def _facet_groups(params: dict[str, str], facets: Facets) -> list[tuple[str, list[FacetLink]]]:
    groups = [
        ("Year", facet_links(params, "year", facets.years)),
        ("Language", facet_links(params, "language", facets.languages)),
        ("Source", facet_links(params, "source", facets.sites)),
        ("Entity", facet_links(params, "entity", facets.entities)),
        ("Speaker", facet_links(params, "speaker", facets.speakers)),
    ]
    return [(title, links) for title, links in groups if links]


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: str = "",
    date_from: str = Query("", alias="from"),
    to: str = "",
    language: str = "",
    source: str = "",
    entity: str = "",
    speaker: str = "",
    page: int = Query(1, ge=1, le=10**6),
    s=Depends(store),
):
    """Search and filter: ranked results with snippets for a query, the filtered articles without one, a page
    at a time, with facets of what the results hold; `format=csv` or `json` downloads every result instead."""
    given = {"q": q, "from": date_from, "to": to, "language": language, "source": source, "entity": entity}
    params = {k: v.strip() for k, v in {**given, "speaker": speaker}.items() if v and v.strip()}
    offset = (page - 1) * PAGE_SIZE
    results: list[Result] = []
    total, problem, groups = 0, None, []
    try:
        filters = _filters(params)
        found = _found(s, params, filters, **download.window(request, page, PAGE_SIZE))
        if (file := download.of(request, found, "search")) is not None:
            return file
        results = [from_hit(r) if isinstance(r, SearchHit) else from_row(r) for r in found]
        narrowed = replace(filters, query=params.get("q"))
        total = s.count(narrowed) if params else 0
        groups = _facet_groups(params, s.facets(narrowed, limit=FACET_VALUES))
    except QueryError as e:
        problem = str(e.args[0])
    named = {e.key: e.name for e in s.entities(key=params["entity"], limit=1)} if params.get("entity") else {}
    active = [
        (name, named.get(value, value) if name == "entity" else value, search_url(params, **{name: None}))
        for name, value in params.items()
        if name != "q"
    ]
    context = {
        "q": params.get("q", ""),
        "params": params,
        "problem": problem,
        "results": results[:PAGE_SIZE],
        "total": total,
        "first": offset + 1,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "prev_url": search_url(params, page=page - 1) if page > 1 else None,
        "next_url": search_url(params, page=page + 1) if len(results) > PAGE_SIZE else None,
        "groups": groups,
        "active": active,
        "searched": bool(params),
    }
    return request.app.state.templates.TemplateResponse(
        request, "search.html", context, status_code=400 if problem else 200
    )
