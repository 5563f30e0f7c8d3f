"""Who may send a request that changes something: same-origin requests only, and on a --writable server only
those that carry its token.

A browser lets any page POST a `text/plain` body to any address without asking
first (no CORS preflight), so a page on another site could make a reader's
browser feed the server. Every request with an unsafe method (POST, PUT, PATCH,
DELETE) is therefore refused with 403 (E416) when its `Origin` is not the
server's own or `Sec-Fetch-Site` says another site sent it; a client that is
no browser sends neither header and passes this check. On a --writable server
such a request must also carry the server's token, as `Authorization: Bearer
TOKEN` or `X-Copydesk-Token: TOKEN`, or it is refused with 401 (E415): that
stops what the Origin check cannot, a page whose name was made to point at the
server (DNS rebinding) and any program on the machine that does not know the token.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import CrossSite, ServeError, TokenRequired

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
TOKEN_HEADER = "x-copydesk-token"


def new_token() -> str:
    """A token for a --writable server that was given none: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def refusal(headers: dict[str, str], scheme: str, token: str | None) -> ServeError | None:
    """Why a state-changing request with these (lower-cased) headers is refused, or None when it may go on."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return CrossSite(f"refused a {fetch_site} request: send it from this server's own pages or without a browser")
    origin = headers.get("origin")
    if origin is not None and not _same_origin(origin, scheme, headers.get("host", "")):
        return CrossSite(f"refused a request from origin {origin[:200]!r}: it is not this server's")
    if token is not None and not _has_token(headers, token):
        return TokenRequired(
            "this server writes to its store: send its token as `Authorization: Bearer TOKEN` "
            "or `X-Copydesk-Token: TOKEN`"
        )
    return None


def _same_origin(origin: str, scheme: str, host: str) -> bool:
    try:
        parts = urlsplit(origin)
        default = {"http": 80, "https": 443}.get(parts.scheme)
        origin_port = parts.port or default
        here = urlsplit(f"{scheme}://{host}")
        here_port = here.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:  # "null" and other unparsable origins, or a port that is not a number
        return False
    return (
        parts.scheme == scheme and bool(parts.hostname) and parts.hostname == here.hostname and origin_port == here_port
    )


def _has_token(headers: dict[str, str], token: str) -> bool:
    given = headers.get(TOKEN_HEADER)
    scheme, _, credentials = headers.get("authorization", "").partition(" ")
    if given is None and scheme.lower() == "bearer":
        given = credentials.strip()
    return given is not None and hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token.encode())


class WriteGuard:
    """Refuse cross-site requests with an unsafe method, and those without the token on a --writable server,
    before their body is read (a refused request costs the server nothing)."""

    def __init__(self, app: ASGIApp, token: str | None):
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refused = refusal(headers, scope.get("scheme", "http"), self.token)
        if refused is None:
            return await self.app(scope, receive, send)
        from .app import STATUS, error_body

        extra = {"www-authenticate": 'Bearer realm="copydesk"'} if isinstance(refused, TokenRequired) else {}
        response = JSONResponse(
            error_body(refused.code, str(refused.args[0])),
            status_code=STATUS[refused.code],
            headers={"connection": "close", **extra},
        )
        await response(scope, receive, send)
