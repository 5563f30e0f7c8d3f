"""The web reader: server-rendered pages (no script) for the corpus, an article, search, and an entity.

Ids and entity keys are path parameters that may hold "/": the templates quote them whole (the `segment` filter)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from ..model import BODY_KINDS
from ..store import NotFound
from . import charts, download
from .api import overview_of
from .app import store
from .reader import ENTITY_TYPES, block_runs, by_speaker, removed_summary, safe_href, type_name

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def _page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, s=Depends(store)):
    """The corpus at a glance: articles and, on their own chart, mentions by month (undated counted apart),
    most-quoted speakers, most-named entities."""
    seen = overview_of(s)
    timeline = charts.timeline([(p.period, p.articles, p.mentions) for p in seen.timeline])
    speakers = charts.rows([(sp.name, sp.quotes) for sp in seen.speakers])
    return _page(
        request, "overview.html", overview=seen, timeline=timeline, speakers=speakers, latest=s.articles(limit=10)
    )


@router.get("/articles", response_class=HTMLResponse)
def articles(
    request: Request,
    page: int = Query(1, ge=1, le=10**6),
    entity: str = Query("", max_length=400),
    s=Depends(store),
):
    """Every stored article (or those naming one `entity`, by its key), newest first, a page at a time; the
    whole list as CSV or JSON with `format=`."""
    rows = s.articles(entity=entity or None, **download.window(request, page, PAGE_SIZE))
    if (file := download.of(request, rows, "articles")) is not None:
        return file
    named = s.entities(key=entity, limit=1) if entity else []
    return _page(
        request,
        "articles.html",
        rows=rows[:PAGE_SIZE],
        page=page,
        more=len(rows) > PAGE_SIZE,
        total=named[0].articles if named else 0 if entity else s.count(),
        entity=named[0] if named else None,
        entity_key=entity,
    )


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: str, s=Depends(store)):
    """One article as an editor sees it: headline check, byline, date, dek, captions with credits, body with
    named entities linked and quotes signed, and the removed lines with their reasons behind a toggle."""
    found = s.get(article_id)
    if found is None:
        raise NotFound(f"no article {article_id!r}")
    runs = {n: block_runs(found, n) for n in range(len(found.blocks))}
    credits = {m.caption: m.credit for m in found.media}
    shown_captions = {b.text for b in found.blocks if b.kind == "caption"}
    return _page(
        request,
        "article.html",
        a=found,
        runs=runs,
        links=s.entity_links(found.id),
        entities={e.id: e for e in found.entities},
        speakers=by_speaker(found),
        credits=credits,
        other_media=[m for m in found.media if m.caption not in shown_captions],
        title_block=next((n for n, b in enumerate(found.blocks) if b.kind == "title"), None),
        body=[(n, b) for n, b in enumerate(found.blocks) if b.kind in BODY_KINDS],
        deks=[(n, b) for n, b in enumerate(found.blocks) if b.kind == "dek"],
        captions=[(n, b) for n, b in enumerate(found.blocks) if b.kind == "caption"],
        removed_summary=removed_summary(found),
        source_href=safe_href(found.source.url),
    )


@router.get("/entities", response_class=HTMLResponse)
def entities(
    request: Request,
    type: str = "",
    name: str = Query("", max_length=200),
    page: int = Query(1, ge=1, le=10**6),
    s=Depends(store),
):
    """People, organisations and places across the corpus, most widespread first, a page at a time: of one
    `type`, whose name contains `name` (any spelling a story used that joins articles)."""
    found = s.entities(type.strip() or None, contains=name.strip() or None, **download.window(request, page, PAGE_SIZE))
    if (file := download.of(request, found, type_name(type, plural=True).lower() or "entities")) is not None:
        return file
    return _page(
        request,
        "entities.html",
        rows=found[:PAGE_SIZE],
        type=type.strip().upper(),
        name=name.strip(),
        page=page,
        more=len(found) > PAGE_SIZE,
        types=ENTITY_TYPES,
    )


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity(request: Request, key: str, s=Depends(store)):
    """One entity: every quote across the corpus (as CSV or JSON with `format=`), who appears with it, and the
    articles that name it (the first page of them; the rest at `/articles?entity=KEY`)."""
    found = s.entities(key=key, limit=1)
    if not found:
        raise NotFound(f"no entity {key!r}")
    quotes = s.quotes(entity=key, limit=download.MAX_ROWS)
    if (file := download.of(request, quotes, f"quotes-{found[0].name}")) is not None:
        return file
    by_article: dict[str, list] = {}
    for q in quotes:
        by_article.setdefault(q.article_id, []).append(q)
    return _page(
        request,
        "entity.html",
        e=found[0],
        quotes=quotes,
        by_article=by_article,
        cooccurring=s.cooccurring(key, limit=30),
        articles=s.articles(entity=key, limit=PAGE_SIZE + 1),
        page_size=PAGE_SIZE,
    )
