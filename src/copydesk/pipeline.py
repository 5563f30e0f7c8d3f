"""The flow for one document: Capture -> decode -> structure -> annotate -> Article.

Each stage is a small callable; a stage that fails records its error in the
article and the pipeline goes on with what the earlier stages made. Heavy
models load once per process, lazily, inside the stage that uses them. Each
stage declares the Article fields it `requires` (and those it reads when an
earlier stage set them, `optional`) and those it `assigns`; a pipeline whose
stages do not follow from one another is refused when it is built.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import fields

from .annotate import LanguageStage, TitleCheckStage
from .annotate.nlp import NlpStage
from .errors import CopydeskError, DecodeFallback, DocumentTimeout, StageFailure, UnsupportedFormat, failure_message
from .extract.html import extract_html
from .extract.markdown import extract_markdown, looks_markdown, stated_date
from .extract.metadata import apply_metadata, fallback_date
from .extract.plain import text_lines
from .model import Article, Block, Byline, Capture, ErrorInfo, Removed, Source
from .sources import DEFAULT_MAX_BYTES, Decoded, decode, kind_of, read_bytes
from .sources.records import author_names, iso_day, language_code, standfirst
from .sources.sniff import looks_html
from .structure import StructureRecovery

PARSE_BUDGET_S = 10.0  # seconds a document may take in the library, whoever runs it (the pool's --timeout aside)
MAX_DATE_SEARCH_CHARS = 5_000_000  # htmldate re-parses the page: not worth it for a giant one
# What the stages find before the first one runs: the article's id and source, and the capture's lines (from the
# decoder, or the HTML or Markdown reader). A source's stated fields and a page's metadata (`apply_stated`,
# `apply_metadata`) are laid on between stages only where they are present: no stage may require them.
GIVEN = ("id", "source", "lines")


def article_id(capture: Capture) -> str:
    """The source's id, else a hash of the URL, else of the content (or path, for an unreadable document)."""
    if capture.id:
        return capture.id
    if capture.url:
        basis = capture.url.encode("utf-8", "surrogatepass")
    elif capture.data:
        basis = capture.data.encode("utf-8", "surrogatepass") if isinstance(capture.data, str) else capture.data
    else:
        # surrogatepass: a file name of bytes that are not UTF-8 comes from os.walk with surrogates in it
        basis = (capture.path or "").encode("utf-8", "surrogatepass")
    return hashlib.sha1(basis).hexdigest()[:16]


def check_stages(stages: Iterable, given: tuple[str, ...] = GIVEN) -> None:
    """Raise ValueError unless every stage, in order, finds each field it `requires` among the `given` ones and those
    the stages before it `assign` (as spaCy's `analyze_pipes` reads its components); every field a stage declares
    (`optional` ones included) must be an Article field, or `lines`."""
    known = {f.name for f in fields(Article)} | {"lines"}
    available = set(given)
    before: list[str] = []
    for stage in stages:
        name = type(stage).__name__
        requires, optional, assigns = stage.requires, getattr(stage, "optional", ()), stage.assigns
        if unknown := [f for f in (*requires, *optional, *assigns) if f not in known]:
            raise ValueError(f"pipeline stage {name} declares {', '.join(unknown)}: not a field of an Article")
        if missing := [f for f in requires if f not in available]:
            raise ValueError(
                f"pipeline stage {name} requires {', '.join(missing)}, which no stage before it assigns "
                f"(given: {', '.join(given)}; stages before it: {', '.join(before) or 'none'})"
            )
        available.update(assigns)
        before.append(name)


