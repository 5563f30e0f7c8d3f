"""Corpus runs on one machine: paths in, JSON Lines out, in input order, in-process or on a process pool.

`run()` is what `copydesk parse` calls, one keyword per command-line flag.
`articles()` is the same flow as a generator, for library callers.

- `workers` 0 or 1 without a `timeout`: in this process (nothing to start),
  on a thread renewed every 1,000 documents so that lxml's names stay bounded
  (see `threads.py`).
- `workers` >= 2, or any `timeout`: a pool of worker processes (at least
  one), because only a separate process can be stopped when a document
  hangs; see `pool.py`.
"""

from __future__ import annotations

import functools
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from ..model import Article, Capture
from ..pipeline import Pipeline
from ..sources import DEFAULT_MAX_BYTES, captures, count_documents, expand
from ..terminal import Progress, json_for_terminal
from .pool import ArticleLine, pooled, pooled_lines
from .resume import completed, remaining
from .threads import RenewedThread

FLUSH_EVERY = 64  # documents between flushes: an interrupted run loses little, and writes stay batched


def articles(
    paths: Iterable[str],
    *,
    kind: str = "auto",
    nlp: bool = True,
    workers: int = 0,
    timeout: float | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    make_pipeline: Callable[[], Pipeline] | None = None,
) -> Iterator[Article]:
    """One Article per document under `paths`, strictly in input order (see `run` for the arguments)."""
    caps = captures(paths, kind=kind, max_bytes=max_bytes)
    return parse_captures(caps, nlp=nlp, workers=workers, timeout=timeout, make_pipeline=make_pipeline)


def parse_captures(
    caps: Iterable[Capture],
    *,
    nlp: bool = True,
    workers: int = 0,
    timeout: float | None = None,
    make_pipeline: Callable[[], Pipeline] | None = None,
) -> Iterator[Article]:
    """One Article per capture, strictly in input order, in this process or on a pool of `workers`."""
    make_pipeline = _pipeline_factory(nlp, workers, timeout, make_pipeline)
    if workers <= 1 and timeout is None:
        return map(RenewedThread(make_pipeline()), caps)
    return pooled(caps, make_pipeline, workers=max(1, workers), timeout=timeout)


def article_lines(
    caps: Iterable[Capture],
    *,
    nlp: bool = True,
    workers: int = 0,
    timeout: float | None = None,
    make_pipeline: Callable[[], Pipeline] | None = None,
) -> Iterator[ArticleLine]:
    """`parse_captures`, each Article as its JSON line: on a pool, the workers encode them, not this process."""
    make_pipeline = _pipeline_factory(nlp, workers, timeout, make_pipeline)
    if workers <= 1 and timeout is None:
        return map(ArticleLine.of, map(RenewedThread(make_pipeline()), caps))
    return pooled_lines(caps, make_pipeline, workers=max(1, workers), timeout=timeout)


def _pipeline_factory(
    nlp: bool, workers: int, timeout: float | None, make_pipeline: Callable[[], Pipeline] | None
) -> Callable[[], Pipeline]:
    """The checked arguments' pipeline factory: `make_pipeline`, or `Pipeline(nlp=nlp)`'s."""
    if workers < 0:
        raise ValueError("workers must be 0 or more")
    if timeout is not None and timeout <= 0:
        raise ValueError("timeout must be a positive number of seconds")
    # A module-level callable, so "spawn" workers can unpickle it and build their own pipeline.
    return make_pipeline or functools.partial(Pipeline, nlp=nlp)


