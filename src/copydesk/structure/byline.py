"""Bylines in their common forms, and datelines with an agency.

`parse_byline(line)` reads a whole line that is a credit ("By X and Y",
"X | Reuters", "Reporting by X; Editing by Y", "X, Staff Writer", "X and Y
contributed to this report", "Von X", "Por X"...). `split_trailing_byline`
takes the "Julian Ryall reports." that ends a standfirst. Names are checked
for shape (capitalised words, initials, particles) so that a sentence that
starts with "By" is not taken for a credit.
"""

from __future__ import annotations

import re

from ..model import Byline
from ..words import AUTHOR_LABELS, BY_WORDS, BYLINE_VERBS, NAME_CONJUNCTIONS, TEXT_LABELS
from .dates import date_start, is_date_line

# A personal name: 1-4 capitalised words, with initials and lower-case particles allowed inside.
_CAP = r"[^\W\d_][\w'’.\-]*"
_WORD = rf"(?:{_CAP}|(?:de|da|del|della|der|den|di|do|dos|du|la|le|van|von|y|al|el|bin|ibn|zu|ter|ten))"
NAME = rf"(?:{_CAP}(?:\s+{_WORD}){{0,4}})"
_NAME_RE = re.compile(NAME)
_CONJUNCTION = "|".join(rf"\b{w}\b" for w in NAME_CONJUNCTIONS)
_LIST_SPLIT = re.compile(rf"\s*(?:,|;|&|{_CONJUNCTION})\s*")

AGENCIES = (
    "Reuters",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "dpa",
    "DPA",
    "Bloomberg",
    "EFE",
    "ANSA",
    "APA",
    "AAP",
    "Xinhua",
    "Kyodo",
    "Yonhap",
    "PA",
    "Press Association",
    "UPI",
    "KNA",
    "epd",
    "SDA",
    "Keystone-SDA",
    "ANP",
    "NTB",
    "TT",
    "Ritzau",
    "Belga",
    "CNA",
    "IANS",
    "PTI",
    "Tass",
    "TASS",
    "Interfax",
    "RIA Novosti",
    "Anadolu",
    "dts",
)
_AGENCY = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_AGENCY_RE = re.compile(rf"(?:{_AGENCY})", re.IGNORECASE)

_BY_LABELS = rf"(?:{'|'.join(AUTHOR_LABELS + TEXT_LABELS)})\s*:"  # "Autor: X", "Auteur : X", "Text: X"
_BY = rf"(?:(?:(?:{'|'.join(map(re.escape, BYLINE_VERBS))})\s+)?(?:{'|'.join(BY_WORDS)})|{_BY_LABELS})"
_ROLE_WORDS = (
    r"(?:staff writer|staff reporter|senior writer|senior reporter|correspondent|chief \w+ correspondent|reporter|"
    r"editor|contributor|columnist|writer|journalist|redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?|"
    r"redacci[oó]n|rédaction|special to [\w ]+|for [A-Z][\w ]+)"
)

_ROLE_RE = re.compile(_ROLE_WORDS, re.IGNORECASE)

# Every byline form has one of these: a cheap test before the full patterns.
_HINT_WORDS = frozenset(BY_WORDS + AUTHOR_LABELS + TEXT_LABELS) | {"contributed", "and"}
_HINT_MARKS = re.compile(r"[|/,;&•·]")


_WORDS = re.compile(r"[^\W\d_]+")


def _hinted(line: str) -> bool:
    """The line holds a mark or a word that every byline form needs ("Autor:" holds "autor")."""
    if _HINT_MARKS.search(line) is not None:
        return True
    tokens = line.lower().split()
    if not _HINT_WORDS.isdisjoint(tokens):
        return True
    # A word in a token with punctuation or digits ("(by", "autor:"): the letters alone, only there.
    return any(not t.isalpha() and not _HINT_WORDS.isdisjoint(_WORDS.findall(t)) for t in tokens)


