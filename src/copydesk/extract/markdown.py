"""Markdown -> block lines with hints, the form an HTML page is reduced to.

Crawlers that feed language models save pages as Markdown (html2text,
markdownify, pandoc, reader services). Read as plain text its markup passes for
words; read here, each block becomes one line, as an HTML page's blocks do: a
paragraph however many input lines it is wrapped over, a heading (ATX `#` or
setext `===`), a list item, a quotation, a table row, a line of a code block.
Each line gets a `LineHint`: its tag (h1-h6, li, blockquote, p, tr, pre), the
share of it that is link text, and figure, caption and credit flags for a
picture with its caption and credit. Input lines that hold nothing but markup
(a rule, an empty list item, a picture with no alt text, a link definition)
are returned as removed lines with their reason, so that every non-empty input
line is accounted for. Nothing here decides what the article is: structure
recovery does that, for text, HTML and Markdown alike.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ..model import Removed
from ..structure.caption import is_credit_line, marked_credit, split_caption
from ..structure.dates import find_date
from ..structure.hints import CAPTION, CREDIT, FIGURE, LINK, TITLE_TAG, LineHint
from ..structure.title import folded_words
from .html import LINK_DENSITY
from .mdinline import Inline, read_inline

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")  # an ATX heading's opening hashes ("## Title")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")  # a setext heading's underline, under its text
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r" {0,3}>[ ]?")  # one level of a quotation's marks ("> ")
_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)")  # (matched at a position: no "^")
# A reference link's definition: [label]: destination "title".
_DEFINITION = re.compile(r"^ {0,3}\[[^\[\]\n]{1,999}\]:[ \t]*\S+[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\))?[ \t]*$")
_DELIMITER_CELL = re.compile(r"^[ \t]*:?-+:?[ \t]*$")  # a cell of a table's delimiter row ("---", ":--:")
# A reader service's header ("Title: …", "URL Source: …", "Markdown Content:") above the page's Markdown.
_HEADER = re.compile(r"^(Title|URL Source|Published Time|Description|Warning|Markdown Content):[ \t]*(.*)$")
CODE_INDENT = 4  # columns of indentation that make a line outside a list literal code
MAX_CAPTION_CHARS = 500  # text under or beside a picture longer than this is a paragraph, not its caption
MAX_CREDIT_CHARS = 100
MAX_LINK_BLOCKS = 8  # blocks a link may span (a teaser card: picture, kicker, headline, summary, date)
LINK_ONLY = 0.9  # link text's share of a block that is a link and nothing else (a few characters may sit beside it)
MIN_ALT_CHARS = 12  # folded characters: "Foto" or a file name says nothing a caption could repeat


@dataclass(slots=True)
class MarkdownDocument:
    """A Markdown capture reduced to block lines, one hint per line, and its input lines that are markup alone.

    `lines` holds (first input line, text) per block and `spans` how many input lines each block covers (a
    wrapped paragraph covers several); `removed` holds the markup-only input lines with their reason.
    """

    lines: list[tuple[int, str]] = field(default_factory=list)
    hints: list[LineHint] = field(default_factory=list)
    spans: list[int] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None  # a reader service's "Title:" header
    url: str | None = None  # its "URL Source:"
    published: str | None = None  # its "Published Time:", as given


@dataclass(slots=True)
class _Block:
    """A block being read: its input lines (number, text without container marks) and its tag."""

    tag: str
    rows: list[tuple[int, str, str]] = field(default_factory=list)  # (number, content, the line as written)
    open: bool = True  # a following line of text continues it


class _Reader:
    """One pass over the input lines: blocks in order, markup-only lines set apart."""

    def __init__(self):
        self.blocks: list[_Block] = []
        self.removed: list[Removed] = []
        self.fence: str | None = None  # the open code fence's marks
        self.table = False  # inside a table (after its delimiter row)
        self.in_list = False  # after a list item, where indented lines go on with the list, not start code

    def markup(self, n: int, line: str) -> None:
        self.removed.append(Removed(n, line.strip(), "markup"))

    def close(self) -> None:
        if self.blocks:
            self.blocks[-1].open = False

    def start(self, tag: str, n: int, content: str, line: str, open_: bool = True) -> None:
        self.close()
        self.blocks.append(_Block(tag, [(n, content, line)], open_))

    def current(self) -> _Block | None:
        return self.blocks[-1] if self.blocks and self.blocks[-1].open else None

    def read(self, lines: list[str], first: int = 0) -> None:
        for i in range(first, len(lines)):
            self.line(i + 1, lines[i], lines[i + 1] if i + 1 < len(lines) else "")

    def line(self, n: int, line: str, following: str) -> None:
        """Read input line n (1-based); `following` is the next input line (a table's delimiter row is looked ahead)."""
        if self.fence is not None:
            self._fenced(n, line, self.fence)
            return
        block = self.current()
        if not line.strip():
            if block is None or block.tag != "code":  # (an indented code block goes on past a blank line)
                self.close()
            self.table = False
            return
        indent = _indent(line)
        if block is not None and block.tag == "code":
            if indent >= CODE_INDENT:
                block.rows.append((n, line.strip(), line))
                return
            self.close()
            block = None
        content, quoted = _unquoted(line)
        if quoted and not content.strip():
            self.markup(n, line)  # ">" alone parts a quotation's paragraphs
            self.close()
            return
        if indent < 2 and block is None and not _ITEM.match(content):
            self.in_list = False  # a line flush left after a blank line ends the list
        if block is None and indent >= CODE_INDENT and not self.in_list and not quoted and not _ITEM.match(content):
            # An indented code block: literal text. (Converters indent nested list items by four wherever they
            # sit, under a heading too: an indented item stays an item.)
            self.start("code", n, line.strip(), line)
            return
        if not self._marks(n, line, content, quoted, block):
            self._block_line(n, line, content, quoted, block, following)

    def _marks(self, n: int, line: str, content: str, quoted: bool, block: _Block | None) -> bool:
        """Read a line of marks that ends the block above: a code fence's opening, a setext underline (the paragraph
        above is a heading), a rule. Whether the line is one."""
        if m := _FENCE.match(content):
            self.fence = m.group(1)
            self.markup(n, line)
            self.close()
            self.blocks.append(_Block("code"))
            return True
        if block is not None and block.tag == "p" and not quoted and _SETEXT.match(content):
            block.tag = "h1" if content.strip()[0] == "=" else "h2"  # the paragraph above is a heading
            self.markup(n, line)
            self.close()
            return True
        if _RULE.match(content):
            self.markup(n, line)
            self.close()
            return True
        return False

    def _block_line(self, n: int, line: str, content: str, quoted: bool, block: _Block | None, following: str) -> None:
        """Read a line of text: an ATX heading, a table's delimiter row or row, a list item, a link definition, or a
        line of a paragraph or quotation (which it starts or goes on with)."""
        if m := _ATX.match(content):
            self.start(f"h{len(m.group(1))}", n, _closed_atx(content[m.end() :]), line, open_=False)
            return
        if _is_delimiter_row(content):
            self.markup(n, line)
            self.table = True
            self.close()
            return
        if "|" in content and (self.table or _is_delimiter_row(_unquoted(following)[0])):
            self.start("tr", n, _cells(content), line, open_=False)
            return
        if item := _ITEM.match(content):
            at = item.end()
            while more := _ITEM.match(content, at):
                at = more.end()  # "*   * [Newsletters](/newsletters/)": an item opening a nested list
            self.start("li", n, content[at:], line)
            self.in_list = True
            return
        if _DEFINITION.match(content):
            self.markup(n, line)  # a reference link's definition: the destination of links elsewhere
            self.close()
            return
        if block is not None and block.tag in ("p", "li", "blockquote") and (quoted <= (block.tag != "p")):
            block.rows.append((n, content, line))  # the block goes on: a wrapped paragraph, item or quotation
        else:
            self.start("blockquote" if quoted else "p", n, content, line)
        if _hard_break(line):
            self.close()

    def _fenced(self, n: int, line: str, fence: str) -> None:
        """A line inside a fenced code block (`fence`: its opening marks): literal text, or the closing fence."""
        stripped = line.strip()
        block = self.blocks[-1]
        if stripped.startswith(fence) and not stripped.lstrip(fence[0]).strip():
            self.fence = None
            self.markup(n, line)
            block.open = False
            if not block.rows:
                self.blocks.pop()
        elif stripped:
            block.rows.append((n, stripped, line))


def _indent(line: str) -> int:
    """Columns of leading whitespace (a tab stops at the next multiple of four)."""
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" not in lead:
        return len(lead)
    cols = 0
    for ch in lead:
        cols += 1 if ch == " " else 4 - cols % 4
    return cols


def _unquoted(line: str) -> tuple[str, bool]:
    """The line without its quotation marks ("> > text" -> "text"), and whether it had any."""
    at = 0
    while m := _QUOTE.match(line, at):
        at = m.end()
    return (line[at:], True) if at else (line, False)


def _closed_atx(text: str) -> str:
    """An ATX heading's text without its optional closing hashes ("## Title ##")."""
    text = text.strip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        return bare.strip()
    return text


def _is_delimiter_row(line: str) -> bool:
    """A table's delimiter row: "---|---", "| :-- | --: |"."""
    if "|" not in line or "-" not in line:
        return False
    cells = line.strip().strip("|").split("|")
    return all(_DELIMITER_CELL.match(c) for c in cells)


def _cells(line: str) -> str:
    """A table row's cells, joined by spaces as a whole-page capture joins them."""
    return " ".join(c.strip() for c in line.strip().strip("|").split("|") if c.strip())


def _hard_break(line: str) -> bool:
    """The line ends with a hard line break (two spaces or a backslash): the next line is a line of its own."""
    return line.endswith(("  ", "\\")) and not line.endswith("\\\\")


def _header(lines: list[str], doc: MarkdownDocument) -> int:
    """Read a reader service's header ("Title:", "URL Source:", … "Markdown Content:"); the first line after it.

    The title becomes a line of its own flagged as the document's title, as an HTML page's <title> is; the
    other fields are the converter's, removed as markup and kept on the document.
    """
    i, seen = 0, False
    while i < len(lines) and i < 40:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        m = _HEADER.match(line)
        if not m or (not seen and m.group(1) not in ("Title", "URL Source")):
            break
        key, value = m.group(1), m.group(2).strip()
        seen = True
        if key == "Title" and value:
            doc.title = value
            doc.lines.append((i + 1, value))
            doc.hints.append(LineHint("title", None, TITLE_TAG))
            doc.spans.append(1)
        else:
            if key == "URL Source":
                doc.url = value or None
            elif key == "Published Time":
                doc.published = value or None
            doc.removed.append(Removed(i + 1, line, "markup"))
        i += 1
        if key == "Markdown Content":
            break
    return i if seen else 0


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)")


