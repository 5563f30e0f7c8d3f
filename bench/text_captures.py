"""Body extraction from whole-page text captures: copydesk vs the capture itself vs datatrove's C4 filter.

    .venv/bin/python bench/text_captures.py [--limit N] [--json PATH] [--repeat R] [--worst K]

On the text captures of wcxb-dev-articles (one text block per line, like a
Common Crawl WET record) three systems each return a body text:

- floor         the capture unchanged (what you get without any cleaning);
- datatrove C4  `C4QualityFilter()` with its defaults (the C4 paper's rules),
                its `filter()` called directly on one `Document` per capture;
                a dropped document has an empty body (scores 0);
- copydesk      `copydesk.parse(capture, kind="text", nlp=False).text`.

Quality: word-F1 of the body against the ground truth's `main_content`
(per page, then averaged) on all pages and on the held-out pages
(`is_holdout`), and the `with` / `without` snippet pass rates. copydesk's line
model is trained on the non-held-out pages, so only the held-out column is an
honest estimate for it.

Speed: captures/s on one core, timing only the system call over captures
already in memory (after one untimed warm-up call; a capture's time is its
fastest of R rounds, default 3), all systems in this one process, one after
the other. Everything but the timings is deterministic, and the rounds check it.
Prints a Markdown table on stdout.
"""

from __future__ import annotations

import one_core  # noqa: F401  (first: one core, the working tree's copydesk on the path)

# isort: split

import argparse
import datetime
import json
import platform
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.datasets import cpu_model, load_pages, mean, snippet_rates, word_f1

DATA_SET = "wcxb-dev-articles"
TYPICAL_LINES = (100, 300)  # "typical article size" captures, inclusive
C4_SETTINGS = (
    "C4QualityFilter() defaults: one line per text block (split_paragraph=True), remove_citations, "
    "terminal punctuation, >=3 words/line, no word >1000 chars, drop lines with 'javascript' or policy phrases, "
    "drop doc on 'lorem ipsum' or '{' (in a kept line) or <5 sentences; bad-words filter not applied"
)


@dataclass
class Run:
    """One system's outputs and per-capture timings over all pages."""

    name: str
    bodies: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)  # e.g. C4 drop reasons, copydesk error codes


def floor_system():
    """The capture itself: the score any cleaner has to beat."""

    def run(capture: str) -> tuple[str, str | None]:
        return capture, None

    return run


def c4_system():
    """datatrove's C4 line filter on one Document; a dropped document has an empty body."""
    try:
        import regex  # noqa: F401  (datatrove needs both for C4 but does not install them)
        import spacy  # noqa: F401
        from datatrove.data import Document
        from datatrove.pipeline.filters import C4QualityFilter
    except ImportError as e:
        sys.exit(f"datatrove C4 needs: pip install 'datatrove==0.10.1' regex 'spacy>=3.8,<3.9' ({e})")

    c4 = C4QualityFilter()

    def run(capture: str) -> tuple[str, str | None]:
        doc = Document(text=capture, id="capture")
        kept = c4.filter(doc)
        if kept is True:
            return doc.text, None
        reason = kept[1] if isinstance(kept, tuple) else "dropped"
        return "", f"dropped: {reason}"

    return run


def copydesk_system():
    """copydesk's text path without NLP."""
    import copydesk

    def run(capture: str) -> tuple[str, str | None]:
        art = copydesk.parse(capture, kind="text", nlp=False)
        note = ",".join(sorted({e.code for e in art.errors})) if art.errors else None
        return art.text, (f"errors: {note}" if note else None)

    return run


SYSTEMS = [("floor", floor_system), ("datatrove C4", c4_system), ("copydesk", copydesk_system)]


