"""Publication dates in whole-page text captures (lines and pages of fundus-other; see tests/fixtures/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

import copydesk
from copydesk.structure.dates import find_date, is_date_line

TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "text"


@pytest.mark.parametrize(
    "line, want",
    [
        ("Zuerst veröffentlicht am 06/01/2026 - 14:02 MEZ", "2026-01-06"),  # Euronews: day first
        ("02/02/2025 KL. 09:00", "2025-02-02"),  # Jyllands-Posten
        ("Veröffentlicht am 27.04.24 um 07:39 Uhr", "2024-04-27"),  # Hessenschau: a two-digit year
    ],
)
def test_date_lines_of_text_captures(line, want):
    assert is_date_line(line, short_year=True)
    assert find_date(line, short_year=True) == want


def test_a_two_digit_year_is_read_only_in_a_date_line():
    """In running text "3.5.24" may be a score or a version: find_date reads it only when asked."""
    assert find_date("Audio 03:07 Min. | 25.04.24 | Roman Warschauer") is None
    assert find_date("Version 1.2.3 ist erschienen") is None


@pytest.mark.parametrize(
    "page, want",
    [
        # The date line sits above the headline, or beside the breadcrumb, not under the byline.
        ("de-BoersenZeitung-2024_12_16", "2024-12-16"),
        ("isl-Morgunbladid-2025_04_16", "2025-02-11"),
        ("vn-VnExpress-2025_10_22", "2025-10-22"),
    ],
)
def test_the_date_line_nearest_the_headline_dates_the_article(page, want):
    capture = (TEXT / f"fundus-{page}.txt").read_text(encoding="utf-8")
    assert copydesk.parse(capture, kind="text", nlp=False).published == want
