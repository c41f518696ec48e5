"""The observed journey, built from the engine's reduced facts.

Steps are either the data's event names (one step per name, ``when event ==
"<name>"``) or the steps of an existing map. Edges are the observed
transitions whose share of the source step's visits is at least
``min_share``, written with that share. Start candidates are the steps that
begin at least ``min_share`` of paths; success candidates (without a map)
the steps where most paths that reach them end (and at least ``min_share`` of all paths). A map's own `success`
is kept: it is a goal, not an observation.

Every step of a written map must be reachable from a start step, so a step
that is observed but reachable only through transitions below the threshold
keeps its strongest incoming transition (with its real, smaller share);
steps never observed are left out, so a diff shows them as removed.
"""

from __future__ import annotations

import math
from collections import defaultdict

from journeyspec.engine.facts.models import PopulationFacts
from journeyspec.ir import Journey
from journeyspec.ir.journey import Edge, Group, Stage, Step
from journeyspec.ir.predicates import Compare
from journeyspec.discover.text import identifier


TERMINAL = 0.5  # share of a step's paths that must end there for it to be a success candidate


def events_journey(names: list[str], journey_id: str, label: str | None) -> Journey:
    """An in-memory journey with one step per event name, in one stage, for the engine to reduce."""
    taken: set[str] = {journey_id}
    steps = tuple(Step(id=identifier(name, taken), label=name, stage="observed",
                       when=Compare(field="event", op="==", value=name)) for name in names)
    stage = Stage(id="observed", label="Observed", steps=tuple(s.id for s in steps))
    return Journey(id=journey_id, label=label, stages=(stage,), steps=steps)


def floor_share(share: float) -> float:
    """A share rounded down (to 0.1%, or 0.001% below that), so one step's shares never exceed 100%."""
    scale = 1000 if share >= 0.001 else 100_000
    return math.floor(share * scale + 1e-9) / scale


def _order(population: PopulationFacts, step_ids: list[str]) -> list[str]:
    """Steps by their mean position in the paths that reach them (earliest first), then by name."""
    weight: dict[str, float] = defaultdict(float)
    total: dict[str, int] = defaultdict(int)
    for variant in population.variants:
        first: dict[str, int] = {}
        for position, step in enumerate(variant.path):
            first.setdefault(step, position)
        for step, position in first.items():
            weight[step] += position * variant.count
            total[step] += variant.count
    return sorted(step_ids, key=lambda s: (weight[s] / total[s] if total[s] else math.inf, step_ids.index(s)))


