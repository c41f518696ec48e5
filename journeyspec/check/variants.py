"""The variant table as arrays, and the alignment of every variant against the design.

Paths are few compared with sessions (tens of thousands of variants for
millions of sessions), and every path metric is a weighted sum over them, so
each is computed once per distinct variant with numpy and weighted by count.

Alignment (see spec/metrics.md) is the process-mining alignment of a trace
against a directly-follows model whose start activities are the journey's
start steps and whose end activities are all steps. Moves: keep an observed
step that the design allows next (cost 0), delete an observed step (cost 1),
insert a designed step (cost 1). The least total cost is found by dynamic
programming over (position, model state), with the model moves of one
position folded into a precomputed shortest-distance matrix, so each
position costs one vectorised update over all variants at once.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from journeyspec.engine.facts import PopulationFacts
from journeyspec.ir import Journey

_INF = np.int64(1 << 30)


@dataclass(frozen=True)
class DesignModel:
    """The design as matrices over states 0..S-1 (steps) and S (before any step)."""

    steps: tuple[str, ...]
    allowed: np.ndarray  # (S+1, S) bool: a step may follow a state (from S: it is a start step)
    distance: np.ndarray  # (S+1, S+1) int: fewest inserted steps from one state to another

    @classmethod
    def of(cls, journey: Journey) -> DesignModel:
        steps = journey.step_ids
        index = {step: i for i, step in enumerate(steps)}
        size = len(steps)
        allowed = np.zeros((size + 1, size), dtype=bool)
        for step in journey.start:
            allowed[size, index[step]] = True
        for edge in journey.edges:
            allowed[index[edge.source], index[edge.target]] = True
        distance = np.full((size + 1, size + 1), _INF, dtype=np.int64)
        for origin in range(size + 1):
            distance[origin, origin] = 0
            queue = deque([origin])
            while queue:
                state = queue.popleft()
                for target in np.flatnonzero(allowed[state]):
                    if distance[origin, target] == _INF:
                        distance[origin, target] = distance[origin, state] + 1
                        queue.append(int(target))
        return cls(steps, allowed, distance)


@dataclass(frozen=True)
class VariantTable:
    """A population's variants as arrays: step codes padded with -1, lengths, counts, successes."""

    codes: np.ndarray  # (V, L) int
    lengths: np.ndarray  # (V,) int
    counts: np.ndarray  # (V,) int
    success: np.ndarray  # (V,) int
    steps: tuple[str, ...]

    @classmethod
    def of(cls, population: PopulationFacts, steps: tuple[str, ...]) -> VariantTable:
        variants = population.variants
        return cls.from_paths([v.path for v in variants], [v.count for v in variants],
                              [v.success for v in variants], steps)

    @classmethod
    def from_paths(cls, paths, counts, success, steps: tuple[str, ...]) -> VariantTable:
        """A table from parallel lists of paths (step ids), counts and success counts."""
        index = {step: i for i, step in enumerate(steps)}
        width = max((len(p) for p in paths), default=1)
        codes = np.full((len(paths), max(width, 1)), -1, dtype=np.int64)
        for row, path in enumerate(paths):
            codes[row, : len(path)] = [index[s] for s in path]
        return cls(
            codes=codes,
            lengths=np.fromiter((len(p) for p in paths), dtype=np.int64, count=len(paths)),
            counts=np.asarray(counts, dtype=np.int64).reshape(len(paths)),
            success=np.asarray(success, dtype=np.int64).reshape(len(paths)),
            steps=steps,
        )

    def code(self, step: str) -> int:
        return self.steps.index(step)

    def contains(self, step: str) -> np.ndarray:
        """Per variant: whether its path visits ``step``."""
        return (self.codes == self.code(step)).any(axis=1)

    def ends_at(self, step: str) -> np.ndarray:
        """Per variant: whether its last step is ``step``."""
        if not len(self.lengths):
            return np.zeros(0, dtype=bool)
        return self.codes[np.arange(len(self.lengths)), self.lengths - 1] == self.code(step)

    def contains_transition(self, source: str, target: str) -> np.ndarray:
        """Per variant: whether ``source`` is directly followed by ``target`` somewhere in its path."""
        a, b = self.code(source), self.code(target)
        return ((self.codes[:, :-1] == a) & (self.codes[:, 1:] == b)).any(axis=1)

    def sessions(self, mask: np.ndarray | None = None) -> int:
        return int(self.counts.sum() if mask is None else self.counts[mask].sum())

    def successes(self, mask: np.ndarray | None = None) -> int:
        return int(self.success.sum() if mask is None else self.success[mask].sum())

    def path(self, row: int) -> tuple[str, ...]:
        return tuple(self.steps[c] for c in self.codes[row, : self.lengths[row]])


def alignment_costs(table: VariantTable, model: DesignModel) -> np.ndarray:
    """The optimal alignment cost of every variant against the design (see the module docstring).

    ``state[v, q]`` is the least cost of explaining the first ``i`` observed
    steps of variant ``v`` and standing in model state ``q``; it is kept closed
    under inserted steps (``state[q] <= state[p] + distance[p, q]``), so an
    observed step only needs: delete it (every state + 1), or keep it from the
    best state that allows it and then insert onwards.
    """
    variants, size = len(table.lengths), len(model.steps)
    if variants == 0:
        return np.zeros(0, dtype=np.int64)
    blocked = np.where(model.allowed, 0, _INF)  # (S+1, S): 0 where a step may follow a state
    onwards = model.distance[:size, :].copy()  # (S, S+1): from a kept step to any state
    onwards[:, size] = _INF  # nothing returns to the state before the first step
    state = np.repeat(model.distance[size][None, :], variants, axis=0)
    for position in range(table.codes.shape[1]):
        active = np.flatnonzero(table.lengths > position)
        observed = table.codes[active, position]
        current = state[active]
        keep = (current + blocked[:, observed].T).min(axis=1)
        state[active] = np.minimum(current + 1, np.minimum(keep, _INF)[:, None] + onwards[observed])
    return state[:, :size].min(axis=1)


__all__ = ["DesignModel", "VariantTable", "alignment_costs"]
