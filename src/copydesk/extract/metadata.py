"""The metadata a newsroom record needs and extractors drop: headline, standfirst, bylines, publication date.

One pass over the page's elements gathers what it states (<meta> tags, JSON-LD
scripts, <title>, h1s, <time>s, author links); then one small pure reader per
field reads the field from those facts, in order of trust: schema.org JSON-LD,
then <meta> tags (Open Graph, Twitter, Dublin Core, Parse.ly...), then the
markup (h1, rel=author, <time>), then the URL; the first that answers wins.
Names are checked so that "Email the author", "5 Minute Read" or a URL never
becomes a byline.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field, replace

from lxml import etree

from ..structure.byline import writer_like
from ..structure.dates import date_start, find_date, is_date_line, month_first_locale
from ..structure.title import clean_title, repeats_headline, word_key
from ..words import AUTHOR_LABELS, BY_WORDS, BYLINE_VERBS, NAME_CONJUNCTIONS
from .headline import is_site, pick_headline, site_keys, strip_site

_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "date",
    "pubdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "og:published_time",
    "published_time",
    "article:published",
    "citation_publication_date",
    "release_date",
    "created",
    "displaydate",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified")
_AUTHOR_META = (
    "author",
    "article:author",
    "og:article:author",
    "og:author",
    "articleauthor",
    "cxenseparse:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
    "written-by",
    "twitter:creator",
)
# SEO plugins state the author as a labelled pair, twitter:label1 "Written by" / twitter:data1 "Name", the label in
# the site's language ("Verfasst von", "Geschrieben von", "Escrito por"): a label ending in a "by" word names the
# author.
_WRITTEN_BY = re.compile(rf"\b(?:{'|'.join(BY_WORDS + AUTHOR_LABELS)})\s*:?\s*$", re.IGNORECASE)
# A job title after the name in East Asian bylines ("신현주 기자", "松岡大地記者"): reporter, correspondent.
_JOB_TAIL = re.compile(r"\s*(?:기자|특파원|記者|特派員)$")
# A schema.org type of an article's own object (NewsArticle, BlogPosting, Report, Review...), found in its @type.
_ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Posting|Report|Story|Review|Recipe|HowTo|Creative)", re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/-]|\.html?|$)")
_URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/")
_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
# What an author field holds that is no name: a URL or handle, a digit, a template's words ("5 min read", "Email").
_NOT_NAME = re.compile(
    r"(?:https?:|www\.|@|\d|\bminute|\bmin read|\bread\b|\bemail\b|\be-mail\b|\bauthor\b|\bcomments?\b|\bposted\b|"
    r"\bupdated\b|\bpublished\b|\bshare\b|\bfollow\b|\bview\b|\bprofile\b|\bstaff$|\bsubscribe)",
    re.IGNORECASE,
)
# The by-word, its verb or an author label before the names in an author field ("By X", "Verfasst von X", "Autor: X");
# not "da", which opens surnames ("Da Silva") more often than an author field opens with it.
_FIELD_BY = "|".join(w for w in BY_WORDS if w != "da")
_BY_PREFIX = re.compile(
    rf"^(?:(?:(?:{'|'.join(map(re.escape, BYLINE_VERBS))})\s+)?(?:{_FIELD_BY})|(?:{'|'.join(AUTHOR_LABELS)}):?)\s+",
    re.IGNORECASE,
)
_CONJUNCTION = "|".join(rf"\b{w}\b" for w in NAME_CONJUNCTIONS)
_NAME_SPLIT = re.compile(rf"\s*(?:,|;|&|{_CONJUNCTION})\s*")
MAX_JSON_CHARS = 1_000_000
MAX_AUTHOR_METAS = 20  # author <meta> fields read from one page
_AUTHOR_SET = frozenset(_AUTHOR_META)
# The words of a date row ("Published 15 hours ago", "5 min read"), which a byline class may hold.
_DATE_ROW = re.compile(r"\b(?:published|updated|posted|ago|min read)\b", re.IGNORECASE)
# What a byline element holds beside its writer's name and is no writer: a link to the writer's other articles ("SHOW
# ALL ARTICLES OF", "Autoreninfo", "Zur Artikelübersicht"), a follow button, a degree alone ("PhD"), a count.
_NOT_WRITER = re.compile(
    r"\b(?:articles|posts|beiträge|artikelübersicht|autoreninfo|follow|folgen|instagram|facebook|twitter|linkedin|"
    r"phd)\b|(?<![\w.])\d+(?![\w.])",
    re.IGNORECASE,
)
# A date glued to the name's last letter by a template that left out the space ("Tanja Karrasch3.11.2023").
_GLUED_DATE = re.compile(r"(?<=[^\W\d_])\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
# The separator between a name and the date printed after it ("Redaktion - 31. Januar 2022", "Tanja Karrasch3.11.2023").
_NAME_DATE_JOIN = " -–—|•·,"
MAX_H1S = 10
# <meta> names under which a page states its own (site's) name.
_SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site", "publisher")
_NOT_NAMES = frozenset({"admin", "staff", "editor", "redaktion", "guest", *BY_WORDS, *NAME_CONJUNCTIONS})


@dataclass(slots=True)
class Metadata:
    """What the page states about its article, each field None (or empty) when it does not say."""

    title: str | None = None  # JSON-LD headline, og:title, <title>, cleaned of site names
    h1: str | None = None  # the page's first h1
    h1s: list[str] = field(default_factory=list)  # every h1's text (a few), to find the one the page states
    sites: frozenset[str] = frozenset()  # keys of the names the site goes by (headline.site_keys)
    h1_parts: list[str] = field(default_factory=list)  # an h1's text after its first element: a kicker dropped
    stated: dict[str, str] = field(default_factory=dict)  # each headline the page states, by source, site names off
    news: bool = False  # the JSON-LD headline is a schema.org NewsArticle's (or a subtype's)
    dek: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # YYYY-MM-DD
    date_source: str | None = None  # which reader gave the date (for debugging and benchmarks)
    modified: str | None = None  # YYYY-MM-DD of the last update the page states (JSON-LD dateModified, <meta>)
    outlets: list[str] = field(default_factory=list)  # organisations the JSON-LD names as author (the desk)
    images: list[tuple[str | None, str | None]] = field(default_factory=list)  # JSON-LD (caption, credit) of pictures
    month_first: bool = False  # the page's stated locale (<html lang>, og:locale) writes numeric dates month first
    hcard: list[str] = field(default_factory=list)  # the post's author as its hAtom/hCard markup names it
    url: str | None = None  # where the page says it lives: <link rel=canonical>, else og:url (absolute http(s) only)


_INITIALS_TAIL = re.compile(r"\s*\((?:[^\W\d_]{1,4})\.?\)$")  # "Elena Oberholzer (obe)": the desk's short sign


def clean_name(text: str) -> str | None:
    """A byline name from an author field or element, or None for anything that is not a name."""
    text = " ".join(_BY_PREFIX.sub("", " ".join(html.unescape(text).split())).split()).strip(" ,.|:-–—")
    text = _JOB_TAIL.sub("", _INITIALS_TAIL.sub("", text))
    if not text or len(text) > 60 or len(text.split()) > 5 or _NOT_NAME.search(text):
        return None
    if not any(ch.isalpha() for ch in text) or text.casefold() in _NOT_NAMES:
        return None
    return text


def _names(value) -> list[str]:
    """Names from a JSON-LD author value: a string, an object with `name`, or a list of either."""
    if isinstance(value, str):
        value = html.unescape(value)  # "Maria &amp; Katerina": the entity's ";" separates nothing
        parts = _NAME_SPLIT.split(value)
        # "Trine Juncher Jørgensen og Tôrtia Reimer-Johansen": full names joined by "and" in one field are split;
        # "José Ortega y Gasset" is not (its parts are single words).
        if "," in value or ";" in value or (len(parts) > 1 and all(_full_name(part) for part in parts)):
            return [n for n in map(clean_name, parts) if n]
        name = clean_name(value)
        return [name] if name else []
    if isinstance(value, dict):
        if "Organization" in str(value.get("@type")):
            return []  # the publisher named as author: a byline names people (the lines may still name the desk)
        return _names(value.get("name")) if value.get("name") else []
    if isinstance(value, list):
        return [n for v in value[:20] for n in _names(v)]
    return []


def _full_name(text: str) -> bool:
    """A name of two words or more (a given name and a family name)."""
    name = clean_name(text)
    return name is not None and len(name.split()) >= 2


def _outlets(value) -> list[str]:
    """Names of the organisations a JSON-LD author value names (the newsroom signing as a desk)."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items[:5]:
        if isinstance(item, dict) and "Organization" in str(item.get("@type")) and isinstance(item.get("name"), str):
            name = " ".join(html.unescape(item["name"]).split())
            if 2 <= len(name) <= 60 and name not in out:
                out.append(name)
    return out


