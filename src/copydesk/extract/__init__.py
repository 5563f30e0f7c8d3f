"""Extract: HTML pages -> block lines with hints (the form a text capture has) and the page's metadata."""

from .html import HtmlDocument, HtmlTruncated, decode_html, extract_html
from .metadata import Metadata, read_metadata

__all__ = ["HtmlDocument", "HtmlTruncated", "Metadata", "decode_html", "extract_html", "read_metadata"]
