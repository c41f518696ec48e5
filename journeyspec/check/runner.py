"""The whole check: journeys and data in, a :class:`CheckResult` out.

Each journey is reduced once (its expectations' `where`s and, with ``by``,
every segment and segment x `where` are populations of that one reduction),
and once more on the baseline data when one is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from journeyspec.check.alignment import DesignModel
from journeyspec.check.breakdown import Segment, narrowed, segments
from journeyspec.check.endings import outcomes
from journeyspec.check.expectations import judge
from journeyspec.check.impact import coverage, impact
from journeyspec.check.instrumented import instrumented_warning, not_instrumented
from journeyspec.check.metrics import PopulationMetrics
from journeyspec.check.notebook import result_makers  # noqa: F401 - registers how a result shows itself
from journeyspec.check.periods import Period, calendar_periods
from journeyspec.check.result import (
    CheckResult,
    JourneyResult,
    Metrics,
    PeriodResult,
    RowTotals,
    SegmentResult,
    StepResult,
    TimeWarning,
    TransitionResult,
    VariantResult,
)
from journeyspec.check.stages import stages
from journeyspec.check.stats import MIN_PATHS
from journeyspec.diagnostics import Diagnostic, JourneyspecError
from journeyspec.engine.facts.models import EventTotals, Facts
from journeyspec.engine.source.config import SourceConfig
from journeyspec.gc_pause import paused_cyclic_gc
from journeyspec.ir import Journey
from journeyspec.ir.expectations import share_population
from journeyspec.ir.predicates import Predicate
from journeyspec.ir.text import predicate_text
from journeyspec.project import baseline_for, data_for, describe_data

VARIANTS_LISTED = 100
Progress = Callable[[str], None]


class FactsMetrics:
    """The metrics of every population of one reduction, made on first use (backs ``result.metric``)."""

    def __init__(self, journey: Journey, facts: Facts) -> None:
        self.journey, self.facts = journey, facts
        self.model = DesignModel.of(journey)
        self._made: dict[str | None, PopulationMetrics] = {}

    def of(self, where: Predicate | str | None) -> PopulationMetrics:
        text = where if where is None or isinstance(where, str) else predicate_text(where)
        if text not in self._made:
            self._made[text] = PopulationMetrics(self.journey, self.facts.where(text), self.model,
                                                 where=None if isinstance(where, str) else where,
                                                 populations=self.of)
        return self._made[text]

    def value(self, kind: str, args: tuple, *, within=None, where=None) -> float | None:
        metrics = self.of(where)
        if kind in ("fitness", "mean_cost"):
            return getattr(metrics, kind)()
        if isinstance(within, str):
            from journeyspec.units import seconds

            within = seconds(within)
        fields = {"sessions": (), "conformance": (), "unexpected_transitions": (), "conversion": ("from_step", "to_step"),
                  "time": ("statistic", "from_step", "to_step"), "switches": ("field",), "emotion": ("stage",)}
        names = fields.get(kind, ("step",))
        if len(args) != len(names):
            raise TypeError(f"metric {kind!r} takes {len(names)} argument(s): {', '.join(names) or 'none'}")
        from pydantic import TypeAdapter

        from journeyspec.ir.expectations import Metric

        parsed = TypeAdapter(Metric).validate_python({"kind": kind, **dict(zip(names, args))})
        return metrics.measure(parsed, within=within).value


def headline(metrics: PopulationMetrics) -> Metrics:
    facts = metrics.facts
    return Metrics(
        sessions=facts.sessions, success=facts.success,
        success_rate=facts.success / facts.sessions if facts.sessions else None,
        conformance=metrics.conformance().value, fitness=metrics.fitness(), mean_cost=metrics.mean_cost(),
        unexpected_transitions=metrics.unexpected_transitions().value,
    )


def _listing(metrics: PopulationMetrics) -> tuple[tuple[VariantResult, ...], int]:
    variants = metrics.facts.variants
    listed = tuple(VariantResult(path=v.path, count=v.count, success=v.success, conforms=bool(metrics.conforms[i]),
                                 cost=int(metrics.costs[i])) for i, v in enumerate(variants[:VARIANTS_LISTED]))
    rest = int(metrics.table.counts[VARIANTS_LISTED:].sum()) + metrics.facts.other_variants
    return listed, rest


def _steps(metrics: PopulationMetrics) -> dict[str, StepResult]:
    facts, endings = metrics.facts, metrics.journey.endings
    missing = set(not_instrumented(metrics.journey))
    # A step not instrumented yet has no figures: null, never a 0 that reads like a measurement.
    return {s.step: StepResult(reached=s.reached, ended=s.ended, dropped=metrics.dropped(s.step),
                               reach=s.reached / facts.sessions if facts.sessions else None,
                               dropoff=None if s.step in endings else metrics.dropoff(s.step).value,
                               friction=s.friction_sessions / s.reached if s.reached else None)
            if s.step not in missing else
            StepResult(reached=0, ended=0, dropped=0, reach=None, dropoff=None, friction=None, instrumented=False)
            for s in facts.steps}


def _transitions(journey: Journey, metrics: PopulationMetrics) -> tuple[TransitionResult, ...]:
    designed = journey.designed_transitions()
    return tuple(TransitionResult(source=t.source, target=t.target, count=t.count, sessions=t.sessions,
                                  designed=(t.source, t.target) in designed, p50=t.time.p50, p90=t.time.p90)
                 for t in metrics.facts.transitions)


def row_totals(totals: EventTotals) -> RowTotals:
    """The reduction's totals as the report carries them."""
    return RowTotals(rows=totals.rows, skipped=totals.skipped_null_session + totals.skipped_null_time,
                     skipped_null_session=totals.skipped_null_session, skipped_null_time=totals.skipped_null_time,
                     ignored=totals.ignored, friction=totals.friction, off_map=totals.off_map,
                     step_events=totals.step_events)


