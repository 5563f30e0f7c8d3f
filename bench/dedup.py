"""Near-duplicate clustering on FNC-1 bodies plus generated syndicated copies: pairwise precision/recall, speed, memory.

    .venv/bin/python bench/dedup.py                     # 100 sources x 5 copies, threshold 0.75
    .venv/bin/python bench/dedup.py --sources 200 --copies 3 --json bench/results/dedup.json

The corpus: FNC-1's 1,683 article bodies as Articles, plus `--copies` syndicated
copies of each of `--sources` bodies. A copy is what a crawler finds when a site
reprints a wire story: a WCXB page's own navigation lines above and footer
lines below, a real FNC-1 headline for that story, and light edits (last
paragraph dropped, curly quotes, a "Reporting by X; Editing by Y" line with
real WCXB author names), parsed by `copydesk.parse(capture, nlp=False)`.
Sources are drawn only from bodies with no near-copy inside FNC-1 (exact
5-shingle Jaccard < 0.5 with every other body), so a copy's only true
partners are its source and its siblings.

Scores, over unordered pairs of articles:
- syndication P/R: the clustering against the known copy groups, over every
  pair that involves a generated copy or a source;
- exact-Jaccard P/R: the clustering against brute force over all pairs (connected
  components of exact shingle Jaccard >= threshold): what LSH + estimated
  Jaccard lose or add compared with comparing every pair exactly.
Speed: `copydesk.dedup.dedup()` over the JSON Lines file (both passes, JSON
parsing included), best of `--repeat`. Memory: tracemalloc peak of one
separate dedup() call (Python and numpy allocations).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import platform
import random
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import copydesk  # noqa: E402
from bench.datasets import DATA, load_pages  # noqa: E402
from copydesk.dedup import dedup, lsh_params, normalise, shingles  # noqa: E402


def load_fnc():
    """FNC-1 bodies by id, and the related (non-unrelated) headlines of each body."""
    root = DATA / "fnc1-train"
    with open(root / "train_bodies.csv", newline="", encoding="utf-8") as f:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(f)}
    headlines = defaultdict(set)
    with open(root / "train_stances.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["Stance"] != "unrelated":
                headlines[r["Body ID"]].add(r["Headline"])
    return bodies, {k: sorted(v) for k, v in headlines.items()}


def chrome_of(page) -> tuple[list[str], list[str]]:
    """A WCXB page's navigation (top) and footer (bottom) lines: capture lines not in its main content."""
    body = normalise(page.truth["main_content"])
    chrome = [ln for ln in page.capture.splitlines() if normalise(ln) and normalise(ln) not in body]
    return chrome[1:7], chrome[-6:]  # chrome[0] is the page's <title>, naming the page's own story


def exact_pairs(texts: dict[str, str], threshold: float) -> tuple[set[tuple[str, str]], dict[str, float]]:
    """Pairs with exact shingle Jaccard >= threshold (inverted index, so only pairs sharing a shingle are compared)."""
    sets = {k: shingles(normalise(t)) for k, t in texts.items() if normalise(t)}
    postings = defaultdict(list)
    for k, s in sets.items():
        for g in s:
            postings[g].append(k)
    shared = defaultdict(int)
    for ks in postings.values():
        if len(ks) > 1:
            for a, b in itertools.combinations(sorted(ks), 2):
                shared[a, b] += 1
    pairs, best = set(), defaultdict(float)
    for (a, b), n in shared.items():
        j = n / (len(sets[a]) + len(sets[b]) - n)
        best[a], best[b] = max(best[a], j), max(best[b], j)
        if j >= threshold:
            pairs.add((a, b))
    return pairs, best


def components(pairs, nodes) -> dict[str, int]:
    """Connected components of a pair graph, as node -> component number."""
    parent = {n: n for n in nodes}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    return {n: find(n) for n in nodes}


def same_group_pairs(labels: dict[str, object]) -> set[tuple[str, str]]:
    """All pairs of nodes sharing a non-None label."""
    groups = defaultdict(list)
    for n, g in labels.items():
        if g is not None:
            groups[g].append(n)
    return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}


