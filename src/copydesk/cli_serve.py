"""`copydesk serve`: the HTTP API and web reader over a store. FastAPI and uvicorn load only when it runs,
so `copydesk parse` starts as light as before."""

from __future__ import annotations

import errno
import os
import socket

import click

from .serve import PARSE_TIMEOUT, PARSE_WORKERS, SERVE_MAX_BYTES
from .store import DEFAULT_DB, StoreError, check_target, is_postgres, redacted


def bound_socket(host: str, port: int) -> socket.socket:
    """A socket bound to `host`:`port` for the server to listen on; a ClickException saying why not (the port is
    taken, the address is not this machine's) before anything says "serving". It listens only once the server is
    ready: until then a client is refused, not kept waiting while the models load."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a port in TIME_WAIT is free
        sock.bind(address)
    except OSError as e:
        sock.close()
        busy = " (another program is listening there: stop it, or choose another --port)"
        busy = busy if e.errno == errno.EADDRINUSE else ""
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}{busy}") from e
    return sock


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
    try:
        check_target(db)
    except StoreError as e:
        raise click.ClickException(str(e)) from e
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
    sock = bound_socket(host, port)  # before the models load and before "serving": a busy port fails at once
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
        sock.close()
        raise click.ClickException(str(e)) from e
    forbid_outbound_connections()
    if writable and token is None:
        click.echo(
            f"copydesk: this server writes to its store; its token (send it as `Authorization: Bearer "
            f"TOKEN`) is {settings.token}",
            err=True,
        )
    mode = "writable" if writable else "read-only, parsing posted captures" if parse_api else "read-only"
    sock.listen(2048)
    port = sock.getsockname()[1]  # the one given, or the one the system chose for --port 0
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"copydesk: serving {redacted(db)} ({mode}) at http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", server_header=False))
    server.run(sockets=[sock])


SERVE_COMMANDS = [serve]
