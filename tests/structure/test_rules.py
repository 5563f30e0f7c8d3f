"""The line rules of structure recovery: bylines, datelines, captions and credits, dates, titles, boilerplate cues."""

from __future__ import annotations

import re

import pytest

from copydesk.structure import cues, split_lines
from copydesk.structure.byline import dateline, parse_byline, split_trailing_byline
from copydesk.structure.caption import is_credit_line, split_caption
from copydesk.structure.dates import find_date, is_date_line
from copydesk.structure.title import clean_title


@pytest.mark.parametrize(
    "line, want",
    [
        ("By Julian Ryall", [("Julian Ryall", None)]),
        ("By John Smith and Jane Doe", [("John Smith", None), ("Jane Doe", None)]),
        ("Jane Doe | Reuters", [("Jane Doe", None), ("Reuters", "agency")]),
        ("By Jane Doe, Staff Writer", [("Jane Doe", "Staff Writer")]),
        ("Jane Doe, Staff Writer", [("Jane Doe", "Staff Writer")]),
        ("Reporting by John Smith; Editing by Jane Doe", [("John Smith", None), ("Jane Doe", "editing")]),
        (
            "John Smith and Jane Doe contributed to this report.",
            [("John Smith", "contributor"), ("Jane Doe", "contributor")],
        ),
        ("Von Birgit Baumann", [("Birgit Baumann", None)]),
        ("Por María García", [("María García", None)]),
        (
            "Sergio Martínez-Beltrán | The Texas Newsroom",
            [("Sergio Martínez-Beltrán", None), ("The Texas Newsroom", "outlet")],
        ),
    ],
)
def test_byline_forms(line, want):
    assert [(b.name, b.role) for b in parse_byline(line)] == want


@pytest.mark.parametrize(
    "line",
    [
        "By the way, this is a sentence that starts with by.",
        "Leave a Reply",
        "Home",
        "By",
        "Birgit Baumann Anna Giulia Fink Jan Michael Marchart",
    ],
)
def test_byline_rejects_non_bylines(line):
    assert parse_byline(line) is None


def test_byline_trailing_reports_splits_standfirst():
    dek, bylines = split_trailing_byline("Pyongyang is seeking support from a traditional ally. Julian Ryall reports.")
    assert dek == "Pyongyang is seeking support from a traditional ally."
    assert [b.name for b in bylines] == ["Julian Ryall"]


@pytest.mark.parametrize(
    "para, want",
    [
        ("MOSCOW (Reuters) - Russia said on Tuesday", ("MOSCOW", "Reuters")),
        ("WASHINGTON, March 3 (AP) — The Senate voted", ("WASHINGTON", "AP")),
        ("The Moscow (Reuters) office said", None),
    ],
)
def test_byline_dateline(para, want):
    assert dateline(para) == want


@pytest.mark.parametrize(
    "line, caption, credit",
    [
        (
            "North Korea's Foreign Minister Ri Yong-ho and Russia's Foreign Minister Sergei Lavrov "
            "(picture-alliance/dpa/S. Savostyanov)",
            "North Korea's Foreign Minister Ri Yong-ho and Russia's Foreign Minister Sergei Lavrov",
            "picture-alliance/dpa/S. Savostyanov",
        ),
        (
            "President Biden speaks at the White House on Monday. Photo: AP",
            "President Biden speaks at the White House on Monday",
            "AP",
        ),
        (
            "Firefighters battle a blaze in California. REUTERS/Jane Doe",
            "Firefighters battle a blaze in California.",
            "REUTERS/Jane Doe",
        ),
        ("Protesters gather outside parliament. Getty Images", "Protesters gather outside parliament.", "Getty Images"),
        (
            "Rund 1100 Anhänger folgten dem Aufruf. Foto: Imago/Blaulicht-News.de",
            "Rund 1100 Anhänger folgten dem Aufruf",
            "Imago/Blaulicht-News.de",
        ),
    ],
)
def test_caption_credit_split(line, caption, credit):
    assert split_caption(line) == (caption, credit)


@pytest.mark.parametrize(
    "line",
    [
        "The company (which was founded in 1990) grew fast.",
        "The ruling party won 52% of the vote (up from 48%).",
        "Sales rose in Europe (see APPENDIX)",
        "Short (AP)",
        # A link or an embedded tweet's picture closing a sentence is no credit (FNC-1 bodies 1323 and 8).
        "The service will be separate from the company's $99-a-year Prime membership, the Post reported. "
        "(bit.ly/1BU9mCU)",
        "We’ve officially reached Pumpkin Spice saturation point. pic.twitter.com/Tve77ov5JZ",
    ],
)
def test_caption_ordinary_sentences_are_not_captions(line):
    assert split_caption(line) is None


@pytest.mark.parametrize(
    "line, want",
    [
        ("Imago/Blaulicht-News.de", True),
        ("Foto: dpa", True),
        ("© Reuters", True),
        ("AP Photo/Evan Vucci", True),
        ("Getty Images", True),
        ("Read more", False),
        ("Home", False),
    ],
)
def test_caption_credit_only_lines(line, want):
    assert is_credit_line(line) is want


