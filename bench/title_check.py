"""Headline check on FNC-1: does the headline belong to the body (related) or to another story (unrelated)?

    .venv/bin/python bench/title_check.py

Compares copydesk's lexical check with a plain TF-IDF cosine on the same pairs.
Each method's threshold is chosen on the first 44,974 rows (UKPLab's 90% part)
and accuracy is reported on the last 4,998 (the 10% part), plus pairs/s.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import DATA  # noqa: E402
from copydesk.annotate.title_check import THRESHOLD, lexical_score  # noqa: E402

TUNE_ROWS = 44_974


def load():
    root = DATA / "fnc1-train"
    with open(root / "train_bodies.csv", newline="", encoding="utf-8") as f:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(f)}
    with open(root / "train_stances.csv", newline="", encoding="utf-8") as f:
        rows = [(r["Headline"], r["Body ID"], r["Stance"] != "unrelated") for r in csv.DictReader(f)]
    return bodies, rows


def best_threshold(scores, labels):
    """The threshold with the best accuracy on (scores, labels)."""
    grid = sorted({round(s, 3) for s in scores})
    best = max(grid[:: max(1, len(grid) // 400)], key=lambda t: sum((s >= t) == y for s, y in zip(scores, labels)))
    return best


def accuracy(scores, labels, threshold):
    hits = [(s >= threshold) == y for s, y in zip(scores, labels)]
    related = [h for h, y in zip(hits, labels) if y]
    unrelated = [h for h, y in zip(hits, labels) if not y]
    return sum(hits) / len(hits), sum(related) / len(related), sum(unrelated) / len(unrelated)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="use only the first N rows of each part (quick run)")
    args = ap.parse_args()
    bodies, rows = load()
    tune, test = rows[:TUNE_ROWS], rows[TUNE_ROWS:]
    if args.limit:
        tune, test = tune[: args.limit], test[: args.limit]

    t0 = time.perf_counter()
    lex_tune = [lexical_score(h, bodies[b]) for h, b, _ in tune]
    lex_test = [lexical_score(h, bodies[b]) for h, b, _ in test]
    lex_rate = (len(tune) + len(test)) / (time.perf_counter() - t0)

    from sklearn.feature_extraction.text import TfidfVectorizer

    t0 = time.perf_counter()
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(list(bodies.values()) + [h for h, _, _ in rows])

    def cosine(pairs):
        heads = vec.transform([h for h, _, _ in pairs])
        body_m = vec.transform([bodies[b] for _, b, _ in pairs])
        return list(heads.multiply(body_m).sum(axis=1).A1)

    tf_tune, tf_test = cosine(tune), cosine(test)
    tf_rate = (len(tune) + len(test)) / (time.perf_counter() - t0)

    y_tune, y_test = [y for *_, y in tune], [y for *_, y in test]
    print(f"FNC-1 train: tuned on {len(tune):,} pairs, tested on {len(test):,} held-out pairs\n")
    print("| method | threshold | accuracy | related recall | unrelated recall | pairs/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, s_tune, s_test, fixed, rate in (
        ("copydesk lexical (shipped threshold)", None, lex_test, THRESHOLD, lex_rate),
        ("copydesk lexical (tuned)", lex_tune, lex_test, None, lex_rate),
        ("TF-IDF cosine (tuned)", tf_tune, tf_test, None, tf_rate),
    ):
        th = fixed if fixed is not None else best_threshold(s_tune, y_tune)
        acc, rel, unrel = accuracy(s_test, y_test, th)
        print(f"| {name} | {th:.3f} | {acc:.4f} | {rel:.4f} | {unrel:.4f} | {rate:,.0f} |")
    print("\nTF-IDF pairs/s includes fitting the vectoriser on all bodies and headlines.")


if __name__ == "__main__":
    main()
