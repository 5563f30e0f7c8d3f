"""POST /api/parse under a time limit, on a bounded pool of worker processes: a page that is slow to parse for real
is answered 422 (E108) once its budget is spent and its worker is replaced, and it never holds up another request
for longer than that budget."""

from __future__ import annotations

import threading
import time

import pytest

from ..conftest import SAMPLE
from .conftest import SEED_ID, slow_text

SEED_BYTES = (SAMPLE / "dw-north-korea-russia.txt").read_bytes()
BUDGET = 2.0  # --parse-timeout of the apps here: the slow page needs over ten times as long
SLACK = 3.0  # what a loaded test machine may add to a budget: thread switches, a response's trip


@pytest.fixture(scope="module")
def slow_page() -> bytes:
    return slow_text().encode()


def _app_client(db: str, workers: int):
    from fastapi.testclient import TestClient

    from copydesk.serve.app import create_app

    app = create_app(db, parse_api=True, parse_workers=workers, parse_timeout=BUDGET)
    app.state.settings.parser.wait_ready()  # the models load before the clock starts, as `copydesk serve` does
    return TestClient(app)


def _post_in_background(client, body: bytes, path: str = "/api/parse") -> tuple[threading.Thread, dict]:
    """POST `body` on a thread of its own; the dict gets the response and the seconds it took."""
    done: dict = {}

    def post() -> None:
        start = time.monotonic()
        done["response"] = client.post(path, content=body, headers={"content-type": "text/plain"})
        done["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=post)
    thread.start()
    return thread, done


def _timed_post(client, body: bytes, path: str = "/api/parse?nlp=false"):
    start = time.monotonic()
    response = client.post(path, content=body, headers={"content-type": "text/plain"})
    return response, time.monotonic() - start


def test_serve_slow_page_is_refused_at_its_budget_while_a_seed_beside_it_answers(sample_db, slow_page):
    with _app_client(sample_db, workers=2) as client:
        slow, done = _post_in_background(client, slow_page)
        time.sleep(0.3)  # the slow page is on a worker now
        seed, seconds = _timed_post(client, SEED_BYTES)
        assert seed.status_code == 200 and seed.json()["id"] == SEED_ID
        assert seconds < BUDGET, f"the seed waited {seconds:.1f} s beside a slow page"
        assert "response" not in done  # the slow page was still being parsed while the seed was answered
        slow.join(BUDGET + SLACK + 30)
        refused = done["response"]
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["code"] == "E108"
        assert BUDGET <= done["seconds"] < BUDGET + SLACK, f"the slow page took {done['seconds']:.1f} s"
        assert refused.headers["x-frame-options"] == "DENY"
        # Its worker was killed and replaced; the pool still parses (on the other worker, or the new one).
        again, seconds = _timed_post(client, SEED_BYTES)
        assert again.status_code == 200 and seconds < BUDGET


def test_serve_request_behind_a_slow_page_waits_no_longer_than_its_budget(sample_db, slow_page):
    """One worker, taken by a slow page: a seed posted behind it is answered within its own budget for waiting
    (503, E417, if the slow page's worker is not yet replaced) and never left waiting for the slow page to end."""
    with _app_client(sample_db, workers=1) as client:
        slow, done = _post_in_background(client, slow_page)
        time.sleep(0.3)
        behind, seconds = _timed_post(client, SEED_BYTES)
        assert seconds < BUDGET + SLACK, f"the seed waited {seconds:.1f} s behind a slow page"
        assert behind.status_code in (200, 503), behind.text
        if behind.status_code == 503:
            assert behind.json()["error"]["code"] == "E417"
        slow.join(BUDGET + SLACK + 30)
        assert done["response"].status_code == 422
        deadline = time.monotonic() + 120  # the replacement loads its models: a bound, not a measurement
        while (after := client.post("/api/parse?nlp=false", content=SEED_BYTES)).status_code == 503:
            assert time.monotonic() < deadline, "the replaced worker never came back"
        assert after.status_code == 200 and after.json()["id"] == SEED_ID
