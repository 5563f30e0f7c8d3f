"""The pipeline's thread: results in call order, a new thread every N calls, exceptions raised in the caller, flat
memory."""

from __future__ import annotations

import gzip
import subprocess
import sys
import threading

import pytest

from copydesk.model import Capture
from copydesk.pipeline import Pipeline
from copydesk.runners.threads import RenewedThread

from ..conftest import FIXTURES

# Parses 3,000 pages of 400 new attribute names each, on one thread or on renewed ones, in a fresh process;
# prints how much its resident set grew (kB).
_GROWTH = """
import sys, threading
from copydesk.model import Capture
from copydesk.pipeline import Pipeline
from copydesk.runners.threads import RenewedThread

def rss_kb():
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))

renewed = sys.argv[1] == "renewed"
call = RenewedThread(Pipeline(nlp=False), every=100) if renewed else Pipeline(nlp=False)
para = "<p {}>A paragraph of the page {}.</p>"

def page(i):  # 400 new names a page, 100 an element (the most an element keeps: extract/html.py)
    return "<html><body>" + "".join(para.format(" ".join(f"a{i}x{k}y{j}" for j in range(100)), i)
                                    for k in range(4)) + "</body></html>"

call(Capture(data="<html><body><p warm>A paragraph.</p></body></html>", kind="html"))
before = rss_kb()
for i in range(3_000):
    call(Capture(data=page(i), kind="html"))
if renewed:
    call.close()
    for thread in threading.enumerate():  # the last one's dictionary goes when it has ended
        if thread is not threading.main_thread():
            thread.join()
print(rss_kb() - before)
"""


def test_threads_calls_keep_order_on_a_thread_renewed_every_n_calls():
    threads = []

    def square(x):
        threads.append(threading.current_thread())
        return x * x

    call = RenewedThread(square, every=3)
    assert [call(i) for i in range(7)] == [i * i for i in range(7)]
    assert threading.current_thread() not in threads
    assert [len(set(threads[i : i + 3])) for i in (0, 3, 6)] == [1, 1, 1] and len(set(threads)) == 3
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
    # Broke: one thread parsed every page, and lxml's per-thread dictionary kept every tag and attribute name it
    # had seen: these 3,000 pages grow a process by ~45 MB on one thread, a few MB on threads renewed every 100.
    one, renewed = (
        int(subprocess.run([sys.executable, "-c", _GROWTH, how], check=True, capture_output=True, text=True).stdout)
        for how in ("one-thread", "renewed")
    )
    assert one > 20_000 and renewed < one / 3
