"""`copydesk serve` as a process on a real socket: over-size bodies refused before they are read, a URL in a capture
never fetched, and a --writable server that prints its token once and takes writes only with it, from its own origin."""

from __future__ import annotations

import json
import socket
import threading
import urllib.request
from urllib.parse import urlsplit

import pytest

from copydesk.store import open_store

from ..conftest import SAMPLE
from .conftest import SEED_ID, serving

LIMIT = 100_000  # the live server's --max-bytes


def _raw(base: str, head: bytes, chunks: list[bytes] = ()) -> bytes:
    """Send a request head and some body bytes, never finishing the body; what the server answers."""
    url = urlsplit(base)
    with socket.create_connection((url.hostname, url.port), timeout=20) as s:
        s.sendall(head)
        for chunk in chunks:
            s.sendall(chunk)
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = s.recv(65536)
            if not data:
                break
            answer += data
    return answer


def _json(
    base: str,
    path: str,
    body: bytes | None = None,
    content_type: str = "text/plain",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict]:
    request = urllib.request.Request(base + path, data=body, headers={"content-type": content_type, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_serve_live_answers_the_api(live_server):
    status, article = _json(live_server, f"/api/articles/{SEED_ID}")
    assert status == 200 and article["title_check"]["verdict"] == "unrelated"


def test_serve_live_refuses_a_declared_oversize_body_without_reading_it(live_server):
    head = (
        f"POST /api/parse HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: {10 * 1024**3}\r\n\r\n"
    ).encode()
    answer = _raw(live_server, head, [b"x" * 1000])  # 1,000 of the 10 GiB declared are ever sent
    assert answer.startswith(b"HTTP/1.1 413")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "E102"


def test_serve_live_refuses_a_streamed_oversize_body_once_past_the_limit(live_server):
    head = b"POST /api/parse HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"%x\r\n%s\r\n" % (20_000, b"y" * 20_000)
    answer = _raw(live_server, head, [chunk] * (LIMIT // 20_000 + 2))  # past the limit, and the body never ends
    assert answer.startswith(b"HTTP/1.1 413")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "E102"


@pytest.fixture
def listener():
    """A local TCP listener that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    seen.append(conn.recv(1024))
                except OSError:
                    seen.append(b"")
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", seen
    stop.set()
    thread.join()
    server.close()


def test_serve_live_never_fetches_a_url_it_is_given(live_server, listener):
    url, seen = listener
    # A capture that is only a URL: some HTML readers download such a "page". The server must not.
    for body, content_type in [
        (f"{url}/page".encode(), "text/html"),
        (f"{url}/page".encode(), "text/plain"),
        (json.dumps({"html": f"{url}/page", "url": f"{url}/story"}).encode(), "application/json"),
        (f'<html><body><img src="{url}/pic.jpg"><a href="{url}/x">{url}/x</a></body></html>'.encode(), "text/html"),
    ]:
        status, article = _json(live_server, "/api/parse?nlp=false", body, content_type)
        assert status in (200, 400), article
    assert seen == []  # the listener was never called
    urllib.request.urlopen(url + "/check", timeout=10).read()  # ...though it answers whoever does call
    assert len(seen) == 1


def test_serve_live_writable_prints_its_token_once_and_takes_writes_only_with_it(tmp_path):
    db = str(tmp_path / "live-writable.db")
    open_store(db).close()
    seed = (SAMPLE / "dw-north-korea-russia.txt").read_bytes()
    with serving(db, "--writable", "--parse-workers", "1") as (url, log_path):
        lines = [line for line in log_path.read_text().splitlines() if "token" in line]
        assert len(lines) == 1, lines
        token = lines[0].rsplit(" ", 1)[1]
        assert len(token) >= 32
        # A page on another site POSTs text/plain (no preflight needed), with or without guessing a token.
        origin = {"origin": "http://attacker.example", "sec-fetch-site": "cross-site"}
        assert _json(url, "/api/parse?store=true", seed, headers=origin)[1]["error"]["code"] == "E416"
        assert _json(url, "/api/parse?store=true", seed)[0] == 401
        assert _json(url, "/api/parse?store=true", seed, headers={"authorization": "Bearer " + "x" * 43})[0] == 401
        with open_store(db) as store:
            assert store.count() == 0
        status, article = _json(
            url, "/api/parse?store=true&nlp=false", seed, headers={"authorization": f"Bearer {token}", "origin": url}
        )
        assert status == 201 and article["id"] == SEED_ID
        assert _json(url, f"/api/articles/{SEED_ID}")[0] == 200
    assert token not in log_path.read_text().replace(lines[0], "")  # printed once, never again


def test_serve_help_documents_the_parse_api_and_token():
    from click.testing import CliRunner

    from copydesk.cli import main

    text = " ".join(CliRunner().invoke(main, ["serve", "--help"]).output.split())
    for option in ("--parse-api", "--parse-workers", "--parse-timeout", "--writable", "--token", "COPYDESK_TOKEN"):
        assert option in text
    assert "404" in text and "422" in text and "503" in text
