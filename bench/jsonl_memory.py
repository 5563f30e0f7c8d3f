"""JSON Lines end to end: does memory stay flat from a 200 MB corpus to a 2 GB one?

    .venv/bin/python bench/jsonl_memory.py [--size 200M --size 2G] [--workers 0 --workers 2] [--record-kb 30]
                                           [--dir DIR] [--json PATH]

Builds each corpus in a temporary folder (or in `--dir`) from the bodies of
clean-dev (FNC-1 and PolNeAR texts): records `{"id", "title", "text"}` with
unique ids, each text about `--record-kb` KB of bodies joined by blank lines
(bodies repeat across records; the title is the first body's first line, cut
at a word). Then for each corpus and each `--workers` value it runs what a
user runs,

    copydesk parse CORPUS --from jsonl --no-nlp -o OUT [--workers N]

as a child process, polls the peak RSS (VmHWM) of it and of its worker
processes every 0.1 s, takes the exact peak of the whole process tree from
wait4() when it exits, and deletes OUT. It prints a Markdown table (records,
seconds, docs/s, MB/s of input, peak RSS) and, for each `--workers` value,
the ratio of the largest corpus's peak to the smallest's (flat: at most 1.10).
The corpora are deleted at the end unless `--dir` was given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("COPYDESK_DATA", HERE.parent.parent / "shared" / "data")) / "clean-dev" / "text"
FLAT = 1.10  # the most the peak RSS may grow from the smallest corpus to the largest
POLL_S = 0.1
_SIZE = re.compile(r"(\d+(?:\.\d+)?)([KMG]?)B?", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes for "200M", "2G", "500K" or a plain number (powers of 1,000, as disk sizes are written)."""
    m = _SIZE.fullmatch(text.strip())
    if m is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 200M, 2G)")
    return int(float(m.group(1)) * {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}[m.group(2).upper()])


def bodies() -> list[str]:
    """The clean-dev bodies, in file-name order."""
    texts = [p.read_text(encoding="utf-8").strip() for p in sorted(DATA.glob("*.txt"))]
    if not texts:
        sys.exit(f"no bodies in {DATA} (set COPYDESK_DATA)")
    return texts


def title_of(body: str, limit: int = 120) -> str:
    """The first line of a body, cut at a word before `limit` characters."""
    line = body.split("\n", 1)[0].strip()
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0]


def build(path: Path, size: int, record_bytes: int, texts: list[str]) -> int:
    """Write JSON Lines records until the file holds `size` bytes; return how many records it holds."""
    n = start = written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        while written < size:
            parts, length, i = [], 0, start
            while length < record_bytes:
                parts.append(texts[i % len(texts)])
                length += len(parts[-1]) + 2
                i += 1
            start = (start + 7) % len(texts)  # each record starts at another body, so records differ
            line = (
                json.dumps(
                    {"id": f"doc-{n:08d}", "title": title_of(parts[0]), "text": "\n\n".join(parts)}, ensure_ascii=False
                )
                + "\n"
            )
            f.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def descendants(pid: int) -> list[int]:
    """Child processes of `pid`, and theirs (/proc/PID/task/TID/children)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                kids = [int(k) for k in Path(f"/proc/{p}/task/{tid}/children").read_text().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def hwm_kb(pid: int) -> int:
    """A process's peak RSS so far (VmHWM, kB); 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def copydesk_command() -> list[str]:
    """The installed `copydesk` command beside this interpreter (what a user runs), else the module."""
    script = Path(sys.executable).parent / "copydesk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "copydesk.cli"]


def measure(corpus: Path, out: Path, workers: int) -> dict:
    """Run `copydesk parse` on the corpus; its seconds, counts and peak RSS (MB)."""
    cmd = [*copydesk_command(), "parse", str(corpus), "--from", "jsonl", "--no-nlp", "-o", str(out), "--no-progress"]
    if workers:
        cmd += ["--workers", str(workers)]
    main_kb = worker_kb = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stderr=err)
        while True:
            # wait4, not Popen.wait: its rusage is the exact peak RSS of the process and of the children it reaped
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                break
            main_kb = max(main_kb, hwm_kb(proc.pid))
            worker_kb = max([worker_kb, *(hwm_kb(p) for p in descendants(proc.pid))])
            time.sleep(POLL_S)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    if proc.returncode != 0:
        sys.exit(f"copydesk failed ({proc.returncode}): {stderr[-2000:]}")
    m = re.search(r"copydesk: (\d+) article\(s\).*?, (\d+) with errors", stderr)
    out.unlink()
    return {
        "workers": workers,
        "seconds": seconds,
        "articles": int(m.group(1)),
        "errors": int(m.group(2)),
        "peak_rss_mb": main_kb / 1024,
        "peak_worker_rss_mb": worker_kb / 1024 if workers >= 2 else None,
        "tree_maxrss_mb": usage.ru_maxrss / 1024,
    }  # ru_maxrss is in kB on Linux


