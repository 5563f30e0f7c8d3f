"""One Markdown block's inline markup -> its visible text, how much of it is link text, and its pictures.

Links keep their text and lose their destination, images lose their source
(their alt text is no visible text: it is returned apart), emphasis and code
marks go, backslash escapes and HTML entities are undone. Every pattern here
scans with negated character classes and no nested ambiguous repetition, so a
hostile line (100,000 "[" characters, a 1 MB line) costs time linear in its length.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# Stand-ins written into the text while it is read, never in the result: a link's start and end, a picture, and
# a "[" that no "]" closes in the block (a link that may close in a later block).
_OPEN, _CLOSE, _PICTURE, _UNCLOSED = "\x01", "\x02", "\x03", "\x04"
_STAND_INS = re.compile("[\x00-\x04\U000f0021-\U000f007e]")  # (and what an escaped character is moved to)
# A backslash-escaped ASCII punctuation character is literal text: it is moved out of the way of the markup
# patterns (to the same character in a private-use plane) and moved back at the end.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_PRIVATE = 0xF0000
# An escaped character where it was moved to, to be moved back at the end.
_PRIVATE_RUN = re.compile("[\U000f0021-\U000f007e]")
# Link text may hold one level of brackets ("[[1]](#note-1)", "[see [2]](url)").
_TEXT = r"((?:[^\[\]\n]|\[[^\[\]\n]*\])*)"
# A destination: <anything but brackets>, or a run without spaces that may hold balanced parentheses; then an
# optional "title".
_DEST = r"\(\s*(?:<[^<>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
# A double-quoted title's start; converters leave quotes inside it unescaped ("Trump: "Wird bald losgehen""), so
# it ends at the first '")' within MAX_TITLE characters (a bound that keeps the search linear).
_TITLE_START = re.compile(r"\]\(\s*[^()\s]*(\s+)\"")
MAX_TITLE = 500
# A picture, ![alt](destination) or ![alt][reference]: group 1 is its alt text.
_IMAGE = re.compile(rf"!\[([^\[\]\n]*)\](?:{_DEST}|\[[^\[\]\n]*\])")
# A link, [text](destination) or [text][reference]: group 1 is its text.
_LINK = re.compile(rf"\[{_TEXT}\](?:{_DEST}|\[[^\[\]\n]*\])")
# A link's end whose "[" is in an earlier block: converters print a link around a whole teaser card.
_LINK_END = re.compile(rf"\]{_DEST}")
# An autolink: a URL or an e-mail address in angle brackets ("<https://example.com>").
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]*|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>", re.IGNORECASE)
# An HTML tag a converter left in the text (inline and block elements): dropped, the text inside it kept.
_HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|big|br|center|cite|code|del|dfn|div|em|figcaption|figure|font|i|iframe|img|ins|kbd|mark|p|picture|"
    r"q|s|samp|small|source|span|strike|strong|sub|sup|time|tt|u|var|video|audio|wbr|hr|section|article|aside|header|"
    r"footer|nav|ul|ol|li|table|thead|tbody|tr|td|th|details|summary|button|label|noscript)\b[^<>]*>",
    re.IGNORECASE,
)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# A run of emphasis, strikethrough or code marks.
_DELIMITERS = re.compile(r"\*+|_+|~~+|`+")
# What any markup or stand-in needs: a text without these is read as it is.
_MARKUP_CHARS = re.compile(r"[\[\]*_~`<&\\\x00-\x04]")
# Characters that print nothing: a block of these alone holds no text (pages put a zero-width joiner in empty
# paragraphs as spacers).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
# A run of link repairs: each pass undoes one level of links nested in link text.
MAX_LINK_PASSES = 3


@dataclass(slots=True)
class Inline:
    """A block's visible text, how much of it is link text, and its pictures' alt texts (free or inside a link)."""

    text: str
    link_chars: int = 0
    alts: list[str] = field(default_factory=list)  # pictures not inside a link, in order
    linked_pictures: int = 0
    picture_first: bool = False  # a free picture comes before any visible text
    ends_link: bool = False  # the block opens inside a link that began in an earlier block
    open_chars: int = -1  # characters after a "[" that the block leaves open (a link that may end later), or -1

    @property
    def link_density(self) -> float:
        """The link text's share of the visible text."""
        return round(min(1.0, self.link_chars / len(self.text)), 3) if self.text else 0.0


def _hide_escape(m: re.Match) -> str:
    return chr(_PRIVATE + ord(m.group(1)))


def _show_escape(m: re.Match) -> str:
    return chr(ord(m.group()) - _PRIVATE)


def _delimiter(m: re.Match) -> str:
    """A run of * _ ~ or ` as the text it leaves: itself when it is text, else nothing (or a space).

    A lone star between spaces ("5 * 3") is text; an underscore inside a word
    (snake_case, a file name) is text, as CommonMark has it. Any other run
    opens or closes emphasis or code, paired or not, or is an empty emphasis
    ("__" for an icon): it goes. Between two letters it leaves a space:
    converters move the space before an emphasis inside it ("lagen die**globalen Meerestemperaturen**").
    """
    s, i, j = m.string, m.start(), m.end()
    before = s[i - 1] if i else " "
    after = s[j] if j < len(s) else " "
    if before.isspace() and after.isspace():
        return m.group() if m.group() == "*" else ""
    if before.isalnum() and after.isalnum():
        return m.group() if m.group()[0] == "_" else " "
    return ""


