"""Language of an article (ISO 639-1), from its body with py3langid (model inside the wheel)."""

from __future__ import annotations

from ..model import Article

SAMPLE_CHARS = 1000  # enough for a confident guess; classification cost grows with length
MIN_CHARS = 20  # less text than this gives no reliable guess


class LanguageStage:
    """Article -> Article: fill `language` from the dek and body (None when there is too little text), unless the
    source stated it."""

    requires = ("title", "dek", "text")
    optional = ("language",)  # stated by the source: kept
    assigns = ("language",)

    def __call__(self, article: Article) -> Article:
        if article.language is not None:  # a record's `language`: the corpus's own reading, kept as stated
            return article
        sample = " ".join(filter(None, [article.title, article.dek, article.text[:SAMPLE_CHARS]]))
        if len(sample) >= MIN_CHARS:
            import py3langid

            article.language = py3langid.classify(sample)[0]
        return article
