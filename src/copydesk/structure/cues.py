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
        r"leave a (reply|comment)", r"be the first to comment!?", r"you must be logged in to post a comment\.?",
        r"(\d+\s+)?comments?( \(\d+\))?", r"post(ed)? a comment", r"add (a|your) comment", r"join the (conversation|discussion)",
        r"(show|view|load|hide) (all |more )?(\d+ )?(comments|replies)", r"reply", r"cancel reply", r"comment policy",
        r"your email address will not be published\.?.*", r"required fields are marked.*", r"notify me of .*",
        r"save my name, email, and website in this browser.*", r"log ?in to (reply|comment)", r"\d+ (responses?|replies)",
        r"(kommentar(e|en)?|kommentieren|commentaires?|comentarios?|commenti|reacties|kommentarer)( \(\d+\))?",
        r"(jetzt kommentieren|kommentieren)", r"laisser un commentaire", r"deja un comentario", r"lascia un commento",
    ],
    "share": [
        r"(share|share this|share on|share via|share article|share this (article|story|post))( on)?:?( (facebook|twitter|x|linkedin|whatsapp|email|reddit))*",
        r"x", r"(facebook|twitter|linkedin|whatsapp|telegram|pinterest|reddit|email|e-mail|print|copy link|flipboard|threads|bluesky|instagram|youtube|tiktok|mastodon)",
        r"(tweet|pin it|print( this)?( article| page)?|email this|copy (the )?link|link copied|send|save( article)?|bookmark)",
        r"(teilen|artikel teilen|drucken|merken|partager|imprimer|compartir|imprimir|condividi|stampa|delen|dela|del|jaa|udostępnij)",
        r"follow( us)?( on)?:?.*", r"folgen sie uns.*", r"suivez-nous.*", r"síguenos.*",
    ],
    "newsletter": [
        r".*newsletter.*", r"sign up( now| today)?( for .*)?[.!]?", r"subscribe( now| today| here)?( to .*)?[.!]?",
        r"(get|receive) (our|the) .*(in your inbox|delivered).*", r"enter your e-?mail( address)?.*", r"your e-?mail( address)?",
        r"abonnieren.*", r"jetzt abonnieren.*", r"abonnez-vous.*", r"suscr[ií]bete.*", r"iscriviti.*",
        r"already (a subscriber|have an account)\??.*", r"(sign|log) ?(in|out)( / register)?", r"register", r"my account",
        r"anmelden|einloggen|registrieren|se connecter|iniciar sesi[oó]n|accedi",
    ],
    "cookies": [
        r".*\bcookies?\b.*(consent|accept|settings|policy|use|preferences).*", r"(accept|reject|allow|decline) (all|cookies).*",
        r"(manage|cookie) (preferences|settings|consent).*", r"we (use|value) (cookies|your privacy).*", r"(i agree|i accept|agree|accept|got it|ok)",
        r"your privacy choices", r"do not sell( or share)? my personal information", r"datenschutz(einstellungen|erklärung)?",
        r"(alle )?(akzeptieren|ablehnen)", r"tout accepter|tout refuser|aceptar todo|rechazar todo|accetta tutto",
    ],
    "navigation": [
        r"skip to (main )?(content|navigation|footer)", r"(main |open |close )?(navigation )?menu", r"(toggle|open|close) (navigation|menu|search)",
        r"home", r"search( for)?:?", r"back to top", r"(previous|next) (article|post|story|page)", r"(previous|next)", r"page \d+( of \d+)?",
        r"(zum )?(inhalt|hauptinhalt) springen", r"aller au contenu.*", r"ir al contenido.*", r"startseite|accueil|inicio",
        r"breadcrumbs?", r"you are here:?.*", r"accessibility links", r"keyboard shortcuts.*",
    ],
    "related": [
        r"(read|see|view|show) (more|also|next|all)( news| stories| articles)?:?.*", r"related( articles| stories| posts| content| coverage| topics)?:?",
        r"(you|we think you) (may|might) (also )?(like|enjoy|be interested in).*", r"(more|most) (from|on|in|popular|read|viewed|shared)( .*)?",
        r"recommended( for you| stories| articles)?:?", r"trending( now| stories)?:?", r"popular( now| stories| posts)?:?", r"latest( news| stories| posts)?:?",
        r"(top|editor'?s'?) (stories|picks)", r"don't miss:?.*", r"also read:?.*", r"further reading:?",
        r"mehr zum thema:?.*", r"(das )?könnte sie (auch )?interessieren:?.*", r"(lesen sie|lies) (auch|mehr):?.*", r"weitere artikel:?",
        r"lire (aussi|la suite)( :)?.*", r"[àa] lire (aussi|également)( :)?.*", r"(lee|leer) (también|más)( :)?.*", r"(leggi|vedi) anche:?.*", r"lees ook:?.*", r"les også:?.*", r"läs (också|mer):?.*",
    ],
    "copyright": [
        r"(copyright|©|\(c\)) .*", r".*all rights reserved\.?.*", r"(privacy|cookie) (policy|notice|statement)", r"terms( of (use|service))?( (and|&) conditions)?",
        r"(contact|about) us", r"(imprint|impressum|mentions légales|aviso legal|datenschutz)", r"sitemap", r"careers|jobs",
        r"powered by .*", r"all content © .*",
    ],
    "advertising": [
        r"(advertisement|advertising|sponsored( content)?|sponsor message|paid (post|content)|promoted( content)?|ad|ads)",
        r"(anzeige|werbung|publicité|publicidad|pubblicità|advertentie|annonse|annons|reklame)", r"scroll to continue( with content)?",
        r"continue reading( below)?( advertisement)?", r"story continues below( advertisement)?", r"article continues below.*",
    ],
}



