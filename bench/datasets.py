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
_PUNCT = re.compile(r"[\W_]+")
_BY = re.compile(r"^by\s+")
_CREDIT_LABEL = re.compile(r"^(?:photo|image|credit|foto|bild)s?\s+")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
# The newsroom fields `newsroom_scores` scores, in the order the newsroom tables print them.
NEWSROOM_FIELDS = ("title", "authors", "date", "dek", "headings", "body", "caption", "credit")


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


def norm(text: str | None) -> str:
    """Casefold; every run of punctuation and whitespace folded to one space."""
    return _PUNCT.sub(" ", (text or "").casefold()).strip()


def norm_name(name: str) -> str:
    """A byline name normalised like a title, a leading "by" dropped."""
    return _BY.sub("", norm(name))


def norm_credit(credit: str) -> str:
    """A photo credit normalised like a title, a leading photo/image/credit/foto/bild label dropped."""
    return _CREDIT_LABEL.sub("", norm(credit))


def set_f1(predicted: set, truth: set) -> float:
    """F1 of two sets (1.0 when both are empty)."""
    if not predicted and not truth:
        return 1.0
    common = len(predicted & truth)
    if not common:
        return 0.0
    p, r = common / len(predicted), common / len(truth)
    return 2 * p * r / (p + r)


def distinct(items) -> list[str]:
    """The non-blank strings of `items`, each once, in order."""
    out: list[str] = []
    for x in items:
        if x and x.strip() and x not in out:
            out.append(x)
    return out


@dataclass
class Fields:
    """What one system gave for one page; None: the system does not give that field."""

    body: str = ""
    title: str | None = None
    authors: list[str] | None = None
    date: str | None = None
    dek: str | None = None
    headings: list[str] | None = None
    captions: list[str] | None = None
    credits: list[str] | None = None


def article_fields(art) -> Fields:
    """A copydesk Article's newsroom fields."""
    return Fields(
        body=art.text,
        title=art.title,
        authors=[b.name for b in art.bylines],
        date=art.published,
        dek=art.dek,
        headings=[b.text for b in art.blocks if b.kind == "heading"],
        captions=[m.caption for m in art.media if m.caption],
        credits=[m.credit for m in art.media if m.credit],
    )


def newsroom_scores(got: Fields, truth: dict, gives: tuple[str, ...]) -> dict[str, float]:
    """Each newsroom field's score on one page (a Fundus truth), for the fields the truth has and the system gives:
    title exact after `norm`, authors set-F1 after `norm_name`, date equal to `published`'s YYYY-MM-DD, dek and
    body word-F1, headings set-F1, captions word-F1 as one bag, credits the share of the truth's found."""
    s: dict[str, float] = {}
    if truth.get("title") and "title" in gives:
        s["title"] = float(norm(got.title) == norm(truth["title"]) != "")
    if truth.get("authors") and "authors" in gives:
        s["authors"] = set_f1(
            {norm_name(a) for a in got.authors or []} - {""}, {norm_name(a) for a in truth["authors"]} - {""}
        )
    if truth.get("published") and "date" in gives:
        s["date"] = float(got.date == truth["published"][:10])
    if truth.get("dek") and "dek" in gives:
        s["dek"] = word_f1(got.dek or "", truth["dek"])
    if truth.get("headings") and "headings" in gives:
        s["headings"] = set_f1(
            {norm(h) for h in got.headings or []} - {""}, {norm(h) for h in truth["headings"]} - {""}
        )
    if "body" in gives:
        s["body"] = word_f1(got.body, truth.get("main_content") or "")
    captions = distinct(im.get("caption") for im in truth.get("images") or [])
    if captions and "caption" in gives:
        s["caption"] = word_f1(" ".join(distinct(got.captions or [])), " ".join(captions))
    credits = {norm_credit(c) for c in distinct(im.get("credit") for im in truth.get("images") or [])} - {""}
    if credits and "credit" in gives:
        mine = {norm_credit(c) for c in got.credits or []}
        s["credit"] = len(credits & mine) / len(credits)
    return s


def truth_names(author: str) -> set[str]:
    """The names of a WCXB truth's `author` string (split at , ; & "and"), normalised like titles."""
    return {norm(n) for n in _NAME_SPLIT.split(author) if norm(n)}


def title_hit(title: str | None, truth: dict) -> bool:
    """Whether a title equals a WCXB truth's after `norm`."""
    return norm(title) == norm(truth["title"])


def author_hit(authors: list[str] | None, truth: dict) -> bool | None:
    """Whether any name equals one of a WCXB truth's `author` names (None when the truth names none)."""
    if not truth.get("author"):
        return None
    return bool({norm(a) for a in (authors or [])} & truth_names(truth["author"]))


def date_hit(date: str | None, truth: dict) -> bool | None:
    """Whether a YYYY-MM-DD date equals a WCXB truth's `published` (a truth of YYYY-MM compares the month; None
    when the truth has no date)."""
    if not truth.get("published"):
        return None
    return (date or "")[: len(truth["published"])] == truth["published"] and bool(date)


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
