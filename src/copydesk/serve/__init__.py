"""The HTTP API and the web reader over a store: `copydesk serve`. Needs the `serve` extra.

    >>> from copydesk.serve.app import create_app
    >>> app = create_app("out/copydesk.db")       # an ASGI app: uvicorn, or FastAPI's TestClient

JSON under /api (schema at /openapi.json), server-rendered pages everywhere
else. Everything a capture holds is untrusted: pages escape it, a
Content-Security-Policy forbids scripts, request bodies have a size limit, and posted captures are parsed
in worker processes under a time limit.
This module imports nothing heavy, so the CLI can read its settings cheaply.
"""

# A request carries one document: far less than a file on disk may be (sources' DEFAULT_MAX_BYTES).
SERVE_MAX_BYTES = 8 * 1024 * 1024
# POST /api/parse: worker processes, and seconds a request may take to parse (and may wait for a free worker).
PARSE_WORKERS = 2
PARSE_TIMEOUT = 10.0
