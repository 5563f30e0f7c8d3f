"""Roles and titles of people, read from the words around a name.

Two places say what someone is: a title before the name ("Russia's Foreign
Minister Sergei Lavrov", "Syrian President Bashar al-Assad") and an apposition
after it ("James Brown, an associate professor at the Japan campus of Temple
University"). A title's country or organisation goes in brackets:
"Foreign Minister (Russia)". Appositions start with a/an/the (or a country's
possessive); "Ri Yong Ho, his North Korean counterpart" names a relation, not a
role, and is left alone.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..words import SPEECH_FORMS
from .places import canonical_place, country_of_demonym

# words that make a title on their own ("President", "Minister", "analyst")
TITLE_HEADS = frozenset(
    [
        "president",
        "minister",
        "secretary",
        "chancellor",
        "premier",
        "senator",
        "sen.",
        "governor",
        "gov.",
        "mayor",
        "king",
        "queen",
        "prince",
        "princess",
        "emperor",
        "empress",
        "pope",
        "ayatollah",
        "sheikh",
        "general",
        "gen.",
        "colonel",
        "col.",
        "lieutenant",
        "lt.",
        "sergeant",
        "sgt.",
        "captain",
        "capt.",
        "admiral",
        "adm.",
        "commander",
        "chairman",
        "chairwoman",
        "chair",
        "chairperson",
        "director",
        "ambassador",
        "envoy",
        "judge",
        "justice",
        "commissioner",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "leader",
        "ceo",
        "cfo",
        "coo",
        "cto",
        "founder",
        "co-founder",
        "president-elect",
        "officer",
        "representative",
        "rep.",
        "congressman",
        "congresswoman",
        "lawmaker",
        "legislator",
        "speaker",
        "coach",
        "manager",
        "dean",
        "professor",
        "prof.",
        "attorney",
        "prosecutor",
        "detective",
        "sheriff",
        "superintendent",
        "inspector",
        "bishop",
        "archbishop",
        "cardinal",
        "rabbi",
        "imam",
        "reverend",
        "rev.",
        "pastor",
        "analyst",
        "economist",
        "strategist",
        "researcher",
        "scientist",
        "historian",
        "journalist",
        "correspondent",
        "columnist",
        "lady",
        "chief",
        "head",
        "deputy",
        "nominee",
        "candidate",
        "adviser",
        "advisor",
        "aide",
        "pollster",
    ]
)
_ABBREVIATIONS = {
    "gov.": "Governor",
    "sen.": "Senator",
    "rep.": "Representative",
    "gen.": "General",
    "lt.": "Lieutenant",
    "col.": "Colonel",
    "sgt.": "Sergeant",
    "capt.": "Captain",
    "adm.": "Admiral",
    "prof.": "Professor",
    "rev.": "Reverend",
}
# lowercase words a capitalised title may carry ("former President")
_LOWER_IN_TITLES = frozenset({"of", "-", "then", "former", "ex", "acting", "interim"})
# words that only qualify a title ("Foreign", "Prime", "former", "then-")
TITLE_MODIFIERS = frozenset(
    [
        "foreign",
        "defense",
        "defence",
        "finance",
        "interior",
        "home",
        "prime",
        "vice",
        "deputy",
        "assistant",
        "associate",
        "acting",
        "interim",
        "former",
        "then",
        "ex",
        "-",
        "senior",
        "executive",
        "state",
        "attorney",
        "general",
        "supreme",
        "first",
        "trade",
        "health",
        "education",
        "economy",
        "economic",
        "energy",
        "environment",
        "justice",
        "labor",
        "labour",
        "agriculture",
        "culture",
        "transport",
        "transportation",
        "treasury",
        "commerce",
        "security",
        "national",
        "homeland",
        "intelligence",
        "military",
        "army",
        "naval",
        "navy",
        "air",
        "force",
        "police",
        "district",
        "county",
        "city",
        "regional",
        "federal",
        "provincial",
        "party",
        "opposition",
        "majority",
        "minority",
        "house",
        "senate",
        "white",
        "press",
        "communications",
        "managing",
        "operating",
        "financial",
        "technology",
        "information",
        "union",
        "cabinet",
        "affairs",
        "development",
        "relations",
        "digital",
        "cyber",
        "war",
        "of",
        "lead",
        "chief",
    ]
)
_POSSESSIVE_TOKENS = frozenset({"'s", "\u2019s", "'", "\u2019"})
_STOP_PUNCT = frozenset(
    {",", ";", ".", ":", "\u2014", "\u2013", "-", "(", ")", '"', "\u201c", "\u201d", "!", "?", "[", "]"}
)
_STOP_WORDS = frozenset({"who", "which", "that", "whose", "where", "when", "while", *SPEECH_FORMS})
_AND_ARTICLE = re.compile(r",?\s+and\s+(?=(?:an?|the)\s)", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.IGNORECASE)  # the article a role starts with
_AT = re.compile(r"^(.+?)\s+at\s+(?:the\s+)?(.+)$")  # "<role> at (the) <place>": "professor at Temple University"
_POSSESSOR = re.compile(r"^(.+?)['\u2019]s\s+(.+)$")  # "<owner>'s <role>": "Russia's foreign minister"
_SPACED_HYPHEN = re.compile(r"\s*-\s*")  # a hyphen the tokens were joined around: "then - President"
QUALIFIER_LABELS = ("GPE", "NORP", "ORG", "LOC", "PERSON")
_MAX_APPOSITION_TOKENS = 30  # a longer stretch after "X, a ..." is a clause, not an apposition
_MAX_ROLE_WORDS = 15  # a longer part of an apposition is a description, not a role


def _is_title_word(word: str) -> bool:
    return word.lower() in TITLE_HEADS or word.lower() in TITLE_MODIFIERS


def qualifier_name(text: str, label: str) -> str:
    """The country or body a title belongs to, as it is best named ("Russian" -> "Russia", "U.S." -> "United
    States")."""
    text = re.sub(r"['\u2019]s$", "", text.strip())  # "Russia's" -> "Russia"
    return country_of_demonym(text) or canonical_place(text) or text


def leading_title_tokens(doc: Doc, start: int, end: int) -> int:
    """Index of a person span's first name token, past titles the model took in ("President Trump" -> Trump)."""
    while (
        start < end - 1 and doc[start].text.lower() in TITLE_HEADS | TITLE_MODIFIERS and doc[start].text[:1].isupper()
    ):
        start += 1
    return start


def premodifier_role(doc: Doc, first: int, ent_label_at: dict[int, tuple[int, int, str]]) -> tuple[str | None, int]:
    """The title written before the name whose first token is `first`, with its country or organisation;
    also the index of the title's first token (to drop entities inside a title)."""
    j = first - 1
    while j >= 0 and doc[j].text.lower() in ("mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr"):
        j -= 1
    stop = j
    has_head = False
    title_case = None
    while j >= 0:
        tok = doc[j]
        low = tok.text.lower()
        if low == "of":
            if j - 1 >= 0 and doc[j - 1].text.lower() in TITLE_HEADS:
                j -= 1
                continue
            break
        in_ent = ent_label_at.get(j)
        if in_ent and not (in_ent[2] == "ORG" and in_ent[1] - in_ent[0] == 1 and low in TITLE_MODIFIERS):
            break  # a real entity ends the title; a lone "State" ORG inside "Secretary of State" does not
        if not _is_title_word(low) or (
            low == "-" and j - 1 >= 0 and doc[j - 1].text.lower() not in ("then", "ex", "vice")
        ):
            break
        if low not in _LOWER_IN_TITLES:
            case = tok.text[:1].isupper()
            if has_head and case != title_case:
                break  # "nominee Gov. Mike Pence": two titles; the one next to the name is kept
            title_case = case
        has_head = has_head or low in TITLE_HEADS
        j -= 1
    if not has_head or j == stop:
        return None, first
    left = j + 1
    while left <= stop and doc[left].text.lower() in ("of", "-"):
        left += 1
    title = " ".join(_ABBREVIATIONS.get(t.text.lower(), t.text) for t in doc[left : stop + 1])
    title = _SPACED_HYPHEN.sub("-", title)
    qualifier = _title_qualifier(doc, left, ent_label_at)
    return (f"{title} ({qualifier})" if qualifier else title), left


def _title_qualifier(doc: Doc, left: int, ent_label_at: dict[int, tuple[int, int, str]]) -> str | None:
    """The country or organisation of the title whose first token is `left`, named just before it: a tagged
    entity ("Russia's", "State Department") or an untagged demonym ("Syrian"); else None."""
    q = left - 1
    possessive = q >= 0 and doc[q].text in _POSSESSIVE_TOKENS
    if possessive:
        q -= 1
    if q >= 0 and q in ent_label_at and ent_label_at[q][2] in QUALIFIER_LABELS:
        s, e, label = ent_label_at[q]
        return qualifier_name(doc[s:e].text, label)
    if q >= 0 and not possessive:
        for width in (2, 1):  # "South Korean", then "Syrian", untagged
            if q - width + 1 >= 0 and country_of_demonym(doc[q - width + 1 : q + 1].text):
                return country_of_demonym(doc[q - width + 1 : q + 1].text)
    return None


def _apposition_role(part: str) -> str | None:
    part = _ARTICLE.sub("", part.strip()).strip(" ,.;:")
    if not part or len(part.split()) > _MAX_ROLE_WORDS:
        return None
    m = _POSSESSOR.match(part)
    if m and any(w.lower() in TITLE_HEADS for w in m.group(2).split()):
        return f"{m.group(2)} ({qualifier_name(m.group(1), 'GPE')})"
    words = part.split()
    for width in (2, 1):
        country = country_of_demonym(" ".join(words[:width])) if len(words) > width else None
        if country and all(_is_title_word(w) for w in words[width:]):
            return f"{' '.join(words[width:])} ({country})"
    m = _AT.match(part)
    if m:
        return f"{m.group(1)}, {m.group(2)}"
    return part


def appositive_roles(doc: Doc, last: int) -> list[str]:
    """Roles in an apposition after the name whose last token is `last` ("X, an expert on Y" -> "expert on Y")."""
    k = last + 1
    if k < len(doc) and doc[k].text in _POSSESSIVE_TOKENS:
        return []
    if k + 1 >= len(doc) or doc[k].text != ",":
        return []
    first = doc[k + 1]
    if first.text.lower() not in ("a", "an", "the") and not (
        k + 2 < len(doc) and doc[k + 2].text in _POSSESSIVE_TOKENS and first.ent_type_ in ("GPE", "ORG")
    ):
        return []
    t = k + 1
    while t < len(doc) and t - k <= _MAX_APPOSITION_TOKENS:
        tok = doc[t]
        # a hyphen inside a word ("North Korea-Russia") is no break; a spaced dash is
        glued = tok.text == "-" and not doc[t - 1].whitespace_
        if t > k + 1 and (
            tok.is_sent_start or (tok.text in _STOP_PUNCT and not glued) or tok.text.lower() in _STOP_WORDS
        ):
            break
        t += 1
    if t - k > _MAX_APPOSITION_TOKENS or t == k + 1:
        return []
    phrase = doc[k + 1 : t].text
    roles = []
    for part in _AND_ARTICLE.split(phrase):  # "and" before an article: "an analyst and a former diplomat"
        role = _apposition_role(part)
        if role:
            roles.append(role)
    return roles
