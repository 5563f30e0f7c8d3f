"""A process pool for the pipeline that keeps input order, bounds memory and enforces a time limit per document.

Why not concurrent.futures or multiprocessing.Pool: neither can stop one hung
task without breaking the whole pool. Here each worker is a process of its
own with its own pipe; a worker past its deadline on a document is killed and
replaced, and that document is recorded as E108.

- Documents go out in batches (up to `BATCH_BYTES` of capture data,
  `BATCH_DOCS` documents or about `BATCH_SECONDS` of parsing, whichever comes
  first): structure recovery takes a few milliseconds a document, not much
  more than handing one over alone costs.
  Each worker has one batch queued behind the one it is on, so it never waits
  for the parent. It sends each result back as soon as it has it, and runs its
  batches in order, so the parent knows which document it is on and since
  when (since the previous result came). A document that times out or kills
  its worker is the only one recorded as failed: the rest of that worker's
  queue is handed out again.
- The parent never blocks on a worker: a sender thread per worker writes its
  batches, so a worker stuck in a C call (with its pipe full) cannot hold up
  the deadlines of the others.
- One pipeline per worker, built once (spaCy loads once per worker) and warmed
  up before the worker says it is ready, so model loading never counts
  against a document's time limit. It parses on a thread renewed every 1,000
  documents, so that lxml's name dictionary stays bounded (`threads.py`).
- At most `window` documents and `window_bytes` of capture data are between
  reading and writing (in workers or waiting for an earlier one to finish):
  memory does not grow with the corpus.
- How a worker starts: the first workers of a run are forked from the parent
  on Linux when it runs no other thread (the command line): the parent builds
  and warms one pipeline first, and each worker starts with a copy of it, so
  neither the imports nor the models load again (each spawned worker spent
  about 0.6 s of CPU on them, spaCy's model more). Otherwise, and for a worker
  that replaces one that died or hung (the senders' threads run by then), the
  "spawn" method: a clean interpreter that builds its own pipeline, never a
  fork of a process holding threads or their locks.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from ..errors import MESSAGE_CHARS, CopydeskError, DocumentTimeout, StageFailure, failure_message
from ..model import Article, Capture, ErrorInfo, Source
from ..pipeline import Pipeline, article_id, document_kind_of
from .threads import RenewedThread

STARTUP_S = 600.0  # a worker that cannot build its pipeline in this long is a setup failure, not a document's
BATCH_BYTES = 256 * 1024  # capture data in one batch (a single larger document goes alone)
BATCH_DOCS = 64  # documents in one batch
# And about this long to parse, by the documents so far (one a batch until a result came): slow documents (spaCy's
# hundreds of milliseconds) go one or two at a time, so a small run still spreads over the workers.
BATCH_SECONDS = 0.1
QUEUED_BATCHES = 2  # per worker: the one it is on and the next
# In flight, per worker: read and not yet written. A slow document holds up the output while the other workers go
# on; a window of a few batches left them idle behind one 1.5 s page (over the 709 wcxb pages, 9.0 s against 11.5 s).
WINDOW_BYTES = 8 * 1024 * 1024
WINDOW_DOCS = 1024

# A worker is one of several processes sharing the cores: a BLAS thread pool in each (numpy's, for the structure
# model) would only compete with the others, and OpenBLAS's threads spin while they wait. Unless the user set them.
WORKER_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _worker_blas_threads() -> None:
    """In a worker: numpy's BLAS on the threads OPENBLAS_NUM_THREADS names (WORKER_ENV's one, unless the user set
    another). A spawned worker read it as numpy loaded; a forked one inherited a BLAS loaded before, with the
    parent's threads."""
    from threadpoolctl import threadpool_limits

    threads = os.environ.get("OPENBLAS_NUM_THREADS", "1")
    threadpool_limits(limits=max(1, int(threads)) if threads.isdigit() else 1, user_api="blas")


def one_blas_thread() -> None:
    """numpy's BLAS on one thread in this process, unless the user set a number in the environment.

    The line model's one matrix product per capture (a few hundred lines by 85 features by 48) costs OpenBLAS's
    thread pool several times what it costs one thread (over the 2,127 wcxb text captures, 0.31 against 0.62 s
    on an idle machine, 3.2 s on a busy one), and the pool's threads spin on the other cores meanwhile. The
    command line calls this; a library caller keeps numpy as it set it.
    """
    if any(name in os.environ for name in WORKER_ENV):
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


Job = tuple[int, Capture]  # (position in the input, capture)

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
        source=Source(document_kind_of(capture), capture.path, capture.url, capture.record_id, capture.fetched_at),
        errors=[ErrorInfo.from_error(err)],
    )


