"""Chart geometry for the overview page, drawn by the templates as inline SVG: no script, nothing fetched.

Pure functions from (label, value) pairs to rectangles and points in a fixed viewBox.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 180
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 36, 22, 10


@dataclass(slots=True)
class Bar:
    """One bar: its rectangle, its label and value (for the axis and the tooltip)."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    short: str = ""  # the label as printed beside a bar, cut to fit; the tooltip keeps it whole


@dataclass(slots=True)
class Chart:
    """A chart's bars, an optional line over them, the axis maximum, and which labels to print."""

    bars: list[Bar]
    line: str = ""  # SVG polyline points, "x,y x,y ..."
    top: int = 0
    line_top: int = 0
    width: int = WIDTH
    height: int = HEIGHT
    shown_labels: set[int] = field(default_factory=set)


def columns(values: list[tuple[str, int]], line: list[int] | None = None) -> Chart:
    """Vertical bars for `values` (e.g. articles per month) and, when given, a line on its own scale (mentions)."""
    top = max((v for _, v in values), default=0) or 1
    plot_w, plot_h = WIDTH - MARGIN_LEFT - 8, HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = plot_w / max(1, len(values))
    bars = []
    for n, (label, value) in enumerate(values):
        h = plot_h * value / top
        bars.append(
            Bar(
                round(MARGIN_LEFT + n * step + step * 0.1, 1),
                round(MARGIN_TOP + plot_h - h, 1),
                round(step * 0.8, 1),
                round(h, 1),
                label,
                value,
            )
        )
    points, line_top = "", 0
    if line:
        line_top = max(line) or 1
        points = " ".join(
            f"{round(b.x + b.width / 2, 1)},{round(MARGIN_TOP + plot_h - plot_h * v / line_top, 1)}"
            for b, v in zip(bars, line)
        )
    every = max(1, len(values) // 8)  # at most about eight axis labels, whatever the span
    return Chart(bars, points, top, line_top, shown_labels={n for n in range(len(values)) if n % every == 0})


def rows(values: list[tuple[str, int]], row_height: int = 22, label_width: int = 180, label_chars: int = 26) -> Chart:
    """Horizontal bars, one row each (e.g. most-quoted speakers), longest first as given."""
    top = max((v for _, v in values), default=0) or 1
    plot_w = WIDTH - label_width - 40
    cut = lambda label: label if len(label) <= label_chars else label[: label_chars - 1] + "…"  # noqa: E731
    bars = [
        Bar(label_width, n * row_height + 2, round(plot_w * v / top, 1), row_height - 6, label, v, cut(label))
        for n, (label, v) in enumerate(values)
    ]
    return Chart(bars, top=top, height=max(row_height, len(values) * row_height), shown_labels=set(range(len(values))))
