"""Past one machine: the same pipeline on Ray, input files in, Parquet parts out.

`run()` is what `copydesk run-ray` calls, one keyword per command-line flag.

- A shard is one input file (a WARC, WET or JSON Lines file holds thousands
  of documents; a loose page is a shard of one). Shards are listed on the
  driver, in the order `copydesk parse` reads them, and named by a hash of
  their path, so a shard's parts have the same name in every run.
- Each shard is parsed by one Ray actor of a pool (`ShardParser`, one CPU
  each): the actor builds the pipeline once (spaCy loads once per actor),
  runs it on a thread renewed every 1,000 documents (`threads.py`), reads
  the shard with copydesk's own sources and writes `articles/<shard>.parquet`
  (every document, errors included, as `copydesk parse` gives them) and
  `errors/<shard>.parquet` (one row per recorded error), plus
  `jsonl/<shard>.jsonl` when asked. See `table.py` for columns.
- The actors are plain Ray actors fed by `ray.util.ActorPool`, not a Ray Data
  pipeline: a shard is coarse work that needs no batching or shuffling, and
  Ray Data's executor and helper actors cost ~15% of a core while it runs,
  which two busy actors on two cores pay in full (`bench/ray_scaling.py`).
  Dedup, which does group rows, runs on Ray Data (`ray_dedup.py`).
- The articles part is written last and moved into place whole: its presence
  means the shard is done. A rerun skips done shards, redoes the others, and
  overwrites their parts: nothing is duplicated, nothing lost.
- A worker that dies (killed, out of memory, a crash in a C extension) is
  restarted by Ray and its shard is redone from the start (the actors restart
  and retry their calls without limit). A document that kills its worker
  twice is recorded with E901 on the third try and skipped, as the local pool
  does: see `_CrashNotes`.

Only this module and `ray_dedup.py` import ray; the rest of copydesk never does.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import ray
from pyarrow import fs as pafs
from ray.util import ActorPool

from .. import __version__
from ..errors import CopydeskError, ResumeMismatch, StageFailure, UnreadableInput, failure_message
from ..model import Article, Capture, ErrorInfo
from ..pipeline import Pipeline
from ..sources import DEFAULT_MAX_BYTES, KINDS, captures, expand, kind_of
from .pool import failed_article, warm_up
from .table import (
    ARTICLE_SCHEMA,
    ERROR_SCHEMA,
    JOB_FILE,
    JsonlPart,
    PartWriter,
    article_row,
    error_rows,
    read_part,
    resolve,
    row_article,
)
from .threads import RenewedThread

JOB_SCHEMA = "copydesk.ray-output/1"
TABLES = ("articles", "errors", "jsonl")
MAX_DEATHS = 2  # a document on which the worker died this often is recorded with E901 and skipped


@dataclass(frozen=True, slots=True)
class Shard:
    """One input file and the name its parts carry."""

    name: str
    path: str


def plan(inputs: Iterable[str]) -> list[Shard]:
    """The input files under `inputs` (local paths or URIs), in the order `copydesk parse` reads them."""
    shards: dict[str, Shard] = {}
    for location in inputs:
        if location == "-":
            raise CopydeskError("run-ray reads files, not stdin", stage="runner")
        files = _remote_files(location) if "://" in location else expand([location])
        for path in files:
            key = path if "://" in path else os.path.abspath(path)
            name = "part-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            shards.setdefault(name, Shard(name, path))  # a file named twice is still one shard: written once
    return list(shards.values())


def _remote_files(uri: str) -> list[str]:
    """Files under a URI (a file, or a folder read recursively, sorted, hidden names skipped), as URIs."""
    filesystem, path = pafs.FileSystem.from_uri(uri)
    scheme = uri[: uri.index("://") + 3]
    info = filesystem.get_file_info(path)
    if info.type != pafs.FileType.Directory:
        return [uri]  # a missing file is read, and recorded as unreadable, like a local one
    found = filesystem.get_file_info(pafs.FileSelector(path, recursive=True))
    base = path.rstrip("/") + "/"
    keep = [
        f.path
        for f in found
        if f.type == pafs.FileType.File and not any(part.startswith(".") for part in f.path[len(base) :].split("/"))
    ]
    return [scheme + p for p in sorted(keep)]


def shard_captures(path: str, kind: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Capture]:
    """The documents of one input file, as `copydesk parse` reads them; a URI is copied to a local temporary file
    first."""
    if "://" not in path:
        yield from captures([path], kind=kind, max_bytes=max_bytes)
        return
    with tempfile.TemporaryDirectory(prefix="copydesk-") as tmp:
        local = os.path.join(tmp, os.path.basename(path.rstrip("/")) or "input")
        try:
            filesystem, remote = pafs.FileSystem.from_uri(path)
            pafs.copy_files(remote, local, source_filesystem=filesystem, destination_filesystem=pafs.LocalFileSystem())
        except (OSError, ValueError) as e:
            err = UnreadableInput(f"{path}: {e}")
            this = kind if kind != "auto" else kind_of(path)
            yield Capture(data=b"", kind=this, path=path, error=ErrorInfo.from_error(err))
            return
        for capture in captures([local], kind=kind, max_bytes=max_bytes):
            # The document is the remote file's: its path (and any message naming the copy) says so.
            capture.path = path + capture.path[len(local) :] if capture.path else capture.path
            if capture.error is not None:
                capture.error.message = capture.error.message.replace(local, path)
            yield capture


class _CrashNotes:
    """Which document of a shard a worker was on, in a node-local file, so a retry knows where its predecessor died.

    Ray restarts a dead actor and reruns its shard, but a document that kills
    the process every time would kill every rerun. Before each document the
    actor notes `seq deaths`; a note still there when the shard starts again
    means the last attempt died on that document. After MAX_DEATHS deaths the
    document is recorded with E901 instead of parsed. The note goes when the
    shard is done. (A retry on another node starts without notes: it only
    costs the document more tries.)
    """

    def __init__(self, root: str, shard: str):
        folder = os.path.join(tempfile.gettempdir(), "copydesk-ray")
        os.makedirs(folder, exist_ok=True)
        self.path = os.path.join(folder, hashlib.sha1(root.encode()).hexdigest()[:12] + "-" + shard)
        self.dead_seq, self.deaths = -1, 0
        try:
            with open(self.path, encoding="ascii") as f:
                seq, deaths = f.read().split()
            self.dead_seq, self.deaths = int(seq), int(deaths) + 1
        except (OSError, ValueError):
            pass

    def deaths_on(self, seq: int) -> int:
        """How many workers died on document `seq` of this shard."""
        return self.deaths if seq == self.dead_seq else 0

    def starting(self, seq: int) -> None:
        """Note the document about to be parsed."""
        with open(self.path, "w", encoding="ascii") as f:
            f.write(f"{seq} {self.deaths_on(seq)}")

    def done(self) -> None:
        """The shard is written: nothing to remember."""
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.path)


class ShardParser:
    """A Ray actor: builds the pipeline once, then parses whole shards into their parts."""

    def __init__(self, out: str, kind: str, max_bytes: int, jsonl: bool, make_pipeline: Callable[[], Pipeline]):
        self.fs, self.root = resolve(out)
        self.kind, self.max_bytes, self.jsonl = kind, max_bytes, jsonl
        self.pipeline = RenewedThread(warm_up(make_pipeline()))  # lxml's names stay bounded: see threads.py

    def parse(self, name: str, path: str) -> dict:
        """Parse one shard; its counts and when it started and finished (wall clock, comparable across the actors of
        a machine or of an NTP-synced cluster) come back."""
        started = time.time()
        counts = self.parse_shard(Shard(name, path))
        return {**counts, "started": started, "finished": time.time()}

    def parse_shard(self, shard: Shard) -> dict:
        """Parse one shard into its parts; the articles part comes last and marks the shard done."""
        notes = _CrashNotes(self.root, shard.name)
        articles = PartWriter(self.fs, f"{self.root}/articles/{shard.name}.parquet", ARTICLE_SCHEMA)
        errors = PartWriter(self.fs, f"{self.root}/errors/{shard.name}.parquet", ERROR_SCHEMA)
        lines = JsonlPart(self.fs, f"{self.root}/jsonl/{shard.name}.jsonl") if self.jsonl else None
        with_errors = 0
        try:
            for seq, capture in enumerate(shard_captures(shard.path, self.kind, self.max_bytes)):
                article = self._parse(capture, seq, notes)
                articles.write(article_row(article, shard.name, seq))
                for row in error_rows(article, shard.name, seq):
                    errors.write(row)
                with_errors += bool(article.errors)
                if lines is not None:
                    lines.write(article)
            errors.close()
            if lines is not None:
                lines.close()
            articles.close()
        except BaseException:
            for part in (errors, lines, articles):
                if part is not None:
                    part.abort()
            raise
        notes.done()
        return {"name": shard.name, "articles": articles.count, "with_errors": with_errors, "errors": errors.count}

    def _parse(self, capture: Capture, seq: int, notes: _CrashNotes) -> Article:
        deaths = notes.deaths_on(seq)
        if deaths >= MAX_DEATHS:
            return failed_article(
                capture,
                StageFailure(
                    f"the worker process died on this document {deaths} times; it was not parsed again", stage="runner"
                ),
            )
        notes.starting(seq)
        try:
            return self.pipeline(capture)
        except Exception as e:  # the pipeline records stage failures itself; this is the last line of defence
            return failed_article(capture, StageFailure(failure_message(e), stage="pipeline"))


def run(
    inputs: Iterable[str],
    out: str,
    *,
    kind: str = "auto",
    nlp: bool = True,
    workers: int | None = None,
    address: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jsonl: bool = False,
    dedup: bool = False,
    threshold: float | None = None,
    overwrite: bool = False,
    progress: bool | None = None,
    make_pipeline: Callable[[], Pipeline] | None = None,
) -> Counter:
    """Parse every document under `inputs` on Ray into Parquet parts under `out`; return counts.

    - `inputs`: files and folders, local or any URI pyarrow reads (s3://bucket/crawl/, gs://...).
    - `out`: a local folder or URI (on a cluster: a filesystem every node reaches).
    - `kind`, `nlp`, `max_bytes`: as for `copydesk parse`.
    - `workers`: parsing actors, one CPU each (default: every CPU Ray has).
    - `address`: an existing Ray cluster ("auto", "ray://head:10001"); default: a local Ray started for this run.
    - `jsonl`: also write the Articles as JSON Lines parts.
    - `dedup`, `threshold`: then mark near-duplicates over the whole output (see `ray_dedup.py`).
    - `overwrite`: drop what `out` holds instead of continuing it.
    - `make_pipeline`: builds each actor's pipeline (default `Pipeline(nlp=nlp)`).
    Counts: "shards", "skipped" (done by an earlier run), "articles", "with errors", "errors" (rows), "parse
    seconds" (from the first shard started to the last finished), and with `dedup` "clusters" and "clustered".
    """
    if kind not in KINDS:
        raise CopydeskError(f"unknown input kind {kind!r}; choose one of {', '.join(KINDS)}", stage="runner")
    shards = plan(inputs)
    filesystem, root = resolve(out)
    done = _prepare(filesystem, root, shards, {"kind": kind, "nlp": nlp, "max_bytes": max_bytes}, jsonl, overwrite)
    todo = [s for s in shards if s.name not in done]
    stats = Counter(shards=len(shards), skipped=len(shards) - len(todo))
    started = connect(address, workers)
    try:
        if todo:
            size = max(1, min(workers or int(ray.cluster_resources().get("CPU", 1)), len(todo)))
            make = make_pipeline or functools.partial(Pipeline, nlp=nlp)
            first, last = float("inf"), 0.0
            for counts in _parse_on_actors(
                todo, size, progress, out=out, kind=kind, max_bytes=max_bytes, jsonl=jsonl, make_pipeline=make
            ):
                stats["articles"] += counts["articles"]
                stats["with errors"] += counts["with_errors"]
                stats["errors"] += counts["errors"]
                first, last = min(first, counts["started"]), max(last, counts["finished"])
            # first shard started to last finished: model loading left out (the one float among the counts)
            stats["parse seconds"] = last - first  # type: ignore[assignment]
        if dedup:
            from ray.data import DataContext

            from .ray_dedup import dedup as run_dedup

            DataContext.get_current().enable_progress_bars = sys.stderr.isatty() if progress is None else progress

            result = run_dedup(out) if threshold is None else run_dedup(out, threshold=threshold)
            stats.update(clusters=result.clusters, clustered=result.clustered)
    finally:
        if started:
            ray.shutdown()
    return stats


def _parse_on_actors(shards: list[Shard], size: int, progress: bool | None, **actor_kwargs) -> Iterator[dict]:
    """Each shard's counts, as `size` ShardParser actors finish them (in any order); the actors go at the end."""
    parser = ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=-1)(ShardParser)
    actors = [parser.remote(**actor_kwargs) for _ in range(size)]
    bar = None
    if sys.stderr.isatty() if progress is None else progress:
        from tqdm import tqdm

        bar = tqdm(total=len(shards), unit="file", file=sys.stderr, dynamic_ncols=True)
    try:
        for counts in ActorPool(actors).map_unordered(lambda actor, s: actor.parse.remote(s.name, s.path), shards):
            if bar is not None:
                bar.update()
            yield counts
    finally:
        if bar is not None:
            bar.close()
        for actor in actors:
            ray.kill(actor)  # type: ignore[arg-type]  # ray.remote(...)(cls).remote() is typed as the class or a handle


