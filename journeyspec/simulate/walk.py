"""Paths through a design: many sessions at once, walking designed edges by their shares.

The walk goes from node to node of the design (a step, or a group of steps
done in any order, whose visit becomes its steps in a random order). A
node's outgoing traffic splits as the map says: each edge with a share
takes that share; the rest (100% minus those shares) is split between the
edges without a share and the end of the session (``dropoff`` of it ends
there); a step without outgoing edges ends the session, so a designed ending
(`end`, which no designed flow leaves) always does. The walk is a Markov
chain over step indexes, advanced for every live session of a chunk in one
numpy operation per position, so its cost grows with events, not sessions
times Python.

With ``unexpected`` > 0, each transition is, with that probability, replaced
by one to a step the design has no edge to (and the walk goes on from there),
other than the steps ``unexpected_exclude`` lists.

Settings may reshape a step's split (``flows`` replace an edge's share,
``dropoff_at`` ends a given share of a step's traffic there), for every
session or for one segment of them: the chain then holds one table of
probabilities per segment, and each session walks by its segment's table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journeyspec.diagnostics.suggest import closest
from journeyspec.ir import Journey
from journeyspec.simulate.settings import SimulationSettings, Walk, settings_error


@dataclass(frozen=True)
class Chain:
    """The walk's probabilities over the design's nodes 0..n-1 (``n`` means the session ends).

    A node is a step outside groups, or a group of steps done in any order
    (:func:`node_ids`); :func:`walk` turns each visit of a group into its
    steps in a random order.
    """

    start_cdf: np.ndarray  # (n,)
    next_cdf: np.ndarray  # (segments, n, n + 1): per segment (0: no segment), cumulative over targets then "end"
    off_design: np.ndarray  # (n, n): per node, the nodes it has no designed edge to, padded
    off_design_count: np.ndarray  # (n,)
    node_step: np.ndarray | None = None  # (n,): a step node's step index, -1 for a group (None: no groups)
    groups: tuple[tuple[int, tuple[int, ...], int], ...] = ()  # (node, its steps' indexes, how many complete it)

    @property
    def size(self) -> int:
        return len(self.start_cdf)


def node_ids(journey: Journey) -> list[str]:
    """The walk's nodes: the steps in declaration order, a group standing where its first step is."""
    nodes: list[str] = []
    for step in journey.step_ids:
        group = journey.group_of(step)
        node = step if group is None else group.id
        if node not in nodes:
            nodes.append(node)
    return nodes


def _unknown_step(journey: Journey, step: str, place: str) -> Exception:
    group = journey.group_of(step)
    if group is not None:
        return settings_error(f"{place} names `{step}`, a step of group `{group.id}`, which sessions walk "
                              "through as a whole", help=f"name the group `{group.id}` instead")
    guess = closest(step, journey.step_ids)
    return settings_error(f"{place} names `{step}`, which journey `{journey.id}` does not declare",
                          help=f"did you mean `{guess}`?" if guess else "steps: " + ", ".join(journey.step_ids))


