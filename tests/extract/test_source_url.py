"""An HTML page's `source.url` is where the page says it lives (<link rel=canonical>, else og:url) when the capture
gives none; a capture's own URL is never replaced."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

import copydesk
from copydesk.cli import main

from ..conftest import FIXTURES, parse_page

STANDARD = (
    "https://www.derstandard.at/story/3000000218734/nach-kalifat-rufen-in-hamburg-sind-wir-zu-sanft-zu-islamisten"
)


def test_source_url_from_the_canonical_link_as_the_cli_reads_a_saved_page(tmp_path):
    page = tmp_path / "saved-page.html.gz"
    shutil.copyfile(FIXTURES / "html" / "fundus-at-DerStandard-2024_05_03.html.gz", page)
    result = CliRunner().invoke(main, ["parse", "--no-nlp", str(page)])
    assert result.exit_code == 0, result.stderr
    (art,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert art["source"]["kind"] == "html" and art["source"]["url"] == STANDARD


def test_source_url_from_og_url_when_there_is_no_canonical_link():
    art = parse_page("fundus-kr-HankookIlbo-2026_01_29.html.gz")
    assert art.source.url == "https://www.hankookilbo.com/news/article/A2026012914320005196"


def test_source_url_the_capture_states_is_kept():
    art = parse_page("fundus-at-DerStandard-2024_05_03.html.gz", url="https://archive.example/derstandard/1")
    assert art.source.url == "https://archive.example/derstandard/1"


def test_source_url_a_relative_or_odd_canonical_is_not_taken():
    body = "<body><h1>Harbour reopens</h1><p>The harbour reopened on Monday after a week of repairs.</p></body>"
    for head in (
        '<link rel="canonical" href="/story/1">',
        '<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="ftp://x/y">',
    ):
        art = copydesk.parse(f"<html><head>{head}</head>{body}</html>", kind="html", nlp=False)
        assert art.source.url is None and art.title == "Harbour reopens"
    art = copydesk.parse(
        '<html><head><link rel="canonical" href="/story/1"><meta property="og:url" content="https://example.org/s/1">'
        f"</head>{body}</html>",
        kind="html",
        nlp=False,
    )
    assert art.source.url == "https://example.org/s/1"  # the relative canonical passed over for og:url
