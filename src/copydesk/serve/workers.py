"""The server's parsers: a bounded pool of worker processes, each request parsed under a time limit.

One slow page must not hold up the others, and a page can be slow in C code
(lxml, spaCy) that no thread can interrupt. So `POST /api/parse` never parses
in the server process: it hands the capture to one of `workers` processes,
each with both pipelines (with and without NLP) built and warmed up before it
takes its first document, and waits at most `timeout` seconds for the Article.

- A worker still on its document after `timeout` seconds is killed (SIGKILL:
  a hung C call ignores anything else) and a new one started in its place;
  the request gets an Article holding only E108, which the API refuses with 422.
- A request that finds every worker busy waits at most `timeout` seconds for
  one to come free, then is refused with 503 (E417), so no request is held
  up by others for longer than its own budget.
- Workers refuse every outbound connection (see `forbid_outbound_connections`):
  what they parse is untrusted, and nothing in parsing needs the network.
- "spawn" start method, as in `runners/pool.py`: a worker starts from a clean
  interpreter, not from a fork of a server that holds threads and sockets.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import signal
import sys
import threading
import time
import weakref

from ..errors import CopydeskError, DocumentTimeout, ServerBusy, StageFailure, failure_message
from ..model import Article, Capture
from ..runners.pool import STARTUP_S, WorkerSetupError, failed_article
from . import PARSE_TIMEOUT, PARSE_WORKERS


def forbid_outbound_connections() -> None:
    """Make this process refuse every outbound socket connection from Python code, for good.

    The server reads what it is sent and never fetches a URL it is given; a library that would fetch one
    on its own (htmldate downloads a "page" whose whole text is a URL) fails here instead. Listening and
    accepting are untouched, and so is PostgreSQL (libpq connects from C, outside Python's sockets).
    Called by `copydesk serve` and in every parse worker: an audit hook cannot be removed, so a test
    process never installs it.
    """

    def hook(event: str, args: tuple) -> None:
        if event == "socket.connect":
            raise PermissionError(f"copydesk serve makes no outbound connections (refused {args[1]!r})")

    sys.addaudithook(hook)


def _work(conn) -> None:
    """Worker process: build and warm up both pipelines, then parse (capture, nlp) jobs until told to stop."""
    from ..pipeline import Pipeline
    from ..runners.pool import warm_up
    from ..runners.threads import RenewedThread

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it stops the workers
    forbid_outbound_connections()
    pipelines = {nlp: RenewedThread(warm_up(Pipeline(nlp=nlp))) for nlp in (False, True)}
    conn.send("ready")
    while (job := conn.recv()) is not None:
        capture, nlp = job
        try:
            article = pipelines[nlp](capture)
        except Exception as e:  # the pipeline records stage failures itself; this is the last line of defence
            article = failed_article(capture, StageFailure(failure_message(e), stage="pipeline"))
        conn.send(article)


class _Parser:
    """One worker process and its pipe."""

    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_work, args=(child,), daemon=True, name="copydesk-serve-parser")
        self.proc.start()
        child.close()

    def wait_ready(self, timeout: float) -> bool:
        try:
            return self.conn.poll(timeout) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            return False

    def parse(self, capture: Capture, nlp: bool, timeout: float) -> Article | CopydeskError:
        """The Article, or the error that stands for it when the worker took too long or died."""
        try:
            self.conn.send((capture, nlp))
            if self.conn.poll(timeout):
                return self.conn.recv()
        except (EOFError, OSError):
            return StageFailure(
                f"the parse worker died (exit code {self.proc.exitcode}) on this document", stage="serve"
            )
        return DocumentTimeout(
            f"no result after {timeout:g} s; the document was abandoned and its worker replaced", stage="serve"
        )

    def stop(self) -> None:
        """End the process at once (idle or hung alike: a worker holds nothing that needs saving)."""
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class ParsePool:
    """`workers` parse processes shared by every request; `parse()` is called from request threads."""

    def __init__(self, workers: int = PARSE_WORKERS, timeout: float = PARSE_TIMEOUT):
        if workers < 1:
            raise ValueError("workers must be 1 or more")
        if timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        self.workers, self.timeout = workers, timeout
        self._ctx = mp.get_context("spawn")
        self._idle: queue.SimpleQueue[_Parser] = queue.SimpleQueue()
        self._live: set[_Parser] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._failed: str | None = None
        self._starting: list[threading.Thread] = []
        for _ in range(workers):
            self._start()
        weakref.finalize(self, _stop_all, self._live, self._lock)

    def _start(self) -> None:
        """Start a worker; it joins the idle ones once warm, on a thread of its own, so no request waits on it."""
        parser = _Parser(self._ctx)
        thread = threading.Thread(target=self._welcome, args=(parser,), daemon=True, name="copydesk-parser-start")
        with self._lock:
            self._live.add(parser)
            self._starting = [t for t in self._starting if t.is_alive()] + [thread]
        thread.start()

    def _welcome(self, parser: _Parser) -> None:
        if parser.wait_ready(STARTUP_S) and not self._closed:
            self._idle.put(parser)
            return
        if not self._closed:
            code = parser.proc.exitcode
            self._failed = (
                f"a parse worker exited (code {code}) before it was ready"
                if code is not None
                else f"a parse worker was not ready after {STARTUP_S:g} s"
            )
            print(f"copydesk serve: {self._failed}", file=sys.stderr)
        self._retire(parser)

    def _retire(self, parser: _Parser) -> None:
        with self._lock:
            self._live.discard(parser)
        parser.stop()

    def wait_ready(self) -> None:
        """Block until every worker started so far is warm (a server about to listen waits so for its first ones);
        raise if one could not start."""
        with self._lock:
            starting = list(self._starting)
        for thread in starting:
            thread.join()
        if self._failed:
            raise WorkerSetupError(self._failed)

    def parse(self, capture: Capture, nlp: bool = True) -> Article:
        """Parse `capture` on a free worker: at most `timeout` s waiting for one and `timeout` s parsing.

        Raises ServerBusy when no worker came free in time. A document past its time (or one that killed its
        worker) gives an Article with E108 (or E901) only, and its worker is replaced.
        """
        parser = self._free_parser()
        result = parser.parse(capture, nlp, self.timeout)
        if isinstance(result, Article):
            self._idle.put(parser)
            return result
        self._retire(parser)
        if not self._closed:
            self._start()
        return failed_article(capture, result)

    def _free_parser(self) -> _Parser:
        """An idle worker that is alive (one that died idle, killed for memory say, is replaced on the way)."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                parser = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise ServerBusy(
                    f"every parse worker stayed busy for {self.timeout:g} s: try again later", stage="serve"
                ) from None
            if parser.proc.is_alive():
                return parser
            self._retire(parser)
            if not self._closed:
                self._start()

    def close(self) -> None:
        """Stop every worker; requests still waiting get ServerBusy once their wait is over."""
        self._closed = True
        _stop_all(self._live, self._lock)


def _stop_all(live: set[_Parser], lock: threading.Lock) -> None:
    with lock:
        parsers = list(live)
        live.clear()
    for parser in parsers:
        parser.stop()
