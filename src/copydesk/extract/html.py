"""HTML bytes -> block lines with hints, the form a text capture has, plus the page's metadata.

Steps: decode (BOM, a declared charset, then the shared text decoder); drop
the attributes of an element past its first MAX_ATTRIBUTES (the parser's time
grows with the square of their number); parse with lxml under its resource
limits (no `huge_tree`: depth over 256 and text nodes over 10 MB stop the
parser, which we record); walk the tree once, within the document's time
budget when one is given (the clock is read every DEADLINE_EVERY elements;
past it the page is given up with E108),
iteratively, emitting one line per block element as a whole-page text capture
has them, each with a `LineHint` (its block tag, flags such as figure/caption/
credit/byline/date, link density, and a removal reason when the markup names
page furniture: comment sections, navigation, footers, forms, share bars).
Scripts, styles and embedded objects give no lines. Nothing here decides what
the article is: structure recovery does that for text and HTML alike.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from lxml import etree

from ..errors import (
    MESSAGE_CHARS,
    CopydeskError,
    DecodeFallback,
    DocumentTimeout,
    EmptyInput,
    HtmlTruncated,
    StageFailure,
    failure_message,
)
from ..model import ErrorInfo
from ..sources.decode import Decoded, decode
from ..structure.caption import is_credit_line, marked_credit
from ..structure.dates import is_date_line
from ..structure.hints import (
    BYLINE,
    CAPTION,
    CREDIT,
    DATE,
    DEK,
    FIGURE,
    HIDDEN,
    LINK,
    MAIN,
    SUMMARY,
    TITLE_TAG,
    LineHint,
)
from ..structure.title import folded_words
from ..words import BY_WORDS, NAME_CONJUNCTIONS
from .furniture import drop_reason, flags_of
from .metadata import Metadata, read_metadata

MAX_ELEMENTS = 400_000  # elements walked; a page with more is cut there (and says so)
MAX_LINES = 200_000
MAX_LINE_CHARS = 200_000  # a longer block is cut: no article paragraph is this long
# Attributes kept on one element; the rest are dropped before parsing (E109). libxml2 checks each attribute of an
# element against all those before it, and lxml looks each one up by name as it lists them: time grows with the
# square of an element's attributes (10,000: 1 s; 2 million: days). Real elements carry a few dozen at most.
MAX_ATTRIBUTES = 100
DEADLINE_EVERY = 1024  # elements walked between looks at the clock
LINK_DENSITY = 0.6  # share of a line's characters inside links above which it is a link line (a menu, a teaser list)
_SNIFF = 8192  # bytes searched for a declared charset

# Elements with no readable text, skipped with their subtree.
SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "canvas",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "head",
        "map",
        "select",
        "datalist",
        "textarea",
        "input",
        "img",
        "picture",
        "source",
        "link",
        "meta",
        "base",
        "rt",
        "rp",  # a ruby annotation's reading (furigana) is printed above its word, not in the sentence
    }
)
# Block elements: a line ends before and after each (as html-text's layout does).
BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "title",
        "html",
        "menu",
        "center",
        "option",
        "button",
        "label",
    }
)
_WS = re.compile(r"\s+")
# Wrappers whose name misleads when the article's own container sits inside them: a layout's "sidebar" column, a
# header, and a <form> around the whole page (ASP.NET WebForms pages wrap every element in one).
_MISLEADING_WRAPPERS = frozenset({"sidebar", "header", "navigation"})
# A picture's caption is often printed in an element no name marks, right under the picture, with the same words as
# its alt text (sports, broadcast and newspaper templates alike): a line of those words within ALT_LINES lines is the
# caption.
ALT_LINES = 3
MAX_PLAIN_CAPTION = 500  # characters of an unnamed figure text above a credit taken as its caption
MIN_ALT_CHARS = 12  # folded characters: "Foto", "Bild 1 von 3" or a file name say nothing
MIN_ALT_WORDS = 4  # an author's portrait is described by the name alone
MAX_ALT_CHARS = 600
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "title"})
_CONTROLS = frozenset({"button", "label", "option", "legend"})  # a control's label is no caption, shown or not
# A text that is one bracketed phrase alone ("(Edu Luque)"): the photo credit that closes a caption.
_PAREN_CREDIT = re.compile(r"^\s*\([^()]{2,80}\)\s*$")
# A class or itemprop that marks a given name's element: the family name follows in an element of its own.
_GIVEN_NAME = re.compile(r"first-?name|given-?name|fore-?name|vorname", re.IGNORECASE)
MAX_NAME_PARTS = 40  # text pieces of a byline looked back on to find where the current name starts
# The words that end a byline's name, looking back ("by", "and"): not "i" and "en", which a writer's role beside the
# name prints as "in" ("Journalist i Paris", "Correspondant en Espagne").
_BY_WORDS = frozenset(BY_WORDS + NAME_CONJUNCTIONS) - {"i", "en"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""")
_WINDOWS_1252_LABELS = {"latin_1", "iso8859_1", "ascii", "cp1252", "iso8859_15"}
# One attribute as an HTML tokenizer reads it (`name`, `name=value`, `name="value"`, `name='value'`), separated by
# space or `/` or nothing after a quoted value. Possessive throughout, and no `<` outside quotes: a search for
# MAX_ATTRIBUTES of them stops at the end of each tag, so it is linear in the page.
_ATTRIBUTE = r"""(?:[\s/]*+[^\s/<>="']++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s<>"'`]*+))?+)"""
# A start tag with over MAX_ATTRIBUTES attributes: group 1 holds those past the first MAX_ATTRIBUTES.
_MANY_ATTRIBUTES = re.compile(rf"<[A-Za-z][^\s/<>]*+{_ATTRIBUTE}{{{MAX_ATTRIBUTES}}}({_ATTRIBUTE}++)")


