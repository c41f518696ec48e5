"""The result of `journeyspec check`: frozen models every report and integration is made from.

Values are unrounded (fractions, seconds); the reports format them for
people. ``model_dump(mode="json", by_alias=True)`` is the JSON report, and its
schema is committed as spec/check-result.schema.json.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field, PrivateAttr

from journeyspec.engine.facts.models import TimeRead
from journeyspec.ir.base import FrozenModel, by_id

Status = Literal["pass", "fail", "inconclusive", "skipped"]


class _Frozen(FrozenModel):
    # The JSON report writes a few fields under other names (aliases); Python reads both.
    model_config = ConfigDict(**FrozenModel.model_config, populate_by_name=True)


class Interval(_Frozen):
    """A confidence interval of a proportion (Wilson score)."""

    low: float = Field(description="Lower bound (fraction).")
    high: float = Field(description="Upper bound (fraction).")
    confidence: float = Field(description="Confidence level, e.g. 0.95.")


class Decision(_Frozen):
    """Which rule decided a verdict, and where the map set it (spec/metrics.md, "Verdicts")."""

    rule: Literal["interval", "point_estimate"] = Field(
        description="`interval`: the interval decided (Wilson; Newcombe's for a change against a baseline); "
        "`point_estimate`: the observed value alone.")
    confidence: float | None = Field(default=None, description="The level of the interval that decided (0.95).")
    set_by: Literal["default", "journey", "expectation", "metric"] = Field(
        description="`default`: no rule written, so the 95% interval; `journey`: the journey's `judge by`; "
        "`expectation`: its own `confidence` or `point estimate`; `metric`: sessions, time and emotion have no "
        "interval, so their value decides.")


class Evidence(_Frozen):
    """One offending variant, path or transition behind an expectation's value."""

    kind: Literal["variant", "transition"] = Field(description="What `path` is: a whole path or one transition.")
    path: tuple[str, ...] = Field(description="Step ids: the variant's path, or (from, to) of a transition.")
    count: int = Field(description="Sessions (or users) taking the variant; occurrences of a transition.")
    share: float | None = Field(default=None, description="`count` over the expectation's population.")
    cost: int | None = Field(default=None, description="Alignment cost of the variant (conformance).")
    seconds: float | None = Field(default=None, description="A duration behind the evidence (time).")
    note: str | None = Field(default=None, description="Why this item is shown.")


class Comparison(_Frozen):
    """A value beside its value on a baseline dataset."""

    value: float | None = Field(description="Value on the checked data.")
    baseline: float | None = Field(description="Value on the baseline data.")
    difference: float | None = Field(description="value - baseline (fraction points for proportions).")
    relative: float | None = Field(description="(value - baseline) / baseline.")
    p_value: float | None = Field(default=None, description="Two-proportion z-test p-value (proportions only).")
    baseline_population: int | None = Field(default=None, description="Population of the baseline value.")


class ExpectationResult(_Frozen):
    """The verdict of one `expect`."""

    text: str = Field(description="Canonical text of the expectation, without `expect`.")
    file: str | None = Field(default=None, description="Map file.")
    line: int | None = Field(default=None, description="Line of the expectation in the map.")
    column: int | None = Field(default=None, description="Column of the expectation in the map.")
    metric: str = Field(description="Canonical text of the metric, e.g. `conversion product -> purchase`.")
    kind: str = Field(description="Metric kind (sessions, conformance, conversion...).")
    value: float | None = Field(description="Observed value (unrounded; fraction, count, seconds or score).")
    comparator: str = Field(description="How the value must compare with the threshold.")
    threshold: float = Field(description="The threshold, in its unit.")
    unit: str = Field(description="fraction, count, seconds, score, relative or points.")
    status: Status = Field(description="pass, fail, inconclusive or skipped.")
    reason: str | None = Field(default=None, description="Why a verdict is inconclusive or skipped.")
    population: int = Field(description="The count the value is taken over (a proportion's denominator).")
    successes: int | None = Field(default=None, description="A proportion's numerator.")
    interval: Interval | None = Field(default=None, description="Interval of `value` (proportions only): Wilson's, "
                                      "or Newcombe's for a change against the baseline. Shown at 95% when the point "
                                      "estimate decides.")
    confidence: float | None = Field(default=None, description="The expectation's own `confidence`, when given.")
    decided_by: Decision = Field(description="The rule that decides the verdict, and where the map set it.")
    where: str | None = Field(default=None, description="Canonical text of the expectation's `where`.")
    plain: str | None = Field(default=None, description="The expectation in plain words, without the verdict "
                              "(`at least 30% of people who reach “View a hotel” go on to reach “Guest details”`).")
    baseline: Comparison | None = Field(default=None, description="For `vs baseline`: the change judged.")
    evidence: tuple[Evidence, ...] = Field(default=(), description="Top offending variants or transitions.")


