# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The character-level work of structure recovery, compiled: lines out of a capture, and the line model's arithmetic.

A typical capture has ~200 lines and ~15,000 characters. Read once, character by
character, they give the lines and every feature of the line model in a few tens of
microseconds, where the same work as string and array operations costs several hundred
(each of ~180 numpy calls pays its own overhead). `content.py` names the features and holds
the weights; `scripts/train_line_model.py` trains on the same `features()`.
"""

import numpy as np

from libc.math cimport INFINITY, expf, expm1, log, log1p
from libc.stdlib cimport calloc, free, malloc
from cpython.unicode cimport (
    Py_UNICODE_ISSPACE, PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ,
)

# A longer line only loses its edge whitespace: splitting it into words to collapse its spaces costs too much.
MAX_COLLAPSE_CHARS = 100_000


cdef enum:
    PLAIN, ODD_SPACE


cdef unsigned char _SPLIT[256]  # ODD_SPACE for Latin-1's whitespace but the space and the newline
for _c in range(256):
    _SPLIT[_c] = ODD_SPACE if chr(_c).isspace() and _c not in (10, 32) else PLAIN


cdef inline bint _odd_space(Py_UCS4 c) noexcept:
    """Whitespace other than the space and the line end."""
    if c < 256:
        return _SPLIT[c] == ODD_SPACE
    # Above Latin-1, whitespace lies between U+1680 (Ogham space) and U+3000 (ideographic space).
    return 0x1680 <= c <= 0x3000 and Py_UNICODE_ISSPACE(c)


ctypedef fused char_t:  # a str's characters, as stored: one, two or four bytes each
    unsigned char
    unsigned short
    Py_UCS4


cdef Py_ssize_t _line_end(const char_t* chars, Py_ssize_t start, Py_ssize_t size, bint* collapse) noexcept:
    """The index of the newline (or the end) that ends the line from `start`; collapse: whether the line holds
    whitespace but single spaces."""
    cdef Py_ssize_t k = start
    cdef Py_UCS4 c, previous = 0
    cdef bint odd = False
    while k < size:
        c = chars[k]
        if 32 < c < 127:  # most characters: printable ASCII
            previous = c
            k += 1
            continue
        if c == 10:
            break
        odd = odd or (previous == 32 if c == 32 else _odd_space(c))
        previous = c
        k += 1
    collapse[0] = odd
    return k


def split_lines(str text):
    """(1-based line number, whitespace-collapsed text) for every non-empty line; CR, LF and CRLF all end a line.

    A line holding any whitespace but single spaces (tabs, NBSP, thin spaces, runs) has each run made one space;
    most lines hold none, and only lose their edge spaces.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t size = len(text), start = 0, end, first, last, number = 0
    cdef bint collapse
    out = []
    while start <= size:
        if kind == PyUnicode_1BYTE_KIND:
            end = _line_end(<const unsigned char*>data, start, size, &collapse)
        elif kind == PyUnicode_2BYTE_KIND:
            end = _line_end(<const unsigned short*>data, start, size, &collapse)
        else:
            end = _line_end(<const Py_UCS4*>data, start, size, &collapse)
        number += 1
        if collapse:
            raw = text[start:end]
            line = " ".join(raw.split()) if end - start < MAX_COLLAPSE_CHARS else raw.strip()
        else:
            first, last = start, end
            while first < last and PyUnicode_READ(kind, data, first) == " ":
                first += 1
            while last > first and PyUnicode_READ(kind, data, last - 1) == " ":
                last -= 1
            line = text[first:last]
        if line:
            out.append((number, line))
        start = end + 1
    return out


# Features read at most this many characters of a line: a 10 MB line costs no more than a paragraph.
LINE_PREFIX = 2000
cdef Py_ssize_t _PREFIX = LINE_PREFIX

# One class per character (a table over the Basic Multilingual Plane; rarer planes are OTHER). NEWLINE is
# the class of an empty line's edges.
cdef enum:
    SPACE, DIGIT, UPPER, LETTER, CJK, STOP, MID, SEP, QUOTE, OTHER, NEWLINE, N_CLASSES


