"""Loaders and metrics shared by the benchmarks and the training script.

The data lives outside the repository in `../shared/data` (override with
COPYDESK_DATA). Nothing here is imported by the copydesk package itself.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import platform
import re
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("COPYDESK_DATA", REPO.parent / "shared" / "data"))

_WORD = re.compile(r"\w+")
# A page id that opens with its site's host and a dash ("nationnews.com-schools": trafilatura-eval's ids).
_HOST_ID = re.compile(r"([a-z0-9]+(?:\.[a-z0-9]+)+)-")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


@dataclass
class Page:
    """One benchmark page: its capture text, HTML path and ground truth."""

    id: str
    text_path: Path
    html_path: Path
    truth: dict

    @property
    def capture(self) -> str:
        return self.text_path.read_text(encoding="utf-8")

    @property
    def html(self) -> bytes:
        return gzip.decompress(self.html_path.read_bytes())

    @property
    def holdout(self) -> bool:
        """Whether the page's source is held out (see `is_holdout`)."""
        return is_holdout(self.id, self.truth.get("url"))


def load_pages(name: str) -> list[Page]:
    """Pages of a data set folder (`wcxb-dev-articles` or `fundus-other`), sorted by id."""
    root = DATA / name
    pages = []
    with open(root / "pages.jsonl", encoding="utf-8") as f:
        for line in f:
            truth = json.loads(line)
            pid = truth["id"]
            pages.append(Page(pid, root / "text" / f"{pid}.txt", root / "html" / f"{pid}.html.gz", truth))
    return pages


def source_of(page_id: str, url: str | None = None) -> str:
    """The site or publisher a page comes from: its URL's host, else the id without its date or slug.

    Fundus ids are `<country>-<Publisher>-<date>`, PolNeAR's `polnear-<publisher>_<date>_<slug>`, a
    trafilatura-eval id without a URL `<host>-<slug>`; a WCXB or FNC-1 id names only the page (FNC-1 bodies come
    from many unnamed sites).
    """
    if url:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if host:
            return host
    if page_id.startswith("polnear-"):
        return page_id.split("_", 1)[0]
    if re.fullmatch(r"[a-z]{2,3}-\w+-\d{4}_\d{2}_\d{2}", page_id):
        return page_id.rsplit("-", 1)[0]
    m = _HOST_ID.match(page_id)
    if m:
        return m.group(1).removeprefix("www.")
    return page_id


def is_holdout(page_id: str, url: str | None = None) -> bool:
    """The fixed 20% of sources no shipped model is trained on: a stable hash of the page's site or publisher,
    so that every page of a held-out publisher is held out with it."""
    return int(hashlib.sha1(source_of(page_id, url).encode()).hexdigest(), 16) % 5 == 0


def words(text: str) -> Counter:
    """Lowercased `\\w+` bag of words."""
    return Counter(_WORD.findall(text.lower()))


def word_f1(predicted: str, truth: str) -> float:
    """Word-level F1 of two texts as bags of lowercased `\\w+` tokens."""
    p, t = words(predicted), words(truth)
    if not p and not t:
        return 1.0
    common = sum((p & t).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def _norm_snippet(s: str) -> str:
    return " ".join(_WORD.findall(s.translate(_QUOTES).lower()))


def snippet_rates(predicted: str, truth: dict) -> tuple[float | None, float | None]:
    """Share of `with` snippets found and of `without` snippets absent (None if a page has none)."""
    text = _norm_snippet(predicted)
    with_, without = truth.get("with") or [], truth.get("without") or []
    found = sum(_norm_snippet(s) in text for s in with_) / len(with_) if with_ else None
    absent = sum(_norm_snippet(s) not in text for s in without) / len(without) if without else None
    return found, absent


def mean(values) -> float:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else float("nan")


def cpu_model() -> str:
    """The CPU's model name, for the header of a benchmark table."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def package_versions(*packages: str) -> dict:
    """Python's version and each installed package's (None for one that is not installed), for a table's header."""
    out: dict = {"python": platform.python_version()}
    for pkg in packages:
        try:
            out[pkg] = version(pkg)
        except Exception:  # noqa: BLE001
            out[pkg] = None
    return out
