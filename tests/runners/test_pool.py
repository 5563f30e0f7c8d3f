"""The pool's batches: sized by bytes, one document failing inside a batch costs only that document, same output."""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from copydesk.model import Capture
from copydesk.pipeline import Pipeline
from copydesk.runners import parse_captures, run
from copydesk.runners import pool as pool_module
from copydesk.runners.pool import BATCH_BYTES, WorkerSetupError, _Intake, pooled

from ..conftest import FIXTURES, SAMPLE
from .test_local import MARK, StallingPipeline


class _Slow:
    """Wraps the real structure stage and takes `seconds` longer on every document."""

    def __init__(self, inner, seconds: float):
        self.inner, self.seconds = inner, seconds

    def __call__(self, *args):
        time.sleep(self.seconds)
        return self.inner(*args)


class BrokenPipeline:
    """A picklable pipeline factory that cannot build its pipeline."""

    def __call__(self) -> Pipeline:
        raise RuntimeError("no model here")


class SlowPipeline:
    """A picklable pipeline factory: a real Pipeline(nlp=False) that spends `seconds` more on each document."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __call__(self) -> Pipeline:
        pipeline = Pipeline(nlp=False)
        pipeline.structure = _Slow(pipeline.structure, self.seconds)
        return pipeline


@pytest.fixture(params=["fork", "spawn"])
def start(request, monkeypatch) -> str:
    """The run's first workers forked from this process with a warmed pipeline, or spawned (replacements always
    are): forking is decided by `can_fork()`, which depends on the threads other tests left running."""
    monkeypatch.setattr(pool_module, "can_fork", lambda: request.param == "fork")
    return request.param


@pytest.fixture()
def whole_batches(monkeypatch):
    """Batches sized as if documents took no time: the first batch holds every small test document."""
    monkeypatch.setattr(_Intake, "seconds_per_doc", 0.0)


def _caps(n: int, marked: tuple[int, ...] = ()) -> list[Capture]:
    """`n` small text captures (one batch holds them all), the ones at `marked` carrying the test marker."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.iterdir())]
    return [
        Capture(data=(f"{MARK}\n" if i in marked else "") + texts[i % len(texts)], kind="text", path=f"doc{i}")
        for i in range(n)
    ]


def _batches(sizes: list[int], seconds_per_doc: float | None, window: int = 100) -> list[list[int]]:
    """The batches an intake cuts from documents of `sizes` once documents take `seconds_per_doc` to parse."""
    intake = _Intake((Capture(data="x" * n) for n in sizes), window=window, window_bytes=10_000_000)
    if seconds_per_doc is not None:
        intake.parsed(seconds_per_doc)
    return [[seq for seq, _ in batch] for batch in iter(intake.batch, [])]


def test_pool_batches_are_sized_by_bytes_documents_and_parsing_time():
    sizes = [100_000, 100_000, 100_000, 600_000, 10, 10]
    assert _batches(sizes, 0.001) == [[0, 1], [2], [3], [4, 5]]  # 256 KB a batch; a larger document goes alone
    assert [len(b) for b in _batches([1] * 200, 0.001)] == [64, 36]  # then the window of 100 documents is full
    assert [len(b) for b in _batches([1] * 30, 0.01)] == [10, 10, 10]  # about 0.1 s of parsing
    assert [len(b) for b in _batches([1] * 3, 0.5)] == [1, 1, 1]  # slow documents go one at a time
    assert [len(b) for b in _batches([1] * 3, None)] == [1, 1, 1]  # and so do the first, before any result


def test_pool_in_flight_bytes_are_bounded():
    read = 0
    written = 0

    def source():
        nonlocal read
        for cap in _caps(30):
            read += len(cap.data)
            yield cap

    ahead = []
    window_bytes = 3 * max(len(c.data) for c in _caps(30))
    for article in pooled(source(), StallingPipeline("hang"), workers=2, window_bytes=window_bytes):
        written += len(next(c for c in _caps(30) if c.path == article.source.path).data)
        ahead.append(read - written)
    assert len(ahead) == 30
    assert max(ahead) <= window_bytes + BATCH_BYTES  # the window, and at most one document read and held back


def test_pool_hung_document_inside_a_batch_costs_only_that_document(whole_batches, start):
    caps = _caps(12, marked=(5,))
    expected = [a.to_json() for a in map(Pipeline(nlp=False), caps)]
    got = list(parse_captures(caps, workers=2, timeout=3, make_pipeline=StallingPipeline("hang")))
    assert [a.source.path for a in got] == [c.path for c in caps]
    assert [e.code for e in got[5].errors] == ["E108"]
    assert [a.to_json() for a in got[:5] + got[6:]] == expected[:5] + expected[6:]  # the rest of its batch re-sent


