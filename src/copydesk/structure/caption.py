"""Photo captions and their credits.

A capture fuses a caption with its credit in a few recurring shapes: a
trailing parenthesis "(picture-alliance/dpa/S. Savostyanov)", a labelled tail
"Photo: AP", an agency slash "REUTERS/Jane Doe", "Getty Images" or "©". A credit
can also stand on a line of its own right after the caption. These shapes are
the same in every language; only the labels differ.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..words import BY_WORDS, CREDIT_LABELS, NAME_CONJUNCTIONS
from .dates import is_date_line

_LABEL = f"(?:{'|'.join(CREDIT_LABELS)})"  # a word that labels a credit ("Foto", "Photo", "Bildquelle")
# The agencies, each name as it is written.
_AGENCY_NAMES = (
    "AP",
    "AFP",
    "Reuters",
    "REUTERS",
    "dpa",
    "DPA",
    "Getty Images",
    "Getty",
    "picture-alliance",
    "picture alliance",
    "Imago",
    "IMAGO",
    "EPA",
    "EPA-EFE",
    "Keystone",
    "KEYSTONE",
    "Shutterstock",
    "iStockphoto",
    "iStock",
    "Xinhua",
    "Kyodo",
    "Yonhap",
    "EFE",
    "ANSA",
    "APA",
    "AAP",
    "NTB",
    "TT",
    "Ritzau",
    "ANP",
    "Belga",
    "PA",
    "PA Wire",
    "Alamy",
    "Bloomberg",
    "NurPhoto",
    "SOPA Images",
    "Sipa",
    "SIPA",
    "ZUMA",
    "Zuma",
    "Anadolu",
    "Agencia",
    "Europa Press",
    "Hans Lucas",
    "Abaca",
    "AA",
    "ullstein bild",
    "Avalon",
    "Newscom",
    "UPI",
    "Polaris",
    "Redux",
    "Scanpix",
    "Lehtikuva",
    "Wikimedia Commons",
    "Unsplash",
    "Pexels",
    "dpa-tmn",
    # The agencies' names in their own scripts: Yonhap, Newsis, News1, Kyodo, Xinhua, Jiji, Reuters; full-width AP, AFP.
    "연합뉴스",
    "뉴시스",
    "뉴스1",
    "共同通信社",
    "共同通信",
    "新華社",
    "新华社",
    "時事通信",
    "ロイター",
    "ＡＰ",
    "ＡＦＰ",
)
_AGENCY = f"(?:{'|'.join(re.escape(name) for name in _AGENCY_NAMES)})"
# The credit itself: short, no sentence inside it.
_CREDIT_BODY = r"[^()\n]{2,90}?"

_TRAILING_PAREN = re.compile(rf"^(?P<caption>.{{8,}}?)\s*\((?P<credit>{_CREDIT_BODY})\)\.?$", re.DOTALL)
_LABELLED_TAIL = re.compile(
    rf"^(?P<caption>.{{8,}}?)[\s.|,–—-]+(?P<credit>(?:{_LABEL})\s*:\s*{_CREDIT_BODY}(?:\s*\([^()\n]{{2,40}}\))?|©\s*{_CREDIT_BODY})$",
    re.IGNORECASE,
)
_AGENCY_TAIL = re.compile(
    rf"^(?P<caption>.{{8,}}?[.!?…)\"”]?)(?:\s+(?:[|–—-]\s*)?|＝|(?<=）))"
    rf"(?P<credit>(?:[\w.'’ -]{{2,40}}/)?{_AGENCY}(?:\s*/\s*[\w.'’ -]{{2,40}}){{0,2}}(?:\s+via\s+{_AGENCY})?)\.?$"
)
# A photographer's name closing the caption, after its last sentence in brackets ("… Apostoli. (Edu Luque)") or
# after a spaced slash ("… in La Soledat / Lorenzo Marina"): two to four capitalised words.
_PERSON = r"[^\W\d_][\w'’.-]+(?: [^\W\d_][\w'’.-]*){1,3}"
_NAME_TAIL = re.compile(rf"^(?P<caption>.{{8,}}?(?:[.!?]\s*\(|\s+/\s+))(?P<credit>{_PERSON})\)?$")
# A photographer's or source's path after the caption's last sentence: "… í gær, mánudag. Ljósmynd/Aðsend".
_PATH_TAIL = re.compile(
    r"^(?P<caption>.{8,}?[.!?])\s+(?P<credit>[^\W\d_][\w.'’-]*(?: [\w.'’-]+){0,3}/[^\W\d_][\w.'’ -]{1,40})$"
)
# A labelled or © credit may end with the agency in brackets: "Foto: Urs Flueeler (Keystone)".
_CREDIT_ONLY = re.compile(
    rf"^(?:(?:{_LABEL})\s*:\s*{_CREDIT_BODY}(?:\s*\([^()\n]{{2,40}}\))?|©\s*{_CREDIT_BODY}(?:\s*\([^"
    rf"()\n]{{2,40}}\))?|(?:[\w.'’ -]{{2,40}}/)*{_AGENCY}(?:\s*[/|]\s*[\w.'’ -]{{2,40}}){{0,3}}(?:\s+via\s+{_AGENCY})?"
    rf"|[\w.'’ -]{{2,40}}(?:\s*/\s*[\w.'’ -]{{2,40}}){{1,3}})$",
    re.IGNORECASE,
)
# A label, or a compound of one ("Symbolfoto:", "Archivbild:", "Titelfoto:").
_LABEL_PREFIX = re.compile(rf"^(?:{_LABEL}(?:\s+{_LABEL})?|\w{{2,12}}(?:foto|bild|photo))\s*[:=]\s*", re.IGNORECASE)
# A labelled credit in square brackets closing the caption: "… 당선인. [사진 출처 = 연합뉴스]".
_BRACKETED = re.compile(
    rf"^(?P<caption>.{{8,}}?)\s*\[(?P<credit>(?:{_LABEL})(?:\s+{_LABEL})?\s*[:=]\s*[^\[\]]{{2,60}})\]$", re.IGNORECASE
)
# Japanese captions close on who took or gave the picture: "…霞ケ関で（潟沼義樹撮影）", "…（警視庁提供）".
_TAKEN_BY = re.compile(r"^(?P<caption>.{8,}?)（(?P<credit>[^（）]{1,30}?)(?:撮影|提供)）$")


_AGENCY_WORD = re.compile(rf"\b{_AGENCY}\b")
_DIGIT = re.compile(r"\d")
_NAME_PATH = re.compile(r"[\w.'’ -]{2,40}(?:\s*/\s*[\w.'’ -]{2,40}){1,3}")


# A web address alone: "bit.ly/1BU9mCU", "pic.twitter.com/Tve77ov5JZ" (a link, an embedded tweet's picture); a
# site's name before a photographer's ("mbl.is/Atli Steinn Guðmundsson") is a credit.
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/)\S*$")


def _credit_like(text: str) -> bool:
    """A credit names an agency, carries a photo label or ©, or is a Name/Agency path (a web address is none)."""
    return bool(
        _AGENCY_WORD.search(text)
        or _LABEL_PREFIX.match(text)
        or text.startswith("©")
        or (_NAME_PATH.fullmatch(text) and not _WEB_ADDRESS.match(text))
    )


def _unbracketed(text: str) -> str:
    """A credit written whole in brackets, without them: "(Foto: Pool via REUTERS)" -> "Foto: Pool via REUTERS"."""
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        return text[1:-1].strip()
    return text


def clean_credit(credit: str) -> str:
    """The credit without its "Photo:" label, © sign or trailing dot."""
    credit = _unbracketed(credit.strip())
    for _ in range(3):  # "Foto: Bild: SN/APA", "© Foto: X": labels stack
        stripped = _LABEL_PREFIX.sub("", credit).lstrip("© ")
        if stripped == credit:
            break
        credit = stripped
    return credit.rstrip(" .")


# Words of the agency names, lower-cased: a cheap test of a line's tail before the full patterns.
_LETTERS = re.compile(r"[a-z]+")
_WORD_EDGES = ".,;!?\"'”’»«(“‘"
_NATIVE_AGENCIES = tuple(name for name in _AGENCY_NAMES if not name.isascii())
_AGENCY_WORDS = frozenset(word for name in _AGENCY_NAMES for word in _LETTERS.findall(name.lower()))
_FOLDED_AGENCY_NAMES = tuple(name.casefold() for name in _AGENCY_NAMES)


# Cheap tests of what a line must hold for a costly pattern to match it: each is true of every line the pattern
# matches (tests/structure/test_text_captions.py checks it), so a line that fails one is not tried.


def _label_colon(text: str) -> bool:
    """A photo label, case-blind, right before a colon ("Foto:", "Photo :")."""
    if ":" not in text:
        return False
    return any(part.rstrip().endswith(CREDIT_LABELS) for part in text.casefold().split(":")[:-1])


def _may_have_labelled_tail(line: str) -> bool:
    """Needed by _LABELLED_TAIL: a © or a labelled colon."""
    return "©" in line or _label_colon(line)


def _may_have_agency_tail(line: str) -> bool:
    """Needed by _AGENCY_TAIL: its credit holds a slash, or ends the line with the agency's name."""
    return "/" in line or line.removesuffix(".").endswith(_AGENCY_NAMES)


