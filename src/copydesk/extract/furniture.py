"""What an element's own markup says it is: page furniture (with a removal reason) or an article part (flags).

Sites name their comment sections, share bars, menus and footers in class and
id attributes in every language's templates alike ("comments", "share",
"nav", "footer"), and mark article parts with semantic tags and schema.org
microdata. Class names are split into words ("comment-respond" -> comment,
respond) and matched word by word; layout wrappers ("content-sidebar-wrap",
"has-sidebar") name their neighbours, not themselves, and are ignored.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..structure.hints import BYLINE, CAPTION, CREDIT, DATE, DEK, FIGURE, HIDDEN, MAIN

_TAG_REASONS = {
    "nav": "navigation",
    "menu": "navigation",
    "footer": "footer",
    "aside": "sidebar",
    "form": "form",
    "button": "form",
    "label": "form",
    "option": "form",
    "dialog": "popup",
}
_ROLE_REASONS = {
    "navigation": "navigation",
    "menubar": "navigation",
    "menu": "navigation",
    "search": "navigation",
    "contentinfo": "footer",
    "complementary": "sidebar",
    "dialog": "popup",
    "alertdialog": "popup",
    "banner": "header",
}
# Words of a class or id and the removal reason each names.
_WORD_REASONS = {
    "comments": (
        "comment",
        "comments",
        "commentlist",
        "respond",
        "disqus",
        "wpdiscuz",
        "wpdcom",
        "wpd",
        "replies",
        "commentform",
        "comentarios",
        "kommentare",
        "commentaires",
    ),
    "share": ("share", "sharing", "social", "sharedaddy", "addtoany", "addthis", "shariff", "sharethis", "socials"),
    "related": (
        "related",
        "recommended",
        "recommendations",
        "outbrain",
        "taboola",
        "trending",
        "popular",
        "yarpp",
        "relatedposts",
        "upnext",
        "readnext",
    ),
    "navigation": (
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "pagination",
        "pager",
        "menubar",
        "submenu",
        "megamenu",
        "skiplink",
    ),
    "footer": ("footer", "colophon"),
    "header": ("masthead", "topbar"),
    "sidebar": ("sidebar", "rail"),
    "newsletter": ("newsletter", "subscribe", "subscription", "signup", "mailchimp", "optin", "mc4wp"),
    "cookies": ("cookie", "cookies", "consent", "gdpr", "onetrust", "placeholder"),  # an embed's consent placeholder
    "advertising": ("ad", "ads", "advert", "advertisement", "adsbygoogle", "sponsor", "sponsored", "dfp", "adslot"),
    "popup": ("modal", "popup", "overlay"),
    "tags": ("tags", "tagcloud", "categories"),
}
_REASON_OF = {word: reason for reason, words in _WORD_REASONS.items() for word in words}
# A class with one of these words wraps the page's parts (or states a mode): it does not name itself.
_LAYOUT = frozenset(
    {
        "wrap",
        "wrapper",
        "container",
        "content",
        "main",
        "page",
        "layout",
        "inner",
        "outer",
        "has",
        "with",
        "no",
        "is",
        "open",
        "enabled",
        "active",
        "toggle",
        "body",
        "site",
        "primary",
        "col",
        "column",
        "grid",
        "row",
        "single",
        "template",
        "entry",
        "post",
        "article",
        "story",
    }
)
_KEEP_WORDS = {"comments": {"wrap", "wrapper", "container", "area", "section"}}  # "comments-area" is the comments
_ENTRY_CLASS = "hentry"  # microformats' class for one blog or news entry
# The break between a lower-cased class name's words: anything but a letter or digit ("comment-respond").
_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")  # a camelCase name's word break ("ArticleTeaser"), split there too
# A class that names the article body's own container ("entry-content", "articlebody", "td-post-content").
_MAIN_CLASS = re.compile(
    r"^(?:(?:entry|article|post|story|blog|news|single)[-_]?(?:content|body|text|inner)|articlebody|storybody|"
    r"article__body|article-body__content|post-entry|main-content|td-post-content|rich-text|body-text|story-text)$"
)
_FLAG_WORDS = {
    "caption": CAPTION,
    "figcaption": CAPTION,
    "credit": CREDIT,
    "credits": CREDIT,
    "copyright": CREDIT,
    "photographer": CREDIT,
    "author": BYLINE,
    "byline": BYLINE,
    "authors": BYLINE,
    "writer": BYLINE,
    "contributor": BYLINE,
    "date": DATE,
    "time": DATE,
    "published": DATE,
    "timestamp": DATE,
    "pubdate": DATE,
    "dateline": DATE,
    "posted": DATE,
    "standfirst": DEK,
    "dek": DEK,
    "subtitle": DEK,
    "subheadline": DEK,
    "summary": DEK,
    "lede": DEK,
    "deck": DEK,
    "excerpt": DEK,
    "intro": DEK,
    "teaser": DEK,
}
# Parts of a class word that name a photo credit wherever they sit in it ("contentcredit", "imagecopyright").
_CREDIT_PARTS = ("credit", "copyright", "photographer", "bildquelle", "bildrechte", "fotograf")
# Words that name a credit only inside a picture: "source" elsewhere is the article's news source.
_PICTURE_CREDIT_WORDS = frozenset({"source", "quelle", "rights", "author", "autor", "byline"})
# Words that name a picture's wrapper: a caption and a credit inside it belong to that picture.
_PICTURE_WORDS = frozenset({"image", "img", "photo", "picture", "figure", "foto", "bild", "pic", "gallery"})
# Only these class names hide text on every screen ("hidden-xs", "d-none d-md-block" hide it on some only).
_HIDDEN_CLASSES = frozenset(
    {
        "sr-only",
        "screen-reader-text",
        "visually-hidden",
        "visuallyhidden",
        "screen-reader-only",
        "a11y-hidden",
        "element-invisible",
        "hidden",
    }
)
_BIO_WORDS = {"bio", "biography", "about", "description"}
# A breadcrumb trail is navigation whatever its wrapper is called ("article__header__crumb",
# "ArticleTeaser_breadcrumb").
_CRUMB_WORDS = frozenset({"crumb", "crumbs", "breadcrumb", "breadcrumbs"})


def drop_reason(tag: str) -> str | None:
    """The removal reason an element's tag alone gives (nav, footer, aside, form...), or None."""
    return _TAG_REASONS.get(tag)


