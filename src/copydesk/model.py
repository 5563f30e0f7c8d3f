"""The one record type that flows through copydesk: `Article`, built from a `Capture`.

Field names follow the `copydesk.article/2` contract (see DESIGN.md); change them
only with a schema version bump. An Article of an earlier version that is still
read (`READ_SCHEMAS`) is brought up to this one as it is read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from .errors import FAILED_INPUT_CODES, NOTE_CODES
from .safejson import loads

if TYPE_CHECKING:
    from .errors import CopydeskError

SCHEMA = "copydesk.article/2"
SCHEMA_1 = "copydesk.article/1"  # no `notes`: what is a note now (NOTE_CODES) was among its `errors`
READ_SCHEMAS = (SCHEMA, SCHEMA_1)  # the versions `Article.from_dict` reads
# The Article's keys in contract order (DESIGN.md), as `to_dict` and `to_json` write them.
CONTRACT_KEYS = (
    "schema",
    "id",
    "source",
    "language",
    "title",
    "title_check",
    "dek",
    "description",
    "bylines",
    "published",
    "media",
    "blocks",
    "text",
    "removed",
    "entities",
    "quotes",
    "cluster",
    "errors",
    "notes",
)
_ENCODER = msgspec.json.Encoder()


def _plain(value: Any) -> Any:
    """Dataclasses and lists as plain dicts and lists (dataclasses.asdict deep-copies every value, which is slow)."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# The entity types an Article keeps: people, organisations, countries and cities, other places, facilities.
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC")

BlockKind = Literal["title", "dek", "byline", "caption", "heading", "paragraph", "blockquote", "list_item"]
BODY_KINDS = ("heading", "paragraph", "blockquote", "list_item")


@dataclass(slots=True)
class Capture:
    """A raw document as a source read it: bytes or text, plus where it came from."""

    data: bytes | str
    kind: str = "text"
    path: str | None = None
    url: str | None = None
    id: str | None = None
    title: str | None = None
    record_id: str | None = None
    fetched_at: str | None = None
    error: ErrorInfo | None = None  # a source that could not read the document says why
    # The transport's declared charset (HTTP Content-Type of a WARC response): a hint for decoding bytes,
    # which a document's own BOM or <meta charset> may overrule. None when nothing was declared.
    charset: str | None = None
    # What the source states about the article beside its text (a JSON Lines record's fields), as it states it:
    # the pipeline normalises these and lets them win over what structure recovery finds. None: not stated.
    published: str | None = None  # the publication date, in any common notation
    authors: list[str] | str | None = None  # names, or one string of names with separators
    language: str | None = None  # a language code or tag ("en", "en-US")
    description: str | None = None  # the standfirst


@dataclass(slots=True)
class Source:
    """Where an article came from."""

    kind: str = "text"
    path: str | None = None
    url: str | None = None
    record_id: str | None = None
    fetched_at: str | None = None


@dataclass(slots=True)
class TitleCheck:
    """Whether the captured headline belongs to the body: consistent, unrelated or missing."""

    verdict: str = "missing"
    score: float = 0.0


@dataclass(slots=True)
class Byline:
    """One credited author; `role` is e.g. "agency", "editing", "contributor"."""

    name: str
    role: str | None = None


@dataclass(slots=True)
class Media:
    """A picture's caption with its credit split off."""

    caption: str | None
    credit: str | None = None


@dataclass(slots=True)
class Block:
    """A kept line of the article: its 1-based line number in the capture, and how many input lines it spans
    (a paragraph hard-wrapped over several lines, or a Markdown paragraph, is one block)."""

    kind: str
    text: str
    line: int
    lines: int = 1


@dataclass(slots=True)
class Removed:
    """A line that is not part of the article, and why (`lines`: input lines it spans, as for a Block)."""

    line: int
    text: str
    reason: str
    lines: int = 1


@dataclass(slots=True)
class Mention:
    """Exact offsets of an entity mention: `blocks[block].text[start:end]`."""

    block: int
    start: int
    end: int


