"""Quotes and their speakers: direct quotes from quotation marks, reported speech from the parse.

Direct quotes come from a scan of the quotation marks of every style (straight,
curly, « », „ “, '' '', single), tolerant of unbalanced marks; a quote left open
at the end of a paragraph runs on when the next paragraph reopens with a mark.
A quoted fragment inside a sentence ("was “pulling back” from") is not a quote
of its own. Speakers come from the cue next to the quote (see `speakers.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Article, Mention, Quote
from ..words import INDIRECT_VERBS, SPEECH_FORMS, SPEECH_VERBS
from .speakers import History, Names, Who, build_history, cue_text, describe, name_tokens, subject_of

# opener -> the marks that close it
# (scraped text mixes styles: '"Oz has a pulpit,” said ...' -- straight and curly double marks close each other)
DOUBLE = {"“": '”“"', "„": "“”", "«": "»", "»": "«", '"': '"”', "''": "''", "``": "''", "‹": "›", "「": "」"}
SINGLE = {"‘": "’", "'": "'", "‚": "‘’"}
_MARK = re.compile(r"''|``|[“”„«»\"‹›「」‘’‚']")  # any quotation mark; two apostrophes or backticks are one mark
_OPEN_BEFORE = set(" \t\n([{—–-/:;") | set("“„«‘\"'")
_SENT_END = re.compile(r"[.!?](?=\s|$)")  # a full stop, "!" or "?" before a space or the end
_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "jr",
        "sr",
        "st",
        "lt",
        "co",
        "vs",
        "sen",
        "rep",
        "gov",
        "gen",
        "col",
        "adm",
        "sgt",
        "inc",
        "ltd",
        "del",
        "corp",
        "prof",
        "capt",
        "supt",
        "mass",
        "calif",
        "conn",
        "fla",
        "ill",
        "ind",
        "mich",
        "minn",
        "miss",
        "okla",
        "tenn",
        "wash",
        "wis",
        "ariz",
        "colo",
        "md",
        "pa",
        "va",
        "ore",
        "ala",
        "ark",
        "ky",
        "la",
        "mo",
        "nev",
    ]
)
_DASH_SPEAKER = re.compile(r"^\s*[-–—―]{1,2}\s*(?=[A-Z])")
MAX_DEPTH = 4  # quotes nest no deeper: a mark past this depth is taken as a stray one
# How far a cue may be from its quote, in tokens from the first token after the quote:
_CUE_NEAR = 2  # a speech verb this close is the cue whatever its subject: '..., he said', '...,” said Brown'
_SUBJECT_NEAR = 1  # a speech verb whose subject starts this close is the cue: '...,” the former secretary said'
_CUE_REACH = 25  # no speech verb further on is the quote's cue
_ACCORDING_NEAR = 4  # '..., according to X': X this close
_DASH_NAME_REACH = 6  # '... — Commissioner X': the name within this many tokens of the dash
_LEAD_IN_VERB_NEAR = 3  # a speech verb this close before the quote (in tokens back from it) is a lead-in cue
_ABBREV_LOOKBACK = 12  # characters before a full stop searched for the word it may abbreviate ("Mr", "U.S")
_SENTENCE_MIN_WORDS = 3  # a quote that starts capitalised and has this many words is a sentence, not a fragment
_LONG_QUOTE_WORDS = 6  # after a speech verb, a quote this long is a quote even without a comma or a capital
_REPORTED_MIN_WORDS = 3  # a reported clause needs this many words ('he said so' reports nothing)
# How sure a speaker is:
_CONF_CUE = 0.9  # named by the quote's own cue
_CONF_LATE_CUE = 0.8  # a multi-paragraph quote's cue at its end
_CONF_SAME_BLOCK = 0.75  # no cue: the speaker of the quote before it in the same paragraph
_CONF_INDIRECT = 0.7  # reported speech: the subject of its speech verb
_CONF_NAMELESS_CUE = 0.6  # a cue without a subject: the previous quote's speaker
_CONF_NEXT_BLOCK = 0.5  # no cue: a quote paragraph takes the speaker of the paragraph before
_CONF_UNKNOWN = 0.4  # at most, for a pronoun with no one before it to stand for
_CONF_NONE = 0.3  # at most, for a quote without a speaker's name


@dataclass(slots=True)
class Segment:
    """A quoted stretch of one block: marks at [start, end), inner text at [inner_start, inner_end)."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    mark: str = "“"  # the opening mark, so a run-on quote is only continued by the same style


