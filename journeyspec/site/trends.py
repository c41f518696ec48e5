"""Trend charts for a journey's page: each expectation's value per period (``by_period``) or per kept run (``history``).

A page shows them when the site is built with ``by_period`` (each calendar
week or month of the data checked) or ``history`` (the runs ``journeyspec
check --history DIR`` kept; these win when both are given, as they span
longer than one data set). Each chart is a static SVG drawn by
:mod:`journeyspec.render.trend_chart` into the images folder, next to the
observed overlay, and the page links it like any picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journeyspec.check.history import Run
from journeyspec.check.result import ExpectationResult, JourneyResult
from journeyspec.check.trend import series
from journeyspec.files import write_text
from journeyspec.ir import Journey
from journeyspec.render.trend_chart import Point, trend_svg
from journeyspec.units import format_measured


@dataclass(frozen=True)
class TrendChart:
    """One expectation's chart: its line in the map, its text, what the points are, and the SVG file."""

    line: int | None
    text: str
    over: str
    svg: Path


def _point(label: str, e: ExpectationResult | None) -> Point:
    if e is None:
        return Point(label, None)
    low, high = (e.interval.low, e.interval.high) if e.interval is not None else (None, None)
    return Point(label, e.value, low, high, e.status)


def _draw(text: str, sample: ExpectationResult, points: list[Point], path: Path) -> Path:
    def shown(value: float) -> str:
        return format_measured(value, sample.unit)

    bar = f"{sample.comparator} {format_measured(sample.threshold, sample.unit)}"
    return write_text(path, trend_svg(text, points, sample.threshold, bar, shown))


def _usable(points: list[Point]) -> bool:
    return sum(p.value is not None for p in points) >= 1 and len(points) >= 2


def period_charts(journey: Journey, result: JourneyResult, folder: Path) -> tuple[TrendChart, ...]:
    """A chart per expectation, one point per period of ``result`` (none with fewer than two periods)."""
    charts = []
    for index, expectation in enumerate(result.expectations):
        judged = [(p.label, p.expectations[index]) for p in result.periods]
        points = [_point(label, e) for label, e in judged]
        if expectation.status == "skipped" and all(e.value is None for _, e in judged) or not _usable(points):
            continue
        path = folder / f"{journey.id}-trend-{expectation.line or index}.svg"
        charts.append(TrendChart(expectation.line, expectation.text, result.periods[0].period,
                                 _draw(expectation.text, expectation, points, path)))
    return tuple(charts)


def history_charts(journey: Journey, runs: list[Run], folder: Path) -> tuple[TrendChart, ...]:
    """A chart per expectation of ``journey``, one point per kept run that checked it."""
    charts = []
    for item in series([journey], runs):
        points = [_point(f"{p.recorded:%m-%d}", p.result) for p in item.points]
        sample = next((p.result for p in reversed(item.points) if p.result is not None), None)
        if sample is None or not _usable(points):
            continue
        path = folder / f"{journey.id}-trend-{item.line or 0}.svg"
        charts.append(TrendChart(item.line, item.text, "run", _draw(item.text, sample, points, path)))
    return tuple(charts)


__all__ = ["TrendChart", "history_charts", "period_charts"]