@dataclass(slots=True)
class HtmlDocument:
    """A page reduced to block lines (1-based numbers), one hint per line, its metadata, and what went wrong."""

    lines: list[tuple[int, str]]
    hints: list[LineHint]
    metadata: Metadata
    encoding: str
    errors: list[ErrorInfo] = field(default_factory=list)
    text: str = ""  # the decoded page, for readers that need more than the lines (htmldate)


def declared_charset(data: bytes, http_charset: str | None = None) -> str | None:
    """The charset the HTTP header, XML declaration or a <meta> names, as a Python codec name (latin-1 -> cp1252)."""
    head = data[:_SNIFF]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    label = http_charset or (m.group(1).decode("ascii", "replace") if m else None)
    if not label:
        return None
    try:
        import codecs

        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    # WHATWG: "latin-1"/"iso-8859-1"/"ascii" labels mean windows-1252 on the web.
    return "cp1252" if name.replace("-", "_") in _WINDOWS_1252_LABELS else name


def decode_html(data: bytes | str, http_charset: str | None = None) -> Decoded:
    """Decode page bytes: BOM, then valid UTF-8, then the declared charset, then the shared text decoder.

    Valid UTF-8 goes before a declared single-byte charset: pages that declare
    iso-8859-1 but are UTF-8 are common, and real windows-1252 text with
    non-ASCII letters is almost never valid UTF-8. Raises EmptyInput/BinaryInput.
    """
    if (
        isinstance(data, str)
        or data[:4].startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        or b"\x00" in data[:_SNIFF]
    ):
        return decode(data)  # BOMs, UTF-16 without a BOM, and binary data are the text decoder's job
    try:
        return _non_empty(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data, http_charset)
    wide = declared is not None and declared.startswith(("utf-16", "utf-32"))
    if wide:  # no BOM and no NUL byte up front: not UTF-16/32 markup, whatever the label says (WHATWG agrees)
        declared = None
    if declared and declared != "utf-8":
        try:
            return _non_empty(Decoded(data.decode(declared), declared))
        except (UnicodeDecodeError, LookupError):
            text = data.decode(declared, errors="replace")
            return _non_empty(
                Decoded(text, declared, f"bytes invalid in the declared {declared}; replaced with U+FFFD")
            )
    decoded = decode(data)  # declared UTF-8 (or nothing) but not valid UTF-8: mostly-UTF-8 or a legacy guess
    if (declared == "utf-8" or wide) and decoded.encoding != "utf-8":
        decoded.fallback = f"declared {'a UTF-16/32 charset' if wide else 'utf-8'} but is not; {decoded.fallback}"
    return decoded


