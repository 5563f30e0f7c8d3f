"""Contract invariants, property-tested: lossless line accounting and deterministic output."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import copydesk

LINES = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "Leave a Reply",
            "By Jane Doe | Reuters",
            "Share on Facebook",
            "Widespread concern",
            "October 17, 2023",
            "A caption of three words (Photo: AP)",
            "Imago/Blaulicht-News.de",
            "“Quoted words,” he said.",
            "• bullet item",
            "The council voted on Tuesday to approve the budget after a long debate that lasted well into the night.",
        ]
    ),
)


def _non_empty_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(re.split(r"\r\n|\r|\n", text), 1) if line.strip()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_properties_every_line_in_exactly_one_block_or_removed(lines, newline):
    text = newline.join(lines)
    art = copydesk.parse(text, nlp=False)
    # A block or removed entry covers `lines` input lines from `line` (a hard-wrapped paragraph is one block).
    accounted = sorted(n for item in (*art.blocks, *art.removed) for n in range(item.line, item.line + item.lines))
    if art.errors and art.errors[0].code == "E104":  # nothing but whitespace: nothing to account
        assert accounted == [] and _non_empty_lines(text) == []
        return
    assert accounted == _non_empty_lines(text)
    assert all(r.reason for r in art.removed)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, max_size=30))
def test_properties_output_is_deterministic(lines):
    text = "\n".join(lines)
    assert copydesk.parse(text, nlp=False).to_json() == copydesk.parse(text, nlp=False).to_json()


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, max_size=30))
def test_properties_json_round_trip(lines):
    art = copydesk.parse("\n".join(lines), nlp=False)
    assert copydesk.Article.from_json(art.to_json()).to_json() == art.to_json()
