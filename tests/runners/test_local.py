"""Local runs: input order with workers, bounded in-flight window, hung and crashing documents, resume after a cut."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.errors import ResumeMismatch
from copydesk.model import Article, Capture
from copydesk.pipeline import Pipeline
from copydesk.runners import articles, parse_captures, run
from copydesk.runners.pool import pooled

from ..conftest import FIXTURES, SAMPLE

MARK = "COPYDESK-TEST-MARKER"


class _Stalling:
    """Wraps the real structure stage; on the marked document it sleeps (as a hung regex would) or kills the process."""

    def __init__(self, inner, action: str):
        self.inner, self.action = inner, action

    def __call__(self, article, lines, *rest):
        if any(MARK in text for _, text in lines):
            if self.action == "hang":
                time.sleep(3600)
            os._exit(3)
        return self.inner(article, lines, *rest)


class StallingPipeline:
    """A picklable pipeline factory for spawned workers: a real Pipeline(nlp=False) with one stage monkeypatched."""

    def __init__(self, action: str):
        self.action = action

    def __call__(self) -> Pipeline:
        pipeline = Pipeline(nlp=False)
        pipeline.structure = _Stalling(pipeline.structure, self.action)
        return pipeline


@pytest.fixture()
def corpus(tmp_path) -> Path:
    """A folder mixing text captures, a JSON Lines file and the WARC/WET fixtures: 17 documents."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in sorted(SAMPLE.iterdir()):
        shutil.copy(p, folder / p.name)
    shutil.copy(FIXTURES / "warc" / "wcxb-3.warc.gz", folder / "b-pages.warc.gz")
    shutil.copy(FIXTURES / "warc" / "wcxb-3.warc.wet.gz", folder / "c-pages.warc.wet.gz")
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.iterdir())]
    records = [{"id": f"j{i}", "text": texts[i % len(texts)]} for i in range(6)] + ["not json"]
    (folder / "d-records.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    return folder


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_local_workers_keep_input_order_and_give_identical_output(corpus, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    stats = run([str(corpus)], nlp=False, output=str(one))
    run([str(corpus)], nlp=False, workers=2, output=str(two))
    assert stats["articles"] == 17 and one.read_bytes() == two.read_bytes()
    paths = [json.loads(line)["source"]["path"] for line in _lines(two)]
    assert paths[:3] == [str(corpus / "b-pages.warc.gz")] * 3 and paths[12].endswith("d-records.jsonl:7")


def test_local_in_flight_window_is_bounded():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.iterdir())]
    read = 0

    def source():
        nonlocal read
        for i in range(40):
            read += 1
            yield Capture(data=texts[i % len(texts)], kind="text", id=f"d{i}")

    ahead = []
    out = []
    for article in pooled(source(), StallingPipeline("hang"), workers=2, window=5):
        out.append(article.id)
        ahead.append(read - len(out))
    assert out == [f"d{i}" for i in range(40)]
    assert max(ahead) <= 5  # documents read but not yet handed back never exceed the window


@pytest.mark.parametrize("workers", [0, 2])
def test_local_hung_document_is_recorded_as_timeout_and_the_run_goes_on(workers, seed_text):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.iterdir())]
    caps = [Capture(data=t, kind="text", path=f"doc{i}") for i, t in enumerate(texts)]
    caps.insert(2, Capture(data=f"{MARK}\n{seed_text}", kind="text", path="hangs"))
    caps.append(Capture(data=seed_text + "\nOne more line.", kind="text", path="after"))
    expected = [a.to_json() for a in map(Pipeline(nlp=False), caps)]
    got = list(parse_captures(caps, workers=workers, timeout=4, make_pipeline=StallingPipeline("hang")))
    assert [a.source.path for a in got] == [c.path for c in caps]
    assert [e.code for e in got[2].errors] == ["E108"] and got[2].source.path == "hangs"
    assert [a.to_json() for a in got[:2] + got[3:]] == expected[:2] + expected[3:]