class Metrics(_Frozen):
    """The headline metrics of a population."""

    sessions: int = Field(description="N: paths with at least one step event.")
    success: int = Field(description="Paths reaching a success step.")
    success_rate: float | None = Field(description="success / sessions.")
    conformance: float | None = Field(description="Share of paths that follow the design.")
    fitness: float | None = Field(description="Mean over paths of 1 - cost / (length + 1).")
    mean_cost: float | None = Field(description="Mean optimal alignment cost over paths.")
    unexpected_transitions: float | None = Field(description="Share of observed transitions that are not designed.")


class VariantResult(_Frozen):
    """One distinct path."""

    path: tuple[str, ...] = Field(description="Step ids in order.")
    count: int = Field(description="Paths taking it.")
    success: int = Field(description="Of those, paths reaching a success step.")
    conforms: bool = Field(description="Begins at a start step and follows designed edges only.")
    cost: int = Field(description="Optimal alignment cost against the design.")


class TransitionResult(_Frozen):
    """One observed transition."""

    source: str = Field(alias="from", description="Step id left.")
    target: str = Field(alias="to", description="Step id entered.")
    count: int = Field(description="Occurrences over all paths.")
    sessions: int = Field(description="Paths containing it.")
    designed: bool = Field(description="Whether the design has this edge.")
    p50: float | None = Field(default=None, description="Median seconds between the two visits.")
    p90: float | None = Field(default=None, description="90th percentile seconds.")


class StepResult(_Frozen):
    """Per-step facts and rates."""

    reached: int = Field(description="Paths containing the step.")
    ended: int = Field(description="Paths whose last step it is, successful or not.")
    dropped: int = Field(description="Of those, the abandoned paths (no success step, not ended at a designed "
                                     "ending): the drop-offs at the step.")
    reach: float | None = Field(description="reached / sessions.")
    dropoff: float | None = Field(description="dropped / reached: the share of paths reaching the step that end "
                                  "there abandoned (spec/metrics.md, \"Drop-off\"); null at a designed ending.")
    friction: float | None = Field(description="Paths with friction at the step / reached.")
    instrumented: bool = Field(default=True, description="False for a step without `when` (not instrumented "
                               "yet): no event can be it, so its rates are null, not 0.")


class ImpactItem(_Frozen):
    """One gap worth fixing, with what it costs and how sure that is (spec/metrics.md, "Impact")."""

    kind: Literal["dropoff", "deviation"] = Field(description="Abandoned paths ending at a step, or an undesigned "
                                                  "transition.")
    step: str | None = Field(default=None, description="For drop-off: the step.")
    transition: tuple[str, str] | None = Field(default=None, description="For deviation: (from, to).")
    sessions: int = Field(description="Abandoned paths ending at the step (its drop-offs), or paths containing the "
                                      "transition.")
    success_rate: float | None = Field(description="Success rate of the paths affected (0 for drop-offs); null when "
                                       "it rests on too few paths.")
    reference_rate: float | None = Field(description="Success rate they are compared with: of the paths that "
                                         "continued past the step, or of conforming paths; null when too few.")
    reference_paths: int = Field(description="Paths the reference rate is taken over.")
    min_paths: int = Field(description="The fewest paths a rate here may rest on (check --min-paths).")
    too_few_paths: bool = Field(default=False, description="A rate rests on fewer than min_paths paths: the gap "
                                "carries no figure and is listed after every gap that has one.")
    lost_successes: float | None = Field(default=None, description="Successes lost: sessions x (reference - success "
                                         "rate); null with too few paths.")
    lost_successes_low: float | None = Field(default=None, description="Lower end of its 95% interval (Wilson for a "
                                             "drop-off, Newcombe for a deviation); the list is ranked by it.")
    lost_successes_high: float | None = Field(default=None, description="Upper end of its 95% interval.")
    value_lost: float | None = Field(default=None, description="lost_successes x the journey's value.")
    value_lost_low: float | None = Field(default=None, description="lost_successes_low x the journey's value.")
    value_lost_high: float | None = Field(default=None, description="lost_successes_high x the journey's value.")
    currency: str | None = Field(default=None, description="Currency of the value.")


