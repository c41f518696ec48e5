"""Reading time: how a source's time column becomes microseconds since 1970 (UTC), and what to say about it.

The one place that decides how time is read, for both engines:

- An explicit ``time_format`` always wins over a text column: it is parsed
  with that strftime pattern (DuckDB's ``try_strptime``, Spark's
  ``try_to_timestamp`` with the pattern spelled by
  :func:`~journeyspec.engine.source.time_patterns.spark_pattern`). The file
  readers never get to guess such a column's type: CSV and JSON time columns
  are read as text (:mod:`journeyspec.engine.source.duckdb`,
  :mod:`journeyspec.engine.source.spark`). A column that really is typed (a
  Parquet or DuckDB timestamp) is read as it is, and the format is reported
  as not needed (JS325), never an error with no way out.
- Text without a format is read as ISO-8601 only. Anything else — above all
  ``10/01/2019``, which reads as the 10th of January or the 1st of October —
  does not parse, and :mod:`journeyspec.engine.source.time_diagnosis` says
  which pattern(s) would read it (JS304, or JS322 when both would).
- Offsets and ``Z``/``UTC`` suffixes are honoured; times without one are in
  the source's ``timezone`` (UTC by default). A column that mixes the two is
  an error (JS324): which kind the column holds is read from a sample, and a
  value of the other kind anywhere in it does not parse, so every row is
  checked in the one pass that reads the events.
- Numbers need an epoch unit (``epoch_s``, ``epoch_ms``, ``epoch_us``, ``epoch_ns``).

:class:`TimeReading` records what was decided, for every report's header.
A source without a clock (``time = false``) has no time column at all: every
event with an ``order`` value gets the time 0, so paths follow ``order``, and
the durations that come out (all zero) are dropped before anyone sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from journeyspec.engine.errors import data_error
from journeyspec.engine.source.time_patterns import (
    AWARE,
    ISO,
    check_pattern,
    has_zone,
    is_aware,
    not_iso,
    spark_pattern,
)

MICROSECONDS = 1_000_000
"""Microseconds in a second: times are whole microseconds, durations and settings seconds."""
EPOCH_UNITS = {"epoch_s": MICROSECONDS, "epoch_ms": 1_000, "epoch_us": 1, "epoch_ns": 0.001}
"""Each epoch ``time_format`` and the microseconds in one of its units."""
EPOCH_NAMES = {"epoch_s": "epoch seconds", "epoch_ms": "epoch milliseconds", "epoch_us": "epoch microseconds",
               "epoch_ns": "epoch nanoseconds"}

SAMPLE_ROWS = 1_000
"""Values of a text time column read first, to learn whether its times carry offsets."""

_INT64_LIMIT = 9.2e18
EARLIEST = 631_152_000 * MICROSECONDS
"""1990-01-01 UTC in microseconds: no event log a journey is checked against is older."""
_YEAR = 31_557_600 * MICROSECONDS


@dataclass(frozen=True)
class TimeReading:
    """How the time column was read: what every report's header says.

    Attributes:
        column: The time column; None when the source has no clock (paths ordered by ``order`` alone).
        type: How the source holds it: ``text``, ``timestamp``, ``timestamp with time zone``, ``date``,
            ``integer`` or ``number``.
        format: The strftime pattern, the epoch unit, ``ISO-8601`` for text read without a format, or
            None for a typed column.
        zone: The time zone of times written without an offset (``UTC`` unless the source's
            ``timezone`` says otherwise); None when every time carries its own offset.
        order: The order column: the tie-breaker for equal times, or, without a clock, the only order.
        unused_format: A ``time_format`` the column did not need, because it is typed (JS325).
    """

    column: str | None
    type: str | None = None
    format: str | None = None
    zone: str | None = None
    order: str | None = None
    unused_format: str | None = None

    @property
    def clock(self) -> bool:
        """Whether the source has a clock: durations, windows and gaps can be measured."""
        return self.column is not None


def time_warning(low: int | None, high: int | None, mapping, now: float | None = None) -> tuple[str, str] | None:
    """(message, help) of a JS321 warning when the times, as read, fall before 1990 or past now + 1 year.

    ``low`` and ``high`` are the least and greatest ``__js_t`` (microseconds) of the events read,
    None when there are none. For an epoch unit the help names the unit that would put both
    ends in range: milliseconds read as ``epoch_s`` land near the year 55,000, seconds read as
    ``epoch_ms`` in January 1970, and their durations are off by a factor of 1,000.
    """
    import time

    if low is None or high is None or mapping.time is None:
        return None
    latest = int((time.time() if now is None else now) * MICROSECONDS) + _YEAR
    if EARLIEST <= low and high <= latest:
        return None
    fmt = mapping.time_format
    read_as = f"read as {fmt}" if fmt in EPOCH_UNITS else "as read"
    message = (f"the times of `{mapping.time}`, {read_as}, run from {_when(low)} to {_when(high)}, "
               f"{'before 1990' if low < EARLIEST else 'more than a year from now'}; durations, gaps and sessions cut "
               "from them are likely wrong")
    if fmt not in EPOCH_UNITS:
        return message, "check the time column and `time_format`; a timestamp column needs no `time_format`"
    fits = [unit for unit, factor in EPOCH_UNITS.items() if unit != fmt and all(
        EARLIEST <= value / EPOCH_UNITS[fmt] * factor <= latest for value in (low, high))]
    if fits:
        return message, f"the values look like {fits[0]}: set --time-format {fits[0]} (or `time_format = \"{fits[0]}\"`)"
    return message, "no epoch unit puts these values between 1990 and next year: check the time column"


def _when(micros_since_1970: int) -> str:
    from datetime import datetime, timedelta, timezone

    try:
        moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=micros_since_1970)
    except OverflowError:  # beyond the year 9999
        return f"about the year {1970 + micros_since_1970 // _YEAR:,}"
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def column_type(dtype) -> str | None:
    """How a column of this Ibis type is described in a report, or None when it holds no time."""
    if dtype.is_string():
        return "text"
    if dtype.is_timestamp():
        return "timestamp with time zone" if dtype.timezone else "timestamp"
    if dtype.is_date():
        return "date"
    if dtype.is_integer():
        return "integer"
    if dtype.is_numeric():
        return "number"
    return None


def backend_name(table) -> str:
    """``duckdb``, ``pyspark`` or another Ibis backend's name: the SQL dialect time is parsed in."""
    try:
        return table._find_backend().name
    except Exception:  # noqa: BLE001 - an unbound table: Ibis's own functions are all that can be used
        return "ibis"


