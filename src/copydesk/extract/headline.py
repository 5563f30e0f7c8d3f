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

# Separators between a headline and a site or section name: spaced dashes, bars, colons..., and the unspaced
# bars of CJK titles (｜, ㅣ, ：).
_SEPARATOR = re.compile(r"\s+(?:[|\-–—:·•»›/~]|::)\s+|\s*[|｜ㅣ：]\s*|\s*--\s*")
_KEY = re.compile(r"[\W_]+")
MAX_SECTION_WORDS = 2  # a section name between the headline and the site name ("… - News - SRF")
MIN_KICKER_WORDS = 2  # the shorter headline must still read as one for a kicker to be told apart
MIN_LABEL_CHARS = 4  # a host label this long names the site ("srf" alone could be a word in a headline)
MAX_SITE_WORDS = 5  # a title segment this short that holds the site's name is the site's name
# A kicker ends at a colon or bar, or at a spaced dash.
_KICKER_SEPARATOR = re.compile(r"(?<=\S)\s*[:|]\s+|\s+[–—-]\s+")


def key(text: str) -> str:
    """Casefolded letters and digits only: "STERN.de" and "stern.de", "Tages-Anzeiger" and "tagesanzeiger" meet."""
    return _KEY.sub("", text.casefold())


def _words(text: str) -> str:
    return _KEY.sub(" ", text.casefold()).strip()


def site_keys(names: Iterable[str], url: str | None) -> frozenset[str]:
    """Keys of the names a site goes by: the names it states and its host name (whole, and each label)."""
    keys = {k for name in names if len(k := key(name.lstrip("@"))) >= 2}
    host = (urlsplit(url).hostname or "") if url else ""
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
    return k in sites or (len(segment.split()) <= MAX_SITE_WORDS
                          and any(len(s) >= MIN_LABEL_CHARS and s in k for s in sites))


def strip_site(title: str, sites: frozenset[str]) -> str:
    """The title without the site name at its end or start (and a short section name next to it), else as given."""
    if not sites:
        return title
    seps = list(_SEPARATOR.finditer(title))
    if not seps:
        return title
    bounds = [0] + [x for m in seps for x in (m.start(), m.end())] + [len(title)]
    parts = [title[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2)]
    first, last = 0, len(parts)
    while last - first > 1 and is_site(parts[last - 1], sites):
        last -= 1
    if last < len(parts) and last - first > 1 and len(parts[last - 1].split()) <= MAX_SECTION_WORDS:
        last -= 1  # "Headline - News - SRF": the section between the headline and the site
    while last - first > 1 and is_site(parts[first], sites):
        first += 1
    if (first, last) == (0, len(parts)):
        return title
    return title[bounds[2 * first]:bounds[2 * last - 1]].strip()


def _kicker_of(longer: str, shorter: str, sites: frozenset[str]) -> bool:
    """Whether `longer` is `shorter` after a kicker and its separator ("Kenia: Nairobi von unten")."""
    want = _words(shorter)
    return len(want.split()) >= MIN_KICKER_WORDS and any(
        _words(longer[m.end():]) == want and not is_site(longer[:m.start()], sites)
        for m in _KICKER_SEPARATOR.finditer(longer))


def pick_headline(printed: str | None, stated: str | None, h1s: list[str], h1_parts: list[str],
                  sites: frozenset[str]) -> str | None:
    """The article's headline from the one the lines gave (`printed`) and the one the page states.

    The printed headline stands unless the markup says otherwise: it is the
    site's name; it is an h1 cut short at a dash of its own; the stated one
    is printed as an h1 (or as an h1 after its kicker element) while the lines
    took a banner; or the two differ only by a kicker and its separator, glued
    into the printed headline or printed apart from it.
    """
    in_h1 = printed is not None and any(_words(h) == _words(printed) for h in h1s)
    if printed and not in_h1:
        printed = strip_site(printed, sites)  # a <title> line the text rules took, its site name still on
    if not printed or (key(printed) in sites or (not in_h1 and is_site(printed, sites))):
        return stated or next((h for h in h1s if key(h) not in sites), printed)
    got = _words(printed)
    for h1 in h1s:
        if h1.startswith(printed) and _KICKER_SEPARATOR.match(h1[len(printed):]):
            return strip_site(h1, sites)  # the text rules cut the headline at a dash of its own
    if not stated:
        return printed
    want = _words(stated)
    if want == got:
        return printed
    if any(_words(h) == want for h in h1_parts):
        return stated
    if any(_words(h) == want for h in h1s) and any(_words(h) == got for h in h1s) and len(got) * 2 < len(want):
        return stated  # the page prints its stated headline as an h1; the lines took another, a short banner
    if _kicker_of(printed, stated, sites) or _kicker_of(stated, printed, sites):
        return stated
    if not in_h1 and printed.startswith(stated) and _SEPARATOR.match(printed[len(stated):]):
        return stated  # the <title> line with a tail the site's names did not tell apart
    return printed
