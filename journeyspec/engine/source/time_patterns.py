"""How times are written: strftime patterns (which directives a ``time_format`` may use, Spark's spelling of
them, the patterns suggested from values), ISO-8601 offsets, and the forms never guessed.

A ``time_format`` is written once, in strftime's language (``%m/%d/%Y %H:%M``),
and read by DuckDB's ``try_strptime`` as it is or by Spark's
``try_to_timestamp`` in Java's pattern language (:func:`spark_pattern`).
:data:`DIRECTIVES` is the one table of what is understood: a directive
outside it is a configuration error before any data is read, and one Spark
cannot parse (the day of the week, the day of the year) says so.

:func:`suggested_patterns` reads a sample value such as ``10/01/2019 23:50``
and proposes the pattern(s) that would read it, so that an error can say
what to write instead; :func:`is_aware` tells a time with an offset from one
without, :func:`not_iso` a form that must never be read without a format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journeyspec.engine.errors import data_error

DIRECTIVES: dict[str, tuple[str, str | None]] = {
    # directive: (what it reads, Spark's pattern for it or None when Spark cannot parse it)
    "%Y": ("the year with century, 2019", "yyyy"),
    "%y": ("the year without century, 19", "yy"),
    "%m": ("the month, 1 to 12", "M"),
    "%-m": ("the month, 1 to 12", "M"),
    "%d": ("the day of the month", "d"),
    "%-d": ("the day of the month", "d"),
    "%b": ("the abbreviated month name, Oct", "MMM"),
    "%B": ("the month name, October", "MMMM"),
    "%H": ("the hour, 0 to 23", "H"),
    "%-H": ("the hour, 0 to 23", "H"),
    "%I": ("the hour, 1 to 12 (with %p)", "h"),
    "%-I": ("the hour, 1 to 12 (with %p)", "h"),
    "%p": ("AM or PM", "a"),
    "%M": ("the minute", "m"),
    "%-M": ("the minute", "m"),
    "%S": ("the second", "s"),
    "%-S": ("the second", "s"),
    "%f": ("the microseconds, up to 6 digits", "SSSSSS"),
    "%g": ("the milliseconds, 3 digits", "SSS"),
    "%z": ("the offset from UTC, +02:00 or +0200", "[XXX][XX]"),
    "%Z": ("the time zone's name, UTC or Europe/Berlin", "z"),
    "%a": ("the abbreviated weekday name, Tue", None),
    "%A": ("the weekday name, Tuesday", None),
    "%j": ("the day of the year, 1 to 366", None),
    "%%": ("a percent sign", "%"),
}
"""The strftime directives a ``time_format`` may use (DuckDB's ``strptime`` reads each)."""

ZONE_DIRECTIVES = ("%z", "%Z")
ISO = "ISO-8601"
"""The one form text times are read in without a ``time_format``."""
AWARE = r"\d:\d\d(:\d\d([.,]\d+)?)?([zZ]| ?[uU][tT][cC]|[+-]\d\d(:?\d\d){0,2})$"
"""A time that carries its own offset: ``…10:00Z``, ``…10:00 UTC``, ``…10:00+02``, ``+0200``, ``+02:00``.

Read by RE2 (DuckDB), Java (Spark) and Python alike. The offset must follow a
time, so the date ``2024-05-01`` is not read as ``-01``."""
_AWARE = re.compile(AWARE)
_DIRECTIVE = re.compile(r"%-?.")


def check_pattern(pattern: str, engine: str = "duckdb") -> None:
    """Raise JS306 when ``pattern`` has a directive outside :data:`DIRECTIVES` (or, on Spark, one Spark cannot parse)."""
    for found in _DIRECTIVE.findall(pattern):
        if found not in DIRECTIVES:
            raise data_error(
                "JS306", f"`time_format` {pattern!r} has the directive `{found}`, which journeyspec does not read",
                help="directives: " + ", ".join(f"{d} ({meaning.split(',')[0]})" for d, (meaning, _) in DIRECTIVES.items()
                                                if not d.startswith("%-")),
            )
        if engine == "spark" and DIRECTIVES[found][1] is None:
            raise data_error(
                "JS306", f"`time_format` {pattern!r} has `{found}` ({DIRECTIVES[found][0]}), which Spark cannot parse",
                help="leave it out of the pattern (match the text with a literal instead), or use --engine duckdb",
            )
    if pattern.count("%") == pattern.count("%%") * 2:
        raise data_error("JS306", f"`time_format` {pattern!r} has no directive",
                         help="for example `%Y-%m-%d %H:%M:%S`, or epoch_s, epoch_ms, epoch_us, epoch_ns for numbers")


def has_zone(pattern: str) -> bool:
    """Whether values read with ``pattern`` carry their own offset or zone (``%z``, ``%Z``)."""
    return any(found in ZONE_DIRECTIVES for found in _DIRECTIVE.findall(pattern))


def spark_pattern(pattern: str) -> str:
    """``pattern`` in Java's datetime pattern language, as Spark's ``try_to_timestamp`` reads it.

    Literal text is quoted (Java reads most letters as fields); single-letter
    fields (``M``, ``d``, ``H``) read one or two digits, as DuckDB's do.
    """
    check_pattern(pattern, "spark")
    parts: list[str] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            text = "".join(literal).replace("'", "''")
            parts.append(f"'{text}'")
            literal.clear()

    position = 0
    for match in _DIRECTIVE.finditer(pattern):
        literal.extend(pattern[position:match.start()])
        spelled = DIRECTIVES[match.group()][1]
        if match.group() == "%%":
            literal.append("%")
        else:
            flush()
            parts.append(spelled or "")
        position = match.end()
    literal.extend(pattern[position:])
    flush()
    return "".join(parts)


# ---------------------------------------------------------------------------
# Patterns suggested from values
# ---------------------------------------------------------------------------

_DAY_MONTH = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?:(?P<between>[ T]+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>[.,]\d+)?)?"
    r"(?P<ampm>\s*[AaPp][Mm])?)?$"
)
_YEAR_FIRST = re.compile(
    r"^(?P<year>\d{4})(?P<sep>[/.])(?P<a>\d{1,2})(?P=sep)(?P<b>\d{1,2})"
    r"(?:(?P<between>[ T]+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>[.,]\d+)?)?"
    r"(?P<ampm>\s*[AaPp][Mm])?)?$"
)
_NUMBER = re.compile(r"^[+-]?\d+(\.\d*)?$")
_EPOCH_BY_DIGITS = ((11, "epoch_s"), (14, "epoch_ms"), (17, "epoch_us"), (20, "epoch_ns"))


