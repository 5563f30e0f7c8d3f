"""`dedup()`: JSON Lines of Articles in, the same Articles with `cluster` set out, in two passes over the file.

Pass 1 reads every article, keeps only its signature (in the LSH index), a
few facts for choosing the canonical copy, and its union-find slot; pass 2
reads the file again and writes each article with its cluster. No article
text is held in memory between the passes. Stdin (`-`) is copied to a
temporary file first, so that it too can be read twice.

The input must be Articles (`copydesk parse` output): a file whose first record
is a capture (a record without `"schema"`) is refused as a whole, before
anything is written, with `NotArticles`.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, cast

from ..errors import MESSAGE_CHARS, BadRecord, CopydeskError, UnreadableInput
from ..model import Article, ErrorInfo, Source
from .clusters import Member, UnionFind, choose_canonical, cluster_id, report_row
from .minhash import NUM_PERM, SignatureIndex, Signer, normalise, text_hash

DEFAULT_THRESHOLD = 0.75


class NotArticles(BadRecord):
    """An input to dedup that holds capture records (raw text or HTML with an id, a URL...), not Articles."""


@dataclass
class DedupStats:
    """What a dedup run saw and did; `summary()` is the one line the CLI prints."""

    articles: int = 0  # well-formed Articles read (malformed lines not included)
    malformed: int = 0  # lines that are not an Article object: written out as Articles with an error
    empty: int = 0  # articles with an empty body: never clustered
    exact_duplicates: int = 0  # articles whose normalised body equals an earlier article's
    clusters: int = 0  # clusters of two or more articles (exact or near copies)
    clustered: int = 0  # articles in those clusters
    candidates: int = 0  # LSH candidate pairs checked
    verified: int = 0  # of those, pairs whose estimated Jaccard reached the threshold
    why: Counter = field(default_factory=Counter)  # canonical-choice rule -> clusters it decided
    params: tuple[int, int] = (0, 0)  # LSH (bands, rows)

    def close(self, members: list[Member]) -> tuple[str, dict]:
        """Settle one cluster: choose its canonical copy, count it; its id and its line of the report."""
        canonical, why = choose_canonical(members)
        cid = cluster_id(canonical)
        self.clusters += 1
        self.clustered += len(members)
        self.why[why] += 1
        return cid, report_row(cid, canonical, why, members)

    def summary(self) -> str:
        """One line for stderr."""
        return (
            f"copydesk dedup: {self.articles} article(s), {self.exact_duplicates} exact duplicate(s), "
            f"{self.clusters} near-duplicate cluster(s) holding {self.clustered} article(s), "
            f"{self.empty} empty, {self.malformed} malformed line(s)"
        )


def dedup(
    path: str,
    output: IO[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    report: IO[str] | None = None,
    num_perm: int = NUM_PERM,
    params: tuple[int, int] | None = None,
    progress: bool = False,
) -> DedupStats:
    """Write the Articles of the JSON Lines file at `path` to `output`, in input order, with `cluster` set.

    Articles whose normalised bodies are equal, or whose estimated Jaccard
    similarity of 5-word shingles is >= `threshold`, share a cluster id;
    articles without a copy (and empty bodies) get `cluster: null`. A line
    that is not an Article is written as an Article with an E106 error. With
    `report`, one JSON line per cluster says which copy is canonical and why.
    The file is read twice; `-` (stdin) is copied to a temporary file for that. `params` overrides the LSH
    (bands, rows) chosen from the threshold (for benchmarks). A file whose first record is not an Article but a
    capture raises NotArticles before anything is written.
    """
    with _readable_twice(path) as (local, name):
        return _dedup(local, name, output, threshold, report, num_perm, params, progress)


@contextlib.contextmanager
def _readable_twice(path: str) -> Iterator[tuple[str, str]]:
    """A path that can be read twice, and the name to give it in messages: `path` itself, or for `-` a temporary
    copy of stdin (removed afterwards)."""
    if path != "-":
        yield path, path
        return
    with tempfile.TemporaryDirectory(prefix="copydesk-dedup-") as folder:
        local = f"{folder}/stdin.jsonl"
        with open(local, "wb") as copy:
            shutil.copyfileobj(sys.stdin.buffer, copy, 1 << 20)
        yield local, "-"


def _dedup(
    path: str,
    name: str,
    output: IO[str],
    threshold: float,
    report: IO[str] | None,
    num_perm: int,
    params: tuple[int, int] | None,
    progress: bool,
) -> DedupStats:
    """`dedup()` over a file that can be read twice; `name` is what messages call it."""
    stats = DedupStats()
    index = SignatureIndex(threshold, num_perm, params)
    stats.params = index.params
    sign = Signer(num_perm)
    sets = UnionFind()
    members: list[Member | None] = []  # None: malformed or empty, never clustered
    first_of_body: dict[bytes, int] = {}  # normalised-body digest -> first ordinal with it

    for ordinal, (line, article, ok) in enumerate(_bar(_articles(path, name), progress, "dedup: signatures")):
        sets.add()
        if not ok:
            stats.malformed += 1
            members.append(None)
            continue
        stats.articles += 1
        body = normalise(article.text)
        if not body:
            stats.empty += 1
            members.append(None)
            continue
        digest = text_hash(body)
        members.append(Member.of(article, ordinal, line, digest))
        key = bytes.fromhex(digest)[:12]  # 96 bits: collisions are out of reach, the dict stays small
        if key in first_of_body:
            # Same normalised body, same signature: its LSH neighbours are the first copy's, already linked.
            stats.exact_duplicates += 1
            sets.union(first_of_body[key], ordinal)
            continue
        first_of_body[key] = ordinal
        sig = sign(body)
        for other, _score in index.neighbours(sig):
            sets.union(other, ordinal)
        index.add(ordinal, sig)
    stats.candidates, stats.verified = index.candidates, index.verified
    del first_of_body, index  # pass 2 needs only the assignments

    assignments = _assign(members, sets, stats, report)
    del members, sets

    seen = 0
    for ordinal, (_line, article, _ok) in enumerate(
        _bar(_articles(path, name), progress, "dedup: writing", total=len(assignments.total))
    ):
        article.cluster = assignments.by_ordinal.get(ordinal)
        output.write(article.to_json() + "\n")
        seen += 1
    if seen != assignments.total.stop:
        raise UnreadableInput(f"{name}: changed between the two passes ({assignments.total.stop} then {seen} records)")
    output.flush()
    return stats


@dataclass
class _Assignments:
    by_ordinal: dict[int, str]
    total: range


def _assign(members: list[Member | None], sets: UnionFind, stats: DedupStats, report: IO[str] | None) -> _Assignments:
    """Cluster ids for clustered ordinals; one report line per cluster, in order of its first member."""
    groups: dict[int, list[Member]] = {}
    for m in members:
        if m is not None:
            groups.setdefault(sets.find(m.ordinal), []).append(m)
    by_ordinal: dict[int, str] = {}
    for root in sorted(groups):
        group = groups[root]
        if len(group) < 2:
            continue
        cid, row = stats.close(group)
        for m in group:
            by_ordinal[m.ordinal] = cid
        if report is not None:
            report.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    if report is not None:
        report.flush()
    return _Assignments(by_ordinal, range(len(sets)))


_READ_STAGE = "dedup.read"


def _articles(path: str, name: str) -> Iterator[tuple[int, Article, bool]]:
    """(line number, Article, well-formed) for every non-blank line (gzip, told by its magic bytes, read through); a
    line that is not an Article comes as one with an error. Raise NotArticles when the first record is a capture."""
    with contextlib.ExitStack() as stack:
        try:
            plain = stack.enter_context(open(path, "rb"))
            f: IO[bytes] = plain
            if plain.peek(2)[:2] == b"\x1f\x8b":
                f = cast(IO[bytes], stack.enter_context(gzip.GzipFile(fileobj=plain, mode="rb")))
        except OSError as e:
            raise UnreadableInput(f"{name}: {e.strerror or e}") from e
        try:
            first = True
            for lineno, raw in enumerate(f, 1):
                if raw.strip():
                    if first:
                        _refuse_captures(raw, name)
                        first = False
                    yield lineno, *_article(raw, f"{name}:{lineno}")
        except (OSError, EOFError) as e:  # a broken gzip stream: the file, not one record, is unreadable
            raise UnreadableInput(f"{name}: {e}") from e


def _refuse_captures(raw: bytes, name: str) -> None:
    """Raise NotArticles when the first record is a JSON object with no `schema`: a capture, which dedup would
    otherwise write out as an Article with no blocks."""
    try:
        d = json.loads(raw)
    except ValueError:
        return  # not JSON at all: recorded as a malformed line
    if isinstance(d, dict) and "schema" not in d:
        fields = ", ".join(sorted(d)[:6]) or "none"
        shown = "FILE" if name == "-" else name
        raise NotArticles(
            f'{name}: holds capture records, not Articles (its first record has no "schema"; its fields: {fields}). '
            f"Parse them first: copydesk parse --from jsonl {shown} | copydesk dedup -",
            stage=_READ_STAGE,
        )


def _article(raw: bytes, where: str) -> tuple[Article, bool]:
    try:
        d = json.loads(raw)
        if not isinstance(d, dict):
            raise BadRecord("a record must be a JSON object")
        if "schema" not in d:
            raise BadRecord('no "schema": a capture record, not an Article')
        article = Article.from_dict(d)
        if not isinstance(article.id, str) or not isinstance(article.text, str):
            raise BadRecord("`id` and `text` must be strings")
        return article, True
    except Exception as e:  # one bad record never stops a run: it is written out with the reason
        code = e.code if isinstance(e, CopydeskError) else BadRecord.code
        message = e.args[0] if isinstance(e, CopydeskError) else f"{type(e).__name__}: {e}"
        # The same id parse gives a record it cannot read: a hash of where it was.
        return Article(
            id=hashlib.sha1(where.encode("utf-8", "surrogatepass")).hexdigest()[:16],
            source=Source("jsonl", where),
            errors=[ErrorInfo(_READ_STAGE, code, f"{where}: not an Article record ({message})"[:MESSAGE_CHARS])],
        ), False


def _bar(items, progress: bool, desc: str, total: int | None = None):
    if not progress:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, total=total, unit="article", file=sys.stderr, dynamic_ncols=True)
