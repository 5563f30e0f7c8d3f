"""WARC end to end: is reading ever the bottleneck, and does memory stay flat over a corpus-sized run?

    .venv/bin/python bench/warc.py [--records 100000] [--workers 0] [--warc PATH] [--json PATH]

Builds a WARC of exactly `--records` HTML responses (one gzip member per
record, as Common Crawl writes them; each with its own WARC-Record-ID and
target URI) from the 709 pages of wcxb-dev-articles, repeated, in a
temporary folder (or at `--warc`, kept and reused if it is already there),
then runs three passes over it, each in a fresh process so that each one's
peak RSS is its own:

- fastwarc      ArchiveIterator over the file, HTTP parsed, every body read:
                the floor for reading;
- reader        copydesk.sources.captures(): fastwarc plus copydesk's checks
                (gzip members, record lengths, status and content type);
- parse         copydesk.runners.local.run([warc], kind="warc", nlp=False,
                workers=N): exactly what `copydesk parse WARC --from warc
                --no-nlp` runs (reading, HTML extraction, structure recovery,
                JSON Lines written), its output counted and dropped; peak RSS
                (VmHWM) and current RSS sampled after 1,000, 10,000, 50,000
                and 100,000 documents.

Prints Markdown tables: records/s, MB/s (of HTML bodies), ms per record,
peak RSS per pass (the workers' too, for --workers >= 2); reading's share of
the end-to-end time per document; RSS at each checkpoint and the ratio of
the last peak to the peak at 10,000 documents (flat: at most 1.10).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))  # benchmark the working tree's copydesk

DATA = Path(os.environ.get("COPYDESK_DATA", HERE.parent.parent / "shared" / "data")) / "wcxb-dev-articles"
CHECKPOINTS = (1_000, 10_000, 50_000, 100_000)
FLAT = 1.10  # the most the peak RSS may grow from 10,000 documents to the end


def build(path: Path, records: int) -> int:
    """Write the WARC of `records` responses; return how many were written."""
    from copydesk.sources.warc import write_warc

    urls = [json.loads(line)["url"] for line in (DATA / "pages.jsonl").open(encoding="utf-8")]
    pages = [gzip.decompress(p.read_bytes()) for p in sorted((DATA / "html").glob("*.html.gz"))]
    assert len(urls) == len(pages), "pages.jsonl and html/ disagree"
    # Repeats get a distinct URL (a fragment), as re-crawls of a page would have distinct records;
    # write_warc derives each record id from the position and URL, so ids are distinct too.
    docs = (
        (urls[i % len(urls)] + (f"#{i // len(urls)}" if i >= len(urls) else ""), pages[i % len(pages)])
        for i in range(records)
    )
    with open(path, "wb") as f:
        return write_warc(f, docs)


class Checkpoints(io.TextIOBase):
    """The parse pass's output stream: JSON Lines counted and dropped, RSS sampled after each checkpoint's document."""

    def __init__(self, at: list[int]):
        self.at, self.n, self.rows = sorted(at), 0, []
        self.start = time.perf_counter()

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self.n += s.count("\n")  # one line per Article: JSON escapes newlines inside it
        while self.at and self.n >= self.at[0]:
            self.at.pop(0)
            self.sample()
        return len(s)

    def sample(self) -> None:
        """Record documents, seconds, this process's peak and current RSS, and the workers' highest peak."""
        workers = [_status_kb(p.pid, "VmHWM") for p in multiprocessing.active_children()]
        row = {
            "docs": self.n,
            "seconds": time.perf_counter() - self.start,
            "peak_rss_mb": _status_kb("self", "VmHWM") / 1024,
            "rss_mb": _status_kb("self", "VmRSS") / 1024,
            "peak_worker_rss_mb": max(workers) / 1024 if workers else None,
        }
        self.rows.append(row)
        print(
            f"parse: {self.n:,} docs in {row['seconds']:,.0f} s, peak RSS {row['peak_rss_mb']:,.1f} MB",
            file=sys.stderr,
            flush=True,
        )


def phase(name: str, warc: str, workers: int, records: int) -> dict:
    """Run one pass in this process; its timings and peak RSS."""
    start = time.perf_counter()
    n = errors = body_bytes = 0
    checkpoints = None
    if name == "fastwarc":
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        with open(warc, "rb") as stream:
            for record in ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True):
                n += bool(record.reader.read())
    elif name == "reader":
        from copydesk.sources import captures

        for capture in captures([warc]):
            n += 1
            errors += capture.error is not None
            body_bytes += len(capture.data)
    else:
        from copydesk.runners.local import run

        checkpoints = Checkpoints([c for c in CHECKPOINTS if c < records] + [records])
        stats = run([warc], kind="warc", nlp=False, workers=workers, output=checkpoints, progress=False)
        n, errors = stats["articles"], stats["with errors"]
        if checkpoints.n not in [r["docs"] for r in checkpoints.rows]:
            checkpoints.sample()
    seconds = time.perf_counter() - start
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "phase": name,
        "records": n,
        "errors": errors,
        "seconds": seconds,
        "body_bytes": body_bytes,
        "peak_rss_mb": _status_kb("self", "VmHWM") / 1024,
        "peak_worker_rss_mb": child_kb / 1024 if name == "parse" and workers >= 2 else None,
        "checkpoints": checkpoints.rows if checkpoints else None,
    }


def _status_kb(pid: int | str, field: str) -> int:
    """A /proc/PID/status field in kB: VmHWM (peak RSS, which starts afresh at exec, unlike ru_maxrss) or VmRSS."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if pid == "self" else 0