def _non_empty(decoded: Decoded) -> Decoded:
    if not decoded.text.strip():
        raise EmptyInput("no text: the page is empty or only whitespace")
    return decoded


def thin_attributes(text: str) -> tuple[str, int]:
    """The page with every element's attributes past its first MAX_ATTRIBUTES dropped, and how many elements had
    more."""
    if len(text) < 2 * MAX_ATTRIBUTES:
        return text, 0
    cut = 0

    def keep_first(m: re.Match) -> str:
        nonlocal cut
        cut += 1
        return m.group(0)[: m.start(1) - m.start(0)]

    return _MANY_ATTRIBUTES.sub(keep_first, text), cut


def _thinned_message(elements: int) -> str:
    return f"{elements:,} element(s) with over {MAX_ATTRIBUTES} attributes; the rest of their attributes dropped"


def parse_tree(text: str, *, thin: bool = True) -> tuple[list[etree._Element], str | None]:
    """The page's root elements (a stray </html> makes a second one) and a limit message, if one was hit: the
    parser's, or elements with more than MAX_ATTRIBUTES attributes (the rest dropped first, unless `thin` is False:
    the caller did it)."""
    parser = etree.HTMLParser(
        huge_tree=False, remove_comments=True, remove_pis=True, no_network=True, recover=True, encoding="utf-8"
    )
    thinned = 0
    if thin:
        text, thinned = thin_attributes(text)
    raw = text.replace("\x00", "").encode("utf-8", "replace")
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as e:  # recover=True makes this rare; an unparseable page has no lines
        return [], f"unparseable HTML ({e})"
    limit = None
    for entry in parser.error_log:
        if entry.level_name == "FATAL" or "limit" in entry.message.lower() or "depth" in entry.message.lower():
            limit = entry.message.strip()
            break
    if thinned and limit is None:
        limit = _thinned_message(thinned)
    if root is None:
        return [], limit
    top = root.getroottree().getroot()
    return [top, *top.itersiblings()], limit


def _caption_like(text: str) -> bool:
    """Words enough for a caption: two or more (a name captions a portrait), or, in a script written without
    spaces, four characters."""
    words = text.split()
    return len(words) >= 2 or (not text.isascii() and len(text) >= 4)


def _repeats_alt(text: str, alt: str) -> bool:
    """A line that says what the picture's alt text says: the same words, or one the start of the other."""
    if len(text) > MAX_ALT_CHARS:
        return False
    line = folded_words(text)
    return len(line) >= MIN_ALT_CHARS and (line == alt or line.startswith(alt) or alt.startswith(line))


def _shown_caption(el, tag: str, parent: tuple, frame: tuple) -> tuple:
    """A caption's frame inside a figure the page shows: shown, whatever its wrappers inside the figure say.

    Templates wrap captions in elements named for layout ("footer_fstmuk6",
    a "popup" lightbox) and set aria-hidden on them because the image's alt text
    repeats them for screen readers; readers see them under the picture. Only
    the element's own hidden markup ("hidden", display:none, "sr-only") hides it.
    """
    attrib = {k: v for k, v in el.attrib.items() if k != "aria-hidden"}
    own, _ = flags_of(tag, attrib, parent[2] & ~HIDDEN)
    return (frame[0], None, (frame[2] & ~HIDDEN) | (own & HIDDEN), frame[3])


NOSCRIPT_PROSE_WORDS = 20  # words of one paragraph that make a <noscript> the article's printed copy


def _prose_noscript(el) -> bool:
    """A <noscript> holding a paragraph of prose: the copy a page prints for readers without scripts (blog
    platforms ship the post as a script template and again in <noscript>); a tracking pixel or an "enable
    JavaScript" notice is not one."""
    return any(len("".join(p.itertext()).split()) >= NOSCRIPT_PROSE_WORDS for p in el.iter("p"))


def _ends_with_bracket(el) -> bool:
    """An element that is nothing but a bracketed text and ends its parent ("… Apostoli. <span>(Edu Luque)</span>")."""
    return (
        not len(el)
        and bool(_PAREN_CREDIT.match(el.text or ""))
        and el.getnext() is None
        and not (el.tail or "").strip()
    )


