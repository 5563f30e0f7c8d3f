"""Store speed on a 10,000-article corpus: ingest rate and query latency, SQLite file and PostgreSQL server.

    .venv/bin/python bench/store.py [--articles 10000] [--base 400] [--pg DSN] [--json PATH]

The corpus: the first `--base` HTML pages of wcxb-dev-articles and fundus-other
(alternately), parsed once WITH NLP (entities, quotes) by `copydesk parse --workers 2` and
kept in bench/results/store-base.jsonl for later runs, then replicated to
`--articles` distinct articles: copy k of a page gets its own id and URL, its
body paragraphs in a different order (mention and quote offsets moved with
them), and its headline a copy number, so no two stored articles are alike.

For each backend (a fresh SQLite file in a temporary folder; a fresh schema in
the PostgreSQL database named by `--pg` or COPYDESK_TEST_PG, skipped without one):

- ingest      Store.upsert in batches of 200 (what `copydesk ingest` does) of
              Articles already in memory: articles/s over the whole corpus
              (time inside upsert only);
- search      Store.search(q, limit=10) for a fixed set of queries built from
              the corpus (entity names as phrases, single words, two-word AND,
              OR, and exclusions): each query's fastest of 3 rounds, p50/p95 ms;
- quotes      Store.quotes(entity=KEY) for the 50 most-quoted speakers, and
              Store.quotes(speaker=NAME), the name-spelling path `copydesk quotes
              --speaker` uses: p50/p95 ms, fastest of 3 rounds each.

The client is pinned to one core (bench/one_core.py); PostgreSQL runs in its
own processes on the same machine.
"""

from __future__ import annotations

import one_core  # noqa: F401  (first: one core, the working tree's copydesk)

# isort: split

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.datasets import DATA, REPO, cpu_model, load_pages
from copydesk import __version__
from copydesk.model import BODY_KINDS, Article
from copydesk.store import open_store

BATCH = 200
ROUNDS = 3
CACHE = Path(__file__).resolve().parent / "results" / "store-base.jsonl"


def base_articles(n: int) -> list[Article]:
    """The first `n` pages (alternating the two data sets) parsed with NLP, from the cache when it has them."""
    if CACHE.exists():
        cached = [Article.from_json(line) for line in CACHE.read_text(encoding="utf-8").splitlines() if line]
        if len(cached) >= n:
            return cached[:n]
    wcxb, fundus = load_pages("wcxb-dev-articles"), load_pages("fundus-other")
    mixed = [p for pair in zip(wcxb, fundus) for p in pair] + wcxb[len(fundus) :]
    paths = [str(p.html_path) for p in mixed[:n]]
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    print(f"parsing {len(paths)} pages with NLP into {CACHE} (once)...", file=sys.stderr)
    # Preparation, not measured: `copydesk parse` on every core, in its own process (this one is pinned to one).
    subprocess.run(
        [sys.executable, "-m", "copydesk.cli", "parse", "--from", "html", "--workers", "2", "-o", str(CACHE), *paths],
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        preexec_fn=lambda: os.sched_setaffinity(0, range(os.cpu_count() or 1)),
    )
    return [Article.from_json(line) for line in CACHE.read_text(encoding="utf-8").splitlines() if line]


def variant(article: Article, k: int) -> Article:
    """Copy `k` of an article: its own id and URL, body blocks rotated by k, headline numbered; offsets kept exact."""
    copy = Article.from_json(article.to_json())
    body = [n for n, b in enumerate(copy.blocks) if b.kind in BODY_KINDS]
    if len(body) > 1:
        shift = k % len(body)
        order = body[shift:] + body[:shift]
        moved = {old: new for old, new in zip(order, body)}  # block `old` now sits at index `new`
        blocks = list(copy.blocks)
        for old, new in moved.items():
            blocks[new] = copy.blocks[old]
        copy.blocks = blocks
        for m in [m for e in copy.entities for m in e.mentions] + [s for q in copy.quotes for s in q.spans]:
            m.block = moved.get(m.block, m.block)
        copy.text = "\n\n".join(b.text for b in copy.blocks if b.kind in BODY_KINDS)
    copy.id = f"{article.id}-{k:05d}"
    copy.source.url = f"https://bench.copydesk.invalid/{k}/{article.id}"
    if copy.title:
        copy.title = f"{copy.title} ({k})"  # appended: title mentions keep their offsets
        for b in copy.blocks:
            if b.kind == "title":
                b.text = f"{b.text} ({k})"
    return copy


