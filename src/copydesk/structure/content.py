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
from importlib import resources

import numpy as np

# Features read at most this many characters of a line: a 10 MB line costs no more than a paragraph.
LINE_PREFIX = 2000
# Context windows (in lines, each side) for the neighbourhood means.
WINDOWS = (1, 3, 8)

# One class per character, looked up in a table over the Basic Multilingual Plane (rarer planes: OTHER).
SPACE, DIGIT, UPPER, LETTER, CJK, STOP, MID, SEP, QUOTE, OTHER, NEWLINE = range(11)
N_CLASSES = 11


def _char_table() -> np.ndarray:
    # One byte a code point keeps the table (64 KB) in the processor's cache.
    t = np.full(0x10000, LETTER, dtype=np.uint8)  # unlisted code points mostly belong to some alphabet
    t[:0x80] = OTHER
    for lo, hi, cls in (
        (0x30, 0x39, DIGIT), (0xFF10, 0xFF19, DIGIT), (0x41, 0x5A, UPPER), (0x61, 0x7A, LETTER),
        (0xC0, 0xDE, UPPER), (0x391, 0x3A9, UPPER), (0x400, 0x42F, UPPER),
        (0x3040, 0x30FF, CJK), (0x3400, 0x9FFF, CJK), (0xAC00, 0xD7AF, CJK), (0xF900, 0xFAFF, CJK),
        (0x2000, 0x200B, SPACE), (0x2010, 0x2015, SEP), (0x2190, 0x21FF, SEP), (0x2500, 0x27BF, OTHER),
        (0x0, 0x20, SPACE), (0x7F, 0xA0, SPACE), (0xE000, 0xF8FF, OTHER), (0xD800, 0xDFFF, OTHER),
        (0xFFF0, 0xFFFF, OTHER),
    ):
        t[lo:hi + 1] = cls
    for chars, cls in (
        (".!?\u3002\uff01\uff1f\u2026\u061f\u0964", STOP), (",;:\u3001\uff0c\uff1b\uff1a\u060c", MID),
        ("|/\\>-_~*#=+\u00b7\u2022\u00bb\u203a\u00a6\u2219\u25b6\u25ba", SEP),
        ("\"'()[]{}\u00ab\u2039\u2018\u2019\u201a\u201c\u201d\u201e\u300c\u300d\u300e\u300f\uff08\uff09", QUOTE),
        ("\u00d7\u00f7", OTHER), ("\n", NEWLINE),
    ):
        t[[ord(c) for c in chars]] = cls
    return t


_TABLE = _char_table()
_FRAC_CLASSES = np.array([DIGIT, SPACE, CJK, STOP, MID, SEP, QUOTE, OTHER])
_END_CLASSES = [STOP, MID, LETTER, UPPER, CJK, DIGIT, QUOTE, SEP]
_START_CLASSES = [UPPER, LETTER, CJK, DIGIT, QUOTE, SEP]
# The one-hot end_* and start_* columns of a line, looked up by its (last class, first class) in one step.
_EDGE_COLUMNS = np.array([[float(last == c) for c in _END_CLASSES] + [float(first == c) for c in _START_CLASSES]
                          for last in range(N_CLASSES) for first in range(N_CLASSES)])

FEATURE_NAMES_LINE = (
    ["log_len", "log_words", "upper_share", "log_stops", "log_repeats", "repeated_before", "in_title", "texty"]
    + [f"frac_{c}" for c in ("digit", "space", "cjk", "stop", "mid", "sep", "quote", "other")]
    + [f"end_{c}" for c in ("stop", "mid", "letter", "upper", "cjk", "digit", "quote", "sep")]
    + [f"start_{c}" for c in ("upper", "letter", "cjk", "digit", "quote", "sep")]
)
FEATURE_NAMES_PAGE = [
    "rel_pos", "log_pos", "log_pos_from_end", "is_first", "log_n_lines", "text_mass_before", "text_mass_after",
    "in_text_region", "log_dist_before_region", "log_dist_after_region", "len_vs_page_max",
]


def _classes(text: str) -> np.ndarray:
    """The class of every character of `text`, and a final NEWLINE (a sentinel: an empty last line indexes it)."""
    return _TABLE.take(np.frombuffer((text + "\n").encode("utf-32-le", "surrogatepass"), dtype=np.uint32), mode="clip")


