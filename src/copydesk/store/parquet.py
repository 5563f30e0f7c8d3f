"""run-ray's Parquet output read back as Articles, for `copydesk ingest`: part by part, batch by batch.

`run-ray --out OUT` writes `OUT/articles/<shard>.parquet` (one row per
Article, as `runners/table.py` lays it out), `OUT/errors/...`, maybe
`OUT/jsonl/...` and the job file. Given OUT, ingest takes the articles parts
only, in the job's input order; given a Parquet file, or a folder of parts,
it takes those. Each part is streamed with `pq.ParquetFile.iter_batches`, so
memory holds one batch whatever the part's size, and each row becomes the
Article `copydesk parse` gave (`table.row_article`: the same contract JSON,
byte for byte). pyarrow comes with the `ray` extra; it is imported only when a
Parquet input is met.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import CopydeskError
from ..model import Article
from ..sources.files import expand

READ_BATCH = 256  # rows per batch read: run-ray's row group
JOB_FILE = "_job.json"  # runners.table.JOB_FILE, named here without importing pyarrow: what marks run-ray's output
NEEDS_PYARROW = "reading Parquet needs pyarrow: pip install 'copydesk[ray]'"


def pyarrow_parquet() -> Any:
    """pyarrow.parquet, or a clear error naming the extra that installs it."""
    try:
        import pyarrow.parquet as pq
    except ImportError as e:
        raise CopydeskError(NEEDS_PYARROW) from e
    return pq


def expand_inputs(paths: Iterable[str]) -> Iterator[str]:
    """`sources.expand` for ingest: a run-ray output folder gives its articles parts (in the job's input order)
    rather than every file under it (the errors table, the JSON Lines copies and the job file are no captures)."""
    for path in paths:
        if path != "-" and os.path.isfile(os.path.join(path, JOB_FILE)) and os.path.isdir(_articles(path)):
            yield from run_ray_parts(path)
        else:
            yield from expand([path])


def _articles(out: str) -> str:
    return os.path.join(os.path.abspath(out), "articles")


def run_ray_parts(out: str) -> list[str]:
    """The published articles parts of a run-ray output folder: the job's shards in input order, then any other part
    there (sorted); hidden, unfinished parts never."""
    folder = _articles(out)
    parts = sorted(n for n in os.listdir(folder) if n.endswith(".parquet") and not n.startswith("."))
    order = {name: i for i, name in enumerate(_job_shards(out))}
    parts.sort(key=lambda n: (order.get(n[: -len(".parquet")], len(order)), n))
    return [os.path.join(folder, n) for n in parts]


def _job_shards(out: str) -> list[str]:
    """The shard names the job file lists, in input order ([] for a job file that cannot be read)."""
    try:
        with open(os.path.join(out, JOB_FILE), encoding="utf-8") as f:
            return [name for name, _path in json.load(f)["shards"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def parquet_articles(path: str, bad: Any) -> Iterator[Article]:
    """The Articles of one Parquet part, batch by batch. A part that cannot be opened, is not a table of Articles, or
    breaks off, and a row that gives no Article, are reported through `bad(where, why)` and the rest is read."""
    pq = pyarrow_parquet()
    import pyarrow as pa

    from ..runners.table import ARTICLE_SCHEMA, row_article

    try:
        part = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as e:
        bad(path, f"not a readable Parquet file ({type(e).__name__}: {e})")
        return
    with part:
        names = set(part.schema_arrow.names)
        missing = [n for n in ("schema", "id", "text") if n not in names]
        if missing:
            bad(path, f"not a table of Articles (no {', '.join(missing)} column)")
            return
        columns = [n for n in ARTICLE_SCHEMA.names if n in names]
        yield from _rows(path, part, columns, row_article, bad)


def _rows(path: str, part: Any, columns: list[str], row_article: Any, bad: Any) -> Iterator[Article]:
    """Each row of `part` as an Article (`row_article`); rows counted from 1 in the names of bad ones."""
    import pyarrow as pa

    rowno = 0
    try:
        for batch in part.iter_batches(batch_size=READ_BATCH, columns=columns):
            for row in batch.to_pylist():
                rowno += 1
                try:
                    yield row_article(row)
                except (ValueError, TypeError, KeyError, AttributeError, CopydeskError) as e:
                    bad(f"{path}:row {rowno}", f"not an Article ({type(e).__name__}: {e})")
    except (OSError, pa.ArrowException) as e:
        total = part.metadata.num_rows
        bad(path, f"unreadable from row {rowno + 1} of {total} on ({type(e).__name__}: {e})")