def char_table():
    """The class of every code point of the Basic Multilingual Plane (one byte each: 64 KB, cache-resident)."""
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
        ("\u00d7\u00f7", OTHER),
    ):
        t[[ord(c) for c in chars]] = cls
    # A newline inside a line counts as a space (a capture's lines have none; a caller's may).
    t[ord("\n")] = SPACE
    return t


_TABLE = char_table()
cdef const unsigned char[::1] _table = _TABLE

# Columns of the feature matrix (names in content.py, same order): 30 of the line, 15 of the page, then the
# neighbourhood's view of 8 line columns.
cdef int N_LINE = 30, N_PAGE = 15
cdef int _FRAC[8]
_FRAC[:] = [DIGIT, SPACE, CJK, STOP, MID, SEP, QUOTE, OTHER]
cdef int _END[8]
_END[:] = [STOP, MID, LETTER, UPPER, CJK, DIGIT, QUOTE, SEP]
cdef int _START[6]
_START[:] = [UPPER, LETTER, CJK, DIGIT, QUOTE, SEP]
# The neighbourhood sees these line columns (log_len, log_words, frac_stop, end_stop, end_letter, log_repeats,
# texty, frac_sep) at these line offsets, and their means over these windows (+-w lines); stage 2 sees stage 1's
# scores the same way.
CONTEXT_COLUMNS = (0, 1, 11, 16, 18, 4, 7, 13)
SHIFTS = (-1, 1)
WINDOWS = (1, 3, 8)
SCORE_SHIFTS = (-2, -1, 1, 2)
SCORE_WINDOWS = (2, 5, 12)
N_FEATURES = N_LINE + N_PAGE + len(CONTEXT_COLUMNS) * (len(SHIFTS) + len(WINDOWS))
N_SCORE_CONTEXT = len(SCORE_SHIFTS) + len(SCORE_WINDOWS)
cdef int _CONTEXT_COLUMNS[8]
cdef int _SHIFTS[2]
cdef int _WINDOWS[3]
cdef int _SCORE_SHIFTS[4]
cdef int _SCORE_WINDOWS[3]
_CONTEXT_COLUMNS[:], _SHIFTS[:], _WINDOWS[:] = CONTEXT_COLUMNS, SHIFTS, WINDOWS
_SCORE_SHIFTS[:], _SCORE_WINDOWS[:] = SCORE_SHIFTS, SCORE_WINDOWS


cdef inline int _class_of(Py_UCS4 c, const unsigned char* table) noexcept nogil:
    return table[c] if c <= 0xFFFF else OTHER


cdef void _tally(const char_t* chars, Py_ssize_t length, const unsigned char* table, long* tally) noexcept nogil:
    """Add each character's class to `tally`: four tallies of N_CLASSES, one per position mod 4 (the caller sums them).

    Four, not one: consecutive characters mostly share a class, and one tally would wait on its own last
    increment at every character.
    """
    cdef Py_ssize_t k
    for k in range(0, length - 3, 4):
        tally[_class_of(chars[k], table)] += 1
        tally[N_CLASSES + _class_of(chars[k + 1], table)] += 1
        tally[2 * N_CLASSES + _class_of(chars[k + 2], table)] += 1
        tally[3 * N_CLASSES + _class_of(chars[k + 3], table)] += 1
    for k in range(length - length % 4, length):
        tally[_class_of(chars[k], table)] += 1


cdef void _count_classes(str line, Py_ssize_t length, double* counts, int* first, int* last):
    """Counts per class of the line's first `length` characters, and the classes of its first and last one."""
    cdef int kind = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef const unsigned char* table = &_table[0]
    cdef Py_ssize_t k
    cdef long tally[4 * N_CLASSES]
    for k in range(4 * N_CLASSES):
        tally[k] = 0
    if kind == PyUnicode_1BYTE_KIND:
        _tally(<const unsigned char*>data, length, table, tally)
    elif kind == PyUnicode_2BYTE_KIND:
        _tally(<const unsigned short*>data, length, table, tally)
    else:
        _tally(<const Py_UCS4*>data, length, table, tally)
    if length:
        first[0] = _class_of(PyUnicode_READ(kind, data, 0), table)
        last[0] = _class_of(PyUnicode_READ(kind, data, length - 1), table)
    else:  # an empty line: its first and last class is the line end's
        first[0] = last[0] = NEWLINE
    for k in range(N_CLASSES):
        counts[k] = <double>(tally[k] + tally[N_CLASSES + k] + tally[2 * N_CLASSES + k] + tally[3 * N_CLASSES + k])


