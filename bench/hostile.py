"""Hostile inputs through the user's paths: each case run as `copydesk parse` or `copydesk ingest` in a process of its
own, between two good documents (the seed capture), with its wall time and peak memory; then the store's and the
CLI's rows (`show`, `search`, `quotes`, a store URL) on SQLite and, given COPYDESK_TEST_PG, PostgreSQL.

Usage: .venv/bin/python bench/hostile.py [--limit SECONDS]
       COPYDESK_TEST_PG=postgresql://… .venv/bin/python bench/hostile.py   # the store's rows on PostgreSQL too

The inputs are made in a temporary folder (outside the repository) and removed afterwards. Each case reports what
the hostile document became (its error codes, "Article" for a clean one, "bad record" for an Article line that
ingest refused), whether the good documents around it came out unchanged, the wall seconds and peak RSS of the
whole command (GNU time's figure for the process and the workers it waited for; structure only, --no-nlp, so the
figure is the document's and not the NLP model's), and whether the budget of 10 s and 512 MB a document was met.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOOD = (REPO / "sample" / "captures" / "dw-north-korea-russia.txt").read_text(encoding="utf-8")
GOOD_PAGE = "<html><body>" + "".join(f"<p>{line}</p>" for line in GOOD.splitlines()) + "</body></html>"
COPYDESK = [sys.executable, "-m", "copydesk.cli"]
BUDGET_S, BUDGET_MB = 10.0, 512


@dataclass
class Result:
    case: str
    command: str
    outcome: str
    neighbours: str
    wall_s: float
    peak_mb: float

    def row(self) -> str:
        met = "yes" if self.wall_s <= BUDGET_S and self.peak_mb <= BUDGET_MB else "**no**"
        return (
            f"| {self.case} | `{self.command}` | {self.outcome} | {self.neighbours} | {self.wall_s:.2f} | "
            f"{self.peak_mb:.0f} | {met} |"
        )


def run(args: list[str], limit: float) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run copydesk with `args`; (the finished process, wall seconds, peak RSS in MB); killed after `limit` s.

    The peak is GNU time's (wait4's maximum resident set of copydesk and the workers it waited for): copydesk is
    started by `time`, a small process, since a child's peak starts at its parent's size when it forks."""
    with tempfile.NamedTemporaryFile(prefix="copydesk-time-") as report:
        started = time.monotonic()
        proc = subprocess.Popen(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *COPYDESK, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        timer = threading.Timer(limit, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        stdout, stderr = proc.communicate()
        wall = time.monotonic() - started
        timer.cancel()
        lines = Path(report.name).read_text().split()
    peak_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr), wall, peak_kb / 1024


def _codes(article: dict) -> str:
    return ", ".join(e["code"] for e in article["errors"]) or "Article"


def _parsed(proc: subprocess.CompletedProcess, hostile: int = 1) -> tuple[str, str]:
    """(the hostile document's outcome, whether the good ones around it are whole) from parse's output. Exit status
    1 is a run that went through and names its failed inputs (their Articles say why)."""
    if proc.returncode not in (0, 1):
        return f"exit {proc.returncode}: {proc.stderr.decode(errors='replace').strip().splitlines()[-1:]}", "-"
    arts = [json.loads(line) for line in proc.stdout.splitlines()]
    good = [a for i, a in enumerate(arts) if i < hostile or i >= len(arts) - 1]
    whole = all(not a["errors"] and len(a["text"]) > 1000 for a in good) and len(arts) >= hostile + 2
    return "; ".join(_codes(a) for a in arts[hostile:-1]), "unchanged" if whole else "**changed**"


def _stored(proc: subprocess.CompletedProcess, db: Path) -> tuple[str, str]:
    """The same from an ingest: the stored articles' error codes (and failed inputs, which are not stored, and bad
    records), the good ones whole; exit status 1 is a run that went through and names what it did not store."""
    if proc.returncode not in (0, 1):
        return f"exit {proc.returncode}: {proc.stderr.decode(errors='replace').strip().splitlines()[-1:]}", "-"
    with sqlite3.connect(db) as con:
        docs = [json.loads(doc) for (doc,) in con.execute("SELECT doc FROM articles ORDER BY id")]
    good = [d for d in docs if not d["errors"] and len(d["text"]) > 1000]
    other = sorted(_codes(d) for d in docs if d not in good)
    err = proc.stderr.decode(errors="replace")
    bad = err.split(" bad record(s)")[0].rsplit(" ", 1)[-1] if "bad record(s)" in err else "0"
    failed = m.group(1) if (m := re.search(r" (\d+) failed\b", err)) else "0"
    outcome = "; ".join(
        other
        + ([f"{failed} failed, not stored"] if failed != "0" else [])
        + ([f"{bad} bad record(s)"] if bad != "0" else [])
    )
    outcome = outcome or "Article"
    return outcome, "unchanged" if good else "**changed**"


# -- inputs ------------------------------------------------------------------------------------------------------------


def _between(folder: Path, name: str, data: bytes, good: bytes | None = None) -> Path:
    """A folder holding a good document, `data` as `name`, and another good document, in that order."""
    folder.mkdir(parents=True)
    ext = Path(name).suffixes[-1] if not name.endswith(".gz") else "".join(Path(name).suffixes[-2:])
    good = good if good is not None else GOOD.encode()
    (folder / f"a-good{ext if ext in ('.html',) else '.txt'}").write_bytes(good)
    (folder / f"b-{name}").write_bytes(data)
    (folder / f"c-good{ext if ext in ('.html',) else '.txt'}").write_bytes(good)
    return folder


def _records(folder: Path, middle: list[str], name: str = "records.jsonl") -> Path:
    folder.mkdir(parents=True)
    lines = [json.dumps({"id": "before", "text": GOOD}), *middle, json.dumps({"id": "after", "text": GOOD})]
    path = folder / name
    path.write_text("\n".join(lines) + "\n")
    return path


def _deflated(head: bytes, size: int, tail: bytes, wbits: int = 31) -> bytes:
    """`head`, `size` spaces and `tail`, compressed a MiB at a time (2 GiB gives about 2 MB)."""
    z = zlib.compressobj(9, zlib.DEFLATED, wbits)
    chunk = b" " * (1 << 20)
    return z.compress(head) + b"".join(z.compress(chunk) for _ in range(size >> 20)) + z.compress(tail) + z.flush()


def warc_bomb(tmp: Path) -> Path:
    from copydesk.sources.warc import write_warc

    path = tmp / "bomb.warc.gz"
    body = _deflated(b"<html><body><p>", 2 << 30, b"</p></body></html>")
    with open(path, "wb") as f:
        write_warc(
            f,
            [
                ("https://example.org/before", GOOD_PAGE.encode()),
                ("https://example.org/bomb", body, "gzip"),
                ("https://example.org/after", GOOD_PAGE.encode()),
            ],
        )
    return path


def brotli_bomb(tmp: Path) -> Path:
    import brotli

    from copydesk.sources.warc import write_warc

    path = tmp / "br-bomb.warc.gz"
    c = brotli.Compressor(quality=5)
    body = b"".join(c.process(b" " * (1 << 20)) for _ in range(2 << 10)) + c.finish()  # 2 GiB decoded
    with open(path, "wb") as f:
        write_warc(
            f,
            [
                ("https://example.org/before", GOOD_PAGE.encode()),
                ("https://example.org/bomb", body, "br"),
                ("https://example.org/after", GOOD_PAGE.encode()),
            ],
        )
    return path


def articles_gz(tmp: Path) -> Path:
    """copydesk parse's output of the seed, one 2 GiB line, and the seed again, gzipped."""
    import copydesk

    good = copydesk.parse(GOOD, nlp=False)
    last = copydesk.parse(GOOD, nlp=False)
    last.id = "last"
    path = tmp / "articles.jsonl.gz"
    with open(path, "wb") as f:
        f.write(gzip.compress(good.to_json().encode() + b"\n"))
        f.write(_deflated(b'{"schema": "copydesk.article/1", "id": "long", "text": "', 2 << 30, b'"}\n'))
        f.write(gzip.compress(last.to_json().encode() + b"\n"))
    return path


def _fifo_folder(tmp: Path) -> Path:
    folder = tmp / "fifo"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD)
    os.mkfifo(folder / "b-fifo.txt")
    (folder / "c-good.txt").write_text(GOOD)
    return folder


