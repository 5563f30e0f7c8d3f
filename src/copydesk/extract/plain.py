"""A plain-text capture -> its logical lines: one per text block, a hard-wrapped paragraph joined back into one.

Most captures put each text block on a line of its own (html-text, WET records,
a scraper's `text` field). Others wrap every paragraph at a fixed width: `lynx
-dump`, mail archives, saved `.txt` pages, a capture wrapped at 78 columns. Read
line by line, such a paragraph is five short "lines" that no rule can tell from a
menu, and a quotation spans two of them. A wrapped capture shows itself by a wall:
many lines end within a few characters of one width, none goes past it. There,
a line break is the wrapper's when the next line's first word would not have
fitted on the line; a shorter line ends its block (a heading, a list item, a
paragraph's last line). Captures with no wall are left exactly as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from unicodedata import east_asian_width

from ..structure import split_lines

MAX_WRAP_WIDTH = (
    132  # the widest wrap width looked for, in columns (lynx -width, mail clients and terminals wrap narrower)
)
MIN_WRAP_WIDTH = 30
WALL = 12  # a wrapped line ends within this many characters of the wrap width
MIN_WALL_LINES = 4  # a capture shows its wrap width by at least this many full lines, each continued, ...
WALL_SHARE = 0.25  # ... that make up at least this share of its long lines (half the width or more)
PAST_SHARE = 0.15  # lines past the wall (words too long to wrap) are this rare beside the full ones
MAX_PAST = 3  # more lines of text wider than MAX_WRAP_WIDTH: not wrapped
SMALL_SHARE = 0.2  # of the full lines, the share whose next line opens with a small letter, at least
PAST_WEIGHT = 4  # how much a line past a width counts against it being the wall


@dataclass(slots=True)
class TextLines:
    """A capture's logical lines as (first input line, text), and for each the input lines it spans."""

    lines: list[tuple[int, str]]
    spans: list[int] | None = None  # None: every logical line is one input line


def text_lines(text: str) -> TextLines:
    """The logical lines of a plain-text capture: its lines, with hard-wrapped paragraphs joined."""
    lines = split_lines(text)
    # A terminal's wrapper (lynx, w3m, a mail client) counts a CJK character as two columns, a text wrapper
    # (Python's textwrap, fmt) as one character: either may have made the wall.
    for measure in (_columns, len):
        width = wrap_width(lines, measure)
        if width is not None:
            return _join_wrapped(lines, width, measure)
        if text.isascii():
            break  # (both measures are the same)
    return TextLines(lines)


def wrap_width(lines: list[tuple[int, str]], measure=None) -> int | None:
    """The width a capture's paragraphs were wrapped at (in terminal columns, or as `measure(line)` counts it),
    or None when they were not wrapped."""
    measure = measure or _columns
    # Sentences wider than a terminal (or CJK text as wide): the capture was not wrapped. Most captures stop
    # here, at their first paragraphs.
    wider = 0
    for _, t in lines:
        if len(t) > MAX_WRAP_WIDTH and (" " in t or not t.isascii()):
            wider += 1
            if wider > MAX_PAST:
                return None
    columns = [measure(t) for _, t in lines]
    # How many lines end at each width (all wider ones in the last slot).
    tally = [0] * (MAX_WRAP_WIDTH + 2)
    for c in columns:
        tally[min(c, MAX_WRAP_WIDTH + 1)] += 1
    # The wall: the width with the most lines just under it, and few past it (a URL too long to wrap).
    past = tally[MAX_WRAP_WIDTH + 1]
    best, widest = 1, 0
    for width in range(MAX_WRAP_WIDTH, MIN_WRAP_WIDTH - 1, -1):
        under = sum(tally[width - WALL : width + 1])
        score = under - PAST_WEIGHT * past
        if score >= best:  # (of equal walls, the narrowest: no line ends in the columns past it)
            best, widest = score, width
        past += tally[width]
    if not widest:
        return None
    # In a wrapped capture most long lines end at the wall and the next input line goes on with the paragraph;
    # in one that was not, long lines (paragraphs, headlines) have every length.
    # A wrapper breaks sentences anywhere, so many a next line opens with a small letter; the rows of a list or
    # a schedule of equal length each open with a capital.
    long = full = small = 0
    for k in range(len(lines) - 1):
        if 2 * columns[k] >= widest:
            long += 1
            if widest - WALL <= columns[k] <= widest and lines[k + 1][0] == lines[k][0] + 1:
                full += 1
                opening = lines[k + 1][1][0]
                small += opening.isalpha() and not opening.isupper()  # (a small letter, or a script with no case)
    past = sum(c > widest for c in columns)
    if (
        full >= MIN_WALL_LINES
        and full >= WALL_SHARE * long
        and small >= SMALL_SHARE * full
        and past <= PAST_SHARE * full
    ):
        return widest
    return None


def _join_wrapped(lines: list[tuple[int, str]], width: int, measure) -> TextLines:
    """Join each line to the one before where the wrapper broke it: what opens it did not fit on that line."""
    out: list[tuple[int, str]] = []
    spans: list[int] = []
    before = None  # the input line before this one, when it is the line just above (no blank line between)
    last_n = -1
    for n, t in lines:
        if before is not None and n == last_n + 1:
            joint = _joint(before, t)
            opening = t[0] if _unspaced(t[0]) else t.split(" ", 1)[0]  # (CJK text wraps at any character)
            if measure(before) + len(joint) + measure(opening) > width:
                first, joined = out[-1]
                out[-1] = (first, joined + joint + t)
                spans[-1] += 1
                before, last_n = t, n
                continue
        out.append((n, t))
        spans.append(1)
        before, last_n = t, n
    return TextLines(out, spans)


def _joint(before: str, after: str) -> str:
    """What goes between two joined lines: a space, or nothing inside a word cut at a hyphen or in CJK text."""
    a, b = before[-1], after[0]
    if _unspaced(a) and _unspaced(b):
        return ""  # Chinese and Japanese put no spaces between words: a wrapper cuts a run of them anywhere
    return "" if a == "-" and len(before) > 1 and before[-2].isalpha() and b.isalpha() else " "


def _unspaced(c: str) -> bool:
    """A character of a script written without spaces between words: kana, CJK ideographs, full-width forms."""
    return (
        "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff01" <= c <= "\uff5e"
    )


def _columns(text: str) -> int:
    """How many terminal columns a line takes: one a character, two for a wide one (CJK, hangul, full-width)."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for c in text if c >= "\u1100" and east_asian_width(c) in "WF")
