"""Captured text made safe to print on a terminal: it is shown as text, never obeyed as a command.

A capture is untrusted: its text may hold escape sequences that clear the screen
(`ESC[2J`), set the window title (OSC 0), plant hyperlinks (OSC 8), or move the
cursor to overwrite what was printed, and bidi overrides that reorder what a
line seems to say. `for_terminal()` removes them; everything the CLI prints
that came from a capture, a store or the command line goes through it. JSON
output is exact instead: `json_for_terminal()` keeps every value and only
writes the characters a terminal could obey as `\\uXXXX` escapes.

`Progress` is the runs' progress bar on stderr, with a total and the time left
when the documents can be counted beforehand; what it prints above the bar goes
through `for_terminal()` too.
"""

from __future__ import annotations

import re
import sys

# Whole sequences go at once, so no part of one is left to print: OSC and the other string commands up to their
# terminator (BEL or ST, 7- or 8-bit), CSI with its parameters, and the short ESC sequences. An unterminated string
# command loses only its introducer: the text after it stays readable.
_SEQUENCE = re.compile(
    # OSC, DCS, SOS, PM, APC strings
    r"(?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x80-\x9f]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI: parameters, intermediates, final byte
    r"|\x1b[ -/]*[0-~]?"  # any other escape: ESC, intermediates, final byte
)
# What is left that a terminal obeys: C0 controls but tab and newline, DEL, C1 controls; and the bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder the text around them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In JSON text every control below U+0020 is already escaped; these are the rest a terminal could obey.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str | None) -> str:
    """`text` with every escape sequence and control character removed (tab and newline kept); None gives ""."""
    if not text:
        return ""
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def json_for_terminal(json_text: str) -> str:
    """JSON text with DEL, C1 controls and bidi overrides written as `\\uXXXX`: the same values, nothing to obey.

    Those characters can stand only inside JSON strings, where the escape means the same character.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


class Progress:
    """A progress bar on stderr (tqdm) for a run over documents: done, of a `total` when it is known beforehand (then
    with the time left, an ETA), at docs/s; the input file being read, of how many, when documents cannot be
    counted beforehand (JSON Lines, WARC). With `enabled` False it draws nothing. `say()` prints a line above it."""

    def __init__(self, enabled: bool, *, total: int | None = None, initial: int = 0, unit: str = "doc"):
        self._bar = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, initial=initial, unit=unit, file=sys.stderr, dynamic_ncols=True, smoothing=0.1
            )

    def update(self, n: int = 1) -> None:
        """`n` more documents done."""
        if self._bar is not None:
            self._bar.update(n)

    def reading(self, index: int, files: int) -> None:
        """The run reads its `index`-th input file of `files` (1-based)."""
        if self._bar is not None:
            self._bar.set_postfix_str(f"file {index}/{files}", refresh=False)

    def say(self, line: str) -> None:
        """One line on stderr, printable (`for_terminal`), above the bar when there is one."""
        text = for_terminal(line)
        if self._bar is not None:
            self._bar.write(text, file=sys.stderr)
        else:
            print(text, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