def observed_journey(template: Journey, population: PopulationFacts, *, min_share: float,
                     keep_success: bool, description: str, groups: tuple[Group, ...] = ()) -> Journey:
    """``template`` with its edges, start (and success) replaced by what ``population`` shows.

    Args:
        template: The journey whose steps were reduced (a map, or :func:`events_journey`).
        population: The reduced facts of all paths.
        min_share: Keep transitions with at least this share of their source's visits.
        keep_success: Keep the template's `success` (a map's goal) instead of the ending steps.
        description: The written journey's description.
        groups: Groups of steps done in any order (:func:`~journeyspec.discover.groups.proposed_groups`):
            flows and `start` name them instead of their steps, and moves between their steps
            are theirs, not edges. Their share of a move is of the times a path enters them.
    """
    sessions = population.sessions
    node_of = {step: g.id for g in groups for step in g.steps}
    observed_steps = [s.step for s in population.steps if s.reached > 0]
    observed = list(dict.fromkeys(node_of.get(s, s) for s in observed_steps))
    firsts: dict[str, int] = defaultdict(int)
    for variant in population.variants:
        firsts[node_of.get(variant.path[0], variant.path[0])] += variant.count
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for t in population.transitions:
        pair = (node_of.get(t.source, t.source), node_of.get(t.target, t.target))
        if not (pair[0] == pair[1] and pair[0] in node_of.values()):  # a move inside a group is the group's
            counts[pair] += t.count
    visits = {s.step: s.visits for s in population.steps if s.step not in node_of}
    for group in groups:  # a group's visits: the times a path enters it
        visits[group.id] = firsts[group.id] + sum(n for (a, b), n in counts.items() if b == group.id and a != b)
    start = [s for s in observed if firsts[s] / sessions >= min_share] or [max(observed, key=lambda s: firsts[s])]
    shares = {pair: n / visits[pair[0]] for pair, n in counts.items() if visits.get(pair[0])}
    kept = {pair for pair, share in shares.items() if share >= min_share}
    kept |= _reach_everything(observed, start, shares, kept)
    unreached = set(observed) - _reachable(start, kept)
    start += [s for s in observed if s in unreached]  # observed only as a first step below the threshold
    if keep_success:
        success = [s for s in template.success if s in observed_steps]
    else:
        success = []
    if not success:
        # A step where most of the paths that reach it end is a candidate goal; a person confirms it.
        ended = {s.step: s.ended for s in population.steps}
        reached = {s.step: s.reached for s in population.steps}
        success = [s for s in observed_steps if ended[s] >= TERMINAL * reached[s] and ended[s] >= min_share * sessions]
        success = success or [max(observed_steps, key=lambda s: ended[s])]
    order = _order(population, observed_steps)
    rank = {step: i for i, step in enumerate(order)}
    for group in groups:
        rank[group.id] = min(rank[s] for s in group.steps if s in rank)
    declared = {s.id: i for i, s in enumerate(template.steps)}
    designed = {(e.source, e.target): e for e in template.edges}
    edges = tuple(
        Edge(source=a, target=b, share=floor_share(shares[(a, b)]),
             label=designed[(a, b)].label if (a, b) in designed else None)
        for a, b in sorted(kept, key=lambda p: (rank[p[0]], -shares[p], rank[p[1]]))
    )
    # A map keeps its written step order, so a diff against it shows behaviour, not reordering.
    step_key = (lambda s: declared[s]) if keep_success else (lambda s: rank[s])
    stages = []
    for stage in template.stages:
        ids = tuple(sorted((s for s in stage.steps if s in rank), key=step_key))
        if ids:
            stages.append(stage.model_copy(update={"steps": ids}))
    kept_steps = tuple(sorted((s for s in template.steps if s.id in rank), key=lambda s: step_key(s.id)))
    named = set(rank)
    return template.model_copy(update={
        "description": description, "steps": kept_steps, "stages": tuple(stages), "edges": edges,
        "groups": tuple(g.model_copy(update={"steps": tuple(sorted(g.steps, key=step_key))}) for g in groups),
        "start": tuple(sorted(start, key=lambda s: rank[s])), "success": tuple(sorted(success, key=lambda s: rank[s])),
        "expectations": tuple(e for e in template.expectations if _names_only(e, named)),
    })


def _names_only(expectation, steps: set[str]) -> bool:
    """Whether an expectation names only steps that are kept (others would not compile)."""
    metric = expectation.metric
    named = [getattr(metric, name, None) for name in ("step", "from_step", "to_step")]
    return all(n is None or n in steps for n in named)


def _reachable(start: list[str], edges: set[tuple[str, str]]) -> set[str]:
    forward: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        forward[a].append(b)
    seen, queue = set(start), list(start)
    while queue:
        for nxt in forward[queue.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _reach_everything(observed: list[str], start: list[str], shares: dict[tuple[str, str], float],
                      kept: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The strongest incoming transitions that make every observed step reachable from a start step."""
    added: set[tuple[str, str]] = set()
    while True:
        reached = _reachable(start, kept | added)
        candidates = [(share, pair) for pair, share in shares.items()
                      if pair[0] in reached and pair[1] not in reached and pair[1] in observed]
        if not candidates:
            return added
        added.add(max(candidates)[1])


__all__ = ["events_journey", "floor_share", "observed_journey"]
