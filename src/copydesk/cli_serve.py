"""`copydesk serve`: the HTTP API and web reader over a store. FastAPI and uvicorn load only when it runs,
so `copydesk parse` starts as light as before."""

from __future__ import annotations

import os

import click

from .serve import PARSE_TIMEOUT, PARSE_WORKERS, SERVE_MAX_BYTES
from .store import DEFAULT_DB, is_postgres, redacted


@click.command()
@click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="COPYDESK_DB",
    help="The store: a SQLite file, or a postgresql:// URI (env COPYDESK_DB).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=SERVE_MAX_BYTES,
    show_default=True,
    help="Largest request body; a bigger one is refused with 413 (E102) before it is read.",
)
@click.option(
    "--parse-api",
    is_flag=True,
    help="Turn on POST /api/parse (off by default: it answers 404). Each request is parsed in a worker "
    "process within --parse-timeout.",
)
@click.option(
    "--parse-workers",
    type=click.IntRange(1, 64),
    default=PARSE_WORKERS,
    show_default=True,
    help="Worker processes that parse posted captures (each holds the NLP model).",
)
@click.option(
    "--parse-timeout",
    type=click.FloatRange(0, min_open=True),
    default=PARSE_TIMEOUT,
    show_default=True,
    help="Seconds a posted capture may take to parse (past it: 422, E108, and its worker is replaced), "
    "and may wait for a free worker (past it: 503, E417).",
)
@click.option(
    "--writable",
    is_flag=True,
    help="Let POST /api/parse?store=true keep parsed captures in the store (turns on --parse-api). Every "
    "POST must then carry the server's token and come from no other site.",
)
@click.option(
    "--token",
    envvar="COPYDESK_TOKEN",
    default=None,
    show_envvar=True,
    help="The token a --writable server takes, as `Authorization: Bearer TOKEN` or `X-Copydesk-Token`; "
    "without it one is made and printed once at start.",
)
def serve(
    db: str,
    host: str,
    port: int,
    max_bytes: int,
    parse_api: bool,
    parse_workers: int,
    parse_timeout: float,
    writable: bool,
    token: str | None,
) -> None:
    """Serve the store: a web reader at / and a JSON API at /api (schema at /openapi.json).

    Pages need no JavaScript; captured text is always shown as text. The server never
    fetches a URL it is given: it makes no outbound connections at all. It only reads
    the store unless started with --writable, and parses posted captures only with
    --parse-api (or --writable).
    """
    if not is_postgres(db) and not os.path.exists(db):
        raise click.ClickException(f"no store at {redacted(db)}: run `copydesk ingest PATH --db {redacted(db)}` first")
    try:
        import uvicorn

        from .serve.app import create_app, forbid_outbound_connections
    except ImportError as e:
        raise click.ClickException(f"copydesk serve needs the serve extra: pip install 'copydesk[serve]' ({e})") from e
    from .errors import CopydeskError

    if token is not None and len(token) < 16:
        raise click.BadParameter("a token must be at least 16 characters", param_hint="--token")
    try:
        app = create_app(
            db,
            max_bytes=max_bytes,
            writable=writable,
            parse_api=parse_api,
            parse_workers=parse_workers,
            parse_timeout=parse_timeout,
            token=token,
        )
        settings = app.state.settings
        if settings.parser is not None:
            settings.parser.wait_ready()  # models load before the first request, not inside its time limit
    except CopydeskError as e:
        raise click.ClickException(str(e)) from e
    forbid_outbound_connections()
    if writable and token is None:
        click.echo(
            f"copydesk: this server writes to its store; its token (send it as `Authorization: Bearer "
            f"TOKEN`) is {settings.token}",
            err=True,
        )
    mode = "writable" if writable else "read-only, parsing posted captures" if parse_api else "read-only"
    click.echo(f"copydesk: serving {redacted(db)} ({mode}) at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


SERVE_COMMANDS = [serve]
