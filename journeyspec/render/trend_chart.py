"""A trend chart: one expectation's observed value per period or run, its interval band and its threshold.

A small static SVG drawn here (no script, no charting service), so a page
reader sees at a glance whether a journey is getting better: the value as a
line of dots coloured by verdict, the 95% interval as a shaded band, and the
threshold as a dashed line labelled with the bar the map sets. The y axis
spans the values, the intervals and the threshold, padded a little, so the
threshold is always in view. Points without a value (a period where the
expectation had nothing to judge) leave a gap in the line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import drawsvg as draw

from journeyspec.render import palette
from journeyspec.render.board import MARKS
from journeyspec.render.text import clean

WIDTH, HEIGHT = 420, 190
_LEFT, _RIGHT, _TOP, _BOTTOM = 58, 14, 34, 40
BAND = "#c7d2fe"
LINE = "#4338ca"


@dataclass(frozen=True)
class Point:
    """One period's (or run's) value: its label, value, interval and verdict."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    status: str | None = None


def _axis(points: Sequence[Point], threshold: float) -> tuple[float, float]:
    values = [threshold] + [v for p in points for v in (p.value, p.low, p.high) if v is not None]
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or abs(high) * 0.1 or 1.0
    return low - pad, high + pad


def trend_svg(title: str, points: Sequence[Point], threshold: float, threshold_text: str,
              shown: Callable[[float], str]) -> str:
    """The chart as SVG text.

    Args:
        title: What is charted (the expectation's text).
        points: In time order.
        threshold: The expectation's threshold, in the values' unit.
        threshold_text: How the bar reads (``<= 35.0%``).
        shown: How a value reads (``41.3%``, ``4m 12s``).
    """
    low, high = _axis(points, threshold)
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM

    def x(index: int) -> float:
        return _LEFT + (plot_w * (index + 0.5) / len(points) if points else 0)

    def y(value: float) -> float:
        return _TOP + plot_h * (high - value) / (high - low)

    drawing = draw.Drawing(WIDTH, HEIGHT, font_family=palette.FONT_FAMILY)
    drawing.append(draw.Rectangle(0, 0, WIDTH, HEIGHT, fill=palette.PAPER))
    drawing.append(draw.Title(clean(f"{title}: {', '.join(f'{p.label} {shown(p.value)}' for p in points if p.value is not None)}")))
    heading = clean(title)
    drawing.append(draw.Text(heading if len(heading) <= 60 else heading[:59] + "…", 12, 8, 16, font_weight="bold",
                             fill=palette.INK))
    drawing.append(draw.Rectangle(_LEFT, _TOP, plot_w, plot_h, fill=palette.PANEL, stroke=palette.RULE))
    for value in (low + (high - low) * k / 4 for k in range(1, 4)):
        drawing.append(draw.Line(_LEFT, y(value), _LEFT + plot_w, y(value), stroke=palette.RULE, stroke_width=0.5))
        drawing.append(draw.Text(clean(shown(value)), 10, _LEFT - 4, y(value) + 3, text_anchor="end",
                                 fill=palette.MUTED))
    # The interval band: a polygon through each run of consecutive points that have an interval.
    runs: list[list[int]] = [[]]
    for index, point in enumerate(points):
        if point.low is not None and point.high is not None:
            runs[-1].append(index)
        elif runs[-1]:
            runs.append([])
    for run in (r for r in runs if r):
        if len(run) == 1:
            i = run[0]
            drawing.append(draw.Rectangle(x(i) - 5, y(points[i].high), 10, y(points[i].low) - y(points[i].high),
                                          fill=BAND, fill_opacity=0.8))
            continue
        upper = [(x(i), y(points[i].high)) for i in run]
        lower = [(x(i), y(points[i].low)) for i in reversed(run)]
        drawing.append(draw.Lines(*[c for xy in upper + lower for c in xy], close=True, fill=BAND, fill_opacity=0.8,
                                  stroke="none"))
    drawing.append(draw.Line(_LEFT, y(threshold), _LEFT + plot_w, y(threshold), stroke=palette.UNEXPECTED,
                             stroke_width=1.2, stroke_dasharray="5,3"))
    drawing.append(draw.Text(clean(threshold_text), 10, _LEFT + plot_w - 2, y(threshold) - 4, text_anchor="end",
                             fill=palette.UNEXPECTED))
    segment: list[float] = []
    for index, point in enumerate(points):
        if point.value is None:
            if len(segment) >= 4:
                drawing.append(draw.Lines(*segment, fill="none", stroke=LINE, stroke_width=1.5))
            segment = []
            continue
        segment += [x(index), y(point.value)]
    if len(segment) >= 4:
        drawing.append(draw.Lines(*segment, fill="none", stroke=LINE, stroke_width=1.5))
    for index, point in enumerate(points):
        if point.value is not None:
            colour = MARKS.get(point.status or "", (LINE, ""))[0]
            drawing.append(draw.Circle(x(index), y(point.value), 3.5, fill=colour, stroke=palette.PAPER))
        drawing.append(draw.Text(clean(point.label), 10, x(index), HEIGHT - _BOTTOM + 14, text_anchor="middle",
                                 fill=palette.MUTED))
    return drawing.as_svg()


__all__ = ["Point", "trend_svg"]
