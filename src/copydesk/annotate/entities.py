"""Entities of an article: one per real-world person, organisation or place, with aliases, roles, mentions.

The model's entity spans are the raw material. They are repaired (`names`),
grouped by what their spellings share ("Ri Yong-ho" / "Ri Yong Ho"), and then
short forms join the full name they stand for: a lone surname or family name
("Lavrov", "Ri", "Kim") joins the person whose first or last word it is, an
acronym ("UN") the organisation it abbreviates, a short country name ("US")
its country, "the North" the one "North ..." country. The type is voted by the
fullest spellings, so "Lavrov" tagged ORG once is still the PERSON Sergei
Lavrov. Roles come from titles and appositions (`roles`), bylines give their
author an entity with the role "reporter (byline)".

Kept types: PERSON, ORG, GPE, LOC, FAC: people, organisations and places,
what quotes are attributed to and what readers search for. Not kept:
EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE: on 100 wcxb articles the small
model's spans of these were right less than half the time ("Facebook and
Instagram" as a WORK_OF_ART, "Canon" as a LAW). NORP ("Russian", "Western")
is an adjective of a group, not a thing: it names the country in a role
("Russian Foreign Minister" -> "(Russia)") and is not kept itself. Numbers,
dates and quantities (DATE, CARDINAL, MONEY, ...) are not entities.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..model import ENTITY_TYPES, Article, Entity, Mention
from .names import acronym, clean_name, end_words, is_name_like, is_proper, name_key, repair_span, unbracketed
from .places import KNOWN_COUNTRIES, canonical_place
from .roles import appositive_roles, leading_title_tokens, premodifier_role

KEPT_TYPES = ENTITY_TYPES
PLACE_TYPES = ("GPE", "LOC", "FAC")
# when votes tie, the likelier reading of a capitalised name in news
_TYPE_PRIORITY = {
    t: i for i, t in enumerate(("PERSON", "GPE", "ORG", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"))
}
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")  # "the " right before a span (searched up to the span's start)
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")  # two to six capitals, dots removed: "UN", "U.S.", "NATO"
_MIN_STEM = 3  # an inflection is undone only where a stem this long is left ("Uses" -> use, never "us")
_TITLE_CASED_SHARE = 0.8  # the share of a headline's longer words written capitalised that makes it title-cased
_SHOUTED_LEN = 6  # a name in capitals longer than this is shouted, not an acronym ("NATO", "UNICEF")
_EPITHET_RATIO = 2  # "Hillary Clinton" this many times as often as "Crooked Hillary Clinton" wins as the name
_AFTER_ALL = (10**9, 0)  # a position after every mention, for a cluster mentioned nowhere (a byline-only author)


@dataclass(slots=True)
class _Mention:
    block: int
    start: int
    end: int
    label: str
    name: str  # cleaned surface
    key: str
    surface: str  # exact text
    roles: list[str] = field(default_factory=list)
    headline: bool = False  # in the title block, where capitals are no evidence of a name

    @property
    def pos(self) -> tuple[int, int]:
        return (self.block, self.start)


@dataclass(slots=True)
class _Cluster:
    key: str
    mentions: list[_Mention] = field(default_factory=list)  # the spellings of the full name
    joined: list[_Mention] = field(default_factory=list)  # short forms that joined it
    byline: str | None = None
    byline_role: str | None = None
    place: str | None = None  # canonical country name, when the key is a known country

    def votes(self) -> Counter:
        return Counter(m.label for m in self.mentions)

    def type(self) -> str:
        if self.byline and not self.mentions:
            return "ORG" if self.byline_role == "agency" else "PERSON"
        votes = self.votes() or Counter(m.label for m in self.joined) or Counter(["PERSON"])
        if self.byline and self.byline_role != "agency":
            votes["PERSON"] += 1
        return min(votes, key=lambda t: (-votes[t], _TYPE_PRIORITY.get(t, 99)))

    def words(self) -> list[str]:
        return self.key.split()

    def first_pos(self) -> tuple[int, int] | None:
        all_m = self.mentions + self.joined
        return min(m.pos for m in all_m) if all_m else None


def find_entities(article: Article, block_ids: list[int], docs: list[Doc]) -> list[Entity]:
    """The article's entities, e1.. in order of first mention; `docs[k]` parses `article.blocks[block_ids[k]]`."""
    mentions: list[_Mention] = []
    for block, doc in zip(block_ids, docs):
        mentions.extend(_collect(block, doc))
    heads = {b for b in block_ids if article.blocks[b].kind == "title"}
    if heads:
        mentions = _fix_headline(mentions, heads, block_ids, docs)
    clusters = _group(mentions)
    _add_bylines(clusters, article)
    _join_short_forms(clusters)
    _add_untagged(clusters, block_ids, docs)
    return _build(clusters)


