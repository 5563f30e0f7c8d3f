"""The headline: the one a page states (JSON-LD, Open Graph, <title>) against the one it prints (its h1).

Pages append their own name to <title> and og:title ("… | Tages-Anzeiger",
"… - News - SRF", "…ㅣ한국일보"); which segment is the site is known from what
the page says its name is (og:site_name, application-name, the JSON-LD
publisher) and from its host name, so no list of sites is needed and a
headline with a dash of its own keeps it. Printed headlines carry kickers
("Premier League" in a span before the title), or print the kicker apart from
the h1 while the stated headline keeps it: the stated and printed headlines are
compared to tell which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..structure.title import folded_words

# Separators between a headline and a site or section name: spaced dashes, bars, colons..., and the unspaced
# bars of CJK titles (｜, ㅣ, ：).
_SEPARATOR = re.compile(r"\s+(?:[|\-–—:·•»›/~]|::)\s+|\s*[|｜ㅣ：]\s*|\s*--\s*")
_KEY = re.compile(r"[\W_]+")  # all but letters and digits: what a key leaves out
# A section name after a headline: a dash, bar or colon and a word or two ("-정치", " | Sport").
_SECTION_TAIL = re.compile(r"^\s*[-–—|·:/]\s*\w[\w&.' ]{0,19}$")
MAX_SECTION_WORDS = 2  # a section name between the headline and the site name ("… - News - SRF")
MIN_KICKER_WORDS = 2  # the shorter headline must still read as one for a kicker to be told apart
MIN_LABEL_CHARS = 4  # a host label this long names the site ("srf" alone could be a word in a headline)
MAX_SITE_WORDS = 5  # a title segment this short that holds the site's name is the site's name
MIN_STATED_WORDS = 3  # a stated headline this long, printed after a glued-on kicker, is told apart from it
MAX_KICKER_WORDS = 6  # a kicker is a topic label: a longer prefix is a headline of its own
# A kicker ends at a colon or bar, or at a spaced dash.
_KICKER_SEPARATOR = re.compile(r"(?<=\S)\s*[:|]\s+|\s+[–—-]\s+")


def key(text: str) -> str:
    """Casefolded letters and digits only: "STERN.de" and "stern.de", "Tages-Anzeiger" and "tagesanzeiger" meet."""
    return _KEY.sub("", text.casefold())


def site_keys(names: Iterable[str], url: str | None) -> frozenset[str]:
    """Keys of the names a site goes by: the names it states and its host name (whole, and each label)."""
    keys = {k for name in names if len(k := key(name.lstrip("@"))) >= 2}
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:  # a page's own canonical link may be no URL at all ("http://[oops")
        host = ""
    host = host.removeprefix("www.")
    if host:
        keys.add(key(host))
        keys.update(key(label) for label in host.split(".")[:-1] if len(label) >= 3)
    return frozenset(keys)


def is_site(segment: str, sites: frozenset[str]) -> bool:
    """A title segment that names the site: one of its names, or a short name holding one ("Garnix Blog")."""
    k = key(segment)
    if not k:
        return False
    return k in sites or (
        len(segment.split()) <= MAX_SITE_WORDS and any(len(s) >= MIN_LABEL_CHARS and s in k for s in sites)
    )


def strip_site(title: str, sites: frozenset[str]) -> str:
    """The title without the site name at its end or start (and a short section name next to it), else as given."""
    if not sites:
        return title
    seps = list(_SEPARATOR.finditer(title))
    if not seps:
        return title
    bounds = [0] + [x for m in seps for x in (m.start(), m.end())] + [len(title)]
    parts = [title[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]
    first, last = 0, len(parts)
    while last - first > 1 and is_site(parts[last - 1], sites):
        last -= 1
    if last < len(parts) and last - first > 1 and len(parts[last - 1].split()) <= MAX_SECTION_WORDS:
        last -= 1  # "Headline - News - SRF": the section between the headline and the site
    while last - first > 1 and is_site(parts[first], sites):
        first += 1
    if (first, last) == (0, len(parts)):
        return title
    return title[bounds[2 * first] : bounds[2 * last - 1]].strip()


def _kicker_of(longer: str, shorter: str, sites: frozenset[str]) -> bool:
    """Whether `longer` is `shorter` after a kicker and its separator ("Kenia: Nairobi von unten")."""
    want = folded_words(shorter)
    return len(want.split()) >= MIN_KICKER_WORDS and any(
        folded_words(longer[m.end() :]) == want and not is_site(longer[: m.start()], sites)
        for m in _KICKER_SEPARATOR.finditer(longer)
    )


def _printed_as_stated(printed: str, stated: dict[str, str], in_h1: bool) -> str | None:
    """The stated headline the printed one is, in other punctuation or after a kicker glued on by its own element.

    "Technologie im Klassenzimmer Künstliche Intelligenz …" prints the og:title
    "Technologie im Klassenzimmer: Künstliche Intelligenz …" with the kicker in a
    span; "European Payments Initiative Statt Paypal & Co.: …" prints a kicker
    before the stated "Statt Paypal & Co.: …". The stated wording is the headline.
    A one-word kicker ("Meinung") is told apart only on a line that is no h1:
    an h1 a word longer than the stated headline ("The Best …") is another wording.
    """
    got = folded_words(printed)
    values = [v for v in (stated.get(k) for k in ("og", "json-ld", "twitter")) if v]
    for value in values:
        if folded_words(value) == got:
            return value
    for value in values:
        want = folded_words(value)
        kicker = got[: len(got) - len(want)]
        if (
            len(want.split()) >= MIN_STATED_WORDS
            and got.endswith(want)
            and kicker.endswith(" ")
            and (1 if not in_h1 else MIN_KICKER_WORDS) <= len(kicker.split()) <= MAX_KICKER_WORDS
        ):
            return value
    return None


def _split_kicker(text: str) -> tuple[str, str] | None:
    """(kicker, rest) at the first kicker separator, or None."""
    m = _KICKER_SEPARATOR.search(text)
    return (text[: m.start()], text[m.end() :].strip()) if m else None


def _shared_tail(printed: str, stated: dict[str, str], sites: frozenset[str]) -> str | None:
    """The headline two unrelated kickers share: "Eskalation im Nahen Osten - «X»" printed, "Iranischer Angriff: «X»"
    stated.

    The kickers must share no word: "MSV-Interimstrainer Schubert: «X»" and
    "Interimstrainer Schubert: «X»" are one headline in two wordings, not two kickers.
    """
    mine = _split_kicker(printed)
    if mine is None or is_site(mine[0], sites):
        return None
    own = {w for w in folded_words(mine[0]).split() if len(w) >= 4}
    for source in ("og", "json-ld"):
        theirs = _split_kicker(stated.get(source) or "")
        if theirs is None or is_site(theirs[0], sites) or folded_words(theirs[1]) != folded_words(mine[1]):
            continue
        other = {w for w in folded_words(theirs[0]).split() if len(w) >= 4}
        if own and other and not own & other and len(folded_words(mine[1]).split()) >= MIN_KICKER_WORDS:
            return theirs[1]
    return None


def _agreed(stated: dict[str, str]) -> str | None:
    """The headline the page states twice: JSON-LD and og:title alike (or og:title and <title> with no JSON-LD)."""
    og, ld = stated.get("og"), stated.get("json-ld")
    if og and ld and folded_words(og) == folded_words(ld):
        return ld
    if og and not ld and stated.get("title") and folded_words(og) == folded_words(stated["title"]):
        return og
    return None


def _without_kicker(printed: str, stated: dict[str, str], sites: frozenset[str]) -> str | None:
    """The headline without its kicker, when one wording (printed, JSON-LD, og:title) is another after a kicker."""
    forms = [printed] + [stated[k] for k in ("json-ld", "og") if stated.get(k)]
    for bare in forms:
        if any(other is not bare and _kicker_of(other, bare, sites) for other in forms):
            return bare
    return None


def pick_headline(
    printed: str | None,
    stated: str | None,
    h1s: list[str],
    h1_parts: list[str],
    sites: frozenset[str],
    stated_all: dict[str, str] | None = None,
    news: bool = False,
) -> str | None:
    """The article's headline from the one the lines gave (`printed`) and the ones the page states.

    `stated` is the page's first statement (JSON-LD, else og:title, else
    <title>); `stated_all` holds each by source ("json-ld", "og", "twitter",
    "title", "headline"), site names off; `news`: the JSON-LD headline is a
    NewsArticle's. The printed headline stands unless the markup says otherwise:
    - it is the site's name, or an h1 cut short at a dash of its own;
    - it and a stated wording share one headline under two unrelated kickers;
    - it is a stated wording in other punctuation or with a kicker glued on (the stated one is taken);
    - on a news page, it is no h1 (an h2 under a breadcrumb's h1) and no statement confirms it:
      the newsroom's JSON-LD headline is taken;
    - one wording (printed, JSON-LD, og:title) is another after a kicker: the kicker, a topic label
      above the headline, is no part of it unless JSON-LD and og:title both state it;
    - on a news page, JSON-LD and og:title state one headline alike and the page prints another
      (a live blog's latest entry, a teaser wording); a blog's or shop's SEO plugin writes such
      statements too, so elsewhere the printed headline stands;
    - it is a <title> line: the stated headline with a section name after it;
    - the stated one is printed as an h1 (or as an h1 after its kicker element) while the lines took a banner.
    """
    stated_all = stated_all or {}
    in_h1 = printed is not None and any(folded_words(h) == folded_words(printed) for h in h1s)
    if printed and not in_h1:
        printed = strip_site(printed, sites)  # a <title> line the text rules took, its site name still on
    if not printed or (key(printed) in sites or (not in_h1 and is_site(printed, sites))):
        return stated or next((h for h in h1s if key(h) not in sites), printed)
    for h1 in h1s:
        if h1.startswith(printed) and _KICKER_SEPARATOR.match(h1[len(printed) :]):
            return strip_site(h1, sites)  # the text rules cut the headline at a dash of its own
    if stated_all:
        shared = _shared_tail(printed, stated_all, sites)
        if shared:
            return shared
        confirmed = _printed_as_stated(printed, stated_all, in_h1)
        if news and not confirmed and not in_h1 and h1s and stated_all.get("json-ld"):
            return stated_all["json-ld"]
        printed = confirmed or printed
        restated = _restated(printed, stated_all, sites, news)
        if restated:
            return restated
    if not in_h1 and (tail := _section_tail(printed, [stated or ""] + list(stated_all.values()))):
        return tail
    return _printed_or_stated(printed, stated, h1s, h1_parts, sites, in_h1)


def _restated(printed: str, stated: dict[str, str], sites: frozenset[str], news: bool) -> str | None:
    """The headline the statements give instead of the printed one: a wording without the kicker another adds (the
    kicker kept where JSON-LD and og:title both state it), or, on a news page, the one JSON-LD and og:title state
    alike."""
    agreed = _agreed(stated)
    bare = _without_kicker(printed, stated, sites)
    if bare:
        return agreed if agreed and any(_kicker_of(agreed, f, sites) for f in (printed, bare)) else bare
    if news and agreed and folded_words(agreed) != folded_words(printed):
        return agreed
    return None


def _printed_or_stated(
    printed: str, stated: str | None, h1s: list[str], h1_parts: list[str], sites: frozenset[str], in_h1: bool
) -> str:
    """The printed headline, or the page's first statement where the printed one is that in another form: it with
    a kicker, a banner beside its h1, a <title> line with a tail."""
    if not stated:
        return printed
    want, got = folded_words(stated), folded_words(printed)
    if want == got:
        return printed
    if any(folded_words(h) == want for h in h1_parts):
        return stated
    if (
        any(folded_words(h) == want for h in h1s)
        and any(folded_words(h) == got for h in h1s)
        and len(got) * 2 < len(want)
    ):
        return stated  # the page prints its stated headline as an h1; the lines took another, a short banner
    if _kicker_of(printed, stated, sites) or _kicker_of(stated, printed, sites):
        return stated
    if not in_h1 and printed.startswith(stated) and _SEPARATOR.match(printed[len(stated) :]):
        return stated  # the <title> line with a tail the site's names did not tell apart
    return printed


def _section_tail(printed: str, stated: list[str]) -> str | None:
    """A stated headline that the printed line (a <title>) repeats with a short section name after it ("…-정치")."""
    for value in stated:
        if len(value) < len(printed) and printed.startswith(value) and _SECTION_TAIL.match(printed[len(value) :]):
            return value
    return None
