"""for_terminal() and json_for_terminal(): what a terminal would obey goes, the text stays; JSON keeps every value."""

from __future__ import annotations

import json
import time

from copydesk.terminal import for_terminal, json_for_terminal


def test_terminal_sequences_go_whole_and_text_stays():
    text = (
        "a\x1b[2Jb\x1b]0;pwned\x07c\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\d\x9b31me\x9d2;title\x9cf"
        "\u202eevil\u202c\x1bPq#0\x1b\\g\r\x00x\ty\nz\x1bc"
    )
    assert for_terminal(text) == "abclinkdefevilgx\ty\nz"
    # An unterminated string command loses its introducer only: what follows is shown as text.
    assert for_terminal("\x1b]0;no end in sight") == "0;no end in sight"
    assert for_terminal(None) == "" and for_terminal("plain — text ’ ok") == "plain — text ’ ok"


def test_terminal_json_keeps_every_value():
    value = {"t": "x\x1b[2J\x85\x9b31m\u202e\u2066y\x7f", "n": 1}
    line = json_for_terminal(json.dumps(value, ensure_ascii=False))
    assert json.loads(line) == value and for_terminal(line) == line


def test_terminal_hostile_runs_take_linear_time():
    for bad in ("\x9d" * 200_000, "\x1b]" * 200_000, "\x1b[" * 200_000, "\x1b]" + "a" * 200_000):
        start = time.perf_counter()
        for_terminal(bad)
        assert time.perf_counter() - start < 2, repr(bad[:4])


def test_terminal_parse_stdout_escapes_what_a_terminal_obeys_and_a_file_keeps_it(tmp_path):
    from click.testing import CliRunner

    from copydesk.cli import main

    capture = tmp_path / "hostile.txt"
    body = "Residents\x9b2J of the town\u202e were told\x1b]0;pwned\x07 to leave on Monday, officials said."
    capture.write_text(f"Storm warning\n\n{body}\n", encoding="utf-8")
    shown = CliRunner().invoke(main, ["parse", "--no-nlp", str(capture)])
    assert shown.exit_code == 0 and not any(c in shown.stdout for c in "\x1b\x07\x9b\u202e")
    out = tmp_path / "out.jsonl"
    assert CliRunner().invoke(main, ["parse", "--no-nlp", str(capture), "-o", str(out)]).exit_code == 0
    kept = out.read_text(encoding="utf-8")
    assert "\x9b2J" in kept and "\u202e" in kept  # -o writes the Article's own JSON, byte for byte
    assert json.loads(shown.stdout) == json.loads(kept) and body in json.loads(kept)["text"]
