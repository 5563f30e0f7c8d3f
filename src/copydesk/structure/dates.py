"""Publication dates written in a capture's lines, in the common forms of the major languages."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

_MONTHS = {
    # English, German, French, Spanish, Italian, Portuguese, Dutch, Scandinavian (full names and usual abbreviations)
    1: "january jan januar janvier enero gennaio janeiro januari januar jänner janv ene gen",
    2: "february feb februar février fevrier febrero febbraio fevereiro februari feber févr fév",
    3: "march mar märz maerz mars marzo março maart marts",
    4: "april apr avril abril aprile",
    5: "may mai mayo maggio maio mei",
    6: "june jun juni juin junio giugno junho",
    7: "july jul juli juillet julio luglio julho juil",
    8: "august aug août aout agosto augustus ago",
    9: "september sep sept septembre septiembre settembre setembro set",
    10: "october oct oktober octobre octubre ottobre outubro okt",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember décembre decembre diciembre dicembre dezembro desember dic dez",
}
MONTH = {name: num for num, names in _MONTHS.items() for name in names.split()}
_M = "|".join(sorted(MONTH, key=len, reverse=True))

# The patterns read lower-cased text: far faster than IGNORECASE, which tries every month name at every word.
_PATTERNS = [
    # 2024-05-03, 2024/05/03
    (re.compile(r"\b(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b"), None),
    # 3. Mai 2024, 3 May 2024, 3 de mayo de 2024
    (
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th)?\s+(?:de\s+)?(?P<mon>{_M})\.?,?\s+(?:de\s+)?(?P<y>(?:19|20)\d\d)\b"
        ),
        "mon",
    ),
    # May 3, 2024 / Oct. 17, 2023
    (re.compile(rf"\b(?P<mon>{_M})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b"), "mon"),
    # 03.05.2024 (day first, as everywhere outside the US; see `find_date`'s `month_first`)
    (re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)\b"), "dm"),
    # 2024年5月3日
    (re.compile(r"(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"), None),
    # 06/01/2026: day first, as the pages read outside the US write it
    (re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d)\b"), "dm"),
]
# 27.04.24: a two-digit year, this century; read only in a line that is a date and little else.
_SHORT_YEAR = (re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d\d)\b(?![.\d])"), "dm")
_WITH_SHORT_YEAR = [*_PATTERNS, _SHORT_YEAR]
_YEAR = re.compile(r"(?:19|20)\d\d")  # what every pattern but the short year's holds: a cheap test first
# A line that is a date and little else: "October 17, 2023 6:01 PM ET", "Updated 3. Mai 2024, 17:47".
_DIGIT = re.compile(r"\d")
_DATE_WORDS = re.compile(
    r"\b(?:published|updated|posted|last updated|modified|on|at|am|um|uhr|"
    r"le|el|il|den|pm|am|et|est|edt|cet|cest|gmt|utc|mis à jour|publié|actualizado|"
    r"aktualisiert|veröffentlicht|stand)\b",
)


def find_date(text: str, short_year: bool = False, month_first: bool = False) -> str | None:
    """The first valid calendar date written in `text`, as YYYY-MM-DD, or None.

    `short_year`: also read "27.04.24" (for a line already known to be a date line). `month_first`: a numeric date
    whose two first numbers could each be the month ("11.03.17", "11/03/2017") is read month first, as pages in a US
    locale write it (`month_first_locale`); day first otherwise. Where only one order makes a date ("03/25/2017",
    "25/03/2017"), that one is read, whatever the locale.
    """
    text = text[:2000].lower()
    if not short_year and _YEAR.search(text) is None:
        return None
    for pattern, kind in _WITH_SHORT_YEAR if short_year else _PATTERNS:
        for m in pattern.finditer(text):
            year = int(m.group("y"))
            year += 2000 if year < 100 else 0
            orders: list[tuple[Any, Any]]  # (month, day): a number, its digits or None
            if kind == "mon":
                orders = [(MONTH.get(m.group("mon")), m.group("d"))]
            elif kind == "dm":
                orders = [(m.group("m"), m.group("d")), (m.group("d"), m.group("m"))]
                orders = orders[::-1] if month_first else orders
            else:
                orders = [(m.group("m"), m.group("d"))]
            for month, day in orders:
                try:
                    return date(year, int(month), int(day)).isoformat()
                except (TypeError, ValueError):
                    continue
    return None


# A locale tag whose region writes numeric dates month first ("en-US", "en_US", "es-US").
_MONTH_FIRST_LOCALE = re.compile(r"^[a-z]{2,3}[-_]us\b", re.IGNORECASE)


def month_first_locale(*tags: str | None) -> bool:
    """Whether the page's stated locale (`<html lang>`, `og:locale`: the first one given) writes the month first."""
    tag = next((t.strip() for t in tags if t and t.strip()), "")
    return bool(_MONTH_FIRST_LOCALE.match(tag))


def date_start(text: str) -> int | None:
    """Where the first date written in `text` begins (a valid one or not), or None."""
    low = text[:2000].lower()
    if _YEAR.search(low) is None:
        return None
    starts = [m.start() for pattern, _ in _PATTERNS if (m := pattern.search(low))]
    return min(starts) if starts else None


_NUMERALS = re.compile(r"[\d:.,|/·•()\-–—]+")


def is_date_line(line: str, short_year: bool = False) -> bool:
    """True for a short line that holds a date and nothing much else (`short_year`: "27.04.24" counts)."""
    if len(line) > 80 or not _DIGIT.search(line) or find_date(line, short_year) is None:
        return False
    rest = line.lower()
    for pattern, _ in _WITH_SHORT_YEAR if short_year else _PATTERNS:
        rest = pattern.sub(" ", rest)
    rest = _DATE_WORDS.sub(" ", rest)
    rest = _NUMERALS.sub(" ", rest)
    return len(rest.split()) <= 3
