"""A record's stated fields in their normal forms: dates, names, language codes; the wrong type is no value."""

from __future__ import annotations

import pytest

from copydesk.sources.records import author_names, capture_of, iso_day, language_code, standfirst


@pytest.mark.parametrize(
    "value, day",
    [
        ("2017-06-28 10:00:00", "2017-06-28"),  # news-please's date_publish
        ("2017-06-28T23:30:00-05:00", "2017-06-28"),  # the day as written, in the writer's time zone
        ("2017-06-28T10:00:00Z", "2017-06-28"),
        ("2017/6/8", "2017-06-08"),
        ("20170628", "2017-06-28"),
        ("Wed, 28 Jun 2017 10:00:00 GMT", "2017-06-28"),  # RSS
        ("June 28, 2017", "2017-06-28"),
        ("3. Mai 2024", "2024-05-03"),
        ("2017-02-30", None),
        ("0000-00-00", None),
        ("yesterday", None),
        ("", None),
        (20170628, None),
        (None, None),
        (["2017-06-28"], None),
    ],
)
def test_records_iso_day(value, day):
    assert iso_day(value) == day


@pytest.mark.parametrize(
    "value, names",
    [
        (["Jane Doe", "John Roe"], ["Jane Doe", "John Roe"]),
        (["Jane  Doe ", 7, None, {"name": "X"}, "jane doe", ""], ["Jane Doe"]),  # spaces, wrong types, repeats, blanks
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe; John Roe | Ann Lee, Bo Yu & Cy Oh", ["Jane Doe", "John Roe", "Ann Lee", "Bo Yu", "Cy Oh"]),
        ("Alexandra Anderson", ["Alexandra Anderson"]),  # "and" only as a word
        (["x" * 201], []),  # not a name
        ({"name": "Jane Doe"}, []),
        (42, []),
    ],
)
def test_records_author_names(value, names):
    assert author_names(value) == names


@pytest.mark.parametrize(
    "value, code",
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-US", "en"),
        ("pt_BR", "pt"),
        ("zh-Hant-TW", "zh"),
        ("deu", None),
        ("unknown", None),
        ("", None),
        (1, None),
        (["en"], None),
    ],
)
def test_records_language_code(value, code):
    assert language_code(value) == code


def test_records_standfirst_is_one_line_or_none():
    assert standfirst(" A  dek\nover two lines. ") == "A dek over two lines."
    assert standfirst("   ") is None and standfirst({"text": "x"}) is None


def test_records_metadata_and_top_level_fields():
    cap = capture_of(
        {
            "content": "Body.",
            "metadata": {"url": "u", "date": "2020-01-01T00:00:00Z", "language": "fr"},
            "timestamp": "2019-04-25T12:57:54Z",
        },
        "f:1",
    )
    # RefinedWeb's `content` is the body; the record's own crawl time goes before its metadata's
    assert (cap.data, cap.kind, cap.url, cap.fetched_at, cap.language) == (
        "Body.",
        "jsonl",
        "u",
        "2019-04-25T12:57:54Z",
        "fr",
    )
    blank = capture_of({"text": "  ", "maintext": "News-please body.", "title": "", "url": ""}, "f:2")
    assert (blank.data, blank.title, blank.url) == ("News-please body.", "", "")
    assert capture_of({"published": "2020-05-01", "date": "2020-01-01", "text": "x"}, "f:3").published == "2020-05-01"
