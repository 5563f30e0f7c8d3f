"""The captured headline: a page's <title> line cleaned of its site name, and its repeat as the h1."""

from __future__ import annotations

import re

# Separators between a headline and the site or section names that pages append to <title>.
_SITE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|:|::|»|›|•|·|/)\s+")
MAX_TITLE_CHARS = 300
MAX_TITLE_WORDS = 40


def looks_like_title(line: str) -> bool:
    """Short enough to be a headline and not a run of sentences."""
    if len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS:
        return False
    return line.count(". ") < 2


def clean_title(line: str) -> str:
    """Drop the site and section names a <title> carries: the longest segment between separators is the headline.

    "Plumbers are training ... : NPR" -> "Plumbers are training ..."; a headline
    with a colon of its own ("Nach Kalifat-Rufen in Hamburg: Sind wir ...?") keeps
    it, because only the tail segments are shorter than the head.
    """
    parts = _SITE_SEPARATORS.split(line)
    if len(parts) == 1:
        return line.strip()
    # Keep the leading run of segments up to and including the longest one.
    longest = max(range(len(parts)), key=lambda i: len(parts[i]))
    head = line
    seps = list(_SITE_SEPARATORS.finditer(line))
    if longest < len(parts) - 1:
        head = line[: seps[longest].start()]
    if longest > 0 and len(" ".join(parts[:longest]).split()) <= 3 and len(parts[longest].split()) >= 4:
        # "Politics - The headline - Site": a short section name before the headline.
        head = head[seps[longest - 1].end():]
    return head.strip()


_NON_WORD = re.compile(r"\W+")


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def find_headline(texts: list[str], title: str, before: int) -> int | None:
    """Index of the line that repeats `title` as the page's headline (h1), preferring the last one before `before`."""
    want = _key(title)
    if len(want) < 8:
        return None
    lo, hi = len(title) * 0.8 - 2, len(title) * 1.25 + 2  # cheap length test before normalising
    hits = [i for i, t in enumerate(texts[1:], 1) if lo <= len(t) <= hi and _key(t) == want]
    if not hits:
        return None
    earlier = [i for i in hits if i < before]
    return earlier[-1] if earlier else hits[0]
