"""Numbers as people read them: ``41.3%``, ``4m 12s``, ``12,408``, ``€1,204``."""

from __future__ import annotations

from journeyspec.check.result import Decision, ExpectationResult, ImpactItem, Interval, JourneyResult, RowTotals
from journeyspec.ir.plain import measured_words, sentence
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


def share_interval_text(value: float | None, interval: Interval | None) -> str:
    """``45.1% (43.6–46.6%)``: a share with its interval; ``–`` without a value."""
    if value is None:
        return "–"
    return percent(value) + (f" ({interval_text(interval)})" if interval is not None else "")


def lost_text(item: ImpactItem) -> str:
    """Successes lost with the ends of their 95% interval: ``502.8 (470.1–535.9)``; ``–`` with too few paths."""
    if item.lost_successes is None:
        return "–"
    return f"{item.lost_successes:,.1f} ({item.lost_successes_low:,.1f}–{item.lost_successes_high:,.1f})"


def value_lost_text(item: ImpactItem) -> str:
    """Value lost with the ends of its 95% interval: ``42,739 EUR (39,963–45,551)``."""
    if item.value_lost is None:
        return "–"
    return f"{money(item.value_lost, item.currency)} ({item.value_lost_low:,.0f}–{item.value_lost_high:,.0f})"


def basis_text(item: ImpactItem) -> str:
    """Why a gap carries no figure: ``too few (2 paths)``, the fewer of the paths its rates rest on."""
    paths = item.reference_paths if item.kind == "dropoff" else min(item.sessions, item.reference_paths)
    return f"too few ({paths:,} path{'s' if paths != 1 else ''})"


def value_text(expectation: ExpectationResult) -> str:
    """An expectation's observed value in its own unit."""
    return format_measured(expectation.value, expectation.unit)


def plain_text(expectation: ExpectationResult) -> str | None:
    """The expectation and its measure in words: ``At least 30% of … — measured 27.0%, likely between 25.1% and 29.0%``."""
    if expectation.plain is None:
        return None
    interval = expectation.interval
    measured = measured_words(expectation.value, expectation.unit, (interval.low, interval.high) if interval else None,
                              level=interval.confidence if interval else 0.95)
    return sentence(expectation.plain) + " — " + measured


def interval_text(interval: Interval | None) -> str:
    """``35.1–47.9%``, with ``(90%)`` after it when the level is not the default 95%."""
    if interval is None:
        return ""
    level = "" if interval.confidence == 0.95 else f" ({decimal_text(round(100 * interval.confidence, 4))}%)"
    return f"{100 * interval.low:.1f}–{percent(interval.high)}{level}"


_SET_BY = {"default": "the default", "journey": "set by the journey", "expectation": "set by the expectation"}


def decision_text(decision: Decision) -> str:
    """What decided, in a table cell: ``interval`` (its level is in the interval's cell), ``point estimate``, ``value``."""
    if decision.rule == "interval":
        return "interval"
    return "value" if decision.set_by == "metric" else "point estimate"


def decision_sentence(decision: Decision, kind: str) -> str:
    """What decided and why, in words: ``decided by the 95% interval (the default)``."""
    if decision.set_by == "metric":
        return f"decided by the observed value ({kind.replace('_', ' ')} has no interval)"
    level = decimal_text(round(100 * (decision.confidence or 0), 4))
    rule = "the point estimate alone" if decision.rule == "point_estimate" else f"the {level}% interval"
    return f"decided by {rule} ({_SET_BY[decision.set_by]})"


# What an expectation's value is taken over, when it is not paths (spec/metrics.md, "Metrics").
_POPULATIONS = {"unexpected_transitions": "transition", "emotion": "score"}


def population_text(expectation: ExpectationResult) -> str:
    """The population in a table cell: ``n=882``, ``13,049 transitions``, ``357 scores``."""
    if expectation.kind in _POPULATIONS:
        return population_words(expectation)
    return f"n={expectation.population:,}"


def population_words(expectation: ExpectationResult) -> str:
    """The population in words: ``882 paths``, ``22 transitions``, ``1 score``."""
    noun = _POPULATIONS.get(expectation.kind, "path")
    return f"{expectation.population:,} {noun}{'' if expectation.population == 1 else 's'}"


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


__all__ = ["basis_text", "count", "decision_sentence", "decision_text", "duration", "interval_text", "lost_text",
           "money", "percent", "points", "population_text", "population_words", "rows_text", "score", "share_interval_text",
           "signed_percent", "value_lost_text", "value_text"]
__all__ = ["count", "duration", "interval_text", "money", "no_clock_order", "percent", "points", "population_text", "rows_text",
           "score", "signed_percent", "value_text"]