_BY_PREFIX = re.compile(rf"^{_BY}\s+", re.IGNORECASE)
# The organisation after the names: a comma, a bar or a spaced dash ("Anne-Marie" keeps its hyphen).
_BYLINE = re.compile(
    rf"^{_BY}\s+(?P<names>.+?)(?:(?P<sep>\s*[|,]\s*|\s+[–—-]\s+)(?P<org>[^|,]{{2,60}}))?\.?$", re.IGNORECASE
)
# A meta row: the name between a date, a time or a reading time ("27. Januar 2026 • Gregor Meier • 3 Minuten").
_ROW_SPLIT = re.compile(r"\s+[•|·]\s+")
_DIGIT = re.compile(r"\d")
_NAME_PIPE_ORG = re.compile(
    rf"^(?P<names>{NAME}(?:\s*(?:,|and|&)\s*{NAME})*)\s*\|\s*(?P<org>{_AGENCY}|[A-Z][\w .&'-]{{1,40}})$"
)
_NAME_ROLE = re.compile(rf"^(?P<names>{NAME}),\s+(?P<role>{_ROLE_WORDS})\.?$", re.IGNORECASE)
_CONTRIBUTED = re.compile(
    rf"^(?:additional reporting by\s+)?(?P<names>{NAME}(?:\s*(?:,|and|&)\s*{NAME})*)\s+contributed"
    rf"(?: reporting)?(?: to (?:this|the) (?:report|story|article))?(?: from [\w ,]+)?\.?$"
)
_CREDIT_PARTS = re.compile(
    r"(?P<label>additional reporting by|reporting by|writing by|editing by|"
    r"edited by|compiled by|research by|fact-checked by|produced by)\s+(?P<names>[^;]+?)\s*"
    r"(?:;|$)",
    re.IGNORECASE,
)
_REPORTS = re.compile(rf"^(?P<dek>.+?[.!?…][\"”’']?)\s+(?P<names>{NAME}(?:\s+(?:and|&)\s+{NAME})?)\s+reports?\.$")
_DATELINE = re.compile(
    rf"^(?P<place>[A-ZÀ-Ý][A-ZÀ-Ý .,'’/-]{{1,40}}?)(?:,\s*[A-Z][a-z]+\.?\s+\d{{1,2}})?\s*\("
    rf"(?P<agency>{_AGENCY})\)\s*[-–—:]\s*"
)


def _is_name(text: str) -> bool:
    """A plausible personal or agency name: shaped like one and not a sentence."""
    text = text.strip()
    if not text or len(text) > 60 or not _NAME_RE.fullmatch(text):
        return False
    words = text.split()
    return words[0][0].isupper() and sum(w[0].isupper() for w in words) >= (len(words) + 1) // 2


def bare_name(text: str) -> bool:
    """A person's name alone on its line: two or three capitalised words ("Radek Nohl", "Shany Littman")."""
    words = text.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and _is_name(text)


def split_names(text: str) -> list[str]:
    """The names of a list ("X, Y und Z", "X og Y"), or [] when a part is not shaped like a name."""
    parts = [p.strip(" .") for p in _LIST_SPLIT.split(text) if p and p.strip(" .")]
    return parts if parts and all(_is_name(p) or _AGENCY_RE.fullmatch(p) for p in parts) else []


# "Von: Simone Jung" reads as "Von Simone Jung"; a time stamp after the names ends the byline
# ("Von X und Y 09.09.2025, 14:55 Uhr").
_BY_COLON = re.compile(rf"^({'|'.join(BY_WORDS)})\s*:\s*", re.IGNORECASE)
_STAMP_TAIL = re.compile(
    r"(?:\s*(?:\||//|•|·)\s*|\s+)(?:(?:um|at|à|às|a las|alle)\s+)?(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2})\b.*$"
)
# A publication line that states the date before the writer: "Veröffentlicht am 12. Juni 2017 von gizzmo", "Posted on
# September 21, 2020 by Adi Tzlil", "4.02.2022 par Bob Fischer" (the names hold no digit). After them a blog's meta
# row may go on with the time, the category ("in Aktuell") or the comments ("Ein Kommentar", "Post a Comment").
_DATED_TAIL = (
    r"\s+(?:um|at|à|às|a las|alle)\s+\d{1,2}[:.h]\d{2}.*|\s+(?:in|unter|dans|en)\s+\S.*|"
    r"\s+(?:\S+\s+){0,2}(?:kommentare?|comments?|commentaires?|comentarios?|antworten)\b.*"
)
_DATED_BY = re.compile(
    rf"^(?P<date>.{{4,60}}?)\s+(?P<by>{'|'.join(BY_WORDS)})\s+(?P<names>[^\d]+?)(?:{_DATED_TAIL})?$", re.IGNORECASE
)
_ROLE_TAIL = re.compile(rf"\s+(?P<role>{_ROLE_WORDS})$", re.IGNORECASE)


# What joins a byline's names to the date after them: "By NAME | DATE", "By NAME • Published: DATE", "By NAME on DATE".
# ("Von X am Samstag, 3. Mai 2024", "Par X le 3 mai 2024", "X Veröffentlicht am 3. Mai 2024").
_DATE_JOIN = re.compile(
    r"(?:\s*[|•·,–—/-]+\s*|\s+)(?:(?:published|updated|posted|veröffentlicht|aktualisiert|publié|publicado)\s*(?:on|am|le|el)?\s*:?\s*)?"
    r"(?:(?:on|am|le|el|il|den|du|at|um)\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)?,?\s*$",
    re.IGNORECASE,
)


