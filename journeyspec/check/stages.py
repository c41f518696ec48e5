"""The stage table: designed against observed emotion, friction and drop-off per stage, and which stages are at
odds with their design (spec/metrics.md, "Stages").

A stage designed to feel good is flagged only on evidence: on at least
``min_paths`` paths, its observed emotion is negative, or its drop-off or
friction is above the other stages' (their rate weighted by their paths) by
more than chance: the 95% interval of the difference (Newcombe's) lies above 0. Ranking stages against each other ("the worst third") flagged a
success stage for 2.2% friction among three stages; a rate that is high only
by rank, or only on a few paths, is no finding.
"""

from __future__ import annotations

import numpy as np

from journeyspec.check.metrics import PopulationMetrics
from journeyspec.check.result import Interval, StageResult
from journeyspec.check.stats import MIN_PATHS, difference_interval, wilson_interval
from journeyspec.ir.expectations import DEFAULT_CONFIDENCE


def _interval(part: int, whole: int) -> Interval | None:
    found = wilson_interval(part, whole, DEFAULT_CONFIDENCE)
    return None if found is None else Interval(low=found[0], high=found[1], confidence=DEFAULT_CONFIDENCE)


def _above(part: int, whole: int, rest_part: int, rest_whole: int) -> bool:
    """Whether part/whole is above rest_part/rest_whole by more than chance: Newcombe's interval is above 0."""
    difference = difference_interval(part, whole, rest_part, rest_whole, DEFAULT_CONFIDENCE)
    return difference is not None and difference[0] > 0


class _Counts:
    """Per stage: paths reaching it, abandoned paths ending in it, friction paths and visits over its steps."""

    def __init__(self, metrics: PopulationMetrics, codes: list[int]):
        table, facts, journey = metrics.table, metrics.facts, metrics.journey
        steps = [journey.step_ids[c] for c in codes]
        if codes and len(table.counts):
            lasts = table.codes[np.arange(len(table.lengths)), table.lengths - 1]
            self.reached = table.sessions(table.visits[:, codes].any(axis=1))
            self.dropped = int(metrics.abandoned[np.isin(lasts, codes)].sum())
        else:
            self.reached = self.dropped = 0
        self.friction = sum(facts.step(s).friction_sessions for s in steps)
        self.visits = sum(facts.step(s).reached for s in steps)

    @classmethod
    def summed(cls, parts: list[_Counts]) -> _Counts:
        total = cls.__new__(cls)
        for name in ("reached", "dropped", "friction", "visits"):
            setattr(total, name, sum(getattr(part, name) for part in parts))
        return total


def stages(metrics: PopulationMetrics, min_paths: int = MIN_PATHS) -> tuple[StageResult, ...]:
    """One row per stage, in written order, each flagged with why it is at odds with its design."""
    journey = metrics.journey
    counts = {stage.id: _Counts(metrics, [journey.step_ids.index(s) for s in stage.steps]) for stage in journey.stages}
    rows = []
    for stage in journey.stages:
        mine = counts[stage.id]
        # The other stages' rate, weighted by their paths: each path is counted once per stage it reaches,
        # as each stage's own rate counts it.
        rest = _Counts.summed([found for other, found in counts.items() if other != stage.id])
        emotion = metrics.emotion(stage.id)
        designed = stage.emotion.score if stage.emotion else None
        flags: list[str] = []
        if designed is not None and designed > 0 and mine.reached >= min_paths:
            if _above(mine.dropped, mine.reached, rest.dropped, rest.reached):
                flags.append("dropoff")
            if _above(mine.friction, mine.visits, rest.friction, rest.visits):
                flags.append("friction")
            if emotion.value is not None and emotion.value < 0 and emotion.population >= min_paths:
                flags.append("emotion")
        rows.append(StageResult(
            stage=stage.id, designed_emotion=designed, observed_emotion=emotion.value,
            sentiment_events=emotion.population, reached=mine.reached,
            friction=mine.friction / mine.visits if mine.visits else None,
            friction_interval=_interval(mine.friction, mine.visits),
            dropoff=mine.dropped / mine.reached if mine.reached else None,
            dropoff_interval=_interval(mine.dropped, mine.reached),
            too_few_paths=mine.reached < min_paths, flagged=bool(flags), flags=tuple(flags),
        ))
    return tuple(rows)


__all__ = ["stages"]