def _collect(block: int, doc: Doc) -> list[_Mention]:
    """Repaired mentions of kept types in one block, titles' words ("Secretary of State") excluded."""
    text = doc.text
    at: dict[int, tuple[int, int, str]] = {}
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            at[i] = (ent.start, ent.end, ent.label_)
    found: list[tuple[_Mention, int, int]] = []
    title_tokens: set[int] = set()
    for ent in doc.ents:
        label = ent.label_
        if label not in KEPT_TYPES:
            continue
        first = leading_title_tokens(doc, ent.start, ent.end) if label == "PERSON" else ent.start
        start, end = repair_span(text, doc[first].idx, ent.end_char, label)
        surface = text[start:end]
        name = clean_name(surface)
        if not is_name_like(name) or not is_proper(name, label):
            continue
        if (
            label in ("LOC", "GPE", "ORG")
            and name in ("North", "South")
            and (the := _THE_BEFORE.search(text, 0, start))
        ):
            start = the.start()
            surface = text[start:end]
            name = "the " + name
        m = _Mention(block, start, end, label, name, name_key(name), surface)
        span = doc.char_span(start, end, alignment_mode="expand")
        if label == "PERSON" and span is not None and len(span):
            role, title_left = premodifier_role(doc, span.start, at)
            if role:
                m.roles.append(role)
                title_tokens.update(range(title_left, span.start))
            m.roles.extend(appositive_roles(doc, span.end - 1))
        found.append((m, span.start if span is not None else -1, span.end if span is not None else -1))
    out: list[_Mention] = []
    seen: list[tuple[int, int]] = []
    for m, s, e in found:
        if m.label != "PERSON" and s >= 0 and all(i in title_tokens for i in range(s, e)):
            continue  # "State" in "Secretary of State Mike Pompeo" is part of a title
        if any(m.start < e2 and s2 < m.end for s2, e2 in seen):
            continue  # a repaired span that grew into its neighbour
        seen.append((m.start, m.end))
        out.append(m)
    return out


_WORD = re.compile(r"\S+")
_EDGE_PUNCT = "\"'\u2018\u2019\u201c\u201d.,:;!?()"


def _base_forms(word: str) -> set[str]:
    """A word's lower-case form and its regular inflections undone ("Says" -> says, say; "Breaks" -> break)."""
    w = word.lower()
    forms = {w}
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if w.endswith(suffix) and len(w) - len(suffix) >= _MIN_STEM:
            forms.add(w[: -len(suffix)] + repl)
    return forms


def _title_cased(text: str) -> bool:
    """Whether a headline capitalises its words ("Obama Says ..."), so that capitals are no sign of a name."""
    # words of four letters or more, all letters: "of", "in", "the" go small even in a title-cased headline
    words = [w for w in re.findall(r"[^\W\d_]{4,}", text)]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= _TITLE_CASED_SHARE * len(words)


