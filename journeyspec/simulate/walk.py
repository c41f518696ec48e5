"""Paths through a design: many sessions at once, walking designed edges by their shares.

A step's outgoing traffic splits as the map says: each edge with a share
takes that share; the rest (100% minus those shares) is split between the
edges without a share and the end of the session (``dropoff`` of it ends
there); a step without outgoing edges ends the session. The walk is a Markov
chain over step indexes, advanced for every live session of a chunk in one
numpy operation per position, so its cost grows with events, not sessions
times Python.

With ``unexpected`` > 0, each transition is, with that probability, replaced
by one to a step the design has no edge to (and the walk goes on from there).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journeyspec.ir import Journey
from journeyspec.simulate.settings import SimulationSettings, settings_error


@dataclass(frozen=True)
class Chain:
    """The walk's probabilities over step indexes 0..n-1 (``n`` means the session ends)."""

    start_cdf: np.ndarray  # (n,)
    next_cdf: np.ndarray  # (n, n + 1): cumulative over targets then "end"
    off_design: np.ndarray  # (n, n): per step, the steps it has no designed edge to, padded
    off_design_count: np.ndarray  # (n,)

    @property
    def size(self) -> int:
        return len(self.start_cdf)


def build_chain(journey: Journey, settings: SimulationSettings) -> Chain:
    """The chain of a journey under ``settings`` (start weights, dropoff).

    Raises:
        JourneyspecError: JS341 when the start weights name steps that are not start steps.
    """
    ids = list(journey.step_ids)
    index = {step: i for i, step in enumerate(ids)}
    n = len(ids)
    if not journey.start:
        raise settings_error(f"journey `{journey.id}` has no `start` steps, so no session can begin")
    start = np.zeros(n)
    weights = settings.start or {step: 1.0 for step in journey.start}
    for step, weight in weights.items():
        if step not in journey.start:
            raise settings_error(f"`start` weights name `{step}`, which is not a start step of `{journey.id}`",
                                 help="start steps: " + ", ".join(journey.start))
        start[index[step]] = weight
    if start.sum() <= 0:
        raise settings_error("the `start` weights add up to 0")
    probabilities = np.zeros((n, n + 1))
    for i, step in enumerate(ids):
        edges = [e for e in journey.edges if e.source == step]
        assigned = sum(e.share for e in edges if e.share is not None)
        free = [e for e in edges if e.share is None]
        rest = max(0.0, 1.0 - assigned)
        for edge in edges:
            if edge.share is not None:
                probabilities[i, index[edge.target]] += edge.share
        if free:
            for edge in free:
                probabilities[i, index[edge.target]] += rest * (1 - settings.dropoff) / len(free)
            probabilities[i, n] += rest * settings.dropoff
        else:
            probabilities[i, n] += rest
    next_cdf = np.cumsum(probabilities / probabilities.sum(axis=1, keepdims=True), axis=1)
    next_cdf[:, -1] = 1.0
    designed = journey.edge_set()
    off_design = np.zeros((n, n), dtype=np.int64)
    counts = np.zeros(n, dtype=np.int64)
    for i, step in enumerate(ids):
        targets = [j for j, other in enumerate(ids) if j != i and (step, other) not in designed]
        off_design[i, : len(targets)] = targets
        counts[i] = len(targets)
    start_cdf = np.cumsum(start / start.sum())
    start_cdf[-1] = 1.0
    return Chain(start_cdf, next_cdf, off_design, counts)


@dataclass(frozen=True)
class Walks:
    """The visits of one chunk of sessions, session by session, in path order."""

    session: np.ndarray  # int64 index of the session within the chunk
    step: np.ndarray  # int64 step index
    unexpected: np.ndarray  # bool: the transition into this visit is not designed


def walk(chain: Chain, sessions: int, rng: np.random.Generator, *, unexpected: float, max_steps: int) -> Walks:
    """Walk ``sessions`` paths at once; every path has at least one visit and at most ``max_steps``."""
    alive = np.arange(sessions, dtype=np.int64)
    state = np.searchsorted(chain.start_cdf, rng.random(sessions), side="right").astype(np.int64)
    state = np.minimum(state, chain.size - 1)
    parts_session, parts_step, parts_flag = [alive], [state], [np.zeros(sessions, dtype=bool)]
    end = chain.size
    for _ in range(max_steps - 1):
        if not len(alive):
            break
        draws = rng.random(len(alive))
        following = (draws[:, None] >= chain.next_cdf[state]).sum(axis=1)
        going = following < end
        alive, state, following = alive[going], state[going], following[going]
        flag = np.zeros(len(alive), dtype=bool)
        if unexpected > 0 and len(alive):
            flag = (rng.random(len(alive)) < unexpected) & (chain.off_design_count[state] > 0)
            sources = state[flag]
            picks = (rng.random(len(sources)) * chain.off_design_count[sources]).astype(np.int64)
            following[flag] = chain.off_design[sources, picks]
        state = following
        parts_session.append(alive)
        parts_step.append(state)
        parts_flag.append(flag)
    session = np.concatenate(parts_session)
    order = np.argsort(session, kind="stable")  # position order is kept within each session
    return Walks(session[order], np.concatenate(parts_step)[order], np.concatenate(parts_flag)[order])


__all__ = ["Chain", "Walks", "build_chain", "walk"]
