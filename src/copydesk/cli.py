"""The command line: one command = one library call; data on stdout, progress and summaries on stderr."""

from __future__ import annotations

import sys
from collections import Counter

import click

from . import __version__
from .errors import CopydeskError
from .pipeline import Pipeline
from .sources import DEFAULT_MAX_BYTES, KINDS, captures, expand
from .sources.files import NOT_YET


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="copydesk")
def main() -> None:
    """copydesk: raw news captures in, clean structured article records out."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--from", "kind", type=click.Choice(KINDS), default="auto", show_default=True,
              help="Input kind; auto goes by file name (.jsonl, .html, .warc, .wet; anything else is a text capture).")
@click.option("--no-nlp", is_flag=True, help="Structure only: skip the model-based annotators (language, entities, quotes).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8", lazy=True), default="-",
              help="Write JSON Lines here instead of stdout.")
@click.option("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True,
              help="Documents larger than this are recorded with an error, not parsed.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal and there are several files).")
def parse(paths: tuple[str, ...], kind: str, no_nlp: bool, output, max_bytes: int, progress: bool | None) -> None:
    """Parse captures into Articles, one JSON object per line, in input order.

    PATHS are files, folders (read recursively), or - for stdin; .gz is read through.
    """
    if kind in NOT_YET:
        raise click.UsageError(f"--from {kind}: reading {kind} is not yet supported; give text or jsonl input")
    if not paths:
        if sys.stdin.isatty():
            raise click.UsageError("give one or more PATHs, or pipe a capture into stdin")
        paths = ("-",)
    files = list(expand(paths))
    if progress is None:
        progress = sys.stderr.isatty() and len(files) > 1
    pipeline = Pipeline(nlp=not no_nlp)
    stats: Counter = Counter()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", file=sys.stderr, dynamic_ncols=True)
    try:
        last_file = None
        for capture in captures(files, kind=kind, max_bytes=max_bytes):
            article = pipeline(capture)
            output.write(article.to_json() + "\n")
            stats["articles"] += 1
            stats["with errors"] += bool(article.errors)
            source_file = (capture.path or "").rsplit(":", 1)[0] if capture.kind == "jsonl" else capture.path
            if bar is not None and source_file != last_file:
                bar.update(1)
                last_file = source_file
    except CopydeskError as e:
        raise click.ClickException(str(e)) from e
    finally:
        if bar is not None:
            bar.close()
    output.flush()
    click.echo(f"copydesk: {stats['articles']} article(s), {stats['with errors']} with errors", err=True)


if __name__ == "__main__":
    main()
