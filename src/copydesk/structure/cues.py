"""Boilerplate cues: short page-furniture lines and the reason each is removed.

Reasons double as statistics keys (as datatrove's drop reasons do). A cue only
fires on a short line (`MAX_CUE_CHARS`), so a paragraph that merely mentions
"cookies" or "newsletter" is never caught. The cues cover the major European
languages; layout features in the line model do the rest for other languages.
"""

from __future__ import annotations

import re

MAX_CUE_CHARS = 160

# Each reason with the patterns that name it; matched case-insensitively against the whole line.
_CUES: dict[str, list[str]] = {
    "comments": [
        r"leave a (reply|comment)",
        r"be the first to comment!?",
        r"you must be logged in to post a comment\.?",
        r"(\d+\s+)?comments?( \(\d+\))?",
        r"post(ed)? a comment",
        r"add (a|your) comment",
        r"join the (conversation|discussion)",
        r"(show|view|load|hide) (all |more )?(\d+ )?(comments|replies)",
        r"reply",
        r"cancel reply",
        r"comment policy",
        r"your email address will not be published\.?.*",
        r"required fields are marked.*",
        r"notify me of .*",
        r"save my name, email, and website in this browser.*",
        r"log ?in to (reply|comment)",
        r"\d+ (responses?|replies)",
        r"(kommentar(e|en)?|kommentieren|commentaires?|comentarios?|commenti|reacties|kommentarer)( \(\d+\))?",
        r"(jetzt kommentieren|kommentieren)",
        r"laisser un commentaire",
        r"deja un comentario",
        r"lascia un commento",
    ],
    "share": [
        r"(share|share this|share on|share via|share article|share this (article|"
        r"story|post))( on)?:?( (facebook|twitter|x|linkedin|whatsapp|email|"
        r"reddit))*",
        r"x",
        r"(facebook|twitter|linkedin|whatsapp|telegram|pinterest|reddit|email|"
        r"e-mail|print|copy link|flipboard|threads|bluesky|instagram|youtube|"
        r"tiktok|mastodon)",
        r"(tweet|pin it|print( this)?( article| page)?|email this|copy (the )?link|"
        r"link copied|send|save( article)?|bookmark)",
        r"(teilen|artikel teilen|drucken|merken|partager|imprimer|compartir|"
        r"imprimir|condividi|stampa|delen|dela|del|jaa|udostępnij)",
        r"follow( us)?( on)?:?",
        r"follow .*(@\w|\b(twitter|facebook|instagram|linkedin|threads|bluesky|mastodon|tiktok|youtube|x)\b).*",
        r"folgen sie uns.*",
        r"suivez-nous.*",
        r"síguenos.*",
    ],
    "newsletter": [
        r".*newsletter.*",
        r"sign up( now| today)?( for .*)?[.!]?",
        r"subscribe( now| today| here)?( to .*)?[.!]?",
        r"(get|receive) (our|the) .*(in your inbox|delivered).*",
        r"enter your e-?mail( address)?.*",
        r"your e-?mail( address)?",
        r"abonnieren.*",
        r"jetzt abonnieren.*",
        r"abonnez-vous.*",
        r"suscr[ií]bete.*",
        r"iscriviti.*",
        r"already (a subscriber|have an account)\??.*",
        r"(sign|log) ?(in|out)( / register)?",
        r"register",
        r"my account",
        r"anmelden|einloggen|registrieren|se connecter|iniciar sesi[oó]n|accedi",
    ],
    "cookies": [
        r".*\bcookies?\b.*(consent|accept|settings|policy|use|preferences).*",
        r"(accept|reject|allow|decline) (all|cookies).*",
        r"(manage|cookie) (preferences|settings|consent).*",
        r"we (use|value) (cookies|your privacy).*",
        r"(i agree|i accept|agree|accept|got it|ok)",
        r"your privacy choices",
        r"do not sell( or share)? my personal information",
        r"datenschutz(einstellungen|erklärung)?",
        r"(alle )?(akzeptieren|ablehnen)",
        r"tout accepter|tout refuser|aceptar todo|rechazar todo|accetta tutto",
    ],
    "navigation": [
        r"skip to (main )?(content|navigation|footer)",
        r"(main |open |close )?(navigation )?menu",
        r"(toggle|open|close) (navigation|menu|search)",
        r"home",
        r"search( for)?:?",
        r"back to top",
        r"(previous|next) (article|post|story|page)",
        r"(previous|next)",
        r"page \d+( of \d+)?",
        r"(zum )?(inhalt|hauptinhalt) springen",
        r"aller au contenu.*",
        r"ir al contenido.*",
        r"startseite|accueil|inicio",
        r"breadcrumbs?",
        r"you are here:?.*",
        r"accessibility links",
        r"keyboard shortcuts.*",
    ],
    "related": [
        r"(read|see|view|show) (more|also|next|all)( news| stories| articles)?:?.*",
        r"related( articles| stories| posts| content| coverage| topics)?:?",
        # "Show more" in the other major languages: a control under a teaser list or a collapsed text.
        r"(afficher|voir) plus",
        r"mehr (anzeigen|laden)",
        r"(ver|mostrar) más",
        r"mostra (di )?più",
        r"(vis|visa) mer",
        r"toon meer",
        r"pokaż więcej",
        r"zobrazit více",
        r"(you|we think you) (may|might) (also )?(like|enjoy|be interested in).*",
        r"(more|most) (from|on|in|popular|read|viewed|shared)( .*)?",
        r"recommended( for you| stories| articles)?:?",
        r"trending( now| stories)?:?",
        r"popular( now| stories| posts)?:?",
        r"latest( news| stories| posts)?:?",
        r"(top|editor'?s'?) (stories|picks)",
        r"don't miss:?.*",
        r"also read:?.*",
        r"further reading:?",
        r"mehr zum thema:?.*",
        r"(das )?könnte sie (auch )?interessieren:?.*",
        r"(lesen sie|lies) (auch|mehr):?.*",
        r"weitere artikel:?",
        r"lire (aussi|la suite)( :)?.*",
        r"[àa] lire (aussi|également)( :)?.*",
        r"(lee|leer) (también|más)( :)?.*",
        r"(leggi|vedi) anche:?.*",
        r"lees ook:?.*",
        r"les også:?.*",
        r"läs (också|mer):?.*",
    ],
    "copyright": [
        r"(copyright|©|\(c\)) .*",
        r".*all rights reserved\.?.*",
        r"(privacy|cookie) (policy|notice|statement)",
        r"terms( of (use|service))?( (and|&) conditions)?",
        r"(contact|about) us",
        r"(imprint|impressum|mentions légales|aviso legal|datenschutz)",
        r"sitemap",
        r"careers|jobs",
        r"powered by .*",
        r"all content © .*",
    ],
    "advertising": [
        r"(advertisement|advertising|sponsored( content)?|sponsor message|paid "
        r"(post|content)|promoted( content)?|ad|ads)",
        r"(anzeige|werbung|publicité|publicidad|pubblicità|advertentie|annonse|annons|reklame)",
        r"scroll to continue( with content)?",
        r"continue reading( below)?( advertisement)?",
        r"story continues below( advertisement)?",
        r"article continues below.*",
    ],
}