def stated_date(value: str) -> str | None:
    """A reader header's "Published Time" as YYYY-MM-DD: an ISO timestamp's date, or a date written out."""
    if m := _ISO_DATE.match(value):
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    return find_date(value)


def _lines_of(text: str) -> list[str]:
    """Input lines as the text capture reader counts them: LF, CRLF and CR each end one."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def extract_markdown(text: str, *, alt_lines: bool = False) -> MarkdownDocument:
    """Markdown text -> MarkdownDocument: block lines with hints, and the input lines that are markup alone.

    `alt_lines`: a picture's alt text becomes a line of its own (tag "img", flagged FIGURE) rather than being
    removed with the picture.
    """
    lines = _lines_of(text)
    doc = MarkdownDocument()
    reader = _Reader()
    reader.read(lines, _header(lines, doc))
    rendered = [(block, _render(block)) for block in reader.blocks if block.rows]  # (a fence may hold no line)
    removed = reader.removed
    _links_across(rendered)
    figure = _figures(rendered)
    for (block, inline), flags in zip(rendered, figure):
        first = block.rows[0][0]
        if inline.text:
            density = inline.link_density
            flags |= LINK if density > LINK_DENSITY else 0
            tag = "figcaption" if flags & CAPTION and block.tag == "p" else "pre" if block.tag == "code" else block.tag
            drop = _link_drop(block.tag, density)
            doc.lines.append((first, inline.text))
            doc.hints.append(LineHint(tag, drop, flags, density))
            doc.spans.append(block.rows[-1][0] - first + 1)
        elif inline.alts and any(inline.alts) and alt_lines:
            doc.lines.append((first, " ".join(a for a in inline.alts if a)))
            doc.hints.append(LineHint("img", None, FIGURE))
            doc.spans.append(block.rows[-1][0] - first + 1)
        else:
            reason = "image" if any(inline.alts) else "markup"
            removed += [Removed(n, raw.strip(), reason) for n, _, raw in block.rows]
    removed.sort(key=lambda r: r.line)
    order = sorted(range(len(doc.lines)), key=lambda k: doc.lines[k][0])  # the header's title line comes first
    doc.lines = [doc.lines[k] for k in order]
    doc.hints = [doc.hints[k] for k in order]
    doc.spans = [doc.spans[k] for k in order]
    doc.removed = sorted(doc.removed + removed, key=lambda r: r.line)
    return doc


def _render(block: _Block) -> Inline:
    """A block's visible text: its inline Markdown read, or a code block's lines as they are."""
    if block.tag == "code":
        return Inline(" ".join(" ".join(c for _, c, _ in block.rows).split()))
    return read_inline(" ".join(c for _, c, _ in block.rows))


def _links_across(rendered: list[tuple[_Block, Inline]]) -> None:
    """Count as link text what lies inside a link that spans blocks: from an unclosed "[" to a later "](url)"."""
    for i, (_, inline) in enumerate(rendered):
        if inline.open_chars < 0:
            continue
        for j in range(i + 1, min(len(rendered), i + 1 + MAX_LINK_BLOCKS)):
            later = rendered[j][1]
            if later.ends_link:
                inline.link_chars += inline.open_chars
                for _, inside in rendered[i + 1 : j]:
                    inside.link_chars = len(inside.text)
                break
            if later.open_chars >= 0:
                break


def _link_drop(tag: str, density: float) -> str | None:
    """Navigation, for a block that is nothing but link text: a menu entry, a teaser, a "read more".

    A page's markup names its menus and teaser boxes; its Markdown keeps only
    the links. A paragraph, item or row that is all link is a way elsewhere,
    not the article's text. The h1 is spared: a headline often links to its own page.
    """
    return "navigation" if density >= LINK_ONLY and tag != "h1" else None


def _figures(rendered: list[tuple[_Block, Inline]]) -> list[int]:
    """FIGURE, CAPTION and CREDIT flags per block: a picture's caption and credit, beside it or under it.

    Text on the picture's own line, after it, is its caption (converters print
    a <figure>'s caption there). Under a picture alone on its line, the next
    block is its caption when it repeats the alt text, carries its credit, or is
    followed by a credit line; a credit line there or under the caption is the
    credit. A credit line must say so by its wording (an agency, a photo label,
    ©), as HTML's unnamed figure texts must: "Pick-Up/Drop-Off Catering" has a
    credit's shape and is a subheading.
    """
    flags = [0] * len(rendered)
    alt = ""
    after_picture = False
    for i, (block, inline) in enumerate(rendered):
        text = inline.text
        if (
            block.tag in ("p", "blockquote")
            and inline.alts
            and inline.picture_first
            and text
            and len(text) <= MAX_CAPTION_CHARS
        ):
            flags[i] = FIGURE | (CREDIT if _credit(text) else CAPTION)
            after_picture = False
            continue
        if not text and inline.alts:
            after_picture, alt = True, folded_words(" ".join(inline.alts))
            continue
        if after_picture and block.tag == "p" and text and len(text) <= MAX_CAPTION_CHARS:
            following = rendered[i + 1][1].text if i + 1 < len(rendered) else ""
            if _credit(text):
                flags[i] = FIGURE | CREDIT
            elif _repeats(text, alt) or split_caption(text) or _credit(following):
                flags[i] = FIGURE | CAPTION
        elif i and flags[i - 1] & CAPTION and block.tag == "p" and _credit(text):
            flags[i] = FIGURE | CREDIT
        after_picture = False
    return flags


def _credit(text: str) -> bool:
    """A photo credit line by its shape and its wording: "Foto: Max Muster/dpa", "Imago/Blaulicht-News.de"."""
    return 0 < len(text) <= MAX_CREDIT_CHARS and marked_credit(text) and is_credit_line(text)


def _repeats(text: str, alt: str) -> bool:
    """A line that says what the picture's alt text says: the same words, or one the start of the other."""
    line = folded_words(text)
    return (
        len(alt) >= MIN_ALT_CHARS
        and len(line) >= MIN_ALT_CHARS
        and (line == alt or line.startswith(alt) or alt.startswith(line))
    )