def corpus(base: list[Article], n: int) -> Iterator[Article]:
    """`n` distinct articles made from `base`, generated (not held in memory)."""
    for i in range(n):
        yield variant(base[i % len(base)], i // len(base))


def queries(base: list[Article]) -> list[str]:
    """A fixed query set from the corpus: names as phrases, words, AND, OR, exclusions."""
    names = sorted({e.name for a in base for e in a.entities if e.type in ("PERSON", "ORG", "GPE") and " " in e.name})
    words = sorted({w.lower() for a in base if a.title for w in a.title.split() if w.isalpha() and len(w) >= 7})
    step_n, step_w = max(1, len(names) // 20), max(1, len(words) // 40)
    names, words = names[::step_n][:20], words[::step_w][:40]
    found = [f'"{n}"' for n in names] + words[:20]
    found += [f"{a} {b}" for a, b in zip(words[20:30], words[30:40])]
    found += [f"{a} OR {b}" for a, b in zip(words[:5], words[5:10])]
    found += [f"{a} -{b}" for a, b in zip(words[10:15], words[15:20])]
    return found


def latencies(call: Callable[[str], object], items: list[str]) -> list[float]:
    """Milliseconds per item: the fastest of ROUNDS rounds."""
    best = [float("inf")] * len(items)
    for _ in range(ROUNDS):
        for i, item in enumerate(items):
            start = time.perf_counter()
            call(item)
            best[i] = min(best[i], (time.perf_counter() - start) * 1000)
    return best


def percentiles(ms: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": round(statistics.median(ms), 2), "p95": round(cuts[94], 2), "n": len(ms)}


def bench_backend(target: str, base: list[Article], n: int) -> dict:
    """Ingest `n` articles into the empty store at `target`, then time the queries."""
    with open_store(target) as store:
        seconds = 0.0  # in upsert only: making the copies is not the store's work
        pending: list[Article] = []
        for i, article in enumerate(corpus(base, n), 1):
            pending.append(article)
            if len(pending) == BATCH or i == n:
                start = time.perf_counter()
                store.upsert(pending)
                seconds += time.perf_counter() - start
                pending = []
        assert store.count() == n, store.count()
        qs = queries(base)
        hits = [len(store.search(q)) for q in qs]
        speakers = store.speakers(limit=50)
        result = {
            "ingest": {"articles": n, "seconds": round(seconds, 1), "articles_per_s": round(n / seconds, 1)},
            "search": {
                **percentiles(latencies(lambda q: store.search(q, limit=10), qs)),
                "queries_with_hits": sum(1 for h in hits if h),
            },
            "quotes_by_entity": percentiles(
                latencies(lambda k: store.quotes(entity=k), [s.entity for s in speakers if s.entity])
            ),
            "quotes_by_name": percentiles(latencies(lambda name: store.quotes(name), [s.name for s in speakers])),
        }
    return result


def pg_target(dsn: str) -> tuple[str, Callable[[], None]]:
    """A fresh schema in the database `dsn`, its URI, and how to drop it."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    schema = f"copydesk_bench_{uuid.uuid4().hex[:10]}"
    conn = psycopg.connect(dsn, autocommit=True)
    conn.execute(f"CREATE SCHEMA {schema}")
    params = {**conninfo_to_dict(dsn), "options": f"-c search_path={schema}"}

    def drop() -> None:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
        conn.close()

    return "postgresql://?" + urlencode(params, quote_via=quote), drop


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--base", type=int, default=400, help="real pages parsed with NLP, replicated to --articles")
    ap.add_argument(
        "--pg", default=os.environ.get("COPYDESK_TEST_PG"), help="PostgreSQL DSN (default: COPYDESK_TEST_PG)"
    )
    ap.add_argument("--json", default=None, help="also write the results here")
    args = ap.parse_args()
    base = base_articles(args.base)
    results: dict = {
        "corpus": {
            "articles": args.articles,
            "base_pages": len(base),
            "data": str(DATA),
            "entities_per_article": round(statistics.mean(len(a.entities) for a in base), 1),
            "quotes_per_article": round(statistics.mean(len(a.quotes) for a in base), 1),
        }
    }
    with tempfile.TemporaryDirectory() as tmp:
        print("sqlite...", file=sys.stderr)
        results["sqlite"] = bench_backend(str(Path(tmp) / "bench.db"), base, args.articles)
    if args.pg:
        import psycopg

        with psycopg.connect(args.pg) as conn:
            results["postgres_version"] = conn.execute("SHOW server_version").fetchone()[0]
        target, drop = pg_target(args.pg)
        try:
            print("postgres...", file=sys.stderr)
            results["postgres"] = bench_backend(target, base, args.articles)
        finally:
            drop()
    results["machine"] = {
        "python": platform.python_version(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "copydesk": __version__,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(report(results))


def report(r: dict) -> str:
    """The results as a Markdown table."""
    c, m = r["corpus"], r["machine"]
    lines = [
        f"{c['articles']:,} articles made from {c['base_pages']} real pages parsed with NLP "
        f"({c['entities_per_article']} entities, {c['quotes_per_article']} quotes per article); "
        f"Python {m['python']}, CPU: {m['cpu']}, {m['cores']} cores, client on one core; copydesk {m['copydesk']}"
        + (f", PostgreSQL {r['postgres_version']}" if "postgres_version" in r else "")
        + ".",
        "",
        "| backend | ingest articles/s | search p50 ms | search p95 ms | quotes by entity p50 / p95 ms "
        "| quotes by name p50 / p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("sqlite", "postgres"):
        if name in r:
            b = r[name]
            lines.append(
                f"| {'SQLite (file)' if name == 'sqlite' else 'PostgreSQL (server)'} | "
                f"{b['ingest']['articles_per_s']:,} | {b['search']['p50']} | {b['search']['p95']} | "
                f"{b['quotes_by_entity']['p50']} / {b['quotes_by_entity']['p95']} | "
                f"{b['quotes_by_name']['p50']} / {b['quotes_by_name']['p95']} |"
            )
    searches = r["sqlite"]["search"]
    lines.append(
        f"\n{searches['n']} search queries ({searches['queries_with_hits']} with hits), "
        f"{r['sqlite']['quotes_by_entity']['n']} speakers."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
