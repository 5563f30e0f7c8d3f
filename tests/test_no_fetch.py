"""A capture never makes copydesk fetch anything: a page whose text is a URL stays text."""

from __future__ import annotations

import http.server
import threading

import copydesk


def test_a_page_that_is_a_url_is_not_downloaded():
    hits: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802  (the stdlib's name)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html><body><p>Published 2020-01-02</p></body></html>")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/page"
        article = copydesk.parse(url, kind="html", nlp=False)
        article_with_url = copydesk.parse(f"<p>{url}</p>".encode(), kind="html", nlp=False)
    finally:
        server.shutdown()
    assert hits == []
    assert article.published is None and article_with_url.published is None
