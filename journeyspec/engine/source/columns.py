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
from journeyspec.engine.source.base import ROW
from journeyspec.engine.source.config import TIME_FORMATS, SourceConfig

CANONICAL = ("session", "user", "time", "event", "device")
MICROSECONDS = 1_000_000
"""Microseconds in a second: times are whole microseconds (:func:`time_micros`), durations and settings seconds."""
_UNITS = {"epoch_s": MICROSECONDS, "epoch_ms": 1_000, "epoch_us": 1}


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

    def need(setting: str, column: str) -> str:
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

    user = optional("user", config.user)
    device = optional("device", config.device)
    order = need("order", config.order) if config.order else None
    time = need("time", config.time)
    event = need("event", config.event)
    gap_mode = config.session is None and ("gap" in explicit or ("user" in explicit and "session" not in visible))
    if config.session is not None:
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
        return (column.cast("float64") * _UNITS[fmt]).round().cast("int64")
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


__all__ = ["CANONICAL", "Mapping", "prepare", "resolve_mapping", "time_micros"]
