"""The command line follows the CLI contract: JSON Lines out in input order, clear errors, help on every command."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.store import open_store

from .conftest import REPO, SAMPLE


def _commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("command", [(), *_commands(main)])
def test_cli_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    doc = (main if not command else main.commands[command[0]]).help
    assert doc and doc.strip()


def test_cli_parse_folder_in_input_order(tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["parse", str(SAMPLE), "--no-nlp", "-o", str(out)])
    assert result.exit_code == 0, result.output
    arts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    paths = [a["source"]["path"] for a in arts]
    assert paths == sorted(str(p) for p in SAMPLE.iterdir() if p.is_file() and not p.name.startswith("."))
    seed = next(a for a in arts if a["source"]["path"].endswith("dw-north-korea-russia.txt"))
    assert seed["schema"] == "copydesk.article/2"
    assert seed["title_check"]["verdict"] == "unrelated"
    assert "article(s)" in result.stderr


def test_cli_parse_stdin_through_the_installed_command(seed_text):
    proc = subprocess.run(
        [sys.executable, "-m", "copydesk.cli", "parse", "-", "--no-nlp"],
        input=seed_text.encode(),
        capture_output=True,
        check=True,
    )
    (art,) = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert art["dek"].startswith("As a series of key international summits")
    assert art["source"]["kind"] == "text"


def test_cli_jsonl_input_keeps_ids_titles_and_urls(tmp_path, seed_text):
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "dw-1", "url": "https://example.org/dw", "text": seed_text}) + "\nnot json\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["parse", str(path), "--no-nlp"])
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert (first["id"], first["source"]["url"], first["source"]["kind"]) == ("dw-1", "https://example.org/dw", "jsonl")
    assert second["errors"][0]["code"] == "E106"


def test_cli_from_html_reads_pages(tmp_path):
    (tmp_path / "page.htm").write_text(
        "<html><body><h1>A headline here</h1><p>The story is told in this paragraph of text.</p></body></html>"
    )
    result = CliRunner().invoke(main, ["parse", "--from", "html", "--no-nlp", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (art,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert art["source"]["kind"] == "html" and art["title"] == "A headline here"


def test_cli_test_command_with_q_shows_the_count(tmp_path):
    # The README's `bash scripts/test.sh -q` passes -q on to pytest under the project's settings: the summary line
    # with the pass/fail count must survive (an addopts -q would make it -qq, which drops it).
    (tmp_path / "test_two.py").write_text("def test_a():\n    pass\n\n\ndef test_b():\n    assert False\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", str(REPO / "pyproject.toml"), "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert re.search(r"\b1 failed, 1 passed\b", proc.stdout), proc.stdout


@pytest.mark.parametrize("command", ["search", "quotes", "entities", "ingest", "serve"])
def test_cli_unsupported_store_scheme_names_the_supported_ones(tmp_path, command):
    args = [command, "anything"] if command in ("search", "ingest") else [command]
    if command == "ingest":
        args[1] = str(SAMPLE / "dw-north-korea-russia.txt")
    result = CliRunner().invoke(main, [*args, "--db", "mysql://desk:s3cret@db.example/news"])
    assert result.exit_code == 1, result.output
    assert "unsupported store mysql://desk:***@db.example/news" in result.stderr
    assert "SQLite" in result.stderr and "postgresql://" in result.stderr
    assert "s3cret" not in result.output and "run `copydesk ingest" not in result.stderr


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    """A SQLite store holding the seed, parsed without NLP."""
    db = tmp_path_factory.mktemp("store") / "seed.db"
    result = CliRunner().invoke(
        main, ["ingest", str(SAMPLE / "dw-north-korea-russia.txt"), "--no-nlp", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    return db


def test_cli_entities_unknown_type_names_the_valid_ones(seed_db):
    result = CliRunner().invoke(main, ["entities", "--type", "BOGUS", "--db", str(seed_db)])
    assert result.exit_code == 2
    assert "'BOGUS' is not an entity type" in result.stderr
    for valid in ("PERSON", "ORG", "GPE", "LOC", "FAC"):
        assert valid in result.stderr
    lower = CliRunner().invoke(main, ["entities", "--type", "gpe", "--db", str(seed_db), "--json"])
    assert lower.exit_code == 0, lower.output  # a type in any case is the type


def test_cli_serve_on_a_busy_port_fails_before_serving(seed_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "copydesk.cli", "serve", "--db", str(seed_db), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr
    assert "choose another --port" in proc.stderr
    assert "serving" not in proc.stderr


@pytest.fixture
def mixed_inputs(tmp_path):
    """One good capture, then a missing, an empty and a binary file: the paths, in that order."""
    good = tmp_path / "good.txt"
    good.write_bytes((SAMPLE / "dw-north-korea-russia.txt").read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return [str(good), str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "image.png")]


def test_cli_parse_exits_1_with_the_count_of_failed_inputs(mixed_inputs):
    proc = subprocess.run(
        [sys.executable, "-m", "copydesk.cli", "parse", "--no-nlp", *mixed_inputs], capture_output=True, text=True
    )
    assert proc.returncode == 1
    arts = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [a["errors"][0]["code"] if a["errors"] else None for a in arts] == [None, "E101", "E104", "E103"]
    assert "failed: 3 input(s) could not be read or parsed" in proc.stderr
    for path, code in zip(mixed_inputs[1:], ["E101", "E104", "E103"]):
        assert f"[{code}] {path}: " in proc.stderr  # each named as it comes


def test_cli_parse_fail_fast_stops_at_the_first_failed_input(mixed_inputs):
    result = CliRunner().invoke(main, ["parse", "--no-nlp", "--fail-fast", *mixed_inputs])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2  # the good one, and the missing one with its reason
    assert "failed: 1 input(s)" in result.stderr and "--fail-fast" in result.stderr


def test_cli_parse_every_input_read_exits_0(tmp_path, mixed_inputs):
    result = CliRunner().invoke(main, ["parse", "--no-nlp", mixed_inputs[0]])
    assert result.exit_code == 0 and "failed" not in result.stderr


def test_cli_ingest_stores_no_article_for_a_failed_input(tmp_path, mixed_inputs):
    db = tmp_path / "store.db"
    proc = subprocess.run(
        [sys.executable, "-m", "copydesk.cli", "ingest", "--no-nlp", "--db", str(db), *mixed_inputs],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "1 inserted, 0 updated, 0 unchanged, 3 failed" in proc.stderr
    assert "failed: 3 input(s) or record(s) not stored" in proc.stderr
    assert f"[E101] {mixed_inputs[1]}: " in proc.stderr and "not stored" in proc.stderr
    with open_store(str(db)) as store:
        assert store.count() == 1
        (row,) = store.articles()
        assert row.title and "(no headline)" not in row.title
    again = CliRunner().invoke(main, ["ingest", "--no-nlp", "--db", str(db), mixed_inputs[0]])
    assert again.exit_code == 0 and "1 unchanged" in again.stderr
    fast = CliRunner().invoke(
        main, ["ingest", "--no-nlp", "--fail-fast", "--db", str(tmp_path / "f.db"), *mixed_inputs]
    )
    assert fast.exit_code == 1 and "1 inserted, 0 updated, 0 unchanged, 1 failed" in fast.stderr
    assert "stopped there (--fail-fast)" in fast.stderr and "[E104]" not in fast.stderr  # the empty file never read


def test_cli_ingest_workers_store_what_one_process_stores(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(SAMPLE.iterdir()):
        if p.is_file() and not p.name.startswith("."):
            (folder / p.name).write_bytes(p.read_bytes())
    (folder / "z-empty.txt").write_bytes(b"")
    stored = {}
    for workers in ("0", "2"):
        db = tmp_path / f"w{workers}.db"
        result = CliRunner().invoke(main, ["ingest", str(folder), "--no-nlp", "--workers", workers, "--db", str(db)])
        assert result.exit_code == 1 and "1 failed" in result.stderr, result.stderr  # the empty file, not stored
        with open_store(str(db)) as store:
            stored[workers] = {row.id: store.get(row.id).to_json() for row in store.articles(limit=100)}
    assert len(stored["0"]) == len([p for p in SAMPLE.iterdir() if p.is_file() and not p.name.startswith(".")])
    assert stored["2"] == stored["0"]


def test_cli_source_paths_are_absolute_wherever_the_run_started(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes((SAMPLE / "dw-north-korea-russia.txt").read_bytes())
    (tmp_path / "in" / "r.jsonl").write_text(json.dumps({"id": "r1", "text": "A short body of text."}) + "\n")
    db = tmp_path / "store.db"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}  # this tree's copydesk, run from another folder
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "copydesk.cli", *args], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    parsed = [json.loads(line) for line in run("parse", "--no-nlp", "in").stdout.splitlines()]
    assert [a["source"]["path"] for a in parsed] == [str(tmp_path / "in" / "a.txt"), f"{tmp_path / 'in' / 'r.jsonl'}:1"]
    run("ingest", "--no-nlp", "--db", "store.db", "in/a.txt")
    with open_store(str(db)) as store:
        (row,) = store.articles()
        assert store.get(row.id).source.path == str(tmp_path / "in" / "a.txt")


@pytest.mark.parametrize("command", ["parse", "ingest"])
def test_cli_progress_over_a_folder_has_a_total_and_the_time_left(tmp_path, command):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.html"):
        (folder / name).write_bytes((SAMPLE / "dw-north-korea-russia.txt").read_bytes())
    db = ["--db", str(tmp_path / "s.db")] if command == "ingest" else []
    result = CliRunner().invoke(main, [command, str(folder), "--no-nlp", "--progress", *db])
    assert result.exit_code == 0, result.stderr
    # tqdm's line: "100%|...| 3/3 [00:01<00:00,  2.50doc/s]": done of the total, time spent < time left
    assert re.search(r"\b3/3 \[\d\d:\d\d<\d\d:\d\d", result.stderr), result.stderr


def test_cli_progress_over_record_files_names_the_file_being_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.jsonl", "b.jsonl"):
        records = [json.dumps({"id": f"{name}-{i}", "text": f"Record {i} of {name}, a short body."}) for i in range(3)]
        (folder / name).write_text("\n".join(records) + "\n")
    result = CliRunner().invoke(main, ["parse", str(folder), "--no-nlp", "--progress"])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 6
    assert "file 2/2" in result.stderr and re.search(r"\b6doc \[", result.stderr), result.stderr
