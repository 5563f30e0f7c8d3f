"""Splitting a capture into lines: the fast path for plain captures gives what collapsing every line gives."""

from __future__ import annotations

import sys

import pytest

from copydesk.structure.recover import ODD_SPACES, split_lines

from ..conftest import SAMPLE


def _collapsed(text: str) -> list[tuple[int, str]]:
    """The definition: every line's whitespace runs made one space, empty lines dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [(n, " ".join(raw.split())) for n, raw in enumerate(lines, 1) if raw.split()]


def test_odd_spaces_are_every_other_whitespace_character():
    every = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(ODD_SPACES) == every - {" ", "\n", "\r"}


@pytest.mark.parametrize("space", list(ODD_SPACES) + ["  ", "\r", "\r\n"])
def test_split_lines_collapses_any_whitespace(space):
    text = f" Headline{space}of the day \nBody{space}text,{space} more.{space}\n{space}\n\nLast"
    assert split_lines(text) == _collapsed(text)


@pytest.mark.parametrize("path", sorted(SAMPLE.glob("*.txt")), ids=lambda p: p.name)
def test_split_lines_on_captures(path):
    text = path.read_text(encoding="utf-8")
    assert split_lines(text) == _collapsed(text)
    nbsp = text.replace(" ", "\xa0", 3)  # one odd space anywhere: the careful path for the whole capture
    assert split_lines(nbsp) == _collapsed(nbsp)