@dataclass(slots=True)
class _Body:
    """What the body says about a title-cased headline's words: which it writes small, which names it has."""

    lower: set[str]  # forms and lemmas the body writes in lower case
    lower_lemmas: set[str]  # lemmas of the inflected ones ("said" -> say)
    labels: dict[str, Counter]  # key of each body name (and of a person's given name and surname) -> its type votes
    lemmas: dict[tuple[int, int], str]  # (block, offset) of a headline token -> its lemma

    def writes_small(self, block: int, start: int, word: str, inflected: bool = False) -> bool:
        """Whether a capitalised headline word is one the body writes in lower case (by form or lemma; with
        `inflected`, also by its regular inflection undone: "Breaks" ~ "broke")."""
        w = word.strip(_EDGE_PUNCT)
        if not w[:1].isupper() or w.isupper():  # a connector written small, or an acronym
            return False
        forms = {w.lower(), self.lemmas.get((block, start), "")}
        return bool(forms & self.lower) or (inflected and bool(_base_forms(w) & self.lower_lemmas))

    def label_of(self, key: str, fallback: str) -> str:
        """The type the body gives a name: its most voted type, PERSON for a person's part, else `fallback`."""
        votes = self.labels.get(key)
        if not votes or not +votes:
            return "PERSON" if votes is not None else fallback
        return min(votes, key=lambda t: (-votes[t], _TYPE_PRIORITY.get(t, 99)))


def _fix_headline(mentions: list[_Mention], heads: set[int], block_ids: list[int], docs: list[Doc]) -> list[_Mention]:
    """Headline spans made to agree with the body. A title-cased headline capitalises every word, so the model
    runs names into the words around them ("Obama Says", "Clinton Breaks"). Capitalised edge words that the
    body writes in lower case (a lemma counts: "Says" ~ "said") are dropped; a span the body names as it is
    stays; otherwise it becomes the body's names found inside it ("Washington Post Hit Piece Exploits Trump
    Supporter" -> "Washington Post", "Trump"); failing that it stays only if no capitalised word of it is one
    the body writes in lower case. An article without a body keeps its headline as it is."""
    heads = {b for b, doc in zip(block_ids, docs) if b in heads and _title_cased(doc.text)}  # not "De Blasio says"
    body_mentions = [m for m in mentions if m.block not in heads]
    if not heads or not body_mentions:
        return mentions
    body = _read_body(body_mentions, heads, block_ids, docs)
    out = []
    for m in mentions:
        if m.block not in heads:
            out.append(m)
            continue
        m.headline = True
        if m.key in body.labels:  # the body's own name
            out.append(m)
            continue
        out.extend(_fix_headline_mention(m, docs[block_ids.index(m.block)].text, body))
    return out


def _read_body(body_mentions: list[_Mention], heads: set[int], block_ids: list[int], docs: list[Doc]) -> _Body:
    """The body's lower-case words and names, and the lemmas of the headline blocks `heads`."""
    lower: set[str] = set()
    lower_lemmas: set[str] = set()
    lemmas: dict[tuple[int, int], str] = {}
    for block, doc in zip(block_ids, docs):
        if block in heads:
            lemmas.update({(block, t.idx): t.lemma_.lower() for t in doc})
            continue
        for t in doc:
            if t.is_alpha and t.text.islower():
                lower.add(t.text)
                lower.add(t.lemma_.lower())
                if t.lemma_.lower() != t.text:
                    lower_lemmas.add(t.lemma_.lower())
    return _Body(lower, lower_lemmas, _body_labels(body_mentions), lemmas)


def _body_labels(body_mentions: list[_Mention]) -> dict[str, Counter]:
    """Type votes per name key of the body's mentions; a person's given name and surname alone count as names too."""
    labels: dict[str, Counter] = {}
    for m in body_mentions:
        labels.setdefault(m.key, Counter())[m.label] += 1
        words = m.key.split()
        if m.label == "PERSON" and len(words) >= 2:  # its given name or its surname alone names a person
            for part in {words[0], *(" ".join(words[i:]) for i in range(1, len(words))), *end_words(m.name)}:
                labels.setdefault(part, Counter())["PERSON"] += 0
    return labels