def _may_be_credit_only(line: str) -> bool:
    """Needed by _CREDIT_ONLY: a slash, a ©, a labelled colon, or an agency's name (any case) opening the line."""
    return "/" in line or "©" in line or _label_colon(line) or line.casefold().startswith(_FOLDED_AGENCY_NAMES)


def has_credit_hint(tail: str) -> bool:
    """Every credit shape puts a bracket, slash, ©, colon or an agency's name near the end of the line."""
    if ")" in tail or "/" in tail or "©" in tail or ":" in tail or "）" in tail or "]" in tail or "＝" in tail:
        return True
    if not tail.isascii() and tail.rstrip(" .").endswith(_NATIVE_AGENCIES):
        return True
    # Otherwise the agency's name is what ends the line ("... Getty Images", "... AFP").
    for word in tail.lower().rsplit(None, 2)[-2:]:
        core = word.strip(_WORD_EDGES)
        if core.isascii() and core.isalpha():  # a plain word (most are): one set lookup
            if core in _AGENCY_WORDS:
                return True
        elif not _AGENCY_WORDS.isdisjoint(_LETTERS.findall(word)):
            return True
    return False


def _named(credit: str) -> bool:
    """Every word of the credit opens with a capital, as a person's name does."""
    return all(w[:1].isupper() for w in credit.split())