def run_system(name: str, make, captures: list[str], repeat: int) -> Run:
    """Warm up once (untimed), then time each call; a capture's time is its fastest of `repeat` rounds.

    Every round must give the same bodies: a cheap determinism check on the way.
    """
    run = make()
    run(captures[0])
    out = Run(name)
    clock = time.perf_counter
    for round_ in range(repeat):
        bodies, seconds, notes = [], [], Counter()
        for capture in captures:
            t0 = clock()
            body, note = run(capture)
            seconds.append(clock() - t0)
            bodies.append(body)
            if note:
                notes[note] += 1
        if round_ == 0:
            out.bodies, out.seconds, out.notes = bodies, seconds, notes
        else:
            if bodies != out.bodies:
                raise SystemExit(f"{name}: round {round_ + 1} gave different output than round 1 (not deterministic)")
            out.seconds = [min(a, b) for a, b in zip(out.seconds, seconds)]
    return out


def versions() -> dict:
    import datatrove

    import copydesk

    v = {
        "python": platform.python_version(),
        "datatrove": datatrove.__version__ if hasattr(datatrove, "__version__") else None,
        "copydesk": getattr(copydesk, "__version__", None),
    }
    if v["datatrove"] is None:
        from importlib.metadata import version

        v["datatrove"] = version("datatrove")
    try:
        import spacy  # noqa: F401

        v["spacy"] = spacy.__version__  # datatrove's English sentence splitter (blank model + sentencizer)
    except ImportError:
        v["spacy"] = None
    return v


def score(run: Run, pages, line_counts) -> dict:
    """Aggregate quality and speed numbers of one system."""
    f1 = [word_f1(b, p.truth["main_content"]) for b, p in zip(run.bodies, pages)]
    rates = [snippet_rates(b, p.truth) for b, p in zip(run.bodies, pages)]
    hold = [i for i, p in enumerate(pages) if p.holdout]
    lo, hi = TYPICAL_LINES
    typical = [i for i, n in enumerate(line_counts) if lo <= n <= hi]
    total = sum(run.seconds)
    typical_s = sum(run.seconds[i] for i in typical)
    return {
        "f1_all": mean(f1),
        "f1_holdout": mean(f1[i] for i in hold),
        "with_found": mean(r[0] for r in rates),
        "without_absent": mean(r[1] for r in rates),
        "with_found_holdout": mean(rates[i][0] for i in hold),
        "without_absent_holdout": mean(rates[i][1] for i in hold),
        "seconds": total,
        "captures_per_s": len(pages) / total if total else None,
        "typical_captures": len(typical),
        "typical_captures_per_s": len(typical) / typical_s if typical_s else None,
        "notes": dict(sorted(run.notes.items())),
        "per_page_f1": {p.id: round(x, 4) for p, x in zip(pages, f1)},
    }


