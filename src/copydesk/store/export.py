"""Tables out of a store: articles, quotes, entities and mentions as CSV, JSON Lines or Parquet, for analysis
elsewhere (pandas, DuckDB, R, a spreadsheet).

Rows are read in keyset pages (`WHERE key > last key ORDER BY key LIMIT page`) and written as each page arrives,
so memory holds one page whatever the store's size, on SQLite and PostgreSQL alike. The articles `filters` lets
through are the ones exported (for quotes, mentions and entities: the ones they come from); `speaker` picks the
quotes themselves and `entity` the mentions themselves.

The columns of each table are in COLUMNS; `export()` writes one table to a binary stream.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

from ..model import Article
from ..terminal import for_terminal, json_for_terminal
from .filters import Filters, speaker_sql
from .rows import StoreError, name_key, stored_article

TABLES = ("articles", "quotes", "entities", "mentions")
FORMATS = ("csv", "jsonl", "parquet")
SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
PAGE = 1000  # rows read from the store at a time
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula

# Each table's columns and their Parquet types ("list" is a list of strings).
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (
        ("id", "string"),
        ("title", "string"),
        ("published", "string"),
        ("language", "string"),
        ("source", "string"),
        ("site", "string"),
        ("byline", "string"),
        ("title_verdict", "string"),
        ("entities", "int64"),
        ("quotes", "int64"),
        ("errors", "int64"),
    ),
    "quotes": (
        ("article_id", "string"),
        ("article_title", "string"),
        ("published", "string"),
        ("quote_id", "string"),
        ("kind", "string"),
        ("text", "string"),
        ("speaker_name", "string"),
        ("speaker", "string"),
        ("entity", "string"),
        ("cue", "string"),
        ("confidence", "float64"),
    ),
    "entities": (
        ("key", "string"),
        ("name", "string"),
        ("type", "string"),
        ("articles", "int64"),
        ("mentions", "int64"),
        ("quotes", "int64"),
        ("aliases", "list"),
        ("roles", "list"),
    ),
    "mentions": (
        ("article_id", "string"),
        ("entity_id", "string"),
        ("entity", "string"),
        ("name", "string"),
        ("type", "string"),
        ("n", "int64"),
        ("block", "int64"),
        ("char_start", "int64"),
        ("char_end", "int64"),
        ("text", "string"),
    ),
}


class ExportUsageError(StoreError):
    """An export asked for in a way that cannot be written (a format it has no writer for, Parquet without pyarrow)."""

    code = "E414"


@dataclass
class Query:
    """One table's SELECT, read page by page: `select` (SQL expressions, in COLUMNS order, with their parameters),
    `source` (FROM and joins), `where` and its parameters, `key` (unique, the page order) and `group` (GROUP BY)."""

    select: list[str]
    source: str
    key: list[str]
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    select_params: list = field(default_factory=list)
    group: str = ""

    def page_sql(self, after: tuple | None) -> tuple[str, list]:
        """The SQL of the page after key `after` (the first page when None) and its parameters, less the LIMIT's."""
        where, params = list(self.where), [*self.select_params, *self.params]
        if after is not None:
            where.append(f"({', '.join(self.key)}) > ({', '.join('?' * len(after))})")
            params += list(after)
        sql = (
            f"SELECT {', '.join(self.select + self.key)} FROM {self.source}"
            + (" WHERE " + " AND ".join(where) if where else "")
            + (f" GROUP BY {self.group}" if self.group else "")
            + f" ORDER BY {', '.join(self.key)} LIMIT ?"
        )
        return sql, params


def _articles_query(store, filters: Filters, whole: bool) -> Query:
    where, params = store._filtered(filters)
    select = (
        ["a.doc"]
        if whole
        else [
            "a.id",
            "a.title",
            "a.published",
            "a.language",
            "coalesce(a.source_url, a.source_path)",
            "a.site",
            "a.byline",
            "a.title_verdict",
            "(SELECT COUNT(*) FROM article_entities ae WHERE ae.article_id = a.id)",
            "(SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id)",
            "a.n_errors",
        ]
    )
    return Query(select, "articles a", ["a.id"], where, params)


def _quotes_query(store, filters: Filters, whole: bool) -> Query:
    where, params = store._filtered(replace(filters, speaker=None))
    if filters.speaker:
        key = name_key(filters.speaker)
        where.append(speaker_sql("q") if key else "1 = 0")
        params += [key] * 3 if key else []
    select = [
        "q.article_id",
        "a.title",
        "a.published",
        "q.quote_id",
        "q.kind",
        "q.text",
        "q.speaker_name",
        "e.name",
        "q.entity_key",
        "q.cue",
        "q.confidence",
    ]
    source = "quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.key = q.entity_key"
    return Query(select, source, ["q.article_id", "q.n"], where, params)


