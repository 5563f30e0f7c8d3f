"""`copydesk serve`: the HTTP API and web reader over a store. FastAPI and uvicorn load only when it runs,
so `copydesk parse` starts as light as before."""

from __future__ import annotations

import os

import click

from .serve import SERVE_MAX_BYTES
from .store import DEFAULT_DB, is_postgres, redacted


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="COPYDESK_DB",
              help="The store: a SQLite file, or a postgresql:// URI (env COPYDESK_DB).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--max-bytes", type=click.IntRange(1), default=SERVE_MAX_BYTES, show_default=True,
              help="Largest request body; a bigger one is refused with 413 (E102) before it is read.")
@click.option("--writable", is_flag=True, help="Let POST /api/parse?store=true keep parsed captures in the store.")
def serve(db: str, host: str, port: int, max_bytes: int, writable: bool) -> None:
    """Serve the store: a web reader at / and a JSON API at /api (schema at /openapi.json).

    Pages need no JavaScript; captured text is always shown as text. The server never
    fetches a URL it is given: it makes no outbound connections at all.
    """
    if not is_postgres(db) and not os.path.exists(db):
        raise click.ClickException(f"no store at {redacted(db)}: run `copydesk ingest PATH --db {redacted(db)}` first")
    try:
        import uvicorn

        from .serve.app import create_app, forbid_outbound_connections
    except ImportError as e:
        raise click.ClickException(f"copydesk serve needs the serve extra: pip install 'copydesk[serve]' ({e})") from e
    from .errors import CopydeskError

    try:
        app = create_app(db, max_bytes=max_bytes, writable=writable)
    except CopydeskError as e:
        raise click.ClickException(str(e)) from e
    forbid_outbound_connections()
    click.echo(f"copydesk: serving {redacted(db)} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


SERVE_COMMANDS = [serve]