@dataclass(frozen=True)
class DayMonth:
    """A value written as two numbers and a year (``10/01/2019 23:50``), which may be day-first or month-first."""

    first: int
    second: int
    day_first: str
    month_first: str


def day_month(value: str) -> DayMonth | None:
    """The two readings of a ``10/01/2019 23:50``-like value, or None when it is not written so."""
    match = _DAY_MONTH.match(value.strip())
    if match is None:
        return None
    sep, year = match["sep"], "%Y" if len(match["year"]) == 4 else "%y"
    clock = _clock(match)
    return DayMonth(int(match["a"]), int(match["b"]), f"%d{sep}%m{sep}{year}{clock}", f"%m{sep}%d{sep}{year}{clock}")


def _clock(match: re.Match) -> str:
    if match["hour"] is None:
        return ""
    hour = "%I" if match["ampm"] else "%H"
    text = f"{match['between']}{hour}:%M"
    if match["second"] is not None:
        text += ":%S"
        if match["fraction"]:
            text += match["fraction"][0] + "%f"
    if match["ampm"]:
        text += match["ampm"][: len(match["ampm"]) - 2] + "%p"
    return text


def suggested_patterns(value: str) -> tuple[str, ...]:
    """The ``time_format``s that would read ``value``: two for an ambiguous date, one, or none."""
    text = value.strip()
    if _NUMBER.match(text):
        digits = len(text.lstrip("+-").split(".")[0])
        return tuple(unit for limit, unit in _EPOCH_BY_DIGITS if digits < limit)[:1] or ("epoch_ns",)
    found = day_month(text)
    if found is not None:
        readings = []
        if found.first <= 31 and found.second <= 12:
            readings.append(found.day_first)
        if found.first <= 12 and found.second <= 31:
            readings.append(found.month_first)
        return tuple(readings)
    match = _YEAR_FIRST.match(text)
    if match is not None:
        sep = match["sep"]
        return (f"%Y{sep}%m{sep}%d{_clock(match)}",)
    return ()


def is_number(value: str) -> bool:
    """Whether ``value`` is written as a plain number (an epoch time without a unit)."""
    return bool(_NUMBER.match(value.strip()))


def is_aware(text: str) -> bool:
    """Whether a time written as ``text`` carries its own offset (:data:`AWARE`)."""
    return bool(_AWARE.search(text.strip()))


def not_iso(text: str) -> bool:
    """Whether ``text`` is a time written in a form ISO-8601 reading must not guess: ``10/01/2019``, ``1714557600``."""
    return day_month(text) is not None or is_number(text)


__all__ = ["AWARE", "DIRECTIVES", "ISO", "DayMonth", "check_pattern", "day_month", "has_zone", "is_aware", "is_number",
           "not_iso", "spark_pattern", "suggested_patterns"]
