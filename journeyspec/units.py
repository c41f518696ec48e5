"""Durations and numbers, read and written the one way every command, report and page uses.

This is the ground floor of the package: it imports nothing of journeyspec, so
the language (``within 1d``), the data settings (``gap = "30m"``), simulate's
think times and every printed figure share one reading and one writing of a
duration, and cannot drift apart. A mistake is a :class:`DurationError` with
help in the author's words; each caller turns it into its own diagnostic code.
"""

from __future__ import annotations

import re
from typing import Any

UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_DURATION = re.compile(r"(?:\d+[dhms])+")
_DURATION_PART = re.compile(r"(\d+)([dhms])")
DURATION_HELP = "write it like `30m`, `1h`, `45s` or `1d`"
MAX_DURATION = 100 * 36525 * 864  # 100 years of 365.25 days, in seconds
"""The longest duration anything in journeyspec means; longer ones are mistakes, not windows."""
_TOO_LONG_HELP = "a duration is at most 100 years (36525d); check for a repeated or pasted digit"


class DurationError(ValueError):
    """A duration that cannot be read; ``help`` says how to write it."""

    def __init__(self, message: str, help: str | None = None):
        super().__init__(message)
        self.help = help


class DurationTooLong(DurationError):
    """A duration longer than :data:`MAX_DURATION`: it parses, but cannot mean anything."""


def _shown(text: str) -> str:
    return f"`{text}`" if len(text) <= 40 else f"`{text[:12]}…{text[-8:]}` ({len(text):,} characters)"


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def seconds(text: str) -> int:
    """``1h30m`` -> 5400: each unit at most once, largest first (the language's duration literal)."""
    if not _DURATION.fullmatch(text):
        raise DurationError(f"`{text}` is not a duration", help=DURATION_HELP)
    total = 0
    last_rank = -1
    for match in _DURATION_PART.finditer(text):
        digits, unit = match.group(1), match.group(2)
        # Checked before int(): Python refuses to read a whole number of more than 4,300 digits.
        if len(digits.lstrip("0")) > len(str(MAX_DURATION)):
            raise DurationTooLong(f"{_shown(text)} is longer than 100 years", help=_TOO_LONG_HELP)
        amount = int(digits)
        rank = "dhms".index(unit)
        if rank <= last_rank:
            raise DurationError(f"`{text}` repeats or reorders its units",
                                help="write each unit once, largest first, like `1h30m` or `2d12h`")
        last_rank = rank
        total += amount * UNIT_SECONDS[unit]
    if total > MAX_DURATION:
        raise DurationTooLong(f"{_shown(text)} is longer than 100 years", help=_TOO_LONG_HELP)
    return total


def parse_duration(value: Any, setting: str, where: str) -> float:
    """Positive seconds from a setting's value: ``"30m"``, ``"1h30m"``, ``"90"`` (seconds) or a number.

    Args:
        value: What the configuration file or the command line gave.
        setting: The setting's name, for the message (``gap``, ``think_time``).
        where: Where it was given, for the message (``the command line``, a file and table).

    Raises:
        DurationError: naming the setting and the place, with help.
    """
    if isinstance(value, bool):
        raise DurationError(f"`{setting}` in {where} must be a duration such as `30m`, not {value!r}",
                            help=DURATION_HELP)
    if isinstance(value, (int, float)):
        if value <= 0:
            raise DurationError(f"`{setting}` in {where} must be positive, not {value!r}", help=DURATION_HELP)
        if value > MAX_DURATION:
            raise DurationTooLong(f"`{setting}` in {where} is longer than 100 years: {_shown(str(value))}",
                                  help=_TOO_LONG_HELP)
        return float(value)
    text = str(value).strip()
    if text.replace(".", "", 1).isdigit():
        amount = float(text)
    else:
        try:
            amount = float(seconds(text))
        except DurationTooLong as error:
            raise DurationTooLong(f"`{setting}` in {where} is longer than 100 years: {_shown(text)}",
                                  help=error.help) from None
        except DurationError:
            raise DurationError(f"`{setting}` in {where} is not a duration: {text!r}", help=DURATION_HELP) from None
    if amount <= 0:
        raise DurationError(f"`{setting}` in {where} must be positive, not {text!r}", help=DURATION_HELP)
    if amount > MAX_DURATION:
        raise DurationTooLong(f"`{setting}` in {where} is longer than 100 years: {_shown(text)}", help=_TOO_LONG_HELP)
    return amount


# ---------------------------------------------------------------------------
# Writing: every figure a person reads ("–" stands for no value)
# ---------------------------------------------------------------------------

NO_VALUE = "–"


def format_duration(value: float | None) -> str:
    """``252`` -> ``4m 12s``; ``240`` -> ``4m``; ``5400`` -> ``1h 30m``; ``3.25`` -> ``3.2s``; ``93784`` -> ``1d 2h``.

    The reports, the pages and ``journeyspec paths`` all write durations with this one function.
    """
    if value is None:
        return NO_VALUE
    value = float(value)
    if value < 0:
        return "-" + format_duration(-value)
    if value < 60:
        return f"{value:.1f}s" if value < 10 and value != int(value) else f"{value:.0f}s"
    minutes, secs = divmod(int(round(value)), 60)
    if minutes < 60:
        return f"{minutes}m {secs}s" if secs else f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h" if hours else f"{days}d"


def format_percent(fraction: float | None, *, signed: bool = False) -> str:
    """``0.4128`` -> ``41.3%`` (one decimal; ``signed`` adds ``+`` to gains)."""
    if fraction is None:
        return NO_VALUE
    return f"{100 * fraction:{'+' if signed else ''}.1f}%"


def format_share(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage; ``–`` when there is no whole."""
    return format_percent(part / whole) if whole else NO_VALUE


def format_count(value: float | None) -> str:
    """``12408`` -> ``12,408``."""
    return NO_VALUE if value is None else f"{value:,.0f}"


def format_score(value: float | None) -> str:
    """An emotion on the -3..+3 scale: ``1.24`` -> ``+1.2``."""
    return NO_VALUE if value is None else f"{value:+.1f}"


def format_points(fraction: float | None) -> str:
    """An absolute change of a share, as the language writes it: ``-0.05`` -> ``-5.0pp``."""
    return NO_VALUE if fraction is None else f"{100 * fraction:+.1f}pp"


_MEASURED = {
    "fraction": format_percent,
    "relative": lambda value: format_percent(value, signed=True),
    "points": format_points,
    "seconds": format_duration,
    "count": format_count,
    "score": format_score,
}


def format_measured(value: float | None, unit: str) -> str:
    """A measured value in the unit of the threshold it is held against (an expectation's ``unit``)."""
    if value is None:
        return NO_VALUE
    return _MEASURED.get(unit, format_score)(value)


__all__ = ["DURATION_HELP", "NO_VALUE", "UNIT_SECONDS", "DurationError", "format_count", "format_duration",
           "format_measured", "format_percent", "format_points", "format_score", "format_share", "parse_duration",
           "seconds"]