def _top_level_alternatives(pattern: str) -> list[str]:
    alts, depth, start = [], 0, 0
    for j, ch in enumerate(pattern + "|"):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            alts.append(pattern[start:j])
            start = j + 1
    return alts


def _lead(pattern: str) -> list[str] | None:
    """The first two letters every match of `pattern` starts with (one per alternative), or None if unknown."""
    alts = _top_level_alternatives(pattern)
    if len(alts) > 1:
        leads = [_lead(a) for a in alts]
        return None if any(lead is None for lead in leads) else [x for lead in leads for x in lead]
    if pattern.startswith("("):
        depth = 0
        for i, ch in enumerate(pattern):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                break
        if pattern[i + 1: i + 2] in ("?", "*"):
            return None  # an optional opening group: the match may start later
        out: list[str] = []
        for alt in _top_level_alternatives(pattern[1:i]):
            lead = _lead(alt)
            if lead is None:
                return None
            out += lead
        return out
    m = re.match(r"[a-zà-ÿ' -]{2}", pattern)
    return [m.group(0)] if m else None


def _buckets() -> tuple[dict[str, re.Pattern], re.Pattern]:
    """Patterns grouped by the two letters they start with, so a line is tried only against its own group."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    anywhere: list[tuple[str, str]] = []
    for reason, pats in _CUES.items():
        for pat in pats:
            leads = _lead(pat)
            for lead in leads or []:
                grouped.setdefault(lead, []).append((reason, pat))
            if leads is None:
                anywhere.append((reason, pat))

    def compile_(pairs):
        by_reason: dict[str, list[str]] = {}
        for reason, pat in pairs:
            by_reason.setdefault(reason, []).append(pat)
        # Lines are lower-cased before matching: faster than IGNORECASE on Unicode text.
        return re.compile("|".join(f"(?P<{r}>{'|'.join(ps)})" for r, ps in by_reason.items()))

    return {lead: compile_(pairs + anywhere) for lead, pairs in grouped.items()}, compile_(anywhere)


# Each reason is a named group; the group that matched names the reason.
_BY_LEAD, _ANYWHERE = _buckets()


def reason_for(line: str) -> str | None:
    """The boilerplate reason a short line's wording gives, or None."""
    if len(line) > MAX_CUE_CHARS:
        return None
    text = line.strip(" \t|•·-–—:>»«›‹").lower()
    m = _BY_LEAD.get(text[:2], _ANYWHERE).fullmatch(text)
    return m.lastgroup if m else None