# log1p and log of the small whole numbers most features are (lengths, counts, positions), looked up.
cdef enum: _TABLED = 4096
cdef double _LOG1P[_TABLED]
cdef double _LOG[_TABLED]
for _k in range(_TABLED):
    _LOG1P[_k] = log1p(<double>_k)
    _LOG[_k] = log(<double>_k) if _k else -INFINITY


cdef inline double _log1p(double x) noexcept nogil:
    cdef long k = <long>x
    return _LOG1P[k] if k == x and 0 <= k < _TABLED else log1p(x)


cdef inline double _log(double x) noexcept nogil:
    cdef long k = <long>x
    return _LOG[k] if k == x and 0 <= k < _TABLED else log(x)


cdef void _context(const double* x, Py_ssize_t n, Py_ssize_t stride, const int* columns, int n_columns,
                   const int* shifts, int n_shifts, const int* windows, int n_windows, double* out,
                   Py_ssize_t out_stride):
    """Columns of x at line offsets (zero past the page edges) and their means over +-w lines.

    Means come from running sums over the zero-padded column, added in line order.
    """
    cdef int pad = 0, j, s, w, col
    cdef Py_ssize_t i, r
    cdef double total, v
    for s in range(n_shifts):
        pad = max(pad, abs(shifts[s]))
    for s in range(n_windows):
        pad = max(pad, windows[s])
    pad += 1
    cdef double* cum = <double*>malloc((n + 2 * pad) * sizeof(double))
    for j in range(n_columns):
        col = columns[j]
        for s in range(n_shifts):
            for i in range(n):
                r = i + shifts[s]
                out[i * out_stride + s * n_columns + j] = x[r * stride + col] if 0 <= r < n else 0.0
        total = 0.0
        for r in range(n + 2 * pad):  # cum[r]: the sum of padded rows 0..r
            v = x[(r - pad) * stride + col] if pad <= r < pad + n else 0.0
            total = total + v
            cum[r] = total
        for s in range(n_windows):
            w = windows[s]
            for i in range(n):
                out[i * out_stride + (n_shifts + s) * n_columns + j] = \
                    (cum[pad + w + i] - cum[pad - w - 1 + i]) / (2 * w + 1)
    free(cum)


def features(list lines):
    """The full feature matrix of a capture (n x N_FEATURES, float64); content.feature_names() names the columns."""
    cdef Py_ssize_t n = len(lines), i, j, length, true_length
    cdef object out_array = np.empty((n, N_FEATURES))  # (every column is written below)
    cdef double[:, ::1] out = out_array
    if n == 0:
        return out_array
    cdef double counts[N_CLASSES]
    cdef int first = NEWLINE, last = NEWLINE
    cdef double words, texty, letters
    cdef str line
    cdef bint has_newline = False, is_long = False
    for i in range(n):
        line = lines[i]
        if line is None:  # (a str variable admits None; its characters would be read from nowhere)
            raise TypeError("features() takes a list of strings, not None")
        true_length = len(line)
        if true_length > _PREFIX:
            is_long = True
        length = min(true_length, _PREFIX)
        if not has_newline and "\n" in line:
            has_newline = True
        _count_classes(line, length, counts, &first, &last)
        words = counts[SPACE] + (1.0 if length > 0 else 0.0) + counts[CJK] / 2  # CJK: ~2 characters a word
        letters = counts[UPPER] + counts[LETTER]
        out[i, 0] = _log1p(<double>true_length)
        out[i, 1] = _log1p(words)
        out[i, 2] = counts[UPPER] / (letters if letters > 1 else 1.0)
        out[i, 3] = _log1p(counts[STOP])
        texty = (words >= 10 and counts[STOP] >= 1) or counts[CJK] >= 30
        out[i, 7] = texty
        for j in range(8):
            out[i, 8 + j] = counts[_FRAC[j]] / (length if length > 1 else 1)
        for j in range(8):
            out[i, 16 + j] = last == _END[j]
        for j in range(6):
            out[i, 24 + j] = first == _START[j]
    # Repetition (menus and buttons recur on a page, paragraphs do not) and the <title> line, on the lines as read.
    keys = lines
    if is_long:
        keys = [s[:_PREFIX] for s in keys]
    if has_newline:
        keys = [s.replace("\n", " ") for s in keys]
    # first[i]: the index of the line's first copy; copies[j]: how many lines are copies of line j.
    first_index = {}
    cdef Py_ssize_t* first_of = <Py_ssize_t*>malloc(n * sizeof(Py_ssize_t))
    cdef Py_ssize_t* copies = <Py_ssize_t*>calloc(n, sizeof(Py_ssize_t))
    try:
        for i in range(n):
            j = first_index.setdefault(keys[i], i)
            first_of[i] = j
            copies[j] += 1
        title = keys[0]  # usually the page <title>: a line inside it is the headline or the site name
        for i in range(n):
            key = keys[i]
            out[i, 4] = _log(<double>copies[first_of[i]])
            out[i, 5] = first_of[i] != i
            out[i, 6] = min(len(key), _PREFIX) >= 8 and key in title
    finally:
        free(first_of)
        free(copies)
    _page_features(out, n)
    _context(&out[0, 0], n, N_FEATURES, _CONTEXT_COLUMNS, 8, _SHIFTS, 2, _WINDOWS, 3, &out[0, N_LINE + N_PAGE],
             N_FEATURES)
    return out_array


