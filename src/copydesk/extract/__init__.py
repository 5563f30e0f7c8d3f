"""Extract: HTML pages and Markdown captures -> block lines with hints (the form a text capture has) and metadata."""

from .html import HtmlDocument, HtmlTruncated, decode_html, extract_html
from .markdown import MarkdownDocument, extract_markdown, looks_markdown
from .metadata import Metadata, read_metadata

__all__ = [
    "HtmlDocument",
    "HtmlTruncated",
    "MarkdownDocument",
    "Metadata",
    "decode_html",
    "extract_html",
    "extract_markdown",
    "looks_markdown",
    "read_metadata",
]