def _linked(m: re.Match) -> str:
    return f"{_OPEN}{m.group(1)}{_CLOSE}"


def read_inline(raw: str) -> Inline:
    """A block's Markdown (its input lines joined by spaces) -> its visible text and what the markup said of it."""
    if not _MARKUP_CHARS.search(raw):  # most prose has no markup at all
        return _measure(raw, [], False)
    text = _STAND_INS.sub("", raw)
    if "\\" in text:
        text = _ESCAPED.sub(_hide_escape, text)
    alts: list[str] = []
    if "![" in text:

        def picture(m: re.Match) -> str:
            alts.append(m.group(1))
            return _PICTURE

        text = _IMAGE.sub(picture, text)
    ends_link = False
    if '"' in text and "](" in text:
        text = _drop_titles(text)
    if "[" in text or "]" in text:
        for _ in range(MAX_LINK_PASSES):
            text, n = _LINK.subn(_linked, text)
            if not n:
                break
        text, ends_link = _dangling(text)
    if "<" in text:
        text = _AUTOLINK.sub(_linked, text)
        text = _HTML_TAG.sub(" ", _HTML_BREAK.sub(" ", text))
    text = _DELIMITERS.sub(_delimiter, text)
    inline = _measure(text, [_DELIMITERS.sub(_delimiter, a) for a in alts], "\\" in raw)
    inline.ends_link = ends_link
    return inline


def _drop_titles(text: str) -> str:
    """Links without their double-quoted titles, quotes inside a title and all: "](/v "Say "hi"")" -> "](/v)"."""
    out, at = [], 0
    for m in _TITLE_START.finditer(text):
        end = text.find('")', m.end(), m.end() + MAX_TITLE)
        if m.start() < at or end < 0:
            continue
        out += [text[at : m.start(1)], ")"]
        at = end + 2
    out.append(text[at:])
    return "".join(out)


def _dangling(text: str) -> tuple[str, bool]:
    """Mark the ends of a link that spans blocks: an end with no "[" before it, a "[" with no "]" after it.

    A converter that meets a link around several blocks (a teaser card: picture, headline, summary) prints
    its "[" in the first block and its "](url)" in the last. Returns the text and whether it ends such a link.
    """
    ends = False
    if "](" in text and (m := _LINK_END.search(text)) and "[" not in text[: m.start()]:
        text, ends = f"{_OPEN}{text[: m.start()]}{_CLOSE}{text[m.end() :]}", True
    at = text.rfind("[")
    if at >= 0 and "]" not in text[at:]:
        text = f"{text[:at]}{_UNCLOSED}{text[at + 1 :]}"
    return text, ends


# The link stand-ins (a start, an end, an unclosed "["): the text is split at them, each kept as a piece.
_PIECES = re.compile("([\x01\x02\x04])")
# Any link or picture stand-in: a text without one is a single piece.
_STANDS_IN = re.compile("[\x01-\x04]")


def _measure(text: str, alts: list[str], escaped: bool) -> Inline:
    """Drop the stand-ins, counting link characters and telling free pictures from linked ones."""
    visible: list[str] = []
    link_chars = depth = seen = linked = 0
    free: list[str] = []
    shown = picture_first = False  # visible text met so far; a free picture met before any
    open_at = -1  # characters of visible text before an unclosed "["
    for piece in _PIECES.split(text) if _STANDS_IN.search(text) else (text,):
        if piece == _OPEN:
            depth += 1
            continue
        if piece == _CLOSE:
            depth = max(0, depth - 1)
            continue
        if piece == _UNCLOSED:
            open_at = len(" ".join("".join(visible).split()))
            continue
        pictures = piece.count(_PICTURE)
        if pictures:
            if depth or open_at >= 0:  # ("[![…](…)Headline": a picture in a teaser card's link)
                linked += pictures
            else:
                picture_first = picture_first or not (shown or piece.split(_PICTURE, 1)[0].strip())
                free += alts[seen : seen + pictures]
            seen += pictures
            piece = piece.replace(_PICTURE, " ")
        if depth:
            link_chars += len(piece.strip())
        shown = shown or not piece.isspace() and bool(piece)
        visible.append(piece)
    out = _visible(" ".join("".join(visible).split()), escaped)
    if out and not out.strip(_INVISIBLE + " "):
        out = ""
    open_chars = max(0, len(out) - open_at) if open_at >= 0 else -1
    return Inline(
        out,
        link_chars,
        [_visible(" ".join(a.split()), escaped) for a in free],
        linked,
        picture_first,
        open_chars=open_chars,
    )


def _visible(text: str, escaped: bool) -> str:
    """Escaped characters back as themselves, entities as their characters."""
    if escaped:
        text = _PRIVATE_RUN.sub(_show_escape, text)
    return html.unescape(text) if "&" in text else text
