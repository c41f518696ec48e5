"""Mapping the source's columns to the canonical names, and the columns every later step reads.

A map says ``event``, ``session``, ``user``, ``device`` and ``time`` whatever
the source calls them; this module decides which column each canonical name
means, checks that the columns exist (listing the ones that do when not),
and adds the helper columns: the time as integer microseconds since 1970
(UTC), read by :mod:`journeyspec.engine.source.times`, the one
representation every later step compares and subtracts.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.engine.errors import columns_help, data_error
from journeyspec.engine.source import nested, presets
from journeyspec.engine.source.base import ROW
from journeyspec.engine.source.config import TIME_FORMATS, SourceConfig
from journeyspec.engine.source.times import MICROSECONDS, TimeReading, read_time

CANONICAL = ("session", "user", "time", "event", "device")
# The time of each event as read (integer microseconds since 1970, UTC), a column of the prepared table.
EVENT_TIME = "__js_t"


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
    time: str | None  # None: the source has no clock (`time = false`); paths follow `order`
    event: str
    device: str | None
    order: str | None
    gap_us: int | None
    time_format: str | None
    columns: tuple[str, ...]
    source: str
    timezone: str | None = None
    derived: tuple[tuple[str, presets.Read], ...] = ()
    """Canonical columns read from a nested field or composed by a preset: (name in the prepared table, how)."""
    json: tuple[str, ...] = ()
    """Text columns that hold JSON documents (a preset's), so that fields inside them can be named."""

    @property
    def clock(self) -> bool:
        """Whether the source has a time column: without one, nothing is measured in time."""
        return self.time is not None

    def canonical(self, name: str) -> str | None:
        """The column a canonical name means, or None when it is not mapped."""
        # EVENT_TIME is no name a map author writes: `check --by-period` builds predicates on it, so that
        # a calendar period reads the time exactly as the reduction does (microseconds since 1970, UTC).
        return {"session": self.session, "user": self.user, "time": self.time, "event": self.event,
                "device": self.device, EVENT_TIME: EVENT_TIME}.get(name)


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
    time = need("time", config.time) if config.time is not None else None
    event = need("event", config.event)
    if time is None and order is None:
        raise data_error("JS306", f"{source} has no clock (`time = false` in {config.origin}), and no `order` column "
                         "says the order of its events",
                         help="name the column that orders each path's events: --order COLUMN (or `order = \"step\"`)")
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
    if time is None and session is None and scope != "user":
        raise data_error(
            "JS326", f"this source has no clock: {source} is ordered by `{order}` only, so its sessions cannot be cut "
            "from the user column after a gap of inactivity",
            help="map the column that says which visit an event belongs to with --session COLUMN (or `session = "
            "\"...\"`); or write `scope user` in the journey, so that a path is all of a user's events",
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
        timezone=config.timezone,
        derived=tuple(derived.items()),
        json=preset.json if preset else (),
    )


def prepare(table, mapping: Mapping) -> tuple[object, TimeReading]:
    """The source with the canonical helper columns ``__js_t``, ``__js_o``, ``__js_r`` and ``__js_event``
    added, and how its time was read.

    ``__js_time_raw`` keeps the time column as written (without a clock, the order column), so that
    values that did not read can be shown.
    """
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
    time, reading = read_time(table, mapping)
    prepared = table.mutate(
        __js_t=time,
        __js_time_raw=table[mapping.time if mapping.time is not None else mapping.order],
        __js_o=order,
        __js_r=row,
        __js_event=event.cast("string") if not event.type().is_string() else event,
    )
    return prepared, reading


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


__all__ = ["CANONICAL", "EVENT_TIME", "MICROSECONDS", "Mapping", "check_documents", "derive_columns", "micros", "prepare",
           "resolve_mapping"]
