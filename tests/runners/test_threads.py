"""The pipeline's thread: results in call order, a new thread every N calls, exceptions raised in the caller, flat memory."""

from __future__ import annotations

import gzip
import sys
import threading

import pytest

from copydesk.model import Capture
from copydesk.pipeline import Pipeline
from copydesk.runners.threads import RenewedThread

from ..conftest import FIXTURES


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def test_threads_calls_keep_order_on_a_thread_renewed_every_n_calls():
    threads = []

    def square(x):
        threads.append(threading.current_thread())
        return x * x

    call = RenewedThread(square, every=3)
    assert [call(i) for i in range(7)] == [i * i for i in range(7)]
    assert threading.current_thread() not in threads
    assert [len(set(threads[i:i + 3])) for i in (0, 3, 6)] == [1, 1, 1] and len(set(threads)) == 3
    del call  # its thread ends with it
    for thread in set(threads):
        thread.join(60)  # a bound on a hang, not a speed
        assert not thread.is_alive()


def test_threads_exception_raises_in_the_caller_and_the_next_call_goes_on():
    def check(x):
        if x < 0:
            raise ValueError("negative")
        return x

    call = RenewedThread(check, every=10)
    with pytest.raises(ValueError, match="negative"):
        call(-1)
    assert call(2) == 2
    with pytest.raises(ValueError):
        RenewedThread(check, every=0)


def test_threads_pipeline_output_is_the_same_on_renewed_threads():
    pages = [gzip.decompress(p.read_bytes()) for p in sorted((FIXTURES / "html").glob("*.html.gz"))[:5]]
    caps = [Capture(data=page, kind="html", url=f"https://example.org/{i}") for i, page in enumerate(pages)]
    direct, renewed = Pipeline(nlp=False), RenewedThread(Pipeline(nlp=False), every=2)
    assert [renewed(c).to_json() for c in caps] == [direct(c).to_json() for c in caps]


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_threads_regression_lxml_names_of_many_pages_do_not_pile_up():
    # Broke: one thread parsed every page, and lxml's per-thread dictionary kept every tag and attribute name
    # it had seen: 3,000 pages of 400 new names each grew the process by ~45 MB. A renewed thread takes them along.
    call = RenewedThread(Pipeline(nlp=False), every=100)
    page = "<html><body><p {}>A paragraph of the page {}.</p></body></html>"
    earlier = set(threading.enumerate())
    call(Capture(data=page.format("warm", 0), kind="html"))
    before = _rss_kb()
    for i in range(3_000):
        call(Capture(data=page.format(" ".join(f"a{i}x{j}" for j in range(400)), i), kind="html"))
    call.close()
    for thread in set(threading.enumerate()) - earlier:  # the last one's dictionary goes when it has ended
        thread.join(60)
    assert _rss_kb() - before < 15_000