@dataclass(frozen=True)
class ArticleLine:
    """An Article as its JSON line (`Article.to_json()`), made where it was parsed, whether it has errors, why its
    input failed (`failure_line`; None when it was read), and whether it has notes: what `copydesk parse` writes,
    counts and reports, without the parent decoding and encoding every Article again."""

    json: str
    has_errors: bool
    failure: str | None = None
    has_notes: bool = False

    @classmethod
    def of(cls, article: Article) -> ArticleLine:
        return cls(article.to_json(), bool(article.errors), failure_line(article), bool(article.notes))


def failure_line(article: Article) -> str | None:
    """Why the article's input failed, as one line for stderr (`where: [code] message`), or None when it was read."""
    error = article.failure()
    if error is None:
        return None
    src = article.source
    where = src.path or src.url or src.record_id or article.id
    message = error.message if error.message.startswith(where) else f"{where}: {error.message}"
    return f"[{error.code}] {message}"[:MESSAGE_CHARS]


def warm_up(pipeline: Pipeline) -> Pipeline:
    """Run every stage once, so lazy models (language id, spaCy) load now and not inside a document's time."""
    for stage in getattr(pipeline, "annotators", ()):
        getattr(stage, "nlp", None)  # the NLP stage's model loads on first access
    pipeline(Capture(data=_WARM_UP, kind="text"))
    return pipeline


def capture_bytes(capture: Capture) -> int:
    """The size of a capture's data, as the batches and the window count it (characters for text)."""
    return len(capture.data)


def _serve(conn, make_pipeline: Callable[[], Pipeline] | Pipeline, lines: bool) -> None:
    """Worker process: build the pipeline once (or take the warmed one a fork inherited), then parse batches from
    the pipe, one result sent per document (an ArticleLine when `lines`, else the Article)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    _worker_blas_threads()
    warmed = make_pipeline if isinstance(make_pipeline, Pipeline) else warm_up(make_pipeline())
    pipeline = RenewedThread(warmed)
    conn.send(("ready", None))
    while True:
        batch = conn.recv()
        if batch is None:
            return
        for seq, capture in batch:
            try:
                article = pipeline(capture)
            except Exception as e:  # the pipeline records stage failures itself; this is the last line of defence
                article = failed_article(capture, StageFailure(failure_message(e), stage="pipeline"))
            conn.send((seq, ArticleLine.of(article) if lines else article))


class _Worker:
    """One worker process, its pipe, the thread that writes to it, and the documents sent to it and not answered."""

    def __init__(self, ctx, make_pipeline: Callable[[], Pipeline] | Pipeline, lines: bool):
        """Start the process (`make_pipeline` a warmed Pipeline only for a forked one); `start_sender()` follows,
        once every worker that is to be forked has been."""
        self.conn, child = ctx.Pipe()
        args = (child, make_pipeline, lines)
        self.proc = ctx.Process(target=_serve, args=args, daemon=True, name="copydesk-worker")
        _start_with_env(self.proc, WORKER_ENV)
        child.close()
        self.born = time.monotonic()
        self.ready = False
        self.batches: deque[deque[Job]] = deque()  # in the order the worker runs them; its first job is running
        self.started = 0.0  # when the running job started
        self.outbox: queue.SimpleQueue = queue.SimpleQueue()
        self.failure: Exception | None = None  # what the sender thread could not send (a capture that won't pickle)
        self.sender = threading.Thread(target=self._write, daemon=True, name="copydesk-worker-sender")

    def start_sender(self) -> _Worker:
        self.sender.start()
        return self

    def _write(self) -> None:
        """Sender thread: write each message in the outbox to the pipe, until None or a dead pipe."""
        while True:
            message = self.outbox.get()
            try:
                self.conn.send(message)
            except OSError:  # the worker died or was killed: its jobs are accounted for by the parent
                return
            except Exception as e:  # raised in the parent's loop, as a send from there would have
                self.failure = e
                return
            if message is None:
                return

    @property
    def busy(self) -> bool:
        """Whether the worker has documents sent and not answered."""
        return bool(self.batches)

    def send(self, batch: list[Job]) -> None:
        """Queue `batch` behind the worker's other jobs (its sender thread writes it to the pipe)."""
        if not self.batches:
            self.started = time.monotonic()
        self.batches.append(deque(batch))
        self.outbox.put(batch)

    def done(self, seq: int) -> float:
        """File the result for `seq`, the running job: the next one in its queue starts now. Seconds it took."""
        running = self.batches[0]
        assert running[0][0] == seq, "a worker answered out of order"
        running.popleft()
        if not running:
            self.batches.popleft()
        now = time.monotonic()
        seconds, self.started = now - self.started, now
        return seconds

    def jobs(self) -> list[Job]:
        """Every job sent and not answered, the running one first."""
        return [job for batch in self.batches for job in batch]

    def stop(self, kill: bool = False) -> None:
        """End the process: politely when idle, SIGKILL when it is hung (a hung C call ignores anything else)."""
        if not kill and self.proc.is_alive():
            self.outbox.put(None)
            self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.outbox.put(None)  # wakes an idle sender; one blocked on the pipe fails now that the worker is gone
        self.sender.join(5)
        self.conn.close()


