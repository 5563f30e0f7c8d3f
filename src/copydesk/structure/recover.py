"""Structure recovery: decide, for every line of a capture, what it is and why.

The learned line model (`content.py`) says which lines are the article's body;
the rules here name the rest: the headline, standfirst, bylines, date, captions
with credits, headings, list items, and for every removed line its reason.
Each non-empty line ends in exactly one block or one `removed` entry.
"""

from __future__ import annotations

import re

from ..model import Article, Block, Byline, Media, Removed
from ..words import AUTHOR_LABELS, BY_WORDS, SOURCE_LABELS
from . import cues
from .byline import bare_name, dated_name, dateline, parse_byline, signed_line, split_trailing_byline
from .caption import clean_credit, has_credit_hint, is_credit_line, label_alone, marked_credit, split_caption
from .content import ContentModel
from .dates import find_date, is_date_line
from .hinted import apply_hints, hinted_parts, html_title, kind_from_hint
from .hints import HIDDEN, LineHint
from .title import clean_title, find_headline, headline_overlap, looks_like_title, repeats_headline, word_key

_SENTENCE_END = tuple('.!?…"”’»')
_OPENING_QUOTES = "\"„“«»‘‚'「『"
_CLOSING_QUOTES = "\"”’»“«'"
_NOT_HEADING_END = tuple(".…:;,)")
_LEAD_IN = tuple(":-–—")  # a line ending so introduces the next (a quote, a dateline's story)
_BULLET = re.compile(r"^(?:[•·▪►✓✔●◦‣∙*]|[-–—](?=\s))\s*")
_BULLET_CHARS = "•·▪►✓✔●◦‣∙*-–—"  # what a bulleted line opens with: a cheap test before _BULLET
_SOURCE_LABEL = re.compile(rf"(?:{'|'.join(SOURCE_LABELS)})\s*:", re.IGNORECASE)
# A by-word or an author label on a line of its own, the names on the next ("Auteur" / "Uriel Gadessaud"). (Not "Text":
# alone on its line, without its colon, it names no writer.)
_LONE_BY = frozenset(BY_WORDS + AUTHOR_LABELS)
MAX_LINE_CHARS = 1_000_000  # a longer "line" is a dump, not a paragraph: removed as oversized
TOP_ZONE = 12  # lines after the headline where standfirst, bylines, date and lead picture sit
LAYOUT_HEADLINE_OVERLAP = 0.3  # least bigram overlap with the <title> of an h1 found by its layout alone
MAX_SIGNED_CHARS = 120  # a line longer than this that opens with "By" is a sentence, not a byline
HEADLINE_REACH = 3 * TOP_ZONE  # a headline this far above the body still heads it (share rows, players between)
STRONG_CUE_CHARS = 60  # a cue this short overrides the line model (it is page furniture in any context)
SECOND_HEADLINE = 0.6  # bigram overlap with the headline of a line that words it again (an h1 under a <title>)
KICKER_MAX_WORDS = 16  # an unpunctuated line this short over a sentence is a kicker or a second headline
TITLE_CASE_SHARE = 0.6  # capitalised share of a title-cased line's longer words
BARE_FURNITURE = 3  # furniture lines an article's text alone may hold (its headline, a credit, a "Follow us")
HEADLINE_MAX_WORDS = 20  # a longer line the line model keeps as text opens the body, whatever its punctuation
HEADING_NEXT_WORDS = 10  # the line under a subheading is running text at least this long
DEK_MIN_WORDS = 6  # fewer words under a headline are a kicker, a label or a credit, not a standfirst
LEAD_MAX_WORDS = 60  # a lead longer than this is the body's first paragraph, not a standfirst
META_MAX_WORDS = 12  # a line with a clock time and fewer words is a publication line
_CLOCK = re.compile(r"\b\d{1,2}[:h.]\d{2}\b")
_WORD = re.compile(r"[^\W\d_]{3,}")


class _Line:
    """A capture line and what the rules make of it.

    Compiled, it is a C struct (recover.pxd); a function that walks the rows declares `row: _Line`, so the
    compiled code reads its fields directly rather than looking each one up by name.
    """

    def __init__(self, n: int, text: str, keep: bool):
        self.n, self.text, self.keep = n, text, keep
        self.kind: str | None = None  # block kind when kept
        self.reason: str | None = None  # removal reason otherwise
        self.shown: str | None = None  # block text when it differs from the line (caption without credit)


_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")  # an HTML tag written into a text capture


def _untagged(text: str) -> str:
    """The text without the HTML tags written into it (most lines hold none: the pattern is not tried there)."""
    return _TAG.sub("", text) if "<" in text else text


