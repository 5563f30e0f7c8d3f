"""Per-line hints that markup gives: which element a line came from, and what the page's own markup says about it.

A text capture has no hints; an HTML page is reduced to the same one-block-per-
line form plus one `LineHint` per line (see `copydesk.extract.html`), so that
structure recovery is written once. Hints only ever refine what the line model
and the text rules decide: h2 lines become headings, figcaption lines captions,
and lines inside a comment section or a navigation bar are removed with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass

# Flags, combined in `LineHint.flags` (ints are cheaper than many booleans on 10^5 lines).
MAIN = 1  # inside <article>, <main> or an element marked as the article body
FIGURE = 2  # inside <figure>
CAPTION = 4  # inside <figcaption> (or an element whose class says caption)
CREDIT = 8  # a photo credit element (class credit/copyright/photographer inside a figure)
BYLINE = 16  # rel=author, or an element whose class/id says author or byline
DATE = 32  # a <time> element, or an element whose class says date
HIDDEN = 64  # hidden by the markup (hidden attribute, aria-hidden, display:none)
TITLE_TAG = 128  # the document's <title>
LINK = 256  # most of the line is link text
DEK = 512  # an element whose class says standfirst / dek / lead / summary
SUMMARY = 1024  # the line repeats the summary the page states about itself (JSON-LD description, og:description)

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@dataclass(slots=True)
class LineHint:
    """What the markup says about one block line: its block element, a removal reason, flags, link density."""

    tag: str = ""  # the innermost block element the line came from: p, h2, li, figcaption, blockquote, td, div...
    drop: str | None = None  # a removal reason the markup gives: comments, navigation, footer, sidebar, form, ...
    flags: int = 0
    link_density: float = 0.0  # share of the line's characters inside <a>

    def has(self, flag: int) -> bool:
        """Whether a flag (MAIN, FIGURE, CAPTION, ...) is set."""
        return bool(self.flags & flag)

    @property
    def heading_level(self) -> int:
        """1-6 for h1-h6 lines, else 0."""
        return HEADING_TAGS.get(self.tag, 0)