def _iso(value, month_first: bool = False) -> str | None:
    """The day a stated date names: an ISO stamp's own day, as written (its time and zone do not move it), else the
    date written out, a numeric one read in the page's order (`month_first`)."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.search(value)
    if m:
        return _valid(*m.groups())
    value = value[:200]
    return find_date(value, short_year=is_date_line(value, short_year=True), month_first=month_first)


def _valid(y: str, m: str, d: str) -> str | None:
    from datetime import date

    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _json_objects(text: str) -> list[dict]:
    """Every object in a JSON-LD script, flattened through lists and @graph."""
    try:
        data = json.loads(text[:MAX_JSON_CHARS], strict=False)
    except ValueError:
        return []
    out: list[dict] = []
    todo = [data]
    while todo and len(out) < 200:
        item = todo.pop(0)
        if isinstance(item, list):
            todo.extend(item[:100])
        elif isinstance(item, dict):
            out.append(item)
            if isinstance(item.get("@graph"), list):
                todo.extend(item["@graph"][:100])
            if isinstance(item.get("mainEntity"), dict):
                todo.append(item["mainEntity"])
    return out


MAX_IMAGES = 50  # pictures read from one page's JSON-LD
MIN_CAPTION_CHARS = 8  # folded characters of a JSON-LD caption worth adding (not "Foto", not a file name's stem)


def _credit_of(image: dict) -> str | None:
    """The credit a schema.org ImageObject states: creditText, else its copyright holder or author."""
    for key in ("creditText", "copyrightHolder", "author", "creator"):
        value = image.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and 2 <= len(value.strip()) <= 200:
            return " ".join(html.unescape(value).split())
    return None


def _images(value, out: list[tuple[str | None, str | None]]) -> None:
    """(caption, credit) of each captioned or credited ImageObject in an article's `image` value (one or a list)."""
    for image in (value if isinstance(value, list) else [value])[:MAX_IMAGES]:
        if not isinstance(image, dict) or len(out) >= MAX_IMAGES:
            continue
        credit = _credit_of(image)
        caption = image.get("caption")
        caption = (
            " ".join(html.unescape(caption).split()) if isinstance(caption, str) and len(caption) <= 2000 else None
        )
        if (credit or caption) and (caption or None, credit) not in out:
            out.append((caption or None, credit))


