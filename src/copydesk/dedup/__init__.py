"""Near-duplicates and syndication: exact copies by a normalised-body hash, near copies by MinHash LSH.

>>> from copydesk.dedup import dedup
>>> with open("out.jsonl", "w", encoding="utf-8") as out:
...     stats = dedup("articles.jsonl", out, threshold=0.75)
"""

from .clusters import RULES, Member, UnionFind, choose_canonical, cluster_id
from .minhash import (
    NUM_PERM,
    SHINGLE_WORDS,
    SignatureIndex,
    Signer,
    jaccard,
    lsh_params,
    normalise,
    shingles,
    text_hash,
)
from .run import DEFAULT_THRESHOLD, DedupStats, dedup

__all__ = [
    "DEFAULT_THRESHOLD",
    "NUM_PERM",
    "RULES",
    "SHINGLE_WORDS",
    "DedupStats",
    "Member",
    "SignatureIndex",
    "Signer",
    "UnionFind",
    "choose_canonical",
    "cluster_id",
    "dedup",
    "jaccard",
    "lsh_params",
    "normalise",
    "shingles",
    "text_hash",
]
