"""Surface forms of names: repairing the model's spans, cleaning them into names, comparing them.

The small English model cuts names in odd places: "North Korea's" with its
possessive, "North Korea-" before "-Russia relations", "Moon Jae" without
"-in", "Donald] Trump" inside an editor's brackets. `repair_span` moves the
span's ends to the name; `clean_name` turns what is left into the name as a
reader would write it; `name_key` is what two spellings of one name share.
"""

from __future__ import annotations

import re

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "mr.", "mrs.", "ms.", "dr.", "prof.", "mx", "mx."})
# name particles that a surname may be written with or without ("al-Assad" / "Assad")
PARTICLES = ("al-", "el-", "al ", "el ", "bin ", "ibn ", "van ", "von ", "de ", "da ", "di ", "du ", "le ", "la ")
_PARTICLE_WORDS = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "van",
        "von",
        "de",
        "da",
        "di",
        "du",
        "le",
        "la",
        "del",
        "der",
        "den",
        "ter",
        "dos",
        "das",
        "y",
        "e",
        "bint",
        "ben",
        "abu",
        "st",
        "st.",
    }
)
# words after a hyphen that make an adjective of a name ("Trump-backed"), not the end of a name ("Moon Jae-in")
_HYPHEN_WORDS = frozenset(
    {
        "era",
        "led",
        "backed",
        "based",
        "born",
        "like",
        "style",
        "type",
        "made",
        "owned",
        "run",
        "linked",
        "funded",
        "allied",
        "friendly",
        "aligned",
        "controlled",
        "held",
        "ruled",
        "bound",
    }
)

_TRAILING = '-\u2010\u2011\u2012\u2013\u2014,;:!?"\u201c\u201d\u2018()/*|'
# a possessive at the end: "Korea's", or a bare apostrophe after an s ("Reuters'")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$")
# a possessive inside a span, before the next word ("Clinton's van")
_INNER_POSSESSIVE = re.compile(r"['\u2019]s\s")
# a hyphen and a short lower-case syllable right after a span ("-in" of "Moon Jae-in")
_CONTINUATION = re.compile(r"-([a-z]{1,5})\b")
_DASHES = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014]+")
_LETTER = re.compile(r"[^\W\d_]")  # a letter: a word character that is no digit and no underscore
_BRACKETED = re.compile(r"\[[^\]]*\]")  # an editor's insertion: "[Donald]"
_MAX_REPAIR_PASSES = 8  # each pass trims something or stops; eight is plenty for any real span
_MAX_CUT_SYLLABLE = 4  # a last word this short ("Jae") may be cut at its hyphen ("Jae-in"); a longer one is whole
_MAX_NAME_WORDS = 12  # a span of more words is a phrase or a list, not a name
_MAX_NAME_CHARS = 120  # likewise a span of more characters


def repair_span(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Move a model span's ends onto the name: drop possessives, dangling hyphens, determiners, honorifics;
    take in an editor's brackets and a hyphenated last syllable ("Moon Jae" -> "Moon Jae-in")."""
    for _ in range(_MAX_REPAIR_PASSES):
        before = (start, end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
            end -= 1
        if label in ("PERSON", "GPE"):  # "Clinton's van": a name ends at its possessive
            inner = _INNER_POSSESSIVE.search(text[start:end])
            if inner and inner.start() > 0:
                end = start + inner.start() + 2
        m = _POSSESSIVE.search(text, start, end)
        if m and end - start > 2:  # more than the possessive alone
            end = m.start()
        span = text[start:end]
        start, end = _balance_brackets(text, span, start, end)
        words = span.split()
        if len(words) > 1 and (words[0].lower() == "the" or (words[0].lower() in HONORIFICS and label == "PERSON")):
            start += span.index(words[1], len(words[0]))
        if (start, end) == before:
            break
    if label == "PERSON" and end > start:
        end = _hyphenated_end(text, start, end)
    return start, end


def _balance_brackets(text: str, span: str, start: int, end: int) -> tuple[int, int]:
    """The ends of `span` (`text[start:end]`) moved so that an editor's insertion cut in half is whole
    ("Donald] Trump" -> "[Donald] Trump"), or a stray bracket at its edge is dropped."""
    if span.count("]") > span.count("[") and start > 0 and text[start - 1] == "[":
        return start - 1, end
    if span.count("[") > span.count("]") and end < len(text) and text[end] == "]":
        return start, end + 1
    if span.startswith("[") and "]" not in span:
        return start + 1, end
    if (span.endswith("]") and "[" not in span) or span.endswith("["):
        return start, end - 1
    return start, end


def _hyphenated_end(text: str, start: int, end: int) -> int:
    """The end of a person's name taken past a short hyphenated last syllable ("Moon Jae" -> "Moon Jae-in"),
    not past an adjective's ending ("Trump-backed")."""
    m = _CONTINUATION.match(text, end)
    words = text[start:end].split()
    if m and m.group(1) not in _HYPHEN_WORDS and len(words) > 1 and len(words[-1]) <= _MAX_CUT_SYLLABLE:
        return m.end()
    return end


def clean_name(surface: str) -> str:
    """The name as a reader would write it: brackets dropped, spaces single ("[Donald] Trump" -> "Donald Trump")."""
    return " ".join(surface.replace("[", " ").replace("]", " ").split())


def unbracketed(surface: str) -> str:
    """The name as first written, without an editor's insertions ("[Donald] Trump" -> "Trump")."""
    return " ".join(_BRACKETED.sub(" ", surface).split())


def name_key(name: str) -> str:
    """What spellings of one name share: lowercase, no dots, hyphens as spaces ("Ri Yong-ho" ~ "Ri Yong Ho")."""
    name = name.replace("\u2019", "'").replace(".", "")
    return " ".join(_DASHES.sub(" ", name).lower().split())


def is_name_like(name: str) -> bool:
    """Whether a cleaned span can be a name at all: some letters, not too many words."""
    return bool(_LETTER.search(name)) and len(name.split()) <= _MAX_NAME_WORDS and len(name) <= _MAX_NAME_CHARS


def is_proper(name: str, label: str) -> bool:
    """Whether a name is written as a proper name: some capital letter, and for a person one in every word
    but particles ("adaptogenic mushrooms" is not a person; "Bashar al-Assad" and "Charles de Gaulle" are)."""
    if not any(ch.isupper() for ch in name):
        return False
    if label != "PERSON":
        return True
    words = name.split()
    return words[0][:1].isupper() and all(any(ch.isupper() for ch in w) or w.lower() in _PARTICLE_WORDS for w in words)


def end_words(name: str) -> tuple[str, str]:
    """Keys of a full name's first and last words, a surname's particle dropped ("Bashar al-Assad" -> assad)."""
    low = name.lower()
    words = low.split()
    last = words[-1]
    for p in PARTICLES:
        if last.startswith(p.strip()) and p.endswith("-"):
            last = last[len(p) :] or last
    if len(words) > 2 and words[-2] + " " in PARTICLES:
        last = words[-1]
    return name_key(words[0]), name_key(last)


def acronym(words: list[str]) -> str:
    """The initials of a multi-word name, small words skipped ("United Nations" -> "UN")."""
    return "".join(w[0] for w in words if w.lower() not in ("of", "the", "and", "for", "&", "de", "on") and w).upper()
