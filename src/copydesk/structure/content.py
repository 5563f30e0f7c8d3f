"""The learned per-line main-content model: which capture lines are the article.

A whole-page capture mixes the article with menus, teasers, forms and footers.
Each line gets script-agnostic layout features (length, punctuation, digits,
capitalisation, position, repetition, the shape of its neighbourhood). Two tiny
networks score the lines: the first from the features, the second from the
features plus the first's scores around each line (learned context smoothing).
Weights live in `line_model.json`, trained by `scripts/train_line_model.py`.

This module names the features and holds the weights; the arithmetic (features
and inference) is compiled, in `_lines.pyx`, so a 200-line capture costs
about a tenth of a millisecond.
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np

# features() and score_context() are this module's too: training builds its matrices with them.
from ._lines import CONTEXT_COLUMNS as _CONTEXT_INDEX
from ._lines import N_FEATURES, SCORE_SHIFTS, SCORE_WINDOWS, SHIFTS, WINDOWS, LineScorer, features, score_context

__all__ = ["ContentModel", "decide", "feature_names", "features", "mlp", "score_context", "score_context_names"]

# The columns _lines.features() computes, in order; classes of characters as _lines.char_table() sorts them.
FEATURE_NAMES_LINE = (
    ["log_len", "log_words", "upper_share", "log_stops", "log_repeats", "repeated_before", "in_title", "texty"]
    + [f"frac_{c}" for c in ("digit", "space", "cjk", "stop", "mid", "sep", "quote", "other")]
    + [f"end_{c}" for c in ("stop", "mid", "letter", "upper", "cjk", "digit", "quote", "sep")]
    + [f"start_{c}" for c in ("upper", "letter", "cjk", "digit", "quote", "sep")]
)
FEATURE_NAMES_PAGE = [
    "rel_pos",
    "log_pos",
    "log_pos_from_end",
    "is_first",
    "log_n_lines",
    "text_mass_before",
    "text_mass_after",
    "in_text_region",
    "log_dist_before_region",
    "log_dist_after_region",
    "len_vs_page_max",
    "page_texty_share",
    "page_short_share",
    "page_repeat_share",
    "page_region_share",
]
# Which line features the neighbourhood sees (a compact set keeps the model small and fast).
CONTEXT_COLUMNS = [FEATURE_NAMES_LINE[i] for i in _CONTEXT_INDEX]


def feature_names() -> list[str]:
    """Names of the columns of `features()`, in order."""
    names = FEATURE_NAMES_LINE + FEATURE_NAMES_PAGE
    names += [f"line{d:+d}_{c}" for d in SHIFTS for c in CONTEXT_COLUMNS]
    return names + [f"win{w}_{c}" for w in WINDOWS for c in CONTEXT_COLUMNS]


def score_context_names() -> list[str]:
    """Names of the columns of `score_context()`."""
    return [f"p{d:+d}" for d in SCORE_SHIFTS] + [f"p_win{w}" for w in SCORE_WINDOWS]


def _fold(net: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Standardisation folded into the first layer, so inference is two matmuls."""
    w1 = np.asarray(net["w1"]) / np.asarray(net["scale"])[:, None]
    b1 = np.asarray(net["b1"]) - np.asarray(net["mean"]) @ w1
    return w1, b1, np.asarray(net["w2"])[:, 0], float(np.asarray(net["b2"]).ravel()[0])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # np.minimum(np.maximum()) is np.clip without its Python-level dispatch.
    return 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(z, -30.0), 30.0)))


def mlp(x: np.ndarray, net: dict) -> np.ndarray:
    """A one-hidden-layer network as stored (standardise, ReLU, sigmoid); used by training."""
    w1, b1, w2, b2 = _fold(net)
    return _sigmoid(np.maximum(x @ w1 + b1, 0.0) @ w2 + b2)


class ContentModel:
    """Scores capture lines as main content (True) or page furniture (False)."""

    _default: ContentModel | None = None

    def __init__(self, weights: dict):
        if weights.get("feature_names") != feature_names():
            raise ValueError("line_model.json was trained on other features; retrain it")
        self.meta = {k: v for k, v in weights.items() if k not in ("stage1", "stage2")}
        self.threshold = float(weights.get("threshold", 0.5))
        # Single precision: the scores agree with double precision to ~1e-6, and the products take half the time.
        w1, b1, w2, b2 = (np.asarray(a, dtype=np.float32) for a in _fold(weights["stage1"]))
        v1, c1, v2, c2 = (np.asarray(a, dtype=np.float32) for a in _fold(weights["stage2"]))
        # Stage 2 reads [features, score context]: its first layer splits in two.
        self._scorer = LineScorer((w1, b1, w2, b2), (v1[:N_FEATURES], v1[N_FEATURES:], c1, v2, c2))

    @classmethod
    def default(cls) -> ContentModel:
        """The shipped model (line_model.json in this package), loaded once per process."""
        if cls._default is None:
            text = resources.files(__package__).joinpath("line_model.json").read_text(encoding="utf-8")
            cls._default = cls(json.loads(text))
        return cls._default

    def probabilities(self, lines: list[str]) -> np.ndarray:
        """P(main content) for each line, after learned context smoothing (empty array for no lines)."""
        return self._scorer(lines)

    def select(self, lines: list[str]) -> list[bool]:
        """Keep decision for each line: True for main content."""
        if not lines:
            return []
        return decide(self.probabilities(lines), self.threshold)


# Default keep threshold; the shipped one is chosen by cross-validation and stored with the weights.
THRESHOLD = 0.5


def decide(p: np.ndarray, threshold: float = THRESHOLD) -> list[bool]:
    """Final keep decisions from the (already context-smoothed) probabilities."""
    return (p >= threshold).tolist()