def _mentions_query(store, filters: Filters, whole: bool) -> Query:
    where, params = store._filtered(filters)
    if filters.entity:
        where.append("ae.entity_key = ?")
        params.append(filters.entity)
    select = [
        "m.article_id",
        "m.local_id",
        "ae.entity_key",
        "ae.name",
        "ae.type",
        "m.n",
        "m.block",
        "m.char_start",
        "m.char_end",
        "substr(b.text, m.char_start + 1, m.char_end - m.char_start)",
    ]
    source = (
        "mentions m JOIN articles a ON a.id = m.article_id "
        "JOIN article_entities ae ON ae.article_id = m.article_id AND ae.local_id = m.local_id "
        "LEFT JOIN blocks b ON b.article_id = m.article_id AND b.n = m.block"
    )
    return Query(select, source, ["m.article_id", "m.local_id", "m.n"], where, params)


def _entities_query(store, filters: Filters, whole: bool) -> Query:
    among, among_params = store._filtered(filters)
    scope = "SELECT a.id FROM articles a" + (" WHERE " + " AND ".join(among) if among else "")
    where, params = ([f"ae.article_id IN ({scope})"], list(among_params)) if among else ([], [])
    if filters.entity:
        where.append("e.key = ?")
        params.append(filters.entity)
    quoted = "SELECT COUNT(*) FROM quotes q WHERE q.entity_key = e.key" + (
        f" AND q.article_id IN ({scope})" if among else ""
    )
    select = ["e.key", "e.name", "e.type", "COUNT(DISTINCT ae.article_id)", "SUM(ae.n_mentions)", f"({quoted})"]
    source = "entities e JOIN article_entities ae ON ae.entity_key = e.key"
    return Query(select, source, ["e.key"], where, params, list(among_params) if among else [], "e.key, e.name, e.type")


QUERIES: dict[str, Callable[[Any, Filters, bool], Query]] = {
    "articles": _articles_query,
    "quotes": _quotes_query,
    "entities": _entities_query,
    "mentions": _mentions_query,
}


def pages(
    store, table: str, filters: Filters | None = None, *, page_size: int = PAGE, whole: bool = False
) -> Iterator[list[dict[str, Any]]]:
    """The rows of `table` that `filters` selects, as lists of at most `page_size` dicts (COLUMNS' names), each
    list read from the store when the one before has been consumed. With `whole`, an articles row is the whole
    Article (its JSON contract as a dict)."""
    if table not in QUERIES:
        raise ExportUsageError(f"no table {table!r} to export; the tables are {', '.join(TABLES)}")
    query = QUERIES[table](store, filters or Filters(), whole)
    names = ["article"] if whole and table == "articles" else [name for name, _ in COLUMNS[table]]
    width = len(query.select)
    after: tuple | None = None
    while True:
        sql, params = query.page_sql(after)
        rows = store._rows(sql, (*params, int(page_size)))
        if not rows:
            return
        page = [dict(zip(names, row[:width])) for row in rows]
        yield _finished(store, table, page, whole)
        if len(rows) < page_size:
            return
        after = tuple(rows[-1][width:])


def _finished(store, table: str, page: list[dict[str, Any]], whole: bool) -> list[dict[str, Any]]:
    """A page's rows completed: whole Articles parsed, counts as ints, entities' aliases and roles gathered."""
    if table == "articles" and whole:
        return [{"article": stored_article(row["article"])} for row in page]
    if table == "entities":
        _gather_spellings(store, page)
    for row in page:
        for name, kind in COLUMNS[table]:
            if kind == "int64" and row.get(name) is not None:
                row[name] = int(row[name])
            elif kind == "float64" and row.get(name) is not None:
                row[name] = float(row[name])
    return page


def _gather_spellings(store, page: list[dict[str, Any]]) -> None:
    """Each entity's other spellings (aliases) and its roles, from every article that names it."""
    by_key = {row["key"]: row for row in page}
    for row in page:
        row["aliases"], row["roles"], row["mentions"] = [], [], row["mentions"] or 0
    marks = ", ".join("?" * len(by_key))
    for key, spelled, aliases, roles in store._rows(
        f"SELECT entity_key, name, aliases, roles FROM article_entities WHERE entity_key IN ({marks}) "
        "ORDER BY article_id, local_id",
        tuple(by_key),
    ):
        row = by_key[key]
        row["aliases"] += [a for a in dict.fromkeys([spelled, *json.loads(aliases)]) if a != row["name"]]
        row["aliases"] = list(dict.fromkeys(row["aliases"]))
        row["roles"] = list(dict.fromkeys([*row["roles"], *json.loads(roles)]))