def scan(text: str) -> list[Segment]:
    """Top-level quoted segments of a block; a double quote left open runs to the end of its line.

    A line break inside a block is a paragraph break: each line is scanned on its own, so a quote left
    open on one line (to be reopened on the next, the multi-paragraph convention) cannot swallow the
    marks of the lines after it.
    """
    segs: list[Segment] = []
    start = 0
    for line in text.split("\n"):
        segs.extend(_scan_line(line, start))
        start += len(line) + 1
    return [s for s in segs if any(ch.isalnum() for ch in text[s.inner_start : s.inner_end])]


def _scan_line(text: str, base: int) -> list[Segment]:
    """Top-level quoted segments of one line, offsets shifted by `base`."""
    segs: list[Segment] = []
    stack: list[tuple[str, int, int]] = []  # (opener, mark start, inner start)
    n = len(text)
    for m in _MARK.finditer(text):
        c, i, j = m.group(), m.start(), m.end()
        before = text[i - 1] if i else " "
        after = text[j] if j < n else " "
        can_open = not after.isspace() and (before in _OPEN_BEFORE or before.isspace())
        can_close = not before.isspace() and not after.isalnum()
        if c in "«»‹›":  # guillemets take a space inside in French: direction comes from the mark alone
            can_open, can_close = before.isspace() or before in _OPEN_BEFORE, not after.isalnum()
        if c in ("'", "’") and before.isalnum() and after.isalnum():
            continue  # an apostrophe: don't, Clinton’s
        if c == "”" and not stack and i == 0 and after.isalnum():
            c = "“"  # a line opening with the wrong curly mark
        top = stack[-1][0] if stack else None
        if top is not None and c in (DOUBLE.get(top) or SINGLE.get(top, "")) and (can_close or not can_open):
            opener, s, inner = stack.pop()
            if not stack:
                segs.append(Segment(base + s, base + j, base + inner, base + i, True, opener))
            continue
        in_double = any(o in DOUBLE for o, _, _ in stack)
        if (
            c in DOUBLE
            and can_open
            and len(stack) < MAX_DEPTH
            or c in SINGLE
            and can_open
            and not in_double
            and len(stack) < MAX_DEPTH
            and after.isalnum()
        ):
            stack.append((c, i, j))
    if stack and stack[0][0] in DOUBLE:
        opener, s, inner = stack[0]
        segs.append(Segment(base + s, base + n, base + inner, base + n, False, opener))
    return segs


_WORD_TAIL = re.compile(r"[\w.]*$")  # the word a full stop ends, its own dots included ("U.S", "Mr")


def last_sentence_end(text: str, start: int, end: int) -> int:
    """Where the last sentence of text[start:end] ends (`start` when none does)."""
    ends = list(sentence_ends(text, start, end))
    return ends[-1] if ends else start


def sentence_ends(text: str, start: int, end: int):
    """End offsets of the sentences in text[start:end], not fooled by "Mr." or initials."""
    for m in _SENT_END.finditer(text, start, end):
        if text[m.start()] == ".":
            tail = _WORD_TAIL.search(text, max(start, m.start() - _ABBREV_LOOKBACK), m.start())
            word = tail.group() if tail else ""
            if len(word) == 1 and word.isupper() or word.lower() in _ABBREV or "." in word:
                continue
        yield m.end()


def _opens_block(text: str, seg: Segment) -> bool:
    """The segment opens its line (a block's lines are paragraphs too)."""
    return not text[text.rfind("\n", 0, seg.start) + 1 : seg.start].strip()