SNIFF_BYTES = 65_536  # the head of a capture that auto-detection reads ...
SNIFF_LINE_CHARS = 300  # ... each line cut to this (a picture's data: URI runs to kilobytes) ...
SNIFF_CHARS = 8192  # ... up to this many characters in all
# A link's text, then its destination's start: a scheme ("https:", "mailto:", "data:"), a path or an anchor.
_SNIFF_LINK = re.compile(r"\[[^\[\]\n]{0,300}\]\((?:<?[A-Za-z][A-Za-z0-9+.-]{0,20}:|<?/|<?#|<?\.{1,2}/)")
_SNIFF_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_SNIFF_ITEM = re.compile(r"^[ \t]*[*+-][ \t]+\S", re.MULTILINE)
# Strong emphasis around a few words ("**Update:**", "__Note__").
_SNIFF_EMPHASIS = re.compile(r"(?:\*\*|__)[^*_\s][^*_\n]{0,200}(?:\*\*|__)")
# A reader service's header: its "Title:" line, then its "URL Source:".
_SNIFF_HEADER = re.compile(r"^\s*Title:[^\n]*\n\s*URL Source:[ \t]*\S")
MIN_SNIFF_LINKS = 2  # inline links beside another construct ...
MANY_SNIFF_LINKS = 5  # ... or enough on their own: plain text never writes "[text](https://…)"
MIN_SNIFF_HEADINGS = 2  # with no links, ATX headings beside another construct