def skipped_warning(totals: RowTotals, scope: str, data: str = "", order: str | None = None) -> str | None:
    """``2 of 22 rows skipped ...`` when rows were skipped, else None (nothing to warn of).

    ``order`` names the order column of a source without a clock, whose rows are skipped for want of
    an order value rather than a time.
    """
    if not totals.skipped:
        return None
    key = "user" if scope == "user" else "session"
    place = f"value of `{order}`" if order else "time"
    parts = [f"{n:,} without a {what}" for n, what in ((totals.skipped_null_session, key),
                                                       (totals.skipped_null_time, place)) if n]
    return (f"{data}{totals.skipped:,} of {totals.rows:,} row{'s' if totals.rows != 1 else ''} skipped "
            f"({', '.join(parts)}): counted in no metric")


def checked_min_paths(value: Any) -> int:
    """``value`` when it is a whole number of paths, at least 1; else JS342."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise JourneyspecError([Diagnostic(
            "JS342", f"the minimum number of paths a rate may rest on must be a whole number, at least 1, not {value!r}",
            help="30 is the default; lower it for small samples (min_paths=10, or --min-paths 10)")])
    return value


def resolve_journeys(journeys_or_paths: Any) -> list[Journey]:
    """Journeys from a journey, a path, or a list of either."""
    from journeyspec.lang.frontend import load_journeys

    items = journeys_or_paths if isinstance(journeys_or_paths, (list, tuple)) else [journeys_or_paths]
    found: list[Journey] = []
    for item in items:
        found.extend([item] if isinstance(item, Journey) else load_journeys(item))
    return found


def check_journey(journey: Journey, data: Any, *, by: str | None = None, by_period: str | None = None,
                  baseline: Any = None,
                  config: SourceConfig | None = None, source: str | None = None,
                  overrides: Mapping[str, Any] | None = None, engine: str | None = None,
                  progress: Progress | None = None, min_paths: int = MIN_PATHS) -> JourneyResult:
    """Check one journey; see :func:`journeyspec.check.check`."""
    min_paths = checked_min_paths(min_paths)
    events, settings = data_for(journey.id, data, source=source, config=config, overrides=overrides)
    base = baseline_for(baseline, settings, overrides) if baseline is not None else None
    # The facts' tens of thousands of variants all stay alive: see journeyspec.gc_pause.
    with paused_cyclic_gc():
        return _check_journey(journey, events, settings, by=by, by_period=by_period, baseline=base, engine=engine,
                              progress=progress, min_paths=min_paths)


def _check_journey(journey: Journey, source: Any, settings: SourceConfig, *, by: str | None, by_period: str | None,
                   baseline: tuple[Any, SourceConfig] | None, engine: str | None,
                   progress: Progress | None, min_paths: int) -> JourneyResult:
    from journeyspec.engine import reduce

    engine = engine or settings.engine
    note = progress or (lambda message: None)
    wheres = {predicate_text(e.where): e.where for e in journey.expectations if e.where is not None}
    found: list[Segment] = []
    if by is not None:
        note(f"{journey.id}: reading the values of {by}")
        found = segments(by, source if source is not None else settings.data, settings, engine)
        for segment in found:
            for where in [None, *(e.where for e in journey.expectations)]:
                combined = narrowed(segment.predicate, where)
                wheres.setdefault(predicate_text(combined), combined)
    periods = _periods(journey, by_period, source if source is not None else settings.data, settings, engine, note)
    for period in periods:
        for where in [None, *(e.where for e in journey.expectations)]:
            combined = narrowed(period.predicate, where)
            wheres.setdefault(predicate_text(combined), combined)
    # What each `share where C` counts, inside every population it is judged on.
    judged_on = [None, *wheres.values()]
    for condition in [e.metric.condition for e in journey.expectations if e.metric.kind == "share"]:
        for where in judged_on:
            counted = share_population(condition, where)
            wheres.setdefault(predicate_text(counted), counted)
    note(f"{journey.id}: reducing events")
    facts = reduce(journey, source, config=settings, engine=engine, wheres=list(wheres.values()))
    made = FactsMetrics(journey, facts)
    base_made = base_facts = None
    if baseline is not None:
        note(f"{journey.id}: reducing the baseline")
        base_source, base_settings = baseline
        base_facts = reduce(journey, base_source, config=base_settings, engine=engine)
        base_made = FactsMetrics(journey, base_facts)
    note(f"{journey.id}: judging {len(journey.expectations)} expectations")
    file = journey.span.file if journey.span else None
    expectations = tuple(
        judge(e, made.of(e.where), base_made.of(e.where) if base_made else None, file=file)
        for e in journey.expectations
    )
    segment_results = tuple(
        SegmentResult(field=by, value=segment.value, metrics=headline(made.of(segment.predicate)),
                      expectations=tuple(judge(e, made.of(narrowed(segment.predicate, e.where)), None, file=file)
                                         for e in journey.expectations))
        for segment in found
        if made.of(segment.predicate).facts.sessions
    )
    period_results = tuple(
        PeriodResult(period=period.kind, label=period.label, start=period.start, end=period.end,
                     metrics=headline(made.of(period.predicate)),
                     expectations=tuple(judge(e, made.of(narrowed(period.predicate, e.where)), None, file=file)
                                        for e in journey.expectations))
        for period in periods
        if made.of(period.predicate).facts.sessions
    )
    note(f"{journey.id}: listing variants, transitions and impact")
    whole = made.of(None)
    variants, rest = _listing(whole)
    value = journey.value
    totals = row_totals(facts.totals)
    base_totals = row_totals(base_facts.totals) if base_facts is not None else None
    read = facts.time_read
    order = read.order if read is not None and not read.clock else None
    warnings = tuple(w for w in (skipped_warning(totals, facts.scope, order=order),
                                 base_totals and skipped_warning(base_totals, facts.scope, "baseline data: ", order),
                                 instrumented_warning(journey),
                                 *facts.source_notes,
                                 *(f"baseline data: {note}" for note in (base_facts.source_notes if base_facts else ())))
                     if w)
    # A path is named as the project names it (relative, no `..`); a table as the engine knows it.
    shown = describe_data(source) if isinstance(source, (str, os.PathLike)) else facts.source
    unused = TimeWarning.format_not_needed(read, shown)
    time_warnings = tuple(TimeWarning(message=m, help=h) for m, h in facts.time_warnings) + ((unused,) if unused else ())
    result = JourneyResult(
        id=journey.id, title=journey.title, file=file, source=shown, engine=facts.engine, scope=facts.scope,
        population=facts.population.sessions, value=float(value.amount) if value else None,
        currency=value.currency if value else None, metrics=headline(whole),
        baseline=headline(base_made.of(None)) if base_made else None, expectations=expectations,
        variants=variants, distinct_variants=facts.population.distinct_variants, other_variants=rest,
        transitions=_transitions(journey, whole), steps=_steps(whole), outcomes=outcomes(whole.table, journey),
        impact=impact(whole, min_paths), stages=stages(whole, min_paths), min_paths=min_paths,
        coverage=coverage(whole, facts.totals), segments=segment_results, periods=period_results, totals=totals,
        baseline_totals=base_totals, warnings=warnings, time_format=facts.time_format, time_read=read,
        time_warnings=time_warnings, data_from=_instant(facts.time_span, 0), data_to=_instant(facts.time_span, 1),
    )
    result._metrics = made
    return result


def _instant(span: tuple[int, int] | None, end: int) -> datetime | None:
    """One end of the time span as a date and time; None without one, or past year 9999 (JS321 warns of those)."""
    if span is None:
        return None
    try:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=span[end])
    except OverflowError:
        return None


def _periods(journey: Journey, kind: str | None, source: Any, settings: SourceConfig, engine: str,
             note: Progress) -> list[Period]:
    """The calendar periods the journey's data covers (none without ``kind``); one small query for the span."""
    if kind is None:
        return []
    from journeyspec.engine.span import time_span

    calendar_periods(kind, None)  # an unknown kind is refused before any data is read
    note(f"{journey.id}: finding the {kind}s the data covers")
    span = time_span(journey, source, config=settings, engine=engine, why=f"--by-period {kind} groups paths by")
    return calendar_periods(kind, span, settings.timezone)


def check(journeys_or_paths: Any, data: Any = None, *, by: str | None = None, by_period: str | None = None,
          baseline: Any = None,
          config: SourceConfig | None = None, source: str | None = None,
          overrides: Mapping[str, Any] | None = None, engine: str | None = None,
          progress: Progress | None = None, min_paths: int = MIN_PATHS) -> CheckResult:
    """Hold journeys against observed events; see :func:`journeyspec.check`."""
    min_paths = checked_min_paths(min_paths)
    journeys = resolve_journeys(journeys_or_paths)
    results = tuple(check_journey(j, data, by=by, by_period=by_period, baseline=baseline, config=config, source=source,
                                  overrides=overrides, engine=engine, progress=progress, min_paths=min_paths)
                    for j in journeys)
    sources = list(dict.fromkeys(r.source for r in results))
    return CheckResult(source=", ".join(sources) if sources else describe_data(data),
                       baseline_source=describe_data(baseline) if baseline is not None else None, by=by,
                       by_period=by_period,
                       journeys=results, warnings=tuple(f"{r.id}: {w}" for r in results for w in r.warnings))


__all__ = ["FactsMetrics", "check", "check_journey", "checked_min_paths", "headline", "resolve_journeys"]
