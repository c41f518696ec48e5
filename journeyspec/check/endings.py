"""How each path ends: it succeeded, it stopped at a designed ending, or it was abandoned.

The rule (spec/metrics.md, "Outcomes"), one per path:

1. a path that visits a success step **succeeded**, whatever else it visits
   (success wins: every other figure counts success this way);
2. otherwise, a path that visits a designed ending (`end`) **ended by design**
   there; when it visits several, at the last one it visited;
3. otherwise it was **abandoned**.

A path that ended by design is never a drop-off: :func:`ended_by_design` is
the one mask every drop-off figure (the expectation, the stage table, "Fix
first", the overlay) takes those paths out with.
"""

from __future__ import annotations

import numpy as np

from journeyspec.check.alignment import VariantTable
from journeyspec.check.result import Interval, Outcome
from journeyspec.check.stats import DEFAULT_CONFIDENCE, wilson_interval
from journeyspec.ir import Journey


def last_ending(table: VariantTable, journey: Journey) -> np.ndarray:
    """Per variant: the index in ``journey.endings`` of the last designed ending its path visits, or -1."""
    found = np.full(len(table.lengths), -1, dtype=np.int64)
    if not journey.endings or not len(table.lengths):
        return found
    codes = np.array([table.code(step) for step in journey.endings], dtype=np.int64)
    at_ending = np.isin(table.codes, codes)
    position = np.where(at_ending, np.arange(table.codes.shape[1])[None, :], -1).max(axis=1)
    visited = position >= 0
    rows = np.flatnonzero(visited)
    which = {int(code): index for index, code in enumerate(codes)}
    found[rows] = [which[int(code)] for code in table.codes[rows, position[rows]]]
    return found


def ended_by_design(table: VariantTable, journey: Journey) -> np.ndarray:
    """Per variant: its paths stopped at a designed ending without succeeding (rule 2)."""
    if not journey.endings:
        return np.zeros(len(table.lengths), dtype=bool)
    return (table.success == 0) & (last_ending(table, journey) >= 0)


def outcomes(table: VariantTable, journey: Journey, confidence: float = DEFAULT_CONFIDENCE) -> tuple[Outcome, ...]:
    """The share of paths per outcome: success, each designed ending in written order, abandoned.

    The shares add up to 100% of the population; each carries its Wilson interval.
    """
    total = table.sessions()
    succeeded = table.successes()
    ending = np.where(table.success == 0, last_ending(table, journey), -1)
    counted = [("success", None, "succeeded", succeeded)]
    for index, step in enumerate(journey.endings):
        counted.append(("ending", step, journey.step(step).title, table.sessions(ending == index)))
    ended = sum(n for kind, _, _, n in counted if kind == "ending")
    counted.append(("abandoned", None, "abandoned", total - succeeded - ended))
    found = []
    for kind, step, title, paths in counted:
        bounds = wilson_interval(paths, total, confidence)
        found.append(Outcome(kind=kind, step=step, title=title, paths=paths, share=paths / total if total else None,
                             interval=Interval(low=bounds[0], high=bounds[1], confidence=confidence) if bounds else None))
    return tuple(found)


__all__ = ["ended_by_design", "last_ending", "outcomes"]
