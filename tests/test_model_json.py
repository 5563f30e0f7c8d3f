"""An Article's JSON line: the fast encoder writes exactly what the standard library writes for the same Article, on
real parsed captures (with and without NLP) and on the values it refuses."""

from __future__ import annotations

import json

import pytest

import copydesk
from copydesk.model import CONTRACT_KEYS, SCHEMA, Article, Source

from .conftest import FIXTURES, SAMPLE, parse_page


def _stdlib_line(article: Article, *, ascii: bool = False) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=ascii, separators=(",", ":"))


def _fixture_articles() -> list[Article]:
    texts = sorted((FIXTURES / "text").iterdir())
    pages = sorted(p.name for p in (FIXTURES / "html").iterdir())[:6]
    return [copydesk.parse(p, nlp=False) for p in texts] + [parse_page(name) for name in pages]


def test_fast_line_is_the_standard_line_on_real_captures():
    articles = _fixture_articles()
    assert len(articles) >= 10 and any(a.removed for a in articles)
    for article in articles:
        line = article.to_json()
        assert line == _stdlib_line(article)
        assert list(json.loads(line)) == list(CONTRACT_KEYS)


def test_fast_line_is_the_standard_line_with_entities_and_quotes(seed_text):
    article = copydesk.parse(seed_text)
    assert article.entities and article.quotes and all(q.confidence for q in article.quotes)
    assert article.to_json() == _stdlib_line(article)
    assert Article.from_json(article.to_json()).to_json() == article.to_json()


def test_every_character_outside_surrogates_is_written_as_the_standard_library_writes_it():
    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    article = Article(id="x", text=text, title='"quoted" \\ \t\n\x00\x1f\x7f\u2028')
    assert article.to_json() == _stdlib_line(article)


def test_a_lone_surrogate_from_a_file_name_is_kept_the_slow_way():
    article = Article(id="x", source=Source("text", "caf\udce9.txt"))
    line = article.to_json()
    assert line == _stdlib_line(article) and "\udce9" in line
    assert article.to_json(ascii=True) == _stdlib_line(article, ascii=True)
    assert Article.from_json(line).source.path == "caf\udce9.txt"


@pytest.mark.parametrize("value", [float("nan"), 2**70])
def test_values_the_fast_encoder_writes_differently_or_refuses_still_make_a_line(value):
    article = copydesk.parse((SAMPLE / "wcxb-0161-npr.txt").read_text(encoding="utf-8"), nlp=False)
    article.title_check.score = value
    line = article.to_json()
    assert line.startswith(f'{{"schema":"{SCHEMA}"') and '"score":' in line