def _line_features(lines: list[str]) -> np.ndarray:
    """Per-line layout features (n x len(FEATURE_NAMES_LINE)), computed on bounded prefixes."""
    n = len(lines)
    true_len = np.fromiter(map(len, lines), dtype=np.intp, count=n)
    if true_len.max() > LINE_PREFIX:  # bound the work on huge lines; their true length stays a feature
        lines = [s[:LINE_PREFIX] for s in lines]
    # All characters of the page at once: class of each, line of each, counts per line and class.
    cls = _classes("\n".join(lines))
    if np.count_nonzero(cls == NEWLINE) != n:  # a line with a newline inside would shift every line after it
        lines = [s.replace("\n", " ") for s in lines]
        cls = _classes("\n".join(lines))
    lens = np.minimum(true_len, LINE_PREFIX)
    line_of = np.repeat(np.arange(0, n * N_CLASSES, N_CLASSES), lens + 1)
    counts = np.bincount(line_of + cls, minlength=n * N_CLASSES).reshape(n, N_CLASSES).astype(np.float64)
    ends = np.cumsum(lens + 1) - 1  # index of each line's newline (or the sentinel)
    first, last = cls[ends - lens], cls[np.maximum(ends - 1, 0)]
    # Repetition: menus and buttons recur on a page, paragraphs do not.
    first_seen = dict(zip(reversed(lines), range(n - 1, -1, -1)))
    first_index = np.fromiter(map(first_seen.__getitem__, lines), dtype=np.intp, count=n)
    title = lines[0]  # usually the page <title>: a line inside it is the headline or the site name
    words = counts[:, SPACE] + (lens > 0) + counts[:, CJK] / 2  # CJK has no spaces: ~2 characters a word
    out = np.empty((n, len(FEATURE_NAMES_LINE)))
    out[:, 0] = np.log1p(true_len)
    out[:, 1] = np.log1p(words)
    out[:, 2] = counts[:, UPPER] / np.maximum(counts[:, UPPER] + counts[:, LETTER], 1)
    out[:, 3] = np.log1p(counts[:, STOP])
    out[:, 4] = np.log(np.bincount(first_index, minlength=n)[first_index])
    out[:, 5] = first_index != np.arange(n)
    out[:, 6] = np.fromiter(map(title.__contains__, lines), dtype=bool, count=n) & (lens >= 8)
    out[:, 7] = ((words >= 10) & (counts[:, STOP] >= 1)) | (counts[:, CJK] >= 30)
    k = 8 + len(_FRAC_CLASSES)
    out[:, 8:k] = counts[:, _FRAC_CLASSES] / np.maximum(lens, 1)[:, None]
    out[:, k:] = _EDGE_COLUMNS[last.astype(np.intp) * N_CLASSES + first]
    return out


def _page_features(own: np.ndarray) -> np.ndarray:
    """Where each line sits in the page, relative to the densest run of text lines."""
    n = len(own)
    idx = np.arange(n, dtype=np.float64)
    log_len, texty = own[:, 0], own[:, FEATURE_NAMES_LINE.index("texty")]
    length = np.expm1(log_len)
    mass = texty * length
    cum = np.cumsum(mass)
    total = max(cum[-1], 1.0)
    # Best contiguous region (max-subarray): text lines add their length, every other line costs a little.
    prefix = np.concatenate(([0.0], np.cumsum(np.where(texty > 0, length, -40.0))))
    running_min = np.minimum.accumulate(prefix)
    best_start = np.maximum.accumulate(np.where(prefix == running_min, np.arange(n + 1), 0))
    end = int(np.argmax(prefix[1:] - running_min[:-1]))
    start = int(best_start[end])
    out = np.empty((n, len(FEATURE_NAMES_PAGE)))
    out[:, 0] = idx / max(n - 1, 1)
    out[:, 1] = np.log1p(idx)
    out[:, 2] = out[::-1, 1]
    out[:, 3] = idx == 0
    out[:, 4] = np.log1p(n)
    out[:, 5] = (cum - mass) / total
    out[:, 6] = (total - cum) / total
    out[:, 7] = (idx >= start) & (idx <= end)
    out[:, 8] = np.log1p(np.maximum(start - idx, 0))
    out[:, 9] = np.log1p(np.maximum(idx - end, 0))
    out[:, 10] = log_len - log_len.max()
    return out


