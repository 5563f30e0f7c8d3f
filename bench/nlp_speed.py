"""Where the NLP stage's time goes: each spaCy component and each of copydesk's annotators, on one core.

    .venv/bin/python bench/nlp_speed.py [--pages 100] [--batch-sizes 16,64,256,1000]

Over the first `--pages` wcxb-dev-articles text captures, each is parsed the
user's way without NLP (`copydesk.parse(path, nlp=False)`), and the NLP stage
is then run by parts on exactly the blocks it annotates (`NlpStage.block_ids`), after
one untimed call of the stage and of the language check (their lazy loads):
spaCy's tokenizer, then each component of the pipeline in turn over all those
blocks (`pipe.pipe(docs, batch_size)`, the stage's batch size), then
copydesk's own annotators (`find_entities`, `find_quotes`) on the resulting
docs, and the language check. Each part's CPU seconds (one core, one BLAS
thread) and its share of the whole are printed, with the pages/s the stage
would reach if that part cost nothing. Last, the whole stage as the pipeline
runs it (`NlpStage()(article)`), to check the parts add up. With
`--batch-sizes`, the whole spaCy pipeline's CPU seconds over the same blocks
at each batch size (`nlp.pipe(texts, batch_size=B)`).
"""

from __future__ import annotations

import one_core  # noqa: F401  (first: one core, the working tree's copydesk on the path)

# isort: split

import argparse
import copy
import os
import time

import copydesk
from bench.datasets import cpu_model, load_pages
from copydesk.annotate.entities import find_entities
from copydesk.annotate.language import LanguageStage
from copydesk.annotate.nlp import NlpStage
from copydesk.annotate.quotes import find_quotes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--batch-sizes", default="", help="comma-separated batch sizes to time the pipeline at")
    opts = ap.parse_args()
    pages = load_pages("wcxb-dev-articles")[: opts.pages]
    articles = [copydesk.parse(p.text_path, nlp=False) for p in pages]
    stage, language = NlpStage(), LanguageStage()
    nlp = stage.nlp
    stage(copy.deepcopy(articles[0]))  # untimed: the first call's lazy loads
    language(copy.deepcopy(articles[0]))
    ids = [stage.block_ids(a) for a in articles]
    texts = [a.blocks[i].text for a, block_ids in zip(articles, ids) for i in block_ids]
    cpu = time.process_time
    parts: list[tuple[str, float]] = []

    start = cpu()
    docs = [nlp.make_doc(t) for t in texts]
    parts.append(("spaCy tokenizer", cpu() - start))
    for name, component in nlp.pipeline:
        start = cpu()
        docs = list(component.pipe(docs, batch_size=stage.batch_size))
        parts.append((f"spaCy {name}", cpu() - start))
    tokens = sum(len(d) for d in docs)

    per_article, k = [], 0
    for block_ids in ids:
        per_article.append(docs[k : k + len(block_ids)])
        k += len(block_ids)
    work = [copy.deepcopy(a) for a in articles]
    start = cpu()
    for article, block_ids, article_docs in zip(work, ids, per_article):
        article.entities = find_entities(article, block_ids, article_docs)
    parts.append(("copydesk entities", cpu() - start))
    start = cpu()
    for article, block_ids, article_docs in zip(work, ids, per_article):
        article.quotes = find_quotes(article, block_ids, article_docs)
    parts.append(("copydesk quotes and speakers", cpu() - start))
    start = cpu()
    for article in copy.deepcopy(articles):
        language(article)
    parts.append(("language check", cpu() - start))

    whole = [copy.deepcopy(a) for a in articles]
    start = cpu()
    for article in whole:
        stage(article)
    as_run = cpu() - start

    total = sum(s for _, s in parts)
    n = len(articles)
    print(
        f"{n} wcxb-dev-articles text captures, {len(texts):,} annotated blocks, {tokens:,} tokens; "
        f"batch size {stage.batch_size}; one core ({cpu_model()}), {os.cpu_count()} CPUs on the machine\n"
    )
    print("| part | CPU s | share | pages/s of the part alone | pages/s without it |")
    print("|---|---:|---:|---:|---:|")
    for name, seconds in parts:
        print(f"| {name} | {seconds:.2f} | {seconds / total:.1%} | {n / seconds:,.1f} | {n / (total - seconds):.2f} |")
    print(f"| **all parts** | **{total:.2f}** | 100% | {n / total:.2f} | |")
    print(f"\nThe stage as the pipeline runs it (language check apart): {as_run:.2f} CPU s, {n / as_run:.2f} pages/s.")
    same = [a.to_json() for a in whole] == [a.to_json() for a in work]
    print(f"Entities and quotes by parts identical to the stage's: {same}")
    if opts.batch_sizes:
        print("\n| batch size | spaCy pipeline CPU s |\n|---:|---:|")
        for size in map(int, opts.batch_sizes.split(",")):
            start = cpu()
            for _ in nlp.pipe(texts, batch_size=size):
                pass
            print(f"| {size} | {cpu() - start:.2f} |")


if __name__ == "__main__":
    main()
