"""Any list the reader shows, as a file: the same URL with `format=csv` or `format=json` answers the list's rows
(every row its filters select, up to MAX_ROWS, whatever page the URL is on) instead of the page.

A list route asks `window()` how many rows to read, then hands them to `of()`, which answers the file or None (show
the page). Rows are the store's result rows (anything with `to_dict()`) or plain mappings. Captured text is
untrusted here too: a CSV cell that a spreadsheet would run as a formula is written as text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from ..store.export import cell  # one CSV cell, as `copydesk export` writes it

MAX_ROWS = 10_000
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def requested(request: Request) -> str | None:
    """The file format a request asks for ("csv" or "json"), or None for the page itself; 400 for any other."""
    wanted = request.query_params.get("format", "").lower()
    if wanted in ("", "html"):
        return None
    if wanted not in MEDIA_TYPES:
        raise HTTPException(400, f"format must be csv or json, not {wanted[:20]!r}")
    return wanted


def window(request: Request, page: int, size: int) -> dict[str, int]:
    """The `limit` and `offset` a list route reads: the page's rows and one more (to know whether a next page
    exists), or, for a file, the whole list from its start."""
    if requested(request):
        return {"limit": MAX_ROWS, "offset": 0}
    return {"limit": size + 1, "offset": (page - 1) * size}


def plain(row: Any) -> dict[str, Any]:
    """A result row as a plain dict."""
    return row.to_dict() if hasattr(row, "to_dict") else dict(row)


def csv_text(rows: Iterable[Mapping[str, Any]]) -> str:
    """Rows as CSV with a header line: every field any row has, in the order they first appear."""
    rows = list(rows)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([cell(row.get(c)) for c in columns] for row in rows)
    return out.getvalue()


def file_response(rows: Iterable[Any], fmt: str, name: str) -> Response:
    """`rows` as a `name`.csv or `name`.json download."""
    dicts = [plain(r) for r in rows]
    body = csv_text(dicts) if fmt == "csv" else json.dumps(dicts, ensure_ascii=False, indent=1) + "\n"
    filename = (re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "rows")[:80] + "." + fmt
    return Response(
        body.encode("utf-8"),
        media_type=MEDIA_TYPES[fmt],
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def of(request: Request, rows: Iterable[Any], name: str) -> Response | None:
    """The list as the file the request asks for (`format=csv|json`), or None when it asks for the page:
    `if (file := download.of(request, rows, "search")) is not None: return file`."""
    fmt = requested(request)
    return None if fmt is None else file_response(rows, fmt, name)