def _types(obj: dict) -> list[str]:
    t = obj.get("@type")
    return [t] if isinstance(t, str) else [x for x in t if isinstance(x, str)] if isinstance(t, list) else []


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _after_first_child(el) -> str | None:
    """An h1's text after its first child element ("<span>Kicker</span> Headline"), or None."""
    children = [c for c in el if isinstance(c.tag, str)]
    kicker = _text(children[0]) if children else ""
    if not any(ch.isalpha() for ch in kicker) or (el.text or "").strip():
        return None  # no leading element, or a number in a span ("<span>8</span> Recent Trends")
    rest = [children[0].tail or ""] + ["".join(c.itertext()) + (c.tail or "") for c in children[1:]]
    return " ".join("".join(rest).split()) or None


@dataclass(slots=True)
class _Page:
    """What a page states in its markup, gathered in one pass over its elements: the facts each field is read from."""

    lang: str | None = None  # <html lang>
    metas: dict[str, str] = field(default_factory=dict)  # each <meta> key's first content
    author_metas: list[tuple[str, str]] = field(default_factory=list)  # every author <meta>, in page order
    scripts: list[str] = field(default_factory=list)  # the JSON-LD scripts' text
    title: str | None = None  # the <title>
    h1s: list[str] = field(default_factory=list)  # every h1's text (a few)
    h1_parts: list[str] = field(default_factory=list)  # an h1's text after its first element: a kicker dropped
    times: list[str] = field(default_factory=list)  # the stamps of <time> elements (a few)
    canonical: str | None = None  # <link rel=canonical>
    rel_authors: list[str] = field(default_factory=list)  # the names rel=author links give (a few)

    def read_html(self, el) -> None:
        self.lang = self.lang or el.get("lang") or el.get("xml:lang")

    def read_meta(self, el) -> None:
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in self.metas:
            self.metas[key] = content.strip()
        if key in _AUTHOR_SET and content and content.strip() and len(self.author_metas) < MAX_AUTHOR_METAS:
            self.author_metas.append((key, content.strip()))  # a page may state several ("Site", "Name 기자")

    def read_script(self, el) -> None:
        if "ld+json" in (el.get("type") or "") and el.text:
            self.scripts.append(el.text)

    def read_title(self, el) -> None:
        self.title = self.title or " ".join((el.text or "").split()) or None

    def read_h1(self, el) -> None:
        if len(self.h1s) < MAX_H1S and (text := _text(el)):
            self.h1s.append(text)
            if (rest := _after_first_child(el)) and rest != text:
                self.h1_parts.append(rest)

    def read_time(self, el) -> None:
        value = el.get("datetime") or el.get("content")
        if value and len(self.times) < 5:
            self.times.append(value)

    def read_link(self, el) -> None:
        if el.get("rel") == "canonical":
            self.canonical = self.canonical or (el.get("href") or "").strip() or None

    def read_a(self, el) -> None:
        if el.get("rel") == "author" and len(self.rel_authors) < 5:
            name = clean_name(_text(el))
            if name and name not in self.rel_authors:
                self.rel_authors.append(name)