def _without_date(line: str) -> str:
    """A byline cut where a date written after the names begins ("By JEFFREY GETTLEMAN JAN. 13, 2017",
    "By Daniel | Published: 23. Juli 2017 | Kommentare geschlossen"), with what joins the two."""
    at = date_start(line)
    if at is None or at == 0:
        return line
    return _DATE_JOIN.sub("", line[:at])


def _without_role(byline: Byline) -> Byline:
    """ "Ulrich Exner Korrespondent" is the name and its role ("Staff Reporter" and "Our Correspondent" name no one:
    a name is two words at least)."""
    m = _ROLE_TAIL.search(byline.name)
    if m is None or byline.role or " " not in byline.name[: m.start()] or not _is_name(byline.name[: m.start()]):
        return byline
    return Byline(byline.name[: m.start()], m.group("role"))


def parse_byline(line: str) -> list[Byline] | None:
    """The credits a whole line states, or None when the line is not a byline."""
    line = line.strip()
    # The cheap test first: most lines looked at hold no word or mark a byline needs.
    stated = f"{colon.group(1)} {line[colon.end() :]}" if ":" in line and (colon := _BY_COLON.match(line)) else line
    if len(stated) > 200 or not _hinted(stated) or is_topic_list(line):
        return None
    line = stated
    if _DIGIT.search(line):
        if _BY_PREFIX.match(line):
            line = _STAMP_TAIL.sub("", _without_date(line))
        elif dated := _dated_byline(line):
            return dated
    # Each pattern below is tried only on a line holding the text it cannot match without: "by" ends every
    # credit label, and the name patterns need their comma, "contributed" or bar (a failing match costs far more).
    if "by" in line.lower() and _CREDIT_PARTS.search(line) and _CREDIT_PARTS.sub("", line).strip(" ;.") == "":
        return _credit_parts(line)
    by = _BY_PREFIX.match(line)
    shaped = _shaped_credit(line[by.end() :] if by else line, by is not None)
    if shaped is not None:
        return shaped
    m = _BYLINE.match(line) if by else None  # _BYLINE opens with _BY_PREFIX
    if m and (names := split_names(m.group("names"))):
        return _by_credits(names, m)
    return _meta_row(line)


def _credit_parts(line: str) -> list[Byline] | None:
    """The credits of a line of labelled parts ("Reporting by X; Editing by Y"), each name with its label's role
    (the reporters none), or None when no part names anyone."""
    out = []
    for m in _CREDIT_PARTS.finditer(line):
        label = m.group("label").lower()
        role = None if label == "reporting by" else label.removesuffix(" by")
        out += [Byline(n, role) for n in split_names(m.group("names"))]
    return out or None


# The credit shapes that open with the names, each with the role it gives them and the text it cannot match without:
# "X, Staff Writer", "X and Y contributed to this report", "X | Reuters".
_SHAPES = ((_NAME_ROLE, None, ","), (_CONTRIBUTED, "contributor", "contributed"), (_NAME_PIPE_ORG, None, "|"))


def _shaped_credit(rest: str, by: bool) -> list[Byline] | None:
    """The credits of a line (`rest`: what follows its by-word, if `by`) in one of the _SHAPES, else None."""
    for pattern, role, needs in _SHAPES:
        if needs not in rest or (by and pattern is _CONTRIBUTED):
            continue
        m = pattern.match(rest)
        if m is None or not (names := split_names(m.group("names"))):
            continue
        if pattern is _NAME_ROLE:
            return [Byline(n, m.group("role")) for n in names]
        out = [Byline(n, role) for n in names]
        if pattern is _NAME_PIPE_ORG:
            org = m.group("org").strip()
            out.append(Byline(org, "agency" if _AGENCY_RE.fullmatch(org) else "outlet"))
        return out
    return None


def _by_credits(names: list[str], m: re.Match) -> list[Byline] | None:
    """The credits of a "By X" line (`m`, its _BYLINE match, and `names`, its names): the names, with what stands
    after them (an agency, their role, an outlet, the last name of a list), or None when that is none of these."""
    out = [_without_role(Byline(n)) for n in names]
    org = (m.group("org") or "").strip()
    if not org:
        return out
    if _AGENCY_RE.fullmatch(org):
        out.append(Byline(org, "agency"))
    elif _ROLE_RE.fullmatch(org):
        out = [Byline(b.name, org) for b in out]
    elif not _is_name(org):
        return None
    elif "," not in m.group("sep"):
        # "Von Johannes Ritter, Zürich": after a comma stands the reporter's place or desk, not a byline (unless it
        # ends a list of names); "By X | The Texas Newsroom" names the outlet.
        out.append(Byline(org, "outlet"))
    elif "," in m.group("names"):
        out += [Byline(n) for n in split_names(org)] or [Byline(org)]  # "Von X, Y, Z" or "Von X, Y, Z und W"
    return out