def format_of(path: str, given: str | None) -> str:
    """The format to write: `given`, else the one `path`'s suffix names (stdout, `-`: JSON Lines)."""
    if given:
        if given not in FORMATS:
            raise ExportUsageError(f"format {given!r} is not one of {', '.join(FORMATS)}")
        return given
    if path == "-":
        return "jsonl"
    lowered = path.lower().removesuffix(".gz")
    for suffix, fmt in SUFFIXES.items():
        if lowered.endswith(suffix):
            return fmt
    raise ExportUsageError(
        f"cannot tell the format of {path!r} from its suffix: name it .csv, .jsonl or .parquet, or give --format"
    )


def cell(value: Any) -> str:
    """One CSV cell: lists joined with "; ", None empty, and text a spreadsheet would run as a formula kept as text
    with a leading apostrophe (so "=HYPERLINK(...)" in a headline stays text)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(cell(v) for v in value)
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


class _CsvSink:
    """CSV with a header line, UTF-8, CRLF line ends (as spreadsheets expect); for a terminal (`printable`), every
    cell with its escape sequences and controls removed."""

    def __init__(self, out: BinaryIO, names: list[str], printable: bool = False):
        self.text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        self.names = names
        self.shown: Callable[[str], str] = for_terminal if printable else str
        self.writer = csv.writer(self.text, lineterminator="\r\n")
        self.writer.writerow(names)

    def write(self, page: list[dict[str, Any]]) -> None:
        self.writer.writerows([self.shown(cell(row.get(n))) for n in self.names] for row in page)

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


class _JsonlSink:
    """One JSON object a line; a whole article is its contract line, as `copydesk parse` writes it. DEL, C1 controls
    and bidi overrides are written as `\\uXXXX` escapes (the same values), so a terminal shown the file obeys none."""

    def __init__(self, out: BinaryIO, names: list[str]):
        self.out = out

    def write(self, page: list[dict[str, Any]]) -> None:
        lines = [
            row["article"].to_json() if isinstance(row.get("article"), Article) else json.dumps(row, ensure_ascii=False)
            for row in page
        ]
        self.out.write((json_for_terminal("\n".join(lines)) + "\n").encode("utf-8", "surrogatepass"))

    def close(self) -> None:
        self.out.flush()


class _ParquetSink:
    """A Parquet file, one row group per page."""

    def __init__(self, out: BinaryIO, names: list[str], table: str):
        pa, pq = require_pyarrow()
        types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "list": pa.list_(pa.string())}
        self.pa = pa
        self.schema = pa.schema([(name, types[kind]) for name, kind in COLUMNS[table]])
        self.writer = pq.ParquetWriter(out, self.schema)

    def write(self, page: list[dict[str, Any]]) -> None:
        self.writer.write_table(self.pa.Table.from_pylist(page, schema=self.schema))

    def close(self) -> None:
        self.writer.close()


def require_pyarrow():
    """pyarrow and pyarrow.parquet, or an ExportUsageError saying which extra to install."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise ExportUsageError(
            "Parquet needs pyarrow: pip install 'copydesk[ray]' (or pyarrow), or export to .csv or .jsonl"
        ) from e
    return pa, pq


def sink_for(fmt: str, out: BinaryIO, table: str, whole: bool = False, printable: bool = False):
    """The writer of `fmt` for `table` on `out` (write(page) for each page, then close()); `printable`: `out` is a
    terminal (CSV cells lose their escape sequences and controls; JSON Lines escape them in any case)."""
    names = [name for name, _ in COLUMNS[table]]
    if fmt == "parquet":
        if whole:
            raise ExportUsageError("whole Articles are written as JSON Lines only")
        return _ParquetSink(out, names, table)
    if fmt == "csv":
        return _CsvSink(out, names, printable)
    if fmt == "jsonl":
        return _JsonlSink(out, names)
    raise ExportUsageError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")


def export(
    store,
    table: str,
    out: BinaryIO,
    fmt: str,
    filters: Filters | None = None,
    *,
    page_size: int = PAGE,
    printable: bool = False,
) -> int:
    """Write `table`'s rows that `filters` selects to `out` as `fmt` ("csv", "jsonl" or "parquet"), page by page;
    the number of rows written. Articles in JSON Lines are whole Articles (the contract, re-readable by
    `copydesk ingest --from articles`); in CSV and Parquet, the articles COLUMNS. `printable`: `out` is a terminal,
    shown captured text it must not obey."""
    whole = table == "articles" and fmt == "jsonl"
    sink = sink_for(fmt, out, table, whole, printable)
    written = 0
    try:
        for page in pages(store, table, filters, page_size=page_size, whole=whole):
            sink.write(page)
            written += len(page)
    finally:
        sink.close()
    return written
