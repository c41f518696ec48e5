"""Live results: what a page shows when the journeys were checked against data.

The docs site does not compute anything from data; it draws what
``journeyspec check`` found. This module is the contract between the two: a
:class:`JourneyResults` per journey id, made of plain frozen values. A check
run builds them (:meth:`JourneyResults.from_check`, or :meth:`JourneyResults.from_dict`
on one journey of ``check --format json``), and :func:`journeyspec.site.build_site` takes them
as ``results={journey_id: JourneyResults(...)}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from journeyspec.check.result import JourneyResult

Status = Literal["pass", "fail", "inconclusive", "skipped"]
STATUSES: tuple[Status, ...] = ("fail", "inconclusive", "skipped", "pass")
"""Every status, the most urgent first (the order a summary lists them)."""
TOP = 10
"""How many fix-first items and deviations a page lists."""


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
        value_lost: The estimated value lost, in the journey's currency; ``None`` without a ``value``
            or with too few paths.
        value_lost_interval: The ends of the value's 95% interval, ``(low, high)``, when there is a value.
        too_few_paths: Its rates rest on fewer paths than the check's minimum: it carries no figure.
    """

    kind: Literal["dropoff", "deviation"]
    steps: tuple[str, ...]
    sessions: int
    value_lost: float | None = None
    value_lost_interval: tuple[float, float] | None = None
    too_few_paths: bool = False


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
        warnings: What a reader must know before trusting the figures, such as rows skipped
            for a missing session or time.
        trends: Charts of each expectation over time
            (:class:`~journeyspec.site.trends.TrendChart`), copied into the site.
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
    warnings: tuple[str, ...] = ()
    trends: tuple[Any, ...] = ()

    def counts(self) -> dict[Status, int]:
        """How many expectations have each status, in :data:`STATUSES` order."""
        tally: dict[Status, int] = {status: 0 for status in STATUSES}
        for outcome in self.expectations:
            tally[outcome.status] += 1
        return tally

    @property
    def status(self) -> Status | None:
        """The journey's overall status, ``None`` with no expectations.

        A failure outranks an inconclusive verdict, which outranks a pass; a
        skipped expectation (too few sessions, no baseline) judged nothing, so
        the journey is "skipped" only when every expectation was.
        """
        present = {outcome.status for outcome in self.expectations}
        return next((status for status in ("fail", "inconclusive", "pass", "skipped") if status in present), None)

    @classmethod
    def from_check(
        cls,
        result: JourneyResult,
        *,
        data: str | None = None,
        checked_at: datetime,
        overlay_svg: Path | None = None,
        top: int = TOP,
    ) -> JourneyResults:
        """What a page shows of one journey's :class:`~journeyspec.check.result.JourneyResult`.

        Args:
            result: One journey of :func:`journeyspec.check`'s result.
            data: The data's name as people know it; default: the source the check read.
            checked_at: When the check ran.
            overlay_svg: The observed overlay, drawn by :func:`journeyspec.site.live.write_overlay`.
            top: How many fix-first items and deviations to keep.
        """
        expectations = tuple(
            ExpectationResult(
                line=e.line, status=e.status, value=e.value, population=e.population,
                interval=(e.interval.low, e.interval.high) if e.interval is not None else None,
                text=e.text, reason=e.reason,
            )
            for e in result.expectations
        )
        fix_first = tuple(
            FixFirstItem(kind=item.kind, steps=(item.step,) if item.kind == "dropoff" else tuple(item.transition or ()),
                         sessions=item.sessions, value_lost=item.value_lost,
                         value_lost_interval=(item.value_lost_low, item.value_lost_high)
                         if item.value_lost is not None else None,
                         too_few_paths=item.too_few_paths)
            for item in result.impact[:top]
        )
        # Cost x count: how far a variant strays, times how many take it.
        variants = sorted((v for v in result.variants if not v.conforms), key=lambda v: (-v.cost * v.count, v.path))
        metrics = {name: float(value) for name, value in result.metrics if value is not None}
        return cls(
            data=data if data is not None else result.source,
            checked_at=checked_at,
            population=result.population,
            expectations=expectations,
            fix_first=fix_first,
            deviations=tuple(Deviation(path=v.path, count=v.count, cost=v.cost) for v in variants[:top]),
            metrics=metrics,
            overlay_svg=overlay_svg,
            currency=result.currency,
            warnings=tuple(result.warnings),
        )

    @classmethod
    def from_dict(
        cls,
        entry: Mapping[str, Any],
        *,
        data: str | None = None,
        checked_at: datetime,
        overlay_svg: Path | None = None,
        top: int = TOP,
    ) -> JourneyResults:
        """Read one journey of ``journeyspec check --format json`` (``report["journeys"][i]``).

        Reads ``source``, ``population``, ``currency``, ``metrics``, ``expectations[]``
        (``text, line, value, status, population, interval, reason``), ``impact[]`` (``kind``,
        ``step`` or ``transition``, ``sessions``, ``value_lost`` and its ``value_lost_low``/``_high``,
        ``too_few_paths``) and ``variants[]`` (``path, count,
        conforms, cost``) and ``warnings[]``; keys it does not know are ignored.
        """
        expectations = tuple(_expectation(item) for item in entry.get("expectations", ()))
        fix_first = tuple(_fix_first(item) for item in list(entry.get("impact", ()))[:top])
        variants = [item for item in entry.get("variants", ()) if not item.get("conforms", False)]
        variants.sort(key=lambda item: (-(item.get("cost") or 0) * item["count"], tuple(item["path"])))
        deviations = tuple(
            Deviation(path=tuple(item["path"]), count=int(item["count"]), cost=item.get("cost") or 0)
            for item in variants[:top]
        )
        metrics = {
            name: float(value)
            for name, value in (entry.get("metrics") or {}).items()
            if isinstance(value, (int, float)) and not isinstance(value, bool)
        }
        population = entry.get("population")
        return cls(
            data=data if data is not None else str(entry.get("source", "")),
            checked_at=checked_at,
            population=int(population) if population is not None else None,
            expectations=expectations,
            fix_first=fix_first,
            deviations=deviations,
            metrics=metrics,
            overlay_svg=overlay_svg,
            currency=entry.get("currency"),
            warnings=tuple(str(w) for w in entry.get("warnings") or ()),
        )


def _fix_first(item: Mapping[str, Any]) -> FixFirstItem:
    if item["kind"] == "dropoff":
        steps: tuple[str, ...] = (item["step"],)
    else:
        steps = tuple(item["transition"])
    value_lost = _number(item.get("value_lost"))
    low, high = _number(item.get("value_lost_low")), _number(item.get("value_lost_high"))
    return FixFirstItem(kind=item["kind"], steps=steps, sessions=int(item["sessions"]), value_lost=value_lost,
                        value_lost_interval=(low, high) if value_lost is not None and low is not None
                        and high is not None else None,
                        too_few_paths=bool(item.get("too_few_paths", False)))


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
