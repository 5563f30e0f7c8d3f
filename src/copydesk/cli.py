"""The command line: one command = one library call; data on stdout, progress and summaries on stderr."""

from __future__ import annotations

import sys

import click

from . import __version__
from .errors import CopydeskError
from .runners.local import run
from .runners.pool import one_blas_thread
from .sources import DEFAULT_MAX_BYTES, KINDS
from .terminal import for_terminal


class Commands(click.Group):
    """The command group. An error message may echo input (a path, an id, a bad record), so every command's is
    printed through `for_terminal()`: a capture's escape sequences never reach the terminal by way of an error."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException as e:
            e.message = for_terminal(e.message)  # type: ignore[misc]  # click marks it Final; the exception stays its own
            raise


def _fail(message: str) -> None:
    """End a run that went through but with failures: the count on stderr, exit status 1."""
    click.echo(f"copydesk: failed: {for_terminal(message)}", err=True)
    sys.exit(1)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copydesk")
def main() -> None:
    """copydesk: raw news captures in, clean structured article records out."""
    one_blas_thread()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "--from",
    "kind",
    type=click.Choice(KINDS),
    default="auto",
    show_default=True,
    help="Input kind; auto reads it from each input's first bytes (WARC, gzip, JSON Lines, HTML), then its name "
    "(.jsonl, .html, .md, .warc, .wet), then Markdown when its head clearly is; else a text capture.",
)
@click.option(
    "--no-nlp", is_flag=True, help="Structure only: skip the model-based annotators (language, entities, quotes)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Write JSON Lines here instead of stdout.",
)
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="A document larger than this (a file; a WARC or JSON Lines record) is recorded with E102, not parsed.",
)
@click.option(
    "--workers",
    type=click.IntRange(0),
    default=0,
    show_default=True,
    help="Worker processes, each loading the models once (0 or 1: in this process unless --timeout is given).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=None,
    help="Seconds per document; one that takes longer is recorded with E108 and its worker replaced.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an interrupted run into -o OUT: keep its complete records, parse only the rest.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar with docs/s on stderr (default: when stderr is a terminal).",
)
@click.option(
    "--keep-going/--fail-fast",
    default=True,
    show_default=True,
    help="Keep going: parse every input whatever fails, then exit 1 if any failed. Fail fast: stop after the first "
    "failed input, exit 1. Either way a failed input (missing, empty, binary, unreadable, too large, timed out) "
    "still gets its Article with the reason, and is named on stderr.",
)
def parse(
    paths: tuple[str, ...],
    kind: str,
    no_nlp: bool,
    output: str,
    max_bytes: int,
    workers: int,
    timeout: float | None,
    resume: bool,
    progress: bool | None,
    keep_going: bool,
) -> None:
    """Parse captures into Articles, one JSON object per line, in input order.

    PATHS are files, folders (read recursively), or - for stdin; .gz is read through.
    JSON Lines, WARC and WET files are read record by record, never whole.
    Exit status: 0 when every input was read, 1 when any failed (their count on
    stderr), 2 for a usage error.
    """
    if not paths:
        if sys.stdin.isatty():
            raise click.UsageError("give one or more PATHs, or pipe a capture into stdin")
        paths = ("-",)
    if resume and output == "-":
        raise click.UsageError("--resume needs -o OUT: the output of the run to continue")
    try:
        stats = run(
            paths,
            kind=kind,
            nlp=not no_nlp,
            workers=workers,
            timeout=timeout,
            max_bytes=max_bytes,
            output=output,
            resume=resume,
            progress=progress,
            keep_going=keep_going,
        )
    except CopydeskError as e:
        raise click.ClickException(str(e)) from e
    resumed = f" (after {stats['resumed']} kept from the earlier run)" if resume else ""
    notes = f", {stats['with notes']} with notes" if stats["with notes"] else ""
    click.echo(
        f"copydesk: {stats['articles']} article(s){resumed}, {stats['with errors']} with errors{notes}", err=True
    )
    if stats["failed"]:
        stopped = "" if keep_going else "; stopped there (--fail-fast)"
        _fail(f"{stats['failed']} input(s) could not be read or parsed (their Articles say why){stopped}")


@main.command()
@click.argument("input_path", metavar="IN.jsonl", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    help="Write JSON Lines here instead of stdout.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=0.75,
    show_default=True,
    help="Estimated Jaccard similarity of 5-word shingles at which two bodies are near-duplicates.",
)
@click.option(
    "--report",
    type=click.File("w", encoding="utf-8", lazy=True),
    default=None,
    help="Also write one JSON line per cluster: its id, canonical copy, why that copy, and members.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bars on stderr (default: when stderr is a terminal)."
)
def dedup(input_path: str, output, threshold: float, report, progress: bool | None) -> None:
    """Mark near-duplicate and syndicated Articles: the same Articles, in input order, with `cluster` set.

    IN.jsonl holds Articles (copydesk parse output; gzip is read through), or - for
    stdin (copied to a temporary file, since it is read twice). Articles without a
    copy get cluster null. Capture records (not Articles) are refused: parse them
    first. A line that is not an Article is written out with its error, and the
    run exits 1 with their count.
    """
    from .dedup import dedup as run_dedup

    if progress is None:
        progress = sys.stderr.isatty()
    try:
        stats = run_dedup(input_path, output, threshold=threshold, report=report, progress=progress)
    except CopydeskError as e:
        raise click.ClickException(str(e)) from e
    click.echo(stats.summary(), err=True)
    if stats.malformed:
        _fail(f"{stats.malformed} line(s) of {input_path} are not Articles (written out with their error)")


# Store commands live in cli_store.py (ingest, search, quotes, entities, show), registered on the one group.
from .cli_store import STORE_COMMANDS  # noqa: E402  after main exists; cli_store does not import cli

for _command in STORE_COMMANDS:
    main.add_command(_command)

# `serve` lives in cli_serve.py, which imports FastAPI only when the command runs.
from .cli_serve import SERVE_COMMANDS  # noqa: E402

for _command in SERVE_COMMANDS:
    main.add_command(_command)

# run-ray lives in cli_ray.py; it imports ray only when it runs, so the CLI starts without the extra.
from .cli_ray import RAY_COMMANDS  # noqa: E402

for _command in RAY_COMMANDS:
    main.add_command(_command)


if __name__ == "__main__":
    main()
