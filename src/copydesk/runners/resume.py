"""Resuming an interrupted run: what an output file already holds, and the inputs still to do.

Output is strictly in input order, one Article per input document, so an
interrupted run's output is a prefix of the whole run's. Resuming drops a
trailing partial line, then skips: whole files whose records are all in the
output (without reading them), and the first records of the file it stopped in.
Anything that does not line up raises ResumeMismatch rather than duplicate or
lose records silently.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator

from ..errors import ResumeMismatch
from ..model import Capture
from ..sources import captures, expand, file_captures

_LINE = re.compile(r"(.*):\d+", re.DOTALL)


def _file_of(source: dict) -> str:
    """The input file a record came from: a JSON Lines record's path ends in `:line`, whether the record held
    text (kind jsonl) or a page (kind html); a file-wide error's path is the file's."""
    path = source.get("path") or ""
    m = _LINE.fullmatch(path)
    return m.group(1) if m and source.get("kind") in ("jsonl", "html") else path


def completed(out_path: str) -> tuple[list[tuple[str, int]], dict | None]:
    """`(file, records)` runs in the order OUT holds them, and the last record's source; a partial last line is cut off.

    A missing or empty OUT is a run that has not started.
    """
    if not os.path.exists(out_path):
        return [], None
    runs: list[tuple[str, int]] = []
    last = None
    with open(out_path, "rb+") as f:
        good = 0  # byte offset after the last complete line
        for lineno, line in enumerate(f, 1):
            if not line.endswith(b"\n"):
                break  # the line being written when the run stopped
            try:
                last = json.loads(line)["source"]
            except (ValueError, KeyError, TypeError) as e:
                raise ResumeMismatch(f"{out_path}:{lineno}: not an Article record ({e}); refusing to resume") from e
            good += len(line)
            name = _file_of(last)
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + 1)
            else:
                runs.append((name, 1))
        f.truncate(good)
    return runs, last


def remaining(
    paths: Iterable[str], runs: list[tuple[str, int]], last: dict | None, *, kind: str = "auto", max_bytes: int
) -> Iterator[Capture]:
    """Captures of `paths` that `runs` (from `completed`) does not already hold, in input order."""
    todo = list(runs)
    for path in expand(paths):
        if path == "-":
            raise ResumeMismatch("cannot resume a run that reads stdin")
        if not todo:
            yield from captures([path], kind=kind, max_bytes=max_bytes)
        elif path == todo[0][0] and len(todo) > 1:
            todo.pop(0)  # a later file is in OUT, so this one was finished: not even read
        elif path == todo[0][0]:
            _, done = todo.pop(0)
            # Streamed past the records done (a JSON Lines file's are counted, not decoded); the last one done
            # is read to check that the file is the one the output was made from.
            rest = file_captures(path, kind, max_bytes, skip=done - 1)
            final = next(rest, None)
            if final is None or not _same(final, last):
                raise ResumeMismatch(
                    f"{path}: its first {done} document(s) are not those in the output; "
                    "the input changed since the run stopped"
                )
            yield from rest
        elif next(iter(captures([path], kind=kind, max_bytes=max_bytes)), None) is not None:
            # A file before the last one in OUT that is not in OUT is fine only if it yields no document.
            raise ResumeMismatch(f"{path} is not in the output, but files after it are: the inputs changed")
    if todo:
        raise ResumeMismatch(f"the output holds records of {todo[0][0]}, which is not among the inputs")


def _same(capture: Capture, source: dict | None) -> bool:
    """Whether the capture is the one the output's last record came from."""
    return source is not None and (capture.path, capture.record_id) == (source.get("path"), source.get("record_id"))
