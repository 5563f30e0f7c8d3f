"""Store commands: ingest, search, quotes, entities, show, export. Each is one call on copydesk.store.

Data goes to stdout: tables for people (a terminal), JSON Lines for programs
(`--json`, or whenever stdout is not a terminal); progress and summaries go to stderr.
Captured text reaches a table or a page through `for_terminal()` (escape sequences
and controls removed), and JSON through `json_for_terminal()` (the same values).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
from dataclasses import replace

import click

from .errors import CopydeskError
from .model import ENTITY_TYPES, Article
from .sources import DEFAULT_MAX_BYTES
from .store import DEFAULT_DB, Filters, QueryError, StoreError, check_target, is_postgres, open_store, redacted
from .store import export as exporting
from .store.ingest import BATCH, INGEST_KINDS
from .store.ingest import ingest as run_ingest
from .store.rows import name_key
from .terminal import for_terminal, json_for_terminal

_db = click.option(
    "--db",
    default=DEFAULT_DB,
    show_default=True,
    envvar="COPYDESK_DB",
    help="The store: a SQLite file, or a postgresql:// URI (env COPYDESK_DB).",
)
_json = click.option(
    "--json/--table",
    "as_json",
    default=None,
    help="JSON Lines or a table (default: a table on a terminal, JSON Lines otherwise).",
)
_limit = click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="At most this many rows.")


def _wants_json(as_json: bool | None) -> bool:
    return as_json if as_json is not None else not sys.stdout.isatty()


def _store(db: str):
    """The store to read; a missing SQLite file is an error here, not a new empty store, and so is a URI of a kind
    of store copydesk does not keep."""
    try:
        check_target(db)
    except StoreError as e:
        raise click.ClickException(str(e)) from e
    if not is_postgres(db) and db != ":memory:" and not os.path.exists(db):
        shown = redacted(db)  # a mistyped URI is taken for a path: it may still hold a password
        raise click.ClickException(f"no store at {shown}: run `copydesk ingest PATH --db {shown}` first")
    try:
        return open_store(db)
    except CopydeskError as e:
        raise click.ClickException(str(e)) from e


def _emit_json(rows) -> None:
    for row in rows:
        click.echo(json_for_terminal(json.dumps(row.to_dict(), ensure_ascii=False)))


def _width() -> int:
    return max(60, shutil.get_terminal_size((100, 24)).columns)


def _cut(text: str | None, width: int) -> str:
    text = _line(text)
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def _line(text: str | None) -> str:
    """Stored text as one line of a table, printable on a terminal."""
    return " ".join(for_terminal(text).split())


def _table(headers: list[str], rows: list[list[str]]) -> None:
    """Columns sized to their content; the last column takes what the terminal has left."""
    if not rows:
        click.echo("(nothing found)", err=True)
        return
    rows = [[_line(cell) for cell in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers[:-1])]
    rest = max(20, _width() - sum(widths) - 2 * len(widths))
    line = lambda cells: "  ".join([c.ljust(w) for c, w in zip(cells, widths)] + [_cut(cells[-1], rest)])  # noqa: E731
    click.echo(click.style(line(headers), bold=True))
    for r in rows:
        click.echo(line(r))


def _highlight(snippet: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", lambda m: click.style(m.group(1), bold=True, fg="yellow"), snippet)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@_db
@click.option(
    "--from",
    "kind",
    type=click.Choice(INGEST_KINDS),
    default="auto",
    show_default=True,
    help="Input kind; 'articles' is Article JSON Lines (auto: JSON Lines whose first record has the schema), "
    "'parquet' run-ray's Parquet output (auto: a file that opens with PAR1; run-ray's --out folder takes its "
    "articles parts); other kinds as for parse.",
)
@click.option("--no-nlp", is_flag=True, help="Parse captures without the model-based annotators (no entities, quotes).")
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Documents larger than this are stored with an error, not parsed.",
)
@click.option("--batch", type=click.IntRange(1), default=BATCH, show_default=True, help="Articles per transaction.")
@click.option(
    "--workers",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Worker processes that parse captures, each loading the models once; output order is kept (0 or 1: in this "
    "process).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar with docs/s on stderr (default: when stderr is a terminal).",
)
@click.option(
    "--keep-going/--fail-fast",
    default=True,
    show_default=True,
    help="Keep going: go through every input whatever fails, then exit 1 if any failed. Fail fast: stop at the "
    "first failed input or bad record, exit 1. A failed input is named on stderr and never stored.",
)
def ingest(
    paths: tuple[str, ...],
    db: str,
    kind: str,
    no_nlp: bool,
    max_bytes: int,
    batch: int,
    workers: int,
    progress: bool | None,
    keep_going: bool,
) -> None:
    """Parse captures (or read Article JSON Lines) and keep them in a store; the same article twice changes nothing.

    PATHS are anything `copydesk parse` reads, or its output, or `copydesk run-ray`'s
    output folder or Parquet parts (pyarrow: the ray extra); - reads stdin.
    An input that cannot be read (missing, empty, binary, ...) is named on stderr
    and not stored. Exit status: 0 when every input was stored, 1 when any failed
    (their count on stderr), 2 for a usage error.
    """
    if not paths:
        if sys.stdin.isatty():
            raise click.UsageError("give one or more PATHs, or pipe captures or Articles into stdin")
        paths = ("-",)
    try:
        stats = run_ingest(
            paths,
            db=db,
            kind=kind,
            nlp=not no_nlp,
            max_bytes=max_bytes,
            batch=batch,
            progress=progress,
            keep_going=keep_going,
            workers=workers,
        )
    except CopydeskError as e:
        raise click.ClickException(str(e)) from e
    failed = f", {stats['failed']} failed" if stats["failed"] else ""
    bad = f", {stats['bad records']} bad record(s)" if stats["bad records"] else ""
    click.echo(
        f"copydesk: {for_terminal(redacted(db))}: {stats['inserted']} inserted, {stats['updated']} updated, "
        f"{stats['unchanged']} unchanged{failed}{bad}",
        err=True,
    )
    if stats["failed"] or stats["bad records"]:
        stopped = "" if keep_going else "; stopped there (--fail-fast)"
        click.echo(
            f"copydesk: failed: {stats['failed'] + stats['bad records']} input(s) or record(s) not stored{stopped}",
            err=True,
        )
        sys.exit(1)


@click.command()
@click.argument("text")
@_db
@_limit
@_json
def search(text: str, db: str, limit: int, as_json: bool | None) -> None:
    """Full-text search over headlines, standfirsts and bodies, best match first, with snippets.

    TEXT is read like a web search: words, "exact phrases", OR, and -word to exclude.
    """
    with _store(db) as store:
        try:
            hits = store.search(text, limit=limit)
        except CopydeskError as e:
            raise click.ClickException(str(e)) from e
    if _wants_json(as_json):
        return _emit_json(hits)
    if not hits:
        click.echo("(nothing found)", err=True)
    width = _width()
    for n, hit in enumerate(hits, 1):
        click.echo(
            click.style(f"{n:>2}. {_cut(hit.title or '(no headline)', width - 30)}", bold=True)
            + f"  [{_line(hit.id)}, score {hit.score:.3g}]"
        )
        for line in textwrap.wrap(_line(hit.snippet), width - 4):
            click.echo("    " + _highlight(line))


def _a_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A name to look up; one with no letter or digit ("%", "?") names no one, so it is refused, not matched."""
    if value is not None and not name_key(value):
        raise click.BadParameter(f"{value!r} holds no letter or digit: it names no one")
    return value


