"""One exception tree with stable codes.

Codes never change meaning once released; they double as keys in `Article.errors`
and in run statistics. `E1xx` input, `E2xx` structure, `E3xx` annotation,
`E4xx` output, `E9xx` internal.
"""

from __future__ import annotations

MESSAGE_CHARS = 500  # a recorded message is cut here: an exception's text may quote a whole document


def failure_message(error: BaseException, chars: int = MESSAGE_CHARS) -> str:
    """An exception raised unexpectedly, as a recorded message: its type and its text, cut to `chars`."""
    return f"{type(error).__name__}: {error}"[:chars]


class CopydeskError(Exception):
    """Base of every error copydesk raises on purpose."""

    code = "E900"
    stage = "copydesk"
    # Whether an Article that records it is a failed input: a document that could not be read, or not parsed to its
    # end. A run counts those, `copydesk parse` and `ingest` exit 1 for them, and `ingest` does not store them.
    fails_input = False

    def __init__(self, message: str, *, stage: str | None = None):
        super().__init__(message)
        if stage is not None:
            self.stage = stage

    def __str__(self) -> str:
        return f"[{self.code}] {self.args[0]}"


class InputError(CopydeskError):
    """The input could not be read as a document."""

    code = "E100"
    stage = "sources"


class UnreadableInput(InputError):
    """A path that does not exist, or cannot be opened or decompressed."""

    code = "E101"
    fails_input = True


class DocumentTooLarge(InputError):
    """A document over the size limit; it is recorded, not parsed."""

    code = "E102"
    fails_input = True


class BinaryInput(InputError):
    """Bytes that are not text in any encoding (images, executables...)."""

    code = "E103"
    fails_input = True


class EmptyInput(InputError):
    """A document with no text at all."""

    code = "E104"
    fails_input = True


class DecodeFallback(InputError):
    """Bytes decoded only with a fallback (replacement characters or a guessed charset)."""

    code = "E105"


class BadRecord(InputError):
    """A JSON Lines record that is not valid JSON or lacks `text`/`html`."""

    code = "E106"
    fails_input = True


class UnsupportedFormat(InputError):
    """An input format this version cannot read yet."""

    code = "E107"
    fails_input = True


class DocumentTimeout(InputError):
    """A document that took longer than its time: the library's parse budget (`Pipeline(budget=...)`, 10 s by
    default; the HTML walk and each stage look at it), or the runner's `--timeout` (its worker was stopped and
    replaced)."""

    code = "E108"
    fails_input = True
    stage = "runner"


class HtmlTruncated(InputError):
    """A page cut short by a resource limit (nesting depth, element or line count, attributes on one element); what
    was read is kept."""

    code = "E109"


class SchemaError(CopydeskError):
    """An Article JSON object of an unknown schema version."""

    code = "E401"
    stage = "model"


class ResumeMismatch(CopydeskError):
    """An output file to resume that does not match the inputs (other files, other order, changed files)."""

    code = "E402"
    stage = "runner"


class ServeError(CopydeskError):
    """A request `copydesk serve` refuses for what the server allows, not for what the request holds."""

    code = "E414"
    stage = "serve"


class ParseApiOff(ServeError):
    """`POST /api/parse` on a server started without --parse-api."""

    code = "E414"


class TokenRequired(ServeError):
    """A state-changing request to a --writable server without its token, or with another one."""

    code = "E415"


class CrossSite(ServeError):
    """A state-changing request sent by a page of another site (its Origin is not the server's)."""

    code = "E416"


class ServerBusy(ServeError):
    """Every parse worker stayed busy for the request's whole time limit."""

    code = "E417"


class StageFailure(CopydeskError):
    """A pipeline stage raised unexpectedly; the article keeps what earlier stages made."""

    code = "E901"


def _codes_that_fail_input(base: type[CopydeskError] = CopydeskError) -> frozenset[str]:
    return frozenset(
        {*(c.code for c in base.__subclasses__() if c.fails_input)}
        | {code for c in base.__subclasses__() for code in _codes_that_fail_input(c)}
    )


# Informational outcomes, not failures: an Article records them in `notes`, not `errors` (E301: not annotated, the
# language is not English). An Article of the previous contract (`copydesk.article/1`) had them in `errors`; reading
# one moves them.
NOTE_CODES = frozenset({"E301"})

FAILED_INPUT_CODES = _codes_that_fail_input()
"""The codes of a failed input (see `CopydeskError.fails_input`): E101-E104, E106-E108."""


class CompiledModuleStale(RuntimeWarning):
    """A compiled module of structure recovery older than its source: what runs is the build, not the source."""
