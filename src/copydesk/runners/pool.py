"""A process pool for the pipeline that keeps input order, bounds memory and enforces a time limit per document.

Why not concurrent.futures or multiprocessing.Pool: neither can stop one hung
task without breaking the whole pool. Here each worker is a process of its
own with its own pipe, doing one document at a time; a worker past its
deadline is killed and replaced, and its document is recorded as E108.

- One pipeline per worker, built once (spaCy loads once per worker) and warmed
  up before the worker says it is ready, so model loading never counts
  against a document's time limit. It parses on a thread renewed every 1,000
  documents, so that lxml's name dictionary stays bounded (`threads.py`).
- At most `window` documents are between reading and writing (in workers or
  waiting for an earlier one to finish): memory does not grow with the corpus.
- "spawn" start method: a worker starts from a clean interpreter, not from a
  fork of a parent that may hold threads (the progress bar's) or locks.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait

from ..errors import CopydeskError, DocumentTimeout, StageFailure, failure_message
from ..model import Article, Capture, ErrorInfo, Source
from ..pipeline import Pipeline, article_id
from .threads import RenewedThread

STARTUP_S = 600.0  # a worker that cannot build its pipeline in this long is a setup failure, not a document's

# A short English text: building it runs every stage once, so lazy models (language id, spaCy) load at startup.
_WARM_UP = (
    "Warm-up\n"
    "The minister said on Tuesday that the new bridge would open next spring, ahead of schedule.\n"
    '"We are proud of the workers who built it," she told reporters in the capital.\n'
)


class WorkerSetupError(CopydeskError):
    """A worker process died or hung before its pipeline was ready."""

    code = "E900"
    stage = "runner"


def failed_article(capture: Capture, err: CopydeskError) -> Article:
    """The Article recorded for a document the runner could not get parsed."""
    return Article(
        id=article_id(capture),
        source=Source(capture.kind, capture.path, capture.url, capture.record_id, capture.fetched_at),
        errors=[ErrorInfo.from_error(err)],
    )


def warm_up(pipeline: Pipeline) -> Pipeline:
    """Run every stage once, so lazy models (language id, spaCy) load now and not inside a document's time."""
    for stage in getattr(pipeline, "annotators", ()):
        getattr(stage, "nlp", None)  # the NLP stage's model loads on first access
    pipeline(Capture(data=_WARM_UP, kind="text"))
    return pipeline


def _serve(conn, make_pipeline: Callable[[], Pipeline]) -> None:
    """Worker process: build the pipeline once, then parse documents from the pipe until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    pipeline = RenewedThread(warm_up(make_pipeline()))
    conn.send(("ready", None))
    while True:
        job = conn.recv()
        if job is None:
            return
        seq, capture = job
        try:
            article = pipeline(capture)
        except Exception as e:  # the pipeline records stage failures itself; this is the last line of defence
            article = failed_article(capture, StageFailure(failure_message(e), stage="pipeline"))
        conn.send((seq, article))


class _Worker:
    """One worker process, its pipe, and the document it is on."""

    def __init__(self, ctx, make_pipeline: Callable[[], Pipeline]):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, make_pipeline), daemon=True, name="copydesk-worker")
        self.proc.start()
        child.close()
        self.born = time.monotonic()
        self.ready = False
        self.job: tuple[int, Capture, float] | None = None  # (seq, capture, started)

    def send(self, seq: int, capture: Capture) -> None:
        self.job = (seq, capture, time.monotonic())
        self.conn.send((seq, capture))

    def stop(self, kill: bool = False) -> None:
        """End the process: politely when idle, SIGKILL when it is hung (a hung C call ignores anything else)."""
        if not kill and self.proc.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                kill = True
            self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


def pooled(
    captures: Iterable[Capture],
    make_pipeline: Callable[[], Pipeline],
    *,
    workers: int,
    timeout: float | None = None,
    window: int | None = None,
) -> Iterator[Article]:
    """Articles for `captures` from `workers` processes, strictly in input order.

    A document still running after `timeout` seconds becomes an Article with
    E108 and its worker is replaced; a worker that dies on a document gives
    that document E901. Neither stops the run.
    """
    ctx = mp.get_context("spawn")
    window = window or 4 * workers
    pool = [_Worker(ctx, make_pipeline) for _ in range(workers)]
    source = iter(enumerate(captures))
    finished: dict[int, Article] = {}  # results waiting for an earlier document: at most `window`
    next_in = next_out = 0
    exhausted = False
    try:
        while True:
            for w in pool:
                if exhausted or next_in - next_out >= window:
                    break
                if w.ready and w.job is None:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                        break
                    w.send(*item)
                    next_in += 1
            while next_out in finished:
                yield finished.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_in:
                return
            for i, w in enumerate(pool):
                replaced = _check(w, timeout, finished)
                if replaced:
                    pool[i] = _Worker(ctx, make_pipeline)
            _receive(pool, finished, timeout)
    finally:
        for w in pool:
            w.stop(kill=w.job is not None)


def _receive(pool: list[_Worker], finished: dict[int, Article], timeout: float | None) -> None:
    """Wait for a result, a worker ready or dead, or the nearest deadline; file what came."""
    now = time.monotonic()
    deadlines = [w.job[2] + timeout - now for w in pool if w.job is not None and timeout is not None]
    limit = max(0.0, min(deadlines)) if deadlines else 1.0
    by_conn = {w.conn: w for w in pool}
    for obj in wait([*by_conn, *(w.proc.sentinel for w in pool)], limit):
        if obj in by_conn:
            _drain(by_conn[obj], finished)  # a death shows as a sentinel and as EOF: _check files it next round


def _drain(w: _Worker, finished: dict[int, Article]) -> None:
    """File every message waiting in the worker's pipe (a dead worker's pipe reads as EOF)."""
    while True:
        try:
            if not w.conn.poll():
                return
            tag, payload = w.conn.recv()
        except (EOFError, OSError):
            return
        if tag == "ready":
            w.ready = True
        else:
            finished[tag] = payload
            w.job = None


def _check(w: _Worker, timeout: float | None, finished: dict[int, Article]) -> bool:
    """Record and stop a worker that is past its deadline or dead; True when it must be replaced."""
    if not w.proc.is_alive():
        _drain(w, finished)  # what it sent before it died still counts
        if w.job is None and not w.ready:
            raise WorkerSetupError(f"a worker process exited (code {w.proc.exitcode}) before its pipeline was ready")
        if w.job is not None:
            seq, capture, _ = w.job
            finished[seq] = failed_article(
                capture,
                StageFailure(f"the worker process died (exit code {w.proc.exitcode}) on this document", stage="runner"),
            )
        w.stop(kill=True)
        return True
    now = time.monotonic()
    if w.job is not None and timeout is not None and now - w.job[2] > timeout:
        seq, capture, _ = w.job
        w.stop(kill=True)
        finished[seq] = failed_article(
            capture,
            DocumentTimeout(f"no result after {timeout:g} s; the document was abandoned and its worker replaced"),
        )
        return True
    if not w.ready and now - w.born > STARTUP_S:
        raise WorkerSetupError(f"a worker process was not ready after {STARTUP_S:g} s")
    return False