def test_pool_worker_dying_twice_in_one_batch_costs_only_those_documents(whole_batches, start):
    caps = _caps(12, marked=(3, 7))
    expected = [a.to_json() for a in map(Pipeline(nlp=False), caps)]
    got = list(parse_captures(caps, workers=2, timeout=60, make_pipeline=StallingPipeline("exit")))
    assert [a.source.path for a in got] == [c.path for c in caps]
    assert [i for i, a in enumerate(got) if a.errors] == [3, 7]
    assert all(a.errors[0].code == "E901" and "died" in a.errors[0].message for a in (got[3], got[7]))
    assert [a.to_json() for i, a in enumerate(got) if i not in (3, 7)] == [
        e for i, e in enumerate(expected) if i not in (3, 7)
    ]


def test_pool_worker_killed_from_outside_mid_batch_costs_only_its_document(whole_batches, start):
    caps = _caps(16)
    expected = [a.to_json() for a in map(Pipeline(nlp=False), caps)]
    got = []
    for article in pooled(caps, SlowPipeline(0.2), workers=1):
        if not got:  # the only worker is a document into its batch of 16: kill it
            (worker,) = mp.active_children()
            os.kill(worker.pid, signal.SIGKILL)
        got.append(article)
    assert [a.source.path for a in got] == [c.path for c in caps]
    (failed,) = [i for i, a in enumerate(got) if a.errors]
    assert got[failed].errors[0].code == "E901" and "died" in got[failed].errors[0].message
    assert [a.to_json() for i, a in enumerate(got) if i != failed] == [e for i, e in enumerate(expected) if i != failed]


@pytest.mark.parametrize("workers", [1, 2])
def test_pool_output_is_identical_to_one_process_on_the_fixtures(tmp_path, workers, start):
    folder = tmp_path / "fixtures"
    for name in ("text", "html", "md", "shapes", "warc"):
        shutil.copytree(FIXTURES / name, folder / name)
    one, pool = tmp_path / "one.jsonl", tmp_path / "pool.jsonl"
    stats = run([str(folder)], nlp=False, output=str(one))
    run([str(folder)], nlp=False, workers=workers, timeout=None if workers > 1 else 60, output=str(pool))
    assert stats["articles"] > 60 and one.read_bytes() == pool.read_bytes()


class CountingPipeline:
    """A picklable pipeline factory that counts, in the process that calls it, the pipelines it built."""

    built = 0

    def __call__(self) -> Pipeline:
        CountingPipeline.built += 1
        return Pipeline(nlp=False)


def test_pool_forked_workers_share_the_pipeline_warmed_here_and_spawned_ones_build_their_own(start):
    CountingPipeline.built = 0
    caps = _caps(6)
    got = list(parse_captures(caps, workers=2, timeout=60, make_pipeline=CountingPipeline()))
    assert [a.to_json() for a in got] == [a.to_json() for a in map(Pipeline(nlp=False), caps)]
    assert CountingPipeline.built == (1 if start == "fork" else 0)


def test_pool_forks_only_where_no_other_thread_runs():
    script = "from copydesk.runners.pool import can_fork; import threading; a = can_fork(); "
    script += "threading.Thread(target=threading.Event().wait, daemon=True).start(); print(a, can_fork())"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]


def test_pool_a_pipeline_that_cannot_be_built_is_a_setup_error_whichever_the_start(start):
    with pytest.raises(WorkerSetupError):
        list(parse_captures(_caps(2), workers=2, timeout=60, make_pipeline=BrokenPipeline()))


def test_pool_a_batch_that_cannot_be_sent_raises_and_does_not_hang():
    caps = [*_caps(2), Capture(data="x", kind="text", url=threading.Lock())]  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="pickle"):
        list(pooled(caps, StallingPipeline("hang"), workers=1))


_BLAS_THREADS = """
import sys
from click.testing import CliRunner
from threadpoolctl import threadpool_info
from copydesk.cli import main
result = CliRunner().invoke(main, ["parse", "--no-nlp", sys.argv[1], "-o", sys.argv[2]])
assert result.exit_code == 0, result.output
print(max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"))
"""


@pytest.mark.parametrize("env, threads", [({}, "1"), ({"OPENBLAS_NUM_THREADS": "2"}, "2")])
def test_the_command_line_runs_blas_on_one_thread_unless_the_user_set_a_number(tmp_path, env, threads):
    clean = {
        k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    }
    seed = str(SAMPLE / "dw-north-korea-russia.txt")
    args = [sys.executable, "-c", _BLAS_THREADS, seed, str(tmp_path / "out.jsonl")]
    out = subprocess.run(args, env={**clean, **env}, capture_output=True, text=True, check=True).stdout
    assert out.split()[-1] == threads
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_pool_a_forked_worker_runs_blas_on_the_threads_its_environment_names():
    # A forked worker inherits a BLAS loaded (with the parent's threads) before WORKER_ENV was set.
    script = (
        "import os, numpy; from threadpoolctl import threadpool_limits, threadpool_info; "
        "threadpool_limits(2, 'blas'); os.environ['OPENBLAS_NUM_THREADS'] = '1'; "
        "from copydesk.runners.pool import _worker_blas_threads; _worker_blas_threads(); "
        "print(max(i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1"]