def _line_of(text: str, offset: int) -> tuple[int, int, int]:
    """(line number, line start, line end) of the line holding `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text.count("\n", 0, offset), start, len(text) if end < 0 else end


def _last_line(text: str) -> int:
    """The number of the last non-empty line of a block."""
    return text.rstrip().count("\n")


def _same_style(a: str, b: str) -> bool:
    """Two opening marks of one typographic style: a straight quote is not continued by a curly one."""
    curly = "“”„"
    return a == b or a in curly and b in curly


def _tokens_in(doc, start: int, end: int):
    return [t for t in doc if start <= t.idx < end]


# A speech verb's form counts whatever the tagger calls it but a noun (a title-cased headline throws it); not
# "noted", an adjective as often ("a noted author").
_SPEECH_FORMS = SPEECH_FORMS - {"noted"}


def _is_speech(tok, verbs=SPEECH_VERBS) -> bool:
    return (
        tok.lemma_.lower() in verbs
        and tok.pos_ in ("VERB", "AUX")
        or (tok.lower_ in _SPEECH_FORMS and tok.pos_ != "NOUN")
    )


def _according(doc, start: int, end: int):
    for t in _tokens_in(doc, start, end):
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


class QuoteFinder:
    """Finds the quotes of one article; call `run()` once."""

    def __init__(self, article: Article, block_ids: list[int], docs):
        self.article, self.ids, self.docs = article, block_ids, docs
        self.texts = [article.blocks[b].text for b in block_ids]
        self.segs = [scan(t) for t in self.texts]
        # Words the article writes in lower case tell a proper name from a headline-cased phrase ("Obama Says").
        common = frozenset(
            w for doc in docs for t in doc if t.is_alpha and t.is_lower for w in (t.lower_, t.lemma_.lower())
        )
        self.names = Names(article.entities, common)
        self.direct: list[list[Segment]] = [[] for _ in block_ids]
        for pos, segs in enumerate(self.segs):
            self.direct[pos] = [s for s in segs if self._is_direct(pos, s)]
        self.history: History = build_history(article, block_ids, docs, self.names, self._inside_pos)

    def _inside_pos(self, block: int, offset: int) -> bool:
        pos = self.ids.index(block)
        return any(s.start <= offset < s.end for s in self.direct[pos])

    # --- direct quotes -------------------------------------------------------------------------------------------

    def _is_direct(self, pos: int, seg: Segment) -> bool:
        """A quote stands on its own (or after a cue); a fragment inside a clause does not."""
        text, doc = self.texts[pos], self.docs[pos]
        head = text[: seg.start].rstrip(" \t\xa0")
        if head.endswith("\n"):
            return True  # a line of its own
        head = head.rstrip()
        if not head or head[-1] in ".!?:;—–-([" or _MARK.fullmatch(head[-1]) or head[-1] == "'":
            return True
        prev = [t for t in doc if t.idx + len(t.text) <= len(head) and not t.is_punct]
        last = prev[-1] if prev else None
        if last is not None and last.lower_ == "that":
            return False
        inner = text[seg.inner_start : seg.inner_end].strip()
        sentence_like = inner[:1].isupper() and len(inner.split()) >= _SENTENCE_MIN_WORDS
        # "he said, “...”", "told reporters “...”": a speech verb ends the lead-in (allowing its object).
        if last is not None and (
            _is_speech(last)
            or last.dep_ in ("dobj", "dative", "npadvmod")
            and _is_speech(last.head)
            and last.head.i == last.i - 1
        ):
            return sentence_like or head[-1] == "," or len(inner.split()) >= _LONG_QUOTE_WORDS
        # 'According to X, “...': "according to" in the lead-in's last sentence
        if head[-1] == "," and (sentence_like or re.search(r"\baccording to\b[^.!?]*$", head, re.I)):
            return True
        # '“Every time you say that,” Tester said, referring to it, “you give ...': the sentence goes on.
        k = next((n for n, s in enumerate(self.segs[pos]) if s is seg), 0)
        if head[-1] == "," and k:
            before = self.segs[pos][k - 1]
            gap = [t for t in _tokens_in(doc, before.end, seg.start)]
            return text[before.inner_start : before.inner_end].rstrip().endswith(",") and any(map(_is_speech, gap))
        return False

    def _cue_after(self, pos: int, seg: Segment, next_start: int):
        """A cue right after the quote: '..., he said', '...,” said Brown', '... — Commissioner X'."""
        text, doc = self.texts[pos], self.docs[pos]
        region_end = next_start
        region_end = next(sentence_ends(text, seg.end, next_start), next_start)
        toks = [t for t in _tokens_in(doc, seg.end, region_end) if not t.is_space]
        if not toks:
            return None
        first = toks[0].i
        for t in toks:
            if _is_speech(t) and t.i - first <= _CUE_NEAR:
                return t, self._subject(pos, t)
            if _is_speech(t):
                subj = self._subject(pos, t)
                if subj is not None and subj.left_edge.i - first <= _SUBJECT_NEAR and t.i - first <= _CUE_REACH:
                    return t, subj
                if t.i - first > _CUE_REACH or any(x.pos_ in ("VERB", "AUX") for x in doc[first : t.i]):
                    continue
                # '“...” for criminal behavior, she said': the quote's own sentence runs on to the cue.
                if subj is not None and first <= subj.left_edge.i and subj.i < t.i:
                    return t, subj
                # '“...,” Flynn, a top Trump surrogate, said': the quote threw the parse; the name after it speaks.
                if toks[0].pos_ == "PROPN" and (subj is None or subj.i < first):
                    head = toks[0]
                    while head.i + 1 < t.i and doc[head.i + 1].pos_ == "PROPN":
                        head = doc[head.i + 1]
                    return t, head
        acc = _according(doc, seg.end, region_end)
        if acc is not None and acc.i - first <= _ACCORDING_NEAR:
            return _Cue("according to"), acc
        if _DASH_SPEAKER.match(text[seg.end : region_end]):  # a dash or two, then a capital: '” — Commissioner X'
            propn = [t for t in toks[:_DASH_NAME_REACH] if t.pos_ == "PROPN"]
            if propn:
                head = propn[-1]
                while head.head.pos_ == "PROPN" and head.head.i > head.i and head.head.i - first < _DASH_NAME_REACH:
                    head = head.head
                return _Cue(text[seg.end : region_end].strip()[0]), head
        return None

    def _cue_before(self, pos: int, seg: Segment, prev_end: int):
        """A cue leading into the quote: 'Brown said: “...', 'According to X, “...', 'And from Chair X: “...'."""
        text, doc = self.texts[pos], self.docs[pos]
        start = last_sentence_end(text, prev_end, seg.start)
        lead = text[start : seg.start].rstrip()
        if not lead:
            return None
        toks = [t for t in _tokens_in(doc, start, seg.start) if not t.is_space]
        verbs = [t for t in toks if _is_speech(t)]
        if verbs and (lead[-1] in ",:" or verbs[-1].i >= toks[-1].i - _LEAD_IN_VERB_NEAR):
            return verbs[-1], self._subject(pos, verbs[-1])
        acc = _according(doc, start, seg.start)
        if acc is not None:
            return _Cue("according to"), acc
        if lead[-1] == ":":
            return _colon_speaker(toks)
        return None

    def _colon_lead_in(self, pos: int, line_start: int):
        """The previous line (in this block or the one before) ends in a colon: 'And from Chairwoman Rosenworcel:'."""
        if line_start > 0:
            ppos, end = pos, line_start - 1
        elif pos > 0 and self.ids[pos - 1] == self.ids[pos] - 1:
            ppos, end = pos - 1, len(self.texts[pos - 1].rstrip())
        else:
            return None
        text = self.texts[ppos][:end].rstrip()
        if not text.endswith(":"):
            return None
        doc = self.docs[ppos]
        start = last_sentence_end(text, text.rfind("\n") + 1, len(text))
        toks = [t for t in _tokens_in(doc, start, len(text)) if not t.is_space]
        verbs = [t for t in toks if _is_speech(t)]
        if verbs:
            return verbs[-1], self._subject(ppos, verbs[-1])
        return _colon_speaker(toks)

    def _subject(self, pos: int, verb):
        """The subject of a cue verb in block `pos`, never a word inside quotation marks."""
        segs = self.segs[pos]
        return subject_of(verb, lambda t: any(s.start <= t.idx < s.end for s in segs))

    def _who(self, pos: int, tok) -> Who | None:
        if tok is None:
            return None
        return describe(tok, pos, self.ids[pos], self.names, self.history)

    def run(self) -> list[Quote]:
        """All quotes of the article, direct and indirect, in reading order."""
        found: list[tuple[tuple[int, int], Quote]] = []
        last: Quote | None = None  # the previous direct quote, for continuations
        last_pos = -1
        # A quote left open at the end of a line (its paragraph), with where it stopped: the next line or block
        # continues it only when it reopens, first thing, with the same style of mark.
        open_run: tuple[Quote, str, int, int] | None = None
        for pos, segs in enumerate(self.direct):
            b, text = self.ids[pos], self.texts[pos]
            found.extend(self._indirect(pos))
            if not segs:
                open_run = None
            for k, seg in enumerate(segs):
                span = Mention(b, seg.inner_start, seg.inner_end)
                inner = text[seg.inner_start : seg.inner_end]
                line, line_start, line_end = _line_of(text, seg.start)
                if (
                    open_run is not None
                    and _opens_block(text, seg)
                    and _same_style(open_run[1], seg.mark)
                    and self._next_line(open_run[2], open_run[3]) == (pos, line)
                    and not self._own_speaker(pos, seg, segs, k, open_run[0])
                ):
                    quote = open_run[0]
                    quote.spans.append(span)
                    quote.text += "\n" + inner
                    open_run = None if seg.closed else (quote, seg.mark, pos, line)
                    last, last_pos = quote, pos
                    if seg.closed:
                        self._attribute_late(pos, seg, segs, k, quote)
                    continue
                open_run = None
                q = Quote(id="", kind="direct", text=inner, spans=[span])
                prev_end = max(segs[k - 1].end if k else 0, line_start)
                next_start = min(segs[k + 1].start if k + 1 < len(segs) else len(text), line_end)
                cue = None
                if inner.rstrip().endswith((",", "?", "!", "—", "-")) or not seg.closed:
                    cue = self._cue_after(pos, seg, next_start) or self._cue_before(pos, seg, prev_end)
                else:
                    cue = self._cue_before(pos, seg, prev_end) or self._cue_after(pos, seg, next_start)
                conf = _CONF_CUE
                if cue is None and _opens_block(text, seg):
                    cue = self._colon_lead_in(pos, line_start)
                if cue is not None:
                    verb, subj = cue
                    who = self._who(pos, subj)
                    q.cue = verb.cue if isinstance(verb, _Cue) else cue_text(verb)
                    if who is None and last is not None and last_pos >= pos - 1:
                        who, conf = Who(last.speaker, last.speaker_name or ""), _CONF_NAMELESS_CUE
                elif last is not None and (last_pos == pos or (last_pos == pos - 1 and _opens_block(text, seg))):
                    # a quote continuing after "he said." (or a quote-only paragraph) keeps the last speaker
                    who, q.cue, conf = (
                        Who(last.speaker, last.speaker_name or ""),
                        last.cue,
                        _CONF_SAME_BLOCK if last_pos == pos else _CONF_NEXT_BLOCK,
                    )
                else:
                    who, conf = None, _CONF_NONE
                if who is not None and who.name:
                    q.speaker, q.speaker_name = who.id, who.name
                    if who.kind == "unknown":
                        conf = min(conf, _CONF_UNKNOWN)
                    self.history.add(pos, seg.start, who, True)
                else:
                    conf = min(conf, _CONF_NONE)
                q.confidence = conf
                found.append(((b, seg.inner_start), q))
                last, last_pos = q, pos
                if not seg.closed:
                    open_run = (q, seg.mark, pos, line)
        found.sort(key=lambda f: f[0])
        quotes = [q for _, q in found]
        for n, q in enumerate(quotes, 1):
            q.id = f"q{n}"
        return quotes

    def _own_speaker(self, pos: int, seg: Segment, segs, k: int, run: Quote) -> bool:
        """A reopened paragraph whose cue names someone else starts a new quote (the writer left one unclosed)."""
        if not seg.closed:
            return False
        next_start = segs[k + 1].start if k + 1 < len(segs) else len(self.texts[pos])
        cue = self._cue_after(pos, seg, next_start)
        if cue is None or cue[1] is None or cue[1].pos_ != "PROPN":
            return False
        who = self._who(pos, cue[1])
        return who is not None and bool(who.name) and who.name != run.speaker_name

    def _next_line(self, pos: int, line: int) -> tuple[int, int]:
        """(block position, line) of the line after `line` of block `pos`."""
        if line < _last_line(self.texts[pos]):
            return pos, line + 1
        return pos + 1, 0

    def _attribute_late(self, pos, seg, segs, k, quote: Quote) -> None:
        """A multi-paragraph quote closing here may carry its cue at its end."""
        if quote.speaker_name:
            return
        next_start = segs[k + 1].start if k + 1 < len(segs) else len(self.texts[pos])
        cue = self._cue_after(pos, seg, next_start)
        if cue is not None:
            who = self._who(pos, cue[1])
            if who is not None:
                quote.speaker, quote.speaker_name = who.id, who.name
                quote.cue = cue[0].cue if isinstance(cue[0], _Cue) else cue_text(cue[0])
                quote.confidence = _CONF_LATE_CUE

    # --- reported speech -----------------------------------------------------------------------------------------

    def _indirect(self, pos: int) -> list[tuple[tuple[int, int], Quote]]:
        """'X said (that) ...', 'X point out that ...', '..., Brown said.': the clause a speech verb reports."""
        doc, text, b = self.docs[pos], self.texts[pos], self.ids[pos]
        quoted = self.direct[pos]
        out = []
        taken: list[tuple[int, int]] = []
        for v in doc:
            if v.lemma_.lower() not in INDIRECT_VERBS or v.pos_ not in ("VERB", "AUX"):
                continue
            if any(s.start <= v.idx < s.end for s in quoted) or any(a <= v.idx < e for a, e in taken):
                continue
            if v.lemma_.lower() == "point" and not any(c.dep_ == "prt" for c in v.children):
                continue
            comps = [c for c in v.children if c.dep_ == "ccomp"]
            subj = self._subject(pos, v)
            if not comps or subj is None:
                continue
            c = comps[0]
            toks = [t for t in c.subtree]
            while toks and (
                toks[0].dep_ == "mark"
                and toks[0].lower_ in ("that", "whether", "if")
                or toks[0].is_punct
                and not _MARK.fullmatch(toks[0].text)
            ):
                toks = toks[1:]
            while toks and toks[-1].is_punct and not _MARK.fullmatch(toks[-1].text):
                toks = toks[:-1]
            if len([t for t in toks if not t.is_punct]) < _REPORTED_MIN_WORDS:
                continue
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            if any(s.start < end and start < s.end for s in quoted):
                continue  # the clause is (in) a direct quote: that quote is the statement
            who = self._who(pos, subj)
            if who is None:
                continue
            q = Quote(
                id="",
                kind="indirect",
                text=text[start:end],
                spans=[Mention(b, start, end)],
                speaker=who.id,
                speaker_name=who.name,
                cue=cue_text(v),
                confidence=_CONF_INDIRECT if who.kind != "unknown" else _CONF_UNKNOWN,
            )
            self.history.add(pos, v.idx, who, True)
            taken.append((start, end))
            out.append(((b, start), q))
        return out


@dataclass(slots=True)
class _Cue:
    """A cue that is not a verb token: 'according to', a colon, a dash."""

    cue: str


def _colon_speaker(toks):
    """The name just before a colon lead-in: 'And from Chairwoman Rosenworcel:'."""
    propn = [t for t in toks if t.pos_ == "PROPN"]
    if propn:
        head = propn[-1]
        return _Cue(":"), name_tokens(head)[-1]
    nouns = [t for t in toks if t.pos_ in ("NOUN", "PRON")]
    if nouns:
        return _Cue(":"), nouns[-1]
    return None


def find_quotes(article: Article, block_ids: list[int], docs) -> list[Quote]:
    """Direct and reported quotes of the annotated blocks, with speakers resolved to `article.entities`."""
    if not block_ids:
        return []
    return QuoteFinder(article, block_ids, docs).run()