cdef void _page_features(double[:, ::1] out, Py_ssize_t n):
    """Where each line sits in the page, relative to the densest run of text lines (max-subarray), and what the
    page as a whole is made of: a capture with no furniture (an article body alone) is text from end to end."""
    cdef Py_ssize_t i, start = 0, end = 0, best_start = 0
    cdef double mass, cum = 0.0, total = 0.0, prefix = 0.0, running_min = 0.0, best = -1e300, gain, max_log_len
    cdef double log_n = _log1p(<double>n), position, texty = 0.0, short = 0.0, repeats = 0.0, region
    cdef double short_words = _log1p(3.0)
    cdef int P = N_LINE
    cdef double* length = <double*>malloc(n * sizeof(double))
    max_log_len = out[0, 0]
    for i in range(n):
        max_log_len = max(max_log_len, out[i, 0])
        length[i] = expm1(out[i, 0])  # (the length as the model was trained on it: back from log_len)
        total += out[i, 7] * length[i]
        texty += out[i, 7]
        short += out[i, 1] <= short_words
        repeats += out[i, 5]
    total = max(total, 1.0)
    # Best contiguous region: text lines add their length, every other line costs a little.
    for i in range(n):
        mass = out[i, 7] * length[i]
        cum += mass
        prefix += length[i] if out[i, 7] > 0 else -40.0
        gain = prefix - running_min
        if gain > best:
            best, end, start = gain, i, best_start
        if prefix <= running_min:
            running_min, best_start = prefix, i + 1
        out[i, P + 5] = (cum - mass) / total
        out[i, P + 6] = (total - cum) / total
    free(length)
    region = (end - start + 1) / <double>n
    for i in range(n):
        position = _log1p(<double>i)
        out[i, P + 0] = i / <double>(n - 1 if n > 1 else 1)
        out[i, P + 1] = position
        out[n - 1 - i, P + 2] = position
        out[i, P + 3] = i == 0
        out[i, P + 4] = log_n
        out[i, P + 7] = start <= i <= end
        out[i, P + 8] = _log1p(<double>(start - i)) if start > i else 0.0
        out[i, P + 9] = _log1p(<double>(i - end)) if i > end else 0.0
        out[i, P + 10] = out[i, 0] - max_log_len
        out[i, P + 11] = texty / n
        out[i, P + 12] = short / n
        out[i, P + 13] = repeats / n
        out[i, P + 14] = region


def score_context(p):
    """Second-stage extra inputs from the first stage's scores: neighbours' scores and window means (n x 7)."""
    cdef double[::1] scores = np.ascontiguousarray(p, dtype=np.float64)
    cdef Py_ssize_t n = scores.shape[0]
    out_array = np.zeros((n, N_SCORE_CONTEXT))
    cdef double[:, ::1] out = out_array
    if n:
        _score_context(&scores[0], n, &out[0, 0])
    return out_array


