"""What Python sees of `_lines.pyx` (compiled): lines out of a capture, and the line model's arithmetic."""

import numpy as np
from numpy.typing import ArrayLike, NDArray

MAX_COLLAPSE_CHARS: int
LINE_PREFIX: int
CONTEXT_COLUMNS: tuple[int, ...]
SHIFTS: tuple[int, ...]
WINDOWS: tuple[int, ...]
SCORE_SHIFTS: tuple[int, ...]
SCORE_WINDOWS: tuple[int, ...]
N_FEATURES: int
N_SCORE_CONTEXT: int

def split_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, whitespace-collapsed text) for every non-empty line; CR, LF and CRLF all end a line."""

def char_table() -> NDArray[np.uint8]:
    """The class of every code point of the Basic Multilingual Plane (one byte each: 64 KB, cache-resident)."""

def features(lines: list[str]) -> NDArray[np.float64]:
    """The full feature matrix of a capture (n x N_FEATURES, float64); content.feature_names() names the columns."""

def score_context(p: ArrayLike) -> NDArray[np.float64]:
    """Second-stage extra inputs from the first stage's scores: neighbours' scores and window means (n x 7)."""

class LineScorer:
    """The line model's two networks: P(main content) for each line of a capture."""

    def __init__(
        self,
        stage1: tuple[ArrayLike, NDArray[np.float32], NDArray[np.float32], ArrayLike],
        stage2: tuple[ArrayLike, NDArray[np.float32], NDArray[np.float32], NDArray[np.float32], ArrayLike],
    ) -> None:
        """stage1 = (w1, b1, w2, b2); stage2 = (w1 over the features, w1 over the score context, b1, w2, b2)."""

    def __call__(self, lines: list[str]) -> NDArray[np.float64]:
        """P(main content) for each line (float64, empty for no lines)."""
