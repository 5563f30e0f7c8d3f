"""Verified duplicate pairs -> clusters, each with a canonical copy chosen by stated rules and a stable id."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..model import Article

_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")

# Why a canonical copy won, in rule order; the first rule that separates it from the runner-up is recorded.
# The names double as keys in run statistics.
RULES = ("earliest-published", "most-complete", "longest-body", "fewest-errors", "smallest-id", "first-in-input")


class UnionFind:
    """Disjoint sets over ordinals 0..n-1, grown one ordinal at a time."""

    def __init__(self) -> None:
        self._parent: list[int] = []

    def add(self) -> int:
        """A new singleton set; returns its ordinal."""
        self._parent.append(len(self._parent))
        return len(self._parent) - 1

    def find(self, x: int) -> int:
        """The representative of x's set (the smallest ordinal in it)."""
        parent = self._parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression keeps later finds O(1)-ish
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        """Merge the sets of a and b."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller ordinal stays the root, so the representative does not depend on the order of unions.
            ra, rb = min(ra, rb), max(ra, rb)
            self._parent[rb] = ra

    def __len__(self) -> int:
        return len(self._parent)


@dataclass(slots=True, frozen=True)
class Member:
    """What choosing a canonical copy needs to know of an article, kept instead of the article itself."""

    ordinal: int  # 0-based position among the input's articles
    line: int  # 1-based line of the input file
    id: str
    published: str | None  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or None when missing or unreadable
    completeness: int  # how many of title, bylines, published, dek the record has
    body_chars: int
    errors: int
    body_hash: str  # text_hash of the normalised body

    @classmethod
    def of(cls, article: Article, ordinal: int, line: int, body_hash: str) -> Member:
        """The canonical-choice facts of an article."""
        published = (
            article.published if isinstance(article.published, str) and _ISO_DATE.fullmatch(article.published) else None
        )
        complete = sum(map(bool, (article.title, article.bylines, published, article.dek)))
        return cls(
            ordinal,
            line,
            str(article.id),
            published,
            complete,
            len(article.text.strip()),
            len(article.errors),
            body_hash,
        )

    def sort_key(self) -> tuple:
        """Better canonical first; one component per rule in RULES."""
        # An undated copy sorts after every dated one: it cannot be shown to be the original.
        return (
            (self.published is None, self.published or ""),
            -self.completeness,
            -self.body_chars,
            self.errors,
            self.id,
            self.ordinal,
        )


def choose_canonical(members: list[Member]) -> tuple[Member, str]:
    """The canonical copy of a cluster and the rule that chose it (a name in RULES)."""
    ranked = sorted(members, key=Member.sort_key)
    best, runner_up = ranked[0], ranked[1]
    for rule, a, b in zip(RULES, best.sort_key(), runner_up.sort_key()):
        if a != b:
            return best, rule
    return best, RULES[-1]  # unreachable: ordinals differ


def cluster_id(canonical: Member) -> str:
    """A cluster's id: derived from its canonical copy's id and body, so the same input gives the same id."""
    # The body hash separates two clusters whose canonical copies happen to share an id (ids are the source's).
    return "dup-" + hashlib.sha1(f"{canonical.id}\n{canonical.body_hash}".encode()).hexdigest()[:16]


def report_row(cid: str, canonical: Member, why: str, members: list[Member]) -> dict:
    """One line of the clusters report: the cluster, its canonical copy and why, and every member."""
    return {
        "cluster": cid,
        "canonical": canonical.id,
        "canonical_line": canonical.line,
        "why": why,
        "size": len(members),
        "members": [{"id": m.id, "line": m.line, "exact": m.body_hash == canonical.body_hash} for m in members],
    }
