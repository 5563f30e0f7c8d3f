"""Regenerate the README's screenshots of the reader, light and dark, from a store built from the bundled sample.

    PYTHONPATH=src .venv/bin/python scripts/screenshots.py            # writes docs/screenshots/*.png

Ingests sample/captures (with NLP) into a temporary SQLite store, serves it with `copydesk serve` on a free local
port, and photographs a few pages in Debian's headless Chromium (/usr/bin/chromium, driven by Playwright, as the
browser tests do) with the system's colour scheme set to light, then dark. Each picture is the top of the page at
a laptop's width, at one device pixel per CSS pixel, so the PNGs stay small.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SEED_ID = "e4e344dc2e16c507"  # the sample's DW article: quotes, entities, a headline warning
PAGES = {
    "overview": "/",
    "search": "/search?q=North+Korea",
    "article": f"/articles/{SEED_ID}",
    "people": "/entities?type=PERSON",
}
VIEWPORT = {"width": 960, "height": 600}


def build_store(folder: Path) -> str:
    """A SQLite store of the bundled sample, as `copydesk ingest sample/captures` makes it."""
    from copydesk.store.ingest import ingest

    db = str(folder / "sample.db")
    ingest(["sample/captures"], db=db, progress=False)  # run from the repository: the sources read sample/...
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: str, port: int) -> subprocess.Popen:
    """`copydesk serve` over `db`, started and answering."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "copydesk.cli", "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise SystemExit("copydesk serve did not start") from None
            time.sleep(0.1)


def photograph(base: str, out: Path, pages: dict[str, str]) -> list[Path]:
    """Each page, light and dark, as out/NAME-SCHEME.png."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme, device_scale_factor=1)
            page = context.new_page()
            for name, path in pages.items():
                page.goto(base + path)
                target = out / f"{name}-{scheme}.png"
                page.screenshot(path=str(target))
                written.append(target)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots", help="where the PNGs go")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    os.chdir(REPO)
    with tempfile.TemporaryDirectory() as folder:
        db = build_store(Path(folder))
        port = free_port()
        server = serve(db, port)
        try:
            written = photograph(f"http://127.0.0.1:{port}", args.out, PAGES)
        finally:
            server.terminate()
            server.wait(timeout=30)
    for path in written:
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
