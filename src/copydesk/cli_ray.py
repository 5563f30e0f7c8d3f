"""`copydesk run-ray`: one call on copydesk.runners.ray. Ray is imported when the command runs, not at CLI startup."""

from __future__ import annotations

import click

from .errors import CopydeskError
from .sources import DEFAULT_MAX_BYTES, KINDS


@click.command("run-ray")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, help="Output folder: a local path, or a URI every node reaches (s3://...).")
@click.option(
    "--from",
    "kind",
    type=click.Choice(KINDS),
    default="auto",
    show_default=True,
    help="Input kind; auto reads it from each file's first bytes, then its name, as for parse.",
)
@click.option(
    "--no-nlp", is_flag=True, help="Structure only: skip the model-based annotators (language, entities, quotes)."
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=None,
    help="Parsing actors, one CPU and one model load each (default: every CPU Ray has).",
)
@click.option(
    "--address",
    default=None,
    help="Join this Ray cluster ('auto', 'ray://head:10001') instead of starting Ray on this machine.",
)
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Documents larger than this are recorded with an error, not parsed.",
)
@click.option("--jsonl", is_flag=True, help="Also write the Articles as JSON Lines parts (OUT/jsonl/).")
@click.option("--dedup", is_flag=True, help="Then mark near-duplicates over the whole output, as copydesk dedup does.")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=0.75,
    show_default=True,
    help="With --dedup: estimated Jaccard similarity at which two bodies are near-duplicates.",
)
@click.option("--overwrite", is_flag=True, help="Drop what OUT holds instead of continuing it.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Ray Data progress bars on stderr (default: when stderr is a terminal).",
)
def run_ray(
    inputs: tuple[str, ...],
    out: str,
    kind: str,
    no_nlp: bool,
    workers: int | None,
    address: str | None,
    max_bytes: int,
    jsonl: bool,
    dedup: bool,
    threshold: float,
    overwrite: bool,
    progress: bool | None,
) -> None:
    """Parse captures on Ray into Parquet: OUT/articles/ (one row per document) and OUT/errors/ (one row per error).

    INPUTS are files and folders, local or any URI pyarrow reads (s3://, gs://, hdfs://).
    A rerun into the same OUT skips the input files already done. Needs the `ray` extra.
    """
    try:
        from .runners.ray import run
    except ImportError as e:
        raise click.ClickException(f"run-ray needs the ray extra: pip install 'copydesk[ray]' ({e})") from e
    try:
        stats = run(
            inputs,
            out,
            kind=kind,
            nlp=not no_nlp,
            workers=workers,
            address=address,
            max_bytes=max_bytes,
            jsonl=jsonl,
            dedup=dedup,
            threshold=threshold,
            overwrite=overwrite,
            progress=progress,
        )
    except CopydeskError as e:
        raise click.ClickException(str(e)) from e
    skipped = f" ({stats['skipped']} done before)" if stats["skipped"] else ""
    clusters = f"; {stats['clusters']} cluster(s) holding {stats['clustered']} article(s)" if dedup else ""
    click.echo(
        f"copydesk: {stats['shards']} input file(s){skipped}: {stats['articles']} article(s) parsed, "
        f"{stats['with errors']} with errors{clusters} -> {out}",
        err=True,
    )


RAY_COMMANDS = [run_ray]
