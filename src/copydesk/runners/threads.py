"""The pipeline on a thread of its own, replaced every so many documents, so that lxml's name dictionary stays small.

lxml interns every tag and attribute name a thread parses in a dictionary
that lives as long as the thread. Real pages keep bringing new names (broken
markup turns stray text into attribute names: over the 709 wcxb pages, ~3.6
new names a page in the second half), so a process that parses a crawl on
one thread holds a dictionary that grows with the corpus. It is freed only
with its thread: parsing on a thread that is replaced every `RENEW_EVERY`
documents keeps memory flat. Handing a document to that thread costs
microseconds against milliseconds of parsing.
"""

from __future__ import annotations

import queue
import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

RENEW_EVERY = 1_000  # documents per thread

T = TypeVar("T")


class RenewedThread(Generic[T]):
    """Calls `fn` on a worker thread of its own that is replaced after every `every` calls; its exceptions raise
    here."""

    def __init__(self, fn: Callable[..., T], every: int = RENEW_EVERY):
        if every < 1:
            raise ValueError("every must be 1 or more")
        self.fn, self.every = fn, every
        self._left = 0  # calls left to the current thread
        self._jobs: queue.SimpleQueue | None = None
        self._results: queue.SimpleQueue | None = None
        self._stop: weakref.finalize | None = None

    def __call__(self, *args) -> T:
        if self._left == 0 or self._jobs is None or self._results is None:
            self.close()
            self._jobs, self._results = queue.SimpleQueue(), queue.SimpleQueue()
            # A daemon: an interrupted run exits without waiting for the document in hand.
            threading.Thread(
                target=_work, args=(self.fn, self._jobs, self._results), daemon=True, name="copydesk-pipeline"
            ).start()
            # The thread ends on close(), or once this object is gone (a finished map() over it, say).
            self._stop = weakref.finalize(self, self._jobs.put, None)
            self._left = self.every
        self._left -= 1
        self._jobs.put(args)
        try:
            ok, value = self._results.get()
        except (
            BaseException
        ):  # interrupted while waiting (Ctrl-C): that thread ends after its call, the next call gets a new one
            self.close()
            raise
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Let the current thread end once its call is done."""
        if self._stop is not None:
            self._stop()
        self._jobs, self._results, self._stop, self._left = None, None, None, 0


def _work(fn: Callable, jobs: queue.SimpleQueue, results: queue.SimpleQueue) -> None:
    while (args := jobs.get()) is not None:
        try:
            results.put((True, fn(*args)))
        except BaseException as e:  # noqa: BLE001  handed to the caller, which raises it
            results.put((False, e))
