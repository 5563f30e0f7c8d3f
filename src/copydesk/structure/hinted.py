"""Structure rules that only markup hints make possible (HTML pages); text captures never reach this module.

The line model scores every line as it does for a text capture; the hints then
(1) remove what the page's own markup names as furniture (comment sections,
navigation, footers, forms, hidden text), (2) keep subheadings and paragraphs
inside the article container that the model was unsure of, (3) name the
headline (h1), captions and credits (figcaption), bylines (rel=author, byline
classes) and dates (<time>) by their elements rather than by their wording.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from ..model import Article, Byline, Media
from ..words import AUTHOR_LABELS, BY_WORDS
from .byline import is_topic_list, parse_byline, split_names, writer_like
from .caption import clean_credit, has_credit_hint, is_credit_line, split_caption
from .dates import find_date, is_date_line
from .hints import BYLINE, CAPTION, CREDIT, DATE, DEK, FIGURE, HIDDEN, LINK, MAIN, SUMMARY, TITLE_TAG, LineHint
from .title import folded_words, key_words

# Markup reasons that remove a line whatever the line model thought ("aside" inside an article is left to it).
FURNITURE = frozenset(
    {
        "comments",
        "navigation",
        "footer",
        "sidebar",
        "form",
        "share",
        "related",
        "newsletter",
        "cookies",
        "advertising",
        "popup",
        "header",
        "tags",
        "author-bio",
    }
)
_BODY_TAGS = frozenset(
    {
        "p",
        "li",
        "blockquote",
        "pre",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "dd",
        "td",
        "div",
        "section",
        "article",
        "main",
        "body",
        "figure",
    }
)
# A furniture run holding this share of the text the model keeps is the article in a misnamed wrapper.
_OVERLAYS = frozenset({"popup", "cookies", "newsletter"})  # furniture laid over the page, not around the article
RUN_SHARE = 0.3
LINK_RUN_SHARE = 0.5  # a run whose kept text is mostly links is a menu or a list of teasers, whatever its share
MAIN_PROSE_WORDS = 20  # words (spaces) that make a <p> inside the article container prose on its own
MAIN_THRESHOLD = 0.2  # inside the article container the model's threshold is relaxed by this factor (tuned on WCXB)
_PROSE_END = tuple('.!?…"”’»“«')  # German quotes close with “ („…“) or « (»…«)
DEK_ZONE = 20  # lines after the headline where a standfirst sits
DEK_MIN_WORDS = 6
BODY_AFTER_DEK = 3  # a kept standfirst leaves the body only when the body after it is this many times as long
# A byline element's by-word or author label alone ("By", "Autor"): it names no one (the names are elsewhere).
_BY_ALONE = frozenset(BY_WORDS + AUTHOR_LABELS)
_NAME_LIKE = re.compile(r"^[^\W\d_][\w'’.\-]*(?:\s+[\w'’.\-]+){0,4}$")


_COPYRIGHT_TAIL = re.compile(r"\s*[/,|]?\s*(?:Copyright|©)\s*(?:\d{4}\b.*)?$", re.IGNORECASE)
_COPYRIGHT_LABEL = re.compile(r"^(?:Copyright\b\s*:?\s*)+", re.IGNORECASE)


def markup_credit(text: str) -> str:
    """A credit element's text as the credit: brackets, "Copyright" labels and rights notices off, then the labels.

    Templates wrap the photographer in "(Bild: …)" or "Copyright X/Copyright 2024 The AP. All rights reserved":
    the name is the credit, the notice around it is the template's.
    """
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    bare = _COPYRIGHT_TAIL.sub("", _COPYRIGHT_LABEL.sub("", text)).strip()
    return clean_credit(bare or text)


def apply_hints(p: np.ndarray, threshold: float, hints: list[LineHint], texts: list[str]) -> list[bool]:
    """Keep decisions from the line model's probabilities and the markup's hints."""
    has_main = any(h.flags & MAIN for h in hints)
    trusted = _trusted_furniture(p, threshold, hints, texts)
    keep = []
    for prob, h, furniture, text in zip(p.tolist(), hints, trusted, texts):
        flags = h.flags
        if furniture or flags & TITLE_TAG:
            keep.append(False)
        elif has_main and flags & MAIN and h.tag in _BODY_TAGS and not flags & LINK:
            # A paragraph of prose inside the article container is the article, whatever its neighbours look like.
            prose = (
                h.tag == "p"
                and h.link_density < 0.2
                and text.endswith(_PROSE_END)
                and text.count(" ") >= MAIN_PROSE_WORDS
            )
            keep.append(prose or prob >= threshold * MAIN_THRESHOLD)
        else:
            keep.append(prob >= threshold)
    if not any(keep):
        # The model scores a line among its neighbours; a page of a few lines gives it none. Prose the markup
        # does not call furniture is the body then, rather than nothing.
        keep = [
            not furniture and not h.flags & TITLE_TAG and len(t.split()) >= 6 and t.endswith(_PROSE_END)
            for h, t, furniture in zip(hints, texts, trusted)
        ]
    _drop_teasers(keep, hints, texts)
    _paragraphs_at_edges(keep, hints, texts, trusted)
    # Subheadings between kept lines: the model sees a short unpunctuated line, the markup says h2.
    n = len(keep)
    for i, h in enumerate(hints):
        if (
            not keep[i]
            and h.tag in ("h2", "h3", "h4", "h5", "h6")
            and h.drop is None
            and not h.flags & HIDDEN
            and any(keep[i + 1 : i + 3])
            and any(keep[max(0, i - 6) : i])
            and i + 1 < n
        ):
            keep[i] = True
    return keep


EDGE_TAGS = frozenset({"p"})  # the elements that continue a body at its edges
EDGE_LINES = 6  # at most this many such lines are taken back at either edge
EDGE_LINKS = 0.2  # a paragraph with more of its text in links than this is a teaser or a "read more" line


def _paragraphs_at_edges(keep: list[bool], hints: list[LineHint], texts: list[str], furniture: list[bool]) -> None:
    """Paragraphs right before the body's first kept line and right after its last: the body's own.

    The line model scores a line among its neighbours: a short paragraph where
    menus end (a summary's bullet points, a recipe's first step) or before the
    footer starts reads to it like furniture. A run of plain paragraphs that
    touches the body, in no element the markup names furniture, continues it.
    """
    kept = [i for i, k in enumerate(keep) if k]
    if not kept:
        return

    def plain(i: int) -> bool:
        h = hints[i]
        return (
            h.tag in EDGE_TAGS
            and not furniture[i]
            and h.drop is None
            and not h.flags & (HIDDEN | TITLE_TAG)
            and h.link_density <= EDGE_LINKS
            and bool(texts[i].strip())
        )

    for start, step in ((kept[0] - 1, -1), (kept[-1] + 1, 1)):
        i = start
        while 0 <= i < len(keep) and abs(i - start) < EDGE_LINES and plain(i):
            keep[i] = True
            i += step


TEASER_AFTER_PROSE = 2  # kept prose paragraphs after which a line named a standfirst or teaser is another story's
PROSE_SPACES = 24  # a kept line with this many spaces (25 words) is a prose paragraph


def _drop_teasers(keep: list[bool], hints: list[LineHint], texts: list[str]) -> None:
    """Lines whose class names a standfirst, teaser or summary, once the article's prose has begun: other stories'.

    A page's own standfirst sits above its body; below the first paragraphs, a
    "teaser" or "summary" element introduces another article (a related box, a
    read-more list, a live blog's other entries), in every language's templates.
    """
    prose = 0
    for i, (h, t) in enumerate(zip(hints, texts)):
        if not keep[i]:
            continue
        if not h.flags & DEK:
            prose += t.count(" ") >= PROSE_SPACES
        elif prose >= TEASER_AFTER_PROSE or (prose and h.flags & LINK):
            keep[i] = False  # a linked one after the first paragraph already


def _trusted_furniture(p: np.ndarray, threshold: float, hints: list[LineHint], texts: list[str]) -> list[bool]:
    """Which lines the markup's furniture names (or hidden flags) remove: all, except runs that hold the article.

    Templates misname wrappers ("sidebar-first-only" around the article, a
    hidden server-rendered copy of the page): a run of furniture lines that
    holds much of the text the line model keeps is the article, not furniture.
    """
    keys = [
        h.drop if h.drop in FURNITURE or h.drop == "aside" else ("hidden" if h.flags & HIDDEN else None) for h in hints
    ]
    kept = [len(t) if prob >= threshold else 0 for prob, t in zip(p.tolist(), texts)]
    total = sum(kept) or 1
    out = [k is not None for k in keys]
    i, n = 0, len(keys)
    while i < n:
        if keys[i] is None:
            i += 1
            continue
        j = i
        while j < n and keys[j] == keys[i]:
            j += 1
        run = sum(kept[i:j])
        mostly_links = (
            run > 0 and sum(k for k, h in zip(kept[i:j], hints[i:j]) if h.flags & LINK) >= LINK_RUN_SHARE * run
        )
        if keys[i] == "aside":
            # A box inside the article (a fact box, a pull quote, or a list of other stories): the line model
            # decides, unless the box is mostly links.
            misnamed = not mostly_links
        elif keys[i] in _OVERLAYS:
            # A consent or sign-up overlay can outweigh a short article: it is the article only if it holds part of
            # the article's container or its headline.
            misnamed = run / total >= RUN_SHARE and any(h.flags & MAIN or h.tag == "h1" for h in hints[i:j])
        elif keys[i] == "form" and any(h.flags & MAIN for h in hints[i:j]):
            # A <form> around the article's own container wraps the whole page (ASP.NET WebForms): it is the
            # article when it holds its share of the kept text, however many teaser links sit beside it.
            misnamed = run / total >= RUN_SHARE
        elif keys[i] == "comments":
            # A comment section can outweigh a short article: trust it unless it holds the headline itself.
            misnamed = any(h.tag == "h1" for h in hints[i:j])
        else:
            misnamed = run / total >= RUN_SHARE and not mostly_links and not _copy_of_kept(texts, kept, keys, i, j)
        if misnamed:
            out[i:j] = [False] * (j - i)
        i = j
    return out


COPY_SHARE = 0.8  # a run whose words the visible kept lines hold this much of is a copy of them


def _copy_of_kept(texts: list[str], kept: list[int], keys: list, i: int, j: int) -> bool:
    """The run of lines i..j repeats text the model keeps outside any furniture: a hidden copy of the article.

    Pages ship the article twice, printed in paragraphs and again in a hidden
    element (a reader view, a paywall's copy); the printed one is the article.
    """
    run = Counter(w for t, k in zip(texts[i:j], kept[i:j]) if k for w in key_words(t))
    size = sum(run.values())
    if not size:
        return False
    shown = Counter(w for t, k, key in zip(texts, kept, keys) if k and key is None for w in key_words(t))
    return sum((run & shown).values()) >= COPY_SHARE * size


_HEADING_END = tuple('.!?…:;"”’»)')
_BULLET_START = tuple("•·▪►✓✔●◦‣∙*-–—")


def kind_from_hint(hint: LineHint, text: str) -> str | None:
    """The block kind a kept body line's element gives (heading, list item, blockquote), or None to use the rules.

    A page marks its subheadings as h2-h6: a short unpunctuated line in a <div> is a date, a name or a label
    ("Online seit heute, 7.57 Uhr", "Článek"), never a subheading, so it is a paragraph unless the text rules can
    read it as a credit, byline or list item.
    """
    tag = hint.tag
    if tag in ("h2", "h3", "h4", "h5", "h6") or (tag == "h1" and len(text) < 200):
        return "heading"
    if tag == "li":
        return "list_item"
    if tag == "blockquote":
        return "blockquote"
    if tag == "p" or tag == "pre":
        return "paragraph"
    if (
        len(text) <= 120
        and not text.endswith(_HEADING_END)
        and not text.startswith(_BULLET_START)
        and (not any(c.isalpha() for c in text) or (not has_credit_hint(text[-60:]) and parse_byline(text) is None))
    ):
        return "paragraph"  # heading-shaped, but the markup did not make it one ("2 / 3" has no words at all)
    return None


_HEADER_DROPS = (None, "navigation", "sidebar", "header")  # where an article header's h2 may sit (a misnamed wrapper)
_TITLE_SEPARATORS = tuple("|-–—:·•»›/~｜ㅣ")  # what parts a headline from the site's name in a <title>
STACK_LINES = 3  # lines from an h1 in a breadcrumb trail to the h2 under it (a kicker or a subline may sit between)
STACK_GAP_CHARS = 120  # a line between them longer than this is text: the h2 is no headline


def stacked_headline(rows: list, hints: list[LineHint], i: int) -> int | None:
    """The h2 printed just under an h1 that the markup puts in a breadcrumb trail (navigation), or None.

    Templates make the breadcrumb trail's last item the page's h1 (the search
    wording of the headline) and print the headline readers see as an h2 right
    under it, in the article's header: that h2 is the headline.
    """
    if hints[i].tag != "h1" or hints[i].drop != "navigation":
        return None
    for j in range(i + 1, min(len(rows), i + 1 + STACK_LINES)):
        h = hints[j]
        if (
            h.tag == "h2"
            and not h.flags & (HIDDEN | LINK)
            and h.drop in _HEADER_DROPS
            and 2 <= len(rows[j].text) <= 300
        ):
            return j
        if h.heading_level or len(rows[j].text) > STACK_GAP_CHARS:
            return None
    return None


def html_title(recovery, article: Article, rows: list, hints: list[LineHint], given: str | None) -> int | None:
    """The headline line: the text rules' choice when it is the page's h1 repeat, else the first h1 (in the article
    first).

    An h1 in a breadcrumb trail gives way to the h2 printed under it (`stacked_headline`).
    """
    before = [(r.keep, r.kind, r.reason, r.shown) for r in rows]
    idx = recovery._title(article, rows, given)
    if (
        idx not in (None, 0)
        and hints[idx].tag != "h1"
        and (h1 := _h1_worded_as(rows, hints, rows[idx].text)) is not None
    ):
        # The text rules matched the headline's print elsewhere on the page (a sticky header, a share box):
        # the h1 worded the same is the headline.
        _undo(article, rows, before, given)
        return _take_title(article, rows, h1)
    stacked = {i: j for i in range(len(rows)) if (j := stacked_headline(rows, hints, i)) is not None}
    if (
        idx not in (None, 0)
        and hints[idx].tag != "h1"
        and idx not in stacked
        and (hints[idx].drop or not _repeats(rows[idx].text, given or rows[0].text))
    ):
        # The text rules matched the <title> to a line that only rewords it (a standfirst, a related story's
        # heading) or to a breadcrumb's or menu's repeat of it: on a page, only its h1 may do either.
        _undo(article, rows, before, given)
        idx = None
    if idx == 0 and not (hints[0].flags & TITLE_TAG or hints[0].tag == "h1"):
        # A text capture's first line is its <title>; a page's first line is just its first block.
        _undo(article, rows, before, None)
        idx = None
    if idx in stacked:
        rows[idx].keep, rows[idx].kind, rows[idx].reason, rows[idx].shown = False, None, "navigation", None
        return _take_title(article, rows, stacked[idx])
    h1s = [
        i
        for i, h in enumerate(hints)
        if h.tag == "h1" and not h.drop and not h.flags & HIDDEN and 2 <= len(rows[i].text) <= 300
    ]
    if idx not in (None, 0) or not rows:
        return idx
    if not h1s and stacked:
        h1s = [next(iter(stacked.values()))]
    if not h1s:
        return idx
    main = [i for i in h1s if hints[i].flags & MAIN]
    pick = (main or h1s)[0]
    if idx == 0:
        rows[0].kind, rows[0].shown = None, None
    if hints[0].flags & TITLE_TAG and pick != 0:
        rows[0].keep, rows[0].reason = False, "page-title"
    return _take_title(article, rows, pick)


def _h1_worded_as(rows: list, hints: list[LineHint], text: str) -> int | None:
    """The first visible h1 worded as `text` (case and punctuation aside), or None."""
    want = folded_words(text)
    for i, h in enumerate(hints):
        if h.tag == "h1" and not h.flags & HIDDEN and folded_words(rows[i].text) == want:
            return i
    return None


def _undo(article: Article, rows: list, before: list[tuple], title: str | None) -> None:
    """Put every line back as it was before the text rules chose a headline; the title is `title`."""
    for row, (keep, kind, reason, shown) in zip(rows, before):
        row.keep, row.kind, row.reason, row.shown = keep, kind, reason, shown
    article.title = title


def _repeats(line: str, page_title: str) -> bool:
    """The line is the <title> line itself, or the <title> line is it with the site's name after a separator."""
    a, b = line.casefold().strip(), page_title.casefold().strip()
    return bool(a) and (a == b or (b.startswith(a) and b[len(a) :].lstrip()[:1] in _TITLE_SEPARATORS))


def _take_title(article: Article, rows: list, idx: int) -> int:
    """Make line `idx` the headline."""
    row = rows[idx]
    row.keep, row.kind, row.reason, row.shown = True, "title", None, None
    article.title = row.text
    return idx


def hinted_parts(article: Article, rows: list, hints: list[LineHint], title_idx: int | None, first_body: int) -> None:
    """Captions with credits, bylines and dates that the markup names, wherever they sit near the article."""
    top_end = first_body + 3
    for i, (row, h) in enumerate(zip(rows, hints)):
        flags = h.flags
        if (
            row.kind
            or h.drop in FURNITURE
            or flags & (HIDDEN | TITLE_TAG)
            or not (flags & (CAPTION | CREDIT | BYLINE | DATE))
        ):
            continue
        text = row.text
        if flags & CREDIT and flags & (FIGURE | CAPTION) and len(text) <= 200:
            prev = article.media[-1] if article.media else None
            # "… der 22-jährigen Mahsa Amini. Uncredited/AP/dpa": a caption's end inside the credit element.
            fused = None if is_credit_line(text) else split_caption(text)
            credit = markup_credit(fused[1] if fused and fused[0].endswith(_PROSE_END) else text)
            if prev is not None and prev.credit is None and i > 0 and rows[i - 1].kind == "caption":
                prev.credit = credit
            else:
                article.media.append(Media(None, credit))
            row.keep, row.kind, row.reason = True, "caption", None
        elif (
            flags & CAPTION
            and i > 0
            and rows[i - 1].kind == "caption"
            and article.media
            and article.media[-1].credit is None
            and is_credit_line(text)
        ):
            article.media[-1].credit = markup_credit(text)  # "Quelle: dpa" under the caption, in an unnamed element
            row.keep, row.kind, row.reason = True, "caption", None
        elif flags & CAPTION and len(text) <= 1000 and not (h.tag in ("h2", "h3", "h4") and not flags & FIGURE):
            fused = split_caption(text)
            if fused:
                caption, credit = fused
            elif i + 1 < len(rows) and is_credit_line(rows[i + 1].text) and not hints[i + 1].flags & CREDIT:
                caption, credit = text, None  # the credit line after it is taken below, as the text rules do
            else:
                caption, credit = text, None
            row.keep, row.kind, row.reason, row.shown = True, "caption", None, caption if fused else None
            last = article.media[-1] if article.media else None
            if last is not None and last.caption is None and i > 0 and rows[i - 1].kind == "caption":
                last.caption = caption  # the figure printed its credit before its caption
                last.credit = last.credit or credit
            else:
                article.media.append(Media(caption, credit))
        elif flags & BYLINE and (i <= top_end or flags & MAIN) and len(text) <= 120 and not is_topic_list(text):
            names = parse_byline(text)
            if not names and len(text) >= 2 and text[0].isupper() and text.casefold() not in _BY_ALONE:
                # The element says byline: a bare list of names ("X og Y", "X, Y, Z") is one, as is a short sign.
                names = [Byline(n) for n in split_names(text)]
                if not names and _NAME_LIKE.match(text) and len(text.split()) <= 5:
                    names = [Byline(text)]
            names = [b for b in names or () if writer_like(b.name)]  # "Taboola by Taboola", "Leave a comment"
            if names and (i <= top_end or (title_idx is not None and i < title_idx + 15)):
                row.keep, row.kind, row.reason = True, "byline", None
                article.bylines += names
        elif (
            flags & DATE
            and len(text) <= 80
            and i <= top_end
            and (found := find_date(text, short_year=is_date_line(text, short_year=True)))
        ):  # "6.11.22" too
            article.published = article.published or found
            row.keep, row.reason = False, "date"
    hinted_dek(article, rows, hints, title_idx, first_body)
    subheadings(article, rows, hints)


PROSE_CHARS = 100  # a kept line this long is body prose: subheadings sit between such lines
FOLLOW_CHARS = 60  # a subheading is followed by text at least this long (a teaser box's label by links)
LINKED = 0.5  # link density of a headline that links elsewhere: a teaser, not a subheading


def subheadings(article: Article, rows: list, hints: list[LineHint]) -> None:
    """Kept h2-h6 lines that are not the article's subheadings: teasers, box labels, the headline printed again.

    A subheading sits inside the body and opens a stretch of prose. Outside
    the body's prose, a linked heading is another article's teaser; one after
    the last paragraph with no prose under it labels a box ("Mehr lesen über",
    "Les plus lus"); one before the first paragraph that repeats the headline
    is its second print. They are removed; other headings before the first
    paragraph (a second headline, a kicker) stay in the text but are not
    subheadings. A linked heading between paragraphs with no prose under it
    stays in the text as a paragraph: lists of products or chapters link their items.
    """
    prose = [
        i
        for i, (r, h) in enumerate(zip(rows, hints))
        if r.keep and not r.kind and len(r.text) >= PROSE_CHARS and not h.heading_level
    ]
    if not prose:
        return
    first, last = prose[0], prose[-1]
    title = folded_words(article.title or "")
    n = len(rows)
    for i, (row, h) in enumerate(zip(rows, hints)):
        if not row.keep or row.kind or not h.heading_level or (h.tag == "h1" and len(row.text) >= 200):
            continue
        if not any(c.isalpha() for c in row.text):
            row.kind = "paragraph"  # "2 / 3", a slide counter: no words, no subheading
        elif i < first:
            if h.link_density > LINKED:
                row.keep, row.reason = False, "related"
            elif title and folded_words(row.text) == title:
                row.keep, row.reason = False, "duplicate"
            else:
                row.kind = "paragraph"
        elif i > last or h.link_density > LINKED:
            j = i + 1
            while j < n and (not rows[j].keep or rows[j].kind == "caption"):
                j += 1
            if i <= last:
                if j >= n or hints[j].heading_level or len(rows[j].text) < FOLLOW_CHARS:
                    row.kind = "paragraph"  # a linked item of a list inside the body: text, not a subheading
            elif (
                j >= n
                or hints[j].heading_level
                or len(rows[j].text) < FOLLOW_CHARS
                or hints[j].flags & LINK
                or h.link_density > LINKED
            ):
                row.keep, row.reason = False, "related"


def hinted_dek(article: Article, rows: list, hints: list[LineHint], title_idx: int | None, first_body: int) -> None:
    """The standfirst: near the headline, the line that repeats the page's stated summary, else one marked as one.

    It becomes `article.dek`; a line the body did not keep becomes a dek block.

    A repeat of the stated summary is trusted even inside furniture (templates
    wrap the article header in <footer> or <aside>); a class name alone
    ("teaser", "intro") is trusted only outside it, and not on a heading (kickers and
    second headlines wear those classes too). Two prose paragraphs end the search: the body has started.
    """
    start = title_idx + 1 if title_idx is not None else max(0, first_body - 5)
    prose = 0
    marked = None
    for i in range(start, min(len(rows), start + DEK_ZONE)):
        row, h = rows[i], hints[i]
        if row.kind or h.flags & (HIDDEN | TITLE_TAG) or h.tag == "h1":
            continue
        words = len(row.text.split())
        if h.flags & SUMMARY and words >= DEK_MIN_WORDS // 2:
            marked = i
            break
        if (
            marked is None
            and h.flags & DEK
            and words >= DEK_MIN_WORDS
            and h.drop not in FURNITURE
            and not h.flags & (CAPTION | FIGURE | LINK)
            and not h.heading_level
            and len(row.text) <= 1000
        ):
            marked = i  # a summary repeat further down still wins
        if row.keep and words >= 25:
            prose += 1
            if prose >= 2:
                break
    if marked is None:
        return
    run = [marked]
    while (
        hints[marked].flags & SUMMARY
        and run[-1] + 1 < len(rows)
        and hints[run[-1] + 1].flags & SUMMARY
        and not rows[run[-1] + 1].kind
    ):
        run.append(run[-1] + 1)  # a standfirst printed as several paragraphs
    article.dek = " ".join(rows[i].text for i in run)
    body_after = sum(len(r.text) for r in rows[run[-1] + 1 :] if r.keep and not r.kind)
    for i in run:
        row, h = rows[i], hints[i]
        if not row.keep:
            row.keep, row.kind, row.reason = True, "dek", None
        elif h.flags & SUMMARY and h.flags & DEK and body_after >= BODY_AFTER_DEK * len(article.dek):
            row.kind = "dek"  # the page names it a standfirst and states it as its summary: not the body's