class _Walker:
    """One iterative pass over the tree: lines and hints in page order (no recursion, so no depth limit)."""

    def __init__(self):
        self.lines: list[tuple[int, str]] = []
        self.hints: list[LineHint] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.line_frame: tuple | None = None  # the context of the current line's first text
        self.truncated: str | None = None
        self.name_ended = False  # an inline element of a byline just closed, and only whitespace came since
        self.alt, self.alt_at = "", 0  # the last picture's folded alt text, and the line count when it was seen
        self.figures: list[bool] = []  # open <figure>s, innermost last: True where the page neither drops nor hides it

    def add(self, text: str | None, frame: tuple) -> None:
        if not text:
            return
        if self.line_frame is None:
            if text.isspace():
                return
            self.line_frame = frame
        if self.name_ended and not text.isspace():
            self.name_ended = False
        self.parts.append(text)
        if frame[3]:
            self.link_chars += len(text)

    def flush(self) -> None:
        if self.line_frame is None:
            self.parts.clear()
            return
        raw = "".join(self.parts)
        self.parts.clear()
        text = " ".join(raw.split()) if len(raw) < MAX_LINE_CHARS else _WS.sub(" ", raw[:MAX_LINE_CHARS]).strip()
        frame, self.line_frame = self.line_frame, None
        links, self.link_chars = self.link_chars, 0
        if not text:
            return
        tag, drop, flags, _ = frame
        density = min(1.0, links / max(1, len(raw.strip())))
        if density > LINK_DENSITY:
            flags |= LINK
        if (
            self.alt
            and len(self.lines) - self.alt_at < ALT_LINES
            and not flags & (CAPTION | LINK)
            and not drop
            and tag not in _HEADINGS
            and _repeats_alt(text, self.alt)
        ):
            flags |= CAPTION | FIGURE  # the picture's description printed under it: its caption
            self.alt = ""
        self.lines.append((len(self.lines) + 1, text))
        self.hints.append(LineHint(tag, drop, flags, round(density, 3)))

    def walk(self, roots: list[etree._Element], deadline: float | None = None) -> None:
        """Lines and hints of the trees under `roots`; raise DocumentTimeout once `time.monotonic()` is past
        `deadline`."""
        # A frame is (block tag, drop reason, flags, in-link) for the element being walked.
        stack: list[tuple] = [("", None, 0, False)]
        seen = 0
        for root in roots:
            walker = etree.iterwalk(root, events=("start", "end"))
            for event, el in walker:
                if event == "end":
                    self._end(el, stack)
                    continue
                seen += 1
                if deadline is not None and not seen % DEADLINE_EVERY and time.monotonic() > deadline:
                    raise DocumentTimeout(
                        f"over its time budget after {seen:,} elements of the page; the page is not read",
                        stage="extract.html",
                    )
                if seen > MAX_ELEMENTS or len(self.lines) >= MAX_LINES:
                    self.truncated = f"over {MAX_ELEMENTS:,} elements or {MAX_LINES:,} lines; the rest is not read"
                    self.flush()
                    return
                self._start(el, stack, walker)
            self.flush()

    def _start(self, el, stack: list[tuple], walker) -> None:
        """An element opens: its frame goes on the stack and its text on the line, or its subtree is skipped."""
        tag, parent = el.tag, stack[-1]
        # An entity or other non-element node gives only its tail as text.
        if not isinstance(tag, str) or (tag in SKIP and not (tag == "noscript" and _prose_noscript(el))):
            self._skipped(el, tag, parent)
            walker.skip_subtree()
            stack.append(parent)
            return
        frame = self._frame(el, tag, parent)
        if tag == "figure":
            self.figures.append(frame[1] is None and not frame[2] & HIDDEN)
        elif self.figures and self.figures[-1] and frame[2] & (CAPTION | CREDIT) and frame[0] not in _CONTROLS:
            frame = _shown_caption(el, tag, parent, frame)
        # A photo credit inside a caption gets a line of its own, so it can be told from the caption.
        if tag in BLOCK or (frame[2] & CREDIT and not parent[2] & CREDIT):
            self.flush()
        elif self.name_ended and parent[2] & BYLINE:
            self._separate_names()
        stack.append(frame)
        self.add(el.text, frame)

    def _skipped(self, el, tag, parent: tuple) -> None:
        """What an element skipped with its subtree still gives: a picture's alt text, the <head>'s <title> line."""
        if tag in ("img", "picture") and not parent[1]:
            self._saw_picture(el if tag == "img" else el.find(".//img"))
        elif tag == "head":
            title = el.find("title")
            if title is not None:  # the <title> is the first line, as in a whole-page capture
                self.flush()
                self.add(title.text, ("title", None, TITLE_TAG, False))
                self.flush()

    def _end(self, el, stack: list[tuple]) -> None:
        """An element closes: its frame comes off the stack, its line ends if it is a block, its tail is text."""
        frame = stack.pop()
        tag = el.tag
        if tag == "figure" and self.figures:
            self.figures.pop()
        if isinstance(tag, str) and (tag in BLOCK or (frame[2] & CREDIT and not stack[-1][2] & CREDIT)):
            self.flush()
            self.name_ended = False
        elif stack[-1][2] & BYLINE and self.line_frame is not None:
            # A given name's element ("firstname", itemprop=givenName) is followed by its family name.
            self.name_ended = not _GIVEN_NAME.search(f"{el.get('class', '')} {el.get('itemprop', '')}")
        self.add(el.tail, stack[-1])

    def _saw_picture(self, el) -> None:
        """Remember a picture's alt text: a line just under the picture that says the same is its caption."""
        alt = (el.get("alt") or "")[:MAX_ALT_CHARS] if el is not None else ""
        if len(alt) >= MIN_ALT_CHARS and len(alt.split()) >= MIN_ALT_WORDS:
            self.alt, self.alt_at = folded_words(alt), len(self.lines)

    def _separate_names(self) -> None:
        """A comma between two inline elements of a byline that only whitespace parts.

        Templates print each author in a span of their own ("<span>Birgit Baumann</span> <span>Anna Giulia
        Fink</span>"): joined by a space the names run into one.
        """
        self.name_ended = False
        before = "".join(self.parts[-MAX_NAME_PARTS:]).replace(",", " , ").split()
        name = []  # the words of the name being written: after the last comma, "by" or "and"
        for word in reversed(before):
            if word == "," or word.casefold() in _BY_WORDS:
                break
            name.append(word)
        # One word so far is a given name whose family name has a span of its own ("<span>Ingrid</span>
        # <span>Treborg</span>").
        if len(name) >= 2 and before[-1][-1].isalpha():
            while self.parts and self.parts[-1].isspace():
                self.parts.pop()
            self.parts.append(", ")

    @staticmethod
    def _frame(el, tag: str, parent: tuple) -> tuple:
        ptag, pdrop, pflags, plink = parent
        attrib = el.attrib
        flags, drop = pflags, pdrop
        if attrib and tag not in ("html", "body"):  # page-wide classes state modes and templates, not furniture
            more, reason = flags_of(tag, attrib, pflags)
            if more & MAIN and not pflags & MAIN and pdrop in _MISLEADING_WRAPPERS:
                drop = None  # the article itself sits inside a wrapper whose name misled us
            flags |= more
            if reason is not None and tag not in ("html", "body") and (drop is None or reason == "navigation"):
                drop = reason  # a breadcrumb trail inside a sidebar or header is navigation, the narrower name
        elif tag in ("article", "main"):
            flags |= MAIN
            if not pflags & MAIN and pdrop in _MISLEADING_WRAPPERS:
                drop = None
        if pflags & CAPTION and not flags & CREDIT and tag not in BLOCK and _ends_with_bracket(el):
            # "<figcaption>Caption. <span>(Edu Luque)</span></figcaption>": the closing bracket is its credit
            flags |= CREDIT
        if tag == "figure":
            flags |= FIGURE
        elif tag == "figcaption":
            flags |= CAPTION
        elif tag == "time":
            flags = (flags | DATE) & ~(CAPTION | CREDIT)  # a date printed in a picture's caption box is no caption
        elif tag == "address":
            # The article's author(s), by HTML's own definition of the element, even where a template prints the
            # byline inside the lead picture's caption box.
            flags = (flags | BYLINE) & ~(CAPTION | CREDIT | FIGURE)
        elif drop is None:
            drop = drop_reason(tag)
        return (tag if tag in BLOCK else ptag, drop, flags, plink or tag == "a")


