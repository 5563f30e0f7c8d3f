"""A JSON Lines record -> Capture: the field names real corpora use, and the normal forms of what they state.

Which field goes where (the README's table says the same):

- body: `text` (datatrove, C4, FineWeb, Dolma, CC-News as published), `maintext`
  (news-please), `content` (RefinedWeb), else `html` or `raw_html` (an HTML page);
- `id`, else `doc_id`; `url`, else `source_url`, else `metadata.url`; `title`;
- publication date: `published`, `date_publish` (news-please), `publish_date`,
  else `date`, except in a record that names its Common Crawl `dump` (FineWeb):
  there `date` is when the page was crawled;
- crawl time (`source.fetched_at`): `date_download` (news-please), `timestamp`
  (C4, RefinedWeb), `metadata.date` (datatrove), FineWeb's `date`;
- authors: `authors`, else `author` (a list of names, or one string of names);
- language: `language`, `lang`, `metadata.language`;
- standfirst: `description` (news-please, CC-News).

A value of the wrong type (a number as a title, a dict as authors) is ignored,
never an error: the record is still parsed with what it states well.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from ..errors import BadRecord, CopydeskError
from ..model import Capture, ErrorInfo
from ..structure.dates import find_date

TEXT_FIELDS = ("text", "maintext", "content")
HTML_FIELDS = ("html", "raw_html")
PUBLISHED_FIELDS = ("published", "date_publish", "publish_date")
FETCHED_FIELDS = ("date_download", "timestamp")
MAX_NAME_CHARS = 200  # longer than any person's or desk's name: a sentence or a list gone wrong, not a byline

# JSON's \ud800 escapes give Python strings lone surrogates, which no UTF-8 writer (file, SQLite) accepts.
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_DAY = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s_])")
_COMPACT_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})(?:$|T)")
# Between names in one string: "A; B", "A | B", "A, B", "A and B", "A & B". A name written "Surname, First" is
# split in two: such strings are rare in the corpora read here, lists of names the common case.
_NAME_SEPARATORS = re.compile(r"\s*(?:[;|,\n]|&|\band\b)\s*", re.IGNORECASE)
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_LANGUAGE_TAG = re.compile(r"([A-Za-z]{2})(?:[-_][A-Za-z0-9]{1,8})*")


def record_capture(line: bytes, where: str) -> Capture:
    """The Capture one JSON Lines line holds; a line that is not a JSON object gives a Capture with E106."""
    try:
        record = json.loads(line)
    except RecursionError:  # arrays or objects nested past the interpreter's recursion limit
        return failed(where, "jsonl", BadRecord(f"{where}: not valid JSON (nested too deep to read)"))
    except ValueError as e:  # not JSON, not UTF-8, or an integer of more digits than Python converts
        return failed(where, "jsonl", BadRecord(f"{where}: not valid JSON ({e})"))
    if not isinstance(record, dict):
        return failed(where, "jsonl", BadRecord(f"{where}: a record must be a JSON object"))
    return capture_of(record, where)


def capture_of(record: dict, where: str) -> Capture:
    """A JSON object's document and what it states about it, as a Capture whose path is `where`."""
    meta = record.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    rid = _id(record.get("id"))
    rid = rid if rid is not None else _id(record.get("doc_id"))
    crawled = "dump" in record  # FineWeb names its Common Crawl snapshot; its `date` is the crawl's
    stated: dict[str, Any] = dict(
        path=where,
        id=rid,
        title=_stated(record, ("title",)),
        url=_pick(_stated(record, ("url", "source_url")), _stated(meta, ("url",))),
        published=_pick(_stated(record, PUBLISHED_FIELDS), None if crawled else _stated(record, ("date",))),
        fetched_at=_pick(
            _stated(record, FETCHED_FIELDS), _stated(meta, ("date",)), _stated(record, ("date",)) if crawled else None
        ),
        authors=author_names(record.get("authors")) or author_names(record.get("author")) or None,
        language=_pick(_stated(record, ("language", "lang")), _stated(meta, ("language",))),
        description=_stated(record, ("description",)),
    )
    text = first_text(record, TEXT_FIELDS)
    if text is not None:
        return Capture(data=text, kind="jsonl", **stated)
    html = first_text(record, HTML_FIELDS)
    if html is not None:
        return Capture(data=html, kind="html", **stated)
    fields = ", ".join(f"`{name}`" for name in TEXT_FIELDS + HTML_FIELDS)
    return failed(where, "jsonl", BadRecord(f"{where}: record has no string body (one of {fields})"), rid)


def first_text(record: dict, names: tuple[str, ...]) -> str | None:
    """The first of `names` holding a non-blank string, else the first holding any string (so `""` stays `""`)."""
    return _pick(*(record.get(name) for name in names))


def _pick(*values) -> str | None:
    """The first non-blank string of `values`, else the first string (a stated `""` stays `""`), else None."""
    strings = [v for v in values if isinstance(v, str)]
    return next((v for v in strings if v.strip()), strings[0] if strings else None)


def _stated(record: dict, names: tuple[str, ...]) -> str | None:
    """`first_text`, made safe to write: a field's value goes to the output as it is, unlike a body."""
    value = first_text(record, names)
    return None if value is None else clean(value)


def clean(text: str) -> str:
    """`text` with any lone surrogate replaced by U+FFFD, so that it can be written as UTF-8."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def _id(value) -> str | None:
    """A record id: a string, or a number written as one; anything else is no id."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def author_names(value) -> list[str]:
    """Names from a list of strings or from one string of names with separators; [] for anything else."""
    if isinstance(value, str):
        parts = _NAME_SEPARATORS.split(value)
    elif isinstance(value, list):
        parts = [v for v in value if isinstance(v, str)]
    else:
        return []
    names: list[str] = []
    seen: set[str] = set()
    for part in parts:
        name = clean(_BY.sub("", " ".join(part.split())))
        if name and len(name) <= MAX_NAME_CHARS and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def iso_day(value) -> str | None:
    """A stated date as YYYY-MM-DD ("2017-06-28 10:00:00", "2017-06-28T10:00:00Z", "20170628", "June 28, 2017",
    "Wed, 28 Jun 2017 10:00:00 GMT"); None for anything else. The day is the one written, in the writer's time zone."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    m = _ISO_DAY.match(value) or _COMPACT_DAY.match(value)
    if m is None:
        return find_date(value[:200])  # written out, in the forms the capture rules read ("3. Mai 2024")
    try:
        return datetime.date(*map(int, m.groups())).isoformat()
    except ValueError:  # "2017-02-30", month 13, year 0
        return None


def language_code(value) -> str | None:
    """The ISO 639-1 code of a stated language ("en", "EN", "en-US", "pt_BR"); None for anything else
    (three-letter codes, "unknown"), which leaves the language to be detected."""
    if not isinstance(value, str):
        return None
    m = _LANGUAGE_TAG.fullmatch(value.strip())
    return m.group(1).lower() if m else None


def standfirst(value) -> str | None:
    """A stated standfirst on one line, or None when it is not a non-blank string."""
    if not isinstance(value, str):
        return None
    return clean(" ".join(value.split())) or None


def failed(path: str, kind: str, err: CopydeskError, rid: str | None = None) -> Capture:
    """The Capture of a document that could not be read: no data, and the error that says why."""
    return Capture(data=b"", kind=kind, path=path, id=rid, error=ErrorInfo.from_error(err))
