"""Markdown captures: blocks as an HTML page's are, every input line accounted for, and hostile Markdown never hurts."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import copydesk
from copydesk.cli import main
from copydesk.extract.markdown import SNIFF_BYTES, extract_markdown, looks_markdown
from copydesk.extract.mdinline import read_inline
from copydesk.pipeline import Pipeline, document_kind_of
from copydesk.sources import captures
from copydesk.structure.hints import CAPTION, CREDIT, FIGURE, LINK

MD = Path(__file__).resolve().parent.parent / "fixtures" / "md"

PAGE = """\
* [Home](https://example.org/)
* [News](https://example.org/news)
* [Sport](https://example.org/sport)
* [Weather](https://example.org/weather)
* [Contact](https://example.org/contact)

# Storm hits the coast as thousands lose power

By Jane Doe

The storm made landfall late on **Tuesday**, forecasters said, bringing heavy rain and strong winds to the whole
region, from the harbour towns in the south to the hill villages in the north.

![Waves break over the sea wall](https://example.org/img/waves.jpg)

Waves break over the sea wall in the harbour on Tuesday night.

Photo: Jane Smith/AP

Emergency crews worked through the night to clear fallen trees from the main roads, the
[city council](https://example.org/council "Council") said on Wednesday, and most routes reopened by noon.

## What comes next

Officials said the clean-up would take at least a week to complete, and asked residents to stay away from
the beaches and the cliffs until the engineers have inspected them.

* Schools remain closed on Wednesday across the whole region, the education office said in the morning.
* Power is back for most homes by Friday, the grid operator says, though some farms may wait longer.

> We have never seen water this high in the harbour before tonight, and I have lived here for sixty years.

The weather service expects calmer conditions later this week, with lighter winds and only scattered showers
over the weekend.

* * *

* [About us](https://example.org/about)
* [Privacy](https://example.org/privacy)

© 2024 Daily News. All rights reserved.
"""


def _parse(text: str, kind: str = "md") -> copydesk.Article:
    return copydesk.parse(text, kind=kind, nlp=False)


def _accounted(art: copydesk.Article, text: str) -> None:
    """Lossless accounting: every non-empty input line in exactly one block or one removed entry.

    A block or removed entry stands for its logical line, which covers input lines `line`..`line + span - 1`
    (the reader's `spans`); blank lines inside a block (a code block's) are not counted.
    """
    doc = extract_markdown(text)
    span = {n: s for (n, _), s in zip(doc.lines, doc.spans)}
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    non_empty = {i + 1 for i, line in enumerate(lines) if line.strip()}
    covered = Counter(
        n
        for entry in [*art.blocks, *art.removed]
        for n in range(entry.line, entry.line + span.get(entry.line, 1))
        if n in non_empty
    )
    assert set(covered) == non_empty
    assert max(covered.values()) == 1
    assert all(r.reason for r in art.removed)
    assert [b.line for b in art.blocks] == sorted(b.line for b in art.blocks)
    assert [r.line for r in art.removed] == sorted(r.line for r in art.removed)


def test_markdown_page_headings_links_media_lists_and_furniture():
    art = _parse(PAGE)
    kinds = {b.text: b.kind for b in art.blocks}
    assert art.title == "Storm hits the coast as thousands lose power"
    assert [b.name for b in art.bylines] == ["Jane Doe"]
    assert kinds["What comes next"] == "heading"
    assert "list_item" in kinds.values()
    assert (
        kinds[
            "We have never seen water this high in the harbour before tonight, and I have lived here for sixty years."
        ]
        == "blockquote"
    )
    assert [(m.caption, m.credit) for m in art.media] == [
        ("Waves break over the sea wall in the harbour on Tuesday night.", "Jane Smith/AP")
    ]
    # Link text stays, its destination goes; emphasis marks go; the alt text is no body text.
    assert "the city council said on Wednesday" in art.text
    assert "example.org" not in art.text and "**" not in art.text and "Waves break over the sea wall" not in art.text
    assert "late on Tuesday, forecasters said" in art.text
    # Furniture: the menus are navigation, the rule is markup, the notice is furniture by its wording.
    removed = {r.text: r.reason for r in art.removed}
    assert removed["Home"] == removed["Privacy"] == "navigation"
    assert removed["* * *"] == "markup"
    assert removed["© 2024 Daily News. All rights reserved."] not in (None, "markup")
    assert "All rights reserved" not in art.text and "Home" not in art.text
    _accounted(art, PAGE)


def test_markdown_wrapped_paragraph_is_one_line_with_its_span():
    text = (
        "# Heading\n\nA paragraph written\nover three input lines\nof wrapped Markdown.\n\n"
        "A second one.  \nHard break.\n"
    )
    doc = extract_markdown(text)
    assert doc.lines == [
        (1, "Heading"),
        (3, "A paragraph written over three input lines of wrapped Markdown."),
        (7, "A second one."),
        (8, "Hard break."),
    ]
    assert doc.spans == [1, 3, 1, 1]
    assert [h.tag for h in doc.hints] == ["h1", "p", "p", "p"]


@pytest.mark.parametrize(
    "markdown, text",
    [
        ("**Bold** and __strong__, *em* and _em_, ~~gone~~ and `code`", "Bold and strong, em and em, gone and code"),
        ("lagen die**globalen Meerestemperaturen** deutlich", "lagen die globalen Meerestemperaturen deutlich"),
        ("snake_case and file_name.py stay, 5 * 3 = 15", "snake_case and file_name.py stay, 5 * 3 = 15"),
        (r"3\. Mai 2024, \*not emphasis\*, \[not a link\]", "3. Mai 2024, *not emphasis*, [not a link]"),
        ("AT&amp;T &lt;b&gt; caf&eacute; &#8212; ok", "AT&T <b> café — ok"),
        (
            '[link text](https://example.org/a_(b) "title") and [ref][1] and [collapsed][]',
            "link text and ref and collapsed",
        ),
        ("see <https://example.org/x> or <br> next", "see https://example.org/x or next"),
        ("[ ![Logo](logo.svg) Home ](/)", "Home"),
        ("[[1]](#note-1) a footnote", "[1] a footnote"),
        ('[01:43 min Video](/v.html "Trump: "Wird bald losgehen"") and [b](/b "t")', "01:43 min Video and b"),
    ],
)
def test_markdown_inline_markup_goes_text_stays(markdown, text):
    assert read_inline(markdown).text == text


def test_markdown_link_density_and_pictures():
    assert read_inline("[Home](/)").link_density == 1.0
    assert read_inline("Read [the report](https://example.org/r) today").link_density == pytest.approx(
        10 / 21, abs=0.01
    )
    free = read_inline("![A picture of the harbour](h.jpg) The harbour at night.")
    assert (free.text, free.alts, free.picture_first) == ("The harbour at night.", ["A picture of the harbour"], True)
    linked = read_inline("[![Logo](logo.png)](/)")
    assert (linked.text, linked.alts, linked.linked_pictures) == ("", [], 1)


@pytest.mark.parametrize(
    "line",
    [
        "*",
        "  *   *",
        "---",
        "********",
        "* * *",
        "![](https://example.org/x.png)",
        "[](https://example.org/share)",
        "[ ](https://example.org/a)",
        "[1]: https://example.org/ref",
        ">",
        "```",
        "\u200d",
    ],
)
def test_markdown_markup_only_lines_are_removed_as_markup(line):
    text = f"Some words of the page, long enough to be a line of its own.\n\n{line}\n\nMore words of the page here.\n"
    doc = extract_markdown(text)
    assert [(r.line, r.reason) for r in doc.removed] == [(3, "markup")]
    assert [n for n, _ in doc.lines] == [1, 5]


def test_markdown_picture_with_alt_text_alone_is_removed_as_image():
    doc = extract_markdown("Text before the picture.\n\n![A view of the harbour at dusk](h.jpg)\n\nText after it.\n")
    assert [(r.line, r.reason) for r in doc.removed] == [(3, "image")]
    doc = extract_markdown("Text before.\n\n![A view of the harbour at dusk](h.jpg)\n", alt_lines=True)
    assert doc.lines[-1] == (3, "A view of the harbour at dusk") and doc.hints[-1].flags & FIGURE


def test_markdown_figure_caption_and_credit_flags():
    text = (
        "![Two boats in the harbour](b.jpg)\n\nTwo boats in the harbour at dawn.\n\nFoto: Max Muster/dpa\n\n"
        "![](c.jpg) The pier, an hour later. Imago/Blaulicht\n\n![](d.jpg)\n\n"
        "A paragraph of the story that follows the picture and says nothing of it, running on as a paragraph does "
        "for a while.\n"
    )
    doc = extract_markdown(text)
    flags = {t: h.flags for (_, t), h in zip(doc.lines, doc.hints)}
    assert flags["Two boats in the harbour at dawn."] == FIGURE | CAPTION
    assert flags["Foto: Max Muster/dpa"] == FIGURE | CREDIT
    assert flags["The pier, an hour later. Imago/Blaulicht"] == FIGURE | CAPTION
    assert not flags[doc.lines[-1][1]] & (CAPTION | CREDIT)  # a picture alone says nothing of the paragraph under it
    art = _parse(text)
    assert ("Two boats in the harbour at dawn.", "Max Muster/dpa") in [(m.caption, m.credit) for m in art.media]


def test_markdown_reader_header_setext_lists_tables_and_reference_links():
    text = """Title: Council approves the new harbour budget

URL Source: https://example.org/news/harbour-budget

Published Time: 2024-05-03T10:00:00Z

Markdown Content:
Council approves the new harbour budget
=======================================

The council voted on [Tuesday][vote] to approve the harbour budget, which raises spending on the sea wall and the
piers by a fifth, after a debate that ran late into the night.

What it pays for
----------------

- New stones for the sea wall along the whole of the south side.
- Lights on the piers.

| Item | Cost |
| --- | ---: |
| Sea wall | 2.1 m |

[vote]: https://example.org/votes/2024-05 "The vote"
"""
    doc = extract_markdown(text)
    assert (doc.title, doc.url, doc.published) == (
        "Council approves the new harbour budget",
        "https://example.org/news/harbour-budget",
        "2024-05-03T10:00:00Z",
    )
    tags = {t: h.tag for (_, t), h in zip(doc.lines, doc.hints)}
    assert tags["What it pays for"] == "h2" and tags["Lights on the piers."] == "li" and tags["Sea wall 2.1 m"] == "tr"
    assert doc.lines[0] == (1, "Council approves the new harbour budget") and doc.hints[0].tag == "title"
    assert {r.text for r in doc.removed} >= {
        "Markdown Content:",
        "=======================================",
        "| --- | ---: |",
        '[vote]: https://example.org/votes/2024-05 "The vote"',
    }
    art = _parse(text)
    assert art.title == "Council approves the new harbour budget"
    assert art.published == "2024-05-03"
    assert "The council voted on Tuesday to approve" in art.text
    _accounted(art, text)


def test_markdown_code_block_is_one_literal_line():
    text = (
        "Intro paragraph.\n\n```python\nx = 1  # **not emphasis**\n\nprint(x)\n```\n\n"
        "    indented code\n    more code\n"
    )
    doc = extract_markdown(text)
    assert doc.lines[1:] == [(4, "x = 1 # **not emphasis** print(x)"), (9, "indented code more code")]
    assert doc.spans[1:] == [3, 2]
    assert [h.tag for h in doc.hints[1:]] == ["pre", "pre"]


def test_markdown_nested_list_items_stay_items_under_a_heading():
    doc = extract_markdown("#### Specials\n\n    * [Books](/books)\n    * [Films](/films)\n")
    assert [(t, h.tag, bool(h.flags & LINK)) for (_, t), h in zip(doc.lines, doc.hints)] == [
        ("Specials", "h4", False),
        ("Books", "li", True),
        ("Films", "li", True),
    ]


def test_markdown_blocks_that_are_all_link_are_navigation_and_a_link_may_span_blocks():
    text = (
        "Das könnte Sie auch interessieren[![Teaser](t.jpg)Harmoniezwang? Wie die Kirche umgeht\n\n  *\n"
        "Eine im Januar veröffentlichte Studie zeigt, was bis heute die Aufarbeitung behindert.](/nachrichten/k)\n\n"
        "* [Startseite](/)\n\n# [A headline that links to its own page](/story)\n"
    )
    doc = extract_markdown(text)
    drop = {t: h.drop for (_, t), h in zip(doc.lines, doc.hints)}
    assert (
        drop["Eine im Januar veröffentlichte Studie zeigt, was bis heute die Aufarbeitung behindert."] == "navigation"
    )
    assert drop["Startseite"] == "navigation"
    assert drop["A headline that links to its own page"] is None  # the h1 holds the headline


def test_markdown_real_wcxb_page():
    path = MD / "wcxb-4500.md"
    text = path.read_text(encoding="utf-8")
    art = copydesk.parse(path, nlp=False)
    assert art.source.kind == "md"  # by the file's name
    assert art.title == "These Are The Best Noise Cancelling Headphones Money Can Buy, According To Consumer Reports"
    headings = [b.text for b in art.blocks if b.kind == "heading"]
    assert headings == [
        "Bowers & Wilkins Px7 S2e: Best noise-cancelling headphones",
        "Sony WF-1000XM5: Best noise-cancelling earbuds",
    ]
    assert art.text.startswith("Consumer Reports is an independent, non-profit organization")
    assert "most reliable wireless headphone brands" in art.text  # link text kept
    for furniture in ("Editorial Policies", "Home Electronics Reviews", "https://", "](", "A female model wearing"):
        assert furniture not in art.text
    assert not art.errors
    _accounted(art, text)


def test_markdown_cli_parse_from_md(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    for kind in ("md", "auto"):
        result = CliRunner().invoke(main, ["parse", str(path), "--from", kind, "--no-nlp"])
        assert result.exit_code == 0, result.output
        (art,) = [json.loads(line) for line in result.stdout.splitlines()]
        assert art["source"]["kind"] == "md"
        assert art["title"] == "Storm hits the coast as thousands lose power"
        assert "](" not in art["text"]
    result = CliRunner().invoke(main, ["parse", str(path), "--from", "text", "--no-nlp"])
    assert json.loads(result.stdout)["source"]["kind"] == "text"  # a kind given is a kind obeyed


def test_markdown_auto_detection_by_suffix_and_by_content(tmp_path, seed_text):
    (tmp_path / "a.md").write_text("Just words, no markup at all.\n", encoding="utf-8")
    (tmp_path / "b.markdown").write_text("More words.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "d.txt").write_text(seed_text, encoding="utf-8")
    caps = list(captures([str(tmp_path)]))
    # A file of one document is sniffed where it is parsed (a pool's worker), its name a hint.
    assert [c.kind for c in caps] == ["auto"] * 4
    assert [document_kind_of(c) for c in caps] == ["md", "md", "md", "text"]
    assert [a.source.kind for a in map(Pipeline(nlp=False), caps)] == ["md", "md", "md", "text"]
    assert _parse(PAGE, kind="auto").source.kind == "md"
    assert _parse(seed_text, kind="auto").source.kind == "text"
    assert not looks_markdown(seed_text)
    assert looks_markdown(b"Title: A page\n\nURL Source: https://example.org/a\n\nMarkdown Content:\nText.\n")


def _head(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(SNIFF_BYTES)


def test_markdown_sniff_takes_no_plain_capture_for_markdown(data_dir):
    plain = [
        p
        for name in ("wcxb-dev-articles", "fundus-other")
        for shape in ("text", "text-wet")
        for p in sorted((data_dir / name / shape).glob("*.txt"))
    ]
    assert len(plain) > 1000
    assert [p.name for p in plain if looks_markdown(_head(p))] == []
    markdown = sorted((data_dir / "wcxb-dev-articles" / "text-md").glob("*.txt"))
    assert sum(looks_markdown(_head(p)) for p in markdown) >= 0.99 * len(markdown)


def _hostile() -> dict[str, str]:
    return {
        "unbalanced-brackets": "[a](b [c]( ![d]( ](e) [[[ ]]] ((( ))) " * 2000,
        "100k-open-brackets": "[" * 100_000,
        "100k-image-opens": "![" * 100_000,
        "link-ends": "](x)" * 100_000,
        "unclosed-titles": '[a](b "' * 100_000,
        "1mb-line": ("word " * 200_000).strip(),
        "1mb-link-destination": "[a](" + "b" * 1_000_000,
        "nested-emphasis": "*" * 50_000 + "x" + "*" * 50_000 + " " + "_**" * 30_000,
        "backslashes": "\\" * 100_001 + "[",
        "deep-quotes": "> " * 50_000 + "quoted",
        "deep-list": "* " * 50_000 + "item",
        "many-lines": "\n".join(f"* [item {i}](/{i})" for i in range(20_000)),
        "angle-brackets": "<" * 100_000 + "a" + ">" * 100_000,
        "pipes": "|" * 100_000 + "\n" + "|---" * 10_000,
        "only-markup": "---\n\n* \n\n![](x)\n",
        "stand-in-characters": "\x01[a\x02](b)\x03\x04 text \x00",
        "private-use": "\U000f002a text \\* more",
        "entities": "&amp;" * 100_000,
        "fence-never-closed": "```\n" + "code line\n" * 10_000,
        "crlf": "# Title\r\n\r\nA paragraph\r\nwrapped.\r\n",
    }


@pytest.mark.parametrize("name", sorted(_hostile()))
def test_markdown_hostile_input_never_raises_and_stays_fast(name):
    text = _hostile()[name]
    start = time.perf_counter()
    art = _parse(text)
    elapsed = time.perf_counter() - start
    assert isinstance(art, copydesk.Article)
    art.to_json()
    assert "E901" not in [e.code for e in art.errors]
    assert elapsed < 10, f"{name}: {elapsed:.1f} s"  # linear in the input: a few seconds at most for a megabyte
    _accounted(art, text)


MD_LINES = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "",
            "# Heading",
            "## Sub heading ##",
            "Title",
            "=====",
            "-----",
            "* [Home](/)",
            "  * [News](/news)",
            "*",
            "  *   * x",
            "- item",
            "1. first",
            "![alt text of a picture](x.png)",
            "![](x.png)",
            "[](https://example.org)",
            "---",
            "* * *",
            "> a quotation",
            ">",
            "> > nested",
            "```",
            "~~~",
            "    indented code",
            "| a | b |",
            "|---|---|",
            "a | b",
            "Text with **bold**, _em_ and a [link](https://example.org/a).",
            "[ref]: https://example.org/r",
            "[unclosed",
            "closing](/x)",
            "\u200d",
            "Title: A page",
            "URL Source: https://example.org",
            "Markdown Content:",
            "&amp; &#169;",
            "Photo: Jane Smith/AP",
            "The council voted on Tuesday to approve the budget after a long debate into the night.",
        ]
    ),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MD_LINES, max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_markdown_every_input_line_in_exactly_one_block_or_removed(lines, newline):
    text = newline.join(lines)
    art = _parse(text)
    if art.errors and art.errors[0].code == "E104":  # nothing but whitespace: nothing to account
        assert not art.blocks and not art.removed and not text.strip()
        return
    _accounted(art, text)


def test_markdown_output_is_deterministic():
    text = (MD / "wcxb-4500.md").read_text(encoding="utf-8")
    assert _parse(text).to_json() == _parse(text).to_json()
