"""Numbers as people read them: ``41.3%``, ``4m 12s``, ``12,408``, ``€1,204``."""

from __future__ import annotations

from journeyspec.check.result import ExpectationResult, Interval, JourneyResult, RowTotals
from journeyspec.ir.text import decimal_text
from journeyspec.units import (
    format_count,
    format_duration,
    format_measured,
    format_percent,
    format_points,
    format_score,
)

percent = format_percent
points = format_points
count = format_count
duration = format_duration
score = format_score


def signed_percent(fraction: float | None) -> str:
    """``-0.2`` -> ``-20.0%``."""
    return format_percent(fraction, signed=True)


def money(amount: float | None, currency: str | None) -> str:
    """``1204.5, "EUR"`` -> ``1,205 EUR``."""
    if amount is None:
        return "–"
    return f"{amount:,.0f} {currency}" if currency else f"{amount:,.0f}"


def value_text(expectation: ExpectationResult) -> str:
    """An expectation's observed value in its own unit."""
    return format_measured(expectation.value, expectation.unit)


def interval_text(interval: Interval | None) -> str:
    """``35.1–47.9%``, with ``(90%)`` after it when the level is not the default 95%."""
    if interval is None:
        return ""
    level = "" if interval.confidence == 0.95 else f" ({decimal_text(round(100 * interval.confidence, 4))}%)"
    return f"{100 * interval.low:.1f}–{percent(interval.high)}{level}"


def population_text(expectation: ExpectationResult) -> str:
    if expectation.kind == "unexpected_transitions":
        return f"{expectation.population:,} transitions"
    if expectation.kind == "emotion":
        return f"{expectation.population:,} scores"
    return f"n={expectation.population:,}"


def no_clock_order(journey: JourneyResult) -> str | None:
    """The order column of a journey checked against a source without a clock, else None."""
    read = journey.time_read
    return read.order if read is not None and not read.clock else None


def rows_text(totals: RowTotals, scope: str = "session", order: str | None = None) -> str:
    """``22 rows read: 2 skipped (no session 1, no time 1), 2 ignored, 9 on steps, 5 friction, 4 off-map``.

    ``order``: the order column of a source without a clock, whose rows are skipped for want of its value.
    """
    key = "user" if scope == "user" else "session"
    place = f"no `{order}`" if order else "no time"
    return (f"{count(totals.rows)} row{'s' if totals.rows != 1 else ''} read: {count(totals.skipped)} skipped "
            f"(no {key} {count(totals.skipped_null_session)}, {place} {count(totals.skipped_null_time)}), "
            f"{count(totals.ignored)} ignored, {count(totals.step_events)} on steps, {count(totals.friction)} friction, "
            f"{count(totals.off_map)} off-map")


__all__ = ["count", "duration", "interval_text", "money", "no_clock_order", "percent", "points", "population_text", "rows_text",
           "score", "signed_percent", "value_text"]