def main() -> None:
    """Build the corpora, run copydesk on each, print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=parse_size, action="append", help="corpus size (repeatable; default 200M and 2G)")
    ap.add_argument("--workers", type=int, action="append", help="copydesk --workers (repeatable; default 0)")
    ap.add_argument("--record-kb", type=float, default=30, help="text per record, KB (default 30)")
    ap.add_argument("--dir", help="build the corpora here and keep them (reused when already there)")
    ap.add_argument("--json", help="also write the numbers here")
    args = ap.parse_args()
    sizes = sorted(args.size or [parse_size("200M"), parse_size("2G")])
    workers = args.workers or [0]
    texts = bodies()
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="copydesk-jsonl-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size in sizes:
            corpus = folder / f"corpus-{size // 10**6}MB.jsonl"
            if not corpus.exists():
                t = time.perf_counter()
                n = build(corpus, size, int(args.record_kb * 1000), texts)
                print(
                    f"built {corpus} ({n:,} records) in {time.perf_counter() - t:,.0f} s", file=sys.stderr, flush=True
                )
            for w in workers:
                row = {"size_bytes": corpus.stat().st_size, **measure(corpus, folder / "out.jsonl", w)}
                rows.append(row)
                print(
                    f"{corpus.name}, workers {w}: {row['articles']:,} articles in {row['seconds']:,.0f} s, "
                    f"peak RSS {row['peak_rss_mb']:,.1f} MB",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)
    report(rows, args.record_kb)
    if args.json:
        Path(args.json).write_text(json.dumps({"record_kb": args.record_kb, "rows": rows}, indent=1) + "\n")


def report(rows: list[dict], record_kb: float) -> None:
    """The Markdown table and the flatness ratios."""
    print(
        f"#### JSON Lines end to end: `copydesk parse CORPUS --from jsonl --no-nlp -o OUT` ({record_kb:g} KB records)\n"
    )
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs (shared, load average "
        f"{os.getloadavg()[0]:.1f} at the end); clean-dev bodies, repeated.\n"
    )
    print(
        "| corpus (MB) | records | workers | seconds | docs/s | MB/s | peak RSS (MB) | workers' peak RSS (MB) "
        "| process tree max RSS (MB) | errors |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        worker = f"{r['peak_worker_rss_mb']:,.1f}" if r["peak_worker_rss_mb"] else "—"
        tree = f"{r['tree_maxrss_mb']:,.1f}"
        print(
            f"| {r['size_bytes'] / 1e6:,.0f} | {r['articles']:,} | {r['workers']} | {r['seconds']:,.0f} "
            f"| {r['articles'] / r['seconds']:,.1f} | {r['size_bytes'] / 1e6 / r['seconds']:,.2f} "
            f"| {r['peak_rss_mb']:,.1f} | {worker} | {tree} | {r['errors']} |"
        )
    print()
    for w in sorted({r["workers"] for r in rows}):
        runs = sorted((r for r in rows if r["workers"] == w), key=lambda r: r["size_bytes"])
        if len(runs) < 2:
            continue
        small, large = runs[0], runs[-1]
        key = "peak_worker_rss_mb" if w >= 2 else "peak_rss_mb"
        for name, k in (("copydesk process", "peak_rss_mb"), ("each worker", key))[: 1 + (w >= 2)]:
            ratio = large[k] / small[k]
            print(
                f"- workers {w}, {name}: peak RSS {large[k]:,.1f} MB at {large['size_bytes'] / 1e6:,.0f} MB / "
                f"{small[k]:,.1f} MB at {small['size_bytes'] / 1e6:,.0f} MB = {ratio:.3f} "
                f"({'flat' if ratio <= FLAT else 'NOT flat'}: the bar is {FLAT:.2f})"
            )


if __name__ == "__main__":
    main()
