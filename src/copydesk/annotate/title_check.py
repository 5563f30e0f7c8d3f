"""Does the captured headline belong to the body? Lexical by default, plus embeddings on the NLP path.

A headline names its story's key words; a headline captured from another story
(a ticker, a "related" link) shares almost none of them with the body. The
lexical score is the share of the title's content words whose stem (first five
letters, so "probes"/"probe" and "Spaniards"/"Spanish" meet) occurs in the
body's first 6000 characters, weighted towards rarer (longer) words.

Measured on FNC-1 (bench/title_check.py; thresholds tuned on the first 44,974
pairs, accuracy on the held-out 4,998; related/unrelated recall in brackets):

- lexical, THRESHOLD 0.40: 0.9560 (0.910 / 0.973), ~16k pairs/s (~0.06 ms);
  the default, and the fallback. Real rarity weights (wordfreq Zipf, or an IDF
  table from the WCXB/Fundus captures) instead of word length add +0.4..0.6
  points and keep fewer paraphrases: not worth a 69 MB dependency or a shipped table.
- with `nlp=True` and the optional extra `copydesk[headline]` installed, for
  English articles: a logistic regression over the lexical score and the
  MiniLM title/lead cosine (`title_embed`): 0.9806 (0.962 / 0.988) — errors
  more than halved, and 27/30 hand-written paraphrases kept against 22/30
  lexically — at ~40 ms per article on 2 CPU cores, ~1.4 GB installed (torch),
  ~5 s to load. Without the extra it stays lexical.
"""

from __future__ import annotations

import re

from ..model import Article, TitleCheck

THRESHOLD = 0.40  # FNC-1 held-out accuracy 0.9560 (0.35 gave 0.9516: it let through more unrelated titles)
BODY_CHARS = 6000  # the lead carries the story's key words; the rest adds noise and time
TITLE_CHARS = 1000  # no headline is longer; a pasted page as "title" must not cost a scan per word
_MIN_WORD = 3  # shorter words ("to", "US") are too common to tell stories apart
_TOKEN = re.compile(r"\w+")
_STEM = 5
# Function words of the major languages: they say nothing about which story a title belongs to.
_STOP = set(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "without",
        "about",
        "as",
        "into",
        "over",
        "after",
        "before",
        "under",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "do",
        "does",
        "did",
        "not",
        "no",
        "yes",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "him",
        "we",
        "our",
        "you",
        "your",
        "i",
        "my",
        "me",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "than",
        "then",
        "so",
        "if",
        "up",
        "out",
        "new",
        "says",
        "said",
        "say",
        "just",
        "more",
        "most",
        "over",
        "amid",
        "after",
        "before",
        "while",
        "also",
        "via",
        "vs",
        "der",
        "die",
        "das",
        "und",
        "oder",
        "ein",
        "eine",
        "einer",
        "eines",
        "den",
        "dem",
        "des",
        "zu",
        "im",
        "ist",
        "sind",
        "war",
        "mit",
        "von",
        "für",
        "auf",
        "aus",
        "bei",
        "nach",
        "nicht",
        "sich",
        "wie",
        "als",
        "auch",
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "et",
        "ou",
        "du",
        "au",
        "aux",
        "en",
        "dans",
        "pour",
        "par",
        "sur",
        "avec",
        "est",
        "sont",
        "pas",
        "que",
        "qui",
        "ce",
        "se",
        "son",
        "sa",
        "ses",
        "el",
        "los",
        "las",
        "y",
        "o",
        "del",
        "al",
        "con",
        "por",
        "para",
        "es",
        "son",
        "que",
        "se",
        "su",
        "sus",
        "lo",
        "como",
        "más",
        "il",
        "lo",
        "gli",
        "di",
        "da",
        "per",
        "con",
        "che",
        "non",
        "una",
        "uno",
        "nel",
        "della",
        "dei",
    ]
)


def _stems(text: str) -> dict[str, int]:
    """Content-word stems with their longest surface length (a proxy for rarity)."""
    out: dict[str, int] = {}
    for tok in _TOKEN.findall(text.casefold()):
        if len(tok) < _MIN_WORD or tok in _STOP or tok.isdigit():
            continue
        stem = tok[:_STEM]
        out[stem] = max(out.get(stem, 0), len(tok))
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what `\w` matches


def _occurs(stem: str, text: str) -> bool:
    """A word of `text` starts with the stem (or, for a short word, is it): a substring scan, no tokenising."""
    whole = len(stem) < _STEM
    at = text.find(stem)
    while at >= 0:
        end = at + len(stem)
        if (at == 0 or not _is_word_char(text[at - 1])) and not (
            whole and end < len(text) and _is_word_char(text[end])
        ):
            return True
        at = text.find(stem, at + 1)
    return False


def lexical_score(title: str, body: str) -> float:
    """Weighted share of the title's content-word stems found in the body, 0..1."""
    title_stems = _stems(title[:TITLE_CHARS])
    if not title_stems:
        return 0.0
    lead = body[:BODY_CHARS].casefold()
    total = sum(title_stems.values())
    found = sum(w for s, w in title_stems.items() if _occurs(s, lead))
    return round(found / total, 4)


def check_title(title: str | None, body: str, threshold: float = THRESHOLD, encoder=None) -> TitleCheck:
    """The headline's verdict against the body: consistent, unrelated, or missing (no title or no body).

    With a sentence encoder (`title_embed.load_encoder()`), the score is the combined
    lexical+embedding probability and the threshold is `title_embed.THRESHOLD`.
    """
    if not title or not title.strip() or not body.strip():
        return TitleCheck("missing", 0.0)
    score = lexical_score(title, body)
    if encoder is not None:
        from .title_embed import THRESHOLD as EMBED_THRESHOLD
        from .title_embed import combined_score, cosine

        score = round(combined_score(score, cosine(encoder, title[:TITLE_CHARS], body)), 4)
        threshold = EMBED_THRESHOLD
    return TitleCheck("consistent" if score >= threshold else "unrelated", score)


class TitleCheckStage:
    """Article -> Article: fill `title_check` from the title and the body text (dek included).

    `embed=True` (the pipeline's NLP path) adds the MiniLM cosine for English
    articles when the optional extra is installed; otherwise the check is lexical.
    """

    requires = ("title", "dek", "text")
    optional = ("language",)  # the embedding reads English articles only; without a language the check is lexical
    assigns = ("title_check",)

    def __init__(self, threshold: float = THRESHOLD, embed: bool = False):
        self.threshold = threshold
        self.embed = embed

    def __call__(self, article: Article) -> Article:
        body = f"{article.dek}\n\n{article.text}" if article.dek else article.text
        encoder = None
        # The model reads English only; load it (once per process) only when an article can use it.
        if self.embed and article.language == "en" and article.title and body.strip():
            from .title_embed import load_encoder

            encoder = load_encoder()
        article.title_check = check_title(article.title, body, self.threshold, encoder)
        return article
