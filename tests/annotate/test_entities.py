"""Entities: the seed's golden entities, name merging and repair on small real sentences, hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("spacy")

import copydesk  # noqa: E402
from copydesk.annotate.entities import find_entities  # noqa: E402
from copydesk.annotate.names import clean_name, unbracketed  # noqa: E402
from copydesk.annotate.nlp import NlpStage  # noqa: E402
from copydesk.model import Article, Block, Byline, TitleCheck  # noqa: E402

SEED = Path("/work/shared/seed/capture.txt")
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "seed-expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def stage() -> NlpStage:
    """The NLP stage of the process-wide pipeline, so that spaCy loads once per test session."""
    from copydesk.pipeline import _pipeline

    for annotator in _pipeline(True).annotators:
        if isinstance(annotator, NlpStage):
            _ = annotator.nlp  # load now
            return annotator
    s = NlpStage()
    _ = s.nlp  # load now
    return s


@pytest.fixture(scope="session")
def seed_text() -> str:
    path = (
        SEED
        if SEED.exists()
        else Path(__file__).resolve().parents[2] / "sample" / "captures" / "dw-north-korea-russia.txt"
    )
    return path.read_text(encoding="utf-8")


def seed_article(seed_text: str) -> Article:
    """The seed as its golden file reads it (title, caption, dek, byline, heading, paragraphs), so that these
    tests hold whatever structure recovery does; test_entities_seed_end_to_end goes through copydesk.parse."""
    lines = seed_text.splitlines()
    blocks = [Block("title", EXPECTED["title"]["text"], EXPECTED["title"]["line"])]
    blocks += [Block("caption", m["caption"], m["line"]) for m in EXPECTED["media"]]
    blocks.append(Block("dek", EXPECTED["dek"]["text"], EXPECTED["dek"]["line"]))
    heading_lines = {h["line"] for h in EXPECTED["headings"]}
    for n in sorted(heading_lines | set(EXPECTED["paragraph_lines"])):
        blocks.append(Block("heading" if n in heading_lines else "paragraph", lines[n - 1], n))
    return Article(
        id="seed",
        blocks=blocks,
        bylines=[Byline(b["name"]) for b in EXPECTED["bylines"]],
        language="en",
        title=EXPECTED["title"]["text"],
        title_check=TitleCheck(EXPECTED["title"]["title_check"]),
    )


@pytest.fixture(scope="session")
def seed_entities(stage, seed_text):
    article = seed_article(seed_text)
    return article, entities_of(stage, article)


def entities_of(stage: NlpStage, article: Article):
    ids = stage.block_ids(article)
    docs = list(stage.nlp.pipe(article.blocks[i].text for i in ids))
    return find_entities(article, ids, docs)


def annotate(stage: NlpStage, *paragraphs: str, bylines: tuple[str, ...] = ()):
    """Entities of an article made of these paragraphs (and bylines), checked for exact offsets."""
    article = Article(
        id="t",
        blocks=[Block("paragraph", p, n) for n, p in enumerate(paragraphs, 1)],
        bylines=[Byline(b) for b in bylines],
        language="en",
        title_check=TitleCheck("missing"),
    )
    entities = entities_of(stage, article)
    assert_well_formed(article, entities)
    return {e.name: e for e in entities}


def assert_well_formed(article: Article, entities) -> None:
    assert [e.id for e in entities] == [f"e{i}" for i in range(1, len(entities) + 1)]
    firsts = [(e.mentions[0].block, e.mentions[0].start) for e in entities if e.mentions]
    assert firsts == sorted(firsts), "ids follow the order of first mention"
    assert all(e.mentions for e in entities[: len(firsts)]), "entities without mentions come last"
    for e in entities:
        assert e.name and e.name not in e.aliases
        assert len({a.casefold() for a in e.aliases}) == len(e.aliases)
        for m in e.mentions:
            text = article.blocks[m.block].text
            assert 0 <= m.start < m.end <= len(text)
            surface = text[m.start : m.end]
            forms = {e.name.casefold(), *(a.casefold() for a in e.aliases)}
            assert clean_name(surface).casefold() in forms or unbracketed(surface).casefold() in forms, (surface, e)


# --- the seed ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("want", EXPECTED["entities"], ids=lambda w: w["name"])
def test_entities_seed_golden(seed_entities, want):
    _, entities = seed_entities
    found = [e for e in entities if e.name == want["name"]]
    assert len(found) == 1, [e.name for e in entities]
    e = found[0]
    assert e.type == want["type"]
    assert sorted(e.aliases) == sorted(want.get("aliases", []))
    assert e.roles == want.get("roles", [])


def test_entities_seed_well_formed(seed_entities):
    assert_well_formed(*seed_entities)


def test_entities_seed_not_entities(seed_entities):
    _, entities = seed_entities
    names = {e.name for e in entities} | {a for e in entities for a in e.aliases}
    assert "First" not in names and "Spain" not in names
    assert not [e for e in entities if e.type != "PERSON" and {"Lavrov", "Ri"} & {e.name, *e.aliases}]


def test_entities_seed_mentions(seed_entities):
    article, entities = seed_entities
    by_name = {e.name: e for e in entities}
    text = lambda m: article.blocks[m.block].text[m.start : m.end]  # noqa: E731
    assert [text(m) for m in by_name["Donald Trump"].mentions] == ["[Donald] Trump"]
    assert "Moon Jae-in" in [text(m) for m in by_name["Moon Jae-in"].mentions]
    assert [text(m) for m in by_name["Ri Yong-ho"].mentions] == ["Ri Yong-ho", "Ri Yong Ho", "Ri", "Ri"]
    assert "The North" in [text(m) for m in by_name["North Korea"].mentions]
    assert by_name["Julian Ryall"].mentions == []  # the byline is not in any kept block


def test_entities_seed_end_to_end(seed_text):
    article = copydesk.parse(seed_text)
    assert not [err for err in article.errors if err.stage.endswith("NlpStage")]
    got = {e.name: (e.type, sorted(e.aliases), e.roles) for e in article.entities}
    want = {w["name"]: (w["type"], sorted(w.get("aliases", [])), w.get("roles", [])) for w in EXPECTED["entities"]}
    assert {name: got.get(name) for name in want} == want
    assert_well_formed(article, article.entities)


# --- merging and repair on small sentences -------------------------------------------------------------------


def test_entities_editorial_brackets(stage):
    ents = annotate(
        stage, "The deal was praised by President [Donald] Trump on Monday.", "Trump later said he was happy."
    )
    trump = ents["Donald Trump"]
    assert trump.type == "PERSON" and trump.aliases == ["Trump"] and trump.roles == ["President"]
    assert len(trump.mentions) == 2


def test_entities_surname_joins_full_name(stage):
    ents = annotate(
        stage,
        "Syrian President Bashar al-Assad met the envoy in Damascus.",
        "Assad told the envoy that the war was over.",
    )
    assad = ents["Bashar al-Assad"]
    assert assad.aliases == ["Assad"] and assad.roles == ["President (Syria)"]
    assert "Assad" not in ents


def test_entities_possessive_is_the_same_place(stage):
    ents = annotate(stage, "Russia's economy is shrinking.", "Analysts expect Russia to recover next year.")
    assert ents["Russia"].aliases == [] and len(ents["Russia"].mentions) == 2


def test_entities_hyphenated_given_name(stage):
    ents = annotate(stage, "South Korean President Moon Jae-in met Kim Jong-un in Panmunjom.")
    assert ents["Moon Jae-in"].roles == ["President (South Korea)"]
    assert "Kim Jong-un" in ents


def test_entities_title_words_are_not_entities(stage):
    ents = annotate(stage, "U.S. Secretary of State Mike Pompeo arrived in Seoul on Sunday.")
    assert ents["Mike Pompeo"].roles == ["Secretary of State (United States)"]
    assert "State" not in ents
    assert ents["United States"].aliases == ["U.S."]


def test_entities_acronym_joins_organisation(stage):
    ents = annotate(stage, "The United Nations imposed new sanctions.", "The UN said the measures were needed.")
    assert ents["United Nations"].aliases == ["UN"] and "UN" not in ents


def test_entities_apposition_with_country(stage):
    ents = annotate(stage, "Sergei Lavrov, Russia's foreign minister, arrived in Pyongyang on Tuesday.")
    assert ents["Sergei Lavrov"].roles == ["foreign minister (Russia)"]


def test_entities_relation_is_not_a_role(stage):
    ents = annotate(stage, "Lavrov accepted an invitation by Ri Yong Ho, his North Korean counterpart.")
    assert [e.roles for e in ents.values() if "Ri Yong Ho" in (e.name, *e.aliases)] == [[]]


def test_entities_byline_in_text_joins_mentions(stage):
    ents = annotate(stage, "Julian Ryall reports from Tokyo on the summit.", bylines=("Julian Ryall",))
    ryall = ents["Julian Ryall"]
    assert ryall.roles == ["reporter (byline)"] and len(ryall.mentions) == 1


def test_entities_byline_only_comes_last(stage):
    ents = list(annotate(stage, "Moscow welcomed the talks.", bylines=("Julian Ryall",)).values())
    assert ents[-1].name == "Julian Ryall" and ents[-1].mentions == [] and ents[-1].type == "PERSON"


def test_entities_the_north_needs_a_north_country(stage):
    ents = annotate(stage, "The North wants to talk, diplomats said.")
    assert all(e.name != "North Korea" for e in ents.values())


# --- hostile input -----------------------------------------------------------------------------------------


def test_entities_hostile_capitalised_wall(stage):
    words = [f"Word{'abcdefghij'[i % 10]}{'klmnopqrst'[(i // 10) % 10]}" for i in range(5000)]
    ents = annotate(stage, " ".join(words), "Sergei Lavrov met Ri Yong Ho in Moscow.")
    assert "Sergei Lavrov" in ents and "Moscow" in ents
    assert all(len(e.name.split()) <= 12 for e in ents.values())


@pytest.mark.parametrize(
    "text",
    [
        "[[[",
        "]]]",
        "[[[ President [Donald Trump met [[ Kim ]] in Hanoi ]",
        "Trump]]] [[[Kim",
        "😀 Sergei Lavrov 😀 met 🇰🇵 Ri Yong Ho 👋 in Moscow’s 🏛 centre.",
        "\u200b\u200bMoscow\u200b",
        "'s",
        "- -- —",
    ],
)
def test_entities_hostile_fragments(stage, text):
    ents = annotate(stage, text, text)
    for e in ents.values():
        assert "[" not in e.name and "]" not in e.name


def test_entities_emoji_offsets(stage):
    ents = annotate(stage, "😀😀 Sergei Lavrov met Ri Yong Ho in Moscow.")
    assert "Sergei Lavrov" in ents  # offsets are checked in annotate()


def test_entities_no_blocks(stage):
    article = Article(id="t", bylines=[Byline("Julian Ryall")])
    assert [e.name for e in find_entities(article, [], [])] == ["Julian Ryall"]


# --- regressions ---------------------------------------------------------------------------------------------


def test_entities_possessive_inside_span_regression(stage):
    # the model tagged "Clinton’s van" as one PERSON
    ents = annotate(stage, "Hillary Clinton left early.", "Video showed Clinton’s van leaving the memorial.")
    assert "Clinton’s van" not in ents and "Clinton" in ents["Hillary Clinton"].aliases


def test_entities_epithet_is_not_the_name_regression(stage):
    # "Crooked Hillary Clinton" once must not rename the Hillary Clinton of every other paragraph
    ents = annotate(
        stage,
        "Trump tweeted about Crooked Hillary Clinton again.",
        *["Hillary Clinton spoke in Ohio on Friday."] * 3,
        "Hillary said she would win.",
    )
    assert "Crooked Hillary Clinton" not in ents and "Hillary" in ents["Hillary Clinton"].aliases


def test_entities_partial_name_moves_with_its_short_forms_regression(stage):
    # a partial name joined a longer one after short forms had joined it: no entity may end up without a type
    ents = annotate(
        stage,
        "Mike Pence spoke.",
        "Pence said it twice.",
        "Governor Mike Richard Pence of Indiana agreed.",
        "Pence left.",
    )
    assert all(e.type for e in ents.values())


def test_entities_role_with_abbreviated_title(stage):
    ents = annotate(stage, "Stein spokeswoman Melezia Figueroa said Gov. Mike Pence was wrong.", "Jill Stein left.")
    assert ents["Melezia Figueroa"].roles == ["spokeswoman (Jill Stein)"]
    assert ents["Mike Pence"].roles == ["Governor"]


# --- title-cased headlines (fixtures: a few lines of PolNeAR dev articles, /work/shared/data/polnear-dev/text/;
# PolNeAR ships no licence file, so only the headline and one or two paragraphs are quoted, for regression) --------

POLNEAR_HEADLINES = {
    # nyt_2016-09-25_obama-says-african-american-muse.txt
    "obama-says": (
        "Obama Says African-American Museum Will Tell of 'Suffering and Delight.'",
        "WASHINGTON -- President Obama, dedicating the National Museum of African American History and Culture "
        "on Saturday, said it would tell an American story, one of ''suffering and delight, one of fear, but "
        "also of hope.''",
    ),
    # west-journal_2016-09-23_clinton-breaks-with-obama-on-law.txt
    "clinton-breaks": (
        "Clinton Breaks With Obama On 9/11 Lawsuit Bill.",
        "As President Obama appears set to veto legislation that would allow 9/11 families to sue Saudi "
        "Arabia, Democratic nominee Hillary Clinton apparently disagrees with her former boss.",
        "According to Yahoo News, Clinton spokesman Jesse Lehrich said Friday that if his candidate were "
        "to win in November, “she would sign this legislation if it came to her desk.”",
    ),
    # breitbart_2016-10-02_washington-post-hit-piece-exploi.txt
    "post-hit-piece": (
        "Washington Post Hit Piece Exploits Trump Supporter Who Was in a Hospital for Mental Issues.",
        "The Washington Post ran a feature Saturday that extensively profiled a female Trump supporter who "
        "recently spent time in a hospital for mental issues.",
    ),
}


def annotate_headline(stage: NlpStage, title: str, *paragraphs: str):
    article = Article(
        id="t",
        blocks=[Block("title", title, 1)] + [Block("paragraph", p, n) for n, p in enumerate(paragraphs, 2)],
        language="en",
        title=title,
        title_check=TitleCheck("consistent"),
    )
    entities = entities_of(stage, article)
    assert_well_formed(article, entities)
    return {e.name: e for e in entities}


def test_entities_headline_verb_after_name_regression(stage):
    # "Obama Says": the body writes "said"; the headline's Obama is the body's Obama, not a new "Obama Says"
    ents = annotate_headline(stage, *POLNEAR_HEADLINES["obama-says"])
    assert "Obama Says" not in ents and "Obama" in ents
    assert len(ents["Obama"].mentions) == 2 and ents["Obama"].aliases == []
    assert ents["Obama"].mentions[0].block == 0


def test_entities_headline_links_to_body_names_regression(stage):
    ents = annotate_headline(stage, *POLNEAR_HEADLINES["clinton-breaks"])
    names = {n for e in ents.values() for n in (e.name, *e.aliases)}
    assert "Clinton Breaks" not in names
    assert "Hillary Clinton" in ents and ents["Hillary Clinton"].mentions[0].block == 0  # "Clinton" in the headline


def test_entities_headline_span_split_into_body_names_regression(stage):
    ents = annotate_headline(stage, *POLNEAR_HEADLINES["post-hit-piece"])
    assert all(len(e.name.split()) <= 2 for e in ents.values()), list(ents)
    assert [m.block for m in ents["Washington Post"].mentions] == [0, 1]


def test_entities_headline_body_spelling_is_the_name(stage):
    # a headline-only title case ("Obama Says") never names the entity when the body has its own spelling
    ents = annotate_headline(
        stage, "Derelict Obama Ignores Warnings.", "Obama said nothing about the warnings.", "Critics ignored Obama."
    )
    assert "Obama" in ents and "Derelict Obama" not in ents


def test_entities_sentence_case_headline_is_left_alone(stage):
    # capitals in a sentence-case headline are evidence of a name: nothing is trimmed
    ents = annotate_headline(
        stage,
        "International Monetary Fund slashes prospect for U.S. growth.",
        "The International Monetary Fund said growth would slow, and the fund cut its forecast.",
    )
    assert [m.block for m in ents["International Monetary Fund"].mentions] == [0, 1]
