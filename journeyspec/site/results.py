"""Live results: what a page shows when the journeys were checked against data.

The docs site does not compute anything from data; it draws what
``journeyspec check`` found. This module is the contract between the two: a
:class:`JourneyResults` per journey id, made of plain frozen values. A check
run builds them (or :meth:`JourneyResults.from_dict` reads one journey of
``check --format json``), and :func:`journeyspec.site.build_site` takes them
as ``results={journey_id: JourneyResults(...)}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

Status = Literal["pass", "fail", "inconclusive", "skipped"]
STATUSES: tuple[Status, ...] = ("fail", "inconclusive", "skipped", "pass")
"""Every status, the most urgent first (the order a summary lists them)."""


@dataclass(frozen=True)
class ExpectationResult:
    """The verdict on one ``expect`` line.

    Attributes:
        line: The line of the ``expect`` in the map (matches ``expectation.span.line``).
        status: ``pass``, ``fail``, ``inconclusive`` or ``skipped``.
        value: The observed value, in the expectation's unit (a fraction for proportions,
            seconds for durations, a count for ``sessions``); ``None`` when nothing was observed.
        population: The count the value is taken over (for a proportion, its denominator).
        interval: The Wilson interval ``(low, high)`` for proportions, else ``None``.
        text: The expectation's canonical text; used to match when ``line`` is unknown.
        reason: Why it was skipped or inconclusive, in words, when the check says.
    """

    line: int | None
    status: Status
    value: float | None = None
    population: int | None = None
    interval: tuple[float, float] | None = None
    text: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class FixFirstItem:
    """One entry of the prioritised list: a drop-off or a deviation, with what it costs.

    Attributes:
        kind: ``dropoff`` (sessions ending at a step) or ``deviation`` (an undesigned transition).
        steps: The step ids involved: one for a drop-off, ``(from, to)`` for a deviation.
        sessions: How many paths it concerns.
        value_lost: The estimated value lost, in the journey's currency; ``None`` without a ``value``.
    """

    kind: Literal["dropoff", "deviation"]
    steps: tuple[str, ...]
    sessions: int
    value_lost: float | None = None


@dataclass(frozen=True)
class Deviation:
    """An observed path variant that strays from the design, costliest first.

    Attributes:
        path: The variant's step ids, in order.
        count: How many paths took exactly this variant.
        cost: Its alignment cost (moves needed to make it a designed walk).
    """

    path: tuple[str, ...]
    count: int
    cost: int | float


@dataclass(frozen=True)
class JourneyResults:
    """Everything a check found for one journey.

    Attributes:
        data: The data's name, as people know it (``"events-2026-10.parquet"``, ``"warehouse: prod"``).
        checked_at: When the check ran.
        population: Paths in the journey's population.
        expectations: One verdict per ``expect`` of the map.
        fix_first: Drop-offs and deviations, most valuable to fix first.
        deviations: The variants that stray most from the design (cost x count), first first.
        metrics: Headline figures by name (``conformance``, ``fitness``, ``unexpected_transitions``…);
            fractions unrounded.
        overlay_svg: An SVG of the observed overlay on the graph, copied into the site.
        currency: The currency of ``value_lost`` figures (defaults to the journey's ``value``).
    """

    data: str
    checked_at: datetime
    population: int | None = None
    expectations: tuple[ExpectationResult, ...] = ()
    fix_first: tuple[FixFirstItem, ...] = ()
    deviations: tuple[Deviation, ...] = ()
    metrics: Mapping[str, float] = field(default_factory=dict)
    overlay_svg: Path | None = None
    currency: str | None = None

    def counts(self) -> dict[Status, int]:
        """How many expectations have each status, in :data:`STATUSES` order."""
        tally: dict[Status, int] = {status: 0 for status in STATUSES}
        for outcome in self.expectations:
            tally[outcome.status] += 1
        return tally

    @property
    def status(self) -> Status | None:
        """The journey's overall status: its most urgent expectation status, ``None`` with none."""
        present = {outcome.status for outcome in self.expectations}
        return next((status for status in STATUSES if status in present), None)

    @classmethod
    def from_dict(
        cls,
        entry: Mapping[str, Any],
        *,
        data: str,
        checked_at: datetime,
        overlay_svg: Path | None = None,
        max_deviations: int = 10,
    ) -> JourneyResults:
        """Read one journey of ``journeyspec check --format json`` (``report["journeys"][i]``).

        Reads ``population``, ``metrics``, ``expectations[]`` (``text, line, value, status,
        population, interval``), ``impact[]`` (``kind, steps, sessions, value_lost``) and
        ``variants[]`` (``path, count, conforms, cost``); keys it does not know are ignored.
        """
        expectations = tuple(_expectation(item) for item in entry.get("expectations", ()))
        fix_first = tuple(
            FixFirstItem(
                kind=item["kind"],
                steps=tuple(item["steps"]),
                sessions=int(item["sessions"]),
                value_lost=_number(item.get("value_lost")),
            )
            for item in entry.get("impact", ())
        )
        variants = [item for item in entry.get("variants", ()) if not item.get("conforms", False)]
        variants.sort(key=lambda item: (-(item.get("cost") or 0) * item["count"], tuple(item["path"])))
        deviations = tuple(
            Deviation(path=tuple(item["path"]), count=int(item["count"]), cost=item.get("cost") or 0)
            for item in variants[:max_deviations]
        )
        metrics = {
            name: float(value) for name, value in (entry.get("metrics") or {}).items() if isinstance(value, (int, float))
        }
        population = entry.get("population")
        if isinstance(population, Mapping):
            population = population.get("size", population.get("sessions"))
        return cls(
            data=data,
            checked_at=checked_at,
            population=int(population) if population is not None else None,
            expectations=expectations,
            fix_first=fix_first,
            deviations=deviations,
            metrics=metrics,
            overlay_svg=overlay_svg,
        )


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _interval(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return float(value["low"]), float(value["high"])
    low, high = value
    return float(low), float(high)


def _expectation(item: Mapping[str, Any]) -> ExpectationResult:
    return ExpectationResult(
        line=item.get("line"),
        status=item["status"],
        value=_number(item.get("value")),
        population=item.get("population"),
        interval=_interval(item.get("interval")),
        text=item.get("text"),
        reason=item.get("reason"),
    )


ResultsInput = Mapping[str, JourneyResults]
"""What :func:`~journeyspec.site.build_site` takes as ``results``: journey id -> its results."""

__all__ = [
    "STATUSES",
    "Deviation",
    "ExpectationResult",
    "FixFirstItem",
    "JourneyResults",
    "ResultsInput",
    "Status",
]
