"""The JSON API under /api: parse a posted capture, list, get and search articles, entities and their quotes.

Each route is one store call (or one parse, on the server's parse workers), the same calls the CLI makes.
Ids and entity keys are path parameters that may hold "/" (an id is whatever a record or a path made it).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from ..errors import BadRecord, ParseApiOff, UnsupportedFormat
from ..model import Capture, ErrorInfo
from ..sources import jsonl_captures
from ..sources.decode import CONTROL_BYTES
from ..store import (
    ArticleRow,
    EntityRow,
    Facets,
    Filters,
    NotFound,
    PeriodRow,
    QuoteRow,
    ReadOnly,
    SearchHit,
    SpeakerRow,
    open_store,
)
from ..store.filters import DATE_PATTERN
from ..store.rows import MAX_QUERY_CHARS, MAX_QUERY_TERMS
from .app import STATUS, store

MAX_LIMIT = 500
# Input errors that leave no article to return, and a document over the time limit: the request is refused with
# the code instead (so is an error of the server's own stage, a parse worker that died on the document).
REFUSED = ("E101", "E102", "E103", "E104", "E106", "E107", "E108")
# Deeper JSON is no capture a crawler writes, and reading it recursively could exhaust the stack.
MAX_JSON_DEPTH = 64
KIND_BY_MEDIA_TYPE = {
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/octet-stream": "auto",
}


class ErrorDetail(BaseModel):
    code: str | None
    message: str


class ErrorBody(BaseModel):
    """Every refusal: the project's error code (E1xx input, E4xx store and server; null for a malformed parameter
    or a method the path does not take) and a one-line message."""

    error: ErrorDetail


class EntityPage(BaseModel):
    """One entity joined across articles, and who appears with it (`articles`: articles shared with it)."""

    entity: EntityRow
    cooccurring: list[EntityRow]


class Overview(BaseModel):
    """The corpus at a glance: size, articles and mentions per month, most-quoted speakers, most-named entities."""

    articles: int
    timeline: list[PeriodRow]
    speakers: list[SpeakerRow]
    entities: list[EntityRow]


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody} for status in statuses}


# A parameter out of its range or of the wrong type is refused in the one error shape too, and so is the server's
# own failure (see app.py).
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "a parameter out of range or of the wrong type"},
    500: {"model": ErrorBody, "description": "E900 the server failed on the request (its log says why)"},
}
router = APIRouter(prefix="/api", tags=["api"], responses=INVALID)
parse_router = APIRouter(prefix="/api", tags=["api"])  # included when POST /api/parse is on
parse_off_router = APIRouter(prefix="/api", include_in_schema=False)  # ...and this one when it is off

ARTICLE_SCHEMA = {"$ref": "#/components/schemas/Article"}  # generated from the model: see schema.py
ARTICLE_RESPONSE = {"description": "The Article", "content": {"application/json": {"schema": ARTICLE_SCHEMA}}}
# Text, as the server reads it: something besides whitespace, and none of the control characters that mark
# binary data (E103). A capture that matches can still hold no text once read (a page of markup only): E104.
_CONTROL = "".join(f"\\x{b:02x}" for b in CONTROL_BYTES)  # the bytes the reader counts as binary, for a class
NO_BINARY = rf"[^{_CONTROL}]*"
# (the one character besides whitespace is no control character either: "\x1d" is not whitespace to every reader)
TEXT = {"type": "string", "minLength": 1, "pattern": rf"^{NO_BINARY}[^\s{_CONTROL}]{NO_BINARY}$"}
# In a JSON body the text is a string already: only whitespace is refused (E104), control characters are not.
JSON_TEXT = {"type": "string", "pattern": r"\S"}
OPTIONAL = {"type": ["string", "null"]}
CAPTURE_FIELDS = {
    "text": {**JSON_TEXT, "description": "a text capture (one block per line)"},
    "html": {**JSON_TEXT, "description": "an HTML page (used when there is no text)"},
    "id": OPTIONAL,
    "url": {**OPTIONAL, "description": "recorded, never fetched"},
    "title": {**OPTIONAL, "description": "a headline known from elsewhere"},
}
PARSE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/plain": {"schema": TEXT},
            "text/html": {"schema": TEXT},
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": CAPTURE_FIELDS,
                    "anyOf": [{"required": ["text"]}, {"required": ["html"]}],
                }
            },
        },
    }
}
PARSE_ERRORS = {
    400: "E104 no text in the capture, E106 a JSON body that is no capture (not an object, no `text` or `html`, "
    "a field of the wrong type, nested deeper than 64, a lone surrogate such as `\\ud800`)",
    401: "E415 a --writable server's token is missing or wrong",
    403: "E413 `store=true` on a read-only server; E416 a request sent by another site's page",
    413: "E102 a body over the server's --max-bytes",
    415: "E103 binary data; E107 a media type other than text/plain, text/html or application/json",
    422: "E108 not parsed within the server's --parse-timeout (its worker was stopped); also a malformed parameter",
    500: "E901 the parse worker died on the document",
    503: "E417 every parse worker stayed busy for the whole --parse-timeout: try again",
}


@parse_router.post(
    "/parse",
    openapi_extra=PARSE_BODY,
    responses={
        200: ARTICLE_RESPONSE,
        201: ARTICLE_RESPONSE,
        **{status: {"model": ErrorBody, "description": text} for status, text in PARSE_ERRORS.items()},
    },
)
async def parse_capture(request: Request, nlp: bool = True, keep: bool = Query(False, alias="store")) -> JSONResponse:
    """Parse the posted capture into an Article: a text/plain capture, a text/html page, or JSON with `text` or
    `html` (and optional `id`, `url`, `title`). `nlp=false` skips entities and quotes. `store=true` also keeps
    it in the store (a server started with --writable only, with its token): 201 when the article is new, 200
    when it replaced a changed one or was already stored unchanged (`X-Copydesk-Stored` says which), so posting the
    same capture again changes nothing. A URL is recorded, never fetched. Each request is parsed in a worker
    process within the server's time limit."""
    settings = request.app.state.settings
    if keep and not settings.writable:
        raise ReadOnly("this server does not store articles: start it with --writable")
    capture = capture_from(await request.body(), request.headers.get("content-type"), settings.max_bytes)
    article = await run_in_threadpool(settings.parser.parse, capture, nlp)
    refused = next((e for e in article.errors if e.code in REFUSED or e.stage == "serve"), None)
    if refused is not None:
        return _refusal(refused)
    if not keep:
        return JSONResponse(article.to_dict())

    def keep_it() -> str:
        with open_store(settings.db, migrate=False) as s:
            return next(iter(s.upsert([article])))  # "inserted", "updated" or "unchanged"

    outcome = await run_in_threadpool(keep_it)
    headers = {"location": "/api/articles/" + quote(article.id, safe=""), "x-copydesk-stored": outcome}
    return JSONResponse(article.to_dict(), status_code=201 if outcome == "inserted" else 200, headers=headers)


