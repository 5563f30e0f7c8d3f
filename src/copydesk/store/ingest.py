"""Anything `parse` reads, or Article JSON Lines, into a store: batched idempotent upserts with progress.

`ingest()` is what `copydesk ingest` calls, one keyword per command-line flag.
"""

from __future__ import annotations

import gzip
import sys
import zlib
from collections import Counter
from collections.abc import Generator, Iterable, Iterator

from ..errors import MESSAGE_CHARS, CopydeskError, UnreadableInput
from ..model import READ_SCHEMAS, Article, Capture
from ..pipeline import parse
from ..runners.local import parse_captures
from ..runners.pool import failure_line
from ..safejson import loads
from ..sources import DEFAULT_MAX_BYTES, KINDS, captures, read_bytes
from ..sources.files import count_documents, stdin_head
from ..sources.jsonl import READ_BUFFER, decompressed, jsonl_captures, numbered_lines
from ..sources.regular import open_file
from ..sources.sniff import SNIFF_BYTES, is_parquet, kind_of
from ..terminal import Progress, for_terminal
from . import DEFAULT_DB, open_store
from .parquet import expand_inputs, parquet_articles

INGEST_KINDS = (*KINDS, "articles", "parquet")
BATCH = 200  # articles per transaction: few commits, and a reader never waits long for the write lock


def ingest(
    paths: Iterable[str],
    *,
    db: str = DEFAULT_DB,
    kind: str = "auto",
    nlp: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch: int = BATCH,
    progress: bool | None = None,
    keep_going: bool = True,
    workers: int = 0,
) -> Counter:
    """Store every document under `paths` in the store `db`; return counts.

    - `db`: a SQLite file (created if missing) or a postgresql:// URI.
    - `kind`: "articles" for Article JSON Lines (copydesk parse output), "parquet" for run-ray's Parquet output
      (`parquet.py`: a part, a folder of parts, or the output folder), any kind `parse` takes, or "auto": each
      input's kind read from its first bytes (`PAR1` is Parquet), and a JSON Lines file whose first record has the
      Article `"schema"` is Articles.
    - `nlp`: False to parse captures without entities and quotes (Articles given as JSON are kept as they are).
    - `batch`: articles per transaction.
    - `workers`: processes that parse captures (the runners' pool, one model load each, results in input order);
      0 or 1: in this process.
    - `progress`: a bar on stderr (default: when stderr is a terminal): documents of their total, with the time
      left, when each input file holds one document; else documents and docs/s.
    - `keep_going`: True to go through every input whatever fails; False to stop at the first failure (what was
      stored before it stays stored).
    Counts: "inserted", "updated" (a changed article replaced), "unchanged" (the same article again),
    "failed" (inputs that could not be read or parsed to their end, `errors.FAILED_INPUT_CODES`, and Articles that
    record one: reported on stderr and not stored, so a store never holds an empty article for a missing, empty or
    binary file), "bad records" (Article JSON lines or Parquet rows that could not be read, and Parquet parts that
    could not be read to their end; reported on stderr).
    """
    if kind not in INGEST_KINDS:
        raise CopydeskError(f"unknown input kind {kind!r}; choose one of {', '.join(INGEST_KINDS)}")
    if batch < 1:
        raise ValueError("batch must be 1 or more")
    stats: Counter = Counter()
    if progress is None:
        progress = sys.stderr.isatty()
    files = list(expand_inputs(paths)) if progress else None  # (listed only to count them: a run without a bar streams)
    total = _count(files, kind) if files is not None else None
    bar = Progress(progress, total=total)
    paths = files if files is not None else paths
    with open_store(db) as store:
        pending: list[Article] = []
        found = articles_from(paths, kind=kind, nlp=nlp, max_bytes=max_bytes, workers=workers, stats=stats)
        try:
            for article in found:
                bar.update(1)
                if (failure := failure_line(article)) is not None:
                    stats["failed"] += 1
                    bar.say(f"copydesk: {failure}; not stored")
                else:
                    pending.append(article)
                if len(pending) >= batch:
                    stats.update(store.upsert(pending))
                    pending = []
                if not keep_going and (stats["failed"] or stats["bad records"]):
                    break
            stats.update(store.upsert(pending))
        finally:
            found.close()  # a pool's workers stop now, whether the run ended or stopped at a failure
            bar.close()
    return stats


def articles_from(
    paths: Iterable[str],
    *,
    kind: str = "auto",
    nlp: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int = 0,
    stats: Counter | None = None,
) -> Generator[Article, None, None]:
    """Articles for every document under `paths`, in input order: read as JSON, or parsed from captures (on a pool
    of `workers` processes when there are two or more)."""
    stats = Counter() if stats is None else stats
    captured: list[str] = []  # paths of captures not parsed yet: parsed together, on one pool
    for path in expand_inputs(paths):
        if kind == "parquet" or (kind == "auto" and is_parquet(path)):
            yield from _parsed(captured, kind, nlp, max_bytes, workers)
            captured = []
            yield from (storable(a) for a in parquet_articles(path, lambda where, why: _bad(stats, where, why)))
        elif path == "-" and kind in ("auto", "jsonl", "articles") and not _archive_on_stdin(kind):
            yield from _parsed(captured, kind, nlp, max_bytes, workers)
            captured = []
            yield from _stdin_articles(kind, nlp, max_bytes, stats)
        elif kind == "articles" or (
            kind == "auto" and kind_of(path) == "jsonl" and _file_holds_articles(path, max_bytes)
        ):
            yield from _parsed(captured, kind, nlp, max_bytes, workers)
            captured = []
            yield from _file_articles(path, max_bytes, stats)
        else:
            captured.append(path)
    yield from _parsed(captured, kind, nlp, max_bytes, workers)