def _an_entity_type(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An entity type, in any case, as the store keeps it (upper case); another is refused, naming the valid ones."""
    if value is None or value.upper() in ENTITY_TYPES:
        return value and value.upper()
    raise click.BadParameter(f"{value!r} is not an entity type; the types are {', '.join(ENTITY_TYPES)}")


@click.command()
@click.option(
    "--speaker", default=None, callback=_a_name, help="Name as any story spelled it: canonical name, alias or surname."
)
@click.option(
    "--kind", type=click.Choice(["direct", "indirect"]), default=None, help="Only direct or only reported quotes."
)
@click.option("--article", default=None, help="Only quotes from the article with this id.")
@_db
@_limit
@_json
def quotes(
    speaker: str | None, kind: str | None, article: str | None, db: str, limit: int, as_json: bool | None
) -> None:
    """Quotes with their speakers, in article order, optionally by one speaker however stories spelled them."""
    with _store(db) as store:
        rows = store.quotes(speaker, kind=kind, article=article, limit=limit)
    if _wants_json(as_json):
        return _emit_json(rows)
    _table(
        ["SPEAKER", "KIND", "ARTICLE", "QUOTE"],
        [[q.speaker or q.speaker_name or "?", q.kind, q.article_id, q.text] for q in rows],
    )


@click.command()
@click.option(
    "--type",
    "type_",
    default=None,
    callback=_an_entity_type,
    help="Only this entity type: PERSON (people), ORG (organisations), GPE (countries, cities), LOC (other places), "
    "FAC (buildings, airports).",
)
@click.option(
    "--name",
    default=None,
    callback=_a_name,
    help="Only the entity spelled this way (canonical name, alias or surname).",
)
@_db
@_limit
@_json
def entities(type_: str | None, name: str | None, db: str, limit: int, as_json: bool | None) -> None:
    """People, organisations and places joined across articles, most widespread first."""
    with _store(db) as store:
        rows = store.entities(type_, name=name, limit=limit)
    if _wants_json(as_json):
        return _emit_json(rows)
    _table(
        ["NAME", "TYPE", "ARTICLES", "MENTIONS", "QUOTES", "ALIASES; ROLES"],
        [
            [
                e.name,
                e.type,
                str(e.articles),
                str(e.mentions),
                str(e.quotes),
                "; ".join(filter(None, [", ".join(e.aliases), ", ".join(e.roles)])),
            ]
            for e in rows
        ],
    )


@click.command()
@click.argument("article_id", metavar="ID")
@_db
@_json
def show(article_id: str, db: str, as_json: bool | None) -> None:
    """One stored article as an editor reads it: headline, standfirst, byline, body, quotes, what was removed.

    With --json (or when stdout is not a terminal) it is the Article JSON, one line.
    """
    with _store(db) as store:
        article = store.get(article_id)
    if article is None:
        raise click.ClickException(f"no article {article_id!r} in {redacted(db)}")
    if _wants_json(as_json):
        return click.echo(json_for_terminal(article.to_json()))
    click.echo(render_article(article, min(_width(), 100)))


def render_article(article: Article, width: int = 100) -> str:
    """The article for a terminal: headline (and whether it belongs), standfirst, byline, media, body, then
    who speaks, who is named, and what was removed with its reason. Captured text is shown, never interpreted:
    every string of the Article goes through `for_terminal()` first."""
    article = Article.from_dict(_printable(article.to_dict()))
    out: list[str] = []

    def wrap(text: str, indent: str = "") -> str:
        return textwrap.fill(" ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent) or indent

    verdict = article.title_check.verdict
    out.append(
        click.style(article.title or "(no headline)", bold=True)
        + ("" if verdict == "consistent" else click.style(f"   [headline {verdict}]", fg="red"))
    )
    meta = [
        ", ".join(b.name + (f" ({b.role})" if b.role else "") for b in article.bylines),
        article.published or "",
        article.language or "",
        article.source.url or article.source.path or "",
    ]
    out.append(click.style(" · ".join(m for m in meta if m), dim=True))
    if article.dek:
        out += ["", click.style(wrap(article.dek), italic=True)]
    for m in article.media:
        out += ["", wrap(f"[picture] {m.caption or ''}" + (f" ({m.credit})" if m.credit else ""), "  ")]
    for b in article.body_blocks():
        out.append("")
        if b.kind == "heading":
            out.append(click.style(b.text, bold=True))
        else:
            out.append(wrap(b.text, "  > " if b.kind == "blockquote" else "  - " if b.kind == "list_item" else ""))
    if article.quotes:
        out += ["", click.style("Quotes", bold=True)]
        out += [wrap(f"{q.speaker_name or '?'} ({q.kind}, {q.cue or '-'}): {q.text}", "  ") for q in article.quotes]
    if article.entities:
        out += ["", click.style("Named", bold=True)]
        out.append(
            wrap(
                "; ".join(
                    f"{e.name} {e.type}" + (f" ({', '.join(e.roles)})" if e.roles else "") for e in article.entities
                ),
                "  ",
            )
        )
    if article.removed:
        out += ["", click.style("Removed", bold=True)]
        out += [click.style(_cut(f"  line {r.line} [{r.reason}] {r.text}", width), dim=True) for r in article.removed]
    for n in article.notes:
        out.append(click.style(f"note {n.code} in {n.stage}: {n.message}", dim=True))
    for e in article.errors:
        out.append(click.style(f"error {e.code} in {e.stage}: {e.message}", fg="red"))
    return "\n".join(out)


def _printable(value):
    """A JSON value with every string in it made printable by `for_terminal()`."""
    if isinstance(value, str):
        return for_terminal(value)
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


class _UsageError(click.ClickException):
    """An error of the command line's making, without click's usage text: exit status 2, as click's own."""

    exit_code = 2


def _entity_key(store, value: str | None) -> str | None:
    """The joined entity `--entity` names: a key as the store gives it ("PERSON:james brown"), or a name, spelled
    any way a story spelled it, that must name one entity (two or more: a usage error naming their keys)."""
    if value is None or value.split(":", 1)[0].upper() in ENTITY_TYPES and ":" in value:
        return value
    found = store.entities(name=value, limit=10)
    if len(found) > 1:
        raise _UsageError(
            f"--entity {value!r} names {len(found)} entities; give one key: {', '.join(e.key for e in found)}"
        )
    return found[0].key if found else value  # a name no entity has: a key that matches nothing


@click.command()
@click.argument("table", type=click.Choice(exporting.TABLES))
@_db
@click.option(
    "-o", "--output", "output", required=True, help="The file to write; - writes CSV or JSON Lines to stdout."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(exporting.FORMATS),
    default=None,
    help="csv, jsonl or parquet (default: from OUTPUT's suffix; JSON Lines on stdout).",
)
@click.option("-q", "--query", default=None, help='Only articles matching this search (words, "phrases", OR, -word).')
@click.option(
    "--from", "date_from", default=None, help="Only articles published on or after this (2024, 2024-05, ...)."
)
@click.option("--to", "date_to", default=None, help="Only articles published on or before this (inclusive).")
@click.option("--language", default=None, help="Only articles in this language (its code: en, de, ...).")
@click.option("--source", default=None, help="Only articles from this site (dw.com: its subdomains too).")
@click.option(
    "--entity", default=None, help="Only articles naming this entity (its key, or a name); mentions: only its own."
)
@click.option(
    "--speaker", default=None, callback=_a_name, help="Only articles quoting this speaker; quotes: only theirs."
)
@click.option(
    "--page-size",
    type=click.IntRange(1),
    default=exporting.PAGE,
    show_default=True,
    help="Rows read from the store at a time (memory holds one page).",
)
def export(
    table: str,
    db: str,
    output: str,
    fmt: str | None,
    query: str | None,
    date_from: str | None,
    date_to: str | None,
    language: str | None,
    source: str | None,
    entity: str | None,
    speaker: str | None,
    page_size: int,
) -> None:
    """Write a table of the store to a file: articles, quotes, entities or mentions, as CSV, JSON Lines or Parquet.

    Rows are read page by page and written as they come, so memory stays flat whatever the store's size. Articles
    in JSON Lines are whole Articles (re-readable by `copydesk ingest --from articles`); in CSV and Parquet, one
    row each with the main columns. Exit status: 0 written (no matching rows included), 1 a store problem, 2 a
    usage error (a format that cannot be written, Parquet without pyarrow).
    """
    try:
        fmt = exporting.format_of(output, fmt)
        if output == "-" and fmt == "parquet":
            raise exporting.ExportUsageError("Parquet is written to a file, not stdout: give -o OUT.parquet")
        if fmt == "parquet":
            exporting.require_pyarrow()  # names the extra to install before the store is opened
        filters = Filters(query, date_from, date_to, language, source, None, speaker)
    except (exporting.ExportUsageError, QueryError) as e:
        raise _UsageError(str(e)) from e
    with _store(db) as store:
        filters = replace(filters, entity=_entity_key(store, entity))
        try:
            written = _export_to(store, table, output, fmt, filters, page_size)
        except exporting.ExportUsageError as e:
            raise _UsageError(str(e)) from e
        except CopydeskError as e:
            raise click.ClickException(str(e)) from e
    shown = "stdout" if output == "-" else output
    click.echo(f"copydesk: {written} {table} row(s) written to {for_terminal(shown)} ({fmt})", err=True)


def _export_to(store, table: str, output: str, fmt: str, filters: Filters, page_size: int) -> int:
    """Export to stdout, or to a temporary file beside `output` that becomes `output` once complete (a failed
    export leaves no half-written file)."""
    if output == "-":
        printable = sys.stdout.isatty()
        return exporting.export(store, table, sys.stdout.buffer, fmt, filters, page_size=page_size, printable=printable)
    partial = f"{output}.partial"
    try:
        with open(partial, "wb") as out:
            written = exporting.export(store, table, out, fmt, filters, page_size=page_size)
        os.replace(partial, output)
    except OSError as e:
        raise click.ClickException(f"cannot write {output}: {e.strerror or e}") from e
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return written


STORE_COMMANDS = [ingest, search, quotes, entities, show, export]