@parse_off_router.api_route("/parse", methods=["POST"])
def parse_off() -> None:
    """What a server started without --parse-api answers: 404, saying how to turn it on."""
    raise ParseApiOff("POST /api/parse is off on this server: start it with --parse-api (or --writable)")


def capture_from(body: bytes, content_type: str | None, max_bytes: int) -> Capture:
    """The Capture a request body holds, read by its media type (a JSON body by the JSON Lines record rules)."""
    media_type, _, params = (content_type or "text/plain").partition(";")
    media_type = media_type.strip().lower()
    charset = next(
        (
            v.strip().strip('"')
            for k, _, v in (p.partition("=") for p in params.split(";"))
            if k.strip().lower() == "charset"
        ),
        None,
    )
    if media_type == "application/json":
        try:
            record = json.loads(body)
        except (ValueError, RecursionError) as e:  # RecursionError: arrays or objects nested too deep to read
            raise BadRecord(f"request body is not valid JSON ({e})", stage="serve") from e
        if not isinstance(record, dict):
            raise BadRecord("request body must be a JSON object with `text` or `html`", stage="serve")
        wrong = [
            k
            for k, v in record.items()
            if k in CAPTURE_FIELDS and not isinstance(v, str) and (v is not None or k in ("text", "html"))
        ]
        if wrong:
            raise BadRecord(f"`{wrong[0]}` must be a string", stage="serve")
        if _depth(record) > MAX_JSON_DEPTH:
            raise BadRecord(f"request body nests deeper than {MAX_JSON_DEPTH} levels", stage="serve")
        try:
            line = json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as e:
            # JSON's "\ud800" escape makes a lone surrogate, which is no Unicode text: the client can send it right.
            raise BadRecord(
                f"request body holds a lone surrogate (\\u{ord(e.object[e.start]):04x}), which is no Unicode character",
                stage="serve",
            ) from e
        capture = next(jsonl_captures(line, "request", max_bytes))
        capture.path = None
        return capture
    kind = KIND_BY_MEDIA_TYPE.get(media_type)
    if kind is None:
        raise UnsupportedFormat(
            f"cannot read {media_type!r}: post text/plain, text/html or application/json", stage="serve"
        )
    return Capture(data=body, kind=kind, charset=charset or None)