def _full_stop(text: str) -> bool:
    """The line ends a statement: a full stop or an ellipsis, before any closing quotes or brackets."""
    return text.rstrip('"”’»“)').endswith((".", "…"))


def _headline_shaped(row: _Line) -> bool:
    """A line left out of the body that could be a headline: a few words, no full stop, no date, byline or credit."""
    text = row.text
    quoted = text[:1] in _OPENING_QUOTES  # „Ich wollte, dass sie mich mögen. So überlebt man.“
    if row.keep or row.reason or (_full_stop(text) and not quoted) or not looks_like_title(text):
        return False
    words = len(text.split())
    if not (3 <= words <= 25 or (len(text) >= 8 and not text.isascii())):
        return False
    return not (cues.reason_for(text) or is_date_line(text) or is_credit_line(text) or parse_byline(text))


def _title_cased(text: str, share: float = TITLE_CASE_SHARE) -> bool:
    """Most longer words capitalised, as English headlines write them ("Trump’s East European Achilles Heel.")."""
    words = [w for w in text.split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= share * len(words)


def _opening_sentence(text: str, bare: bool = False) -> bool:
    """A line that opens an article's body rather than heads it: a sentence (a headline ends in no full stop, or
    is short and title-cased), a byline or a date. Over an article's text alone (`bare`), only a title-cased
    line heads it (with a full stop, every longer word capitalised), and never one that leads into the text
    ("Breitbart Texas reports:", "KANSAS CITY, MO (KCTV) -"): the line model keeps the rest as its text."""
    if bare and (text.endswith(_LEAD_IN) or (_full_stop(text) and not _title_cased(text, 1.0))):
        return True
    words = len(text.split())
    if words > HEADLINE_MAX_WORDS or (
        (bare or text.rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_END))
        and (words > KICKER_MAX_WORDS or not _title_cased(text))
    ):
        return True
    return words < 3 and text.isascii() or bool(parse_byline(text)) or is_date_line(text)


def _over_byline(rows: list[_Line]) -> bool:
    """The first line, ending in no full stop, stands over a byline (markup tags left in the text aside): whatever
    its case, it is a headline."""
    return len(rows) > 1 and not _full_stop(rows[0].text) and bool(parse_byline(_untagged(rows[1].text)))


def _lead_standfirst(rows: list[_Line], i: int) -> bool:
    """The first kept line under the headline, a sentence or three long, with the body going on under it."""
    text = rows[i].text
    if not DEK_MIN_WORDS + 2 <= len(text.split()) <= LEAD_MAX_WORDS or not text.endswith(_SENTENCE_END):
        return False
    return i + 1 < len(rows) and rows[i + 1].keep and _running_text(rows[i + 1].text)


def _set_apart(rows: list[_Line], i: int) -> bool:
    """A first kept line under the headline, a sentence or three long, that furniture (share buttons, a date,
    a picture) parts from the running text under it: a standfirst printed apart, as the line model keeps it."""
    text = rows[i].text
    if not DEK_MIN_WORDS <= len(text.split()) <= LEAD_MAX_WORDS or len(text) > 600 or i + 1 >= len(rows):
        return False
    if rows[i + 1].keep:
        return False  # the body goes on right under it: the lead paragraph (see _lead_standfirst)
    nxt: _Line
    for j in range(i + 2, min(len(rows), i + 2 + TOP_ZONE)):
        nxt = rows[j]
        if nxt.keep and not nxt.kind and _running_text(nxt.text):
            return True
    return False


def _running_text(text: str) -> bool:
    """Long enough to be a paragraph of prose: HEADING_NEXT_WORDS words (six times as many characters in a script
    written without spaces)."""
    # (The length test first: it spares splitting most paragraphs into words.)
    return len(text) >= 6 * HEADING_NEXT_WORDS or len(text.split()) >= HEADING_NEXT_WORDS


def _meta_line(text: str) -> bool:
    """A short line with a clock time: when and by whom it was published ("Publié … mis à jour à 09h42")."""
    return len(text.split()) < META_MAX_WORDS and _CLOCK.search(text) is not None


def _time_stamp(text: str) -> bool:
    """A clock time with hardly a word beside it ("14:59 Uhr Lesedauer: 4 Minuten")."""
    return _CLOCK.search(text) is not None and len(_WORD.findall(text)) <= 3


def _doubled(text: str) -> bool:
    """A control's label printed twice, icon text and caption ("Link kopieren Link kopieren")."""
    words = text.split()
    half = len(words) // 2
    return len(words) % 2 == 0 and half > 0 and words[:half] == words[half:]