DIGIT_KEY = "#"  # the bucket of lines that open with a digit ("12 comments")
# Every cue that may match anywhere in a line (".*newsletter.*") needs one of these words: a line without them
# skips those patterns, whose scans cost more than all the others together.
CONTAINS_WORDS = ("newsletter", "cookie", "all rights reserved")
_WORD_1, _WORD_2, _WORD_3 = CONTAINS_WORDS  # reason_for tests them in turn: far cheaper than any(map(...)) per line


def _top_level_alternatives(pattern: str) -> list[str]:
    alts, depth, start = [], 0, 0
    for j, ch in enumerate(pattern + "|"):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            alts.append(pattern[start:j])
            start = j + 1
    return alts


def _group_end(pattern: str) -> int:
    """Index of the bracket that closes the group opening `pattern`."""
    depth = 0
    for i, ch in enumerate(pattern):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i
    raise ValueError(f"unbalanced cue pattern: {pattern}")


def _every(leads: list[list[str] | None]) -> list[str] | None:
    """The keys of every alternative, or None when one of them has none."""
    out: list[str] = []
    for lead in leads:
        if lead is None:
            return None
        out += lead
    return out


def _lead(pattern: str, head: str = "") -> list[str] | None:
    r"""The buckets of every line `pattern` can match, after `head` has been read; None if unknown.

    Enough of the pattern language for the cues: literals, escaped punctuation, `\d`, letter classes
    like `[àa]`, groups of alternatives, optional groups. Anything else gives None (the pattern is tried
    on every line).
    """
    if len(head) == 2:
        return [head]
    if not pattern:
        return [head] if head else None  # the whole match is one character: the line is that character
    if len(_top_level_alternatives(pattern)) > 1:
        leads = [_lead(alt, head) for alt in _top_level_alternatives(pattern)]
        return _every(leads)
    ch = pattern[0]
    if ch == "(":
        end = _group_end(pattern)
        rest = pattern[end + 1 :]
        optional = rest[:1] == "?"
        if rest[:1] in ("*", "+", "{"):
            return None
        rest = rest[1:] if optional else rest
        options = [alt + rest for alt in _top_level_alternatives(pattern[1:end])] + ([rest] if optional else [])
        leads = [_lead(option, head) for option in options]
        return _every(leads)
    if pattern.startswith("\\d") and not head:
        return [DIGIT_KEY]
    if ch == "[":
        end = pattern.find("]")
        chars, rest = pattern[1:end], pattern[end + 1 :]
        if not chars.isalpha() or rest[:1] in ("?", "*", "+", "{"):
            return None
        leads = [_lead(c + rest, head) for c in chars]
        return _every(leads)
    if ch == "\\":
        literal, rest = pattern[1:2], pattern[2:]
        if literal.isalnum():
            return None  # \s, \b, \w: a class, not a character
    elif ch in ".^$*+?{}|)":
        return None
    else:
        literal, rest = ch, pattern[1:]
    if rest[:1] in ("?", "*", "+", "{"):
        return None
    return _lead(rest, head + literal)