# The elements that state a fact about the page, and the reader of each.
_PAGE_READERS = {
    "html": _Page.read_html,
    "meta": _Page.read_meta,
    "script": _Page.read_script,
    "title": _Page.read_title,
    "h1": _Page.read_h1,
    "time": _Page.read_time,
    "link": _Page.read_link,
    "a": _Page.read_a,
}


def _page(roots: list) -> _Page:
    """The facts the page states in its markup, in one pass over its elements."""
    page = _Page()
    for root in roots:
        for el in root.iter(*_PAGE_READERS):
            _PAGE_READERS[el.tag](page, el)
    return page


@dataclass(slots=True)
class _LinkedData:
    """What the page's JSON-LD states: its articles and web pages, its pictures, the site's names."""

    objects: list[tuple[dict, bool]] = field(default_factory=list)  # (object, is an article), script by script
    images: list[tuple[str | None, str | None]] = field(default_factory=list)  # (caption, credit) of pictures
    publishers: list[str] = field(default_factory=list)  # the site's own name, to tell it from the headline in titles


def _linked_data(scripts: list[str]) -> _LinkedData:
    """The page's JSON-LD scripts read in order: each one's articles, then its web pages."""
    ld = _LinkedData()
    for script in scripts[:20]:
        objects = _json_objects(script)
        for obj in objects:
            for value in (obj.get("publisher"), obj if "WebSite" in _types(obj) else None):
                if isinstance(value, dict) and isinstance(value.get("name"), str) and len(ld.publishers) < 5:
                    ld.publishers.append(value["name"])
        articles = [o for o in objects if _ARTICLE_TYPES.search(" ".join(_types(o)))]
        for obj in articles:
            _images(obj.get("image"), ld.images)
        _images([o for o in objects if "ImageObject" in _types(o)], ld.images)
        pages = [o for o in objects if "WebPage" in _types(o)]
        ld.objects += [(obj, obj in articles) for obj in articles + pages]
    return ld


def _first(values):
    """The first of the values that answers (is neither None nor empty), else None."""
    return next((value for value in values if value), None)


def _author_of(obj: dict):
    return obj.get("author") or obj.get("creator")


def _ld_headline(objects: list[tuple[dict, bool]]) -> tuple[str | None, bool]:
    """The first JSON-LD headline, and whether it is a NewsArticle's (or a subtype's)."""
    for obj, _ in objects:
        headline = obj.get("headline")
        if isinstance(headline, str) and headline.strip():
            return " ".join(html.unescape(headline).split()), any(t.endswith("NewsArticle") for t in _types(obj))
    return None, False


def _ld_authors(objects: list[tuple[dict, bool]]) -> list[str]:
    """The people the first JSON-LD article that names any gives as its authors, and the organisations beside them."""
    for obj, is_article in objects:
        if is_article and (names := _names(author := _author_of(obj))):
            # [Person, Organization]: the agency or desk signs with the reporter ("Paula Steiger", "SDA").
            return names + [o for o in _outlets(author) if o not in names]
    return []


def _ld_outlets(objects: list[tuple[dict, bool]]) -> list[str]:
    """The organisations the first JSON-LD article that names any gives as its author."""
    return _first(_outlets(_author_of(obj)) for obj, is_article in objects if is_article) or []


def _title(headline: str | None, page: _Page, sites: frozenset[str]) -> str | None:
    """The page's first statement of its headline, site names off: JSON-LD, else og:title (or Twitter's), else
    <title>."""
    if headline is not None:
        return strip_site(headline, sites)
    og = page.metas.get("og:title") or page.metas.get("twitter:title")
    if og:
        return strip_site(og, sites)
    if page.title:
        stripped = strip_site(page.title, sites)
        return stripped if stripped != page.title else clean_title(page.title)
    return None


def _stated_headlines(headline: str | None, page: _Page, sites: frozenset[str]) -> dict[str, str]:
    """Each headline the page states, by source, site names off."""
    metas = page.metas
    sources = (
        ("json-ld", headline),
        ("og", metas.get("og:title")),
        ("twitter", metas.get("twitter:title")),
        ("title", page.title),
        ("headline", metas.get("headline")),
    )
    return {
        source: strip_site(" ".join(value.split()), sites) for source, value in sources if value and len(value) <= 1000
    }


def _sites(page: _Page, publishers: list[str], url: str | None) -> frozenset[str]:
    """Keys of the names the site goes by: the ones it states (<meta>, the JSON-LD publisher) and its host."""
    # A page read without its URL still states where it lives (<link rel=canonical>, og:url): its host names the site
    # ("finanztreff.de", "elcolombiano.com"), so that a byline naming the site is known for one.
    home = url or page.canonical or page.metas.get("og:url")
    return site_keys([page.metas[k] for k in _SITE_META if page.metas.get(k)] + publishers, home)


