"""The reduced facts: everything later features compute from, and nothing more.

A :class:`Facts` is small (a few thousand numbers plus the variant table),
frozen and JSON-serialisable, so the metrics, reports and docs never touch
the event table itself. Durations are seconds; counts are sessions (or users
under ``scope user``) unless a name says events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from journeyspec.ir.base import FrozenModel as Frozen
from journeyspec.engine.facts.variant import Variants
from journeyspec.ir.journey import Journey
from journeyspec.ir.predicates import Predicate

QUANTILES: tuple[tuple[str, float], ...] = (("p50", 0.5), ("p75", 0.75), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99))
"""The quantiles every duration is summarised by (linear interpolation, as DuckDB's ``quantile_cont``)."""


class Durations(Frozen):
    """A summary of durations in seconds; every field is None when there were none."""

    count: int = Field(description="How many durations were summarised.")
    mean: float | None = Field(default=None, description="Arithmetic mean.")
    p50: float | None = Field(default=None, description="Median.")
    p75: float | None = Field(default=None, description="75th percentile.")
    p90: float | None = Field(default=None, description="90th percentile.")
    p95: float | None = Field(default=None, description="95th percentile.")
    p99: float | None = Field(default=None, description="99th percentile.")

    def statistic(self, name: str) -> float | None:
        """The value of ``mean`` or ``p50``..``p99``."""
        return getattr(self, name)


class NameCount(Frozen):
    """An event name and how many events carried it."""

    name: str | None = Field(description="The event name (None for events without one).")
    count: int = Field(description="Number of events.")


class EventTotals(Frozen):
    """What happened to every row of the source (rule 1 of the data semantics)."""

    rows: int = Field(description="Rows read from the source.")
    skipped_null_session: int = Field(description="Rows skipped because their session (or user) was missing.")
    skipped_null_time: int = Field(description="Rows skipped because their time was missing.")
    ignored: int = Field(description="Events dropped by the journey's `ignore` statements.")
    friction: int = Field(description="Friction events.")
    off_map: int = Field(description="Events that match no step (and are neither ignored nor friction).")
    step_events: int = Field(description="Events assigned to a step.")
    top_off_map: tuple[NameCount, ...] = Field(default=(), description="The most frequent off-map event names.")

    @property
    def events(self) -> int:
        """Rows that were not skipped."""
        return self.rows - self.skipped_null_session - self.skipped_null_time

    @property
    def off_map_share(self) -> float | None:
        """Off-map events as a share of the events left after `ignore`."""
        kept = self.events - self.ignored
        return self.off_map / kept if kept else None


class Transition(Frozen):
    """Consecutive visits ``source`` then ``target`` in observed paths, and the time between them."""

    source: str = Field(description="Step id left.")
    target: str = Field(description="Step id entered.")
    count: int = Field(description="How many times this transition occurred (all paths).")
    sessions: int = Field(description="How many paths contain it at least once.")
    time: Durations = Field(description="Seconds from the first event of the source visit to that of the target visit.")


class StepFacts(Frozen):
    """Per-step counts over the population."""

    step: str = Field(description="Step id.")
    reached: int = Field(description="Paths containing the step.")
    ended: int = Field(description="Paths whose last step it is.")
    visits: int = Field(description="Visits of the step over all paths (after collapsing repeats).")
    friction_sessions: int = Field(description="Paths with at least one friction event attributed to the step.")
    friction_events: int = Field(description="Friction events attributed to the step.")
    sentiment_count: int = Field(description="Events carrying the sentiment field attributed to the step.")
    sentiment_sum: float = Field(description="Sum of the sentiment field over those events.")


class WindowCount(Frozen):
    """Conversions within a time window."""

    within: int = Field(description="Window in seconds.")
    converted: int = Field(description="Paths with the target no later than `within` after the first source.")


@dataclass(frozen=True)
class PairRequest:
    """A pair A -> B whose timing is wanted, and the windows to count conversions within.

    Attributes:
        source: Step or group id A.
        target: Step or group id B.
        within: Windows in seconds; conversions no later than each after the first A are counted.
    """

    source: str
    target: str
    within: tuple[int, ...] = ()


def pair_end(journey: Journey, node: str) -> int | tuple[tuple[int, ...], int]:
    """What one end of a pair stands for, as the reductions take it: a step's index, or for a group
    (steps in any order) its steps' indexes and how many of them complete it."""
    steps = journey.step_ids
    if journey.is_group(node):
        group = journey.group(node)
        return tuple(steps.index(s) for s in group.steps), group.required
    return steps.index(node)


class PairFacts(Frozen):
    """For a requested pair A -> B: the time from the first A to the first B after it.

    Either end may be a group of steps done in any order: its "first" is the visit that first
    completes it (after the first A, for B).
    """

    source: str = Field(description="Step or group id A.")
    target: str = Field(description="Step or group id B.")
    with_source: int = Field(description="Paths containing A.")
    converted: int = Field(description="Paths with B after the first A.")
    windows: tuple[WindowCount, ...] = Field(default=(), description="Conversions within each requested window.")
    time: Durations = Field(description="Seconds from the first A to the first B after it, over converted paths.")


class SwitchCount(Frozen):
    """How many paths' events carry more than one distinct value of a field."""

    field: str = Field(description="Event field, e.g. `device`.")
    sessions: int = Field(description="Paths with two or more distinct non-missing values.")


class PopulationFacts(Frozen):
    """The reduced facts of one population: all paths, or those whose first event matches `where`."""

    where: Predicate | None = Field(default=None, description="The filter on the first event; None for everyone.")
    where_text: str | None = Field(default=None, description="Canonical text of `where`.")
    sessions: int = Field(description="Population size N: paths with at least one step event.")
    success: int = Field(description="Paths that reach a success step.")
    variants: Variants = Field(
        description="Distinct paths, most frequent first (ties by path): a read-only sequence of Variant models "
                    "(a tuple or list of them is accepted); see journeyspec.engine.facts.variant.")
    distinct_variants: int = Field(description="Number of distinct paths before any cap.")
    other_variants: int = Field(default=0, description="Paths folded into the 'other' bucket by a variant cap.")
    transitions: tuple[Transition, ...] = Field(description="Observed transitions, sorted by (source, target).")
    steps: tuple[StepFacts, ...] = Field(description="One entry per step, in declaration order.")
    pairs: tuple[PairFacts, ...] = Field(default=(), description="Requested pairs, in request order.")
    switches: tuple[SwitchCount, ...] = Field(default=(), description="Requested fields, in request order.")
    friction_unattributed: int = Field(default=0, description="Friction events before the path's first step event.")
    sentiment_unattributed: int = Field(default=0, description="Sentiment events before the path's first step event.")

    def step(self, step_id: str) -> StepFacts:
        """The facts of one step; ``KeyError`` when the journey has no such step."""
        for facts in self.steps:
            if facts.step == step_id:
                return facts
        raise KeyError(step_id)

    def pair(self, source: str, target: str) -> PairFacts:
        """The facts of a requested pair; ``KeyError`` when it was not requested."""
        for facts in self.pairs:
            if (facts.source, facts.target) == (source, target):
                return facts
        raise KeyError((source, target))

    def switch(self, field: str) -> SwitchCount:
        """The switch count of a requested field; ``KeyError`` when it was not requested."""
        for facts in self.switches:
            if facts.field == field:
                return facts
        raise KeyError(field)


class TimeRead(Frozen):
    """How the time column was read (every report's header says it), or that the source has no clock."""

    column: str | None = Field(default=None, description="The time column; null when the source has no clock "
                               "(`time = false`): paths are then ordered by `order` alone.")
    type: str | None = Field(default=None, description="How the source holds the time: text, timestamp, timestamp "
                             "with time zone, date, integer or number.")
    format: str | None = Field(default=None, description="The strftime pattern, the epoch unit (epoch_s, epoch_ms, "
                               "epoch_us, epoch_ns), ISO-8601 for text read without a format, or null for a typed column.")
    zone: str | None = Field(default=None, description="The time zone of times without an offset (UTC unless the "
                             "source's `timezone` says otherwise); null when every time carries its own offset.")
    order: str | None = Field(default=None, description="The order column: the tie-breaker for equal times or, "
                              "without a clock, the only order.")
    unused_format: str | None = Field(default=None, description="A `time_format` the column did not need because it "
                                      "is a typed timestamp or date (warning JS325).")

    @property
    def clock(self) -> bool:
        """Whether the source has a clock: durations, windows and gap sessions can be measured."""
        return self.column is not None


class Facts(Frozen):
    """Everything the engine reduces an event table to, for one journey."""

    journey: str = Field(description="Journey id.")
    source: str = Field(description="What was read (path, URI or table name).")
    engine: Literal["duckdb", "spark", "ibis"] = Field(description="Where the reduction ran.")
    scope: Literal["session", "user"] = Field(description="Whether a path is a session or a user.")
    repeats: Literal["collapse", "keep"] = Field(description="Whether consecutive repeats of a step were collapsed.")
    totals: EventTotals = Field(description="What happened to every row.")
    population: PopulationFacts = Field(description="The whole population.")
    filtered: tuple[PopulationFacts, ...] = Field(
        default=(), description="One population per distinct `where` of the journey's expectations, in first-use order."
    )
    time_format: str | None = Field(
        default=None, description="How the time column was read: epoch_s, epoch_ms, epoch_us, a strftime pattern, "
        "or None for timestamps and ISO-8601 text."
    )
    time_warnings: tuple[tuple[str, str], ...] = Field(
        default=(), description="JS321 warnings as (message, help): times that, as read, fall before 1990 or "
        "more than a year from now."
    )
    time_read: TimeRead | None = Field(default=None, description="How the time column was read, or that there is "
                                       "no clock.")
    time_span: tuple[int, int] | None = Field(
        default=None, description="The least and greatest time of the events read, microseconds since 1970 (UTC); "
        "None without events or without a clock.")
    source_notes: tuple[str, ...] = Field(
        default=(), description="What reading the source found that a reader must know, each `CODE: message "
        "(help)`: XES events that cannot be placed (JS333), OCEL events on several paths or on none (JS335)."
    )

    def where(self, where_text: str | None) -> PopulationFacts:
        """The population for a `where` text (canonical), or the whole population for None."""
        if where_text is None:
            return self.population
        for population in self.filtered:
            if population.where_text == where_text:
                return population
        raise KeyError(where_text)


__all__ = [
    "QUANTILES",
    "Durations",
    "EventTotals",
    "Facts",
    "NameCount",
    "PairFacts",
    "PairRequest",
    "PopulationFacts",
    "StepFacts",
    "SwitchCount",
    "TimeRead",
    "Transition",
    "WindowCount",
    "pair_end",
]