def read_time(table, mapping) -> tuple[object, TimeReading]:
    """``__js_t`` for every row (integer microseconds since 1970, UTC; null when missing or unreadable).

    ``mapping`` is the source's :class:`~journeyspec.engine.source.columns.Mapping`.

    Raises:
        JourneyspecError: JS304 for a column that holds no time or numbers without a unit, JS306 for a
            ``time_format`` or ``timezone`` the engine cannot use, JS324 when the first values read mix
            times with and without an offset.
    """
    import ibis

    if mapping.time is None:
        order = table[mapping.order]
        # No clock: every event with an order value is at 0, so paths follow `order` (then row order).
        return ibis.ifelse(order.isnull(), ibis.null("int64"), ibis.literal(0, "int64")), TimeReading(
            column=None, order=mapping.order)
    column = table[mapping.time]
    kind = column_type(column.type())
    fmt, zone, backend = mapping.time_format, mapping.timezone or "UTC", backend_name(table)
    reading = TimeReading(column=mapping.time, type=kind, format=fmt, zone=zone, order=mapping.order)
    if kind is None:
        raise data_error("JS304", f"`{mapping.time}` of {mapping.source} holds {column.type()}, which is not a time",
                         help="map the column that holds the event time with --time COLUMN")
    if kind in ("timestamp", "timestamp with time zone", "date"):
        reading = TimeReading(column=mapping.time, type=kind, format=None, order=mapping.order, unused_format=fmt,
                              zone=None if kind == "timestamp with time zone" else zone)
        instant = column if kind == "timestamp with time zone" else _from_zone(column.cast("timestamp"), zone, backend)
        return _micros(instant), reading
    if fmt in EPOCH_UNITS:
        numbers = column.try_cast("float64") if kind == "text" else column.cast("float64")
        scaled = numbers * EPOCH_UNITS[fmt]
        # Past int64 (microseconds read as seconds reach 1.7e21) the value is no time at all: null,
        # so it counts as unreadable (JS304, naming a value) instead of failing the cast mid-query.
        return ibis.ifelse(scaled.abs() < _INT64_LIMIT, scaled, ibis.null("float64")).round().cast("int64"), \
            TimeReading(column=mapping.time, type=kind, format=fmt, zone="UTC", order=mapping.order)
    if kind in ("integer", "number"):
        if fmt is None:
            from journeyspec.engine.source.time_diagnosis import numbers_without_unit

            raise numbers_without_unit(mapping, _first_values(column.cast("string"), 1), f"numbers ({column.type()})")
        column = column.cast("string")  # 20240501 read with %Y%m%d
    if fmt is not None:
        check_pattern(fmt, "spark" if backend == "pyspark" else "duckdb")
        parsed = _strptime(column, fmt, backend)
        if has_zone(fmt):
            return _micros(parsed), TimeReading(column=mapping.time, type=kind, format=fmt, zone=None,
                                                order=mapping.order)
        return _micros(_from_zone(parsed, zone, backend)), reading
    return _iso(table, column, mapping, reading, backend)