def _sniffed_head(data: bytes | str) -> str:
    """The head of a capture, each line cut short, as text."""
    head = data[:SNIFF_BYTES]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "replace")
    out, size = [], 0
    for line in head.split("\n"):
        out.append(line[:SNIFF_LINE_CHARS])
        size += len(out[-1]) + 1
        if size >= SNIFF_CHARS:
            break
    return "\n".join(out)


def _setext_in(head: str) -> bool:
    """A setext heading: a line of "===" or "---" right under a line with a word in it."""
    for mark in ("\n===", "\n---"):
        at = head.find(mark)
        while at != -1:
            end = head.find("\n", at + 1)
            underline = head[at + 1 : len(head) if end == -1 else end].rstrip(" \t")
            if underline.strip(mark[-1]) == "":
                above = head[head.rfind("\n", 0, at) + 1 : at]
                if any(c.isalnum() for c in above):
                    return True
            at = head.find(mark, at + 1)
    return False


def looks_markdown(data: bytes | str) -> bool:
    """Whether a text capture is clearly Markdown, judged by its head: a reader service's header, inline links
    (many, or a few beside headings, bulleted lists, strong emphasis or setext headings), or, with no links,
    ATX headings beside another of those constructs.

    Conservative on purpose: a plain capture stays plain unless its markup is unmistakable.
    """
    head = _sniffed_head(data)
    if _SNIFF_HEADER.match(head):
        return True
    links = len(_SNIFF_LINK.findall(head))
    if links >= MANY_SNIFF_LINKS:
        return True
    headings = len(_SNIFF_HEADING.findall(head))
    constructs = (
        (headings > 0)
        + (len(_SNIFF_ITEM.findall(head)) >= 2)
        + (len(_SNIFF_EMPHASIS.findall(head)) >= 2)
        + _setext_in(head)
    )
    return (links >= MIN_SNIFF_LINKS and constructs >= 1) or (headings >= MIN_SNIFF_HEADINGS and constructs >= 2)
