"""`copydesk serve` as a process on a real socket: over-size bodies refused before they are read, and a URL in
a capture never fetched."""

from __future__ import annotations

import json
import socket
import threading
import urllib.request
from urllib.parse import urlsplit

import pytest

from .conftest import SEED_ID

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


def _json(base: str, path: str, body: bytes | None = None, content_type: str = "text/plain") -> tuple[int, dict]:
    request = urllib.request.Request(base + path, data=body, headers={"content-type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_serve_live_answers_the_api(live_server):
    status, article = _json(live_server, f"/api/articles/{SEED_ID}")
    assert status == 200 and article["title_check"]["verdict"] == "unrelated"


def test_serve_live_refuses_a_declared_oversize_body_without_reading_it(live_server):
    head = (f"POST /api/parse HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {10 * 1024 ** 3}\r\n\r\n").encode()
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
    for body, content_type in [(f"{url}/page".encode(), "text/html"), (f"{url}/page".encode(), "text/plain"),
                               (json.dumps({"html": f"{url}/page", "url": f"{url}/story"}).encode(), "application/json"),
                               (f'<html><body><img src="{url}/pic.jpg"><a href="{url}/x">{url}/x</a></body></html>'.encode(),
                                "text/html")]:
        status, article = _json(live_server, "/api/parse?nlp=false", body, content_type)
        assert status in (200, 400), article
    assert seen == []  # the listener was never called
    urllib.request.urlopen(url + "/check", timeout=10).read()  # ...though it answers whoever does call
    assert len(seen) == 1
