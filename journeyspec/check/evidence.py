"""Evidence for a verdict: the variants or transitions that pull a metric the wrong way.

A person reading a failure wants to see *which* paths caused it; the pytest
plugin prints these under a failed item. Each list is the top few by volume
(or by cost x volume for conformance), in a deterministic order.
"""

from __future__ import annotations

import numpy as np

from journeyspec.check.metrics import PopulationMetrics
from journeyspec.check.result import Evidence

TOP = 5


def _variants(metrics: PopulationMetrics, mask: np.ndarray, population: int, note: str,
              order: np.ndarray | None = None, counts: np.ndarray | None = None) -> tuple[Evidence, ...]:
    table = metrics.table
    counts = table.counts if counts is None else counts
    rows = np.flatnonzero(mask & (counts > 0))
    if order is not None:
        rows = rows[np.argsort(-order[rows], kind="stable")]
    return tuple(
        Evidence(kind="variant", path=table.path(int(row)), count=int(counts[row]),
                 share=int(counts[row]) / population if population else None,
                 cost=int(metrics.costs[row]), note=note)
        for row in rows[:TOP]
    )


def converted_after(metrics: PopulationMetrics, source: str, target: str) -> np.ndarray:
    """Per variant: B occurs after the first A (variants without A are False).

    A group's "first" is where it is first complete; a group B occurs after A when enough of its
    steps follow A (spec/metrics.md, steps in any order).
    """
    table = metrics.table
    width = table.codes.shape[1]
    first = _completed(metrics, source, np.full(len(table.lengths), -1))
    done = _completed(metrics, target, first)
    return (first < width) & (done < width)


def _completed(metrics: PopulationMetrics, node: str, after: np.ndarray) -> np.ndarray:
    """Per variant, the position where ``node`` (a step, or a group's needed steps) is first visited
    after position ``after``; the row width where it never is."""
    table, journey = metrics.table, metrics.journey
    width = table.codes.shape[1]
    positions = np.arange(width)[None, :]
    steps = journey.members(node)
    firsts = np.stack([
        np.where(hit.any(axis=1), hit.argmax(axis=1), width)
        for hit in ((table.codes == table.code(step)) & (positions > after[:, None]) for step in steps)
    ])
    need = journey.group(node).required if journey.is_group(node) else 1
    return np.sort(firsts, axis=0)[need - 1]


def evidence_for(metrics: PopulationMetrics, metric, population: int) -> tuple[Evidence, ...]:
    """The top offending variants or transitions behind ``metric`` on this population."""
    kind, table = metric.kind, metrics.table
    if not len(table.counts):
        return ()
    if kind == "conformance":
        return _variants(metrics, metrics.costs > 0, population, "most costly deviations (cost x paths)",
                         order=metrics.costs * table.counts)
    if kind == "dropoff":
        abandoned = metrics.abandoned
        # Most common first, as the variants are; counted in abandoned paths only.
        return _variants(metrics, metrics.ends_in(metric.step), population,
                         f"most common abandoned paths ending at {metric.step}", order=abandoned, counts=abandoned)
    if kind == "reach":
        return _variants(metrics, ~metrics.visits(metric.step), population, f"most common paths without {metric.step}")
    if kind == "skips":
        mask = (table.success > 0) & ~metrics.visits(metric.step)
        return _variants(metrics, mask, population, f"most common successful paths that skip {metric.step}")
    if kind == "conversion":
        mask = metrics.visits(metric.from_step) & ~converted_after(metrics, metric.from_step, metric.to_step)
        return _variants(metrics, mask, population,
                         f"most common paths with {metric.from_step} that never reach {metric.to_step}")
    if kind == "unexpected_transitions":
        designed = metrics.journey.designed_transitions()
        found = sorted((t for t in metrics.facts.transitions if (t.source, t.target) not in designed),
                       key=lambda t: -t.count)
        return tuple(Evidence(kind="transition", path=(t.source, t.target), count=t.count,
                              share=t.count / population if population else None, note="undesigned transition")
                     for t in found[:TOP])
    if kind == "time":
        mask = metrics.visits(metric.from_step) & converted_after(metrics, metric.from_step, metric.to_step)
        slow = sorted((t for t in metrics.facts.transitions if t.time.p90 is not None),
                      key=lambda t: (-t.time.p90, t.source, t.target))
        transitions = tuple(Evidence(kind="transition", path=(t.source, t.target), count=t.count,
                                     seconds=t.time.p90, note="slowest transitions (p90)") for t in slow[:TOP])
        return _variants(metrics, mask, population, f"most common paths from {metric.from_step} to "
                         f"{metric.to_step}") + transitions
    return ()


__all__ = ["converted_after", "evidence_for"]
