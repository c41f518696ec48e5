"""Numbers as people read them on a page: ``41.3%``, ``4m 12s``, ``12,408``, ``€1,204``."""

from __future__ import annotations

from datetime import datetime, timezone

_CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


def count(value: float) -> str:
    """``12408`` -> ``12,408``."""
    return f"{round(value):,}"


def percent(fraction: float, *, signed: bool = False) -> str:
    """``0.4127`` -> ``41.3%`` (one decimal; ``signed`` adds ``+`` to gains)."""
    return f"{fraction * 100:{'+' if signed else ''}.1f}%"


def points(fraction: float) -> str:
    """An absolute change of a share: ``-0.05`` -> ``-5.0 pp``."""
    return f"{fraction * 100:+.1f} pp"


def duration(seconds: float) -> str:
    """``252`` -> ``4m 12s``; ``0.8`` -> ``0.8s``; ``93784`` -> ``1d 2h``."""
    if seconds < 0:
        return "-" + duration(-seconds)
    if seconds < 10:
        return f"{seconds:.1f}s".replace(".0s", "s")
    whole = round(seconds)
    days, rest = divmod(whole, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s" if secs else f"{minutes}m"
    return f"{secs}s"


def score(value: float) -> str:
    """An emotion on the -3..+3 scale: ``1.24`` -> ``+1.2``."""
    return f"{value:+.1f}"


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