def _prose_like(text: str) -> bool:
    """A line long enough in words to be a standfirst (a kicker, a label or a doubled control label is not)."""
    return len(text.split()) >= DEK_MIN_WORDS and len(text) <= 600 and not _doubled(text)


def _lone_by(text: str) -> bool:
    """A by-word or an author label alone on its line ("By", "By :", "Auteur")."""
    return text.casefold().rstrip(" :") in _LONE_BY


def _joined_by(label: str, names: str) -> str:
    """A lone by-word or label and the next line's names as one byline ("Auteur: Uriel Gadessaud")."""
    return f"{label.rstrip(' :')}: {names}"


def _names_under(rows: list[_Line], i: int, end: int) -> list[Byline] | None:
    """The writers of a by-word or label alone on line `i` ("By") and the names on the line under it, which no rule
    has taken yet and which comes before `end`; None when there are none. (Whoever takes them marks both lines.)"""
    if not _lone_by(rows[i].text) or i + 1 >= end or rows[i + 1].kind:
        return None
    return parse_byline(_joined_by(rows[i].text, rows[i + 1].text))


def _take_byline(rows: list[_Line], i: int, names_under: bool) -> None:
    """Mark line `i` a byline, and the line under it when it holds the names of a lone by-word."""
    for row in (rows[i], rows[i + 1]) if names_under else (rows[i],):
        row.keep, row.kind, row.reason = True, "byline", None


def _top_zone(n_rows: int, title_idx: int | None, first_body: int) -> tuple[int, int]:
    """The lines (start, end) where an article's top is looked for: from under the headline to TOP_ZONE lines past
    where the body starts; only TOP_ZONE lines over the body when the headline is missing or far above it."""
    start = 0 if title_idx is None else title_idx + 1
    if not title_idx or first_body - start > HEADLINE_REACH:
        start = max(start, first_body - TOP_ZONE)  # a <title> line far above the body: look only near the body
    return start, min(n_rows, max(first_body, start) + TOP_ZONE)


