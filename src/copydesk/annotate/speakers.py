"""Who is speaking: cue verbs, the speaker phrase next to them, and its canonical name.

A speaker is resolved to an entity of `article.entities` when one matches (by
mention, name, alias or surname), else to the fullest name seen earlier in the
article with the same surname, else kept as written. Pronouns go to the most
recent compatible person who spoke or was the subject of a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Article, Entity
from ..words import SPEECH_VERBS

TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "rep",
        "sen",
        "gov",
        "lt",
        "gen",
        "col",
        "capt",
        "sgt",
        "adm",
        "pres",
        "president",
        "vice",
        "chairman",
        "chairwoman",
        "chair",
        "commissioner",
        "secretary",
        "senator",
        "governor",
        "judge",
        "justice",
        "mayor",
        "minister",
        "prime",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "rev",
        "father",
        "sister",
        "brother",
        "del",
        "assemblyman",
        "assemblywoman",
        "councilman",
        "councilwoman",
        "congressman",
        "congresswoman",
        "speaker",
        "leader",
        "sheriff",
        "officer",
        "detective",
        "professor",
        "coach",
        "ambassador",
        "attorney",
        "general",
        "representative",
        "first",
        "lady",
        "sir",
        "dame",
        "lord",
        "director",
        "chief",
        "deputy",
        "former",
        "candidate",
        "nominee",
    ]
)
MALE = frozenset(
    [
        "mr",
        "he",
        "him",
        "his",
        "sir",
        "king",
        "prince",
        "father",
        "brother",
        "congressman",
        "chairman",
        "spokesman",
        "assemblyman",
        "councilman",
        "businessman",
        "lord",
        "husband",
        "son",
        "widower",
        "grandfather",
        "man",
        "actor",
        "uncle",
        "nephew",
    ]
)
FEMALE = frozenset(
    [
        "mrs",
        "ms",
        "miss",
        "she",
        "her",
        "dame",
        "queen",
        "princess",
        "sister",
        "mother",
        "congresswoman",
        "chairwoman",
        "spokeswoman",
        "assemblywoman",
        "councilwoman",
        "businesswoman",
        "lady",
        "wife",
        "daughter",
        "widow",
        "grandmother",
        "woman",
        "actress",
        "aunt",
        "niece",
        "mom",
    ]
)
# Common first names, for pronoun agreement ("he said" never goes to Hillary Clinton).
MALE_FIRST = frozenset(
    [
        "aaron",
        "adam",
        "al",
        "alan",
        "albert",
        "alex",
        "alexander",
        "andrew",
        "angus",
        "anthony",
        "antonin",
        "arthur",
        "barack",
        "ben",
        "benjamin",
        "bernie",
        "bill",
        "bob",
        "bobby",
        "brad",
        "brian",
        "bruce",
        "carl",
        "carlos",
        "charles",
        "charlie",
        "chris",
        "christopher",
        "chuck",
        "cory",
        "dan",
        "daniel",
        "david",
        "dennis",
        "dick",
        "don",
        "donald",
        "doug",
        "douglas",
        "ed",
        "eddie",
        "edward",
        "elijah",
        "eric",
        "frank",
        "fred",
        "gary",
        "george",
        "gerald",
        "greg",
        "gregory",
        "harry",
        "henry",
        "howard",
        "ian",
        "jack",
        "jacob",
        "james",
        "jason",
        "jeb",
        "jeff",
        "jeffrey",
        "jerry",
        "jim",
        "jimmy",
        "joe",
        "joel",
        "john",
        "jon",
        "jonathan",
        "jose",
        "joseph",
        "josh",
        "juan",
        "justin",
        "keith",
        "ken",
        "kenneth",
        "kevin",
        "larry",
        "lee",
        "lindsey",
        "marco",
        "mark",
        "martin",
        "matt",
        "matthew",
        "michael",
        "mike",
        "mitch",
        "mitt",
        "newt",
        "nick",
        "nicholas",
        "paul",
        "pete",
        "peter",
        "phil",
        "philip",
        "ralph",
        "randy",
        "raymond",
        "reince",
        "richard",
        "rick",
        "rob",
        "robert",
        "roger",
        "ron",
        "ronald",
        "rudy",
        "russell",
        "ryan",
        "sam",
        "samuel",
        "scott",
        "sean",
        "sergei",
        "stephen",
        "steve",
        "steven",
        "ted",
        "terry",
        "thomas",
        "tim",
        "timothy",
        "todd",
        "tom",
        "tony",
        "vladimir",
        "walter",
        "wayne",
        "william",
        "xi",
    ]
)
FEMALE_FIRST = frozenset(
    [
        "alice",
        "amanda",
        "amy",
        "angela",
        "ann",
        "anna",
        "anne",
        "barbara",
        "betty",
        "betsy",
        "carly",
        "carol",
        "caroline",
        "catherine",
        "chelsea",
        "cheryl",
        "christine",
        "claire",
        "debbie",
        "deborah",
        "diane",
        "donna",
        "dorothy",
        "elizabeth",
        "ellen",
        "emily",
        "gwen",
        "heather",
        "heidi",
        "helen",
        "hillary",
        "hope",
        "huma",
        "ivanka",
        "jane",
        "janet",
        "jennifer",
        "jessica",
        "jill",
        "joan",
        "joanne",
        "judy",
        "julia",
        "julie",
        "karen",
        "kate",
        "katherine",
        "kathleen",
        "kathy",
        "kellyanne",
        "kelly",
        "kim",
        "laura",
        "lauren",
        "linda",
        "lisa",
        "loretta",
        "lynn",
        "margaret",
        "maria",
        "marie",
        "marilyn",
        "martha",
        "mary",
        "megyn",
        "melania",
        "melanie",
        "michelle",
        "nancy",
        "nicole",
        "nikki",
        "pam",
        "pamela",
        "patricia",
        "patti",
        "rachel",
        "rebecca",
        "ruth",
        "sarah",
        "sharon",
        "stephanie",
        "susan",
        "suzanne",
        "tammy",
        "theresa",
        "tina",
        "valerie",
        "victoria",
        "virginia",
        "wendy",
    ]
)
# Things that speak for their author ("the IMF report said", "a Clinton ad says").
DOCUMENTS = frozenset(
    [
        "report",
        "statement",
        "ad",
        "advertisement",
        "letter",
        "release",
        "memo",
        "study",
        "analysis",
        "tweet",
        "post",
        "video",
        "website",
        "blog",
        "book",
        "article",
        "editorial",
        "essay",
        "op-ed",
        "survey",
        "poll",
        "filing",
        "complaint",
        "lawsuit",
    ]
)
PRONOUNS = {
    "he": "m",
    "him": "m",
    "she": "f",
    "her": "f",
    "they": "p",
    "them": "p",
    "i": "1",
    "we": "p",
    "it": "n",
    "you": "2",
}
_WORD = re.compile(r"[\w’'.-]+")
_SHORT_WORD = 3  # name words shorter than this ("Al", "de") are never taken for a common word of the article
_MAX_VERB_HOPS = 4  # conjunctions and participles followed up from a cue verb in search of its subject
_PRONOUN_REACH = 8  # blocks back that a pronoun looks for the person it stands for


def norm(word: str) -> str:
    """A name word for comparison: lowercased, no possessive, no trailing dot."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.strip(".'-")