def prf(predicted: set, truth: set) -> tuple[float, float, int, int, int]:
    """Precision, recall, and the counts behind them."""
    tp = len(predicted & truth)
    return tp / len(predicted) if predicted else 1.0, tp / len(truth) if truth else 1.0, tp, len(predicted), len(truth)


def build(args):
    """The corpus as Articles, and the known copy group of each generated copy and source."""
    bodies, headlines = load_fnc()
    rng = random.Random(args.seed)
    _, best = exact_pairs(bodies, 0.5)
    eligible = [
        b
        for b in sorted(bodies, key=int)
        if best.get(b, 0.0) < 0.5 and headlines.get(b) and len(bodies[b].split("\n\n")) >= 3
    ]
    sources = sorted(rng.sample(eligible, args.sources), key=int)
    pages = load_pages("wcxb-dev-articles")
    chrome = [chrome_of(p) for p in pages]
    authors = [p.truth["author"] for p in pages if p.truth.get("author") and len(p.truth["author"]) < 40]
    articles = [copydesk.Article(id=f"fnc-{b}", text=bodies[b]) for b in sorted(bodies, key=int)]
    group = {f"fnc-{b}": f"g{b}" for b in sources}
    for b in sources:
        paragraphs = [p.strip() for p in bodies[b].split("\n") if p.strip()]
        for k in range(args.copies):
            nav, footer = rng.choice(chrome)
            paras = paragraphs[:-1] if rng.random() < 0.4 else list(paragraphs)
            if rng.random() < 0.5:
                paras = [p.replace('"', "\u201c", 1).replace('"', "\u201d", 1).replace("'", "\u2019") for p in paras]
            extra = (
                [f"Reporting by {rng.choice(authors)}; Editing by {rng.choice(authors)}"] if rng.random() < 0.3 else []
            )
            capture = "\n".join([*nav, rng.choice(headlines[b]), *paras, *extra, *footer]) + "\n"
            art = copydesk.parse(capture, nlp=False)
            art.id = f"copy-{b}-{k}"
            articles.append(art)
            group[art.id] = f"g{b}"
    rng.shuffle(articles)  # copies are not next to their sources in a real crawl
    return articles, group, len(eligible)


