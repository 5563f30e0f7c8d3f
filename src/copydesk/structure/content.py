"""The learned per-line main-content model: which capture lines are the article.

A whole-page capture mixes the article with menus, teasers, forms and footers.
Each line gets script-agnostic layout features (length, punctuation, digits,
capitalisation, position, repetition, the shape of its neighbourhood) that are
computed for all lines at once with numpy, so a 200-line capture costs a
fraction of a millisecond. Two tiny networks score the lines: the first from
the features, the second from the features plus the first's scores around
each line (learned context smoothing). Weights live in `line_model.json`,
trained by `scripts/train_line_model.py`; inference needs numpy only.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

import numpy as np

# Features read at most this many characters of a line: a 10 MB line costs no more than a paragraph.
LINE_PREFIX = 2000
# Context windows (in lines, each side) for the neighbourhood means.
WINDOWS = (1, 3, 8)

# One class per character, looked up in a table over the Basic Multilingual Plane.
SPACE, DIGIT, UPPER, LETTER, CJK, STOP, MID, SEP, QUOTE, OTHER = range(10)
N_CLASSES = 10


def _char_table() -> np.ndarray:
    t = np.full(0x10000, LETTER, dtype=np.int64)  # unlisted code points mostly belong to some alphabet
    t[:0x80] = OTHER
    for lo, hi, cls in (
        (0x30, 0x39, DIGIT), (0xFF10, 0xFF19, DIGIT), (0x41, 0x5A, UPPER), (0x61, 0x7A, LETTER),
        (0xC0, 0xDE, UPPER), (0x391, 0x3A9, UPPER), (0x400, 0x42F, UPPER),
        (0x3040, 0x30FF, CJK), (0x3400, 0x9FFF, CJK), (0xAC00, 0xD7AF, CJK), (0xF900, 0xFAFF, CJK),
        (0x2000, 0x200B, SPACE), (0x2010, 0x2015, SEP), (0x2190, 0x21FF, SEP), (0x2500, 0x27BF, OTHER),
        (0x0, 0x20, SPACE), (0x7F, 0xA0, SPACE), (0xE000, 0xF8FF, OTHER), (0xD800, 0xDFFF, OTHER),
    ):
        t[lo:hi + 1] = cls
    for chars, cls in (
        (".!?\u3002\uff01\uff1f\u2026\u061f\u0964", STOP), (",;:\u3001\uff0c\uff1b\uff1a\u060c", MID),
        ("|/\\>-_~*#=+\u00b7\u2022\u00bb\u203a\u00a6\u2219\u25b6\u25ba", SEP),
        ("\"'()[]{}\u00ab\u2039\u2018\u2019\u201a\u201c\u201d\u201e\u300c\u300d\u300e\u300f\uff08\uff09", QUOTE),
        ("\u00d7\u00f7", OTHER),
    ):
        t[[ord(c) for c in chars]] = cls
    return t


_TABLE = _char_table()

FEATURE_NAMES_LINE = [
    "log_len", "log_words", "frac_digit", "frac_upper", "frac_space", "frac_cjk", "frac_stop", "frac_mid", "frac_sep",
    "frac_quote", "frac_other", "log_stops", "end_stop", "end_mid", "end_letter", "end_digit", "end_quote",
    "start_upper", "start_letter", "start_digit", "log_repeats", "repeated_before", "in_title", "texty",
]
FEATURE_NAMES_PAGE = [
    "rel_pos", "log_pos", "log_pos_from_end", "is_first", "log_n_lines", "text_mass_before", "text_mass_after",
    "in_text_region", "log_dist_before_region", "log_dist_after_region", "len_vs_page_max",
]


def _line_features(lines: list[str]) -> np.ndarray:
    """Per-line layout features (n x len(FEATURE_NAMES_LINE)), computed on bounded prefixes."""
    n = len(lines)
    true_len = np.fromiter(map(len, lines), dtype=np.float64, count=n)
    if true_len.max() > LINE_PREFIX:  # bound the work on huge lines; keep their true length as a feature
        lines = [s[:LINE_PREFIX] for s in lines]
    text = "\n".join(lines)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _TABLE[np.minimum(cps, 0xFFFF)]
    cls[cps > 0xFFFF] = OTHER  # emoji and rarer planes
    lens = np.minimum(true_len, LINE_PREFIX).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(lens + 1)[:-1]))
    line_of = np.repeat(np.arange(n), lens + 1)[: len(cls)]
    joiners = (starts + lens)[:-1]
    binned = cls.copy()
    binned[joiners] = N_CLASSES  # the joining newlines go to a spare column that is dropped
    counts = np.bincount(line_of * (N_CLASSES + 1) + binned, minlength=n * (N_CLASSES + 1))
    counts = counts.reshape(n, N_CLASSES + 1)[:, :N_CLASSES].astype(np.float64)
    safe = np.maximum(lens, 1)
    frac = counts / safe[:, None]
    has = lens > 0
    first = np.where(has, cls[np.minimum(starts, len(cls) - 1)], SPACE) if len(cls) else np.full(n, SPACE)
    last = np.where(has, cls[np.clip(starts + lens - 1, 0, max(len(cls) - 1, 0))], SPACE) if len(cls) else first
    words = counts[:, SPACE] + has + counts[:, CJK] / 2  # CJK runs have no spaces: ~2 characters per word
    letters = counts[:, UPPER] + counts[:, LETTER]
    # Repetition: menus and buttons recur on a page, paragraphs do not.
    seen = Counter(lines)
    repeats = np.fromiter((seen[s] for s in lines), dtype=np.float64, count=n)
    earlier: set[str] = set()
    before = np.zeros(n)
    for i, s in enumerate(lines):
        if s in earlier:
            before[i] = 1.0
        earlier.add(s)
    # Lines that are part of the page <title> (first line) are usually the headline, not the body.
    title = lines[0] if n else ""
    in_title = np.fromiter((len(s) >= 8 and s in title for s in lines), dtype=np.float64, count=n)
    in_title[0] = 1.0
    texty = ((words >= 10) & (counts[:, STOP] >= 1)) | (counts[:, CJK] >= 30)
    return np.column_stack([
        np.log1p(true_len), np.log1p(words), frac[:, DIGIT], counts[:, UPPER] / np.maximum(letters, 1),
        frac[:, SPACE], frac[:, CJK], frac[:, STOP], frac[:, MID], frac[:, SEP], frac[:, QUOTE], frac[:, OTHER],
        np.log1p(counts[:, STOP]), last == STOP, last == MID, (last == LETTER) | (last == UPPER) | (last == CJK),
        last == DIGIT, last == QUOTE, first == UPPER, (first == LETTER) | (first == CJK), first == DIGIT,
        np.log(repeats), before, in_title, texty,
    ]).astype(np.float64)


def _page_features(line_feats: np.ndarray) -> np.ndarray:
    """Where each line sits in the page, relative to the densest run of text lines."""
    n = len(line_feats)
    idx = np.arange(n, dtype=np.float64)
    log_len, texty = line_feats[:, 0], line_feats[:, -1]
    mass = texty * np.expm1(log_len)
    cum = np.cumsum(mass)
    total = max(cum[-1], 1.0)
    # Best contiguous region (max-subarray): text lines add their length, other lines cost a little.
    score = np.where(texty > 0, np.expm1(log_len), -40.0)
    prefix = np.concatenate(([0.0], np.cumsum(score)))
    low_idx = np.maximum.accumulate(np.where(prefix == np.minimum.accumulate(prefix), np.arange(n + 1), 0))
    gain = prefix[1:] - prefix[low_idx[:-1]]
    end = int(np.argmax(gain))
    start = int(low_idx[end])
    inside = (idx >= start) & (idx <= end)
    return np.column_stack([
        idx / max(n - 1, 1), np.log1p(idx), np.log1p(n - 1 - idx), idx == 0, np.full(n, np.log1p(n)),
        (cum - mass) / total, (total - cum) / total, inside,
        np.log1p(np.maximum(start - idx, 0)), np.log1p(np.maximum(idx - end, 0)),
        log_len - log_len.max(),
    ]).astype(np.float64)


def _window_means(x: np.ndarray, w: int) -> np.ndarray:
    """Mean of each column over lines i-w..i+w (clipped at the page edges)."""
    n = len(x)
    c = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(x, axis=0)])
    lo = np.maximum(np.arange(n) - w, 0)
    hi = np.minimum(np.arange(n) + w + 1, n)
    return (c[hi] - c[lo]) / (hi - lo)[:, None]


def _shift(x: np.ndarray, k: int) -> np.ndarray:
    """Rows shifted by k lines (k>0: the previous line's values), zero beyond the edges."""
    out = np.zeros_like(x)
    if k > 0:
        out[k:] = x[:-k]
    else:
        out[:k] = x[-k:]
    return out


# Which line features the neighbourhood sees (a compact set keeps the model small).
CONTEXT_COLUMNS = ["log_len", "log_words", "frac_stop", "end_stop", "end_letter", "log_repeats", "texty", "frac_sep"]


def features(lines: list[str]) -> np.ndarray:
    """The full feature matrix of a capture (one row per line); see `feature_names()`."""
    own = _line_features(lines)
    ctx = own[:, [FEATURE_NAMES_LINE.index(c) for c in CONTEXT_COLUMNS]]
    parts = [own, _page_features(own), _shift(ctx, 1), _shift(ctx, -1)]
    parts += [_window_means(ctx, w) for w in WINDOWS]
    return np.hstack(parts)


def feature_names() -> list[str]:
    """Names of the columns of `features()`, in order."""
    names = FEATURE_NAMES_LINE + FEATURE_NAMES_PAGE
    names += [f"prev_{c}" for c in CONTEXT_COLUMNS] + [f"next_{c}" for c in CONTEXT_COLUMNS]
    for w in WINDOWS:
        names += [f"win{w}_{c}" for c in CONTEXT_COLUMNS]
    return names


def score_context(p: np.ndarray) -> np.ndarray:
    """Second-stage inputs from first-stage scores: own, neighbours and window means."""
    col = p[:, None]
    parts = [col, _shift(col, 1), _shift(col, -1), _shift(col, 2), _shift(col, -2)]
    parts += [_window_means(col, w) for w in (2, 5, 12)]
    return np.hstack(parts)


def _mlp(x: np.ndarray, net: dict) -> np.ndarray:
    """A one-hidden-layer network (standardised input, ReLU, sigmoid output)."""
    z = (x - net["mean"]) / net["scale"]
    h = np.maximum(z @ net["w1"] + net["b1"], 0.0)
    out = h @ net["w2"] + net["b2"]
    return 1.0 / (1.0 + np.exp(-np.clip(out[:, 0], -30, 30)))


class ContentModel:
    """Scores capture lines as main content (1) or page furniture (0)."""

    _default: "ContentModel | None" = None

    def __init__(self, weights: dict):
        self.meta = {k: v for k, v in weights.items() if k not in ("stage1", "stage2")}
        self.threshold = float(weights.get("threshold", 0.5))
        self.stage1 = {k: np.asarray(v, dtype=np.float64) for k, v in weights["stage1"].items()}
        self.stage2 = {k: np.asarray(v, dtype=np.float64) for k, v in weights["stage2"].items()}
        if weights.get("feature_names") != feature_names():
            raise ValueError("line_model.json was trained on other features; retrain it")

    @classmethod
    def default(cls) -> "ContentModel":
        """The shipped model (line_model.json in this package), loaded once per process."""
        if cls._default is None:
            text = resources.files(__package__).joinpath("line_model.json").read_text(encoding="utf-8")
            cls._default = cls(json.loads(text))
        return cls._default

    def probabilities(self, lines: list[str]) -> np.ndarray:
        """P(main content) for each line, after context smoothing (empty array for no lines)."""
        if not lines:
            return np.zeros(0)
        x = features(lines)
        p1 = _mlp(x, self.stage1)
        return _mlp(np.hstack([x, score_context(p1)]), self.stage2)

    def select(self, lines: list[str]) -> list[bool]:
        """Keep decision for each line: True for main content."""
        return (self.probabilities(lines) >= self.threshold).tolist()