def check_walk(journey: Journey, walk: Walk, place: str | None = None) -> None:
    """Refuse flows and drop-off that do not fit the journey.

    Args:
        journey: The journey to be walked.
        walk: The flows and drop-off of every session, or of one segment.
        place: The segment they were written for, such as ``segments.device.mobile``; None
            for the settings outside the segments.

    Raises:
        JourneyspecError: JS341 for an unknown step, a flow the map does not draw, or the
            flows from one step sharing out more than all of its traffic.
    """
    steps = set(node_ids(journey))
    designed = journey.edge_set()
    flows, dropoff_at = ("`flows`", "`dropoff_at`") if place is None else (f"`flows` of {place}",
                                                                           f"`dropoff_at` of {place}")
    for source, target in walk.flows:
        for step in (source, target):
            if step not in steps:
                raise _unknown_step(journey, step, flows)
        if (source, target) not in designed:
            drawn = [f"{e.source} -> {e.target}" for e in journey.edges if e.source == source]
            raise settings_error(f"{flows} names `{source} -> {target}`, which is not a flow of journey "
                                 f"`{journey.id}`",
                                 help=("flows from `" + source + "`: " + ", ".join(drawn)) if drawn
                                 else f"the map draws no flow from `{source}`; add one to the map first")
    for source in dict.fromkeys(s for s, _ in walk.flows):
        shares = {e.target: walk.flows.get((source, e.target), e.share) for e in journey.edges if e.source == source}
        total = sum(share for share in shares.values() if share is not None)
        if total > 1 + 1e-9:
            written = ", ".join(f"{source} -> {t} {share:.0%}" for t, share in shares.items() if share is not None)
            raise settings_error(f"{flows} give the flows from `{source}` {total:.0%} of its traffic, "
                                 "more than all of it",
                                 help=f"the shares from `{source}`, the map's where the settings give none: "
                                 f"{written}; lower them so they add up to 100% or less")
    for step in walk.dropoff_at:
        if step not in steps:
            raise _unknown_step(journey, step, dropoff_at)
        if step in journey.endings:
            raise settings_error(f"{dropoff_at} names `{step}`, a designed ending of journey `{journey.id}`: "
                                 "every path that reaches it ends there by design",
                                 help=f"remove `{step}` from {dropoff_at}")


def _next_probabilities(journey: Journey, ids: list[str], walk: Walk) -> np.ndarray:
    """Per step, the chance of each next step and (last column) of ending there."""
    index = {step: i for i, step in enumerate(ids)}
    n = len(ids)
    probabilities = np.zeros((n, n + 1))
    for i, step in enumerate(ids):
        edges = [e for e in journey.edges if e.source == step]
        share = {e.target: walk.flows.get((step, e.target), e.share) for e in edges}
        assigned = sum(share[e.target] for e in edges if share[e.target] is not None)
        free = [e for e in edges if share[e.target] is None]
        rest = max(0.0, 1.0 - assigned)
        for edge in edges:
            if share[edge.target] is not None:
                probabilities[i, index[edge.target]] += share[edge.target]
        if free:
            for edge in free:
                probabilities[i, index[edge.target]] += rest * (1 - walk.dropoff) / len(free)
            probabilities[i, n] += rest * walk.dropoff
        else:
            probabilities[i, n] += rest
        onward = probabilities[i, :n].sum()
        if step in walk.dropoff_at and onward > 0:
            # The step's own drop-off wins; what goes on keeps the design's proportions.
            probabilities[i, :n] *= (1 - walk.dropoff_at[step]) / onward
            probabilities[i, n] = walk.dropoff_at[step]
    return probabilities


def build_chain(journey: Journey, settings: SimulationSettings) -> Chain:
    """The chain of a journey under ``settings`` (start weights, dropoff, flows, segments).

    Segment ``k`` (1-based, in the order the settings list the segment values)
    walks by ``next_cdf[k]``; ``next_cdf[0]`` is every other session's.

    Raises:
        JourneyspecError: JS341 when the start weights name steps that are not start steps, or
            flows and drop-off do not fit the journey (:func:`check_walk`).
    """
    ids = node_ids(journey)
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
    walks = [settings.walk_for()]
    check_walk(journey, walks[0])
    if settings.segments is not None:
        for value, segment in settings.segments.walks.items():
            check_walk(journey, segment, f"`segments.{settings.segments.field}.{value}`")
            walks.append(settings.walk_for(segment))
    tables = []
    for walk in walks:
        probabilities = _next_probabilities(journey, ids, walk)
        next_cdf = np.cumsum(probabilities / probabilities.sum(axis=1, keepdims=True), axis=1)
        next_cdf[:, -1] = 1.0
        tables.append(next_cdf)
    for step in settings.unexpected_exclude:
        if step not in index:
            raise _unknown_step(journey, step, "`unexpected_exclude`")
    designed = journey.edge_set() | {(step, other) for step in ids for other in settings.unexpected_exclude}
    off_design = np.zeros((n, n), dtype=np.int64)
    counts = np.zeros(n, dtype=np.int64)
    for i, step in enumerate(ids):
        targets = [j for j, other in enumerate(ids) if j != i and (step, other) not in designed]
        off_design[i, : len(targets)] = targets
        counts[i] = len(targets)
    start_cdf = np.cumsum(start / start.sum())
    start_cdf[-1] = 1.0
    if not journey.groups:
        return Chain(start_cdf, np.stack(tables), off_design, counts)
    steps = {step: i for i, step in enumerate(journey.step_ids)}
    node_step = np.array([steps.get(node, -1) for node in ids], dtype=np.int64)
    groups = tuple((index[g.id], tuple(steps[s] for s in g.steps), g.required) for g in journey.groups)
    return Chain(start_cdf, np.stack(tables), off_design, counts, node_step, groups)