def _context(x: np.ndarray, shifts: tuple[int, ...], windows: tuple[int, ...]) -> np.ndarray:
    """Columns of x at the given line offsets (zero past the page edges) and their means over +-w lines."""
    n, k = x.shape
    pad = max(map(abs, shifts + windows)) + 1
    padded = np.zeros((n + 2 * pad, k))
    padded[pad:pad + n] = x
    cum = np.cumsum(padded, axis=0)
    parts = [padded[pad + d:pad + d + n] for d in shifts]
    parts += [(cum[pad + w:pad + w + n] - cum[pad - w - 1:pad - w - 1 + n]) / (2 * w + 1) for w in windows]
    return np.concatenate(parts, axis=1)


# Which line features the neighbourhood sees (a compact set keeps the model small and fast).
CONTEXT_COLUMNS = ["log_len", "log_words", "frac_stop", "end_stop", "end_letter", "log_repeats", "texty", "frac_sep"]
_CONTEXT_INDEX = [FEATURE_NAMES_LINE.index(c) for c in CONTEXT_COLUMNS]
SHIFTS = (-1, 1)
SCORE_SHIFTS = (-2, -1, 1, 2)
SCORE_WINDOWS = (2, 5, 12)


def features(lines: list[str]) -> np.ndarray:
    """The full feature matrix of a capture (one row per line); see `feature_names()`."""
    own = _line_features(lines)
    return np.concatenate([own, _page_features(own), _context(own[:, _CONTEXT_INDEX], SHIFTS, WINDOWS)], axis=1)


def feature_names() -> list[str]:
    """Names of the columns of `features()`, in order."""
    names = FEATURE_NAMES_LINE + FEATURE_NAMES_PAGE
    names += [f"line{d:+d}_{c}" for d in SHIFTS for c in CONTEXT_COLUMNS]
    return names + [f"win{w}_{c}" for w in WINDOWS for c in CONTEXT_COLUMNS]


def score_context(p: np.ndarray) -> np.ndarray:
    """Second-stage extra inputs from the first stage's scores: neighbours' scores and window means."""
    return _context(p[:, None], SCORE_SHIFTS, SCORE_WINDOWS)


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

    _default: "ContentModel | None" = None

    def __init__(self, weights: dict):
        if weights.get("feature_names") != feature_names():
            raise ValueError("line_model.json was trained on other features; retrain it")
        self.meta = {k: v for k, v in weights.items() if k not in ("stage1", "stage2")}
        self.threshold = float(weights.get("threshold", 0.5))
        w1, b1, w2, b2 = (np.asarray(a, dtype=np.float32) for a in _fold(weights["stage1"]))
        self._s1 = (w1, b1, w2, b2)
        w1, b1, w2, b2 = (np.asarray(a, dtype=np.float32) for a in _fold(weights["stage2"]))
        n = len(feature_names())
        # Stage 2 reads [features, score context]: split its first layer to skip building that matrix.
        self._s2 = (w1[:n], w1[n:], b1, w2, b2)

    @classmethod
    def default(cls) -> "ContentModel":
        """The shipped model (line_model.json in this package), loaded once per process."""
        if cls._default is None:
            text = resources.files(__package__).joinpath("line_model.json").read_text(encoding="utf-8")
            cls._default = cls(json.loads(text))
        return cls._default

    def probabilities(self, lines: list[str]) -> np.ndarray:
        """P(main content) for each line, after learned context smoothing (empty array for no lines)."""
        if not lines:
            return np.zeros(0)
        x = features(lines).astype(np.float32)  # single precision halves the matmul time; scores agree to ~1e-6
        w1, b1, w2, b2 = self._s1
        p1 = _sigmoid(np.maximum(x @ w1 + b1, 0.0) @ w2 + b2)
        wx, wp, b1, w2, b2 = self._s2
        h = x @ wx + score_context(p1).astype(np.float32) @ wp + b1
        return _sigmoid(np.maximum(h, 0.0) @ w2 + b2).astype(np.float64)

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