class StructureRecovery:
    """Article -> Article: fill title, dek, bylines, published, media, blocks, text and removed from the capture
    lines."""

    requires = ("lines",)
    assigns = ("title", "dek", "bylines", "published", "media", "blocks", "text", "removed")

    def __init__(self, model: ContentModel | None = None):
        self.model = model

    def __call__(
        self,
        article: Article,
        lines: list[tuple[int, str]],
        given_title: str | None = None,
        hints: list[LineHint] | None = None,
    ) -> Article:
        """Recover the structure of `lines`; `hints` (one per line, from HTML markup) refine the decisions."""
        model = self.model or ContentModel.default()
        texts = [t for _, t in lines]
        if texts and max(map(len, texts)) > MAX_LINE_CHARS:
            texts = [t if len(t) <= MAX_LINE_CHARS else "" for t in texts]
        if hints is None:
            keep = model.select(texts) if texts else []
        else:
            keep = apply_hints(model.probabilities(texts), model.threshold, hints, texts) if texts else []
        rows = [_Line(n, t, bool(k)) for (n, t), k in zip(lines, keep)]
        if "" in texts:  # a line too long to read (texts holds "" for it)
            for row in rows:
                if len(row.text) > MAX_LINE_CHARS:
                    row.keep, row.reason = False, "oversized"
        if hints is not None:
            for row, hint in zip(rows, hints):  # the markup named it furniture (or hid it): say which
                if not row.keep and row.reason is None and (hint.drop or hint.flags & HIDDEN):
                    row.reason = hint.drop or "hidden"
        self._strong_cues(rows)
        # A text capture with (almost) no page furniture, by the line model and the cues, is an article's text
        # alone (a corpus's `text` field, a newswire body): its paragraphs stay paragraphs, none is read as a
        # caption or a standfirst.
        bare = hints is None and sum(not row.keep for row in rows) <= BARE_FURNITURE
        if hints is None:
            title_idx = (
                self._given_title(article, rows, given_title) if given_title else self._title(article, rows, None, bare)
            )
        else:
            title_idx = html_title(self, article, rows, hints, given_title)
        if bare:
            self._sentences_back(rows, title_idx)
        body = [i for i, r in enumerate(rows) if r.keep and i != title_idx]
        if body and hints is not None:
            hinted_parts(article, rows, hints, title_idx, body[0])
            body = [i for i, r in enumerate(rows) if r.keep and not r.kind]
        if body:
            self._top(article, rows, title_idx, body[0], plain=hints is None, bare=bare)
            if hints is None and not article.bylines:
                self._signed_near(article, rows, title_idx, body[0])
            self._body(article, rows, body[0], body[-1], hints, bare)
            self._stray_captions(
                article, rows, body[0] - 2 * TOP_ZONE if title_idx is None else title_idx - TOP_ZONE, body[-1]
            )
            if article.published is None and hints is None:  # (a page's markup and metadata date it otherwise)
                article.published = self._date_near(rows, body[0] if title_idx is None else title_idx)
        self._reasons(rows, body[0] if body else len(rows), body[-1] if body else len(rows))
        self._assemble(article, rows)
        return article

    @staticmethod
    def _sentences_back(rows: list[_Line], title_idx: int | None) -> None:
        """In an article's text alone, a line the line model doubted that reads as a sentence is the text's own
        (a first sentence taken for a page's <title>, a closing remark), unless it is a byline or a date."""
        row: _Line
        for i, row in enumerate(rows):
            if row.keep or row.reason or i == title_idx or parse_byline(row.text) or is_date_line(row.text):
                continue
            text = row.text
            if i == 0:  # (no headline, or it would be the title)
                sentence = _opening_sentence(text, True) and (_running_text(text) or _full_stop(text))
            else:
                sentence = len(text.split()) >= DEK_MIN_WORDS and text.rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_END)
            row.keep = sentence

    def _strong_cues(self, rows: list[_Line]) -> None:
        """Short lines whose wording is page furniture ("Leave a Reply", "Share on Facebook") are never body."""
        row: _Line
        for row in rows:
            if row.keep and len(row.text) <= STRONG_CUE_CHARS:
                reason = cues.reason_for(row.text)
                if reason:
                    row.keep, row.reason = False, reason

    @staticmethod
    def _given_title(article: Article, rows: list[_Line], given: str) -> int | None:
        """A headline the source states (a JSON Lines record's `title`) is the title; the capture is not searched
        for it. Only a line above the body that prints it again, word for word, is its title block."""
        article.title = given
        want = word_key(given)
        if not want:
            return None
        pick = None
        row: _Line
        for i, row in enumerate(rows):
            if row.reason is None and word_key(row.text) == want:
                pick = i
            if row.keep and _running_text(row.text) and pick != i:
                break  # the body has started
        if pick is not None:
            row = rows[pick]
            row.keep, row.kind, row.reason, row.shown = True, "title", None, None
        return pick

    def _title(self, article: Article, rows: list[_Line], given: str | None, bare: bool = False) -> int | None:
        """Pick the headline: the h1 that repeats the <title> line, else the first line if it reads as one."""
        if not rows:
            article.title = given
            return None
        first_kept = next((i for i, r in enumerate(rows) if r.keep and i > 0), len(rows))
        first = rows[0].text
        # "Skip to content" or "Menu" on top is page furniture, not a headline; a body's first sentence is no headline
        # either (a capture may be the article's text alone).
        headline_like = (
            looks_like_title(first)
            and rows[0].reason is None
            and cues.reason_for(first) is None
            and not ((rows[0].keep or bare) and _opening_sentence(first, bare) and not _over_byline(rows))
        )
        candidate = given or (clean_title(first) if headline_like else None)
        if candidate is None:
            return None
        idx = find_headline([r.text for r in rows], candidate, first_kept + 1, None if given else first)
        if idx is not None:
            if not given:
                rows[0].keep, rows[0].reason = False, "page-title"
        elif given:
            article.title = given
            return None
        elif (idx := self._headline_by_layout(rows)) is not None:
            rows[0].keep, rows[0].reason = False, "page-title"
        else:
            idx = 0
        row = rows[idx]
        row.keep, row.kind, row.reason = True, "title", None
        article.title = row.text if idx else candidate
        row.shown = article.title
        return idx

    @staticmethod
    def _signed_near(article: Article, rows: list[_Line], title_idx: int | None, first_body: int) -> None:
        """A text capture whose top named no writer: the first line that says it names one ("By X", "Posted on
        DATE by X") under the headline or around where the body starts, past share rows and players the top
        stops at."""
        near = range(max(0, first_body - TOP_ZONE), min(len(rows), first_body + TOP_ZONE))
        under = range(title_idx + 1, min(len(rows), title_idx + 1 + TOP_ZONE)) if title_idx is not None else range(0)
        row: _Line
        for i in sorted(set(under) | set(near)):
            row = rows[i]
            if row.kind or len(row.text) > MAX_SIGNED_CHARS:
                continue
            bylines = signed_line(_untagged(row.text))
            names_under = False
            if not bylines:
                bylines = _names_under(rows, i, len(rows))
                names_under = bool(bylines)
            # Several names joined are full names each ("Von Risiken und Nebenwirkungen" is a heading).
            if bylines and (len(bylines) == 1 or all(len(b.name.split()) >= 2 for b in bylines)):
                _take_byline(rows, i, names_under)
                article.bylines += bylines
                return

    @staticmethod
    def _beside_date(rows: list[_Line], i: int) -> bool:
        """The line next to this one, above or below, is a date or a time stamp."""
        return any(
            0 <= j < len(rows) and (is_date_line(rows[j].text) or _time_stamp(rows[j].text)) for j in (i - 1, i + 1)
        )

    @staticmethod
    def _date_near(rows: list[_Line], anchor: int) -> str | None:
        """The date of the date line nearest the headline (or the body's start) within the top zone, above or below.

        Pages print the date over the headline, beside the breadcrumb, or under the byline.
        """
        for step in range(1, TOP_ZONE + 1):
            for i in (anchor - step, anchor + step):
                if 0 <= i < len(rows) and rows[i].reason in (None, "date") and is_date_line(rows[i].text, True):
                    return find_date(rows[i].text, short_year=True)
        return None

    def _headline_by_layout(self, rows: list[_Line]) -> int | None:
        """With no repeat of the <title> line on the page: the headline-shaped line over a standfirst above the body.

        Pages often word the h1 quite unlike the <title>; what stays is the layout: a short line with no
        full stop, then (past bylines, dates, furniture) a sentence the line model left out of the body,
        and a share of the <title>'s wording.
        """
        first_body = next((i for i, r in enumerate(rows) if i > 0 and r.keep and _running_text(r.text)), None)
        if first_body is None:
            return None
        best, pick = LAYOUT_HEADLINE_OVERLAP, None
        for i in range(max(1, first_body - TOP_ZONE), first_body):
            # Some words of the <title> come back in the h1, none in a menu row or a name over the dek.
            if (
                _headline_shaped(rows[i])
                and self._standfirst_follows(rows, i, first_body + 1)
                and (score := headline_overlap(rows[i].text, rows[0].text)) >= best
            ):
                best, pick = score, i
        return pick

    def _top(
        self,
        article: Article,
        rows: list[_Line],
        title_idx: int | None,
        first_body: int,
        plain: bool = False,
        bare: bool = False,
    ) -> None:
        """Standfirst, bylines, date and lead picture between the headline and the first paragraphs.

        `plain`: a plain-text capture, with no markup to name its author and date: a date line may write a
        two-digit year, and a name alone beside a date is the author. `bare`: an article's text alone, whose
        paragraphs are no captions or standfirsts.
        """
        start, end = _top_zone(len(rows), title_idx, first_body)
        named = article.dek  # the standfirst the markup named, if any: no other line may take its place
        # Right under a known headline, the first sentence the line model left out of the body is the standfirst.
        under_headline = title_idx is not None and start == title_idx + 1
        dek_seen = not plain and any(r.kind == "dek" for r in rows)  # (only markup names a standfirst before this)
        headline = rows[title_idx or 0].text if rows else ""
        row: _Line
        for i in range(start, end):
            row = rows[i]
            if row.kind or row.reason:
                continue  # already the headline, or page furniture by its wording
            if self._credit_or_caption(article, rows, i, credit_lines=not (bare and row.keep)):
                continue
            if self._top_byline(article, rows, i, end, plain):
                continue
            if is_date_line(row.text, plain):
                article.published = article.published or find_date(row.text, plain)
                row.keep, row.reason = False, "date"
                continue
            trailing = split_trailing_byline(row.text)
            if trailing and not dek_seen and named is None:
                row.keep, row.kind, row.shown = True, "dek", trailing[0]
                article.dek, dek_seen = trailing[0], True
                article.bylines += trailing[1]
                continue
            if (
                not dek_seen
                and named in (None, row.text)
                and i < first_body + 1
                and not (bare and row.keep)
                and self._is_dek(rows, i, end, headline)
                and not self._standfirst_follows(rows, i, end)
            ):
                row.keep, row.kind = True, "dek"
                article.dek, dek_seen = row.text, True
                continue
            if row.keep:
                if plain and under_headline and not dek_seen and named is None and not bare and _set_apart(rows, i):
                    row.kind = "dek"  # a sentence under the headline that furniture parts from the body
                    article.dek, dek_seen = row.text, True
                    continue
                if under_headline and not dek_seen and named is None and _lead_standfirst(rows, i):
                    # No standfirst set apart under the headline: the lead paragraph doubles as one, as many
                    # pages print it, and stays the body's first paragraph.
                    article.dek = row.text
                break  # the body has started
            if under_headline and _prose_like(row.text) and not _meta_line(row.text):
                if (
                    repeats_headline(row.text, headline)
                    or self._standfirst_follows(rows, i, end)
                    or (i + 1 < len(rows) and is_credit_line(rows[i + 1].text))
                ):
                    continue  # the h1 under a copy of the <title>, a kicker, or a caption whose credit follows
                if not dek_seen and named is None:
                    row.keep, row.kind = True, "dek"  # the first sentence under the headline that is not body
                    article.dek, dek_seen = row.text, True
                under_headline = False

    def _top_byline(self, article: Article, rows: list[_Line], i: int, end: int, plain: bool) -> bool:
        """Take the line at `i` of the top (which ends at `end`) as a byline when it is one, with the date it states;
        True when it took it. In a `plain` text capture, a name alone beside a date is a byline too."""
        row: _Line = rows[i]
        bylines = parse_byline(_untagged(row.text))
        names_under = False
        if not bylines:  # "By" on a line of its own, the names under it
            bylines = _names_under(rows, i, end)
            names_under = bool(bylines)
        # A name alone beside a date is the author ("Nathaniel Flakin" over "06.01.2026, Lesezeit 5 Min."),
        # unless a credit follows it (then it captions a picture).
        if (
            plain
            and not bylines
            and not row.keep
            and bare_name(row.text)
            and self._beside_date(rows, i)
            and not (i + 1 < len(rows) and is_credit_line(rows[i + 1].text))
        ):
            bylines = [Byline(row.text)]
        if plain and not bylines and (name := dated_name(row.text)):
            bylines = [Byline(name)]  # "Nicole Collignon 22. Februar 2020": the name and its date on one line
        if not bylines:
            return False
        _take_byline(rows, i, names_under)
        article.bylines += bylines
        article.published = article.published or find_date(row.text)  # "12 May 2024 • Jane Doe"
        return True

    @staticmethod
    def _standfirst_follows(rows: list[_Line], i: int, end: int) -> bool:
        """A short line that ends in no full stop (a kicker, a second headline) with a standfirst under it.

        The standfirst is the next sentence-long line past dates, bylines and furniture: left out of
        the body, ending as a sentence does, and longer than this line.
        """
        text = rows[i].text
        words = len(text.split())
        if _full_stop(text) or words >= KICKER_MAX_WORDS:
            return False
        nxt: _Line
        for j in range(i + 1, min(end, i + 7)):
            nxt = rows[j]
            if nxt.kind or nxt.reason or not _prose_like(nxt.text):
                continue
            return not nxt.keep and nxt.text.endswith(_SENTENCE_END) and len(nxt.text.split()) > words
        return False

    def _is_dek(self, rows: list[_Line], i: int, end: int, headline: str) -> bool:
        """A sentence-like line before the body that a byline, date or picture follows, as standfirsts sit."""
        text = rows[i].text
        words = len(text.split())
        if words < 8 or len(text) > 500:
            return False
        if (
            words < KICKER_MAX_WORDS
            and not text.rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_END)
            and headline_overlap(text, headline) >= SECOND_HEADLINE
        ):
            return False  # a short unpunctuated line worded much like the headline is the h1, not a standfirst
        for j in range(i + 1, min(end, i + 4)):
            nxt = rows[j].text
            if parse_byline(nxt) or is_date_line(nxt) or split_caption(nxt):
                return True
            if rows[j].keep and len(nxt) > 80:
                return False
        return False

    def _credit_or_caption(
        self, article: Article, rows: list[_Line], i: int, stray: bool = False, credit_lines: bool = True
    ) -> bool:
        """Mark a caption with its credit fused in, or a credit line with the caption line before it.

        `stray`: a line the line model left out of the body, where teasers and bylines sit too: a credit
        line must carry an agency, a label or © (a bare "Name / Name" there is a list of authors or links).
        `credit_lines=False`: a credit line takes no caption (in an article's text alone, the lines around a
        credit are its paragraphs); a caption with its credit fused in is still one.
        """
        row: _Line = rows[i]
        tail = row.text[-60:]
        # A fused credit ends the line ("... (dpa)", "... REUTERS/Jane Doe"): sentence punctuation there means
        # prose, unless a labelled credit ("Photo: X.", "© X.") sits in the tail.
        prose = row.text.endswith(_SENTENCE_END) and ":" not in tail and "©" not in tail
        if prose and len(row.text) > 100:
            return False  # prose too long for a credit line, ending as prose: most paragraphs stop here
        if not has_credit_hint(tail):
            return False  # every credit shape, fused or alone, ends the line with a bracket, slash, © or agency
        fused = None if prose else split_caption(row.text)
        if fused and parse_byline(row.text):
            fused = None  # "Par Le Figaro et AFP": a byline naming its agency
        if fused:
            row.keep, row.kind, row.shown, row.reason = True, "caption", fused[0], None
            article.media.append(Media(fused[0], fused[1]))
            return True
        if i > 0 and credit_lines and is_credit_line(row.text) and (not stray or marked_credit(row.text)):
            label = rows[i - 1] if i > 1 and label_alone(rows[i - 1].text) else None  # "Foto:" / "Andrew Harnik / AP"
            prev = rows[i - 2] if label else rows[i - 1]
            # A name alone ("Donald Trump") captions a picture when a labelled credit follows it, unless a
            # caption sits under the credit (the name is then the author's, over the lead picture).
            under = self._caption_under_credit(rows, i)
            least = 2 if marked_credit(row.text) and not under else 3
            if prev.kind == "caption" and article.media and article.media[-1].credit is None:
                article.media[-1].credit = clean_credit(row.text)
            elif (
                prev.kind in (None, "paragraph", "heading")
                and least <= len(prev.text.split()) <= 60
                and not (_SOURCE_LABEL.match(row.text) and (prev.keep or find_date(row.text)))
                and not cues.reason_for(prev.text)
            ):
                # ("Quelle: sid/dpa" under a paragraph names the article's source, not a picture's; a dated
                # "Quelle: BILD 15.05.2023" dates a video.)
                prev.keep, prev.kind, prev.reason = True, "caption", None
                article.media.append(Media(prev.text, clean_credit(row.text)))
                if label:
                    label.keep, label.kind, label.reason = True, "caption", None
            elif under:
                nxt = rows[i + 1]  # some pages print the credit over the picture, the caption under it
                nxt.keep, nxt.kind, nxt.reason = True, "caption", None
                article.media.append(Media(nxt.text, clean_credit(row.text)))
            else:
                return False
            row.keep, row.kind, row.reason = True, "caption", None
            return True
        return False

    @staticmethod
    def _caption_under_credit(rows: list[_Line], i: int) -> bool:
        """The line under a credit line is its caption: a short text the line model left out of the body.

        Not a date, a byline or another credit, and with no credit line of its own under it. A credit right
        under the headline is the lead picture's: the line under it is the standfirst.
        """
        if i + 1 >= len(rows) or not marked_credit(rows[i].text) or _SOURCE_LABEL.match(rows[i].text):
            return False
        if i > 0 and rows[i - 1].kind == "title":
            return False
        nxt: _Line = rows[i + 1]
        if nxt.keep or nxt.kind is not None or nxt.reason or not 3 <= len(nxt.text.split()) <= 60:
            return False
        after = rows[i + 2].text if i + 2 < len(rows) else ""
        return not (
            cues.reason_for(nxt.text)
            or is_credit_line(after)
            or is_credit_line(nxt.text)
            or is_date_line(nxt.text)
            or parse_byline(nxt.text)
        )

    def _body(
        self,
        article: Article,
        rows: list[_Line],
        first: int,
        last: int,
        hints: list[LineHint] | None = None,
        bare: bool = False,
    ) -> None:
        """Name the kept lines of the body region, and take captions, credits and trailing credits out of it
        (not out of a `bare` capture's text)."""
        row: _Line
        for i in range(first, min(len(rows), last + 4)):
            row = rows[i]
            if row.kind:
                continue
            if hints is not None and row.keep and (kind := kind_from_hint(hints[i], row.text)):
                row.kind = kind  # the markup says heading, list item or quotation: no need to guess
                continue
            near = row.keep or (i + 1 < len(rows) and rows[i + 1].keep) or (i > 0 and rows[i - 1].keep)
            if (
                i <= last
                and near
                and len(row.text) <= 300
                and self._credit_or_caption(article, rows, i, credit_lines=not (bare and row.keep))
            ):
                continue  # captions sit next to the text they illustrate, and are not long prose
            if not row.keep:
                if i > last - 3 and (bylines := parse_byline(row.text)):
                    row.keep, row.kind, row.reason = True, "byline", None
                    article.bylines += bylines
                elif hints is None and first < i < last and self._left_out_heading(rows, i):
                    row.keep, row.kind = True, "heading"
                continue
            if i == first and (dl := dateline(row.text)):
                article.bylines.append(Byline(dl[1], "agency"))
            edge = i < first + 3 or i > last - 3  # credits open or close an article, not interrupt it
            if edge and len(row.text) < 120 and (bylines := parse_byline(row.text)):
                row.kind = "byline"
                article.bylines += bylines
            elif row.text[0] in _BULLET_CHARS and _BULLET.match(row.text):
                row.kind = "list_item"
            elif self._is_heading(rows, i):
                row.kind = "heading"
            else:
                row.kind = "paragraph"

    def _stray_captions(self, article: Article, rows: list[_Line], lo: int, hi: int) -> None:
        """Captions the line model left out of the body, around the article: a picture sits anywhere in it."""
        row: _Line
        for i in range(max(lo, 0), min(hi, len(rows))):
            row = rows[i]
            if not row.keep and row.kind is None and row.reason is None and len(row.text) <= 300:
                self._credit_or_caption(article, rows, i, stray=True)

    def _left_out_heading(self, rows: list[_Line], i: int) -> bool:
        """A subheading the line model left out: between a paragraph that ends a sentence and running text."""
        prev: _Line = rows[i - 1]
        return (
            rows[i].reason is None
            and prev.keep
            and prev.kind == "paragraph"
            and prev.text.endswith(_SENTENCE_END)
            and self._is_heading(rows, i)
        )

    @staticmethod
    def _is_heading(rows: list[_Line], i: int) -> bool:
        """Short, unpunctuated, and right over a paragraph of prose.

        A subheading opens a section: the line under it is running text. A short line over another
        short line is a teaser list, a name over a role, a link row; a short line under another
        heading-like line is the second line of such a run.
        """
        nxt: _Line
        text = rows[i].text
        if len(text) > 120 or text.rstrip(_CLOSING_QUOTES).endswith(_NOT_HEADING_END) or text.count(" ") > 13:
            return False  # (a question, an exclamation or a quotation can head a section; a sentence cannot)
        if i + 1 >= len(rows) or (i > 0 and rows[i - 1].kind == "heading"):
            return False
        nxt = rows[i + 1]
        if not (nxt.keep and nxt.kind in (None, "paragraph") and _running_text(nxt.text)):
            return False
        # A credit, a time stamp ("25. 4. 2023 5:00", "04:16 min"), a byline ("Von Birgitta Stauber") heads no
        # section; a live blog's "11.04 Uhr: Drohne tötet Extremisten" or "Dienstag, 16. 7." does.
        return not (is_credit_line(text) or _time_stamp(text) or parse_byline(text) or _doubled(text))

    @staticmethod
    def _reasons(rows: list[_Line], first: int, last: int) -> None:
        """Give every removed line its reason: a cue's, a repeat, or where it sits on the page."""
        seen: set[str] = set()
        related = False
        row: _Line
        for i, row in enumerate(rows):
            # Repeats are found case-blind; a long line repeats as an exact copy, so it skips the folding.
            key = row.text.casefold() if len(row.text) <= 200 else row.text
            if not row.keep and row.reason is None:
                if key in seen:
                    row.reason = "duplicate"
                elif cue := cues.reason_for(row.text):
                    row.reason = cue
                elif related and 3 <= len(row.text.split()) <= 25:
                    row.reason = "related"  # stray headlines of a "Related" link list
                else:
                    row.reason = "header" if i < first else "footer" if i > last else "boilerplate"
            if row.keep and not row.kind:
                row.kind = "paragraph"
            related = row.reason == "related" or (related and not row.keep and row.reason in ("duplicate", "related"))
            seen.add(key)

    @staticmethod
    def _assemble(article: Article, rows: list[_Line]) -> None:
        row: _Line
        for row in rows:
            # (a kept row always has its kind by now, a removed one its reason)
            if row.keep:
                article.blocks.append(Block(row.kind, row.shown or row.text, row.n))  # type: ignore[arg-type]
            else:
                article.removed.append(Removed(row.n, row.text, row.reason))  # type: ignore[arg-type]
        article.text = "\n\n".join(b.text for b in article.body_blocks())
        if article.published is None and article.blocks:
            first_para = next((b.text for b in article.body_blocks()), "")
            article.published = find_date(first_para[:120]) if dateline(first_para) else None
        seen, unique = set(), []
        for b in article.bylines:
            if (b.name.casefold(), b.role) not in seen:
                seen.add((b.name.casefold(), b.role))
                unique.append(b)
        article.bylines = unique