def connect(address: str | None, workers: int | None) -> bool:
    """Join the Ray cluster at `address`, or start a local one; True when this call started Ray (and must stop it)."""
    if ray.is_initialized():
        return False
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        # Every CPU, or more when more workers are asked for: dedup's shuffles need CPUs beside the actors.
        cpus = max(workers, os.cpu_count() or 1) if workers else None
        ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    return True


def _prepare(
    filesystem: pafs.FileSystem, root: str, shards: list[Shard], settings: dict, jsonl: bool, overwrite: bool
) -> set[str]:
    """Check `root` against this run, write its job file, and return the shards already done."""
    job_path = f"{root}/{JOB_FILE}"
    if overwrite:
        for table in (*TABLES, "clusters.jsonl"):
            _delete(filesystem, f"{root}/{table}")
    parts = {table: _parts(filesystem, f"{root}/{table}") for table in TABLES}
    names = {s.name for s in shards}
    if filesystem.get_file_info(job_path).type == pafs.FileType.File:
        with filesystem.open_input_stream(job_path) as f:
            job = json.loads(f.read())
        before = {k: job.get(k) for k in settings}
        if before != settings:
            raise ResumeMismatch(
                f"{root} holds a run with other settings ({before}); use --overwrite or another output"
            )
    stale = sorted(parts["articles"] - names)
    if stale:
        raise ResumeMismatch(
            f"{root} holds {len(stale)} part(s) of inputs not given now (e.g. {stale[0]}); "
            "use --overwrite or another output"
        )
    filesystem.create_dir(root, recursive=True)
    for table in TABLES[:2] + (("jsonl",) if jsonl else ()):
        filesystem.create_dir(f"{root}/{table}", recursive=True)
    job = {"schema": JOB_SCHEMA, "version": __version__, **settings, "shards": [[s.name, s.path] for s in shards]}
    with filesystem.open_output_stream(job_path) as f:
        f.write(json.dumps(job, ensure_ascii=False, indent=1).encode("utf-8"))
    done = parts["articles"] & names
    return done & parts["jsonl"] if jsonl else done