class Outcome(_Frozen):
    """How many paths ended one way: they succeeded, stopped at one designed ending, or were abandoned."""

    kind: Literal["success", "ending", "abandoned"] = Field(
        description="success (the path visits a success step), ending (it stopped at a designed ending without "
                    "success; `step` says which) or abandoned (neither).")
    step: str | None = Field(default=None, description="For an ending: its step id.")
    title: str = Field(description="`succeeded`, the ending step's title, or `abandoned`.")
    paths: int = Field(description="Paths with this outcome.")
    share: float | None = Field(description="paths / population; the outcomes' shares add up to 1.")
    interval: Interval | None = Field(default=None, description="Wilson interval of the share at 95%.")


class StageResult(_Frozen):
    """Designed against observed emotion, with friction and drop-off, per stage (spec/metrics.md, "Stages")."""

    stage: str = Field(description="Stage id.")
    designed_emotion: int | None = Field(default=None, description="Designed emotion -3..+3.")
    observed_emotion: float | None = Field(default=None, description="Observed sentiment rescaled to -3..+3.")
    sentiment_events: int = Field(default=0, description="Events the observed emotion is taken over.")
    reached: int = Field(default=0, description="Paths reaching a step of the stage.")
    friction: float | None = Field(default=None, description="Friction paths over reached, summed over the stage's steps.")
    friction_interval: Interval | None = Field(default=None, description="95% Wilson interval of friction.")
    dropoff: float | None = Field(default=None, description="Abandoned paths whose last step is in the stage over "
                                  "paths reaching the stage.")
    dropoff_interval: Interval | None = Field(default=None, description="95% Wilson interval of dropoff.")
    too_few_paths: bool = Field(default=False, description="Fewer than the minimum paths reach the stage: its rates "
                                "are shown, but never flag it.")
    flagged: bool = Field(default=False, description="Designed positive, but the data say otherwise (see flags).")
    flags: tuple[Literal["dropoff", "friction", "emotion"], ...] = Field(
        default=(), description="Why it is flagged, on at least min_paths paths: `dropoff` or `friction` above the "
        "other stages' (weighted by their paths) by more than chance (the 95% Newcombe interval of the difference "
        "lies above 0); `emotion`: observed emotion below 0.")


class Coverage(_Frozen):
    """What the design does not meet in the data."""

    unobserved_steps: tuple[str, ...] = Field(default=(), description="Steps no path visits.")
    unobserved_edges: tuple[tuple[str, str], ...] = Field(default=(), description="Designed edges never taken.")
    off_map_share: float | None = Field(default=None, description="Off-map events over events kept after `ignore`.")
    top_off_map: tuple[tuple[str | None, int], ...] = Field(default=(), description="Most frequent off-map events.")


class RowTotals(_Frozen):
    """What became of every row of the source: each is counted here once, none silently lost.

    ``rows = skipped + ignored + friction + off_map + step_events``. Skipped rows
    (no session, or under `scope user` no user, or no time) are counted in no
    metric; when there are any, the journey carries a warning.
    """

    rows: int = Field(description="Rows read from the source.")
    skipped: int = Field(description="Rows counted in no metric: skipped_null_session + skipped_null_time.")
    skipped_null_session: int = Field(description="Rows skipped because their session (or, under `scope user`, "
                                                  "their user) was missing.")
    skipped_null_time: int = Field(description="Rows skipped because their time was missing.")
    ignored: int = Field(description="Events dropped by the journey's `ignore` statements.")
    friction: int = Field(description="Friction events.")
    off_map: int = Field(description="Events that match no step (and are neither ignored nor friction).")
    step_events: int = Field(description="Events assigned to a step.")


class SegmentResult(_Frozen):
    """The metrics and expectations of one value of a `--by` field."""

    field: str = Field(description="The breakdown field.")
    value: Any = Field(description="The field's value on the path's first event; null for missing; `(other)` for the rest.")
    metrics: Metrics = Field(description="Headline metrics of the segment.")
    expectations: tuple[ExpectationResult, ...] = Field(description="Every expectation judged on the segment.")