def _count(files: list[str], kind: str) -> int | None:
    """How many documents `files` hold, where each holds one (`count_documents`); None for Articles or Parquet."""
    if kind in ("articles", "parquet") or (kind == "auto" and any(map(is_parquet, files))):
        return None
    return count_documents(files, kind)


def _parsed(paths: list[str], kind: str, nlp: bool, max_bytes: int, workers: int) -> Iterator[Article]:
    """The Articles of the captures under `paths`, in order: in this process, or on a pool of `workers` (the runners'
    pool, started once for them all)."""
    if not paths:
        return
    caps = captures(paths, kind=kind, max_bytes=max_bytes)
    if workers <= 1:
        yield from (storable(parse(c, nlp=nlp)) for c in caps)
        return
    pooled = parse_captures(caps, nlp=nlp, workers=workers)
    try:
        yield from map(storable, pooled)
    finally:
        close = getattr(pooled, "close", None)  # its workers stop now, not when it is collected
        if close is not None:
            close()


def _stdin_articles(kind: str, nlp: bool, max_bytes: int, stats: Counter) -> Iterator[Article]:
    """The Articles on stdin: Article JSON Lines, or captures (JSON Lines, or one document) parsed here. Stdin can be
    read once: it is read, then looked at."""
    data = read_bytes("-", max_bytes)
    this = kind if kind != "auto" else kind_of("-", data[:SNIFF_BYTES])
    if kind == "articles" or _is_article_line(_first(data.splitlines())):
        yield from _read_articles("-", enumerate(data.splitlines(), 1), max_bytes, stats)
    elif this == "jsonl":
        yield from (storable(parse(c, nlp=nlp)) for c in jsonl_captures(data, "-", max_bytes))
    else:
        yield storable(parse(Capture(data=data, kind=this, path="-"), nlp=nlp))


def _archive_on_stdin(kind: str) -> bool:
    """Whether stdin holds a WARC or WET stream (with `--from auto`), which is read record by record, not whole."""
    return kind == "auto" and kind_of("-", stdin_head()) in ("warc", "wet")


def storable(article: Article) -> Article:
    """`article` as a store can write it: with every lone surrogate (a file name that is not UTF-8 puts one in
    `source.path`) replaced by U+FFFD, since no UTF-8 writer (SQLite, PostgreSQL, the content hash) accepts one."""
    try:
        article.to_json().encode("utf-8")
    except UnicodeEncodeError:
        return Article.from_dict(loads(article.to_json(ascii=True)))
    return article


def _first(lines: Iterable[bytes | None]) -> bytes:
    """The first line that is not blank (b"" for none, or for a line over the size limit)."""
    return next((line or b"" for line in lines if line is None or line.strip()), b"")


def _is_article_line(line: bytes) -> bool:
    try:
        record = loads(line)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(record, dict) and record.get("schema") in READ_SCHEMAS


def _file_holds_articles(path: str, max_bytes: int) -> bool:
    """Whether a JSON Lines file holds Articles (its first record says the schema) rather than captures. Only the
    first record is read, and no further than `max_bytes`: a first line over the limit is not read to its end here
    (the reader that takes the file passes over it once)."""
    try:
        with open_file(path, READ_BUFFER) as raw:
            stream = decompressed(raw)
            while line := stream.readline(max_bytes + 1):
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    return False
                if first := next((part for part in line.splitlines() if part.strip()), None):
                    return _is_article_line(first)
            return False
    except (CopydeskError, OSError, EOFError, zlib.error):
        return False  # unreadable: the capture reader reports it as an E101 article


def _file_articles(path: str, max_bytes: int, stats: Counter) -> Iterator[Article]:
    """The Articles of an Article JSON Lines file (gzip read through, as it is read), one line held at a time; a file
    that cannot be read, or breaks off, is a bad record too."""
    try:
        raw = open_file(path, READ_BUFFER)
    except UnreadableInput as e:
        _bad(stats, path, str(e.args[0]))
        return
    with raw:
        try:
            yield from _read_articles(path, numbered_lines(decompressed(raw), max_bytes), max_bytes, stats)
        except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as e:
            _bad(stats, path, f"unreadable from here on ({type(e).__name__}: {e})")


def _read_articles(
    path: str, lines: Iterable[tuple[int, bytes | None]], max_bytes: int, stats: Counter
) -> Iterator[Article]:
    """An Article for each `(line number, line)`; a line that is none (over `max_bytes`, None) is reported."""
    for lineno, raw in lines:
        if raw is None:
            _bad(stats, f"{path}:{lineno}", f"over the {max_bytes:,}-byte limit; passed over unread")
            continue
        if not raw.strip():
            continue
        try:
            yield Article.from_dict(loads(raw))  # a lone surrogate becomes U+FFFD: no store writes one
        except (ValueError, TypeError, KeyError, CopydeskError) as e:
            # Not an article we can keep: say which line and why, and go on with the rest.
            _bad(stats, f"{path}:{lineno}", f"not an Article ({type(e).__name__}: {e})")


def _bad(stats: Counter, where: str, why: str) -> None:
    """Count and report (on stderr) a record or file that gives no Article."""
    stats["bad records"] += 1
    print(for_terminal(f"copydesk: {where}: {why}")[:MESSAGE_CHARS], file=sys.stderr)