def _dek(objects: list[tuple[dict, bool]], metas: dict[str, str]) -> str | None:
    """The summary the page states: its share teaser, else the JSON-LD article's description."""
    # The share teaser (og:description) is written by the desk as the article's summary; a JSON-LD description
    # is often filled from the lead picture's caption by the template, so it only answers when no <meta> does.
    stated = metas.get("og:description") or metas.get("description") or metas.get("twitter:description")
    if stated and stated.strip():
        dek = " ".join(stated.split())
    else:
        dek = _first(
            " ".join(obj["description"].split())
            for obj, is_article in objects
            if is_article and isinstance(obj.get("description"), str)
        )
    if dek and "&" in dek:
        dek = " ".join(html.unescape(dek).split())  # escaped twice by the template ("wie&#039;s")
    return dek


def _authors(objects: list[tuple[dict, bool]], page: _Page, roots: list, sites: frozenset[str]) -> list[str]:
    """The article's authors the page states: JSON-LD's, else its <meta> fields', else its microdata's, else its
    author links'."""
    authors, linked = _ld_authors(objects), page.rel_authors
    if authors and len(linked) > len(authors) and _names_more(linked, authors):
        # Every stated author among the page's rel=author links, and other full names beside them: the structured
        # data lists the first reporters only ("Marlene Lundberg Holm" of "Ingrid Treborg", "Marlene Lundberg Holm").
        return linked
    return (
        authors
        or _meta_authors(page.author_metas + _written_by(page.metas), sites)
        or _microdata_authors(roots)
        or linked
    )


def _published(
    objects: list[tuple[dict, bool]], page: _Page, url: str | None, month_first: bool
) -> tuple[str | None, str | None]:
    """The publication date the page states and which reader gave it: JSON-LD, <meta>, <time>, else the URL."""
    readers = (
        (
            "json-ld",
            (
                _iso(obj.get("datePublished"), month_first) or _iso(obj.get("dateCreated"), month_first)
                for obj, _ in objects
            ),
        ),
        ("meta", (_iso(page.metas[key], month_first) for key in _DATE_META if key in page.metas)),
        ("time", (_iso(value, month_first) for value in page.times)),
    )
    for source, days in readers:
        if day := _first(days):
            return day, source
    day = _url_date(url)
    return (day, "url") if day else (None, None)


def _url_date(url: str | None) -> str | None:
    """The date a URL's path names ("/2024/03/05/", "/20240305/")."""
    m = (_URL_DATE.search(url) or _URL_DATE_COMPACT.search(url)) if url else None
    return _valid(*m.groups()) if m else None


def _modified(objects: list[tuple[dict, bool]], metas: dict[str, str], month_first: bool) -> str | None:
    """The last update the page states: the JSON-LD article's dateModified, else a <meta> stamp."""
    return _first(_iso(obj.get("dateModified"), month_first) for obj, is_article in objects if is_article) or _first(
        _iso(metas[key], month_first) for key in _MODIFIED_META if key in metas
    )


def read_metadata(roots: list, url: str | None = None) -> Metadata:
    """Headline, dek, bylines and date the page states (JSON-LD, <meta>, markup, URL)."""
    page = _page(roots)
    month_first = month_first_locale(page.lang, page.metas.get("og:locale"))
    ld = _linked_data(page.scripts)
    sites = _sites(page, ld.publishers, url)
    headline, news = _ld_headline(ld.objects)
    published, date_source = _published(ld.objects, page, url, month_first)
    return Metadata(
        title=_title(headline, page, sites),
        h1=next(iter(page.h1s), None),
        h1s=page.h1s,
        sites=sites,
        h1_parts=page.h1_parts,
        stated=_stated_headlines(headline, page, sites),
        news=news,
        dek=_dek(ld.objects, page.metas),
        authors=_authors(ld.objects, page, roots, sites),
        published=published,
        date_source=date_source,
        modified=_modified(ld.objects, page.metas, month_first),
        outlets=_ld_outlets(ld.objects),
        images=ld.images,
        month_first=month_first,
        hcard=_hcard_authors(roots),
        url=_stated_url(page),
    )


MAX_URL_CHARS = 2048
_ABSOLUTE_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


def _stated_url(page: _Page) -> str | None:
    """The address the page states for itself: its canonical link, else og:url; only an absolute http(s) URL (a
    relative one has nothing to be resolved against here), of a sane length."""
    for candidate in (page.canonical, page.metas.get("og:url")):
        if candidate and len(candidate) <= MAX_URL_CHARS and _ABSOLUTE_URL.match(candidate):
            return candidate
    return None