def test_local_worker_that_dies_is_recorded_and_replaced(seed_text):
    caps = [
        Capture(data=seed_text, kind="text", path="a"),
        Capture(data=f"{MARK}\n{seed_text}", kind="text", path="dies"),
        Capture(data=seed_text, kind="text", path="c"),
    ]
    got = list(parse_captures(caps, workers=1, timeout=60, make_pipeline=StallingPipeline("exit")))
    assert [a.source.path for a in got] == ["a", "dies", "c"]
    assert got[1].errors[0].code == "E901" and "died" in got[1].errors[0].message
    assert not got[0].errors and got[2].to_json() == got[0].to_json().replace('"path":"a"', '"path":"c"')


@pytest.mark.parametrize("keep_lines", [0, 1, 2, 4, 7, 8, 12, 16])
def test_local_resume_after_a_cut_gives_the_uninterrupted_output(corpus, tmp_path, keep_lines):
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    run([str(corpus)], nlp=False, output=str(full))
    data = full.read_bytes()
    ends = [i + 1 for i, b in enumerate(data) if b == ord("\n")]
    start = ends[keep_lines - 1] if keep_lines else 0
    out.write_bytes(data[: start + 40])  # the run stopped 40 bytes into the next record
    stats = run([str(corpus)], nlp=False, output=str(out), resume=True)
    assert out.read_bytes() == data
    assert (stats["resumed"], stats["articles"]) == (keep_lines, 17 - keep_lines)


def test_local_resume_of_a_finished_run_adds_nothing(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    run([str(corpus)], nlp=False, output=str(out))
    before = out.read_bytes()
    assert run([str(corpus)], nlp=False, output=str(out), resume=True)["articles"] == 0
    assert out.read_bytes() == before


def test_local_resume_refuses_an_output_of_other_inputs(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    run([str(SAMPLE / "dw-north-korea-russia.txt")], nlp=False, output=str(out))
    with pytest.raises(ResumeMismatch):
        run([str(corpus)], nlp=False, output=str(out), resume=True)


def test_local_cli_workers_timeout_and_resume(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    args = ["parse", str(corpus), "--no-nlp", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--workers", "2", "--timeout", "60"])
    assert result.exit_code == 1 and "failed: 1 input(s)" in result.stderr  # the corpus's line that is not JSON
    assert "[E106] " in result.stderr and "d-records.jsonl:7: not valid JSON" in result.stderr
    whole = out.read_bytes()
    out.write_bytes(whole[: len(whole) // 2])
    result = CliRunner().invoke(main, [*args, "--resume"])
    assert result.exit_code == (1 if "[E106]" in result.stderr else 0), result.output  # whether it was redone
    assert out.read_bytes() == whole and "kept from the earlier run" in result.stderr
    result = CliRunner().invoke(main, ["parse", str(corpus), "--resume"])
    assert result.exit_code == 2 and "-o OUT" in result.output


def test_local_articles_is_the_library_call_under_the_command(corpus):
    arts = list(articles([str(corpus)], nlp=False, workers=0))
    assert len(arts) == 17 and arts[12].errors[0].code == "E106"


def test_local_regression_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path, seed_text):
    # Broke: os.walk gives such a name with a lone surrogate in it, and writing its Article raised UnicodeEncodeError.
    folder, out = tmp_path / "in", tmp_path / "out.jsonl"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")
    (folder / name).write_text(seed_text, encoding="utf-8")
    (folder / "plain.txt").write_text(seed_text, encoding="utf-8")
    assert run([str(folder)], nlp=False, output=str(out))["articles"] == 2
    odd, plain = out.read_bytes().decode("utf-8").splitlines()  # strict UTF-8
    assert odd.isascii() and plain != plain.encode("ascii", "backslashreplace").decode()  # only that line escaped
    assert Article.from_json(odd).source.path == str(folder / name)  # reads back as it was
    assert Article.from_json(odd).text == Article.from_json(plain).text
