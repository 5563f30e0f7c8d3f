"""Splitting a capture into lines: each line's whitespace runs made one space, empty lines dropped."""

from __future__ import annotations

import sys

import pytest

from copydesk.structure import split_lines

from ..conftest import SAMPLE

# Every whitespace character but " ", "\n" and "\r" (those end a line or are the one space kept).
ODD_SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and chr(c) not in " \n\r"]


def _collapsed(text: str) -> list[tuple[int, str]]:
    """The definition: every line's whitespace runs made one space, empty lines dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [(n, " ".join(raw.split())) for n, raw in enumerate(lines, 1) if raw.split()]


@pytest.mark.parametrize("space", ODD_SPACES + ["  ", "\r", "\r\n"])
def test_split_lines_collapses_any_whitespace(space):
    text = f" Headline{space}of the day \nBody{space}text,{space} more.{space}\n{space}\n\nLast"
    assert split_lines(text) == _collapsed(text)


@pytest.mark.parametrize("path", sorted(SAMPLE.glob("*.txt")), ids=lambda p: p.name)
def test_split_lines_on_captures(path):
    text = path.read_text(encoding="utf-8")
    assert split_lines(text) == _collapsed(text)
    nbsp = text.replace(" ", "\xa0", 3)  # one odd space anywhere: the careful path for the whole capture
    assert split_lines(nbsp) == _collapsed(nbsp)


@pytest.mark.parametrize("text", [None, b"bytes\nline", 3])
def test_split_lines_refuses_what_is_not_a_string(text):
    with pytest.raises(TypeError):
        split_lines(text)


def test_split_lines_long_line_loses_only_its_edge_whitespace():
    line = "word  " * 20_000  # 120,000 characters with double spaces: too long to collapse
    assert split_lines(f"Title\n\t{line}\t\nEnd") == [(1, "Title"), (2, line.strip()), (3, "End")]