_ITEMPROP_AUTHOR = etree.XPath(
    ".//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' author ') and not(self::meta) and not(self::link)]"
)
_ITEMPROP_NAME = etree.XPath(".//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' name ')]")
_NOT_ARTICLE_ITEM = re.compile(r"Comment|Review|Answer|Question", re.IGNORECASE)  # an item that is not the article
MAX_MICRODATA_AUTHORS = 10


def _microdata_authors(roots: list) -> list[str]:
    """The names the page's microdata gives as the article's author (itemprop="author", its itemprop="name").

    Like JSON-LD, microdata is the page's statement: "<span itemprop="author">srf/hosb;kesm</span>" under the
    text. Authors of comments and reviews (inside such an itemtype) are not the article's; of the rest, the
    first element and its siblings name the byline (a teaser further down names another article's).
    """
    for root in roots:
        found = [el for el in _ITEMPROP_AUTHOR(root)[:50] if not _in_other_item(el)]
        if not found:
            continue
        parent = found[0].getparent()
        names: list[str] = []
        for el in found:
            if el.getparent() is not parent or len(names) >= MAX_MICRODATA_AUTHORS:
                continue
            name_el = next(iter(_ITEMPROP_NAME(el)), el)
            text = _text(name_el)[:300]
            names += [n for n in _names(text) if n not in names]
        return names[:MAX_MICRODATA_AUTHORS]
    return []


# hAtom's author of a post: an element whose classes hold "vcard" and an "author" one ("author vcard", "post-author
# vcard"), its name in the "fn" element inside. WordPress and Blogger themes print it in every post's meta row.
_HCARD_AUTHOR = etree.XPath(
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' vcard ') and contains(@class, 'author')]"
)
_HCARD_NAME = etree.XPath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]")
_COMMENT = re.compile(r"comment|respond|reply", re.IGNORECASE)  # a comment's author is not the post's
MAX_HCARDS = 50  # hCard elements looked at on one page


def _hcard_authors(roots: list) -> list[str]:
    """The names the first post's hCard author elements give (outside comments), in page order."""
    for root in roots:
        names: list[str] = []
        for el in _HCARD_AUTHOR(root)[:MAX_HCARDS]:
            if _in_comment(el):
                continue
            name = clean_name(_text(next(iter(_HCARD_NAME(el)), el))[:120])
            if name and writer_like(name) and name not in names:
                names.append(name)
        if names:
            return names[:1]
    return []


def _in_comment(el) -> bool:
    """An element inside a comment (or the comment form): by its own or an ancestor's class or id."""
    return any(_COMMENT.search(f"{up.get('class') or ''} {up.get('id') or ''}") for up in (el, *el.iterancestors()))


def _in_other_item(el) -> bool:
    """An element inside an item that is not the article: a comment, a review, an answer."""
    return any(_NOT_ARTICLE_ITEM.search(up.get("itemtype") or "") for up in el.iterancestors())


def _names_more(linked: list[str], stated: list[str]) -> bool:
    """The linked names hold every stated one, and the others are full names (a given and a family name)."""
    have, said = {word_key(n) for n in linked}, {word_key(n) for n in stated}
    extra = [n for n in linked if word_key(n) not in said]
    return said <= have and bool(extra) and all(len(n.split()) >= 2 for n in extra)


def _written_by(metas: dict[str, str]) -> list[tuple[str, str]]:
    """The author an SEO plugin's labelled pair states (twitter:label1 "Written by", twitter:data1 "Name")."""
    out = []
    for i in range(1, 5):
        label, data = metas.get(f"twitter:label{i}"), metas.get(f"twitter:data{i}")
        if label and data and _WRITTEN_BY.search(label):
            out.append(("written-by", data))
    return out


def _meta_authors(stated: list[tuple[str, str]], sites: frozenset[str]) -> list[str]:
    """Names from the <meta> author fields, in the order of trust of their keys; a person before the site's own name.

    Pages fill `author` with the site ("한국일보", "毎日新聞") and state the reporter in a second `author` or a
    cXense field: the first field that names someone other than the site answers, else the site does.
    """
    rank = {key: i for i, key in enumerate(_AUTHOR_META)}
    fallback: list[str] = []
    for _key, value in sorted(stated, key=lambda kv: rank[kv[0]]):
        if value.startswith("@"):
            continue
        names = _names(value)
        if names and not all(is_site(n, sites) for n in names):
            return names
        fallback = fallback or names
    return fallback


def _printed_name(byline):
    """A byline the lines gave, as a name: the date printed after it cut off, None for what is no writer."""
    if _DATE_ROW.search(byline.name):
        return None  # "Published 15 hours ago" under a byline class is the date row
    byline.name = _GLUED_DATE.sub("", byline.name)
    at = date_start(byline.name)
    if at:
        byline.name = byline.name[:at].rstrip(_NAME_DATE_JOIN) or byline.name
    return None if _NOT_WRITER.search(byline.name) else byline