class Pipeline:
    """Capture -> Article for text captures, with or without the NLP annotators.

    `budget`: seconds a document may take (None: no limit). The HTML walk reads the clock as it goes, and each
    stage looks before it starts; a document past its budget ends there with E108, keeping what was made. (A
    single stage is not cut short, the walk aside: the runner's `--timeout` stops a worker whatever it does.)
    The stages' declarations are checked when it is built (`check_stages`).
    """

    def __init__(
        self, *, nlp: bool = True, structure: StructureRecovery | None = None, budget: float | None = PARSE_BUDGET_S
    ):
        if budget is not None and budget <= 0:
            raise ValueError("budget must be a positive number of seconds, or None")
        self.nlp = nlp
        self.budget = budget
        self.structure = structure or StructureRecovery()
        self.title_check = TitleCheckStage(embed=nlp)
        # With NLP the headline check runs after language detection (its embedding model reads English only)
        # and before the entities, which skip a headline that belongs to another story.
        self.annotators = [LanguageStage(), self.title_check, NlpStage()] if nlp else []
        check_stages(self.stages())

    def stages(self) -> list:
        """The stages in the order they run: structure recovery, then the annotators (the headline check alone
        without NLP)."""
        return [self.structure, *(self.annotators if self.nlp else [self.title_check])]

    def __call__(self, capture: Capture) -> Article:
        deadline = None if self.budget is None else time.monotonic() + self.budget
        kind = capture.kind
        if kind == "auto":
            kind = "html" if looks_html(capture.data) else "md" if looks_markdown(capture.data) else "text"
        article = Article(
            id=article_id(capture),
            source=Source(kind, capture.path, capture.url, capture.record_id, capture.fetched_at),
        )
        if capture.error:
            article.errors.append(capture.error)
            return article
        if kind == "html":
            return self._html(article, capture, deadline)
        decoded = self._decode(article, capture)
        if decoded is None:
            return article
        if kind == "md" or (kind == "jsonl" and looks_markdown(decoded.text)):
            return self._markdown(article, capture, decoded.text, deadline)
        logical = text_lines(decoded.text)
        if self._over_budget(article, deadline, "structure"):
            return article
        self._structure(article, logical.lines, capture.title, spans=logical.spans)
        apply_stated(article, capture)
        return self._annotate(article, deadline)

    @staticmethod
    def _decode(article: Article, capture: Capture) -> Decoded | None:
        """The capture's text, with a fallback recorded; None (and the error recorded) when there is none."""
        try:
            decoded = decode(capture.data)
        except CopydeskError as e:
            article.errors.append(ErrorInfo.from_error(e))
            return None
        if decoded.fallback:
            article.errors.append(ErrorInfo("sources.decode", DecodeFallback.code, decoded.fallback))
        return decoded

    def _markdown(self, article: Article, capture: Capture, text: str, deadline: float | None) -> Article:
        """A Markdown capture: block lines with hints -> the same structure recovery; markup-only lines removed."""
        try:
            doc = extract_markdown(text)
        except Exception as e:  # noqa: BLE001  one bad document never stops a run
            article.errors.append(ErrorInfo("extract.markdown", StageFailure.code, failure_message(e)))
            return article
        if self._over_budget(article, deadline, "structure"):
            return article
        self._structure(article, doc.lines, capture.title or doc.title, doc.hints, doc.spans)
        if doc.removed:
            article.removed = sorted(article.removed + doc.removed, key=lambda r: r.line)
        if article.published is None and doc.published:
            article.published = stated_date(doc.published)
        apply_stated(article, capture)
        return self._annotate(article, deadline)

    def _html(self, article: Article, capture: Capture, deadline: float | None) -> Article:
        """An HTML page: block lines with hints -> the same structure recovery -> the page's metadata on top."""
        try:
            page = extract_html(capture.data, url=capture.url, http_charset=capture.charset, deadline=deadline)
        except CopydeskError as e:
            article.errors.append(ErrorInfo.from_error(e))
            return article
        except Exception as e:  # noqa: BLE001  one bad page never stops a run
            article.errors.append(ErrorInfo("extract.html", StageFailure.code, failure_message(e)))
            return article
        article.errors += page.errors
        if self._over_budget(article, deadline, "structure"):
            return article
        self._structure(article, page.lines, capture.title, page.hints)
        self._run(article, "extract.metadata", apply_metadata, article, page.metadata)
        apply_stated(article, capture)
        if (
            article.published is None
            and len(page.text) <= MAX_DATE_SEARCH_CHARS
            and (deadline is None or time.monotonic() <= deadline)
        ):  # (a page past its budget stops below)
            deadline = _searched_date(article, page.text, capture.url, deadline)
        return self._annotate(article, deadline)

    def _structure(
        self,
        article: Article,
        lines: list[tuple[int, str]],
        title: str | None,
        hints=None,
        spans: list[int] | None = None,
    ) -> None:
        """Structure recovery over logical lines; `spans`: how many input lines each one covers (None: one each)."""
        if not self._run(article, "structure", self.structure, article, lines, title, hints):
            # Keep the accounting whole: every line is still somewhere, with the reason it is not structured.
            article.blocks, article.text = [], ""
            article.removed = [Removed(n, text, "structure-error") for n, text in lines]
        if spans is not None:
            span_of = {n: k for (n, _), k in zip(lines, spans) if k > 1}
            items: list[Block | Removed] = [*article.blocks, *article.removed]
            for item in items:
                item.lines = span_of.get(item.line, 1)

    def _over_budget(self, article: Article, deadline: float | None, stage: str) -> bool:
        """Whether `deadline` (a `time.monotonic()` reading) has passed, recorded (E108) when it has: `stage` and
        those after it are not run."""
        if deadline is None or time.monotonic() <= deadline:
            return False
        err = DocumentTimeout(
            f"over its time budget of {self.budget:g} s before {stage}; the stages from there on were not run",
            stage="pipeline",
        )
        article.errors.append(ErrorInfo.from_error(err))
        return True

    def _annotate(self, article: Article, deadline: float | None = None) -> Article:
        if self._over_budget(article, deadline, "annotation"):
            return article
        if not self.nlp:
            self._run(article, "annotate.title_check", self.title_check, article)
        for stage in self.annotators:
            self._run(article, f"annotate.{type(stage).__name__}", stage, article)
        return article

    @staticmethod
    def _run(article: Article, name: str, stage, *args) -> bool:
        try:
            stage(*args)
            return True
        except Exception as e:  # one bad document never stops a run: record and go on
            code = e.code if isinstance(e, CopydeskError) else StageFailure.code
            article.errors.append(ErrorInfo(name, code, failure_message(e)))
            return False

    def run(self, captures: Iterable[Capture]) -> Iterator[Article]:
        """Articles for captures, in input order."""
        for capture in captures:
            yield self(capture)