SUMMARY_MATCH_CHARS = 40  # folded characters a line and the stated summary must share from their start
MAX_DATELINE_CHARS = 30  # folded characters a printed standfirst may open with before the stated summary
MAX_SUMMARY_LINES = 3  # a summary repeated more often than this is a teaser list, not the standfirst
MAX_SUMMARY_CHARS = 5000  # a stated summary or a line longer than this is no standfirst: they are not compared
# The share of a line that a stated summary it opens must cover: a shorter summary is a cut-short first paragraph.
MIN_SUMMARY_SHARE = 0.8


def mark_summary(lines: list[tuple[int, str]], hints: list[LineHint], summary: str | None) -> None:
    """Flag the lines that repeat the page's stated summary: the standfirst printed on the page.

    The stated summary is often cut short ("…") or the printed one runs on, so
    a line matches when one of the two, folded, starts with the other, they
    share at least SUMMARY_MATCH_CHARS characters and the summary covers most of the line.
    """
    if not summary or len(summary) > MAX_SUMMARY_CHARS:
        return
    want = folded_words(summary)
    if len(want) < SUMMARY_MATCH_CHARS:
        return
    head = want[:SUMMARY_MATCH_CHARS]
    hits = []
    for i, (_, text) in enumerate(lines):
        if len(text) < SUMMARY_MATCH_CHARS or len(text) > MAX_SUMMARY_CHARS:
            continue
        got = folded_words(text)
        at = got.find(head, 0, MAX_DATELINE_CHARS + len(head))
        if at < 0:
            continue
        got = got[at:]  # "Berlin. Die Feuerwehr ...": the printed standfirst opens with a dateline the summary lacks
        # A summary that is a cut-short first paragraph (a line much longer than it) is the lede, not a standfirst.
        if want.startswith(got) or (got.startswith(want) and len(want) >= MIN_SUMMARY_SHARE * len(got)):
            hits.append(i)
            if len(hits) > MAX_SUMMARY_LINES:
                return
    for i in hits:
        hints[i].flags |= SUMMARY
        for j in _summary_run(lines, i, want):
            hints[j].flags |= SUMMARY


