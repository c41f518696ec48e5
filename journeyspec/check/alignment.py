"""The variant table as arrays, and the alignment of every variant against the design.

Paths are few compared with sessions (tens of thousands of variants for
millions of sessions), and every path metric is a weighted sum over them, so
each is computed once per distinct variant with numpy and weighted by count.

Alignment (see spec/metrics.md) is the process-mining alignment of a trace
against a directly-follows model whose start activities are the journey's
start steps and whose end activities are all steps; a group of steps done in
any order is a parallel block, whose states are the sets of its steps done so
far. Moves: keep an observed
step that the design allows next (cost 0), delete an observed step (cost 1),
insert a designed step (cost 1). The least total cost is found by dynamic
programming over (position, model state), with the model moves of one
position folded into a precomputed shortest-distance matrix, so each
position costs one vectorised update over all variants at once.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from journeyspec.engine.facts.models import PopulationFacts
from journeyspec.engine.facts.variant import flat_paths
from journeyspec.ir import Journey

_INF = np.int64(1 << 30)


@dataclass(frozen=True)
class GroupStates:
    """One group's states in a :class:`DesignModel`: which of its steps the current pass has done.

    State ``base + mask - 1`` stands for the non-empty set ``mask`` of done
    members (bit i: ``members[i]``); the pass is complete once ``need`` of
    them are done. Entering the group (from ``entries``) does its first step.
    """

    members: tuple[int, ...]  # step codes, in the group's written order
    need: int
    base: int
    entries: np.ndarray  # state indexes from which a path may enter the group

    @property
    def masks(self) -> range:
        return range(1, 1 << len(self.members))

    def state(self, mask: int) -> int:
        return self.base + mask - 1

    def complete(self, mask: int) -> bool:
        return mask.bit_count() >= self.need


@dataclass(frozen=True)
class DesignModel:
    """The design as an automaton over states 0..Q-1.

    States 0..S-1 stand for "last kept step s" of the steps outside groups
    (those of group steps are never entered), state S is "before any step",
    and each group adds one state per non-empty set of its steps done in the
    current pass (:class:`GroupStates`). A step outside groups is kept from a
    state that ``allowed`` marks; a group's step by :func:`alignment_costs`'s
    group moves. ``distance`` is the fewest inserted steps between two states.
    """

    steps: tuple[str, ...]
    allowed: np.ndarray  # (Q, S) bool: the step may follow the state (from S: it is a start step)
    distance: np.ndarray  # (Q, Q) int: fewest inserted steps from one state to another
    groups: tuple[GroupStates, ...] = ()

    @property
    def initial(self) -> int:
        return len(self.steps)

    @classmethod
    def of(cls, journey: Journey) -> DesignModel:
        steps = journey.step_ids
        index = {step: i for i, step in enumerate(steps)}
        size = len(steps)
        base = size + 1
        layouts = []
        for group in journey.groups:
            layouts.append((group, base))
            base += (1 << len(group.steps)) - 1
        states = base
        by_group = {group.id: (group, first) for group, first in layouts}

        def exits(node: str) -> list[int]:
            """The states from which a path leaves ``node``: the step's, or its group's complete ones."""
            if node not in by_group:
                return [index[node]]
            group, first = by_group[node]
            need = group.required
            return [first + mask - 1 for mask in range(1, 1 << len(group.steps)) if mask.bit_count() >= need]

        allowed = np.zeros((states, size), dtype=bool)
        entries: dict[str, list[int]] = {group.id: [] for group in journey.groups}
        for node in journey.start:
            if node in by_group:
                entries[node].append(size)
            else:
                allowed[size, index[node]] = True
        for edge in journey.edges:
            for state in exits(edge.source):
                if edge.target in by_group:
                    entries[edge.target].append(state)
                else:
                    allowed[state, index[edge.target]] = True
        groups = tuple(
            GroupStates(tuple(index[s] for s in group.steps), group.required, first,
                        np.array(sorted(set(entries[group.id])), dtype=np.int64))
            for group, first in layouts
        )
        following: list[list[int]] = [list(np.flatnonzero(allowed[state])) for state in range(states)]
        for group in groups:
            for state in group.entries:
                following[state].extend(group.state(1 << i) for i in range(len(group.members)))
            for mask in group.masks:
                following[group.state(mask)].extend(
                    group.state(mask | 1 << i) for i in range(len(group.members)) if not mask >> i & 1)
        distance = np.full((states, states), _INF, dtype=np.int64)
        for origin in range(states):
            distance[origin, origin] = 0
            queue = deque([origin])
            while queue:
                state = queue.popleft()
                for target in following[state]:
                    if distance[origin, target] == _INF:
                        distance[origin, target] = distance[origin, state] + 1
                        queue.append(int(target))
        return cls(steps, allowed, distance, groups)


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
        """The population's variants, read as the engine's arrays (no models are made)."""
        return cls.from_arrays(*population.variants.arrays(steps), steps)

    @classmethod
    def from_paths(cls, paths, counts, success, steps: tuple[str, ...]) -> VariantTable:
        """A table from parallel lists of paths (step ids), counts and success counts."""
        return cls.from_arrays(*flat_paths(paths, steps), counts, success, steps)

    @classmethod
    def from_arrays(cls, flat, offsets, counts, success, steps: tuple[str, ...]) -> VariantTable:
        """A table from every path's step codes one after another, where each starts (V+1), counts and successes."""
        offsets = np.asarray(offsets, dtype=np.int64)
        lengths = np.diff(offsets)
        variants = len(lengths)
        width = max(int(lengths.max()) if variants else 1, 1)
        # One masked assignment fills each row's first `length` cells in row order
        # (62,501 variants: 130 -> 79 ms against a numpy assignment per row).
        codes = np.full((variants, width), -1, dtype=np.int64)
        codes[np.arange(width)[None, :] < lengths[:, None]] = flat
        return cls(
            codes=codes,
            lengths=lengths,
            counts=np.asarray(counts, dtype=np.int64).reshape(variants),
            success=np.asarray(success, dtype=np.int64).reshape(variants),
            steps=steps,
        )

    def code(self, step: str) -> int:
        return self.steps.index(step)

    @cached_property
    def visits(self) -> np.ndarray:
        """(V, S) bool, read-only: whether each variant's path visits each step (one pass over the codes)."""
        variants, size = self.codes.shape[0], len(self.steps)
        found = np.zeros((variants, size + 1), dtype=bool)  # the last column takes the -1 padding
        found[np.repeat(np.arange(variants), self.codes.shape[1]), self.codes.ravel()] = True
        found = np.asfortranarray(found[:, :size])  # a step's column is read whole
        found.flags.writeable = False
        return found

    @cached_property
    def _pairs(self) -> np.ndarray:
        """(V, L-1): each consecutive pair of codes as one number (a * (S+1) + b; padding never matches)."""
        return self.codes[:, :-1] * (len(self.steps) + 1) + self.codes[:, 1:]

    def contains(self, step: str) -> np.ndarray:
        """Per variant: whether its path visits ``step``."""
        return self.visits[:, self.code(step)]

    def ends_at(self, step: str) -> np.ndarray:
        """Per variant: whether its last step is ``step``."""
        if not len(self.lengths):
            return np.zeros(0, dtype=bool)
        return self.codes[np.arange(len(self.lengths)), self.lengths - 1] == self.code(step)

    def contains_transition(self, source: str, target: str) -> np.ndarray:
        """Per variant: whether ``source`` is directly followed by ``target`` somewhere in its path."""
        a, b = self.code(source), self.code(target)
        return (self._pairs == a * (len(self.steps) + 1) + b).any(axis=1)

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
    best state that allows it and then insert onwards. A step of a group is
    kept into each set of done steps that holds it, from the set without it
    (or, for the first step of a pass, from a state that enters the group).
    """
    variants, size = len(table.lengths), len(model.steps)
    if variants == 0:
        return np.zeros(0, dtype=np.int64)
    states = model.distance.shape[0]
    # Rows of (S, Q), contiguous, gathered once per position: 0 where the observed step may follow a state.
    blocked = np.ascontiguousarray(np.where(model.allowed, 0, _INF).T)
    onwards = model.distance[:size, :].copy()  # (S, Q): from a kept step to any state
    onwards[:, model.initial] = _INF  # nothing returns to the state before the first step
    moves = _group_moves(model)
    # Longest paths first, so the variants still active at a position are a
    # prefix of the rows: each position updates a view in place instead of
    # gathering and scattering the active rows (62,501 variants: 184 -> 134 ms).
    order = np.argsort(-table.lengths, kind="stable")
    columns = np.ascontiguousarray(table.codes[order].T)  # (L, V): one position's steps, contiguous
    active = np.searchsorted(-table.lengths[order], -np.arange(len(columns)), side="left")  # length > position
    state = np.repeat(model.distance[model.initial][None, :], variants, axis=0)
    for position, observed in enumerate(columns):
        current = state[: active[position]]
        observed = observed[: active[position]]
        before = current.copy() if moves and moves.grouped[observed].any() else None
        keep = (current + blocked[observed]).min(axis=1)
        np.minimum(current + 1, np.minimum(keep, _INF)[:, None] + onwards[observed], out=current)
        if before is not None:
            _keep_group_steps(current, before, observed, moves, model.distance)
    costs = np.empty(variants, dtype=np.int64)
    costs[order] = np.delete(state, model.initial, axis=1).min(axis=1) if states > 1 else 0
    return costs


@dataclass(frozen=True)
class _GroupMoves:
    """Per group step (by code): the states keeping it leads to, and the state each is kept from."""

    grouped: np.ndarray  # (S+1,) bool: the code is a group's step (the last entry: the padding, -1)
    targets: dict[int, np.ndarray]  # code -> states (the sets of done steps that hold it)
    sources: dict[int, np.ndarray]  # code -> per target, the set without it; -1 where it is the first
    entries: dict[int, np.ndarray]  # code -> the states from which its group is entered


def _group_moves(model: DesignModel) -> _GroupMoves | None:
    if not model.groups:
        return None
    grouped = np.zeros(len(model.steps) + 1, dtype=bool)
    targets, sources, entries = {}, {}, {}
    for group in model.groups:
        for i, code in enumerate(group.members):
            grouped[code] = True
            masks = [mask for mask in group.masks if mask >> i & 1]
            targets[code] = np.array([group.state(mask) for mask in masks], dtype=np.int64)
            sources[code] = np.array([group.state(mask & ~(1 << i)) if mask != 1 << i else -1 for mask in masks],
                                     dtype=np.int64)
            entries[code] = group.entries
    return _GroupMoves(grouped, targets, sources, entries)


def _keep_group_steps(current: np.ndarray, before: np.ndarray, observed: np.ndarray, moves: _GroupMoves,
                      distance: np.ndarray) -> None:
    """Lower ``current`` (after the other moves) by keeping the observed step where it is a group's step."""
    for code in np.unique(observed[moves.grouped[observed]]):
        rows = np.flatnonzero(observed == code)
        old = before[rows]
        targets, sources, entries = moves.targets[code], moves.sources[code], moves.entries[code]
        entered = old[:, entries].min(axis=1) if len(entries) else np.full(len(rows), _INF)
        best = current[rows]
        for target, source in zip(targets, sources):
            kept = entered if source < 0 else old[:, source]
            np.minimum(best, np.minimum(kept, _INF)[:, None] + distance[target], out=best)
        current[rows] = best


__all__ = ["DesignModel", "VariantTable", "alignment_costs"]