def _iso(table, column, mapping, reading: TimeReading, backend: str):
    """ISO-8601 text: with offsets honoured, or without, in the source's zone; never both in one column."""
    import ibis

    sample = _first_values(column, SAMPLE_ROWS)
    aware = [value for value in sample if is_aware(value)]
    naive = [value for value in sample if not is_aware(value)]
    if aware and naive:
        from journeyspec.engine.source.time_diagnosis import mixed_zones

        raise mixed_zones(mapping, naive[0], aware[0])
    if any(not_iso(value) for value in sample):
        # Not one event could be read: say what would read them now, rather than after a pass over every row.
        from journeyspec.engine.source.time_diagnosis import not_iso_error

        raise not_iso_error(column, mapping, [value for value in sample if not_iso(value)])
    has_offset = column.re_search(AWARE)
    if aware:
        instant = ibis.ifelse(has_offset, column.try_cast("timestamp('UTC')"), ibis.null("timestamp('UTC')"))
        return _micros(instant), TimeReading(column=mapping.time, type="text", format=ISO, zone=None,
                                             order=mapping.order)
    wall = ibis.ifelse(has_offset, ibis.null("timestamp"), column.try_cast("timestamp"))
    return _micros(_from_zone(wall, reading.zone or "UTC", backend)), TimeReading(
        column=mapping.time, type="text", format=ISO, zone=reading.zone, order=mapping.order)


def _first_values(column, rows: int) -> list[str]:
    """Up to ``rows`` values of the column that are not missing (the engine's first rows; no sort)."""
    values = column.name("v").as_table().filter(column.name("v").notnull()).limit(rows)
    return [str(v) for v in values.to_pyarrow().column(0).to_pylist()]


def _micros(instant):
    import ibis

    epoch = ibis.timestamp("1970-01-01 00:00:00")
    return instant.cast("timestamp").delta(epoch, unit="microsecond").cast("int64")


@cache
def _functions():
    """The engines' own functions that Ibis has no name for, as builtin UDFs (each engine calls its own)."""
    import ibis
    import ibis.expr.datatypes as dt

    naive, zoned, text = dt.Timestamp(), dt.Timestamp(timezone="UTC"), dt.string

    def builtin(name: str, arguments: tuple, result):
        # A signature rather than annotations: this module's annotations are strings (PEP 563).
        def function(first, second): ...

        return ibis.udf.scalar.builtin(function, name=name, signature=(arguments, result))

    duckdb_strptime = builtin("try_strptime", (text, text), naive)
    duckdb_strptime_zoned = builtin("try_strptime", (text, text), zoned)
    spark_to_timestamp = builtin("try_to_timestamp", (text, text), naive)
    duckdb_in_zone = builtin("timezone", (text, naive), zoned)
    spark_in_zone = builtin("to_utc_timestamp", (naive, text), naive)
    return {"duckdb_strptime": duckdb_strptime, "duckdb_strptime_zoned": duckdb_strptime_zoned,
            "spark_to_timestamp": spark_to_timestamp, "duckdb_in_zone": duckdb_in_zone, "spark_in_zone": spark_in_zone}


def _strptime(text, pattern: str, backend: str):
    """``text`` parsed with a strftime ``pattern``; null where it does not match (never an error mid-query)."""
    functions = _functions()
    if backend == "duckdb":
        parse = functions["duckdb_strptime_zoned" if has_zone(pattern) else "duckdb_strptime"]
        return parse(text, pattern)
    if backend == "pyspark":
        return functions["spark_to_timestamp"](text, spark_pattern(pattern))
    return text.as_timestamp(pattern)


def _from_zone(wall, zone: str, backend: str):
    """The instant at which clocks in ``zone`` showed ``wall`` (a time without an offset)."""
    if zone == "UTC":
        return wall
    functions = _functions()
    if backend == "duckdb":
        return functions["duckdb_in_zone"](zone, wall)
    if backend == "pyspark":
        return functions["spark_in_zone"](wall, zone)
    raise data_error("JS306", f"`timezone = {zone!r}` needs the DuckDB or Spark engine; this source is read by {backend}",
                     help="store the times in UTC, or with their offset, and leave `timezone` out")


__all__ = ["EARLIEST", "EPOCH_NAMES", "EPOCH_UNITS", "MICROSECONDS", "SAMPLE_ROWS", "TimeReading", "backend_name",
           "column_type", "read_time", "time_warning"]
