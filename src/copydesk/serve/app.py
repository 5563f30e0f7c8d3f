"""The application: settings, the store per request, size limits, who may write, security headers, errors as 4xx
with codes."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import MESSAGE_CHARS, CopydeskError, DocumentTooLarge
from ..store import open_store
from . import PARSE_TIMEOUT, PARSE_WORKERS, SERVE_MAX_BYTES
from .access import WriteGuard, new_token
from .reader import type_name, with_query
from .schema import article_schemas
from .workers import ParsePool, forbid_outbound_connections  # noqa: F401  (the CLI imports it from here)

HERE = Path(__file__).resolve().parent
LOG = logging.getLogger("copydesk.serve")
INTERNAL = CopydeskError.code  # E900: the server's own failure, whatever it was

# No script of any kind, no plugin, nothing loaded from elsewhere: a capture that slipped past escaping still runs
# nothing.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

# HTTP status for each error code a request can cause; anything else a client caused is 400.
STATUS = {
    "E101": 400,
    "E102": 413,
    "E103": 415,
    "E104": 400,
    "E106": 400,
    "E107": 415,
    "E108": 422,
    "E410": 503,
    "E411": 400,
    "E412": 404,
    "E413": 403,
    "E414": 404,
    "E415": 401,
    "E416": 403,
    "E417": 503,
}


@dataclass
class Settings:
    """What one server serves: the store, the body limit, whether POST may write (and the token it takes then),
    and the parse workers when `POST /api/parse` is on (None when it is off)."""

    db: str
    max_bytes: int = SERVE_MAX_BYTES
    writable: bool = False
    token: str | None = None
    parser: ParsePool | None = None


def create_app(
    db: str,
    *,
    max_bytes: int = SERVE_MAX_BYTES,
    writable: bool = False,
    parse_api: bool = False,
    parse_workers: int = PARSE_WORKERS,
    parse_timeout: float = PARSE_TIMEOUT,
    token: str | None = None,
) -> FastAPI:
    """The ASGI app over the store `db` (a SQLite file or a postgresql:// URI), opened once now to check it.

    `parse_api` turns `POST /api/parse` on, parsed by `parse_workers` processes (started now) with `parse_timeout`
    seconds a request; `writable` turns it on too and lets it store, for requests that carry `token` (one is made
    when none is given: read it from `app.state.settings.token`).
    """
    open_store(db).close()  # migrates an older store, and fails here, not on the first request
    if writable and not token:
        token = new_token()
    # The workers live as long as the app (or the process: they are daemons); not its lifespan, which a test
    # client may run more than once.
    parser = ParsePool(parse_workers, parse_timeout) if parse_api or writable else None
    app = FastAPI(
        title="copydesk",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="Structured, attributed news articles: parse captures, read, search, follow who said what.",
    )
    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]
    app.state.settings = Settings(db, max_bytes, writable, token if writable else None, parser)
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from .api import parse_off_router, parse_router
    from .api import router as api_router
    from .docs import router as docs_router
    from .pages import router as pages_router
    from .search_page import router as search_router

    app.include_router(parse_router if parser is not None else parse_off_router)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.include_router(search_router)
    app.include_router(docs_router)
    # (Starlette types a handler as taking any Exception; each of these takes the class it is registered for.)
    app.add_exception_handler(CopydeskError, _copydesk_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_middleware(ServerErrors)
    app.add_middleware(BodyLimit, max_bytes=max_bytes)
    app.add_middleware(WriteGuard, token=app.state.settings.token)
    app.add_middleware(SecurityHeaders)
    return app


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document FastAPI makes from the routes, with the Article contract's schemas (generated from the
    model) among its components, where the Article responses point."""
    if app.openapi_schema is None:
        document = FastAPI.openapi(app)
        document.setdefault("components", {}).setdefault("schemas", {}).update(article_schemas())
    return app.openapi_schema or {}


def templates() -> Jinja2Templates:
    """The page templates, autoescaped (Jinja2Templates escapes .html templates; said here so it never changes)."""
    t = Jinja2Templates(directory=HERE / "templates")
    t.env.autoescape = True
    # Ids and entity keys are captured text: in a link they are one path segment, "/" and "?" included.
    t.env.filters["segment"] = lambda value: quote(str(value), safe="")
    t.env.filters["type_name"] = type_name
    t.env.globals["with_query"] = with_query
    return t


def store(request: Request) -> Iterator:
    """A store connection for one request (a dependency): SQLite and psycopg connections are not shared by threads."""
    s = open_store(request.app.state.settings.db, migrate=False)
    try:
        yield s
    finally:
        s.close()


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.url.path != "/openapi.json"


def error_body(code: str | None, message: str) -> dict:
    """The one error shape of the API."""
    return {"error": {"code": code, "message": message}}


async def _copydesk_error(request: Request, exc: CopydeskError) -> JSONResponse | HTMLResponse:
    status = STATUS.get(exc.code, 500 if exc.code.startswith("E9") else 400)
    return _error(request, status, exc.code, str(exc.args[0]))


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse | HTMLResponse:
    # Its headers too: a 405 says in `Allow` which methods the path takes.
    return _error(request, exc.status_code, None, str(exc.detail), exc.headers)


async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse | HTMLResponse:
    """A parameter out of range or of the wrong type: 422, in the one error shape (code None), naming it."""
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors()
    )
    return _error(request, 422, None, problems[:MESSAGE_CHARS] or "invalid request")


def _error(request: Request, status: int, code: str | None, message: str, headers: Mapping[str, str] | None = None):
    if wants_html(request):
        return request.app.state.templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "code": code, "message": message},
            status_code=status,
            headers=headers,
        )
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


class ServerErrors:
    """Answer an exception nothing else handled (a store that broke under a request, a bug) with 500 in the one
    error shape (`E900`) or the error page, inside the security headers; the traceback goes to the log, never to
    the client. A response already under way is cut off instead (its status is sent)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            LOG.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = _error(Request(scope), 500, INTERNAL, "the server failed on this request (see its log)")
            await response(scope, receive, send)


class BodyLimit:
    """Refuse a body over `max_bytes` with 413: at once when Content-Length says so, else as soon as the
    streamed body passes the limit, so an over-size request is never read whole."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            status, message = (
                (413, f"request body over the {self.max_bytes:,}-byte limit")
                if declared.isdigit()
                else (400, "Content-Length is not a number")
            )
            code = DocumentTooLarge.code if status == 413 else None
            response = JSONResponse(error_body(code, message), status_code=status, headers={"connection": "close"})
            return await response(scope, receive, send)
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise DocumentTooLarge(f"request body over the {self.max_bytes:,}-byte limit", stage="serve")
            return message

        await self.app(scope, limited, send)


class SecurityHeaders:
    """Add the Content-Security-Policy and friends to every response, pages and API alike."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)