def _fix_headline_mention(m: _Mention, text: str, body: _Body) -> list[_Mention]:
    """What a headline mention the body does not name as it is becomes: itself trimmed, the body's names
    inside it, or nothing."""
    words = list(_WORD.finditer(text, m.start, m.end))
    n = len(words)
    while words and body.writes_small(m.block, words[-1].start(), words[-1].group(), inflected=True):
        words.pop()  # "Obama Says": a verb after the name, "said" in the body
    while words and body.writes_small(m.block, words[0].start(), words[0].group()):
        words.pop(0)
    whole = _headline_span(m, words, m.label) if words else None
    if whole is None:
        return []
    if whole.key in body.labels or all(
        name_key(w.group().strip(_EDGE_PUNCT)) in body.labels for w in words if w.group()[:1].isupper()
    ):
        return [whole]  # "Loretta Lynch": every word of it a body name's
    found = _body_names_inside(m, words, body)
    if found:
        return found
    if len(words) == n and not any(body.writes_small(m.block, w.start(), w.group()) for w in words):
        return [whole]  # a name only the headline has, none of its words one the body writes small
    return []


def _body_names_inside(m: _Mention, words: list[re.Match], body: _Body) -> list[_Mention]:
    """The body's names among a headline span's words, longest first from the left, typed as the body types them."""
    found, i = [], 0
    while i < len(words):
        for j in range(len(words), i, -1):
            part = _headline_span(m, words[i:j], m.label)
            if part is not None and part.key in body.labels:
                part.label = body.label_of(part.key, m.label)
                found.append(part)
                i = j
                break
        else:
            i += 1
    return found


def _headline_span(m: _Mention, words: list[re.Match], label: str) -> _Mention | None:
    """A headline mention over `words` (matches in the headline's text), repaired; None when no name is left."""
    text = words[0].string
    start, end = repair_span(text, words[0].start(), words[-1].end(), label)
    name = clean_name(text[start:end])
    if end <= start or not is_name_like(name) or not is_proper(name, label):
        return None
    return _Mention(m.block, start, end, label, name, name_key(name), text[start:end], list(m.roles), True)


def _group(mentions: list[_Mention]) -> dict[str, _Cluster]:
    """Mentions grouped by the key their spelling shares; known countries by their canonical name."""
    clusters: dict[str, _Cluster] = {}
    for m in mentions:
        place = canonical_place(m.name) if m.label in PLACE_TYPES or m.label == "ORG" else None
        key = name_key(place) if place else m.key
        cluster = clusters.setdefault(key, _Cluster(key))
        cluster.place = cluster.place or place
        cluster.mentions.append(m)
    return clusters


def _add_bylines(clusters: dict[str, _Cluster], article: Article) -> None:
    """Each credited author is an entity with the role "<role> (byline)", mentioned in the text or not."""
    for byline in article.bylines:
        name = clean_name(byline.name or "")
        if not is_name_like(name):
            continue
        key = name_key(name)
        cluster = clusters.setdefault(key, _Cluster(key))
        cluster.byline = cluster.byline or name
        cluster.byline_role = cluster.byline_role or byline.role


def _is_person(c: _Cluster) -> bool:
    return c.type() == "PERSON"


def _nearest(candidates: list[_Cluster], pos: tuple[int, int]) -> _Cluster:
    """The most mentioned candidate (a bare "Clinton" is the story's Clinton); among equals, the one
    mentioned last before `pos`, else the first one mentioned after it."""
    most = max(len(c.mentions) for c in candidates)
    candidates = [c for c in candidates if len(c.mentions) == most]

    def before(c: _Cluster):
        earlier = [m.pos for m in c.mentions if m.pos <= pos]
        return max(earlier) if earlier else None

    prior = [(before(c), i, c) for i, c in enumerate(candidates) if before(c) is not None]
    if prior:
        return max(prior, key=lambda t: (t[0], -t[1]))[2]
    return min(candidates, key=lambda c: c.first_pos() or _AFTER_ALL)


