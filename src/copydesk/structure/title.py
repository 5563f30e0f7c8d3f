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
        head = head[seps[longest - 1].end() :]
    return head.strip()


_WORDS = re.compile(r"\w+")
_SPLIT_WORDS = re.compile(r"[\W_]+")


def key_words(text: str) -> list[str]:
    """The words of a text's `word_key`: its `\\w+` runs, casefolded."""
    return _WORDS.findall(text.casefold())


def word_key(text: str) -> str:
    """The text's `\\w+` runs casefolded and single-spaced: its wording, whatever its punctuation and case."""
    return " ".join(key_words(text))


def folded_words(text: str) -> str:
    """As `word_key`, but "_" splits words too, as any other non-letter does."""
    return _SPLIT_WORDS.sub(" ", text.casefold()).strip()


FUZZY_HEADLINE = 0.75  # least bigram overlap (Dice) between the <title> line and an h1 worded a little differently


def _bigrams(text: str) -> set[str]:
    """Character bigrams of the normalised text: an overlap measure that needs no word splitting (CJK)."""
    return _key_bigrams(word_key(text))


def _key_bigrams(key: str) -> set[str]:
    """Character bigrams of a normalised key (`word_key`)."""
    return set(map(str.__add__, key, key[1:]))  # each character with the next, joined in C rather than sliced


def _overlap(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def headline_overlap(line: str, headline: str) -> float:
    """Share of character bigrams the two lines have in common (Dice), 0 to 1."""
    return _overlap(_bigrams(line), _bigrams(headline))


def repeats_headline(line: str, headline: str) -> bool:
    """The line words the headline again (the h1 under a copy of the <title>, or the other way round)."""
    return headline_overlap(line, headline) >= FUZZY_HEADLINE


def _pick(hits: list[int], before: int) -> int:
    earlier = [i for i in hits if i < before]
    return earlier[-1] if earlier else hits[0]


def find_headline(texts: list[str], title: str, before: int, page_title: str | None = None) -> int | None:
    """Index of the line that repeats `title` as the page's headline (h1), preferring the last one before `before`.

    Pages often word the <title> a little differently from the h1 (a kicker added, the site name glued
    on, a word swapped: "Stromausfall Berlin: Ampeln, S-Bahnen – Wie sicher ist unser Stromnetz?" over
    "Ampeln tot, S-Bahnen stoppen: Wie sicher ist Deutschlands Stromnetz?"). With no exact repeat, the
    headline-like line that shares most character bigrams with `title` or the whole `page_title` line
    is taken, if it shares at least FUZZY_HEADLINE of them.
    """
    want = word_key(title)
    if len(want) < 8:
        return None
    lo, hi = len(title) * 0.8 - 2, len(title) * 1.25 + 2  # cheap length test before normalising
    word = max(want.split(), key=len)  # a line with the same key holds each word of it, casefolded
    hits = [
        i for i, t in enumerate(texts[1:], 1) if lo <= len(t) <= hi and word in t.casefold() and word_key(t) == want
    ]
    if hits:
        return _pick(hits, before)
    targets = [_bigrams(title)] + ([_bigrams(page_title)] if page_title and page_title != title else [])
    lo, hi = len(title) * 0.5, max(len(title), len(page_title or "")) * 1.5 + 2
    # Most of the wording shared means some longer word shared: a cheap test before the bigrams.
    words = {w for w in f"{want} {word_key(page_title or '')}".split() if len(w) >= 4}
    best, hits = FUZZY_HEADLINE, []
    for i, t in enumerate(texts[1:], 1):
        if not lo <= len(t) <= hi or t.endswith("."):
            continue  # a headline is about as long as the <title>, and no sentence
        tokens = key_words(t)
        if words and words.isdisjoint(tokens) or not looks_like_title(t):
            continue
        grams = _key_bigrams(" ".join(tokens))
        score = max(_overlap(grams, target) for target in targets)
        if score > best + 1e-9:
            best, hits = score, [i]
        elif abs(score - best) <= 1e-9:
            hits.append(i)
    return _pick(hits, before) if hits else None