@dataclass(slots=True)
class Entity:
    """One real-world person, organisation or place within an article."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    """A direct or reported statement with its speaker."""

    id: str
    kind: str
    text: str
    spans: list[Mention] = field(default_factory=list)
    speaker: str | None = None
    speaker_name: str | None = None
    cue: str | None = None
    confidence: float = 0.0


@dataclass(slots=True)
class ErrorInfo:
    """A recorded failure: which stage, a stable code, a one-line message."""

    stage: str
    code: str
    message: str

    @classmethod
    def from_error(cls, error: CopydeskError) -> ErrorInfo:
        """The record of a copydesk error: its stage, its code and its message (without the code in front)."""
        return cls(error.stage, error.code, str(error.args[0]))


@dataclass(slots=True)
class Note:
    """Something worth knowing about how an article was read that is no failure: which stage, a stable code (as an
    error's), a one-line message. "Not annotated: the language is German" is a note (E301)."""

    stage: str
    code: str
    message: str

    @classmethod
    def from_error(cls, error: CopydeskError) -> Note:
        """The note for an informational outcome raised as a copydesk error: its stage, code and message."""
        return cls(error.stage, error.code, str(error.args[0]))


@dataclass(slots=True)
class Article:
    """A clean, structured, attributed news record (schema `copydesk.article/2`)."""

    id: str
    source: Source = field(default_factory=Source)
    schema: str = SCHEMA
    language: str | None = None
    title: str | None = None
    title_check: TitleCheck = field(default_factory=TitleCheck)
    dek: str | None = None
    description: str | None = None  # the summary the page states about itself (og:description, meta, JSON-LD)
    bylines: list[Byline] = field(default_factory=list)
    published: str | None = None
    media: list[Media] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    text: str = ""
    removed: list[Removed] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    cluster: str | None = None
    errors: list[ErrorInfo] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # informational outcomes, apart from errors (NOTE_CODES)

    def failure(self) -> ErrorInfo | None:
        """The error that makes this a failed input (unread, or not parsed to its end: `FAILED_INPUT_CODES`), or
        None for an article that was read."""
        return next((e for e in self.errors if e.code in FAILED_INPUT_CODES), None)

    def body_blocks(self) -> list[Block]:
        """The blocks that make up the readable body, in order."""
        return [b for b in self.blocks if b.kind in BODY_KINDS]

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object, keys in contract order."""
        return {k: _plain(getattr(self, k)) for k in CONTRACT_KEYS}

    def to_json(self, *, ascii: bool = False) -> str:
        """One line of JSON (no trailing newline), deterministic for the same article; `ascii` escapes every non-ASCII
        character.

        msgspec encodes the dataclasses directly, several times faster than `json.dumps(to_dict())` and with the same
        text (`tests/test_model_json.py` checks it on real Articles); what it refuses (a lone surrogate from a file name
        that is not UTF-8) goes the slow way, which keeps it.
        """
        if not ascii:
            try:
                return _ENCODER.encode({k: getattr(self, k) for k in CONTRACT_KEYS}).decode("utf-8")
            except (UnicodeEncodeError, TypeError, OverflowError, msgspec.EncodeError):
                pass
        return json.dumps(self.to_dict(), ensure_ascii=ascii, separators=(",", ":"))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        """Rebuild an Article from its contract JSON object, of this version or an earlier one still read
        (`READ_SCHEMAS`), which is brought up to this one: a `copydesk.article/1` object's informational outcomes
        (NOTE_CODES) move from its `errors` to `notes`."""
        if d.get("schema", SCHEMA) not in READ_SCHEMAS:
            from .errors import SchemaError

            raise SchemaError(
                f"unsupported schema {d.get('schema')!r}, expected {' or '.join(repr(s) for s in READ_SCHEMAS)}"
            )
        if d.get("schema") == SCHEMA_1:
            d = _from_schema_1(d)
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        kw["source"] = Source(**d.get("source") or {})
        kw["title_check"] = TitleCheck(**d.get("title_check") or {})
        kw["bylines"] = [Byline(**b) for b in d.get("bylines", [])]
        kw["media"] = [Media(**m) for m in d.get("media", [])]
        kw["blocks"] = [Block(**b) for b in d.get("blocks", [])]
        kw["removed"] = [Removed(**r) for r in d.get("removed", [])]
        kw["entities"] = [
            Entity(**{**e, "mentions": [Mention(**m) for m in e.get("mentions", [])]}) for e in d.get("entities", [])
        ]
        kw["quotes"] = [
            Quote(**{**q, "spans": [Mention(**m) for m in q.get("spans", [])]}) for q in d.get("quotes", [])
        ]
        kw["errors"] = [ErrorInfo(**e) for e in d.get("errors", [])]
        kw["notes"] = [Note(**n) for n in d.get("notes", [])]
        return cls(**kw)

    @classmethod
    def from_json(cls, line: str | bytes) -> Article:
        """Rebuild an Article from one line of JSON, as it was written (a lone surrogate of a file name that is not
        UTF-8 included); nesting too deep to read is a ValueError (`safejson.loads`)."""
        return cls.from_dict(loads(line, clean_surrogates=False))


def _from_schema_1(d: dict[str, Any]) -> dict[str, Any]:
    """A `copydesk.article/1` object as a `copydesk.article/2` one: its errors that are notes now moved to `notes`."""
    errors = d.get("errors") or []
    moved = [e for e in errors if isinstance(e, dict) and e.get("code") in NOTE_CODES]
    kept = [e for e in errors if not (isinstance(e, dict) and e.get("code") in NOTE_CODES)]
    return {**d, "schema": SCHEMA, "errors": kept, "notes": [*(d.get("notes") or []), *moved]}