def _start_with_env(proc, env: dict[str, str]) -> None:
    """Start a spawned process with `env` added to its environment (a variable already set keeps its value)."""
    added = {k: v for k, v in env.items() if k not in os.environ}
    os.environ.update(added)
    try:
        proc.start()
    finally:
        for k in added:
            del os.environ[k]


class _Intake:
    """The documents not yet handed out, in input order: first those taken back from a replaced worker, then the
    source; with the window that bounds what is in flight."""

    seconds_per_doc: float | None = None  # a moving average over the documents parsed so far

    def __init__(self, captures: Iterable[Capture], window: int, window_bytes: int):
        self.source = iter(enumerate(captures))
        self.window, self.window_bytes = window, window_bytes
        self.retry: deque[Job] = deque()  # already read and counted in the window
        self.held: Job | None = None  # read, but not yet admitted to the window
        self.sizes: dict[int, int] = {}  # every document admitted and not yet written: its size
        self.in_flight_bytes = 0
        self.exhausted = False

    def parsed(self, seconds: float) -> None:
        """Count a document that took `seconds` into the average that sizes the batches."""
        average = self.seconds_per_doc
        self.seconds_per_doc = seconds if average is None else 0.9 * average + 0.1 * seconds

    def take_back(self, jobs: list[Job]) -> None:
        """Jobs a replaced worker had not done, to be handed out again before anything later in the input."""
        self.retry = deque(sorted([*self.retry, *jobs], key=lambda job: job[0]))

    def written(self, seq: int) -> None:
        self.in_flight_bytes -= self.sizes.pop(seq)

    @property
    def empty(self) -> bool:
        return self.exhausted and not self.retry and self.held is None and not self.sizes

    def batch(self) -> list[Job]:
        """The next batch: up to BATCH_DOCS documents, BATCH_BYTES of data and BATCH_SECONDS of parsing, within
        the window (maybe empty).

        Only the byte limits need a document read to be checked: one read and not admitted waits in `held`.
        """
        batch: list[Job] = []
        size = 0
        average = self.seconds_per_doc
        docs = 1 if average is None else max(1, min(BATCH_DOCS, int(BATCH_SECONDS / max(average, 1e-6))))
        while len(batch) < docs and size < BATCH_BYTES:
            if self.retry:
                seq, capture = self.retry.popleft()
                batch.append((seq, capture))
                size += self.sizes[seq]
                continue
            if len(self.sizes) >= self.window or (job := self._next()) is None:
                break
            n = capture_bytes(job[1])
            if (self.sizes and self.in_flight_bytes + n > self.window_bytes) or (batch and size + n > BATCH_BYTES):
                break  # it waits in `held` until there is room
            self.held = None
            self.sizes[job[0]] = n
            self.in_flight_bytes += n
            batch.append(job)
            size += n
        return batch

    def _next(self) -> Job | None:
        """The held document, or the next one from the source (None at its end)."""
        if self.held is None and not self.exhausted:
            self.held = next(self.source, None)
            self.exhausted = self.held is None
        return self.held


def pooled(
    captures: Iterable[Capture],
    make_pipeline: Callable[[], Pipeline],
    *,
    workers: int,
    timeout: float | None = None,
    window: int | None = None,
    window_bytes: int | None = None,
) -> Iterator[Article]:
    """Articles for `captures` from `workers` processes, strictly in input order.

    A document still running after `timeout` seconds becomes an Article with
    E108 and its worker is replaced; a worker that dies on a document gives
    that document E901. Neither stops the run: the documents queued behind it
    go to a worker again. `window` and `window_bytes` bound the documents in
    flight (default: WINDOW_DOCS and WINDOW_BYTES a worker).
    """
    return _pooled(captures, make_pipeline, workers, timeout, window, window_bytes, lines=False)


def pooled_lines(
    captures: Iterable[Capture],
    make_pipeline: Callable[[], Pipeline],
    *,
    workers: int,
    timeout: float | None = None,
    window: int | None = None,
    window_bytes: int | None = None,
) -> Iterator[ArticleLine]:
    """`pooled`, each Article as its JSON line, encoded in the worker that parsed it."""
    return _pooled(captures, make_pipeline, workers, timeout, window, window_bytes, lines=True)