@dataclass(frozen=True)
class Walks:
    """The visits of one chunk of sessions, session by session, in path order."""

    session: np.ndarray  # int64 index of the session within the chunk
    step: np.ndarray  # int64 step index
    unexpected: np.ndarray  # bool: the transition into this visit is not designed


def walk(chain: Chain, sessions: int, rng: np.random.Generator, *, unexpected: float, max_steps: int,
         segment: np.ndarray | None = None) -> Walks:
    """Walk ``sessions`` paths at once; every path has at least one visit and at most ``max_steps``.

    ``segment`` gives each session's table of ``chain.next_cdf`` (default: 0 for all).
    """
    alive = np.arange(sessions, dtype=np.int64)
    group = np.zeros(sessions, dtype=np.int64) if segment is None else np.asarray(segment, dtype=np.int64)
    state = np.searchsorted(chain.start_cdf, rng.random(sessions), side="right").astype(np.int64)
    state = np.minimum(state, chain.size - 1)
    parts_session, parts_step, parts_flag = [alive], [state], [np.zeros(sessions, dtype=bool)]
    end = chain.size
    for _ in range(max_steps - 1):
        if not len(alive):
            break
        draws = rng.random(len(alive))
        following = (draws[:, None] >= chain.next_cdf[group, state]).sum(axis=1)
        going = following < end
        alive, state, following, group = alive[going], state[going], following[going], group[going]
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
    walked = Walks(session[order], np.concatenate(parts_step)[order], np.concatenate(parts_flag)[order])
    return walked if chain.node_step is None else _in_any_order(walked, chain, rng)


def _in_any_order(walked: Walks, chain: Chain, rng: np.random.Generator) -> Walks:
    """Node visits as step visits: each visit of a group becomes its steps in a random order.

    A group needing all of its steps gets all of them; ``any K of`` N gets a random number
    of them from K to N (a random choice of which). Only the move into the group can be
    unexpected; the moves between its steps are designed.
    """
    node = walked.step
    counts = np.ones(len(node), dtype=np.int64)
    for group_node, steps, need in chain.groups:
        at = np.flatnonzero(node == group_node)
        counts[at] = rng.integers(need, len(steps) + 1, size=len(at))
    starts = np.cumsum(counts) - counts
    step = np.empty(int(counts.sum()), dtype=np.int64)
    unexpected = np.zeros(len(step), dtype=bool)
    unexpected[starts] = walked.unexpected
    plain = chain.node_step[node] >= 0
    step[starts[plain]] = chain.node_step[node[plain]]
    for group_node, steps, _ in chain.groups:
        at = np.flatnonzero(node == group_node)
        orders = rng.permuted(np.tile(np.array(steps, dtype=np.int64), (len(at), 1)), axis=1)
        columns = np.arange(len(steps))[None, :]
        taken = columns < counts[at][:, None]
        step[(starts[at][:, None] + columns)[taken]] = orders[taken]
    return Walks(np.repeat(walked.session, counts), step, unexpected)


__all__ = ["Chain", "Walks", "build_chain", "check_walk", "node_ids", "walk"]
