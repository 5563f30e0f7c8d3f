"""The metadata a newsroom record needs and extractors drop: headline, standfirst, bylines, publication date.

Read, in order of trust, from schema.org JSON-LD, then <meta> tags (Open
Graph, Twitter, Dublin Core, Parse.ly...), then the markup (h1, rel=author,
<time>), then the URL. Each reader is a pure `tree -> value | None`; the first
that answers wins. Names are checked so that "Email the author", "5 Minute
Read" or a URL never becomes a byline.
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
    "article:published_time", "og:article:published_time", "article.published", "datepublished", "date", "pubdate",
    "publish-date", "publish_date", "publication_date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "og:published_time", "published_time",
    "article:published", "citation_publication_date", "release_date", "created", "displaydate",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified")
_AUTHOR_META = (
    "author", "article:author", "og:article:author", "og:author", "articleauthor", "cxenseparse:author",
    "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "byl", "citation_author", "written-by",
    "twitter:creator",
)
# SEO plugins state the author as a labelled pair, twitter:label1 "Written by" / twitter:data1 "Name", the label in
# the site's language ("Verfasst von", "Geschrieben von", "Escrito por"): a label ending in a "by" word names the author.
_WRITTEN_BY = re.compile(rf"\b(?:{'|'.join(BY_WORDS + AUTHOR_LABELS)})\s*:?\s*$", re.IGNORECASE)
# A job title after the name in East Asian bylines ("신현주 기자", "松岡大地記者"): reporter, correspondent.
_JOB_TAIL = re.compile(r"\s*(?:기자|특파원|記者|特派員)$")
_ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Posting|Report|Story|Review|Recipe|HowTo|Creative)", re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/-]|\.html?|$)")
_URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/")
_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_NOT_NAME = re.compile(
    r"(?:https?:|www\.|@|\d|\bminute|\bmin read|\bread\b|\bemail\b|\be-mail\b|\bauthor\b|\bcomments?\b|\bposted\b|"
    r"\bupdated\b|\bpublished\b|\bshare\b|\bfollow\b|\bview\b|\bprofile\b|\bstaff$|\bsubscribe)", re.IGNORECASE)
# The by-word, its verb or an author label before the names in an author field ("By X", "Verfasst von X", "Autor: X");
# not "da", which opens surnames ("Da Silva") more often than an author field opens with it.
_FIELD_BY = "|".join(w for w in BY_WORDS if w != "da")
_BY_PREFIX = re.compile(
    rf"^(?:(?:(?:{'|'.join(map(re.escape, BYLINE_VERBS))})\s+)?(?:{_FIELD_BY})|(?:{'|'.join(AUTHOR_LABELS)}):?)\s+",
    re.IGNORECASE)
_CONJUNCTION = "|".join(rf"\b{w}\b" for w in NAME_CONJUNCTIONS)
_NAME_SPLIT = re.compile(rf"\s*(?:,|;|&|{_CONJUNCTION})\s*")
MAX_JSON_CHARS = 1_000_000
MAX_AUTHOR_METAS = 20  # author <meta> fields read from one page
_AUTHOR_SET = frozenset(_AUTHOR_META)
_DATE_ROW = re.compile(r"\b(?:published|updated|posted|ago|min read)\b", re.IGNORECASE)
# What a byline element holds beside its writer's name and is no writer: a link to the writer's other articles ("SHOW
# ALL ARTICLES OF", "Autoreninfo", "Zur Artikelübersicht"), a follow button, a degree alone ("PhD"), a count.
_NOT_WRITER = re.compile(
    r"\b(?:articles|posts|beiträge|artikelübersicht|autoreninfo|follow|folgen|instagram|facebook|twitter|linkedin|"
    r"phd)\b|(?<![\w.])\d+(?![\w.])", re.IGNORECASE)
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
    out, todo = [], [data]
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
        caption = " ".join(html.unescape(caption).split()) if isinstance(caption, str) and len(caption) <= 2000 else None
        if (credit or caption) and (caption or None, credit) not in out:
            out.append((caption or None, credit))


def _json_ld(objects: list[dict], meta: Metadata, publishers: list[str]) -> None:
    articles = [o for o in objects if _ARTICLE_TYPES.search(" ".join(_types(o)))]
    for obj in objects:  # the site's own name, to tell it from the headline in titles
        for value in (obj.get("publisher"), obj if "WebSite" in _types(obj) else None):
            if isinstance(value, dict) and isinstance(value.get("name"), str) and len(publishers) < 5:
                publishers.append(value["name"])
    for obj in articles:
        _images(obj.get("image"), meta.images)
    _images([o for o in objects if "ImageObject" in _types(o)], meta.images)
    pages = [o for o in objects if "WebPage" in _types(o)]
    for obj in articles + pages:
        is_article = obj in articles
        author = obj.get("author") or obj.get("creator")
        if meta.title is None and isinstance(obj.get("headline"), str) and obj["headline"].strip():
            meta.title = " ".join(html.unescape(obj["headline"]).split())
            meta.news = any(t.endswith("NewsArticle") for t in _types(obj))
        if not meta.authors and is_article:
            meta.authors = _names(author)
            if meta.authors:
                # [Person, Organization]: the agency or desk signs with the reporter ("Paula Steiger", "SDA").
                meta.authors += [o for o in _outlets(author) if o not in meta.authors]
        if not meta.outlets and is_article:
            meta.outlets = _outlets(author)
        if meta.published is None:
            meta.published = _iso(obj.get("datePublished"), meta.month_first) or _iso(obj.get("dateCreated"), meta.month_first)
            meta.date_source = "json-ld" if meta.published else None
        if meta.modified is None and is_article:
            meta.modified = _iso(obj.get("dateModified"), meta.month_first)
        if meta.dek is None and is_article and isinstance(obj.get("description"), str):
            meta.dek = " ".join(obj["description"].split()) or None


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


def read_metadata(roots: list, url: str | None = None) -> Metadata:
    """Headline, dek, bylines and date the page states (JSON-LD, <meta>, markup, URL)."""
    meta = Metadata()
    metas: dict[str, str] = {}
    scripts: list[str] = []
    page_title = None
    rel_authors: list[str] = []
    times: list[str] = []
    author_metas: list[tuple[str, str]] = []
    lang = canonical = None
    for root in roots:
        for el in root.iter("html", "meta", "script", "title", "h1", "a", "link", "time"):
            tag = el.tag
            if tag == "html":
                lang = lang or el.get("lang") or el.get("xml:lang")
            elif tag == "meta":
                key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
                content = el.get("content")
                if key and content and key not in metas:
                    metas[key] = content.strip()
                if key in _AUTHOR_SET and content and content.strip() and len(author_metas) < MAX_AUTHOR_METAS:
                    author_metas.append((key, content.strip()))  # a page may state several ("Site", "Name 기자")
            elif tag == "script":
                if "ld+json" in (el.get("type") or "") and el.text:
                    scripts.append(el.text)
            elif tag == "title":
                page_title = page_title or " ".join((el.text or "").split()) or None
            elif tag == "h1":
                if len(meta.h1s) < MAX_H1S and (text := _text(el)):
                    meta.h1s.append(text)
                    meta.h1 = meta.h1 or text
                    if (rest := _after_first_child(el)) and rest != text:
                        meta.h1_parts.append(rest)
            elif tag == "time":
                value = el.get("datetime") or el.get("content")
                if value and len(times) < 5:
                    times.append(value)
            elif tag == "link" and el.get("rel") == "canonical":
                canonical = canonical or (el.get("href") or "").strip() or None
            elif el.get("rel") == "author" and tag == "a" and len(rel_authors) < 5:
                name = clean_name(_text(el))
                if name and name not in rel_authors:
                    rel_authors.append(name)
    meta.month_first = month_first_locale(lang, metas.get("og:locale"))
    publishers: list[str] = []
    for script in scripts[:20]:
        _json_ld(_json_objects(script), meta, publishers)
    # A page read without its URL still states where it lives (<link rel=canonical>, og:url): its host names the site
    # ("finanztreff.de", "elcolombiano.com"), so that a byline naming the site is known for one.
    home = url or canonical or metas.get("og:url")
    meta.sites = site_keys([metas[k] for k in _SITE_META if metas.get(k)] + publishers, home)
    for source, value in (("json-ld", meta.title), ("og", metas.get("og:title")), ("twitter", metas.get("twitter:title")),
                          ("title", page_title), ("headline", metas.get("headline"))):
        if value and len(value) <= 1000:
            meta.stated[source] = strip_site(" ".join(value.split()), meta.sites)
    if meta.title is not None:
        meta.title = strip_site(meta.title, meta.sites)
    else:
        og = metas.get("og:title") or metas.get("twitter:title")
        if og:
            meta.title = strip_site(og, meta.sites)
        elif page_title:
            stripped = strip_site(page_title, meta.sites)
            meta.title = stripped if stripped != page_title else clean_title(page_title)
    # The share teaser (og:description) is written by the desk as the article's summary; a JSON-LD description
    # is often filled from the lead picture's caption by the template, so it only answers when no <meta> does.
    stated = metas.get("og:description") or metas.get("description") or metas.get("twitter:description")
    if stated and stated.strip():
        meta.dek = " ".join(stated.split())
    if meta.dek and "&" in meta.dek:
        meta.dek = " ".join(html.unescape(meta.dek).split())  # escaped twice by the template ("wie&#039;s")
    if meta.authors and len(rel_authors) > len(meta.authors) and _names_more(rel_authors, meta.authors):
        # Every stated author among the page's rel=author links, and other full names beside them: the structured
        # data lists the first reporters only ("Marlene Lundberg Holm" of "Ingrid Treborg", "Marlene Lundberg Holm").
        meta.authors = rel_authors
    if not meta.authors:
        meta.authors = _meta_authors(author_metas + _written_by(metas), meta.sites)
    if not meta.authors:
        meta.authors = _microdata_authors(roots)
    if not meta.authors:
        meta.authors = rel_authors
    meta.hcard = _hcard_authors(roots)
    if meta.published is None:
        for key in _DATE_META:
            if key in metas and (found := _iso(metas[key], meta.month_first)):
                meta.published, meta.date_source = found, "meta"
                break
    if meta.modified is None:
        stamps = (_iso(metas[k], meta.month_first) for k in _MODIFIED_META if k in metas)
        meta.modified = next((found for found in stamps if found), None)
    if meta.published is None:
        for value in times:
            if found := _iso(value, meta.month_first):
                meta.published, meta.date_source = found, "time"
                break
    if meta.published is None and url:
        m = _URL_DATE.search(url) or _URL_DATE_COMPACT.search(url)
        if m and (found := _valid(*m.groups())):
            meta.published, meta.date_source = found, "url"
    return meta


_ITEMPROP_AUTHOR = etree.XPath(
    ".//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' author ') and not(self::meta) and not(self::link)]")
_ITEMPROP_NAME = etree.XPath(".//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' name ')]")
_NOT_ARTICLE_ITEM = re.compile(r"Comment|Review|Answer|Question", re.IGNORECASE)
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
    ".//*[contains(concat(' ', normalize-space(@class), ' '), ' vcard ') and contains(@class, 'author')]")
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
    return any(_COMMENT.search(f"{up.get('class') or ''} {up.get('id') or ''}")
               for up in (el, *el.iterancestors()))


def _in_other_item(el) -> bool:
    """An element inside an item that is not the article: a comment, a review, an answer."""
    for up in el.iterancestors():
        if _NOT_ARTICLE_ITEM.search(up.get("itemtype") or ""):
            return True
    return False


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
    for key, value in sorted(stated, key=lambda kv: rank[kv[0]]):
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
    """Fill the article's headline, bylines, date and dek from what the page states, where the lines did not say.

    The page's structured data is the publisher's own statement, so its authors
    and date go first; bylines found in the lines (agencies, contributors) are added.
    """
    from ..model import Byline

    article.title = pick_headline(article.title, meta.title, meta.h1s, meta.h1_parts, meta.sites, meta.stated,
                                  meta.news)
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
        if not any(b.role is None and len(b.name.split()) >= 2 and not is_site(b.name, meta.sites)
                   for b in article.bylines):
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
_CUT_SHORT = ("…", "...", "[…]", "[...]", "(...)")
# A template's placeholder where the writer gave no summary (WordPress: "Visit the post for more.").
_PLACEHOLDER = re.compile(r"^(?:visit the post for more|click to read more|read more|continue reading)\b", re.I)


def reads_as_standfirst(summary: str, article, sites: frozenset[str]) -> bool:
    """Whether the page's stated summary reads as the article's standfirst: a sentence or a few, written apart from
    the body. Not cut short (then it is the first paragraph's opening), not the body's first words, not the headline
    again, not the site's name or slogan (too short, or its name), not a template's placeholder."""
    if summary.rstrip().endswith(_CUT_SHORT) or not 20 <= len(summary) <= 500:
        return False
    if len(summary.split()) < MIN_STANDFIRST_WORDS or is_site(summary, sites) or _PLACEHOLDER.match(summary):
        return False
    key = word_key(summary)
    if key[:80] in word_key(article.text[:2000]):
        return False  # the first paragraph, or its opening
    return not (article.title and repeats_headline(summary, article.title))


# A date line that opens with the name of the day: the page header's "today" ("Thursday, November 9th 2023",
# "Miércoles, 04 de Mayo de 2022"), printed on every page of the site whatever the article's date.
_WEEKDAY_LINE = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|miercoles|jueves|"
    r"viernes|sábado|sabado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|segunda|terça|quarta|quinta|"
    r"sexta)\b,?\s", re.IGNORECASE)


def _printed_today(article) -> bool:
    """Whether the article's printed date comes from a line that names the day, the way a page header prints today."""
    if article.published is None:
        return False
    lines = [r.text for r in article.removed if r.reason == "date"] + [b.text for b in article.blocks if b.kind == "byline"]
    return any(_WEEKDAY_LINE.match(t) and find_date(t) == article.published for t in lines)


def _printed_month_first(article) -> str | None:
    """The printed date read month first, as the page's locale writes it: the lines were read day first
    ("11.03.17" on a US page is November 3rd)."""
    lines = [r.text for r in article.removed if r.reason == "date"] + [b.text for b in article.blocks if b.kind == "byline"]
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