# -- cases -------------------------------------------------------------------------------------------------------------


def cases(tmp: Path, limit: float):
    surrogate = (
        '{"id": "s\\ud800", "title": "T \\udc00", "text": "A body with a lone \\ud800 surrogate. '
        + "More words follow. " * 10
        + '"}'
    )
    deep = '{"id": "deep", "text": "x", "n": ' + "[" * 1_000 + "]" * 1_000 + "}"

    def parse(case: str, args: list[str], hostile: int = 1) -> Result:
        proc, wall, peak = run(["parse", "--no-nlp", *args], limit)
        outcome, around = _parsed(proc, hostile)
        shown = " ".join(a if not a.startswith(str(tmp)) else "…/" + Path(a).name for a in ["parse", *args])
        return Result(case, shown, outcome, around, wall, peak)

    def ingest(case: str, args: list[str]) -> Result:
        db = tmp / f"{uuid.uuid4().hex}.db"
        proc, wall, peak = run(["ingest", "--no-nlp", "--no-progress", "--db", str(db), *args], limit)
        outcome, around = _stored(proc, db)
        shown = " ".join(a if not a.startswith(str(tmp)) else "…/" + Path(a).name for a in ["ingest", *args])
        return Result(case, shown, outcome, around, wall, peak)

    path = _records(tmp / "surrogate", [surrogate])
    yield lambda: parse("lone surrogate in a JSON Lines record", [str(path)])
    yield lambda: ingest("lone surrogate in a JSON Lines record", [str(path)])
    path = _records(tmp / "deep", [deep])
    yield lambda: parse("JSON nested 1,000 deep", [str(path)])
    yield lambda: ingest("JSON nested 1,000 deep", [str(path)])

    def articles_with(lines: list[str], name: str) -> Path:
        import copydesk

        folder = tmp / name
        folder.mkdir()
        good = copydesk.parse(GOOD, nlp=False).to_json()
        path = folder / "articles.jsonl"
        path.write_text("\n".join([good, *lines, good.replace('"id":"', '"id":"last-', 1)]) + "\n")
        return path

    path = articles_with(
        ['{"schema": "copydesk.article/1", "id": "d", "title": ' + "[" * 1_000 + "]" * 1_000 + "}"], "deep-articles"
    )
    yield lambda: ingest("JSON nested 1,000 deep (Article line)", ["--from", "articles", str(path)])
    path = articles_with(
        ['{"schema": "copydesk.article/1", "id": "s\\ud800", "title": "T \\udc00", "text": "x"}'], "surrogate-articles"
    )
    yield lambda: ingest("lone surrogate (Article line)", ["--from", "articles", str(path)])

    folder = _fifo_folder(tmp)
    yield lambda: parse("FIFO in an input folder", [str(folder)])
    yield lambda: parse("FIFO in an input folder", ["--workers", "2", "--timeout", "10", str(folder)])
    yield lambda: ingest("FIFO in an input folder", [str(folder)])
    sockets = tmp / "socket"
    sockets.mkdir()
    shutil.copy(folder / "a-good.txt", sockets / "a-good.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sockets / "b-socket.txt"))
    shutil.copy(folder / "a-good.txt", sockets / "c-good.txt")
    yield lambda: parse("socket in an input folder", [str(sockets)])
    fifo = tmp / "named.fifo"
    os.mkfifo(fifo)
    yield lambda: parse(
        "FIFO named on the command line", [str(folder / "a-good.txt"), str(fifo), str(folder / "c-good.txt")]
    )

    for n in (10_000, 40_000, 2_000_000):
        attrs = " ".join(f'data-a{i}="v{i}"' for i in range(n))
        page = GOOD_PAGE.replace("<p>", f"<p {attrs}>", 1).encode()
        folder = _between(tmp / f"attrs-{n}", "attributes.html", page, GOOD_PAGE.encode())
        yield lambda folder=folder, n=n: parse(f"an element with {n:,} attributes", [str(folder)])

    yield lambda: parse("WARC response, Content-Encoding gzip: 2 MB record, 2 GiB decoded", [str(warc_bomb(tmp))])
    yield lambda: parse("WARC response, Content-Encoding br: 2 GiB decoded", [str(brotli_bomb(tmp))])
    yield lambda: ingest("Article .jsonl.gz with one 2 GiB line", ["--from", "articles", str(articles_gz(tmp))])
    yield lambda: ingest("Article .jsonl.gz with one 2 GiB line (--from auto)", [str(tmp / "articles.jsonl.gz")])
    folder = _between(tmp / "nul", "nul.txt", b"\x00" * 10_000_000)
    yield lambda: parse("10 MB of NUL bytes", [str(folder)])

    def resume() -> Result:
        path = tmp / "pages.jsonl"
        path.write_text(
            "".join(
                json.dumps({"id": f"p{i}", "html": GOOD_PAGE.replace("<p>", f"<p>Page {i}. ", 1)}) + "\n"
                for i in range(4)
            )
        )
        full, out = tmp / "full.jsonl", tmp / "out.jsonl"
        run(["parse", "--no-nlp", str(path), "-o", str(full)], limit)
        data = full.read_bytes()
        out.write_bytes(data[: data.index(b"\n") + 30])  # one record done, the next one cut 30 bytes in
        proc, wall, peak = run(["parse", "--no-nlp", str(path), "-o", str(out), "--resume"], limit)
        same = out.read_bytes() == data
        outcome = (
            "the uninterrupted output, byte for byte"
            if proc.returncode == 0 and same
            else proc.stderr.decode(errors="replace").strip().splitlines()[-1]
        )
        return Result(
            "--resume over JSON Lines records that carry html",
            "parse --resume -o OUT pages.jsonl",
            outcome,
            "unchanged" if same else "**changed**",
            wall,
            peak,
        )

    yield resume
    yield from store_cases(tmp, limit)


# Sequences a terminal obeys: clear the screen, set the window title (OSC 0), plant a hyperlink (OSC 8), and their 8-bit
# forms; what `show`, `search` and `quotes` print must hold none of them.
ESCAPES = ("\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\", "\x9b2J")
_OBEYED = ("\x1b", "\x07", "\x9b", "\x9d")


def store_cases(tmp: Path, limit: float):
    """The store's and the CLI's rows: a capture with terminal escapes shown, searched and quoted as a table; a
    speaker of punctuation alone; `<word>` searched on SQLite and PostgreSQL (COPYDESK_TEST_PG, when set); a store
    URL's password. Each is the user's command on a store made from the seed and the hostile capture."""
    folder = tmp / "escapes"
    folder.mkdir()
    (folder / "a-seed.txt").write_text(GOOD)
    hostile = GOOD.replace("James Brown", f"James{ESCAPES[0]} Brown{ESCAPES[1]}", 2) + "\n" + "".join(ESCAPES)
    (folder / "b-escapes.txt").write_text(hostile + "\nSee <word> in the glossary: <word>s are tags.\n")
    stores = {"SQLite": str(tmp / "escapes.db")}
    if os.environ.get("COPYDESK_TEST_PG"):
        stores["PostgreSQL"] = os.environ["COPYDESK_TEST_PG"]
    hits: dict[str, str] = {}
    for backend, db in stores.items():
        run(["ingest", "--no-nlp", "--no-progress", "--db", db, str(folder)], limit)

        def table(case: str, args: list[str], backend=backend, db=db) -> Result:
            proc, wall, peak = run([*args, "--db", db, "--table"], limit)
            out = proc.stdout.decode("utf-8", "replace")
            clean = proc.returncode == 0 and not any(c in out for c in _OBEYED)
            outcome = "text only, no escape sequence" if clean else f"**exit {proc.returncode} or escapes printed**"
            return Result(f"{case} ({backend})", " ".join(args) + " --table", outcome, "—", wall, peak)

        article_id = _stored_ids(db)
        if article_id:
            yield lambda table=table, i=article_id: table("capture with terminal escapes", ["show", i])
        yield lambda table=table: table("capture with terminal escapes", ["search", "Brown"])

        def speaker(backend=backend, db=db) -> Result:
            proc, wall, peak = run(["quotes", "--speaker", "%", "--db", db], limit)
            refused = proc.returncode == 2 and b"names no one" in proc.stderr
            return Result(
                f"--speaker '%' ({backend})",
                "quotes --speaker %",
                "refused: names no one" if refused else f"**exit {proc.returncode}**",
                "—",
                wall,
                peak,
            )

        yield speaker

        def word(backend=backend, db=db) -> Result:
            proc, wall, peak = run(["search", "<word>", "--db", db, "--json"], limit)
            hits[backend] = str(len(proc.stdout.splitlines()))
            same = "" if len(hits) < 2 else (" (the same on both)" if len(set(hits.values())) == 1 else " (**differ**)")
            return Result(
                f"search `<word>` ({backend})", "search <word>", f"{hits[backend]} hit(s){same}", "—", wall, peak
            )

        yield word
    if "PostgreSQL" in stores:
        url = stores["PostgreSQL"]
        password = url.split("://", 1)[1].split("@", 1)[0].partition(":")[2]

        def redacted() -> Result:
            proc, wall, peak = run(["ingest", "--no-nlp", "--no-progress", "--db", url, str(folder)], limit)
            shown = password and f":{password}@".encode() in proc.stdout + proc.stderr  # (the user's name may be it)
            return Result(
                "store URL with a password",
                "ingest --db postgresql://USER:PASSWORD@… DIR",
                "**password printed**" if shown else "password shown as ***",
                "—",
                wall,
                peak,
            )

        yield redacted


def _stored_ids(db: str) -> str | None:
    """The id of the stored capture with escapes (the one that is not the seed), read through the CLI's search."""
    proc = subprocess.run([*COPYDESK, "search", "glossary", "--db", db, "--json"], capture_output=True)
    for line in proc.stdout.splitlines():
        return json.loads(line).get("id")
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=float, default=120.0, help="seconds after which a case is killed (default 120)")
    opts = ap.parse_args()
    env_src = str(REPO / "src")
    os.environ["PYTHONPATH"] = env_src + os.pathsep + os.environ.get("PYTHONPATH", "")
    sys.path.insert(0, env_src)
    print("| case | command | outcome | documents around it | wall s | peak RSS MB | 10 s / 512 MB met |")
    print("| --- | --- | --- | --- | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory(prefix="copydesk-hostile-") as tmp:
        for make in cases(Path(tmp), opts.limit):
            print(make().row(), flush=True)


if __name__ == "__main__":
    main()
