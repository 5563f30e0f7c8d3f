"""`copydesk parse --no-nlp` end to end in one process, against the floor of reading and writing the same JSON Lines.

    .venv/bin/python bench/end_to_end.py [--repeat 3]

Runs the `copydesk` command next to this interpreter (src/ of this working
tree first on PYTHONPATH), one process, as a user runs it, over the 2,127
wcxb-dev-articles text captures (text/, text-wet/, text-wrapped/, in
`../shared/data`, or COPYDESK_DATA) in two forms:

- files: the three folders, `copydesk parse FOLDERS --no-nlp -o OUT`;
- JSON Lines: the same captures as one corpus of `{"id", "text"}` records,
  `copydesk parse corpus.jsonl --no-nlp -o OUT`.

The floor is what no parse can avoid: a Python process that reads the same
input (each file's bytes decoded as UTF-8, or each JSON line decoded) and
writes one JSON line per document (`json.dumps` of its id and text).

"Warm" means with the files in the page cache (one untimed run of each
first) and without the start-up: each command runs over the input once (N
documents) and over it three times (3N: the folders or the corpus named three
times), and the rate is 2N over the difference of the two wall times, so the
interpreter's start and the imports cancel out. Runs alternate; each figure is
the median of `--repeat`. The whole-run rate (start-up included) is given too.

Last, what the pipeline alone costs over the same captures: `Pipeline(nlp=False)`
over the files' Captures already in memory (sniffing and structure recovery,
no reading, no JSON, no writing), in a process of its own, fastest of
`--repeat` rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("COPYDESK_DATA", REPO.parent / "shared" / "data")) / "wcxb-dev-articles"
FOLDERS = ["text", "text-wet", "text-wrapped"]
TIMES = 3  # the long run reads the input this many times


def floor(paths: list[str], out: str) -> None:
    """Read every document under `paths` (files, or `.jsonl` corpora) and write each as a JSON line."""
    with open(out, "w", encoding="utf-8") as w:
        for path in paths:
            if path.endswith(".jsonl"):
                with open(path, "rb") as f:
                    for line in f:
                        record = json.loads(line)
                        w.write(json.dumps({"id": record["id"], "text": record["text"]}, ensure_ascii=False) + "\n")
                continue
            for name in sorted(os.listdir(path)):
                with open(os.path.join(path, name), "rb") as f:
                    text = f.read().decode("utf-8", "replace")
                w.write(json.dumps({"id": name, "text": text}, ensure_ascii=False) + "\n")


def in_memory(paths: list[str], repeat: int) -> float:
    """Documents/s of the pipeline alone over the captures under `paths`, read beforehand (fastest round)."""
    from copydesk.pipeline import Pipeline
    from copydesk.runners.pool import one_blas_thread
    from copydesk.sources import captures

    one_blas_thread()  # as the command runs it
    caps = list(captures(paths))
    pipeline = Pipeline(nlp=False)
    pipeline(caps[0])  # untimed: the first call's lazy loads
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for capture in caps:
            pipeline(capture)
        best = min(best, time.perf_counter() - start)
    return len(caps) / best


def wall(args: list[str]) -> float:
    """Seconds from start to exit of a command, with this tree's src/ first on the path."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    start = time.perf_counter()
    subprocess.run(args, check=True, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def corpus(path: Path) -> int:
    """Write the captures as one JSON Lines corpus; the number of records."""
    n = 0
    with open(path, "w", encoding="utf-8") as w:
        for folder in FOLDERS:
            for p in sorted((DATA / folder).iterdir()):
                text = p.read_bytes().decode("utf-8", "replace")
                w.write(json.dumps({"id": f"{folder}/{p.name}", "text": text}, ensure_ascii=False) + "\n")
                n += 1
    return n


def measure(commands: dict[str, list[str]], inputs: list[str], repeat: int) -> dict[str, tuple[float, float]]:
    """Per command (its arguments before the inputs): the seconds that 2N more documents add (the 3N run less the
    N run) and the N run's seconds, from the run with the median difference of `repeat`."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for cmd in commands.values():
        wall([*cmd, *inputs])  # untimed: the page cache, Python's byte code
    for _ in range(repeat):
        for name, cmd in commands.items():
            once = wall([*cmd, *inputs])
            thrice = wall([*cmd, *(inputs * TIMES)])
            runs[name].append((thrice - once, once))
    return {name: _median(r) for name, r in runs.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--floor", help=argparse.SUPPRESS)  # the floor's own process: --floor OUT PATHS...
    ap.add_argument("--in-memory", action="store_true", help=argparse.SUPPRESS)  # its own process: PATHS...
    opts, paths = ap.parse_known_args()
    if opts.floor:
        return floor(paths, opts.floor)
    if opts.in_memory:
        return print(f"{in_memory(paths, opts.repeat):.0f}")
    copydesk = str(Path(sys.executable).with_name("copydesk"))
    load = _load()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp, "corpus.jsonl")
        docs = corpus(jsonl)
        out = str(Path(tmp, "out.jsonl"))
        forms = {"files": [str(DATA / f) for f in FOLDERS], "JSON Lines": [str(jsonl)]}
        for form, inputs in forms.items():
            commands = {
                "copydesk": [copydesk, "parse", "--no-nlp", "-o", out],
                "floor": [sys.executable, __file__, "--floor", out],  # the inputs follow
            }
            got = measure(commands, inputs, opts.repeat)
            (c_warm, c_once), (f_warm, f_once) = got["copydesk"], got["floor"]
            c_rate, f_rate = (TIMES - 1) * docs / c_warm, (TIMES - 1) * docs / f_warm
            rows.append(
                f"| {form} | {docs:,} | **{c_rate:,.0f}** | {docs / c_once:,.0f} | {f_rate:,.0f} "
                f"| {docs / f_once:,.0f} | **{f_rate / c_rate:.2f}x** |"
            )
    print(
        f"`copydesk parse --no-nlp`, one process; median of {opts.repeat}; {os.cpu_count()} CPUs; "
        f"load average {load} before, {_load()} after\n"
    )
    print(
        "| input | docs | copydesk warm docs/s | copydesk whole run docs/s | floor warm docs/s "
        "| floor whole run docs/s | floor / copydesk |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    args = [sys.executable, __file__, "--in-memory", "--repeat", str(opts.repeat), *forms["files"]]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    rate = subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout.split()[-1]
    print(f"\nThe pipeline alone over the same captures in memory (no reading, JSON or writing): {rate} docs/s.")


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The run with the median warm time."""
    return sorted(runs)[len(runs) // 2]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
