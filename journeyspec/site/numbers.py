"""Numbers as people read them on a page: ``41.3%``, ``4m 12s``, ``12,408``, ``€1,204``."""

from __future__ import annotations

from datetime import datetime, timezone

from journeyspec.units import (
    format_count,
    format_duration,
    format_measured,
    format_percent,
    format_points,
    format_score,
)

_CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


# The figures every report writes, written the same way on the pages.
count = format_count
percent = format_percent
points = format_points
duration = format_duration
score = format_score
measured = format_measured


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
