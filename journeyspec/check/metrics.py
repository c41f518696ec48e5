"""Every metric of the language, computed exactly from a population's reduced facts.

The definitions are spec/metrics.md's; each function's docstring repeats the
one line that matters. A :class:`Measurement` carries the value and what it
is taken over, so the statistics can put an interval on proportions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from journeyspec.check.alignment import DesignModel, VariantTable, alignment_costs
from journeyspec.check.endings import ended_by_design
from journeyspec.engine.facts.models import PopulationFacts
from journeyspec.ir import Journey
from journeyspec.ir.expectations import PROPORTION_KINDS, share_population
from journeyspec.ir.predicates import Predicate


@dataclass(frozen=True)
class Measurement:
    """An observed metric value.

    Attributes:
        value: The value (a fraction for proportions, seconds for time, a score for emotion); None
            when nothing was observed to take it over.
        population: What the value is taken over: the denominator of a proportion, the converted
            paths of a time, the sentiment events of an emotion, N for sessions.
        successes: The numerator of a proportion (None for other metrics).
    """

    value: float | None
    population: int
    successes: int | None = None

    @property
    def proportion(self) -> bool:
        return self.successes is not None


def _share(part: int, whole: int) -> Measurement:
    return Measurement(part / whole if whole else None, whole, part)


class PopulationMetrics:
    """The metrics of one population (all paths, a `where`, or a segment), computed lazily and once."""

    def __init__(self, journey: Journey, facts: PopulationFacts, model: DesignModel | None = None, *,
                 where: Predicate | None = None,
                 populations: Callable[[Predicate], PopulationMetrics] | None = None) -> None:
        self.journey = journey
        self.facts = facts
        self.model = model or DesignModel.of(journey)
        # `share where C` is a population of the same reduction (C and this population's `where`) over this one.
        self.where = where
        self.populations = populations

    @cached_property
    def table(self) -> VariantTable:
        return VariantTable.of(self.facts, self.journey.step_ids)

    @cached_property
    def costs(self) -> np.ndarray:
        """Optimal alignment cost per variant (in the facts' variant order)."""
        return alignment_costs(self.table, self.model)

    @cached_property
    def ended_by_design(self) -> np.ndarray:
        """Per variant: the path stopped at a designed ending without success (spec/metrics.md, "Outcomes")."""
        return ended_by_design(self.table, self.journey)

    @cached_property
    def abandoned(self) -> np.ndarray:
        """Per variant: how many of its paths are abandoned: they reach no success step and did not end by design.

        The one home of "abandoned": drop-off (the metric, the step and stage
        tables, the overlay) and "Fix first" all count these paths only, so a
        path that stopped at a designed ending (`end`) is never a drop-off.
        """
        return np.where(self.ended_by_design, 0, self.table.counts - self.table.success)

    def dropped(self, step: str) -> int:
        """Abandoned paths whose last step is ``step`` (or one of a group's steps): the drop-offs at it (0 at a designed ending)."""
        return int(self.abandoned[self.ends_in(step)].sum())

    @cached_property
    def conforms(self) -> np.ndarray:
        """Per variant: the path is a designed walk (begins at a start step, follows flow edges)."""
        return self.costs == 0

    # --- path metrics -----------------------------------------------------
    def sessions(self) -> Measurement:
        """N: paths (or users) with at least one step event."""
        return Measurement(float(self.facts.sessions), self.facts.sessions)

    def conformance(self) -> Measurement:
        """The share of paths that begin at a start step and follow designed edges only."""
        return _share(self.table.sessions(self.conforms), self.facts.sessions)

    def mean_cost(self) -> float | None:
        """The mean optimal alignment cost over paths."""
        total = self.table.sessions()
        return float((self.costs * self.table.counts).sum() / total) if total else None

    def fitness(self) -> float | None:
        """The mean over paths of 1 - cost / (path length + 1)."""
        total = self.table.sessions()
        if not total:
            return None
        per_variant = 1 - self.costs / (self.table.lengths + 1)
        return float((per_variant * self.table.counts).sum() / total)

    def conversion(self, source: str, target: str, within: int | None = None) -> Measurement:
        """Among paths containing A, the share with B after the first A (no later than ``within``)."""
        pair = self.facts.pair(source, target)
        if within is None:
            return _share(pair.converted, pair.with_source)
        for window in pair.windows:
            if window.within == within:
                return _share(window.converted, pair.with_source)
        raise KeyError((source, target, within))

    def reach(self, step: str) -> Measurement:
        """The share of paths containing X (a group: the share that complete it)."""
        if self.journey.is_group(step):
            return _share(self.table.sessions(self.completes(step)), self.facts.sessions)
        return _share(self.facts.step(step).reached, self.facts.sessions)

    def dropoff(self, step: str) -> Measurement:
        """Among paths containing X, the share that end at X abandoned (no success step, no designed ending).

        A group reads "X" as "a step of the group": paths entering any of its
        steps, and abandoned paths whose last step is one of them.
        """
        if self.journey.is_group(step):
            entered = np.logical_or.reduce([self.table.contains(m) for m in self.journey.group(step).steps])
            return _share(self.dropped(step), self.table.sessions(entered))
        return _share(self.dropped(step), self.facts.step(step).reached)

    def visits(self, node: str) -> np.ndarray:
        """Per variant: whether its path visits the step (or completes the group)."""
        return self.completes(node) if self.journey.is_group(node) else self.table.contains(node)

    def ends_in(self, node: str) -> np.ndarray:
        """Per variant: whether its last step is the step (or one of the group's steps)."""
        return np.logical_or.reduce([self.table.ends_at(step) for step in self.journey.members(node)])

    def completes(self, group_id: str) -> np.ndarray:
        """Per variant: whether its path completes the group (visits as many of its steps as it needs)."""
        group = self.journey.group(group_id)
        done = sum(self.table.contains(step).astype(np.int64) for step in group.steps)
        return done >= group.required

    def time(self, statistic: str, source: str, target: str) -> Measurement:
        """A quantile or the mean of the time from the first A to the first B after it, in seconds."""
        pair = self.facts.pair(source, target)
        return Measurement(pair.time.statistic(statistic), pair.converted)

    def skips(self, step: str) -> Measurement:
        """Among paths that reach a success step, the share that never visit X (a group: never complete it)."""
        visited = self.completes(step) if self.journey.is_group(step) else self.table.contains(step)
        skipped = self.table.successes(~visited)
        return _share(skipped, self.table.successes())

    def unexpected_transitions(self) -> Measurement:
        """The share of observed transitions (consecutive pairs, all paths) that no design allows
        (:meth:`~journeyspec.ir.journey.Journey.designed_transitions`)."""
        designed = self.journey.designed_transitions()
        total = sum(t.count for t in self.facts.transitions)
        unexpected = sum(t.count for t in self.facts.transitions if (t.source, t.target) not in designed)
        return _share(unexpected, total)

    def friction(self, step: str) -> Measurement:
        """Among paths containing X, the share with at least one friction event attributed to X."""
        facts = self.facts.step(step)
        return _share(facts.friction_sessions, facts.reached)

    def switches(self, field: str) -> Measurement:
        """The share of paths whose events carry more than one distinct value of FIELD."""
        return _share(self.facts.switch(field).sessions, self.facts.sessions)

    def emotion(self, stage: str) -> Measurement:
        """The mean sentiment of the stage's steps' events, rescaled from LO..HI to -3..+3."""
        sentiment = self.journey.sentiment
        steps = [self.facts.step(s) for s in self.journey.stage(stage).steps]
        count = sum(s.sentiment_count for s in steps)
        if sentiment is None or not count:
            return Measurement(None, count)
        mean = sum(s.sentiment_sum for s in steps) / count
        return Measurement(rescale(mean, sentiment.low, sentiment.high), count)

    def measure(self, metric, *, within: int | None = None) -> Measurement:
        """The measurement of an IR metric (``expectation.metric``)."""
        kind = metric.kind
        if kind == "sessions":
            return self.sessions()
        if kind == "conformance":
            return self.conformance()
        if kind == "conversion":
            return self.conversion(metric.from_step, metric.to_step, within)
        if kind == "time":
            return self.time(metric.statistic, metric.from_step, metric.to_step)
        if kind == "unexpected_transitions":
            return self.unexpected_transitions()
        if kind == "switches":
            return self.switches(metric.field)
        if kind == "emotion":
            return self.emotion(metric.stage)
        if kind == "share":
            return self.share(metric.condition)
        return getattr(self, kind)(metric.step)

    def share(self, condition: Predicate) -> Measurement:
        """The share of this population's paths whose first event matches ``condition``."""
        if self.populations is None:
            raise ValueError("`share` needs the populations of its reduction; measure it through journeyspec.check")
        part = self.populations(share_population(condition, self.where))
        return _share(part.facts.sessions, self.facts.sessions)


def rescale(value: float, low: float, high: float) -> float:
    """Map ``value`` linearly from ``low..high`` to ``-3..+3``."""
    return -3 + 6 * (value - low) / (high - low)


def is_proportion(kind: str) -> bool:
    return kind in PROPORTION_KINDS


__all__ = ["Measurement", "PopulationMetrics", "is_proportion", "rescale"]