def _buckets() -> tuple[dict[str, tuple[re.Pattern, re.Pattern]], tuple[re.Pattern, re.Pattern]]:
    """Patterns grouped by the key of the lines they can match, so a line is tried only against its own group.

    Each group comes twice: with the patterns that match anywhere in a line (for lines that hold one of
    CONTAINS_WORDS) and without them.
    """
    grouped: dict[str, list[tuple[str, str]]] = {}
    anywhere: list[tuple[str, str]] = []
    contains: list[tuple[str, str]] = []
    for reason, pats in _CUES.items():
        for pat in pats:
            leads = _lead(pat)
            for lead in dict.fromkeys(leads or []):  # once per bucket
                grouped.setdefault(lead, []).append((reason, pat))
            if leads is None and pat.startswith(".*"):
                if not any(word in pat for word in CONTAINS_WORDS):
                    raise ValueError(f"cue {pat!r} may match anywhere: add its word to CONTAINS_WORDS")
                contains.append((reason, pat))
            elif leads is None:
                anywhere.append((reason, pat))

    def compile_(pairs):
        by_reason: dict[str, list[str]] = {}
        for reason, pat in sorted(pairs, key=lambda pair: list(_CUES).index(pair[0])):
            by_reason.setdefault(reason, []).append(pat)
        # Lines are lower-cased before matching: faster than IGNORECASE on Unicode text.
        return re.compile("|".join(f"(?P<{r}>{'|'.join(ps)})" for r, ps in by_reason.items()))

    def both(pairs):
        return compile_(pairs + anywhere), compile_(pairs + anywhere + contains)

    return {lead: both(pairs) for lead, pairs in grouped.items()}, both([])


# Each reason is a named group; the group that matched names the reason.
_BY_KEY, _ANY_KEY = _buckets()


def reason_for(line: str) -> str | None:
    """The boilerplate reason a short line's wording gives, or None."""
    if len(line) > MAX_CUE_CHARS:
        return None
    text = line.strip(" \t|•·-–—:>»«›‹").lower()
    # The bucket: the line's first two characters, or DIGIT_KEY for a line that opens with a digit.
    plain, with_contains = _BY_KEY.get(DIGIT_KEY if text[:1].isdigit() else text[:2], _ANY_KEY)
    m = (with_contains if _WORD_1 in text or _WORD_2 in text or _WORD_3 in text else plain).fullmatch(text)
    return m.lastgroup if m else None