def apply_metadata(article, meta: Metadata) -> None:
    """Fill the article's headline, bylines, date and dek from what the page states, where the lines did not say,
    and its `source.url` from the page's canonical link or og:url where the capture gave none.

    The page's structured data is the publisher's own statement, so its authors
    and date go first; bylines found in the lines (agencies, contributors) are added.
    """
    from ..model import Byline

    if article.source.url is None and meta.url:  # the capture gave none: the page says where it lives
        article.source.url = meta.url
    article.title = pick_headline(
        article.title, meta.title, meta.h1s, meta.h1_parts, meta.sites, meta.stated, meta.news
    )
    # A byline the lines gave is a name: "Published 15 hours ago" under a byline class is the date row.
    article.bylines = [b for b in map(_printed_name, article.bylines) if b is not None]
    for b in article.bylines:
        b.name = _INITIALS_TAIL.sub("", b.name) or b.name
    authors = [a for a in meta.authors if not _NOT_WRITER.search(a)]
    if selves := [a for a in authors if is_site(a, meta.sites)]:
        # "n-tv NACHRICHTEN", "hessenschau.de, Frankfurt, Germany": the page names itself as author (with its
        # address). A person named beside it, or else a person the lines name, signs the article; else the site
        # does, or the desk the JSON-LD names that holds the site's name ("Redaktion hessenschau.de").
        authors = [a for a in authors if a not in selves and len(a.split()) >= 2]
        desks = [o for o in meta.outlets if any(word_key(s) in word_key(o) for s in selves)]
        meta = replace(meta, outlets=desks or selves)
        if not any(
            b.role is None and len(b.name.split()) >= 2 and not is_site(b.name, meta.sites) for b in article.bylines
        ):
            article.bylines = []  # an agency or the site's own name in the lines: the site's statement stands
    if authors:
        have = {a.casefold() for a in authors}
        extra = [b for b in article.bylines if b.name.casefold() not in have and b.role is not None]
        article.bylines = [Byline(a) for a in authors] + extra
    # A date printed at the top of the article is what readers (and annotators) see; the page's structured
    # data often carries an older creation date. So: the lines' date first, then the page's statement.
    if meta.month_first:
        article.published = _printed_month_first(article)
    article.published = stated_date(article.published, meta, _printed_today(article))
    if not article.bylines and meta.hcard:
        # No line and no statement names the writer: the post's hCard does ("<span class="author vcard">").
        article.bylines = [Byline(name) for name in meta.hcard]
    if not article.bylines and meta.outlets:
        # No person signs it: the organisation the page names as author is the byline (a desk, an agency's unit).
        article.bylines = [Byline(name, "outlet") for name in meta.outlets]
    _add_images(article, meta.images)
    if meta.dek and len(meta.dek) <= MAX_DESCRIPTION_CHARS:
        article.description = meta.dek
    if not article.dek and meta.dek and reads_as_standfirst(meta.dek, article, meta.sites):
        article.dek = meta.dek


MAX_DESCRIPTION_CHARS = 2000  # a stated summary longer than this is the article itself, not a summary of it
MIN_STANDFIRST_WORDS = 6  # a stated summary shorter than this is a slogan or a label ("Reise ABC Singapur")
MIN_STANDFIRST_CHARS = 20  # a stated summary shorter than this is a label, not a standfirst
MAX_STANDFIRST_CHARS = 500  # a stated summary longer than this is the article's opening, not a standfirst
LEDE_KEY_CHARS = 80  # folded characters of the summary's opening that, found in the body's opening, make it the lede
LEDE_CHARS = 2000  # characters of the body's opening the summary's opening is looked for in
_CUT_SHORT = ("…", "...", "[…]", "[...]", "(...)")
# A template's placeholder where the writer gave no summary (WordPress: "Visit the post for more.").
_PLACEHOLDER = re.compile(r"^(?:visit the post for more|click to read more|read more|continue reading)\b", re.I)


def reads_as_standfirst(summary: str, article, sites: frozenset[str]) -> bool:
    """Whether the page's stated summary reads as the article's standfirst: a sentence or a few, written apart from
    the body. Not cut short (then it is the first paragraph's opening), not the body's first words, not the headline
    again, not the site's name or slogan (too short, or its name), not a template's placeholder."""
    if summary.rstrip().endswith(_CUT_SHORT) or not MIN_STANDFIRST_CHARS <= len(summary) <= MAX_STANDFIRST_CHARS:
        return False
    if len(summary.split()) < MIN_STANDFIRST_WORDS or is_site(summary, sites) or _PLACEHOLDER.match(summary):
        return False
    key = word_key(summary)
    if key[:LEDE_KEY_CHARS] in word_key(article.text[:LEDE_CHARS]):
        return False  # the first paragraph, or its opening
    return not (article.title and repeats_headline(summary, article.title))