def _enough_words(caption: str, least: int = 3) -> bool:
    """`least` words or more; in a script written without spaces (Japanese, Chinese), eight characters."""
    words = sum(any(c.isalnum() for c in w) for w in caption.split())
    return words >= least or (words >= 1 and not caption.isascii() and len(caption) >= 8 and " " not in caption)


def _spaced_path(caption: str, credit: str) -> tuple[str, str]:
    """Move a photographer written "Name / " before the agency from the caption's end into the credit.

    "… à Paris, le 12 juillet 2023. BERTRAND GUAY /" + "AFP" -> "… 2023." + "BERTRAND GUAY / AFP":
    the name is what follows the caption's last sentence.
    """
    cut = caption.rfind(". ")
    if cut > 0 and len(caption) - cut <= 45:
        return caption[: cut + 1], f"{caption[cut + 2 :]} {credit}"
    return caption.rstrip(" /"), credit


@lru_cache(maxsize=1024)  # a pure function that several rules ask of the same line
def split_caption(line: str) -> tuple[str, str] | None:
    """(caption, credit) when the line ends in a recognisable credit, else None.

    A line that is a credit as a whole ("Álex Cámara - Europa Press / Europa Press") holds no caption.
    """
    if len(line) > 600 or len(line) < 12 or not has_credit_hint(line[-60:]) or is_credit_line(line):
        return None
    # Each shape has a mark the line must hold; without it the pattern's scan is skipped.
    if line.endswith("）") and (m := _TAKEN_BY.match(line)):
        return m.group("caption").strip(), m.group("credit").strip()  # the closing word is the credit's label
    for pattern, mark in (
        (_TRAILING_PAREN, line.endswith((")", ")."))),
        (_BRACKETED, line.endswith("]")),
        (_LABELLED_TAIL, _may_have_labelled_tail(line)),
        (_AGENCY_TAIL, _may_have_agency_tail(line)),
        (_PATH_TAIL, "/" in line[-45:]),
        (_NAME_TAIL, line.endswith(")") or " / " in line[-45:]),
    ):
        m = pattern.match(line) if mark else None
        if m and (
            pattern is _NAME_TAIL
            and _named(m.group("credit"))
            and not is_date_line(m.group("caption"))
            or _credit_like(m.group("credit").strip())
        ):
            caption, credit = (
                m.group("caption").strip(" |–—-/(" if pattern is _NAME_TAIL else " |–—-"),
                m.group("credit"),
            )
            cut = credit.rfind(". ")
            if (
                cut > 2
                and credit[cut - 1].islower()
                and credit[cut - 3 : cut].isalpha()
                and _credit_like(credit[cut + 2 :])
            ):
                # "… der 22-jährigen Mahsa Amini. Uncredited/AP/dpa": the caption's last sentence is not the credit.
                caption, credit = f"{caption} {credit[: cut + 1]}", credit[cut + 2 :]
            if caption.endswith("/"):
                caption, credit = _spaced_path(caption, credit)
            # A name alone ("Rejoice Ndlovu.") is a caption when a photo label or © marks the credit.
            if (
                _enough_words(caption, 2 if pattern is _LABELLED_TAIL else 3)
                and not _LABEL_PREFIX.match(caption)
                and not caption.startswith("©")
            ):
                # ("Foto: Fredrik Varfjell / NTB", "© Matt Campbell / DPA" are credits alone, no caption in them.)
                return caption, clean_credit(credit)
    return None