@pytest.mark.parametrize(
    "line, want, whole",
    [
        ("October 17, 2023 6:01 PM ET", "2023-10-17", True),
        ("3. Mai 2024, 17:47", "2024-05-03", True),
        ("Published 2024-05-03", "2024-05-03", True),
        ("17.10.2023", "2023-10-17", True),
        ("2024年5月3日", "2024-05-03", True),
        ("The war began on 3 May 2024 when troops crossed.", "2024-05-03", False),
        ("Feb 30, 2024", None, False),
    ],
)
def test_dates(line, want, whole):
    assert find_date(line) == want
    assert is_date_line(line) is whole


@pytest.mark.parametrize(
    "line, want",
    [
        ("Plumbers are training as substitute teachers : NPR", "Plumbers are training as substitute teachers"),
        (
            "Nach Kalifat-Rufen in Hamburg: Sind wir zu sanft zu Islamisten? - Panorama - derStandard.at › Panorama",
            "Nach Kalifat-Rufen in Hamburg: Sind wir zu sanft zu Islamisten?",
        ),
        ("Politics - Trump wins the election in a landslide - CNN", "Trump wins the election in a landslide"),
        (
            "Spain probes deaths of thousands of Spaniards in Nazi camps",
            "Spain probes deaths of thousands of Spaniards in Nazi camps",
        ),
    ],
)
def test_title_site_names_are_cleaned(line, want):
    assert clean_title(line) == want


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Leave a Reply", "comments"),
        ("Be the First to Comment!", "comments"),
        ("You must be logged in to post a comment.", "comments"),
        ("Share on Facebook", "share"),
        ("Sign up for our newsletter", "newsletter"),
        ("Accept all cookies", "cookies"),
        ("Skip to main content", "navigation"),
        ("Read more", "related"),
        ("Mehr zum Thema", "related"),
        ("© 2024 Example Media. All rights reserved.", "copyright"),
        ("Advertisement", "advertising"),
        ("Anzeige", "advertising"),
        ("Follow us", "share"),
        ("Follow Jason Sickles on Twitter (@jasonsickles).", "share"),
        (">> Follow Matt Wilstein (@TheMattWilstein) on Twitter", "share"),
    ],
)
def test_cues_name_the_reason(line, reason):
    assert cues.reason_for(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to bake bread at the plant, the company said in a statement on Tuesday, adding that output "
        "would grow by a fifth next year as demand for its products rises across Europe.",
        "Widespread concern",
        "The North wants to make sure that both China and Russia are still on their side",
        "Following his statement he beheads the kneeling man.",
        "Follow the money, he said.",
    ],
)
def test_cues_leave_article_lines_alone(line):
    assert cues.reason_for(line) is None


def _reason_without_buckets(line: str) -> str | None:
    """The reference: every cue pattern tried on the line, reasons in their order of priority."""
    if len(line) > cues.MAX_CUE_CHARS:
        return None
    text = line.strip(" \t|•·-–—:>»«›‹").lower()
    for reason, patterns in cues._CUES.items():
        if any(re.fullmatch(p, text) for p in patterns):
            return reason
    return None


@pytest.mark.parametrize(
    "line",
    [
        "12 Comments",
        "x",
        "© 2024 Die Zeit",
        "(c) BBC",
        "À lire aussi : la suite",
        "a lire aussi",
        "Alle akzeptieren",
        "Zum Inhalt springen",
        "Open Menu",
        "3 replies",
        "Kommentare (4)",
    ],
)
def test_cue_buckets_find_patterns_that_start_with_digits_groups_or_classes(line):
    assert cues.reason_for(line) is not None
    assert cues.reason_for(line) == _reason_without_buckets(line)


def test_cue_buckets_agree_with_trying_every_pattern(data_dir):
    """Lines are tried only against the patterns that can match their first characters: never a different answer."""
    captures = sorted((data_dir / "wcxb-dev-articles" / "text").glob("*.txt"))[::3]
    lines = {t for path in captures for _, t in split_lines(path.read_text(encoding="utf-8")) if len(t) <= 160}
    named = 0
    for line in sorted(lines):
        want = _reason_without_buckets(line)
        assert cues.reason_for(line) == want, line
        named += want is not None
    assert named > 100  # the comparison covered real furniture, not only prose


def test_recover_labelled_credit_after_a_full_stop_is_still_a_caption():
    """Regression: "… Spain. Photo: Andrew Watson / Climate Visuals Countdown." was kept as a paragraph."""
    import copydesk

    lines = [
        "AI is transforming how we address climate change, from optimizing energy systems to predicting extreme "
        "weather.",
        "Photovoltaic power station covering valleys and hillsides in Andalucia, Spain. "
        "Photo: Andrew Watson / Climate Visuals Countdown.",
        "AI can optimize energy use in real-time, helping to reduce waste and improve efficiency across the grid.",
    ]
    art = copydesk.parse("\n".join(lines * 3), nlp=False)
    assert "Andrew Watson / Climate Visuals Countdown" in [m.credit for m in art.media]


def test_a_source_line_under_a_paragraph_makes_no_caption(data_dir):
    """Sportschau ends its report with "Quelle: sid/dpa": the article's source, not a picture's credit."""
    import gzip

    import copydesk

    page = gzip.decompress((data_dir / "fundus-other" / "html" / "de-SportSchau-2024_04_25.html.gz").read_bytes())
    capture = (data_dir / "fundus-other" / "text" / "de-SportSchau-2024_04_25.txt").read_text(encoding="utf-8")
    for article in (copydesk.parse(page, kind="html", nlp=False), copydesk.parse(capture, kind="text", nlp=False)):
        assert not any("sid/dpa" in (m.credit or "") for m in article.media)