def main() -> None:
    """Build the WARC, run the three passes in fresh processes, print the tables."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100_000, help="records in the WARC (the 709 pages, repeated)")
    ap.add_argument("--workers", type=int, default=0, help="copydesk workers for the parse pass")
    ap.add_argument("--warc", help="build the WARC here instead of in a temporary folder (reused if it exists)")
    ap.add_argument("--json", help="also write the numbers here")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.warc, args.workers, args.records)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(args.warc or Path(tmp) / "wcxb.warc.gz")
        if not warc.exists():
            start = time.perf_counter()
            build(warc, args.records)
            print(f"built {warc} in {time.perf_counter() - start:,.0f} s", file=sys.stderr, flush=True)
        gz_bytes = warc.stat().st_size
        rows = []
        for name in ("fastwarc", "reader", "parse"):
            cmd = [
                sys.executable,
                __file__,
                "--phase",
                name,
                "--warc",
                str(warc),
                "--workers",
                str(args.workers),
                "--records",
                str(args.records),
            ]
            rows.append(json.loads(subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout))
            print(
                f"{name}: {rows[-1]['records']:,} records in {rows[-1]['seconds']:,.0f} s", file=sys.stderr, flush=True
            )
    report(rows, gz_bytes, args.workers)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"gzip_bytes": gz_bytes, "workers": args.workers, "rows": rows}, indent=1) + "\n"
        )


def report(rows: list[dict], gz_bytes: int, workers: int) -> None:
    """The Markdown tables."""
    fast, read, parse = rows
    n, body_bytes = read["records"], read["body_bytes"]
    print(f"#### WARC end to end: {n:,} records (709 wcxb pages, repeated)\n")
    print(
        f"WARC: {gz_bytes / 1e6:,.0f} MB (gzip per record) holding {body_bytes / 1e6:,.0f} MB of HTML; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs (shared, load average "
        f"{os.getloadavg()[0]:.1f} at the end); parse: nlp=False, workers={workers}.\n"
    )
    print("| pass | records | records/s | MB/s | ms/record | peak RSS (MB) | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        rss = f"{r['peak_rss_mb']:,.0f}" + (
            f" (+ workers {r['peak_worker_rss_mb']:,.0f} each)" if r["peak_worker_rss_mb"] else ""
        )
        print(
            f"| {r['phase']} | {r['records']:,} | {r['records'] / r['seconds']:,.0f} "
            f"| {body_bytes / 1e6 / r['seconds']:,.1f} "
            f"| {1000 * r['seconds'] / max(1, r['records']):.2f} | {rss} | {r['errors']} |"
        )
    share = (read["seconds"] / read["records"]) / (parse["seconds"] / parse["records"])
    print(
        f"\nEnd to end {parse['records'] / parse['seconds']:,.1f} docs/s; reading (copydesk's reader) is {share:.1%} "
        f"of the end-to-end time per document.\n"
    )
    pool = workers >= 2
    print(
        "| parse: documents | seconds | docs/s so far | peak RSS (MB) | RSS now (MB) |"
        + (" workers' peak RSS (MB) |" * pool)
    )
    print("| ---: | ---: | ---: | ---: | ---: |" + (" ---: |" * pool))
    for c in parse["checkpoints"]:
        extra = f" {c['peak_worker_rss_mb'] or 0:,.1f} |" if pool else ""
        print(
            f"| {c['docs']:,} | {c['seconds']:,.0f} | {c['docs'] / c['seconds']:,.1f} | {c['peak_rss_mb']:,.1f} "
            f"| {c['rss_mb']:,.1f} |{extra}"
        )
    at = {c["docs"]: c for c in parse["checkpoints"]}
    last = parse["checkpoints"][-1]
    if 10_000 in at and last["docs"] > 10_000:
        key = "peak_worker_rss_mb" if pool else "peak_rss_mb"
        ratio = last[key] / at[10_000][key]
        print(
            f"\nPeak RSS at {last['docs']:,} / at 10,000 documents: {ratio:.3f} "
            f"({'flat' if ratio <= FLAT else 'NOT flat'}: the bar is {FLAT:.2f})."
        )


if __name__ == "__main__":
    main()