class PeriodResult(_Frozen):
    """The metrics and expectations of one calendar period (`--by-period week|month`)."""

    period: Literal["week", "month"] = Field(description="The kind of period.")
    label: str = Field(description="The period's name: `2026-W02` (an ISO week) or `2026-01`.")
    start: date = Field(description="Its first day, in the source's time zone.")
    end: date = Field(description="Its last day.")
    metrics: Metrics = Field(description="Headline metrics of the paths whose first event falls in the period.")
    expectations: tuple[ExpectationResult, ...] = Field(description="Every expectation judged on those paths.")


class TimeWarning(_Frozen):
    """A warning about the event times as read: JS321, they fall before 1990 or past next year; JS325, a
    `time_format` was given for a column that is already a timestamp (and was not used)."""

    code: str = Field(default="JS321", description="The diagnostic code.")
    message: str = Field(description="What the times look like, read as configured.")
    help: str = Field(description="The unit that would put them in range, or what to check.")

    @classmethod
    def format_not_needed(cls, read: TimeRead | None, source: str) -> TimeWarning | None:
        """JS325 when a ``time_format`` was given for a column that is already a timestamp or date, else None."""
        if read is None or read.unused_format is None:
            return None
        return cls(code="JS325", message=f"`{read.column}` of {source} is already a {read.type}; `time_format` "
                   f"{read.unused_format!r} is not needed, and the column is read as it is",
                   help="remove `time_format`: it reads text and numbers, not timestamps")


class JourneyResult(_Frozen):
    """Everything `check` found for one journey."""

    id: str = Field(description="Journey id.")
    title: str = Field(description="Journey display name.")
    file: str | None = Field(default=None, description="Map file.")
    source: str = Field(description="The data checked.")
    engine: str = Field(description="Where the data was reduced.")
    scope: Literal["session", "user"] = Field(description="Whether a path is a session or a user.")
    population: int = Field(description="N: paths with at least one step event.")
    value: float | None = Field(default=None, description="Worth of one successful journey.")
    currency: str | None = Field(default=None, description="Currency of `value`.")
    metrics: Metrics = Field(description="Headline metrics of the whole population.")
    baseline: Metrics | None = Field(default=None, description="The same metrics on the baseline data.")
    expectations: tuple[ExpectationResult, ...] = Field(description="One verdict per `expect`, in written order.")
    variants: tuple[VariantResult, ...] = Field(description="The most frequent variants (at least 100).")
    distinct_variants: int = Field(description="Distinct variants in the data.")
    other_variants: int = Field(default=0, description="Paths in variants not listed.")
    transitions: tuple[TransitionResult, ...] = Field(description="Observed transitions in step order.")
    steps: dict[str, StepResult] = Field(description="Per step id, in declaration order.")
    outcomes: tuple[Outcome, ...] = Field(default=(), description="How paths end: success, each designed ending "
                                          "(`end`), abandoned; shares of the population, adding up to 1.")
    impact: tuple[ImpactItem, ...] = Field(description="Fix first: drop-offs and deviations, by the lower bound of "
                                           "their successes lost; gaps resting on too few paths last.")
    min_paths: int = Field(default=30, description="The fewest paths a rate in Fix first or a stage flag rests on.")
    stages: tuple[StageResult, ...] = Field(default=(), description="Designed vs observed emotion per stage.")
    coverage: Coverage = Field(default_factory=Coverage, description="Unobserved steps and edges, off-map events.")
    segments: tuple[SegmentResult, ...] = Field(default=(), description="Per value of the `--by` field.")
    data_from: datetime | None = Field(default=None, description="The time of the first event read (UTC); null "
                                       "without a clock.")
    data_to: datetime | None = Field(default=None, description="The time of the last event read (UTC).")
    periods: tuple[PeriodResult, ...] = Field(default=(), description="Per calendar period (`--by-period`), in "
                                              "time order; periods without paths are left out.")
    totals: RowTotals = Field(description="What became of every row of the data checked.")
    baseline_totals: RowTotals | None = Field(default=None, description="The same for the baseline data.")
    warnings: tuple[str, ...] = Field(default=(), description="What a reader must know before trusting the "
                                                              "numbers, e.g. rows skipped for a missing session or time.")
    time_format: str | None = Field(default=None, description="The configured `time_format`: epoch_s, epoch_ms, "
                                    "epoch_us, epoch_ns, a strftime pattern, or null (see `time_read` for how "
                                    "times were read).")
    time_read: TimeRead | None = Field(default=None, description="How times were read: the column, its type, the "
                                       "format or unit, the time zone; or, without a clock, the order column.")
    time_warnings: tuple[TimeWarning, ...] = Field(default=(), description="JS321: implausible times, as read; JS325: "
                                                   "a `time_format` a typed column did not need.")
    _metrics: Any = PrivateAttr(default=None)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """In a notebook: the verdicts as an SVG board, an HTML and a Markdown table, and text."""
        from journeyspec.ir.display import bundle

        return bundle("check-result", self, include, exclude, lambda: repr(self))

    @property
    def failed(self) -> tuple[ExpectationResult, ...]:
        return tuple(e for e in self.expectations if e.status == "fail")

    @property
    def facts(self) -> Any:
        """The reduced facts behind this result (what the observed overlay draws); None when loaded from JSON."""
        return self._metrics.facts if self._metrics is not None else None

    def metric(self, kind: str, *args: str, within: int | str | None = None, where: str | None = None) -> float | None:
        """Any metric of this journey, by kind and arguments, as the language names them.

        ``result.metric("conversion", "product", "purchase")``, ``metric("time", "p90", "a", "b")``,
        ``metric("dropoff", "cart")``, ``metric("fitness")``. ``where`` takes the canonical text of a
        `where` the journey's expectations use. Raises ``KeyError`` for a pair, field or `where` that was
        not reduced (only the pairs and fields of the journey's expectations are).
        """
        computed = self._metrics
        if computed is None:
            raise KeyError("this result was loaded without its facts; metric() needs a fresh check()")
        return computed.value(kind, args, within=within, where=where)


