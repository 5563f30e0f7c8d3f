"""What the HTML benchmarks share: the peers' calls with their settings (the field normalisation is in datasets.py)."""

from __future__ import annotations

import datetime
import re
import warnings

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_date(value) -> str | None:
    """A peer's date (a date, a datetime or a string holding YYYY-MM-DD) as YYYY-MM-DD, or None."""
    if value is None:
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%Y-%m-%d")
    m = _ISO.search(str(value))
    return "-".join(m.groups()) if m else None


def trafilatura_doc(html: bytes, url: str):
    """trafilatura's `bare_extraction` with metadata, comments excluded (None when it finds nothing)."""
    from trafilatura import bare_extraction

    return bare_extraction(html, url=url, include_comments=False, with_metadata=True)


def trafilatura_authors(doc) -> list[str]:
    """trafilatura's author string split on ";"."""
    return [a.strip() for a in (doc.author or "").split(";") if a.strip()]


def newspaper_parser():
    """newspaper4k's parser on given HTML (no download, no images, no memo): a function (html, url) -> Article."""
    warnings.filterwarnings("ignore", module="newspaper")
    from newspaper import Article, Config

    cfg = Config()
    cfg.fetch_images = False
    cfg.memoize_articles = False
    cfg.follow_meta_refresh = False
    cfg.disable_category_cache = True

    def parse(html: bytes, url: str):
        art = Article(url, config=cfg)
        art.download(input_html=html.decode("utf-8", "replace"))
        art.parse()
        return art

    return parse