def fmt_speed(x: float | None, floor: bool) -> str:
    if floor or x is None:
        return "—"
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def markdown(results: dict, meta: dict) -> str:
    n, nh, nt = meta["pages"], meta["holdout_pages"], meta["typical_pages"]
    c4_speed = results["datatrove C4"]["captures_per_s"]
    lines = [
        f"### Text captures: {meta['data_set']} ({meta['date']})",
        "",
        f"{n} pages ({nh} held out), Python {meta['versions']['python']}, CPU: {meta['cpu']}, one core, one process; "
        f"copydesk {meta['versions']['copydesk']}, datatrove {meta['versions']['datatrove']}, "
        f"spaCy {meta['versions']['spacy']}.",
        "",
        f"| system | F1 all (n={n}) | F1 held-out (n={nh}) | `with` found | `without` absent "
        f"| captures/s | captures/s, 100–300 lines (n={nt}) | speed / C4 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        floor = name == "floor"
        ratio = "—" if floor or not c4_speed or not r["captures_per_s"] else f"{r['captures_per_s'] / c4_speed:.2f}x"
        lines.append(
            f"| {name} | {r['f1_all']:.3f} | {r['f1_holdout']:.3f} | {r['with_found']:.3f} | {r['without_absent']:.3f} "
            f"| {fmt_speed(r['captures_per_s'], floor)} | {fmt_speed(r['typical_captures_per_s'], floor)} | {ratio} |"
        )
    c4 = results["datatrove C4"]
    dropped = {k.split(": ", 1)[1]: v for k, v in c4["notes"].items() if k.startswith("dropped")}
    cd_errors = {k.split(": ", 1)[1]: v for k, v in results["copydesk"]["notes"].items()}
    lines += [
        "",
        "- F1: word-level F1 of the body against `main_content`, per page, averaged. copydesk's line model is "
        "trained on the other pages: **the held-out column is the honest one** for copydesk "
        "(floor and C4 learn nothing).",
        "- `with` found / `without` absent: share of the annotators' snippets present in / absent from the body.",
        f"- Speed: only the system call is timed, on captures already in memory, after one untimed warm-up call; "
        f"each capture's time is its fastest of {meta['repeat']} rounds (all rounds gave identical output); "
        "floor is the identity. Speed / C4 = captures/s divided by datatrove C4's captures/s.",
        f"- datatrove C4: {C4_SETTINGS}. Dropped {sum(dropped.values())} of {n} captures "
        f"({', '.join(f'{k} {v}' for k, v in sorted(dropped.items())) or 'none'}); "
        "a dropped capture's body is empty and scores 0.",
        f'- copydesk: `parse(capture, kind="text", nlp=False).text`; captures with errors: '
        f"{sum(cd_errors.values())} ({', '.join(f'{k} {v}' for k, v in cd_errors.items()) or 'none'}).",
    ]
    return "\n".join(lines)


def worst(results: dict, pages, k: int) -> str:
    """The k held-out pages where copydesk scores lowest, with floor and C4 for comparison."""
    cd, c4, fl = (results[s]["per_page_f1"] for s in ("copydesk", "datatrove C4", "floor"))
    hold = sorted((cd[p.id], p.id) for p in pages if p.holdout)[:k]
    rows = [
        "",
        f"Worst {len(hold)} held-out pages for copydesk:",
        "",
        "| id | copydesk F1 | C4 F1 | floor F1 |",
        "| --- | ---: | ---: | ---: |",
    ]
    rows += [f"| {pid} | {f:.3f} | {c4[pid]:.3f} | {fl[pid]:.3f} |" for f, pid in hold]
    return "\n".join(rows)


def _nan_to_none(x):
    # mean() of no values is NaN (e.g. no held-out page under --limit); JSON has no NaN
    if isinstance(x, float) and x != x:
        return None
    if isinstance(x, dict):
        return {k: _nan_to_none(v) for k, v in x.items()}
    return x


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages (by id), for a quick run")
    ap.add_argument("--json", type=Path, default=None, help="write the numbers (and per-page F1) to this JSON file")
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timing rounds per system; a capture's time is its fastest round (default 3)",
    )
    ap.add_argument("--worst", type=int, default=0, help="also list the K held-out pages where copydesk does worst")
    args = ap.parse_args(argv)

    pages = load_pages(DATA_SET)[: args.limit]
    captures = [p.capture for p in pages]  # read once, before any timing
    line_counts = [len(c.splitlines()) for c in captures]

    results = {}
    for name, make in SYSTEMS:
        print(f"running {name} on {len(captures)} captures ...", file=sys.stderr, flush=True)
        results[name] = score(run_system(name, make, captures, args.repeat), pages, line_counts)

    lo, hi = TYPICAL_LINES
    meta = {
        "data_set": DATA_SET,
        "date": datetime.date.today().isoformat(),
        "pages": len(pages),
        "holdout_pages": sum(p.holdout for p in pages),
        "typical_pages": sum(lo <= n <= hi for n in line_counts),
        "typical_lines": [lo, hi],
        "cpu": cpu_model(),
        "versions": versions(),
        "c4_settings": C4_SETTINGS,
        "limit": args.limit,
        "repeat": args.repeat,
    }
    print(markdown(results, meta))
    if args.worst:
        print(worst(results, pages, args.worst))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        doc = _nan_to_none({"meta": meta, "results": results})
        args.json.write_text(json.dumps(doc, indent=1, sort_keys=True, allow_nan=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