def run(
    paths: Iterable[str],
    *,
    kind: str = "auto",
    nlp: bool = True,
    workers: int = 0,
    timeout: float | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    output: str | TextIO = "-",
    resume: bool = False,
    progress: bool | None = None,
    keep_going: bool = True,
    make_pipeline: Callable[[], Pipeline] | None = None,
) -> Counter:
    """Parse every document under `paths` into `output` as JSON Lines, in input order; return counts.

    - `kind`: "auto" (read from each input's first bytes, its name a hint) or one input kind for all paths.
    - `nlp`: False for structure only (no language, entities, quotes).
    - `workers`: worker processes (0 or 1: in this process, unless `timeout` is given).
    - `timeout`: seconds per document; a document over it becomes an Article with E108.
    - `max_bytes`: a document larger than this (a file; a WARC or JSON Lines record) becomes an Article with E102.
    - `output`: a path, "-" for stdout, or an open text stream.
    - `resume`: continue an interrupted run into the `output` path: records already there are kept, not redone.
    - `progress`: a progress bar on stderr (default: when stderr is a terminal): documents of their total with the
      time left when each input file holds one document, else documents and docs/s with the file being read.
    - `keep_going`: True to parse every input whatever fails; False to stop after the first failed input (its
      Article, with the reason, is still written). Either way each failed input is named on stderr as it comes.
    - `make_pipeline`: builds each worker's pipeline (default `Pipeline(nlp=nlp)`); must be picklable for workers.
    Counts: "articles" written, "with errors", "with notes" (informational outcomes such as "not annotated: language
    de", apart from errors), "failed" (inputs that could not be read or parsed to their end:
    `errors.FAILED_INPUT_CODES`; their Articles are written with the reason), "resumed" (records kept from an
    earlier run).
    """
    paths = list(paths)
    stats: Counter = Counter()
    if progress is None:
        progress = sys.stderr.isatty()
    files = list(expand(paths)) if progress else None  # (listed only to count them: a run without a bar streams)
    if resume:
        if not isinstance(output, str) or output == "-":
            raise ValueError("resume needs an output path (-o OUT)")
        runs, last = completed(output)
        stats["resumed"] = sum(n for _, n in runs)
        caps = remaining(paths, runs, last, kind=kind, max_bytes=max_bytes)
    total = count_documents(files, kind) if files is not None else None
    bar = Progress(progress, total=total, initial=stats["resumed"])
    if not resume:
        caps = _read(files, kind, max_bytes, bar) if files is not None else captures(paths, kind, max_bytes)
    out, own = _open(output, append=resume)
    lines = article_lines(caps, nlp=nlp, workers=workers, timeout=timeout, make_pipeline=make_pipeline)
    try:
        for line in lines:
            write_line(out, line, terminal=out is sys.stdout)
            stats["articles"] += 1
            stats["with errors"] += line.has_errors
            stats["with notes"] += line.has_notes
            if stats["articles"] % FLUSH_EVERY == 0:
                out.flush()
            bar.update(1)
            if line.failure is not None:
                stats["failed"] += 1
                bar.say(f"copydesk: {line.failure}")
                if not keep_going:
                    break
    finally:
        close = getattr(lines, "close", None)  # a pool's generator: its workers stop now, not when it is collected
        if close is not None:
            close()
        bar.close()
        out.flush()
        if own:
            out.close()
    return stats


def _read(files: list[str], kind: str, max_bytes: int, bar: Progress) -> Iterator[Capture]:
    """The captures of `files`, in order, telling `bar` which file is being read."""
    for index, path in enumerate(files, 1):
        bar.reading(index, len(files))
        yield from captures([path], kind=kind, max_bytes=max_bytes)


def write_article(out: TextIO, article: Article, *, terminal: bool = False) -> None:
    """One JSON line; all in ASCII escapes when the stream cannot encode it (a lone surrogate from a file name
    that is not UTF-8, or a stream that is not UTF-8), which reads back as the same Article. On stdout (`terminal`),
    which may be a terminal, DEL, C1 controls and bidi overrides are written as escapes too: the same Article."""
    write_line(out, ArticleLine.of(article), terminal=terminal)


def write_line(out: TextIO, line: ArticleLine, *, terminal: bool = False) -> None:
    """`write_article` for an Article already encoded: the same bytes."""
    text = json_for_terminal(line.json) if terminal else line.json
    try:
        out.write(text + "\n")
    except UnicodeEncodeError:  # raised while encoding, before anything reached the stream
        # What Article.to_json(ascii=True) gives: the same object, every non-ASCII character escaped.
        out.write(json.dumps(json.loads(line.json), ensure_ascii=True, separators=(",", ":")) + "\n")


def _open(output: str | TextIO, append: bool) -> tuple[TextIO, bool]:
    """The stream to write to, and whether this run opened it (and so closes it)."""
    if not isinstance(output, str):
        return output, False
    if output == "-":
        return sys.stdout, False
    return open(output, "a" if append else "w", encoding="utf-8", newline="\n"), True