class CheckResult(_Frozen):
    """What `journeyspec check` found, over every journey checked."""

    source: str = Field(description="The data checked.")
    baseline_source: str | None = Field(default=None, description="The baseline data, when given.")
    by: str | None = Field(default=None, description="The breakdown field, when given.")
    by_period: Literal["week", "month"] | None = Field(default=None, description="The calendar period of "
                                                       "`--by-period`, when given.")
    journeys: tuple[JourneyResult, ...] = Field(description="One result per journey, in map order.")
    warnings: tuple[str, ...] = Field(default=(), description="Every journey's warnings, each led by the journey's "
                                                              "id (`shop: 2 of 22 rows skipped ...`).")

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """In a notebook: the verdicts as an SVG board, an HTML and a Markdown table, and text."""
        from journeyspec.ir.display import bundle

        return bundle("check-result", self, include, exclude, lambda: repr(self))

    @property
    def expectations(self) -> tuple[ExpectationResult, ...]:
        """Every expectation of every journey."""
        return tuple(e for journey in self.journeys for e in journey.expectations)

    def counts(self) -> dict[str, int]:
        """How many expectations have each status."""
        found = {"pass": 0, "fail": 0, "inconclusive": 0, "skipped": 0}
        for expectation in self.expectations:
            found[expectation.status] += 1
        return found

    def exit_code(self, strict: bool = False) -> int:
        """1 when an expectation fails (or, with ``strict``, is inconclusive or skipped), else 0."""
        bad = ("fail", "inconclusive", "skipped") if strict else ("fail",)
        return 1 if any(e.status in bad for e in self.expectations) else 0

    def journey(self, journey_id: str) -> JourneyResult:
        """The result of the journey with this id; ``KeyError`` when it was not checked."""
        return by_id(self.journeys, journey_id)

    def metric(self, kind: str, *args: str, **options) -> float | None:
        """:meth:`JourneyResult.metric` of the only journey checked."""
        if len(self.journeys) != 1:
            raise ValueError("several journeys were checked; use result.journey(ID).metric(...)")
        return self.journeys[0].metric(kind, *args, **options)

    def to_json(self) -> dict:
        """The JSON report as plain data."""
        return self.model_dump(mode="json", by_alias=True)


__all__ = [
    "CheckResult",
    "Comparison",
    "Coverage",
    "Decision",
    "Evidence",
    "ExpectationResult",
    "ImpactItem",
    "Interval",
    "JourneyResult",
    "Metrics",
    "Outcome",
    "PeriodResult",
    "RowTotals",
    "SegmentResult",
    "StageResult",
    "Status",
    "StepResult",
    "TimeRead",
    "TimeWarning",
    "TransitionResult",
    "VariantResult",
]