def _join_short_forms(clusters: dict[str, _Cluster]) -> None:
    """Move partial names, surnames, family names, acronyms and "the North" into the full name they stand for."""
    full = [c for c in clusters.values() if len(c.words()) >= 2 and _is_person(c)]
    for c in sorted(full, key=lambda c: len(c.words())):
        if c.byline:
            continue
        # "Kim Jong" within "Kim Jong Un", "Hillary Clinton" within "Crooked Hillary Clinton": a unique longer name
        words = c.words()
        longer = [
            o
            for o in full
            if o is not c and len(o.words()) > len(words) and _contains_name(o.words(), words) and o.mentions
        ]
        if len(longer) == 1:
            longer[0].mentions.extend(c.mentions)
            longer[0].joined.extend(c.joined)
            c.mentions.clear()
            c.joined.clear()
    full = [c for c in full if c.mentions or c.byline]
    by_end: dict[str, list[_Cluster]] = {}
    for c in full:
        names = {m.name for m in c.mentions if len(m.key.split()) >= 2} or {_best_name(c)}
        names = {_best_name(c)} | {n for n in names if c.mentions and _contains_name(name_key(n).split(), c.words())}
        for w in {w for name in names for w in end_words(name)}:
            by_end.setdefault(w, []).append(c)
    multi = [c for c in clusters.values() if len(c.words()) >= 2 and not _is_person(c)]
    for key, c in list(clusters.items()):
        words = c.words()
        if len(words) == 1 and key in by_end:
            for m in list(c.mentions):
                if m.label in PLACE_TYPES and m.key in KNOWN_COUNTRIES:
                    continue  # "Jordan" the country stays a country
                target = _nearest(by_end[key], m.pos)
                target.joined.append(m)
                c.mentions.remove(m)
        elif len(words) == 1 and _ACRONYM.match(c.mentions[0].name.replace(".", "") if c.mentions else ""):
            targets = [o for o in multi if acronym(_best_name(o).split()) == key.upper()]
            if len(targets) == 1:
                targets[0].joined.extend(c.mentions)
                c.mentions.clear()
    for side in ("north", "south"):
        the_side = clusters.get(f"the {side}")
        targets = [
            o
            for o in clusters.values()
            if o.words()[:1] == [side] and len(o.words()) == 2 and o.mentions and o.type() == "GPE"
        ]
        if the_side and the_side.mentions and len(targets) == 1:
            targets[0].joined.extend(the_side.mentions)
            the_side.mentions.clear()
    for key in [k for k, c in clusters.items() if not c.mentions and not c.joined and not c.byline]:
        del clusters[key]


def _contains_name(long: list[str], short: list[str]) -> bool:
    n = len(short)
    return long[:n] == short or long[-n:] == short or (n == 2 and [long[0], long[-1]] == short)


def _best_name(c: _Cluster) -> str:
    """The fullest well-formed spelling: most words, not shouted in capitals, longest, first written."""
    if c.place:
        return c.place
    pool = c.mentions or c.joined
    if not pool:
        return c.byline or ""
    pool = [m for m in pool if not m.headline] or pool  # the body's spelling, not the title-cased headline's
    order: dict[str, int] = {}
    for i, m in enumerate(sorted(pool, key=lambda m: m.pos)):
        order.setdefault(m.name, i)

    def rank(name: str):
        shouted = name.isupper() and len(name) > _SHOUTED_LEN
        return (-len(name_key(name).split()), shouted, -len(name), order[name])

    best = min(order, key=rank)
    # "Crooked Hillary Clinton" once, "Hillary Clinton" often: an epithet or title the model took in
    counts = Counter(m.name for m in c.mentions + c.joined)
    rest = best.split(" ", 1)[-1]
    if len(rest.split()) >= 2 and counts.get(rest, 0) >= _EPITHET_RATIO * counts[best]:
        return rest
    return best


