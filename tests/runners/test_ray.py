"""run-ray: the Articles `copydesk parse` gives, bad documents in the errors table, reruns, dead workers, dedup on Ray.

Real Ray in local mode (started once for the module), real captures: the
bundled sample, the WARC/WET and HTML fixtures, and documents made bad on purpose.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pq = pytest.importorskip("pyarrow.parquet")

from click.testing import CliRunner  # noqa: E402

from copydesk.cli import main  # noqa: E402
from copydesk.dedup import dedup  # noqa: E402
from copydesk.pipeline import Pipeline  # noqa: E402
from copydesk.runners import ray as ray_runner  # noqa: E402
from copydesk.runners import run as parse_run  # noqa: E402

from ..conftest import FIXTURES, SAMPLE  # noqa: E402

MARK = "COPYDESK-TEST-MARKER"
MAX_BYTES = 200_000


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    # The pipeline factories below travel to the actors by value: the workers need not import this test module.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield
    ray.shutdown()


class _ExitOn:
    """Wraps the real structure stage; on the marked document the worker process exits (as a crash in C would)."""

    def __init__(self, inner, note: str | None):
        self.inner, self.note = inner, note

    def __call__(self, article, lines, *rest):
        if any(MARK in text for _, text in lines) and (self.note is None or not os.path.exists(self.note)):
            if self.note is not None:
                Path(self.note).touch()  # once: the retry parses the document
            os._exit(3)
        return self.inner(article, lines, *rest)


class ExitingPipeline:
    """A pipeline factory: a real Pipeline(nlp=False) whose process exits on the marked document (once with a note)."""

    def __init__(self, note: str | None):
        self.note = note

    def __call__(self) -> Pipeline:
        pipeline = Pipeline(nlp=False)
        pipeline.structure = _ExitOn(pipeline.structure, self.note)
        return pipeline


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.iterdir())]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Text captures, an HTML page, WARC and WET files and JSON Lines, with bad documents among them: 23 documents."""
    folder = tmp_path_factory.mktemp("corpus")
    for p in sorted(SAMPLE.iterdir()):
        shutil.copy(p, folder / p.name)
    shutil.copy(FIXTURES / "warc" / "wcxb-3.warc.gz", folder / "b-pages.warc.gz")
    shutil.copy(FIXTURES / "warc" / "wcxb-3.warc.wet.gz", folder / "c-pages.warc.wet.gz")
    shutil.copy(FIXTURES / "html" / "wcxb-0393.html.gz", folder / "e-page.html.gz")
    texts = _texts()
    records = [json.dumps({"id": f"j{i}", "text": texts[i % len(texts)]}) for i in range(5)]
    records[2:2] = ["not json", json.dumps({"id": "no-text", "html": 42})]
    (folder / "d-records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    bad = folder / "poisoned"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)  # E103
    (bad / "huge.txt").write_text(texts[3] * 10, encoding="utf-8")  # E102 at MAX_BYTES
    warc = (FIXTURES / "warc" / "wcxb-3.warc.gz").read_bytes()
    (bad / "cut.warc.gz").write_bytes(warc[: len(warc) * 2 // 3])  # E101 after the records it holds
    return folder


@pytest.fixture(scope="module")
def parsed(corpus, tmp_path_factory) -> list[str]:
    """`copydesk parse` of the corpus, with the NLP annotators."""
    out = tmp_path_factory.mktemp("parse") / "out.jsonl"
    parse_run([str(corpus)], max_bytes=MAX_BYTES, output=str(out))
    return out.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def ray_out(corpus, parsed, tmp_path_factory) -> tuple[Path, dict]:
    """The same corpus through run-ray (NLP on, two actors, JSON Lines parts too)."""
    out = tmp_path_factory.mktemp("ray") / "out"
    stats = ray_runner.run([str(corpus)], str(out), max_bytes=MAX_BYTES, workers=2, jsonl=True, progress=False)
    return out, stats


def _by_id(lines: list[str]) -> list[str]:
    return sorted(lines, key=lambda line: (json.loads(line)["id"], line))


def test_ray_gives_the_articles_of_parse(ray_out, parsed):
    out, stats = ray_out
    got = [a.to_json() for a in ray_runner.articles(str(out))]
    assert len(parsed) == stats["articles"] == 23 and stats["shards"] == 11
    assert _by_id(got) == _by_id(parsed)
    assert got == parsed  # and in input order, by (input file, position)
    assert any(json.loads(line)["entities"] for line in got)  # the NLP annotators ran in the actors
    shards = ray_runner.job(str(out))["shards"]
    lines = b"".join((out / "jsonl" / f"{name}.jsonl").read_bytes() for name, _ in shards)
    assert lines.decode("utf-8").splitlines() == parsed


def test_ray_articles_table_has_scalar_and_json_columns(ray_out):
    out, _ = ray_out
    table = pq.read_table(out / "articles")
    assert table.num_rows == 23
    assert str(table.schema.field("title").type) == "string" and str(table.schema.field("seq").type) == "int64"
    row = next(r for r in table.to_pylist() if r["source_path"].endswith("dw-north-korea-russia.txt"))
    assert row["title_verdict"] == "unrelated" and json.loads(row["bylines"]) == [
        {"name": "Julian Ryall", "role": None}
    ]


def test_ray_poisoned_documents_go_to_the_errors_table_and_the_job_finishes(ray_out, parsed):
    out, stats = ray_out
    errors = pq.read_table(out / "errors").to_pylist()
    expected = sorted((a["id"], e["code"], e["message"]) for a in map(json.loads, parsed) for e in a["errors"])
    assert sorted((r["id"], r["code"], r["message"]) for r in errors) == expected
    codes = {r["code"]: r for r in errors}
    assert {"E101", "E102", "E103", "E106"} <= set(codes)
    assert codes["E101"]["source"].endswith("cut.warc.gz") and "cut off" in codes["E101"]["message"]
    assert stats["errors"] == len(errors) and stats["with errors"] == sum(bool(json.loads(a)["errors"]) for a in parsed)
    assert len(list((out / "articles").iterdir())) == stats["shards"]  # every input file finished


def test_ray_rerun_skips_done_files_and_redoes_unfinished_ones(corpus, tmp_path):
    out = tmp_path / "out"
    first = ray_runner.run([str(corpus)], str(out), nlp=False, max_bytes=MAX_BYTES, progress=False)
    before = {p.name: p.read_bytes() for p in (out / "articles").iterdir()}
    again = ray_runner.run([str(corpus)], str(out), nlp=False, max_bytes=MAX_BYTES, progress=False)
    assert (again["skipped"], again["articles"]) == (first["shards"], 0)
    # A run that stopped before two files were done: their parts are missing, one left a temporary file.
    gone = sorted(before)[:2]
    for name in gone:
        (out / "articles" / name).unlink()
    (out / "articles" / f".{gone[0]}.tmp-0123").write_bytes(b"half a part")
    third = ray_runner.run([str(corpus)], str(out), nlp=False, max_bytes=MAX_BYTES, progress=False)
    assert third["skipped"] == first["shards"] - 2
    assert {p.name: p.read_bytes() for p in (out / "articles").iterdir()}.keys() == before.keys()
    table = pq.read_table(out / "articles")
    assert (
        table.num_rows == first["articles"]
        and len(set(zip(table["shard"].to_pylist(), table["seq"].to_pylist()))) == table.num_rows
    )
    with pytest.raises(Exception, match="other settings"):
        ray_runner.run([str(corpus)], str(out), nlp=False, progress=False)  # another --max-bytes


def _marked_corpus(folder: Path) -> Path:
    """Three JSON Lines files; the marked document is the fourth of the second."""
    folder.mkdir()
    texts = _texts()
    for f in range(3):
        records = [{"id": f"f{f}r{i}", "text": texts[(f + i) % len(texts)]} for i in range(6)]
        if f == 1:
            records[3]["text"] = f"{MARK}\n{texts[0]}"
        (folder / f"part{f}.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return folder


def test_ray_worker_killed_mid_run_neither_loses_nor_duplicates(tmp_path):
    corpus = _marked_corpus(tmp_path / "corpus")
    expected = tmp_path / "expected.jsonl"
    parse_run([str(corpus)], nlp=False, output=str(expected))
    note = tmp_path / "died-once"
    out = tmp_path / "out"
    stats = ray_runner.run(
        [str(corpus)], str(out), nlp=False, workers=2, progress=False, make_pipeline=ExitingPipeline(str(note))
    )
    assert note.exists()  # a worker did die, on the marked document
    got = [a.to_json() for a in ray_runner.articles(str(out))]
    assert got == expected.read_text(encoding="utf-8").splitlines() and stats["articles"] == 18
    assert pq.read_table(out / "articles").num_rows == 18


def test_ray_document_that_kills_every_worker_is_recorded_and_the_job_finishes(tmp_path):
    corpus = _marked_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    ray_runner.run([str(corpus)], str(out), nlp=False, workers=2, progress=False, make_pipeline=ExitingPipeline(None))
    got = list(ray_runner.articles(str(out)))
    assert [a.id for a in got] == [f"f{f}r{i}" for f in range(3) for i in range(6)]
    assert [e.code for e in got[9].errors] == ["E901"] and "died on this document" in got[9].errors[0].message
    assert not any(a.errors for a in got[:9] + got[10:])
    assert [r["id"] for r in pq.read_table(out / "errors").to_pylist()] == ["f1r3"]


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    """Each sample capture four times: as is, under another headline, cut short with a newsletter line, and again as
    is."""
    folder = tmp_path_factory.mktemp("copies")
    for p in sorted(SAMPLE.iterdir()):
        lines = p.read_text(encoding="utf-8").splitlines()
        longest = max(range(len(lines)), key=lambda i: len(lines[i]))
        (folder / f"{p.stem}-a.txt").write_text("\n".join(lines), encoding="utf-8")
        (folder / f"{p.stem}-b.txt").write_text("\n".join(["Another headline entirely", *lines[1:]]), encoding="utf-8")
        cut = lines[:longest] + lines[longest + 1 :] + ["Subscribe to our newsletter"]
        (folder / f"{p.stem}-c.txt").write_text("\n".join(cut), encoding="utf-8")
        (folder / f"z-{p.stem}.txt.gz").write_bytes(gzip.compress("\n".join(lines).encode("utf-8"), mtime=0))
    return folder


def test_ray_dedup_gives_the_clusters_of_copydesk_dedup(copies, tmp_path):
    parsed, deduped, report = tmp_path / "parsed.jsonl", tmp_path / "dedup.jsonl", tmp_path / "report.jsonl"
    parse_run([str(copies)], nlp=False, output=str(parsed))
    with open(deduped, "w", encoding="utf-8") as f, open(report, "w", encoding="utf-8") as r:
        expected = dedup(str(parsed), f, report=r)
    assert expected.clusters >= 3 and expected.exact_duplicates >= 4  # the corpus has copies to find
    out = tmp_path / "out"
    stats = ray_runner.run([str(copies)], str(out), nlp=False, dedup=True, progress=False)
    got = [a.to_json() for a in ray_runner.articles(str(out))]
    assert got == deduped.read_text(encoding="utf-8").splitlines()
    assert (out / "clusters.jsonl").read_text(encoding="utf-8") == report.read_text(encoding="utf-8")
    assert (stats["clusters"], stats["clustered"]) == (expected.clusters, expected.clustered)


def test_ray_reads_and_writes_through_a_pyarrow_filesystem(corpus, tmp_path):
    local = [str(corpus / "dw-north-korea-russia.txt"), str(corpus / "b-pages.warc.gz")]
    expected = tmp_path / "expected.jsonl"
    parse_run(local, nlp=False, output=str(expected))
    out = f"file://{tmp_path}/out"
    stats = ray_runner.run([f"file://{p}" for p in local], out, nlp=False, progress=False)
    got = [a.to_json().replace('"path":"file://', '"path":"') for a in ray_runner.articles(out)]
    assert got == expected.read_text(encoding="utf-8").splitlines() and stats["articles"] == 4


def test_ray_cli_runs_into_out_and_reruns(corpus, tmp_path):
    out = tmp_path / "out"
    args = [
        "run-ray",
        str(corpus / "d-records.jsonl"),
        str(corpus / "poisoned"),
        "--out",
        str(out),
        "--no-nlp",
        "--workers",
        "1",
        "--max-bytes",
        str(MAX_BYTES),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "4 input file(s): 12 article(s) parsed, 5 with errors" in result.stderr
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and "(4 done before): 0 article(s)" in result.stderr