def run(path: str, threshold: float, params=None):
    """One dedup() call into a file (not memory, so the memory peak is dedup's): clusters by id, stats, seconds."""
    out_path = path + ".out"
    with open(out_path, "w", encoding="utf-8") as out:
        t0 = time.perf_counter()
        stats = dedup(path, out, threshold=threshold, params=params)
        seconds = time.perf_counter() - t0
    with open(out_path, encoding="utf-8") as f:
        clusters = {a["id"]: a["cluster"] for a in map(json.loads, f)}
    return clusters, stats, seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=100, help="FNC-1 bodies to syndicate")
    ap.add_argument("--copies", type=int, default=5, help="syndicated copies of each")
    ap.add_argument("--threshold", type=float, default=0.75)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs; the fastest counts")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", help="write every number here")
    args = ap.parse_args()

    t0 = time.perf_counter()
    articles, group, eligible = build(args)
    print(
        f"built {len(articles)} articles ({args.sources} sources of {eligible} eligible x {args.copies} copies) "
        f"in {time.perf_counter() - t0:.1f}s",
        file=sys.stderr,
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "corpus.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for a in articles:
                f.write(a.to_json() + "\n")
        runs = [run(path, args.threshold) for _ in range(args.repeat)]
        clusters, stats, _ = runs[0]
        assert all(r[0] == clusters for r in runs), "runs disagree"
        seconds = min(r[2] for r in runs)
        tracemalloc.start()
        run(path, args.threshold)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        fineweb = run(path, args.threshold, params=(14, 8))[0]

    predicted = same_group_pairs(clusters)
    known = {k for k in clusters if k in group}
    synd_truth = same_group_pairs(group)
    synd_pred = {p for p in predicted if p[0] in known or p[1] in known}
    exact, _ = exact_pairs({a.id: a.text for a in articles}, args.threshold)
    # True pairs whose parsed bodies still share >= threshold of their shingles: the ones dedup can find. The
    # rest were lost before dedup (structure recovery kept too little of a copy's body, or the edits weighed more).
    findable = synd_truth & exact
    empty = {a.id for a in articles if not normalise(a.text)}
    exact_truth = same_group_pairs(components(exact, [a.id for a in articles]))
    fw_pred = same_group_pairs(fineweb)
    result = {
        "articles": len(articles),
        "sources": args.sources,
        "copies": args.copies,
        "threshold": args.threshold,
        "lsh": {"num_perm": 128, "bands_rows": list(lsh_params(args.threshold))},
        "syndication": dict(zip(("precision", "recall", "tp", "predicted", "truth"), prf(synd_pred, synd_truth))),
        "exact_jaccard": dict(zip(("precision", "recall", "tp", "predicted", "truth"), prf(predicted, exact_truth))),
        "syndication_findable_recall": prf(synd_pred, findable)[1],
        "findable_pairs": len(findable),
        "true_pairs_with_an_empty_body": sum(1 for a, b in synd_truth if a in empty or b in empty),
        "empty_copies": sum(1 for a in empty if a.startswith("copy-")),
        "fineweb_14x8": {
            "syndication": dict(
                zip(
                    ("precision", "recall"), prf({p for p in fw_pred if p[0] in known or p[1] in known}, synd_truth)[:2]
                )
            ),
            "exact_jaccard": dict(zip(("precision", "recall"), prf(fw_pred, exact_truth)[:2])),
        },
        "clusters": stats.clusters,
        "clustered": stats.clustered,
        "exact_duplicates": stats.exact_duplicates,
        "fnc_internal_clusters": len(
            {clusters[a] for a in clusters if a.startswith("fnc-") and a not in known and clusters[a]}
        ),
        "candidates": stats.candidates,
        "verified": stats.verified,
        "why": dict(stats.why),
        "seconds": round(seconds, 3),
        "articles_per_s": round(len(articles) / seconds, 1),
        "tracemalloc_peak_mib": round(peak / 2**20, 2),
        "peak_bytes_per_article": round(peak / len(articles)),
        "python": platform.python_version(),
    }
    s, e, fw = result["syndication"], result["exact_jaccard"], result["fineweb_14x8"]
    print(f"| corpus | {len(articles)} articles: FNC-1 1,683 + {args.sources} x {args.copies} copies |")
    print(
        f"| LSH | 128 perms, {lsh_params(args.threshold)[0]} bands x {lsh_params(args.threshold)[1]} rows, "
        f"threshold {args.threshold} |"
    )
    print(
        f"| syndication P / R | {s['precision']:.3f} / {s['recall']:.3f} "
        f"({s['tp']} of {s['truth']} true pairs, {s['predicted']} predicted) |"
    )
    print(
        f"| syndication recall, findable pairs | {result['syndication_findable_recall']:.3f} "
        f"({len(findable)} true pairs whose parsed bodies have exact Jaccard >= {args.threshold}; "
        f"{result['true_pairs_with_an_empty_body']} true pairs lost to {result['empty_copies']} copies "
        "parsed with an empty body) |"
    )
    print(
        f"| vs exact Jaccard P / R | {e['precision']:.3f} / {e['recall']:.3f} "
        f"({e['tp']} of {e['truth']} pairs, {e['predicted']} predicted) |"
    )
    print(
        f"| FineWeb 14x8 instead | syndication "
        f"{fw['syndication']['precision']:.3f} / {fw['syndication']['recall']:.3f}, "
        f"exact Jaccard {fw['exact_jaccard']['precision']:.3f} / {fw['exact_jaccard']['recall']:.3f} |"
    )
    print(
        f"| clusters | {stats.clusters} ({stats.clustered} articles; "
        f"{result['fnc_internal_clusters']} among FNC-1's own bodies), "
        f"{stats.exact_duplicates} exact duplicates, {stats.candidates} LSH candidates, "
        f"{stats.verified} verified |"
    )
    print(f"| speed | {result['articles_per_s']} articles/s ({seconds:.2f}s, best of {args.repeat}, one process) |")
    print(
        f"| memory | tracemalloc peak {result['tracemalloc_peak_mib']} MiB "
        f"({result['peak_bytes_per_article']} B/article) |"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