cdef void _score_context(const double* p, Py_ssize_t n, double* out):
    cdef int column = 0
    _context(p, n, 1, &column, 1, _SCORE_SHIFTS, 4, _SCORE_WINDOWS, 3, out, N_SCORE_CONTEXT)


cdef inline float _sigmoid(float z) noexcept nogil:
    z = min(max(z, -30.0), 30.0)
    return 1.0 / (1.0 + expf(-z))


cdef float _output(const float* hidden, const float* bias, const float* w2, Py_ssize_t h) noexcept nogil:
    """relu(hidden + bias) @ w2: the output unit's input, before its own bias.

    Four running sums, not one: a single sum waits on each addition before the next.
    """
    cdef Py_ssize_t b
    cdef float z0 = 0.0, z1 = 0.0, z2 = 0.0, z3 = 0.0
    for b in range(0, h - 3, 4):
        z0 += max(hidden[b] + bias[b], <float>0.0) * w2[b]
        z1 += max(hidden[b + 1] + bias[b + 1], <float>0.0) * w2[b + 1]
        z2 += max(hidden[b + 2] + bias[b + 2], <float>0.0) * w2[b + 2]
        z3 += max(hidden[b + 3] + bias[b + 3], <float>0.0) * w2[b + 3]
    for b in range(h - h % 4, h):
        z0 += max(hidden[b] + bias[b], <float>0.0) * w2[b]
    return (z0 + z1) + (z2 + z3)


cdef class LineScorer:
    """The line model's two networks: P(main content) for each line of a capture.

    Each is standardise -> dense ReLU -> dense sigmoid, the standardisation folded into the first
    layer. Stage 1 reads the features; stage 2 the features and stage 1's scores around the line.
    """

    cdef object w_features  # both stages' first layers over the features, side by side (k x 2h)
    cdef float[::1] b1, w2, c1, v2
    cdef float[:, ::1] v1_scores  # stage 2's first layer over the score context (7 x h)
    cdef float b2, c2
    cdef Py_ssize_t h

    def __init__(self, stage1, stage2):
        """stage1 = (w1, b1, w2, b2); stage2 = (w1 over the features, w1 over the score context, b1, w2, b2)."""
        w1, self.b1, self.w2, b2 = stage1
        wx, self.v1_scores, self.c1, self.v2, c2 = stage2
        self.b2, self.c2, self.h = float(b2), float(c2), w1.shape[1]
        self.w_features = np.ascontiguousarray(np.hstack([w1, wx]), dtype=np.float32)

    def __call__(self, list lines):
        """P(main content) for each line (float64, empty for no lines)."""
        cdef Py_ssize_t n = len(lines), h = self.h, i, j, b
        if n == 0:
            return np.zeros(0)
        # The two first layers over the features: one matrix product (numpy's BLAS does it best).
        cdef const float[:, ::1] hx = features(lines).astype(np.float32) @ self.w_features
        p_array = np.empty(n)
        cdef double[::1] p = p_array
        cdef double[:, ::1] context = np.empty((n, N_SCORE_CONTEXT))
        cdef float* hidden = <float*>malloc(h * sizeof(float))
        cdef const float* scores_w = &self.v1_scores[0, 0]
        cdef const float* row
        cdef float value
        try:
            for i in range(n):
                p[i] = _sigmoid(_output(&hx[i, 0], &self.b1[0], &self.w2[0], h) + self.b2)
            _score_context(&p[0], n, &context[0, 0])
            for i in range(n):
                row = &hx[i, h]
                for b in range(h):
                    hidden[b] = 0.0
                for j in range(N_SCORE_CONTEXT):
                    value = <float>context[i, j]
                    for b in range(h):
                        hidden[b] += value * scores_w[j * h + b]
                for b in range(h):
                    hidden[b] = row[b] + hidden[b]
                p[i] = _sigmoid(_output(hidden, &self.c1[0], &self.v2[0], h) + self.c2)
        finally:
            free(hidden)
        return p_array
