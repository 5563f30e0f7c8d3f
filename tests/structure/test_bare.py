"""An article's text alone (a corpus's `text` field, a newswire body) loses nothing: every paragraph in the body.

The line model reads what the whole capture is made of: with no page furniture around
the text, it keeps every line, and the rules take no paragraph out of it as a caption,
standfirst or title. Tested through the user's path: `copydesk.parse` and `copydesk parse`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import copydesk
from copydesk.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BODIES = ["fnc-0.txt", "fnc-707.txt", "fnc-1669.txt", "fnc-1176.txt"]  # the last two: two paragraphs each


def _words(text: str) -> list[str]:
    return text.split()


def _seed_body(seed_text: str) -> str:
    """The seed's body as a corpus would hold it: its nine paragraphs and subheading, nothing around them."""
    return "\n".join(seed_text.splitlines()[3:12])


def test_bare_seed_body_alone_keeps_every_paragraph(seed_text, seed_expected):
    art = copydesk.parse(_seed_body(seed_text), nlp=False)
    assert art.removed == []
    assert [b.kind for b in art.blocks].count("paragraph") == len(seed_expected["paragraph_lines"])
    assert [b.text for b in art.blocks if b.kind == "heading"] == ["Widespread concern"]
    assert _words(art.text) == _words(_seed_body(seed_text).replace("\n", " "))
    assert art.title is None and art.media == [] and art.dek is None


def test_bare_seed_body_alone_gives_james_browns_four_quotes(seed_text):
    art = copydesk.parse(_seed_body(seed_text))
    brown = [q for q in art.quotes if q.kind == "direct" and q.speaker_name == "James Brown"]
    assert len(brown) == 4


def test_bare_seed_with_its_comment_form_is_not_bare(seed_text):
    """Four lines of comment form under the same text are furniture, and go with their reasons."""
    art = copydesk.parse(seed_text, nlp=False)
    assert [r.reason for r in art.removed] == ["comments", "comments", "comments", "duplicate"]


@pytest.mark.parametrize("name", BODIES)
def test_bare_newswire_body_comes_out_whole(name):
    text = (FIXTURES / "text" / name).read_text(encoding="utf-8")
    art = copydesk.parse(text, nlp=False)
    assert art.removed == []
    assert _words(art.text) == _words(text)


@pytest.mark.parametrize("titled", [False, True])
def test_bare_json_lines_records_come_out_whole(tmp_path, titled):
    """`copydesk parse --from jsonl` on bodies as a corpus holds them; a stated title is the title, and no body
    line is dropped for it."""
    src, out = tmp_path / "bodies.jsonl", tmp_path / "out.jsonl"
    texts = {name: (FIXTURES / "text" / name).read_text(encoding="utf-8") for name in BODIES}
    with open(src, "w", encoding="utf-8") as f:
        for name, text in texts.items():
            record = {"id": name, "text": text}
            if titled:
                record["title"] = text.split(".")[0][:80]  # worded like the text's opening, as headlines are
            f.write(json.dumps(record) + "\n")
    result = CliRunner().invoke(main, ["parse", str(src), "--from", "jsonl", "--no-nlp", "-o", str(out)])
    assert result.exit_code == 0, result.output
    arts = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [a["id"] for a in arts] == list(texts)
    for art, text in zip(arts, texts.values()):
        assert art["removed"] == []
        assert _words(art["text"]) == _words(text)
        assert art["title"] == (text.split(".")[0][:80] if titled else None)
        assert art["title_check"]["verdict"] == ("consistent" if titled else "missing")