def _searched_date(article: Article, page_text: str, url: str | None, deadline: float | None) -> float | None:
    """Set the date htmldate reads in the page; the deadline, moved past a one-time load the search did.

    The first search in a process that reaches dateparser loads every locale it knows (seconds): that is the
    process's cost, not this page's, and counting it would cut the page short on a busy machine (E108) where it
    passes on an idle one.
    """
    loads = "dateparser" not in sys.modules
    started = time.monotonic()
    article.published = fallback_date(page_text, url)
    if loads and deadline is not None and "dateparser" in sys.modules:
        deadline += time.monotonic() - started
    return deadline


def apply_stated(article: Article, capture: Capture) -> None:
    """What the source states beside the text (a JSON Lines record's fields) over what was found in it: a stated
    standfirst, authors, publication date and language win; a value that cannot be read as one is ignored."""
    if (dek := standfirst(capture.description)) is not None:
        article.dek = article.description = dek
    if names := author_names(capture.authors):
        article.bylines = [Byline(name) for name in names]
    if (day := iso_day(capture.published)) is not None:
        article.published = day
    if (code := language_code(capture.language)) is not None:
        article.language = code  # the language stage detects only what no source stated


def parse(
    capture: str | bytes | os.PathLike | Capture,
    *,
    kind: str = "auto",
    nlp: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Parse one capture (its text, its bytes, a path to it, or a Capture) into an Article.

    `kind` is "auto" (HTML is recognised by its opening tags, Markdown by the markup of its head), "text", "html" or
    "md"; `nlp=False` skips the model-based annotators (language; entities and quotes) and keeps structure recovery
    only.
    Problems are recorded in `Article.errors`; nothing is raised for bad input.
    """
    if isinstance(capture, Capture):
        cap = capture
    elif isinstance(capture, os.PathLike):
        path = os.path.abspath(os.fspath(capture))  # (as the CLI records it: wherever the caller runs)
        if kind == "auto" and (found := kind_of(path)) in ("md", "html"):
            kind = found  # what its content (or else its name) shows, as the CLI reads it
        try:
            cap = Capture(data=read_bytes(path, max_bytes), kind=kind, path=path)
        except CopydeskError as e:
            cap = Capture(data=b"", kind=kind, path=path, error=ErrorInfo.from_error(e))
    else:
        cap = Capture(data=capture, kind=kind)
    if kind not in ("auto", "text", "jsonl", "html", "md"):
        err = UnsupportedFormat(f"reading {kind} is not yet supported by parse(); give a text capture")
        cap.error = ErrorInfo.from_error(err)
    return _pipeline(nlp)(cap)


_PIPELINES: dict[bool, Pipeline] = {}


def _pipeline(nlp: bool) -> Pipeline:
    """One Pipeline per process and setting, so models load once."""
    if nlp not in _PIPELINES:
        _PIPELINES[nlp] = Pipeline(nlp=nlp)
    return _PIPELINES[nlp]
