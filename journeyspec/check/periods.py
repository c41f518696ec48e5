"""Calendar periods (``--by-period week|month``): every metric and expectation per week or month of the data.

A path belongs to the period of its first event's time, exactly as a
``where`` and a ``--by`` segment read the first event, so each period is one
more population of the journey's single reduction: a predicate on the time
each event was read at (:data:`~journeyspec.engine.source.columns.EVENT_TIME`),
from the period's first instant up to the next period's. Periods follow the
calendar of the source's ``timezone`` (UTC when none is set): weeks are ISO
weeks, Monday to Sunday, named ``2026-W02``; months are named ``2026-01``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from journeyspec.engine.errors import data_error
from journeyspec.engine.source.columns import EVENT_TIME
from journeyspec.ir.predicates import All, Compare, Predicate

PeriodKind = Literal["week", "month"]
KINDS: tuple[str, ...] = ("week", "month")
# Each period is a population of the reduction (times each `where`): a bound keeps a run's cost in hand.
MAX_PERIODS = 60
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Period:
    """One calendar period: its name, first and last day (in the source's calendar), and its predicate."""

    kind: str
    label: str
    start: date
    end: date
    predicate: Predicate


def _first_day(kind: str, day: date) -> date:
    return day - timedelta(days=day.weekday()) if kind == "week" else day.replace(day=1)


def _next(kind: str, first: date) -> date:
    if kind == "week":
        return first + timedelta(days=7)
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _label(kind: str, first: date) -> str:
    if kind == "week":
        year, week, _ = first.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{first.year}-{first.month:02d}"


def _micros(day: date, zone) -> int:
    """The first instant of ``day`` in ``zone``, in microseconds since 1970 (UTC)."""
    return (datetime(day.year, day.month, day.day, tzinfo=zone) - _EPOCH) // timedelta(microseconds=1)


def calendar_periods(kind: str, span: tuple[int, int] | None, zone_name: str | None = None) -> list[Period]:
    """The periods of ``kind`` from the one holding ``span[0]`` to the one holding ``span[1]``.

    Args:
        kind: ``week`` or ``month``.
        span: The least and greatest event time, microseconds since 1970 (UTC); None: no events.
        zone_name: The IANA zone whose calendar the periods follow; None: UTC.

    Raises:
        JourneyspecError: JS365 for an unknown kind, or for more than :data:`MAX_PERIODS` periods.
    """
    if kind not in KINDS:
        raise data_error("JS365", f"`--by-period {kind}` is not a calendar period journeyspec knows",
                         help="write --by-period week or --by-period month")
    if span is None:
        return []
    zone = ZoneInfo(zone_name) if zone_name else UTC
    try:
        low, high = (_EPOCH + timedelta(microseconds=t) for t in span)
        day, last = _first_day(kind, low.astimezone(zone).date()), high.astimezone(zone).date()
    except OverflowError:
        raise data_error("JS365", f"the events' times, as read, fall outside the calendar (years 1 to 9999), so "
                         f"they have no {kind}s", help="check how the times are read (`time_format`): the JS321 "
                         "warning of a plain check names the unit that puts them in range") from None
    found: list[Period] = []
    while day <= last:
        following = _next(kind, day)
        if len(found) == MAX_PERIODS:
            count = len(found) + 1
            while following <= last:
                following, count = _next(kind, following), count + 1
            raise data_error("JS365", f"the events span {count} {kind}s, from {low.date()} to {high.date()}; "
                             f"--by-period compares at most {MAX_PERIODS} periods",
                             help="use --by-period month" if kind == "week" else
                             "check a shorter stretch of the data (filter the events by time first)")
        predicate = All(operands=(Compare(field=EVENT_TIME, op=">=", value=_micros(day, zone)),
                                  Compare(field=EVENT_TIME, op="<", value=_micros(following, zone))))
        found.append(Period(kind, _label(kind, day), day, following - timedelta(days=1), predicate))
        day = following
    return found


__all__ = ["KINDS", "MAX_PERIODS", "Period", "PeriodKind", "calendar_periods"]
