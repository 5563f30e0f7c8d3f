"""One relevance scale on both backends: the same store content, written to a SQLite file and to PostgreSQL,
gives the same scores (0 to 1, by the formula of copydesk.store.relevance) in the same order."""

from __future__ import annotations

import math
import uuid

import pytest

import copydesk
from copydesk.model import Capture
from copydesk.store import open_store
from copydesk.store.relevance import idf

from ..conftest import SAMPLE
from .conftest import pg_uri

# (id, headline, body): the headline given as a JSON Lines record gives it.
STORIES = [
    (
        "pyongyang-head",
        "Pyongyang opens its border to tourists",
        "The border in Pyongyang opened on Monday, officials said. Tourists queued at the gate.",
    ),
    (
        "pyongyang-body",
        "Markets rally on trade hopes",
        "Traders in Seoul watched Pyongyang closely as markets rose. Shares closed higher on the day.",
    ),
    (
        "summit-head",
        "Summit talks end without a deal",
        "Leaders left the summit late on Friday with no agreement. Talks resume next month.",
    ),
    (
        "climate-body",
        "Farmers count the cost of drought",
        "The climate summit offered farmers little, they said. Rain is not expected before May.",
    ),
]
QUERIES = ["Pyongyang", "summit", "Pyongyang summit", "Pyongyang OR climate", '"foreign minister"', "Lavrov -zebra"]


@pytest.fixture
def both(tmp_path, pg_conn):
    """The same articles in a SQLite file and in a PostgreSQL schema: the samples and four short stories."""
    articles = [copydesk.parse(p, nlp=False) for p in sorted(SAMPLE.glob("*.txt"))]
    articles += [
        copydesk.parse(Capture(data=body, kind="text", id=id_, title=title), nlp=False) for id_, title, body in STORIES
    ]
    schema = f"copydesk_test_{uuid.uuid4().hex[:12]}"
    pg_conn.execute(f"CREATE SCHEMA {schema}")
    targets = [str(tmp_path / "copydesk.db"), pg_uri(schema)]
    try:
        for target in targets:
            with open_store(target) as store:
                store.upsert(articles)
        yield targets
    finally:
        pg_conn.execute(f"DROP SCHEMA {schema} CASCADE")


def test_store_relevance_is_one_scale_on_both_backends(both):
    sqlite, postgres = both
    with open_store(sqlite) as left, open_store(postgres) as right:
        for query in QUERIES:
            found = [[(h.id, h.score) for h in store.search(query, limit=50)] for store in (left, right)]
            assert found[0] and found[0] == found[1], query
            assert all(0 < score <= 1 for _, score in found[0])
            assert [s for _, s in found[0]] == sorted((s for _, s in found[0]), reverse=True)
            paged = [(h.id, h.score) for h in right.search(query, limit=2, offset=1)]
            assert paged == found[0][1:3]


def test_store_relevance_follows_the_documented_formula(both):
    """One phrase: the score is where the article holds it (headline 0.5, standfirst 0.2, body 0.3). Two: each
    weighs by its idf."""
    for target in both:
        with open_store(target) as store:
            hits = {h.id: h.score for h in store.search("Pyongyang")}
            assert hits["pyongyang-head"] == 0.8  # headline and body
            assert hits["pyongyang-body"] == 0.3
            assert list(hits)[0] == "pyongyang-head"
            n = store.count()
            df = {"pyongyang": len(hits), "summit": len(store.search("summit", limit=50))}
            w = {p: idf(n, d) for p, d in df.items()}
            both_words = {h.id: h.score for h in store.search("Pyongyang OR summit", limit=50)}
            expected = (w["pyongyang"] * 0.8) / (w["pyongyang"] + w["summit"])
            assert math.isclose(both_words["pyongyang-head"], expected, abs_tol=1e-5)
            expected = (w["summit"] * 0.8) / (w["pyongyang"] + w["summit"])
            assert math.isclose(both_words["summit-head"], expected, abs_tol=1e-5)
