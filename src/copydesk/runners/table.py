"""Articles as Arrow rows and Parquet parts: the tables the Ray runner writes.

The Article contract is flattened so that the fields people filter and join
on are plain columns, and the nested lists keep the contract's own JSON:

- scalar columns: `schema`, `id`, `source_kind`, `source_path`, `source_url`,
  `source_record_id`, `source_fetched_at`, `language`, `title`,
  `title_verdict`, `title_score`, `dek`, `description`, `published`, `text`, `cluster`;
- JSON-string columns, each the contract's JSON array for that field:
  `bylines`, `media`, `blocks`, `removed`, `entities`, `quotes`, `errors`;
- position columns: `shard` (the part's name) and `seq` (the document's
  0-based position in its input file), so input order can be restored.

Why JSON strings rather than Arrow list<struct> columns: the nested shapes
are deep (quotes hold spans, entities hold mentions) and often empty, and
Arrow infers an empty list as `list<null>`, so parts would disagree on their
schema; a string column has one type everywhere, round-trips to
byte-identical Article JSON, and DuckDB, Spark and pandas read it with their
JSON functions. The errors table is one row per recorded error.

Parts are written to a hidden temporary name and moved into place when
complete: a reader (or a rerun) never sees half a part.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import fs as pafs

from ..model import Article

_NESTED = ("bylines", "media", "blocks", "removed", "entities", "quotes", "errors", "notes")

ARTICLE_SCHEMA = pa.schema(
    [
        ("schema", pa.string()),
        ("id", pa.string()),
        ("source_kind", pa.string()),
        ("source_path", pa.string()),
        ("source_url", pa.string()),
        ("source_record_id", pa.string()),
        ("source_fetched_at", pa.string()),
        ("language", pa.string()),
        ("title", pa.string()),
        ("title_verdict", pa.string()),
        ("title_score", pa.float64()),
        ("dek", pa.string()),
        ("description", pa.string()),
        ("published", pa.string()),
        ("text", pa.string()),
        ("cluster", pa.string()),
        *((name, pa.string()) for name in _NESTED),
        ("shard", pa.string()),
        ("seq", pa.int64()),
    ]
)

ERROR_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("stage", pa.string()),
        ("code", pa.string()),
        ("message", pa.string()),
        ("shard", pa.string()),
        ("seq", pa.int64()),
    ]
)

JOB_FILE = "_job.json"  # in an output folder: the run's settings and its shards in input order
ROW_GROUP = 256  # articles per Parquet row group: memory stays flat however long the input file


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def article_row(article: Article, shard: str, seq: int) -> dict[str, Any]:
    """One row of the articles table."""
    d = article.to_dict()
    src, check = d["source"], d["title_check"]
    row = {"schema": d["schema"], "id": d["id"]}
    row.update({f"source_{k}": src[k] for k in ("kind", "path", "url", "record_id", "fetched_at")})
    row.update(
        language=d["language"],
        title=d["title"],
        title_verdict=check["verdict"],
        title_score=float(check["score"]),
        dek=d["dek"],
        description=d["description"],
        published=d["published"],
        text=d["text"],
        cluster=d["cluster"],
    )
    row.update({name: _json(d[name]) for name in _NESTED})
    row.update(shard=shard, seq=seq)
    return row


def row_article(row: dict[str, Any]) -> Article:
    """The Article a row of the articles table holds (its JSON is byte-identical to the one written)."""
    d = {
        "schema": row["schema"],
        "id": row["id"],
        "source": {k: row[f"source_{k}"] for k in ("kind", "path", "url", "record_id", "fetched_at")},
        "language": row["language"],
        "title": row["title"],
        "title_check": {"verdict": row["title_verdict"], "score": row["title_score"]},
        "dek": row["dek"],
        "description": row.get("description"),
        "published": row["published"],
        "text": row["text"],
        "cluster": row["cluster"],
    }
    d.update({name: json.loads(row.get(name) or "[]") for name in _NESTED})  # (no notes in a part written before)
    return Article.from_dict(d)


def error_rows(article: Article, shard: str, seq: int) -> list[dict[str, Any]]:
    """Rows of the errors table for an article: one per recorded error, none for a clean article."""
    src = article.source
    return [
        {
            "id": article.id,
            "source": src.path,
            "url": src.url,
            "stage": e.stage,
            "code": e.code,
            "message": e.message,
            "shard": shard,
            "seq": seq,
        }
        for e in article.errors
    ]


def resolve(location: str) -> tuple[pafs.FileSystem, str]:
    """A filesystem and a path on it for a local path or any URI pyarrow reads (s3://, gs://, hdfs://, file://)."""
    if "://" in location:
        return pafs.FileSystem.from_uri(location)
    return pafs.LocalFileSystem(), os.path.abspath(location)


class PartWriter:
    """Rows into one Parquet part, row group by row group, published by a move when closed."""

    def __init__(self, filesystem: pafs.FileSystem, path: str, schema: pa.Schema):
        self.fs, self.path, self.schema = filesystem, path, schema
        folder, name = path.rsplit("/", 1)
        self._tmp = f"{folder}/.{name}.tmp-{uuid.uuid4().hex}"  # hidden: readers and reruns skip it
        self._stream = filesystem.open_output_stream(self._tmp)
        self._writer = pq.ParquetWriter(self._stream, schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self.count = 0

    def write(self, row: dict[str, Any]) -> None:
        """Add a row; a full row group goes to the file."""
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def close(self) -> None:
        """Write what is left and move the part into place (replacing an earlier one)."""
        self._flush()
        self._writer.close()
        self._stream.close()
        self.fs.move(self._tmp, self.path)

    def abort(self) -> None:
        """Drop the unfinished part."""
        try:
            self._writer.close()
            self._stream.close()
            self.fs.delete_file(self._tmp)
        except OSError:
            pass


class JsonlPart:
    """Article JSON Lines into one part, published by a move when closed (as PartWriter does for Parquet)."""

    def __init__(self, filesystem: pafs.FileSystem, path: str):
        self.fs, self.path = filesystem, path
        folder, name = path.rsplit("/", 1)
        self._tmp = f"{folder}/.{name}.tmp-{uuid.uuid4().hex}"
        self._stream = filesystem.open_output_stream(self._tmp)

    def write(self, article: Article) -> None:
        """Add an article as one line."""
        self._stream.write((article.to_json() + "\n").encode("utf-8"))

    def close(self) -> None:
        """Move the part into place (replacing an earlier one)."""
        self._stream.close()
        self.fs.move(self._tmp, self.path)

    def abort(self) -> None:
        """Drop the unfinished part."""
        try:
            self._stream.close()
            self.fs.delete_file(self._tmp)
        except OSError:
            pass


def read_part(filesystem: pafs.FileSystem, path: str, columns: list[str] | None = None) -> pa.Table:
    """One Parquet part as a table."""
    with filesystem.open_input_file(path) as f:
        return pq.read_table(f, columns=columns)
