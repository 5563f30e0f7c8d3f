"""Chart geometry for the overview page, drawn by the templates as inline SVG: no script, nothing fetched.

Pure functions from (label, value) pairs to rectangles in a fixed viewBox. The time axis is real time: one slot
per calendar month (or year, over a long span) from the first dated article to the last, empty months drawn as
gaps; undated articles are counted apart, never as a slot on the axis; mentions get their own chart and scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 180
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_TOP = 44, 8, 22, 10
MAX_MONTHS = 120  # a longer span is drawn a year a slot, so no bar is thinner than about five pixels
LABEL_HALF_WIDTH = 22  # half a "2026-01" axis label at the charts' 11px
MONTH = re.compile(r"(\d{4})-(\d{2})$")


@dataclass(slots=True)
class Bar:
    """One bar: its rectangle, its label and value (for the axis and the tooltip)."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    short: str = ""  # the label as printed on the axis or beside a bar, cut to fit; the tooltip keeps it whole
    anchor: str = "middle"  # how its axis label hangs from the bar's centre: "end" at the right edge, to stay inside


@dataclass(slots=True)
class Tick:
    """A value printed on the vertical axis at height `y`."""

    y: float
    value: int


@dataclass(slots=True)
class Chart:
    """A chart's bars, the axis maximum and its ticks, and which bars' labels to print under the axis."""

    bars: list[Bar]
    top: int = 0
    width: int = WIDTH
    height: int = HEIGHT
    shown_labels: set[int] = field(default_factory=set)
    ticks: list[Tick] = field(default_factory=list)
    axis_y: float = 0.0  # where the horizontal axis runs


@dataclass(slots=True)
class Timeline:
    """Articles and mentions over time, each on its own chart with its own scale, and the undated counted apart."""

    articles: Chart
    mentions: Chart
    unit: str = "month"  # or "year"
    undated_articles: int = 0
    undated_mentions: int = 0


def month_number(period: str | None) -> int | None:
    """'2018-04' as a count of months (year * 12 + month - 1); None when the period is not a month."""
    found = MONTH.match(period or "")
    if not found or not 1 <= int(found[2]) <= 12:
        return None
    return int(found[1]) * 12 + int(found[2]) - 1


def month_label(number: int) -> str:
    """The inverse of `month_number`: 24219 -> '2018-04'."""
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def time_slots(periods: list[tuple[str | None, int, int]]) -> tuple[list[tuple[str, int, int]], str, int, int]:
    """Calendar slots from the first dated month to the last, gaps filled with zeros: (label, articles, mentions)
    each, the unit ("month" or "year"), and the articles and mentions of undated (or unreadable) periods."""
    dated: dict[int, tuple[int, int]] = {}
    undated_articles = undated_mentions = 0
    for period, articles, mentions in periods:
        number = month_number(period)
        if number is None:
            undated_articles, undated_mentions = undated_articles + articles, undated_mentions + mentions
        else:
            a, m = dated.get(number, (0, 0))
            dated[number] = (a + articles, m + mentions)
    if not dated:
        return [], "month", undated_articles, undated_mentions
    first, last = min(dated), max(dated)
    if last - first < MAX_MONTHS:
        slots = [(month_label(n), *dated.get(n, (0, 0))) for n in range(first, last + 1)]
        return slots, "month", undated_articles, undated_mentions
    years: dict[int, tuple[int, int]] = {}
    for number, (a, m) in dated.items():
        ya, ym = years.get(number // 12, (0, 0))
        years[number // 12] = (ya + a, ym + m)
    slots = [(f"{y:04d}", *years.get(y, (0, 0))) for y in range(first // 12, last // 12 + 1)]
    return slots, "year", undated_articles, undated_mentions


def axis_labels(labels: list[str], unit: str, most: int = 8) -> set[int]:
    """Which slots to label under the axis: at most `most`, on calendar steps (every 1, 2, 3, 6 or 12 months;
    every 1, 2, 5, 10... years), so a label falls on January, April... rather than wherever the count lands."""
    steps = [1, 2, 3, 6, 12, 24, 60, 120] if unit == "month" else [1, 2, 5, 10, 20, 50, 100]
    step = next((s for s in steps if len(labels) / s <= most), steps[-1])

    def calendar(label: str) -> int:
        return (month_number(label) or 0) if unit == "month" else int(label)

    return {n for n, label in enumerate(labels) if calendar(label) % step == 0} or {0}


def columns(values: list[tuple[str, int]], height: int = HEIGHT, shown: set[int] | None = None) -> Chart:
    """Vertical bars for `values` (e.g. articles per month), one evenly spaced slot each, on a scale from 0 to
    the largest value, with ticks at 0, half and the top. `shown`: the slots to label (all when None)."""
    top = max((v for _, v in values), default=0) or 1
    plot_w, plot_h = WIDTH - MARGIN_LEFT - MARGIN_RIGHT, height - MARGIN_BOTTOM - MARGIN_TOP
    base = MARGIN_TOP + plot_h
    step = plot_w / max(1, len(values))
    bars = []
    for n, (label, value) in enumerate(values):
        h = plot_h * value / top
        x = MARGIN_LEFT + n * step + step * 0.1
        anchor = "end" if x + step * 0.4 + LABEL_HALF_WIDTH > WIDTH else "middle"
        bar = Bar(round(x, 1), round(base - h, 1), round(step * 0.8, 1), round(h, 1), label, value, label, anchor)
        bars.append(bar)
    ticks = [Tick(round(base - plot_h * v / top, 1), v) for v in sorted({0, top // 2, top})]
    labels = set(range(len(values))) if shown is None else shown
    return Chart(bars, top, height=height, shown_labels=labels, ticks=ticks, axis_y=base)


def timeline(periods: list[tuple[str | None, int, int]]) -> Timeline:
    """The overview's time charts from (period, articles, mentions) rows as the store counts them by month."""
    slots, unit, undated_articles, undated_mentions = time_slots(periods)
    shown = axis_labels([label for label, _, _ in slots], unit)
    return Timeline(
        articles=columns([(label, a) for label, a, _ in slots], shown=shown),
        mentions=columns([(label, m) for label, _, m in slots], height=120, shown=shown),
        unit=unit,
        undated_articles=undated_articles,
        undated_mentions=undated_mentions,
    )


def rows(values: list[tuple[str, int]], row_height: int = 22, label_width: int = 200, label_chars: int = 22) -> Chart:
    """Horizontal bars, one row each (e.g. most-quoted speakers), longest first as given."""
    top = max((v for _, v in values), default=0) or 1
    plot_w = WIDTH - label_width - 40
    cut = lambda label: label if len(label) <= label_chars else label[: label_chars - 1] + "…"  # noqa: E731
    bars = [
        Bar(label_width, n * row_height + 2, round(plot_w * v / top, 1), row_height - 6, label, v, cut(label))
        for n, (label, v) in enumerate(values)
    ]
    return Chart(bars, top=top, height=max(row_height, len(values) * row_height), shown_labels=set(range(len(values))))