# A date line that opens with the name of the day: the page header's "today" ("Thursday, November 9th 2023",
# "Miércoles, 04 de Mayo de 2022"), printed on every page of the site whatever the article's date.
_WEEKDAY_LINE = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|miercoles|jueves|"
    r"viernes|sábado|sabado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|segunda|terça|quarta|quinta|"
    r"sexta)\b,?\s",
    re.IGNORECASE,
)


def _printed_today(article) -> bool:
    """Whether the article's printed date comes from a line that names the day, the way a page header prints today."""
    if article.published is None:
        return False
    lines = [r.text for r in article.removed if r.reason == "date"] + [
        b.text for b in article.blocks if b.kind == "byline"
    ]
    return any(_WEEKDAY_LINE.match(t) and find_date(t) == article.published for t in lines)


def _printed_month_first(article) -> str | None:
    """The printed date read month first, as the page's locale writes it: the lines were read day first
    ("11.03.17" on a US page is November 3rd)."""
    lines = [r.text for r in article.removed if r.reason == "date"] + [
        b.text for b in article.blocks if b.kind == "byline"
    ]
    for text in lines:
        if article.published is not None and find_date(text, short_year=True) == article.published:
            return find_date(text, short_year=True, month_first=True)
    return article.published


def stated_date(printed: str | None, meta: Metadata, today: bool = False) -> str | None:
    """The publication date: the one printed at the top of the article, else the one the page states.

    A printed date that is the page's stated last update, later than its stated
    publication, is the update stamp the template shows ("2024/12/04 00:05" on a
    story published the evening before, a live page's last entry): the stated
    publication date is the article's then. So is a printed date later than the stated one on a line that
    names the day (`today`): the page header's date of the day the page was saved.
    """
    if printed and meta.published and (printed == meta.modified or today) and meta.published < printed:
        return meta.published
    return printed or meta.published


def _new_caption(caption: str, media: list, stated: set[str]) -> bool:
    """A JSON-LD caption the page's lines did not give: not among the captions found, nor the headline or dek again.

    The pictures' captions are often printed only in the structured data
    (a lightbox script shows them) or in markup that gives no line; a caption
    that repeats or holds one already found, or the headline, adds nothing.
    """
    key = word_key(caption)
    if len(key) < MIN_CAPTION_CHARS or key in stated:
        return False
    return not any(m.caption and ((have := word_key(m.caption)) in key or key in have) for m in media)


def _add_images(article, images: list[tuple[str | None, str | None]]) -> None:
    """Pictures the page states in JSON-LD: credits on the caption they belong to, else pictures of their own (the
    cover); captions the lines did not give."""
    from ..model import Media
    from ..structure.caption import clean_credit

    for m in article.media:  # a credit line the text rules took whole keeps its "Foto:" label
        if m.credit:
            m.credit = clean_credit(m.credit) or m.credit
    have = {word_key(m.credit) for m in article.media if m.credit}
    by_caption = {word_key(m.caption): m for m in article.media if m.caption}
    stated = {word_key(article.title or ""), word_key(article.dek or "")}
    for caption, credit in images:
        if credit is None:
            if caption and _new_caption(caption, article.media, stated):
                article.media.append(Media(caption, None))
            continue
        credit = clean_credit(credit)
        key = word_key(credit)
        if not key or key in have:
            continue
        media = by_caption.get(word_key(caption)) if caption else None
        if media is not None:
            media.credit = media.credit or credit
        elif caption is None or word_key(caption) not in by_caption:
            article.media.append(Media(caption, credit))
        have.add(key)


YEAR_ONLY = "-01-01"  # what htmldate gives for a year without month or day


def fallback_date(page_text: str, url: str | None) -> str | None:
    """htmldate's reading of the page (its own heuristics over markup and text), for pages that state no date."""
    try:
        from htmldate import find_date as htmldate_find
    except ImportError:  # an optional refinement: without htmldate the date stays unknown
        return None
    try:
        # As bytes: htmldate downloads a str that looks like a URL, and a page must never make copydesk fetch.
        # The first publication (original_date), searched for in the page's text too (extensive_search): a page that
        # states no date in its markup often prints it in a line ("Posted on March 3, 2024") the rules did not read.
        found = htmldate_find(page_text.encode("utf-8"), url=url, extensive_search=True, original_date=True)
    except Exception:  # noqa: BLE001  htmldate's failure on a hostile page must not lose the article
        return None
    if not found or found.endswith(YEAR_ONLY):
        return None  # the text search turns a year alone ("© 2025", "Since 2000") into January 1st: no date
    return _iso(found)
