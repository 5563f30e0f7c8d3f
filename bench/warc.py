"""WARC end to end: is reading ever the bottleneck? fastwarc iteration vs copydesk's reader vs copydesk's parse.

    .venv/bin/python bench/warc.py [--records 5000] [--workers 0] [--warc PATH] [--json PATH]

Builds a WARC of HTML responses (one gzip member per record, as Common
Crawl writes them) from the 709 pages of wcxb-dev-articles, repeated to at
least `--records` records, then times three passes over it, each in a fresh
process so that each one's peak RSS is its own:

- fastwarc      ArchiveIterator over the file, HTTP parsed, every body read:
                the floor for reading;
- reader        copydesk.sources.captures(): fastwarc plus copydesk's checks
                (gzip members, record lengths, status and content type);
- parse         copydesk.runners.local.articles(..., nlp=False, workers=N):
                reading, HTML extraction and structure recovery, end to end.

Prints a Markdown table: records/s, MB/s (of HTML bodies), ms per
record, peak RSS (the workers' too, for --workers >= 2), and reading's share
of the end-to-end time per document.
"""

from __future__ import annotations

import argparse
import gzip
import json
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


def build(path: Path, records: int) -> tuple[int, int]:
    """Write the WARC; return (records, uncompressed bytes of the pages)."""
    from copydesk.sources.warc import write_warc

    urls = [json.loads(line)["url"] for line in (DATA / "pages.jsonl").open(encoding="utf-8")]
    pages = [gzip.decompress(p.read_bytes()) for p in sorted((DATA / "html").glob("*.html.gz"))]
    assert len(urls) == len(pages), "pages.jsonl and html/ disagree"
    # Repeats get a distinct URL (a fragment), as re-crawls of a page would have distinct records.
    docs = ((urls[i % len(urls)] + (f"#{i // len(urls)}" if i >= len(urls) else ""), pages[i % len(pages)])
            for i in range(records))
    with open(path, "wb") as f:
        n = write_warc(f, docs)
    return n, sum(len(pages[i % len(pages)]) for i in range(records))


def phase(name: str, warc: str, workers: int) -> dict:
    """Run one pass in this process; its timings and peak RSS."""
    start = time.perf_counter()
    n = errors = 0
    if name == "fastwarc":
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        for record in ArchiveIterator(open(warc, "rb"), record_types=WarcRecordType.response, parse_http=True):
            n += bool(record.reader.read())
    elif name == "reader":
        from copydesk.sources import captures

        for capture in captures([warc]):
            n += 1
            errors += capture.error is not None
    else:
        from copydesk.runners.local import articles

        for article in articles([warc], nlp=False, workers=workers):
            n += 1
            errors += bool(article.errors)
    seconds = time.perf_counter() - start
    self_kb = _peak_rss_kb()
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"phase": name, "records": n, "errors": errors, "seconds": seconds, "peak_rss_mb": self_kb / 1024,
            "peak_worker_rss_mb": child_kb / 1024 if name == "parse" and workers >= 2 else None}


def _peak_rss_kb() -> int:
    """This process's peak RSS: VmHWM, which starts afresh at exec (ru_maxrss keeps the parent's across exec)."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    """Build the WARC, run the three passes in fresh processes, print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=5000, help="at least this many records (whole repeats of 709 pages)")
    ap.add_argument("--workers", type=int, default=0, help="copydesk workers for the parse pass")
    ap.add_argument("--warc", help="use (or build) the WARC here instead of a temporary file")
    ap.add_argument("--json", help="also write the numbers here")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.warc, args.workers)))
        return
    records = -(-args.records // 709) * 709
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(args.warc or Path(tmp) / "wcxb.warc.gz")
        n, body_bytes = build(warc, records)
        gz_bytes = warc.stat().st_size
        rows = []
        for name in ("fastwarc", "reader", "parse"):
            cmd = [sys.executable, __file__, "--phase", name, "--warc", str(warc), "--workers", str(args.workers)]
            rows.append(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
    print(f"#### WARC end to end: {n:,} records ({records // 709} x 709 wcxb pages)\n")
    print(f"WARC: {gz_bytes / 1e6:,.0f} MB (gzip per record) holding {body_bytes / 1e6:,.0f} MB of HTML; "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs (shared); parse: nlp=False, workers={args.workers}.\n")
    print("| pass | records | records/s | MB/s | ms/record | peak RSS (MB) | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        rss = f"{r['peak_rss_mb']:,.0f}" + (f" (+ workers {r['peak_worker_rss_mb']:,.0f} each)" if r["peak_worker_rss_mb"] else "")
        print(f"| {r['phase']} | {r['records']:,} | {r['records'] / r['seconds']:,.0f} | {body_bytes / 1e6 / r['seconds']:,.1f} "
              f"| {1000 * r['seconds'] / max(1, r['records']):.2f} | {rss} | {r['errors']} |")
    read, parse = rows[1], rows[2]
    share = (read["seconds"] / read["records"]) / (parse["seconds"] / parse["records"])
    print(f"\nReading (copydesk's reader) is {share:.1%} of the end-to-end time per document.")
    if args.json:
        Path(args.json).write_text(json.dumps({"records": n, "html_bytes": body_bytes, "gzip_bytes": gz_bytes, "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