def surname(name: str) -> str:
    """The last word of a name, normalised (the key names are matched on)."""
    words = [norm(w) for w in _WORD.findall(name)]  # words with their apostrophes, dots, hyphens: "O’Neill", "Jr."
    words = [w for w in words if w and w not in ("jr", "sr", "ii", "iii")]
    return words[-1] if words else ""


@dataclass(slots=True)
class Who:
    """A resolved speaker: entity id (or None), the name to show, and what kind of speaker it is."""

    id: str | None
    name: str
    kind: str = "person"  # person | group | org | unknown
    gender: str = "?"  # m | f | p (plural) | ?


@dataclass
class Names:
    """Name resolution for one article: entities first, then fuller names seen earlier.

    An entity is only taken for a written name it agrees with: same surname, or (for a first name or
    alias) an entity whose name is a proper person name. Headline case can make an entity of "Obama
    Says" with alias "Obama"; its last word is a common word of the article ("says"), so a speaker
    written "Obama" stays "Obama" rather than becoming "Obama Says".
    """

    entities: list[Entity]
    common: frozenset[str] = frozenset()  # words the article writes in lower case ("says", "speech")
    seen: dict[str, str] = field(default_factory=dict)  # surname -> fullest name seen so far
    gender: dict[str, str] = field(default_factory=dict)  # canonical name -> m | f

    def learn(self, name: str) -> None:
        """Remember a written name so a later bare surname maps to it."""
        key = surname(name)
        if key and self.proper(name) and len(name.split()) > len(self.seen.get(key, "").split()):
            self.seen[key] = name

    def proper(self, name: str) -> bool:
        """Every word of the name is capitalised and none is a word the article writes in lower case."""
        words = [norm(w) for w in _WORD.findall(name) if w[:1].isalpha()]
        if not words or not all(w[:1].isupper() for w in _WORD.findall(name) if w[:1].isalpha()):
            return False
        # "Says" is "say" + s: the article may only write "said", so verbs count by their lemma too.
        return all(
            len(w) < _SHORT_WORD
            or w in TITLES
            or w not in self.common
            and not (w.endswith("s") and w[:-1] in self.common)
            for w in words
        )

    def agrees(self, ent: Entity, name: str, gender: str = "?") -> bool:
        """The entity may stand for the written name: same surname, or a proper name holding the written word."""
        if (
            gender in ("m", "f")
            and ent.type == "PERSON"
            and self.gender.get(ent.name, name_gender(ent.name)) not in ("?", gender)
        ):
            return False  # "Mr. Obama" is not Michelle Obama
        key = surname(name)
        if not key:
            return False
        if surname(ent.name) == key:
            return True
        return self.proper(ent.name) and any(norm(w) == key for n in [ent.name, *ent.aliases] for w in _WORD.findall(n))

    def entity_at(self, block: int, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping these offsets."""
        for e in self.entities:
            for m in e.mentions:
                if m.block == block and m.start < end and start < m.end:
                    return e
        return None

    def entity_named(self, name: str, gender: str = "?") -> Entity | None:
        """The entity whose name or alias is `name`, else the person whose surname it shares (agreeing only)."""
        low = name.lower()
        for e in self.entities:
            if (e.name.lower() == low or low in (a.lower() for a in e.aliases)) and self.agrees(e, name, gender):
                return e
        key = surname(name)
        if not key:
            return None
        for types in (("PERSON",), ("ORG", "NORP", "GPE")):
            for e in self.entities:
                if (
                    e.type in types
                    and (surname(e.name) == key or any(surname(a) == key for a in e.aliases))
                    and self.agrees(e, name, gender)
                ):
                    return e
        return None

    def resolve(
        self, name: str, block: int | None = None, start: int = 0, end: int = 0, kind: str = "person", gender: str = "?"
    ) -> Who:
        """The canonical speaker for a written name."""
        ent = self.entity_at(block, start, end) if block is not None else None
        if ent is not None and not self.agrees(ent, name, gender):
            ent = None  # the mention's entity is another reading ("Obama Says", a wrong merge): the name wins
        if ent is None or ent.type not in ("PERSON", "ORG", "NORP", "GPE", "FAC"):
            ent = self.entity_named(name, gender) or ent
        if ent is not None:
            kind = "person" if ent.type == "PERSON" else "org"
            return Who(ent.id, ent.name, kind, self.gender.get(ent.name, name_gender(ent.name)))
        full = self.seen.get(surname(name), name)
        if (
            len(full.split()) < len(name.split())
            or gender in ("m", "f")
            and self.gender.get(full, name_gender(full)) not in ("?", gender)
        ):
            full = name
        return Who(None, full, kind, self.gender.get(full, name_gender(full)))


def name_tokens(tok):
    """The tokens of the proper name headed by `tok` (compounds and flat parts to its left), titles stripped."""
    toks = [tok]
    i = tok.i - 1
    doc = tok.doc
    while (
        i >= 0
        and doc[i].head == tok
        and doc[i].dep_ in ("compound", "flat", "nmod", "amod", "punct")
        and (doc[i].pos_ == "PROPN" or doc[i].text in ("[", "]", "-", "“", "”", '"'))
    ):
        toks.insert(0, doc[i])
        i -= 1
    # A named-entity span around the head wins when it is longer (spaCy splits some names oddly).
    for ent in doc.ents:
        if (
            ent.start <= tok.i < ent.end
            and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC")
            and ent.start < toks[0].i
        ):
            toks = [t for t in ent if t.i <= tok.i]
    # A name starts with a capitalised word: "public ― Trump" (a bad NER span) is "Trump".
    while len(toks) > 1 and (
        norm(toks[0].text) in TITLES
        or toks[0].text in ("[", "]", "the", "The")
        or not toks[0].text[:1].isalnum()
        or toks[0].text[:1].islower()
    ):
        toks = toks[1:]
    return toks


def gender_hint(tok) -> str:
    """m/f from an honorific, a first name or a gendered role word next to the name, else '?'."""
    doc = tok.doc
    lo = max(0, tok.left_edge.i - 1)
    for t in list(doc[lo : tok.i + 1]) + [c for c in tok.children if c.dep_ == "appos"]:
        w = norm(t.text)
        if w in MALE or w in MALE_FIRST and t.i < tok.i:
            return "m"
        if w in FEMALE or w in FEMALE_FIRST and t.i < tok.i:
            return "f"
    return "?"


def name_gender(name: str) -> str:
    """m/f from the first word of a full name, else '?'."""
    words = name.split()
    if len(words) < 2:
        return "?"
    w = norm(words[0])
    return "m" if w in MALE_FIRST or w in MALE else "f" if w in FEMALE_FIRST or w in FEMALE else "?"


def cue_text(verb) -> str:
    """The cue as written: the verb plus its particle ('point out')."""
    prt = [c for c in verb.children if c.dep_ == "prt"]
    return verb.text + (" " + prt[0].text if prt else "")


def subject_of(verb, quoted=None):
    """The grammatical subject of a speech verb, following conjunctions and participles up.

    A passive cue's agent is the speaker ("was written by Springsteen"); a subject inside quotation
    marks (`quoted(token)`) is quoted words that the parse hung on the cue, not the speaker.
    """
    seen = 0
    v = verb
    while v is not None and seen < _MAX_VERB_HOPS:
        for c in v.children:
            if c.dep_ == "agent":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    return objs[0]
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass") and not (quoted is not None and quoted(c)):
                return c
        if v.dep_ == "acl" and v.head.pos_ in ("PROPN", "NOUN", "PRON"):
            return v.head  # "Hillary Clinton asking, “...”": the participle's noun speaks
        objs = [c for c in v.head.children if c.dep_ == "dobj"] if v.dep_ == "xcomp" and v.tag_ == "VBG" else []
        if objs:  # "The ad shows Clinton asking", "uses footage of Clinton asking": the object speaks, not the ad
            of = [
                g
                for c in objs[0].children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj" and g.pos_ == "PROPN"
            ]
            return of[0] if objs[0].pos_ != "PROPN" and of else objs[0]
        if v.dep_ in ("conj", "advcl", "xcomp") and v.head is not v:
            v = v.head
            seen += 1
            continue
        break
    return None


def speaker_span(tok):
    """Character span (start, end) of the words that name the speaker headed by `tok`."""
    if tok.pos_ == "PROPN":
        toks = name_tokens(tok)
        return toks[0].idx, toks[-1].idx + len(toks[-1].text)
    left = tok.left_edge
    return left.idx, tok.idx + len(tok.text)


def describe(tok, pos: int, block: int, names: Names, history: History) -> Who:
    """The speaker named by the head token `tok` of a subject phrase (in annotated block `pos`, article block
    `block`)."""
    low = tok.text.lower()
    if low in ("who", "that", "which") and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "Smith, who said ...": the relative clause's noun
        low = tok.text.lower()
    while (
        tok.head is not tok
        and tok.head.i < tok.i
        and tok.doc[tok.head.i : tok.i].text.count("(") > tok.doc[tok.head.i : tok.i].text.count(")")
    ):
        tok = tok.head  # "(D-Mo.)" inside a name's parentheses: the name
    if tok.pos_ == "PRON" or low in PRONOUNS:
        return history.pronoun(low, pos, tok.idx)
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in DOCUMENTS:
        owner = [c for c in tok.children if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"]
        if owner:
            tok = owner[-1]  # "the IMF report", "Clinton's statement": the document speaks for its author
    appos = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if tok.pos_ != "PROPN" and appos:
        tok = appos[0]
    if tok.pos_ == "PROPN":
        toks = name_tokens(tok)
        name = tok.doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
        ent_label = next((e.label_ for e in tok.doc.ents if e.start <= tok.i < e.end), "")
        kind = "org" if ent_label in ("ORG", "GPE", "NORP") else "person"
        g = gender_hint(tok)
        who = names.resolve(name, block, toks[0].idx, toks[-1].idx + len(toks[-1].text), kind, g)
        if g != "?":
            names.gender.setdefault(who.name, g)
            who.gender = names.gender[who.name]
        if who.kind == "person":
            names.learn(who.name)
        return who
    # An unnamed group or description ("Analysts", "a source", "officials"): its own words, no entity.
    words = [t for t in tok.doc[tok.left_edge.i : tok.i + 1] if not t.is_punct]
    text = tok.doc.text[words[0].idx : tok.idx + len(tok.text)] if words else tok.text
    plural = tok.tag_ in ("NNS", "NNPS")
    return Who(None, text, "group", "p" if plural else gender_hint(tok))


@dataclass
class History:
    """People in the order the article brings them up, for pronouns: (order, block, offset, who, salient)."""

    names: Names
    items: list[tuple[int, int, Who, bool]] = field(default_factory=list)

    def add(self, block_pos: int, offset: int, who: Who, salient: bool) -> None:
        """Record a mention (salient: it spoke, or was a sentence subject)."""
        self.items.append((block_pos, offset, who, salient))

    def pronoun(self, word: str, block_pos: int, offset: int) -> Who:
        """The most recent compatible salient person before (block_pos, offset); plural pronouns to groups."""
        want = PRONOUNS.get(word, "?")
        before = [
            it for it in self.items if (it[0], it[1]) < (block_pos, offset) and block_pos - it[0] <= _PRONOUN_REACH
        ]
        before.sort(key=lambda it: (it[0], it[1]))

        def ok(who: Who) -> bool:
            if want in ("m", "f", "1"):
                return who.kind == "person" and who.gender in ("?", want if want != "1" else who.gender)
            if want == "p":
                return who.kind in ("group", "org") or who.gender == "p"
            if want == "n":
                return who.kind == "org"
            return False

        for salient_only in (True, False):
            for it in reversed(before):
                if (it[3] or not salient_only) and ok(it[2]):
                    return it[2]
        return Who(None, word, "unknown")


def _salient(root) -> bool:
    """The mention is the subject of a main clause or of a speech verb: a likely antecedent of 'he'/'she'."""
    return root.dep_ in ("nsubj", "nsubjpass") and (
        root.head.dep_ == "ROOT" or root.head.lemma_.lower() in SPEECH_VERBS
    )


def build_history(article: Article, block_ids: list[int], docs, names: Names, inside) -> History:
    """Persons, organisations and subjects mentioned outside quotes, in reading order.

    The entity stage's mentions come first (it links aliases and surnames the small model's NER misses or
    mislabels, "Schiff", "Ivanka Trump" as PRODUCT); the parse's PERSON/ORG spans fill in the rest.
    """
    hist = History(names)
    pos_of = {b: pos for pos, b in enumerate(block_ids)}
    marks: dict[int, list[tuple[int, int, str]]] = {}  # pos -> (start, end, kind)
    for e in article.entities:
        if e.type not in ("PERSON", "ORG"):
            continue
        for m in e.mentions:
            if m.block in pos_of:
                marks.setdefault(pos_of[m.block], []).append(
                    (m.start, m.end, "person" if e.type == "PERSON" else "org")
                )
    for pos, (b, doc) in enumerate(zip(block_ids, docs)):
        if article.blocks[b].kind == "title":
            continue  # headline case ("Obama Says ...") misleads the parser
        found = sorted(marks.get(pos, []))
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ORG") and not any(
                a < ent.end_char and ent.start_char < e for a, e, _ in found
            ):
                found.append((ent.start_char, ent.end_char, "person" if ent.label_ == "PERSON" else "org"))
        for start, end, kind in sorted(found):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span) or inside(b, start):
                continue
            toks = name_tokens(span[-1]) if span[-1].pos_ == "PROPN" else list(span)
            text = doc.text[max(start, toks[0].idx) : end]
            if kind == "person":
                names.learn(text)
            g = gender_hint(span[-1])
            who = names.resolve(text, b, start, end, kind, g)
            if g != "?" and who.kind == "person":
                names.gender.setdefault(who.name, g)
            hist.add(pos, start, who, _salient(span.root))
    for it in hist.items:  # genders learnt later in the text still apply
        if it[2].gender == "?":
            it[2].gender = names.gender.get(it[2].name, "?")
    return hist