MAX_SUMMARY_RUN = 6  # lines after the first that a printed standfirst may take (one paragraph per sentence)
MIN_RUN_CHARS = 12  # folded characters of a line that goes on with the summary (a shorter one may repeat anywhere)


def _summary_run(lines: list[tuple[int, str]], i: int, want: str) -> list[int]:
    """The lines after line i that go on with the stated summary where line i stops: a standfirst in paragraphs.

    "18-åriga Hanna försvann i Uddevalla i tisdags." / "Polisen har nu inlett en
    särskild händelse." / "– Allmänhet har hittat kläder …": the summary runs
    over three lines, each a paragraph of its own. The last may run past a summary cut short.
    """
    got = folded_words(lines[i][1])
    if not want.startswith(got):
        return []
    pos, out = len(got), []
    for j in range(i + 1, min(len(lines), i + 1 + MAX_SUMMARY_RUN)):
        rest = want[pos:].lstrip()
        line = folded_words(lines[j][1])
        if len(rest) < MIN_RUN_CHARS or len(line) < MIN_RUN_CHARS:
            break
        if rest.startswith(line):
            out.append(j)
            pos = len(want) - len(rest) + len(line)
        elif line.startswith(rest) and len(rest) >= SUMMARY_MATCH_CHARS // 2:
            out.append(j)  # the summary is cut short inside this line
            break
        else:
            break
    return out


