"""Numbers as people read them on a page: ``41.3%``, ``4m 12s``, ``12,408``, ``€1,204``."""

from __future__ import annotations

from datetime import datetime, timezone

from journeyspec.units import format_count, format_duration, format_percent, format_score

_CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


count = format_count
percent = format_percent


def points(fraction: float) -> str:
    """An absolute change of a share: ``-0.05`` -> ``-5.0 pp``."""
    return f"{fraction * 100:+.1f} pp"


duration = format_duration
score = format_score


def measured(value: float, unit: str) -> str:
    """An observed value in the unit of its expectation's threshold."""
    if unit == "fraction":
        return percent(value)
    if unit == "count":
        return count(value)
    if unit == "seconds":
        return duration(value)
    if unit == "score":
        return score(value)
    if unit == "relative":
        return percent(value, signed=True)
    if unit == "points":
        return points(value)
    return f"{value:g}"


def money(amount: float, currency: str | None) -> str:
    """``1204.4, "EUR"`` -> ``€1,204``; an unknown currency is written after the amount."""
    whole = f"{round(amount):,}"
    if currency is None:
        return whole
    symbol = _CURRENCY_SYMBOLS.get(currency.upper())
    return f"{symbol}{whole}" if symbol else f"{whole} {currency}"


def timestamp(moment: datetime) -> str:
    """``2026-11-01 14:03 UTC``; a naive time is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
