"""Annotation stages: language, headline check (and, with NLP, entities and quotes)."""

from .language import LanguageStage
from .title_check import TitleCheckStage, check_title, lexical_score

__all__ = ["LanguageStage", "TitleCheckStage", "check_title", "lexical_score"]
