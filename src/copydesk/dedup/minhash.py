"""Article bodies as comparable fingerprints: a normalised-text hash for exact copies, MinHash for near ones.

The LSH index keeps signatures and ordinals only, never texts, so its memory
is a fixed few kilobytes per article whatever the article's length.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
# Every candidate pair is verified by its estimated Jaccard, so the LSH may cast a wide net: its job is to
# miss (almost) no pair at the threshold. FineWeb's 14 bands x 8 rows finds a pair of Jaccard 0.75 only 77%
# of the time; we accept more false candidates (cheap to reject) for ~98% at 0.75.
MIN_RECALL_AT_THRESHOLD = 0.97
# The permutations' seed is part of the output: change it and cluster memberships near the threshold move.
SEED = 1

_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Casefolded words separated by single spaces: punctuation (curly or straight quotes alike) and whitespace
    folded."""
    # NFKC first so that ligatures, full-width forms and non-breaking spaces compare equal to their plain forms.
    return " ".join(_NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())


def text_hash(normalised: str) -> str:
    """A stable hash of an already-normalised body: equal for exact duplicates up to case, punctuation and spacing."""
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


def shingles(normalised: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word n-grams of a normalised body; a body shorter than `size` words is one shingle."""
    words = normalised.split()
    if len(words) <= size:
        return {normalised.encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class Signer:
    """Normalised body -> MinHash signature (uint32, datasketch's affine32 scheme), with fixed permutations."""

    def __init__(self, num_perm: int = NUM_PERM):
        self.num_perm = num_perm
        # Drawing the permutations costs ~0.3 ms, more than hashing a typical article: draw them once per signer.
        self._minhash = MinHash(num_perm=num_perm, seed=SEED)

    def __call__(self, normalised: str) -> np.ndarray:
        """The signature of a normalised body (a copy: the signer's own state is reused)."""
        self._minhash.clear()
        grams = shingles(normalised)
        if grams:  # an empty batch is an error in datasketch; an empty body keeps the cleared (all-max) values
            self._minhash.update_batch(list(grams))
        return self._minhash.hashvalues.astype(np.uint32, copy=True)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal minimum hashes."""
    return float(np.count_nonzero(a == b)) / len(a)


def lsh_params(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows): the most rows per band that still make a pair at `threshold` a candidate >= 97% of the time.

    More rows per band means fewer false candidates; the recall floor keeps
    the verification step, not the LSH, the one that decides.
    """
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= MIN_RECALL_AT_THRESHOLD:
            best = (bands, rows)
    return best


class SignatureIndex:
    """An LSH index over signatures that answers with verified neighbours only."""

    def __init__(self, threshold: float, num_perm: int = NUM_PERM, params: tuple[int, int] | None = None):
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.params = params or lsh_params(threshold, num_perm)  # (bands, rows); given only to compare settings
        self._lsh = MinHashLSH(num_perm=num_perm, params=self.params)
        self._signatures: dict[int, np.ndarray] = {}
        self.candidates = 0  # candidate pairs the LSH proposed
        self.verified = 0  # of those, pairs at or above the threshold

    def __len__(self) -> int:
        return len(self._signatures)

    def neighbours(self, sig: np.ndarray) -> list[tuple[int, float]]:
        """Indexed ordinals whose estimated Jaccard with `sig` is >= the threshold, in ordinal order."""
        found = []
        keys = sorted(self._lsh.query(_Signature(sig)))
        self.candidates += len(keys)
        for key in keys:
            score = jaccard(sig, self._signatures[key])
            if score >= self.threshold:
                found.append((key, score))
        self.verified += len(found)
        return found

    def add(self, key: int, sig: np.ndarray) -> None:
        """Index a signature under an ordinal."""
        self._lsh.insert(key, _Signature(sig), check_duplication=False)
        self._signatures[key] = sig


class _Signature:
    """What MinHashLSH reads of a MinHash (its hash values and length), without rebuilding one per article."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: np.ndarray):
        self.hashvalues = hashvalues

    def __len__(self) -> int:
        return len(self.hashvalues)
