"""Plain-text captures: hard-wrapped paragraphs are joined back into one logical line; other captures are left alone."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import copydesk
from copydesk.extract.plain import text_lines, wrap_width
from copydesk.structure import split_lines

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE = Path(__file__).resolve().parent.parent.parent / "sample" / "captures"


def _wrapped(text: str, width: int = 78, blank: bool = True) -> str:
    """Each line of a one-block-per-line capture wrapped at `width`, blocks apart by a blank line (or not)."""
    return ("\n\n" if blank else "\n").join(textwrap.fill(line, width) for line in text.splitlines() if line.strip())


def _accounted(art: copydesk.Article) -> list[int]:
    return sorted(n for item in (*art.blocks, *art.removed) for n in range(item.line, item.line + item.lines))


def _non_empty(text: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]


@pytest.mark.parametrize("blank", [True, False])
def test_plain_wrapped_seed_reads_as_the_seed(seed_text, blank):
    wrapped = _wrapped(seed_text, blank=blank)
    assert wrap_width(split_lines(wrapped)) is not None
    plain, art = copydesk.parse(seed_text, nlp=False), copydesk.parse(wrapped, nlp=False)
    assert [(b.kind, b.text) for b in art.blocks] == [(b.kind, b.text) for b in plain.blocks]
    assert art.text == plain.text and art.title == plain.title and art.dek == plain.dek
    assert [(m.caption, m.credit) for m in art.media] == [(m.caption, m.credit) for m in plain.media]
    assert [r.reason for r in art.removed] == [r.reason for r in plain.removed]
    assert _accounted(art) == _non_empty(wrapped)
    assert max(b.lines for b in art.blocks) > 1


def test_plain_wrapped_quote_stays_in_one_paragraph(seed_text):
    art = copydesk.parse(_wrapped(seed_text, width=60), nlp=False)
    quote = "“The North wants to make sure that both China and Russia — who have been their traditional allies — are"
    assert any(b.text.startswith(quote) and b.kind == "paragraph" for b in art.blocks)


def test_plain_real_wrapped_capture_matches_its_unwrapped_body():
    wrapped = (FIXTURES / "shapes" / "wcxb-0161-wrapped.txt").read_text(encoding="utf-8")
    plain = copydesk.parse((SAMPLE / "wcxb-0161-npr.txt").read_text(encoding="utf-8"), nlp=False)
    art = copydesk.parse(wrapped, nlp=False)
    assert art.title == plain.title
    assert art.text == plain.text
    assert _accounted(art) == _non_empty(wrapped)


@pytest.mark.parametrize(
    "name", ["dw-north-korea-russia.txt", "wcxb-0161-npr.txt", "wcxb-4511-earth-org.txt", "fundus-at-derstandard.txt"]
)
def test_plain_unwrapped_captures_are_left_as_they_are(name):
    text = (SAMPLE / name).read_text(encoding="utf-8")
    got = text_lines(text)
    assert got.spans is None and got.lines == split_lines(text)


def test_plain_wet_capture_is_not_wrapped():
    assert wrap_width(split_lines((FIXTURES / "shapes" / "wcxb-0161-wet.txt").read_text(encoding="utf-8"))) is None


def test_plain_short_lines_end_their_block():
    """A heading, a list item or a paragraph's last line is shorter than the wall: the next line starts a block."""
    para = " ".join(["The council voted on Tuesday to approve the budget after a long debate."] * 5)  # last line: 20
    text = "\n".join([textwrap.fill(para, 50), "Widespread concern", textwrap.fill(para, 50)])
    got = text_lines(text)
    assert [t for _, t in got.lines] == [para, "Widespread concern", para]
    assert got.spans == [textwrap.fill(para, 50).count("\n") + 1, 1, textwrap.fill(para, 50).count("\n") + 1]


def test_plain_word_cut_at_hyphen_and_cjk_run_join_without_space():
    filler = textwrap.fill(" ".join(["The council voted on Tuesday to approve the budget."] * 6), 40)
    # A terminal shows a CJK character two columns wide: 20 of them fill a 40-column line.
    cut = "\n".join(
        [
            "The board said the new plan was a well-",
            "known one.",
            "東京と大阪の会議は予定どおり開かれたと議",
            "長が述べた。",
        ]
    )
    joined = [t for _, t in text_lines(filler + "\n\n" + cut).lines]
    assert "The board said the new plan was a well-known one." in joined
    assert "東京と大阪の会議は予定どおり開かれたと議長が述べた。" in joined
