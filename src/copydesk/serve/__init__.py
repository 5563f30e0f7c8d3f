"""The HTTP API and the web reader over a store: `copydesk serve`. Needs the `serve` extra.

    >>> from copydesk.serve.app import create_app
    >>> app = create_app("out/copydesk.db")       # an ASGI app: uvicorn, or FastAPI's TestClient

JSON under /api (schema at /openapi.json), server-rendered pages everywhere
else. Everything a capture holds is untrusted: pages escape it, a
Content-Security-Policy forbids scripts, and request bodies have a size limit.
This module imports nothing heavy, so the CLI can read its settings cheaply.
"""

# A request carries one document: far less than a file on disk may be (sources' DEFAULT_MAX_BYTES).
SERVE_MAX_BYTES = 8 * 1024 * 1024
