"""``journeyspec trend``: each expectation's value and interval run after run, from a history folder.

Runs are matched to the maps by journey id and the expectation's canonical
text (with its ``where``), so an expectation that was rewritten starts a new
row of history, and one that a run did not check shows as a gap rather than
as another expectation's number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from journeyspec.check.history import Run
from journeyspec.check.result import ExpectationResult
from journeyspec.ir import Journey


@dataclass(frozen=True)
class Point:
    """One run's verdict of one expectation (None: the run did not check it)."""

    recorded: datetime
    revision: str | None
    data_from: datetime | None
    data_to: datetime | None
    result: ExpectationResult | None


@dataclass(frozen=True)
class Series:
    """One expectation of a map, run after run."""

    journey: str
    text: str
    line: int | None
    points: tuple[Point, ...]


def series(journeys: list[Journey], runs: list[Run]) -> list[Series]:
    """Per expectation of ``journeys`` (map order), its verdict in every run (oldest first)."""
    found = []
    for journey in journeys:
        for expectation in journey.expectations:
            points = []
            for run in runs:
                entry = next((j for j in run.journeys if j.id == journey.id), None)
                result = None if entry is None else next(
                    (e for e in entry.expectations if e.text == expectation.text), None)
                points.append(Point(run.recorded, run.revision, entry and entry.data_from, entry and entry.data_to,
                                    result))
            found.append(Series(journey.id, expectation.text, expectation.span.line if expectation.span else None,
                                tuple(points)))
    return found


__all__ = ["Point", "Series", "series"]