def _depth(value: Any) -> int:
    """How deep JSON arrays and objects nest in `value`, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return deepest


def _refusal(error: ErrorInfo) -> JSONResponse:
    status = STATUS.get(error.code, 500 if error.code.startswith("E9") else 400)
    return JSONResponse({"error": {"code": error.code, "message": error.message}}, status_code=status)


QUERY_TEXT = (
    f'words, "phrases", OR, -word: at least one word to find (exclusions alone are refused with E411, as are more '
    f"than {MAX_QUERY_TERMS} terms)"
)


def article_filters(
    date_from: str | None = Query(
        None, alias="from", pattern=DATE_PATTERN, description="published on or after: 2024, 2024-05 or 2024-05-03"
    ),
    date_to: str | None = Query(
        None, alias="to", pattern=DATE_PATTERN, description="published on or before: 2024, 2024-05 or 2024-05-03"
    ),
    language: str | None = Query(None, max_length=35, description="language code, e.g. en"),
    source: str | None = Query(None, max_length=2000, description="site the article comes from (a host: dw.com)"),
    entity: str | None = Query(None, max_length=2000, description="only articles naming this entity (its key)"),
    speaker: str | None = Query(
        None, max_length=2000, description="only articles quoting this speaker (for quotes: only their quotes)"
    ),
) -> Filters:
    """The filters every listing takes, the same everywhere (a dependency; `q` is taken by each route)."""
    return Filters(None, date_from, date_to, language, source, entity, speaker)


def _with_query(filters: Filters, q: str | None) -> Filters:
    return replace(filters, query=q) if q else filters


OPTIONAL_QUERY = Query(
    None, min_length=1, max_length=MAX_QUERY_CHARS, pattern=r"\w", description="only articles matching: " + QUERY_TEXT
)
OFFSET = Query(0, ge=0, le=2**31, description="skip this many (paging: offset = page × limit)")


@router.get("/articles", response_model=list[ArticleRow], responses=_errors(400))
def list_articles(
    q: str | None = OPTIONAL_QUERY,
    filters: Filters = Depends(article_filters),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = OFFSET,
    s=Depends(store),
):
    """Stored articles, newest publication first (undated last), filtered."""
    return s.articles(limit=limit, offset=offset, filters=_with_query(filters, q))


@router.get("/articles/{article_id:path}", responses={200: ARTICLE_RESPONSE, **_errors(404)})
def get_article(
    article_id: str = Path(
        description="the article's id, as a listing or a search gives it (it may hold `/`)",
        examples=["e4e344dc2e16c507"],  # the bundled sample's seed article (README)
    ),
    s=Depends(store),
) -> JSONResponse:
    """One stored Article, whole."""
    article = s.get(article_id)
    if article is None:
        raise NotFound(f"no article {article_id!r}")
    return JSONResponse(article.to_dict())


@router.get("/search", response_model=list[SearchHit], responses=_errors(400))
def search(
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_CHARS, pattern=r"\w", description=QUERY_TEXT),
    filters: Filters = Depends(article_filters),
    limit: int = Query(10, ge=1, le=MAX_LIMIT),
    offset: int = OFFSET,
    s=Depends(store),
):
    """Full-text search over headlines, standfirsts and bodies, best first, among the filtered articles; matches
    in snippets between **."""
    return s.search(q, limit=limit, offset=offset, filters=filters)


@router.get("/facets", response_model=Facets, responses=_errors(400))
def facets(
    q: str | None = OPTIONAL_QUERY,
    filters: Filters = Depends(article_filters),
    limit: int = Query(10, ge=1, le=MAX_LIMIT),
    s=Depends(store),
):
    """What the filtered articles hold, with how many articles have each value: years, languages, sites, the
    entities named and the speakers quoted most (each value is what the matching filter takes)."""
    return s.facets(_with_query(filters, q), limit=limit)


@router.get("/entities", response_model=list[EntityRow], responses=_errors(400))
def list_entities(
    type: str | None = Query(None, description="PERSON, ORG, GPE, LOC, ..."),
    name: str | None = Query(None, description="spelled any way a story spelled it"),
    q: str | None = OPTIONAL_QUERY,
    filters: Filters = Depends(article_filters),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = OFFSET,
    s=Depends(store),
):
    """People, organisations and places joined across articles, most widespread first; with filters, those the
    filtered articles name, counted in them."""
    return s.entities(type, name=name, limit=limit, offset=offset, filters=_with_query(filters, q))


@router.get("/entities/{key:path}/quotes", response_model=list[QuoteRow], responses=_errors(404))
def entity_quotes(
    key: str,
    kind: Literal["direct", "indirect"] | None = None,
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = OFFSET,
    s=Depends(store),
):
    """Everything one entity is quoted as saying, across the corpus, in article order."""
    # Routed before /entities/{key}: a key may hold "/", and a path that ends in /quotes asks for quotes.
    _entity(s, key)
    return s.quotes(entity=key, kind=kind, limit=limit, offset=offset)


@router.get("/entities/{key:path}", response_model=EntityPage, responses=_errors(404))
def get_entity(key: str, limit: int = Query(20, ge=1, le=MAX_LIMIT), s=Depends(store)):
    """One entity by its key (e.g. `PERSON:james brown`) and the entities that share its articles."""
    return EntityPage(entity=_entity(s, key), cooccurring=s.cooccurring(key, limit=limit))


@router.get("/quotes", response_model=list[QuoteRow], responses=_errors(400))
def list_quotes(
    kind: Literal["direct", "indirect"] | None = None,
    article: str | None = None,
    q: str | None = OPTIONAL_QUERY,
    filters: Filters = Depends(article_filters),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = OFFSET,
    s=Depends(store),
):
    """Quotes with their speakers, in article order, from the filtered articles; `speaker` (canonical name, alias
    or surname, however stories spelled it) keeps only that speaker's quotes."""
    return s.quotes(kind=kind, article=article, limit=limit, offset=offset, filters=_with_query(filters, q))


@router.get("/overview", response_model=Overview)
def overview(s=Depends(store)):
    """Corpus size, articles and mentions per month, the ten most-quoted speakers and most-named entities."""
    return overview_of(s)


def overview_of(s) -> Overview:
    """What the overview page and /api/overview show."""
    return Overview(
        articles=s.count(), timeline=s.timeline(), speakers=s.speakers(limit=10), entities=s.entities(limit=10)
    )


def _entity(s, key: str) -> EntityRow:
    found = s.entities(key=key, limit=1)
    if not found:
        raise NotFound(f"no entity {key!r}")
    return found[0]