@lru_cache(maxsize=8192)
def _class_words(value: str) -> tuple[int, str | None]:
    """Flags and removal reason named by a class or id attribute value."""
    flags, reason = 0, None
    names = value.split()
    # A microformats entry ("hentry": WordPress prints it on every post) lists its own terms among its classes
    # ("tag-economia", "especiales-comentarios"): those name the post's topics, not furniture.
    entry = _ENTRY_CLASS in names
    for name in names:
        low = name.lower()
        if _MAIN_CLASS.match(low):
            flags |= MAIN
            continue
        if low in _HIDDEN_CLASSES or low.endswith("offscreen"):  # "h-offscreen", "u-offscreen": for screen readers
            flags |= HIDDEN
            continue
        words = _SPLIT.split(_CAMEL.sub("-", name).lower())
        wordset = set(words)
        for w in words:
            flags |= _FLAG_WORDS.get(w, 0)
        # Utility classes ("[&_img]:rounded", "md:photo-lg") style descendants or breakpoints: they name no part.
        utility = "[" in name or ":" in name
        if not utility and any(part in w for w in words for part in _CREDIT_PARTS):
            flags |= CREDIT
        if not utility and wordset & _PICTURE_WORDS:
            flags |= FIGURE
        if not utility and wordset & _PICTURE_CREDIT_WORDS and flags & (FIGURE | CAPTION):
            flags = (flags | CREDIT) & ~BYLINE  # "image-source", "caption-author": the photographer, not the writer
        if flags & BYLINE and wordset & _BIO_WORDS:
            reason = reason or "author-bio"
        if reason is None and not wordset.isdisjoint(_CRUMB_WORDS):
            reason = "navigation"
        if reason is None and not entry:
            hits = [_REASON_OF[w] for w in words if w in _REASON_OF]
            if hits and (not (wordset & _LAYOUT) or wordset & _LAYOUT <= _KEEP_WORDS.get(hits[0], set())):
                reason = hits[0]
    if flags & BYLINE and flags & DATE:
        flags &= ~BYLINE  # "author-date" style meta rows: a date, not a name
    return flags, reason


def flags_of(tag: str, attrib, parent_flags: int) -> tuple[int, str | None]:
    """(flags, removal reason) an element's tag and attributes give."""
    flags, reason = _named(tag, attrib)
    flags = _photo_credit(flags, attrib.get("class"), bool(parent_flags & (CAPTION | FIGURE)))
    if flags & MAIN and tag not in ("aside", "footer", "nav"):
        reason = None  # the article container itself: its class words name its layout, not furniture
    if reason == "sidebar" and tag == "aside" and parent_flags & MAIN:
        reason = "aside"  # a pull-quote or fact box inside the article: markup alone cannot tell; say so
    return flags, reason


_ITEMPROP_FLAGS = {
    "articleBody": MAIN,
    "text": MAIN,
    "author": BYLINE,
    "creator": BYLINE,
    "datePublished": DATE,
    "dateCreated": DATE,
    "caption": CAPTION,
}  # schema.org properties that name an article part


def _named(tag: str, attrib) -> tuple[int, str | None]:
    """(flags, removal reason) the element's own tag and attributes name (class, id, role, itemprop, rel, hidden)."""
    flags, reason = MAIN if tag in ("article", "main") else 0, _TAG_REASONS.get(tag)
    for value in (attrib.get("class"), attrib.get("id")):
        if value:
            f, r = _class_words(value)
            flags |= f
            reason = reason or r
    role = attrib.get("role")
    if role in ("main", "article"):
        flags |= MAIN
    reason = reason or _ROLE_REASONS.get(role)
    flags |= _ITEMPROP_FLAGS.get(attrib.get("itemprop"), 0)
    if attrib.get("rel") == "author":
        flags |= BYLINE
    if "hidden" in attrib or attrib.get("aria-hidden") == "true" or _hidden_style(attrib.get("style")):
        flags |= HIDDEN
    return flags, reason


def _photo_credit(flags: int, cls: str | None, in_picture: bool) -> int:
    """The flags with a photo credit told by where the element sits: inside a picture or its caption, or not."""
    if in_picture:
        if flags & BYLINE:
            flags = (flags | CREDIT) & ~BYLINE  # an author inside a picture's caption is its photographer
        if cls and not flags & CREDIT and not _PICTURE_CREDIT_WORDS.isdisjoint(_SPLIT.split(cls.lower())):
            flags |= CREDIT  # "source" names a photo credit inside a picture only
    elif flags & CREDIT and not flags & (CAPTION | FIGURE) and "credit" not in (cls or ""):
        flags &= ~CREDIT  # "copyright" outside a figure is the page footer's notice, not a photo credit
    return flags


def _hidden_style(style: str | None) -> bool:
    if not style:
        return False
    s = style.replace(" ", "").lower()
    return "display:none" in s or "visibility:hidden" in s
