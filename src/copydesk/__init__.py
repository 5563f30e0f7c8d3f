"""copydesk: raw news captures in, clean, structured, attributed article records out.

>>> import copydesk
>>> article = copydesk.parse(open("capture.txt", encoding="utf-8").read(), nlp=False)
>>> article.title, article.bylines, article.text
"""

from .errors import CopydeskError
from .model import (
    SCHEMA,
    Article,
    Block,
    Byline,
    Capture,
    Entity,
    ErrorInfo,
    Media,
    Mention,
    Note,
    Quote,
    Removed,
    Source,
    TitleCheck,
)
from .pipeline import Pipeline, parse

__version__ = "0.1.0"
__all__ = [
    "SCHEMA",
    "Article",
    "Block",
    "Byline",
    "Capture",
    "CopydeskError",
    "Entity",
    "ErrorInfo",
    "Media",
    "Mention",
    "Note",
    "Pipeline",
    "Quote",
    "Removed",
    "Source",
    "TitleCheck",
    "parse",
]
