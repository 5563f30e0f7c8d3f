"""run-ray on one machine: docs/s with 1 and 2 parsing actors (NLP on), the scaling ratio, and dedup on Ray.

    .venv/bin/python bench/ray_scaling.py                  # 300 WCXB text captures
    .venv/bin/python bench/ray_scaling.py --pages 100 --json bench/results/ray_scaling.json

The input: the first `--pages` whole-page text captures of `wcxb-dev-articles`
(sorted by id), one file each, read in place. Ray is started once, locally,
with as many CPUs as the machine has; each run writes into a fresh folder
(`copydesk.runners.ray.run(..., workers=N)`, spaCy on, Parquet out).

Two rates per run:
- **parse docs/s**: documents over the parse window, from the first shard
  started to the last one finished, as the actors report it: the pipeline's
  throughput, with actor start-up (spaCy loading) left out;
- **wall docs/s**: documents over the whole `run()` call, start-up included.
The scaling ratio is the 2-worker parse rate over the 1-worker one. The load
average is read before and after each run: on a shared machine other jobs
take cores from the actors, and the ratio says so.

Then `copydesk.runners.ray_dedup.dedup` over the 2-worker output (wall time),
and the in-process cost of the per-article dedup work (normalise + MinHash
signature), the part that grows with the corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent / "src"), str(Path(__file__).resolve().parent.parent)]

import ray  # noqa: E402

import copydesk  # noqa: E402
from bench.datasets import DATA, cpu_model  # noqa: E402
from copydesk.dedup import Signer, normalise  # noqa: E402
from copydesk.runners import ray as ray_runner  # noqa: E402
from copydesk.runners.ray_dedup import dedup  # noqa: E402


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def one_run(pages: list[str], out: str, workers: int) -> dict:
    before = loadavg()
    t0 = time.perf_counter()
    stats = ray_runner.run(pages, out, workers=workers, nlp=True, progress=False)
    wall = time.perf_counter() - t0
    return {
        "workers": workers,
        "docs": stats["articles"],
        "wall_s": wall,
        "parse_s": stats["parse seconds"],
        "wall_docs_s": stats["articles"] / wall,
        "parse_docs_s": stats["articles"] / stats["parse seconds"],
        "load_before": before,
        "load_after": loadavg(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300, help="how many WCXB text captures (first by id)")
    ap.add_argument("--json", help="write the numbers here")
    args = ap.parse_args()
    pages = sorted(str(p) for p in (DATA / "wcxb-dev-articles" / "text").glob("*.txt"))[: args.pages]
    cpus = os.cpu_count() or 1
    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    with tempfile.TemporaryDirectory(prefix="ray-scaling-") as tmp:
        runs = [one_run(pages, f"{tmp}/w{w}", w) for w in (1, 2)]
        t0 = time.perf_counter()
        clusters = dedup(f"{tmp}/w2")
        dedup_s = time.perf_counter() - t0
        bodies = [a.text for a in ray_runner.articles(f"{tmp}/w2")]
    ray.shutdown()
    sign = Signer()
    t0 = time.perf_counter()
    for text in bodies:
        sign(normalise(text))
    sign_ms = 1000 * (time.perf_counter() - t0) / len(bodies)
    ratio = runs[1]["parse_docs_s"] / runs[0]["parse_docs_s"]

    print(f"#### run-ray scaling: {len(pages)} wcxb-dev-articles text captures ({time.strftime('%Y-%m-%d')})\n")
    print(
        f"{cpus} CPUs ({cpu_model()}), {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB; "
        f"Python {platform.python_version()}, Ray {ray.__version__}, copydesk {copydesk.__version__}, NLP on.\n"
    )
    print("| workers | docs | parse s | parse docs/s | wall s | wall docs/s | load before | load after |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for r in runs:
        print(
            f"| {r['workers']} | {r['docs']} | {r['parse_s']:.1f} | {r['parse_docs_s']:.2f} | {r['wall_s']:.1f} | "
            f"{r['wall_docs_s']:.2f} | {r['load_before']} | {r['load_after']} |"
        )
    print(f"\nscaling 1 -> 2 workers (parse docs/s): {ratio:.2f}x")
    print(
        f"dedup on Ray over the {runs[1]['docs']} articles: {dedup_s:.1f} s wall "
        f"({clusters.clusters} cluster(s)); normalise + MinHash signature in-process: {sign_ms:.2f} ms/article"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "pages": len(pages),
                    "cpus": cpus,
                    "cpu": cpu_model(),
                    "runs": runs,
                    "ratio": ratio,
                    "dedup_s": dedup_s,
                    "sign_ms": sign_ms,
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
