"""One relevance scale for both backends: how much of a query an article holds, and where, from 0 to 1.

Each distinct phrase of the query (the words and "phrases" of its OR-ed alternatives; exclusions only rule
articles out) weighs by its rarity in the whole store, BM25's idf:

    idf(p) = ln(1 + (N - df(p) + 0.5) / (df(p) + 0.5))     N articles, df(p) of them holding p anywhere

and counts by where the article holds it: headline 0.5, standfirst 0.2, body 0.3 (summed, so a phrase in all three
counts 1). An article's relevance is

    relevance = sum over p of idf(p) * place(p) / sum over p of idf(p)

1 when every phrase is in its headline, standfirst and body. Both backends compute it from the same counts (each
finds a phrase with its own index and stemmer, so a stop word PostgreSQL leaves out counts there for nothing) with
integer arithmetic, so the same store content gives the same scores and the same order on either. Ties go to the
newest article, then the id. It is no measure of term frequency or length: a word said ten times counts once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Where a phrase is found, and what that counts: the headline says most what a story is about.
PLACES = (("title", 0.5), ("dek", 0.2), ("body", 0.3))
SCALE = 1_000_000  # weights are summed as integers in SQL (the same sums on both backends), then divided by this


def idf(articles: int, holding: int) -> float:
    """BM25's inverse document frequency of a phrase that `holding` of `articles` articles hold (always > 0)."""
    return math.log(1 + (articles - holding + 0.5) / (holding + 0.5))


@dataclass(frozen=True, slots=True)
class Weight:
    """What finding `phrase` in `place` adds to an article's score, in integer units of the scale."""

    phrase: str
    place: str
    units: int


def weights(frequencies: dict[str, int], articles: int) -> tuple[list[Weight], int]:
    """The weight of each (phrase, place) for phrases held by `frequencies[phrase]` articles of `articles`, and the
    total a perfect article scores (the divisor). A phrase no article holds is left out: it changes no order."""
    found = [(p, idf(articles, df)) for p, df in frequencies.items() if df > 0]
    units = [Weight(p, place, round(w * share * SCALE)) for p, w in found for place, share in PLACES]
    return units, sum(u.units for u in units)