_LABEL_ALONE = re.compile(rf"^(?:{_LABEL})\s*:?$", re.IGNORECASE)


def label_alone(line: str) -> bool:
    """A photo label on a line of its own ("Foto:"), the credit on the next line."""
    return _LABEL_ALONE.match(line.strip()) is not None


def marked_credit(line: str) -> bool:
    """The credit names an agency, or carries a photo label or ©: a credit by its wording, not only its shape."""
    return bool(_AGENCY_WORD.search(line) or _LABEL_PREFIX.match(line) or "©" in line)


@lru_cache(maxsize=1024)  # a pure test asked twice of most lines (by split_caption, then for a credit line)
def is_credit_line(line: str) -> bool:
    """A line that is nothing but a photo credit ("Imago/Blaulicht-News.de", "Foto: dpa").

    A bare path of names with no agency, label or © must look like names: a
    digit or a spaced dash in it makes it a breadcrumb ("Relegation - 2.Bundesliga/3. Liga");
    what a photo label alone marks must name someone, not be a phrase.
    """
    line = _unbracketed(line.strip())
    if (
        len(line) > 100
        or not has_credit_hint(line)
        or not _may_be_credit_only(line)
        or not _CREDIT_ONLY.fullmatch(line)
        or not _credit_like(line)
    ):
        return False
    if _AGENCY_WORD.search(line) or "©" in line:
        return True
    if _LABEL_PREFIX.match(line):
        return "/" in line or _names_someone(_LABEL_PREFIX.sub("", line, count=1))
    return not (_DIGIT.search(line) or " - " in line)


# Small words a credit's names may hold ("Image: @jane on Instagram", "Foto: Archiv der Stadt", "Foto: X und Y",
# "Bild: Gemälde von X"): prepositions, articles and name particles, the conjunctions and the by-words.
_CREDIT_SMALL_WORDS = frozenset(
    {
        "via",
        "on",
        "for",
        "from",
        "of",
        "the",
        "courtesy",
        "der",
        "die",
        "das",
        "van",
        "de",
        "del",
        "du",
        "des",
        "la",
        "le",
        *NAME_CONJUNCTIONS,
        *BY_WORDS,
    }
)
MAX_SMALL_WORDS = 2  # "Foto: privat", "Bild: imago images"; more is a phrase ("PHOTOS: More stars who messed up")


def _names_someone(credit: str) -> bool:
    """What follows a photo label names a person, an agency or a source, rather than linking to a gallery
    ("PHOTOS: Celebrity flubs!", "PHOTOS: More stars who messed up on live TV")."""
    if "!" in credit or "?" in credit:
        return False
    small = [w for w in credit.split() if w[:1].islower() and w.strip("(),.") not in _CREDIT_SMALL_WORDS]
    return len(small) <= MAX_SMALL_WORDS