def _add_untagged(clusters: dict[str, _Cluster], block_ids: list[int], docs: list[Doc]) -> None:
    """Find the model's misses: a spelling it tagged once ("Ri") written again untagged ("Ri issued ...")."""
    owner: dict[str, _Cluster | None] = {}
    for c in clusters.values():
        if c.type() not in ("PERSON", "GPE", "ORG"):
            continue
        forms = [unbracketed(m.surface) for m in c.mentions + c.joined]
        if c.type() == "PERSON" and len(c.words()) >= 2:  # the surname, which the model often leaves untagged
            forms.append(re.sub(r"^(?:al|el)-", "", _best_name(c).split()[-1]))  # "al-Assad" is also "Assad"
        for form in forms:
            if len(form) < 2 or not form[0].isupper() or not is_name_like(form):
                continue
            owner[form] = c if owner.get(form, c) is c else None  # ambiguous spellings are skipped
    spellings = sorted((s for s, c in owner.items() if c is not None), key=len, reverse=True)
    if not spellings:
        return
    # any spelling as a whole word: no letter, digit or hyphen glued to either side ("Ri" not in "Ri-based")
    pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(map(re.escape, spellings)) + r")(?![\w\-])")
    taken: dict[int, list[tuple[int, int]]] = {}
    for c in clusters.values():
        for m in c.mentions + c.joined:
            taken.setdefault(m.block, []).append((m.start, m.end))
    for block, doc in zip(block_ids, docs):
        spans = taken.get(block, [])
        for match in pattern.finditer(doc.text):
            s, e = match.span()
            if any(s < e2 and s2 < e for s2, e2 in spans):
                continue
            toks = doc.char_span(s, e, alignment_mode="expand")
            if toks is None or toks.start_char != s or toks.end_char != e:
                continue
            if (toks.start > 0 and doc[toks.start - 1].pos_ == "PROPN") or (
                toks.end < len(doc) and doc[toks.end].pos_ == "PROPN"
            ):
                continue  # part of a longer name the model did not tag ("Brown University")
            known = owner[match.group(0)]
            assert known is not None  # only the spellings of one cluster are in the pattern
            label = known.type()
            m = _Mention(block, s, e, label, clean_name(match.group(0)), name_key(match.group(0)), match.group(0))
            known.joined.append(m)
            spans.append((s, e))


def _build(clusters: dict[str, _Cluster]) -> list[Entity]:
    """Entities from clusters: ids in order of first mention, byline-only authors last."""
    built = []
    for c in clusters.values():
        if not c.mentions and c.joined:  # only short forms were left: they are the name
            c.mentions, c.joined = c.joined, []
        name = _best_name(c)
        etype = c.type()
        aliases, seen = [], {name.casefold()}
        roles, seen_roles = [], set()
        mentions = sorted(c.mentions + c.joined, key=lambda m: (m.pos, m.end))
        for m in mentions:
            for alias in (m.name, unbracketed(m.surface)):
                if alias.startswith("The "):
                    alias = "the " + alias[4:]
                if alias and alias.casefold() not in seen:
                    seen.add(alias.casefold())
                    aliases.append(alias)
            if etype == "PERSON":
                for role in m.roles:
                    if role.casefold() not in seen_roles:
                        seen_roles.add(role.casefold())
                        roles.append(role)
        if c.byline:
            role = f"{c.byline_role or 'reporter'} (byline)"
            if role.casefold() not in seen_roles:
                roles.append(role)
        spans, last = [], None
        for m in mentions:
            if last is not None and m.block == last.block and m.start < last.end:
                continue
            spans.append(Mention(m.block, m.start, m.end))
            last = m
        built.append((c.first_pos() or _AFTER_ALL, Entity("", name, etype, aliases, roles, spans)))
    built.sort(key=lambda t: t[0])
    entities = [e for _, e in built]
    _canonical_qualifiers(entities)
    for i, e in enumerate(entities, 1):
        e.id = f"e{i}"
    return entities


def _canonical_qualifiers(entities: list[Entity]) -> None:
    """Name a role's country or body as its entity is named: "spokeswoman (Stein)" -> "spokeswoman (Jill Stein)"."""
    names: dict[str, str | None] = {}
    for e in entities:
        for form in (e.name, *e.aliases):
            names[form] = e.name if names.get(form, e.name) == e.name else None
    for e in entities:
        for i, role in enumerate(e.roles):
            m = re.match(r"^(.*) \((.+)\)$", role)  # "<title> (<qualifier>)"
            if m and names.get(m.group(2)) and names[m.group(2)] != e.name:
                e.roles[i] = f"{m.group(1)} ({names[m.group(2)]})"