def _pooled(
    captures: Iterable[Capture],
    make_pipeline: Callable[[], Pipeline],
    workers: int,
    timeout: float | None,
    window: int | None,
    window_bytes: int | None,
    lines: bool,
) -> Iterator[Any]:
    window = window or WINDOW_DOCS * workers
    window_bytes = window_bytes or WINDOW_BYTES * workers
    pool = [w.start_sender() for w in _first_workers(make_pipeline, workers, lines)]
    spawn = mp.get_context("spawn")  # for a worker that replaces one
    intake = _Intake(captures, window, window_bytes)
    finished: dict[int, Any] = {}  # results waiting for an earlier document: at most `window`
    record = ArticleLine.of if lines else None  # what an Article the parent makes becomes
    next_out = 0
    try:
        while True:
            for w in pool:
                while w.ready and len(w.batches) < QUEUED_BATCHES and (batch := intake.batch()):
                    w.send(batch)
            while next_out in finished:
                intake.written(next_out)
                yield finished.pop(next_out)
                next_out += 1
            if intake.empty:
                return
            for i, w in enumerate(pool):
                if _check(w, timeout, finished, intake, record):
                    pool[i] = _Worker(spawn, make_pipeline, lines).start_sender()
            _receive(pool, finished, intake, timeout)
    finally:
        for w in pool:
            w.stop(kill=w.busy)


def _first_workers(make_pipeline: Callable[[], Pipeline], workers: int, lines: bool) -> list[_Worker]:
    """The run's first workers: forked from this process with a copy of one pipeline warmed here, where a fork is
    safe (Linux, no thread but this one); else spawned, each building its own."""
    if not can_fork():
        spawn = mp.get_context("spawn")
        return [_Worker(spawn, make_pipeline, lines) for _ in range(workers)]
    try:
        warmed = warm_up(make_pipeline())
    except Exception as e:  # as a worker that cannot build its pipeline: the run cannot start
        raise WorkerSetupError(f"the workers' pipeline could not be built: {failure_message(e)}") from e
    fork = mp.get_context("fork")
    return [_Worker(fork, warmed, lines) for _ in range(workers)]


def can_fork() -> bool:
    """Whether a worker may be forked from this process: on Linux, with no thread running but this one (a fork
    copies a thread's locks, not the thread)."""
    return sys.platform == "linux" and threading.active_count() == 1


def _receive(pool: list[_Worker], finished: dict[int, Any], intake: _Intake, timeout: float | None) -> None:
    """Wait for a result, a worker ready or dead, or the nearest deadline; file what came."""
    now = time.monotonic()
    deadlines = [w.started + timeout - now for w in pool if w.busy and timeout is not None]
    limit = max(0.0, min(deadlines)) if deadlines else 1.0
    by_conn = {w.conn: w for w in pool}
    for obj in wait([*by_conn, *(w.proc.sentinel for w in pool)], limit):
        if obj in by_conn:
            _drain(by_conn[obj], finished, intake)  # a death shows as a sentinel and as EOF: _check files it next round


def _drain(w: _Worker, finished: dict[int, Any], intake: _Intake) -> None:
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
            intake.parsed(w.done(tag))


def _check(
    w: _Worker,
    timeout: float | None,
    finished: dict[int, Any],
    intake: _Intake,
    record: Callable[[Article], Any] | None,
) -> bool:
    """Record and stop a worker that is past its deadline or dead; True when it must be replaced.

    Only the document it was on is recorded as failed; the rest of its queue goes back to `intake`.
    """
    if w.failure is not None:
        raise w.failure
    _drain(w, finished, intake)  # what it sent before it died or before its deadline still counts
    if not w.proc.is_alive():
        if not w.busy and not w.ready:
            raise WorkerSetupError(f"a worker process exited (code {w.proc.exitcode}) before its pipeline was ready")
        err: CopydeskError = StageFailure(
            f"the worker process died (exit code {w.proc.exitcode}) on this document", stage="runner"
        )
    elif w.busy and timeout is not None and time.monotonic() - w.started > timeout:
        err = DocumentTimeout(f"no result after {timeout:g} s; the document was abandoned and its worker replaced")
    else:
        if not w.ready and time.monotonic() - w.born > STARTUP_S:
            raise WorkerSetupError(f"a worker process was not ready after {STARTUP_S:g} s")
        return False
    jobs = w.jobs()
    w.stop(kill=True)
    if jobs:
        seq, capture = jobs[0]
        article = failed_article(capture, err)
        finished[seq] = record(article) if record else article
        intake.take_back(jobs[1:])
    return True
