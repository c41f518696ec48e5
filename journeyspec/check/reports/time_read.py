"""How time was read, in one line for a report's header: the column, its type, the format or unit, the zone.

Every report says it (text, Markdown, JSON carries the fields, `paths` too), so
that a reader can tell a duration measured from ``10/01/2019`` read month-first
from one read day-first, and a log ordered by a step number from a log with a
clock.
"""

from __future__ import annotations

from collections.abc import Callable

from journeyspec.engine.facts.models import TimeRead

_EPOCHS = {"epoch_s": "epoch seconds", "epoch_ms": "epoch milliseconds", "epoch_us": "epoch microseconds",
           "epoch_ns": "epoch nanoseconds"}


def _backticks(text: str) -> str:
    return f"`{text}`"


def time_read_text(read: TimeRead | None, code: Callable[[str], str] = _backticks) -> str:
    """``time: `ts` (text) read with `%m/%d/%Y %H:%M`, times without an offset in UTC``, or, without a
    clock, ``no clock: paths ordered by `step`; ...``.

    Column names and patterns come from the configuration or the data: ``code`` shows each (as
    inert code in Markdown); the terminal and JUnit make the whole line inert themselves.
    """
    if read is None:
        return "time: as read"
    if not read.clock:
        return (f"no clock: paths ordered by {code(read.order or '')}; durations, {code('within')} windows and "
                "sessions cut by a gap are not measured")
    if read.format in _EPOCHS:
        how = f" in {_EPOCHS[read.format]} (UTC)"
    elif read.format == "ISO-8601":
        how = " as ISO-8601"
    elif read.format:
        how = f" read with {code(read.format)}"
    else:
        how = ""
    if read.format in _EPOCHS:
        zone = ""
    elif read.zone is None:
        zone = ", with the offset each time carries"
    else:
        zone = f", times without an offset in {read.zone}"
    ties = f"; equal times ordered by {code(read.order)}" if read.order else ""
    return f"time: {code(read.column or '')} ({read.type}){how}{zone}{ties}"


__all__ = ["time_read_text"]
