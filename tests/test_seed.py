"""The seed golden test: structure recovery on the seed capture matches what a copy editor reads."""

from __future__ import annotations

import copydesk


def _parse(seed_text):
    return copydesk.parse(seed_text, nlp=False)


def test_seed_title_belongs_to_another_story(seed_text, seed_expected):
    art = _parse(seed_text)
    want = seed_expected["title"]
    assert art.title == want["text"]
    assert [b.line for b in art.blocks if b.kind == "title"] == [want["line"]]
    assert art.title_check.verdict == want["title_check"] == "unrelated"


def test_seed_caption_and_credit_split(seed_text, seed_expected):
    art = _parse(seed_text)
    want = seed_expected["media"][0]
    assert [(m.caption, m.credit) for m in art.media] == [(want["caption"], want["credit"])]
    assert [(b.line, b.text) for b in art.blocks if b.kind == "caption"] == [(want["line"], want["caption"])]


def test_seed_dek_and_byline(seed_text, seed_expected):
    art = _parse(seed_text)
    assert art.dek == seed_expected["dek"]["text"]
    assert [b.line for b in art.blocks if b.kind == "dek"] == [seed_expected["dek"]["line"]]
    assert [b.name for b in art.bylines] == [b["name"] for b in seed_expected["bylines"]]


def test_seed_heading_and_paragraphs(seed_text, seed_expected):
    art = _parse(seed_text)
    assert [(b.line, b.text) for b in art.blocks if b.kind == "heading"] == [
        (h["line"], h["text"]) for h in seed_expected["headings"]
    ]
    assert [b.line for b in art.blocks if b.kind == "paragraph"] == seed_expected["paragraph_lines"]
    assert art.text.startswith("Russian Foreign Minister Sergei Lavrov has accepted")
    assert "Leave a Reply" not in art.text


def test_seed_comment_lines_removed_with_reasons(seed_text, seed_expected):
    art = _parse(seed_text)
    got = [(r.line, r.text, r.reason) for r in art.removed]
    assert len(got) == len(seed_expected["removed"])
    for (line, text, reason), want in zip(got, seed_expected["removed"]):
        assert (line, text) == (want["line"], want["text"])
        assert reason in want["reason"].split(" or ")


def test_seed_every_line_accounted_once(seed_text):
    art = _parse(seed_text)
    lines = [b.line for b in art.blocks] + [r.line for r in art.removed]
    assert sorted(lines) == list(range(1, 17))


def test_seed_output_is_deterministic(seed_text):
    assert _parse(seed_text).to_json() == _parse(seed_text).to_json()