def _parts(filesystem: pafs.FileSystem, folder: str) -> set[str]:
    """Names of the published parts in a folder; temporary files of unfinished parts are removed."""
    if filesystem.get_file_info(folder).type != pafs.FileType.Directory:
        return set()
    names = set()
    for info in filesystem.get_file_info(pafs.FileSelector(folder)):
        base = info.base_name
        if base.startswith(".") and ".tmp-" in base:
            filesystem.delete_file(info.path)  # an attempt that died before publishing its part
        elif base.startswith("part-"):
            names.add(base.rsplit(".", 1)[0])
    return names


def _delete(filesystem: pafs.FileSystem, path: str) -> None:
    kind = filesystem.get_file_info(path).type
    if kind == pafs.FileType.Directory:
        filesystem.delete_dir(path)
    elif kind == pafs.FileType.File:
        filesystem.delete_file(path)


def job(out: str) -> dict:
    """The job file of an output folder: its settings and its shards in input order."""
    filesystem, root = resolve(out)
    try:
        with filesystem.open_input_stream(f"{root}/{JOB_FILE}") as f:
            return json.loads(f.read())
    except FileNotFoundError as e:
        raise CopydeskError(f"{out} holds no run-ray output ({JOB_FILE} missing)", stage="runner") from e


def articles(out: str) -> Iterator[Article]:
    """The Articles of an output folder in input order (the order `copydesk parse` writes them); read on this
    machine."""
    filesystem, root = resolve(out)
    for name, _path in job(out)["shards"]:
        path = f"{root}/articles/{name}.parquet"
        if filesystem.get_file_info(path).type != pafs.FileType.File:
            continue  # a shard not done yet
        table = read_part(filesystem, path).sort_by("seq")
        for row in table.to_pylist():
            yield row_article(row)