def signed_line(line: str) -> list[Byline] | None:
    """The writers of a line that says it names them, else None: one that opens with a by-word, its verb or label
    ("By X", "Posted by X", "Autor: X"), or a publication date then a by-word ("4.02.2022 par X")."""
    line = line.strip()
    head = _BY_COLON.sub(r"\1 ", line) if ":" in line else line  # (a label's colon: the test first, as parse_byline's)
    opened = _BY_PREFIX.match(head) or (_DIGIT.search(line) and _DATED_BY.match(line))
    return parse_byline(line) if opened else None


MAX_DATED_NAME_CHARS = 80  # a name and its date on one line: a meta row, never a sentence this long
# Words of a date's label, never of a name before it ("Published On", "Veröffentlicht am", "Stand").
_STAMP_WORDS = frozenset(
    {
        "published",
        "updated",
        "posted",
        "on",
        "veröffentlicht",
        "aktualisiert",
        "am",
        "stand",
        "publié",
        "le",
        "publicado",
        "el",
        "pubblicato",
        "il",
    }
)


def dated_name(line: str) -> str | None:
    """The name of a meta row that prints a person's name, then the date ("Nicole Collignon 22. Februar 2020",
    "Ariel Melgar Cabrera 3/5/2022 22:41"), else None."""
    at = date_start(line) if len(line) <= MAX_DATED_NAME_CHARS else None
    if not at:
        return None
    name = line[:at].rstrip(" -–—|•·,")
    if _STAMP_WORDS.intersection(name.casefold().split()) or not bare_name(name):
        return None
    return name if is_date_line(line[at:], short_year=True) else None


def _dated_byline(line: str) -> list[Byline] | None:
    """The writers of a line that states the publication date, then a by-word and the names, else None."""
    m = _DATED_BY.match(line)
    if m is None or not is_date_line(m.group("date")):
        return None
    return parse_byline(f"{m.group('by')} {m.group('names')}")


def _meta_row(line: str) -> list[Byline] | None:
    """The one name in a row of date, name and reading time split by bullets or bars, else None."""
    if "•" not in line and "|" not in line and "·" not in line:
        return None
    parts = _ROW_SPLIT.split(line)
    if not 2 <= len(parts) <= 4:
        return None
    names = [p for p in parts if not _DIGIT.search(p)]
    if len(names) != 1 or not _is_name(names[0]) or len(names[0].split()) < 2:
        return None
    return [Byline(names[0])]


def split_trailing_byline(line: str) -> tuple[str, list[Byline]] | None:
    """("standfirst", [byline]) for a standfirst ending "Julian Ryall reports.", else None."""
    line = line.strip()
    m = _REPORTS.match(line) if line.endswith(("report.", "reports.")) else None  # the pattern's end, tested first
    if not m:
        return None
    names = split_names(m.group("names"))
    return (m.group("dek").strip(), [Byline(n) for n in names]) if names else None


def dateline(paragraph: str) -> tuple[str, str] | None:
    """(place, agency) for a paragraph opening "MOSCOW (Reuters) -", else None."""
    m = _DATELINE.match(paragraph)
    return (m.group("place").strip(" ,"), m.group("agency")) if m else None


# A line that opens by labelling a list of tags or categories: "Tagged with WebAssembly tooling", "Filed under
# Politics, World", "Abgelegt unter Blogprojekte, Das Leben": the names that follow are topics, not writers.
_TOPIC_LIST = re.compile(
    r"^(?:tagged(?:\s+with|\s+as)?|tags?|filed\s+under|posted\s+in|categor(?:y|ies)|abgelegt\s+unter|"
    r"schlagw(?:ö|oe)rter|schlagworte|kategorien?|themen|étiquettes|catégories?|etiquetas|categorías?|"
    r"archiviato\s+in|categorie)\b\s*:?",
    re.IGNORECASE,
)
# Lower-case words that are never part of a person's name, though they sit in a credit line's other phrases:
# a widget's "Taboola by Taboola", "Leave a comment", "Hinterlasse einen Kommentar".
_NEVER_IN_NAMES = frozenset({"by", "with", "under", "unter", "the", "a", "an", "einen", "eine", "ein", "un", "une"})


def is_topic_list(line: str) -> bool:
    """A line that labels a list of tags or categories (its names are topics, not writers)."""
    return _TOPIC_LIST.match(line.strip()) is not None


def writer_like(name: str) -> bool:
    """Whether a name read from a byline element can be a writer's: no lower-case word that no name holds
    ("Taboola by Taboola", "Leave a comment")."""
    return not any(w in _NEVER_IN_NAMES for w in name.split())