def mark_figure_credits(lines: list[tuple[int, str]], hints: list[LineHint]) -> None:
    """Flag a picture's caption and credit printed in elements the markup does not name; unflag a date row.

    A figure's text right above a credit line ("Image: DOCTOR NGCOBO") is its caption; a date row inside
    a caption box is the article's date. "Foto: Shutterstock.com" in a <figure>, right before the figure's
    caption, is that caption's credit, unless the caption has a credit line of its own below it (then the
    line above belongs to the picture before). Credits under their caption are left to the structure rules,
    which read them already.
    """
    for (_, text), hint in zip(lines, hints):
        if hint.flags & CAPTION and len(text) <= 80 and is_date_line(text):
            # "Publisert 05.08.2024, kl. 13.05", "15.05.2023": the article's date row printed in a picture's caption
            # box.
            hint.flags = (hint.flags & ~(CAPTION | CREDIT)) | DATE
    for i in range(len(lines) - 1):
        hint, text = hints[i], lines[i][1]
        after = hints[i + 1]
        if (
            hint.flags & FIGURE
            and not hint.flags & (CREDIT | CAPTION)
            and after.flags & FIGURE
            and not after.flags & CAPTION
            and len(text) <= MAX_PLAIN_CAPTION
            and not hint.flags & LINK
            and not hint.drop
            and hint.tag not in _HEADINGS
            and _caption_like(text)
            and not is_credit_line(text)
            and (
                after.flags & CREDIT
                or (not after.drop and marked_credit(lines[i + 1][1]) and is_credit_line(lines[i + 1][1]))
            )
            and not (i + 2 < len(lines) and hints[i + 2].flags & CREDIT)
        ):  # a run of "credits" is a box's list
            hint.flags |= CAPTION
            after.flags |= CREDIT
            continue
        if not hint.flags & FIGURE or hint.flags & (CREDIT | CAPTION) or len(text) > 100:
            continue
        if (
            after.flags & CAPTION
            and not after.flags & CREDIT
            and is_credit_line(text)
            and not (i + 2 < len(lines) and is_credit_line(lines[i + 2][1]))
        ):
            hint.flags |= CREDIT


def extract_html(
    data: bytes | str, *, url: str | None = None, http_charset: str | None = None, deadline: float | None = None
) -> HtmlDocument:
    """Page bytes (or text) -> HtmlDocument; raises a CopydeskError only when there is no page to read, or (E108)
    when `time.monotonic()` passes `deadline` while its tree is walked."""
    decoded = decode_html(data, http_charset)
    errors: list[ErrorInfo] = []
    if decoded.fallback:
        errors.append(ErrorInfo("extract.html", DecodeFallback.code, decoded.fallback))
    # Thinned here, so that what reads the page again (htmldate, for a date) reads it thinned too.
    text, thinned = thin_attributes(decoded.text)
    roots, limit = parse_tree(text, thin=False)
    limit = limit or (_thinned_message(thinned) if thinned else None)
    walker = _Walker()
    if roots:
        walker.walk(roots, deadline)
    for problem in (limit, walker.truncated):
        if problem:
            errors.append(ErrorInfo("extract.html", HtmlTruncated.code, f"page cut short: {problem}"[:MESSAGE_CHARS]))
    if not walker.lines:
        if limit or walker.truncated:
            raise HtmlTruncated(
                f"no text before the page was cut short: {limit or walker.truncated}"[:MESSAGE_CHARS],
                stage="extract.html",
            )
        raise EmptyInput("no text: the page has no readable text", stage="extract.html")
    try:
        metadata = read_metadata(roots, url)
    except (CopydeskError, ValueError, TypeError, RecursionError) as e:  # metadata is a bonus: never lose the body
        metadata = Metadata()
        errors.append(ErrorInfo("extract.metadata", StageFailure.code, failure_message(e)))
    mark_summary(walker.lines, walker.hints, metadata.dek)
    mark_figure_credits(walker.lines, walker.hints)
    return HtmlDocument(walker.lines, walker.hints, metadata, decoded.encoding, errors, text)


__all__ = [
    "HtmlDocument",
    "HtmlTruncated",
    "decode_html",
    "declared_charset",
    "extract_html",
    "parse_tree",
    "BYLINE",
    "CAPTION",
    "CREDIT",
    "DATE",
    "DEK",
    "FIGURE",
    "HIDDEN",
    "LINK",
    "MAIN",
]
