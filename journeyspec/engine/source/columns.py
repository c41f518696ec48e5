"""Mapping the source's columns to the canonical names, and reading time.

A map says ``event``, ``session``, ``user``, ``device`` and ``time`` whatever
the source calls them; this module decides which column each canonical name
means, checks that the columns exist (listing the ones that do when not),
and turns the time column into integer microseconds since 1970 (UTC), the
one representation every later step compares and subtracts.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.engine.errors import columns_help, data_error
from journeyspec.engine.source import nested, presets
from journeyspec.engine.source.base import ROW
from journeyspec.engine.source.config import TIME_FORMATS, SourceConfig

CANONICAL = ("session", "user", "time", "event", "device")
MICROSECONDS = 1_000_000
"""Microseconds in a second: times are whole microseconds (:func:`time_micros`), durations and settings seconds."""
_UNITS = {"epoch_s": MICROSECONDS, "epoch_ms": 1_000, "epoch_us": 1}


_INT64_LIMIT = 9.2e18
EARLIEST = 631_152_000 * MICROSECONDS
"""1990-01-01 UTC in microseconds: no event log a journey is checked against is older."""
_YEAR = 31_557_600 * MICROSECONDS


def time_warning(low: int | None, high: int | None, mapping: Mapping, now: float | None = None) -> tuple[str, str] | None:
    """(message, help) of a JS321 warning when the times, as read, fall before 1990 or past now + 1 year.

    ``low`` and ``high`` are the least and greatest ``__js_t`` (microseconds) of the events read,
    None when there are none. For an epoch unit the help names the unit that would put both
    ends in range: milliseconds read as ``epoch_s`` land near the year 55,000, seconds read as
    ``epoch_ms`` in January 1970, and their durations are off by a factor of 1,000.
    """
    import time

    if low is None or high is None:
        return None
    latest = int(((time.time() if now is None else now) * MICROSECONDS)) + _YEAR
    if EARLIEST <= low and high <= latest:
        return None
    fmt = mapping.time_format
    read_as = f"read as {fmt}" if fmt in _UNITS else "as read"
    message = (f"the times of `{mapping.time}`, {read_as}, run from {_when(low)} to {_when(high)}, "
               f"{'before 1990' if low < EARLIEST else 'more than a year from now'}; durations, gaps and sessions cut "
               "from them are likely wrong")
    if fmt not in _UNITS:
        return message, "check the time column and `time_format`; a timestamp column needs no `time_format`"
    fits = [unit for unit, factor in _UNITS.items() if unit != fmt and all(
        EARLIEST <= value / _UNITS[fmt] * factor <= latest for value in (low, high))]
    if fits:
        return message, f"the values look like {fits[0]}: set --time-format {fits[0]} (or `time_format = \"{fits[0]}\"`)"
    if all(EARLIEST <= value / _UNITS[fmt] / 1000 <= latest for value in (low, high)):
        return message, "the values look like nanoseconds since 1970: divide them by 1,000 and set --time-format epoch_us"
    return message, "no epoch unit puts these values between 1990 and next year: check the time column"


def _when(micros_since_1970: int) -> str:
    from datetime import datetime, timedelta, timezone

    try:
        moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=micros_since_1970)
    except OverflowError:  # beyond the year 9999
        return f"about the year {1970 + micros_since_1970 // _YEAR:,}"
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def micros(seconds: float) -> int:
    """``seconds`` as the nearest whole number of microseconds."""
    return int(round(seconds * MICROSECONDS))


@dataclass(frozen=True)
class Mapping:
    """Which source column each canonical name means, for one source.

    ``session`` is None when sessions are cut from ``user`` after a gap of
    inactivity; ``gap_us`` is that gap in microseconds, or None when paths
    are not cut by a gap (a session column is mapped, or a path is a user).
    """

    session: str | None
    user: str | None
    time: str
    event: str
    device: str | None
    order: str | None
    gap_us: int | None
    time_format: str | None
    columns: tuple[str, ...]
    source: str
    derived: tuple[tuple[str, presets.Read], ...] = ()
    """Canonical columns read from a nested field or composed by a preset: (name in the prepared table, how)."""
    json: tuple[str, ...] = ()
    """Text columns that hold JSON documents (a preset's), so that fields inside them can be named."""

    def canonical(self, name: str) -> str | None:
        """The column a canonical name means, or None when it is not mapped."""
        return {"session": self.session, "user": self.user, "time": self.time, "event": self.event,
                "device": self.device}.get(name)


def resolve_mapping(config: SourceConfig, columns: list[str], source: str, *, scope: str) -> Mapping:
    """Decide the column of every canonical name for this source, and whether a gap cuts sessions.

    The one place that decides the session-gap rule: without a session
    column, and unless a path is a user (``scope user``), a user's next kept
    event starts a new session after more than ``config.gap`` seconds of
    inactivity (:attr:`Mapping.gap_us`); both routes read that.

    Raises:
        JourneyspecError: JS302 for a configured or canonical column that is missing, JS311 when
            a user column is needed and none is mapped.
    """
    visible = tuple(c for c in columns if not c.startswith("__js_"))
    explicit = config.explicit
    preset = presets.named(config.preset, config.origin) if config.preset else None
    given = config.given()
    composed = presets.compositions(preset, given) if preset else {}
    absent = presets.check_columns(preset, given, visible, source) if preset else set()
    config = config.resolved()
    derived: dict[str, presets.Read] = {}

    def need(setting: str, column: str) -> str:
        head = column.split(".")[0]
        if column not in visible and "." in column and head in visible:
            derived[column] = column  # a field inside a column, read by `nested` when prepared
            return column
        if column not in visible:
            how = f"`{setting}` is set to `{column}` in {config.origin}" if setting in explicit else (
                f"without a `{setting}` setting, the column is expected to be called `{column}`"
            )
            raise data_error(
                "JS302",
                f"{source} has no column `{column}` ({how})",
                help=columns_help(column, visible) + f"; set it with --{setting.replace('_', '-')} COLUMN or "
                f"`{setting} = \"...\"` in [tool.journeyspec.sources.default]",
            )
        return column

    def optional(setting: str, value: str | None) -> str | None:
        if value is not None:
            return need(setting, value)
        return setting if setting in visible else None

    def composed_or(setting: str, otherwise):
        if setting not in composed:
            return otherwise()
        derived[presets.label(composed[setting])] = composed[setting]
        return presets.label(composed[setting])

    user = composed_or("user", lambda: optional("user", config.user))
    device = None if "device" in absent else optional("device", config.device)
    order = need("order", config.order) if config.order else None
    time = need("time", config.time)
    event = need("event", config.event)
    gap_mode = config.session is None and ("gap" in explicit or ("user" in explicit and "session" not in visible))
    if "session" in composed:
        session = composed_or("session", lambda: None)
    elif preset is not None and preset.gap_sessions and "session" not in given:
        session = None
    elif config.session is not None:
        session = need("session", config.session)
    elif gap_mode or ("session" not in visible and user is not None):
        session = None
    else:
        session = need("session", "session")
    if session is None and user is None:
        raise data_error("JS311", f"{source}: sessions are cut from a user column after a gap, and no user is mapped",
                         help="set --session COLUMN, or --user COLUMN (with --gap 30m)")
    if scope == "user" and user is None:
        raise data_error(
            "JS311",
            f"the journey has `scope user`, but {source} has no user column mapped",
            help="set --user COLUMN or `user = \"...\"` in the source's configuration; " + columns_help("user", visible),
        )
    fmt = config.time_format
    if fmt is not None and fmt not in TIME_FORMATS and "%" not in fmt:
        raise data_error(
            "JS306",
            f"`time_format` {fmt!r} is neither {', '.join(TIME_FORMATS)} nor a strftime pattern",
            help="for example `%Y-%m-%d %H:%M:%S` or `epoch_ms`",
        )
    return Mapping(
        session=session,
        user=user,
        time=time,
        event=event,
        device=device,
        order=order,
        gap_us=micros(config.gap) if session is None and scope != "user" else None,
        time_format=fmt,
        columns=visible,
        source=source,
        derived=tuple(derived.items()),
        json=preset.json if preset else (),
    )


def time_micros(table, mapping: Mapping):
    """Integer microseconds since 1970-01-01 UTC, null where the time is missing or unreadable.

    Raises:
        JourneyspecError: JS304 when the column's type and ``time_format`` do not fit together.
    """
    import ibis

    column = table[mapping.time]
    dtype = column.type()
    fmt = mapping.time_format
    epoch = ibis.timestamp("1970-01-01 00:00:00")
    if fmt in _UNITS:
        if dtype.is_string():
            column = column.try_cast("float64")
        elif not dtype.is_numeric():
            raise data_error(
                "JS304",
                f"`time_format = {fmt}` needs numbers, but `{mapping.time}` of {mapping.source} holds {dtype}",
                help="remove `time_format` for timestamp columns and ISO-8601 text",
            )
        scaled = column.cast("float64") * _UNITS[fmt]
        # Past int64 (microseconds read as seconds reach 1.7e21) the value is no time at all: null,
        # so it counts as unreadable (JS304, naming a value) instead of failing the cast mid-query.
        return ibis.ifelse(scaled.abs() < _INT64_LIMIT, scaled, ibis.null("float64")).round().cast("int64")
    if dtype.is_numeric():
        raise data_error(
            "JS304",
            f"`{mapping.time}` of {mapping.source} holds numbers ({dtype}), and no `time_format` says their unit",
            help="set --time-format epoch_s, epoch_ms or epoch_us",
        )
    if dtype.is_string():
        parsed = column.as_timestamp(fmt) if fmt else column.try_cast("timestamp('UTC')")
    elif dtype.is_timestamp() or dtype.is_date():
        if fmt:
            raise data_error(
                "JS304",
                f"`{mapping.time}` of {mapping.source} is already a {dtype}; `time_format` {fmt!r} does not apply",
                help="remove `time_format` from the source's configuration",
            )
        parsed = column
    else:
        raise data_error("JS304", f"`{mapping.time}` of {mapping.source} holds {dtype}, which is not a time")
    return parsed.cast("timestamp").delta(epoch, unit="microsecond").cast("int64")


def prepare(table, mapping: Mapping):
    """The source with the canonical helper columns ``__js_t``, ``__js_o``, ``__js_r`` and ``__js_event`` added."""
    import ibis

    table = derive_columns(table, mapping)
    has_row = ROW in table.columns
    row = table[ROW].cast("int64") if has_row else ibis.literal(0, "int64")
    if mapping.order is not None:
        order = table[mapping.order]
        if not (order.type().is_numeric() or order.type().is_string() or order.type().is_temporal()):
            raise data_error("JS302", f"the order column `{mapping.order}` holds {order.type()}, which cannot be sorted")
        order = order.cast("float64") if order.type().is_numeric() else order
    else:
        order = row.cast("float64")
    event = table[mapping.event]
    return table.mutate(
        __js_t=time_micros(table, mapping),
        __js_time_raw=table[mapping.time],
        __js_o=order,
        __js_r=row,
        __js_event=event.cast("string") if not event.type().is_string() else event,
    )


def check_documents(table, mapping: Mapping) -> None:
    """Every value of the preset's JSON text columns is a JSON document (one query, only when there are some).

    Raises:
        JourneyspecError: JS339 with the count and an example of the values that are not JSON.
    """
    texts = [c for c in mapping.json if c in mapping.columns and table[c].type().is_string()]
    if not texts:
        return
    engine = nested.engine_of(table)
    if engine not in ("duckdb", "pyspark"):
        return  # reading inside them is refused (JS338) where it is asked for
    bad = {c: nested.bad_documents(table, c, engine) for c in texts}
    counts = table.aggregate(**{f"n{i}": bad[c].cast("int64").sum() for i, c in enumerate(texts)}).to_pyarrow().to_pylist()[0]
    for i, column in enumerate(texts):
        if counts[f"n{i}"]:
            sample = table.filter(bad[column]).select(value=table[column]).limit(1).to_pyarrow().column(0)[0].as_py()
            count = counts[f"n{i}"]
            raise data_error(
                "JS339",
                f"{count:,} {'value' if count == 1 else 'values'} of `{column}` in {mapping.source} "
                f"{'is' if count == 1 else 'are'} not a JSON document, for example {sample[:80]!r}: "
                f"`{column}.NAME` cannot be read in {'that event' if count == 1 else 'those events'}",
                help="the export's JSON column was cut or rewritten: export it again, or drop those rows",
            )


def derive_columns(table, mapping: Mapping):
    """The source with the canonical columns that are nested fields or a preset's compositions added.

    Raises:
        JourneyspecError: JS302 when a nested field a setting names is not in the data.
    """
    if not mapping.derived:
        return table

    def resolve(name: str):
        found = nested.resolve(table, name, mapping.columns, mapping.json)
        if found is None:
            head = name.split(".")[0]
            raise data_error("JS302", f"{mapping.source} has no field `{name}` (column `{head}` has no such part)",
                             help=f"`{head}` holds {table[head].type()}; " + columns_help(name, mapping.columns))
        return nested.plain(found)

    return table.mutate(**{name: presets.derive(table, read, resolve) for name, read in mapping.derived})


__all__ = ["CANONICAL", "EARLIEST", "Mapping", "check_documents", "derive_columns", "prepare", "resolve_mapping", "time_micros", "time_warning"]
