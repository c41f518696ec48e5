"""What each gap costs, and what to fix first.

Drop-off at a step X costs the successes its sessions would have had, had they
converted like the sessions that continued past X; an undesigned transition
costs the successes its paths miss against conforming paths. Both are counted
in successes, then valued with the journey's `value`, and ranked together.
"""

from __future__ import annotations

import math

import numpy as np

from journeyspec.check.metrics import PopulationMetrics
from journeyspec.check.result import Coverage, ImpactItem, StageResult


def _rate(successes: int, sessions: int) -> float | None:
    return successes / sessions if sessions else None


def impact(metrics: PopulationMetrics) -> tuple[ImpactItem, ...]:
    """The fix-first list: drop-offs and deviations by successes lost, most first."""
    journey, table = metrics.journey, metrics.table
    value = journey.value
    items: list[ImpactItem] = []
    for step in journey.step_ids:
        if step in journey.success:
            continue
        ends = table.ends_at(step)
        # A path that already succeeded and ended here lost nothing: only failures are drop-offs.
        ended = table.sessions(ends) - table.successes(ends)
        if not ended:
            continue
        continued = table.contains(step) & ~ends
        rate = _rate(table.successes(continued), table.sessions(continued))
        lost = ended * (rate or 0.0)
        items.append(ImpactItem(kind="dropoff", step=step, sessions=ended, success_rate=0.0, reference_rate=rate,
                                lost_successes=lost, value_lost=lost * value.amount if value else None,
                                currency=value.currency if value else None))
    designed = journey.designed_transitions()
    reference = _rate(table.successes(metrics.conforms), table.sessions(metrics.conforms))
    for transition in metrics.facts.transitions:
        if (transition.source, transition.target) in designed:
            continue
        mask = table.contains_transition(transition.source, transition.target)
        sessions = table.sessions(mask)
        rate = _rate(table.successes(mask), sessions)
        if rate is None or reference is None or reference <= rate:
            continue
        lost = sessions * (reference - rate)
        items.append(ImpactItem(kind="deviation", transition=(transition.source, transition.target),
                                sessions=sessions, success_rate=rate, reference_rate=reference, lost_successes=lost,
                                value_lost=lost * value.amount if value else None,
                                currency=value.currency if value else None))
    items.sort(key=lambda i: (-i.lost_successes, i.kind, i.step or "", i.transition or ("", "")))
    return tuple(items)


def stages(metrics: PopulationMetrics) -> tuple[StageResult, ...]:
    """Designed against observed emotion per stage, with friction and drop-off, flagging the worst."""
    journey, table, facts = metrics.journey, metrics.table, metrics.facts
    rows = []
    for stage in journey.stages:
        steps = [facts.step(s) for s in stage.steps]
        reached = sum(s.reached for s in steps)
        friction = sum(s.friction_sessions for s in steps) / reached if reached else None
        if stage.steps and len(table.counts):
            codes = [table.code(s) for s in stage.steps]
            lasts = table.codes[np.arange(len(table.lengths)), table.lengths - 1]
            touched = table.sessions(table.visits[:, codes].any(axis=1))
            ends = np.isin(lasts, codes)
            ended = table.sessions(ends) - table.successes(ends)
            dropoff = ended / touched if touched else None
        else:
            dropoff = None
        emotion = metrics.emotion(stage.id)
        rows.append(StageResult(stage=stage.id, designed_emotion=stage.emotion.score if stage.emotion else None,
                                observed_emotion=emotion.value, sentiment_events=emotion.population,
                                friction=friction, dropoff=dropoff))
    worst = _worst_third([r.friction for r in rows]) | _worst_third([r.dropoff for r in rows])
    return tuple(r.model_copy(update={"flagged": i in worst and (r.designed_emotion or 0) > 0})
                 for i, r in enumerate(rows))


def _worst_third(values: list[float | None]) -> set[int]:
    ranked = sorted((i for i, v in enumerate(values) if v), key=lambda i: -values[i])
    return set(ranked[: math.ceil(len(values) / 3)])


def coverage(metrics: PopulationMetrics, totals) -> Coverage:
    """Steps and designed edges never observed, and the off-map events with the most volume."""
    facts = metrics.facts
    observed = {(t.source, t.target) for t in facts.transitions}
    return Coverage(
        unobserved_steps=tuple(s.step for s in facts.steps if s.reached == 0),
        # An edge into or out of a group is taken by a move between any of the steps it stands for.
        unobserved_edges=tuple((e.source, e.target) for e in metrics.journey.edges
                               if not any((a, b) in observed for a in metrics.journey.members(e.source)
                                          for b in metrics.journey.members(e.target))),
        off_map_share=totals.off_map_share,
        top_off_map=tuple((n.name, n.count) for n in totals.top_off_map),
    )


__all__ = ["coverage", "impact", "stages"]
