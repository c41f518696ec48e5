"""Groups of steps done in any order, proposed where the data shows no order between them.

The heuristic, in the words ``discover`` prints: two steps of one stage are
*interchangeable* when the paths that do each of them once, one directly
after the other, do so both ways round (the rarer order in at least
:data:`BOTH_WAYS` as many paths as the commoner; a designed loop, back and
on again, revisits a step and does not count), or when the moves between
them mostly happen at the same instant (the median time between them is
0 s: the data cannot order them); and when those paths are at least
``min_share`` of the paths that reach the rarer step, and at least
:data:`MIN_PATHS`. A group is a set of steps each pair of which is
interchangeable (grown greedily from the busiest pair, at most
:data:`~journeyspec.lang.compile.groups.MAX_GROUP_STEPS` steps). It needs
all of its steps when most paths that enter it do them all, else ``any K
of`` with K the median number done.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from journeyspec.engine.facts.models import PopulationFacts
from journeyspec.ir import Journey
from journeyspec.ir.journey import Group
from journeyspec.lang.compile.groups import MAX_GROUP_STEPS

BOTH_WAYS = 0.25
"""The rarer direction between two steps, as a share of the commoner, for them to count as unordered."""

MIN_PATHS = 30
"""The fewest paths that must show two steps together (in either order) before their order is judged:
below that, a few odd paths would make a group."""

HEURISTIC = (
    "of the paths (30 or more) that do two of them once each, one right after the other, at least 25% as many "
    "take the rarer order as the other; or the two mostly happen at the same instant"
)
"""The heuristic in one line, for what ``discover`` prints."""


def proposed_groups(template: Journey, population: PopulationFacts, *, min_share: float,
                    taken: set[str]) -> tuple[Group, ...]:
    """The groups the data suggests, in the order of their first step in ``template``.

    Args:
        template: The journey whose steps were reduced (its stages bound the groups).
        population: The reduced facts of all paths.
        min_share: The moves between two steps must be at least this share of the rarer one's visits.
        taken: Ids already used (steps, the journey); a group's id is made unique against them.
    """
    reached = {s.step: s.reached for s in population.steps}
    stage = {s.id: s.stage for s in template.steps}
    passes = _clean_passes(population)
    moves = {(t.source, t.target): t for t in population.transitions if t.source != t.target}
    weight: dict[tuple[str, str], int] = {}
    for a, b in {tuple(sorted(pair)) for pair in [*passes, *moves]}:
        if stage.get(a) != stage.get(b):
            continue
        counts = (passes.get((a, b), 0), passes.get((b, a), 0))
        both_ways = min(counts) >= BOTH_WAYS * max(counts)
        timed = [t for t in (moves.get((a, b)), moves.get((b, a))) if t is not None]
        # A direction whose median time is 0 s has at least half its moves at the same instant.
        tied = sum(t.count for t in timed if t.time.p50 == 0)
        same_instant = bool(timed) and tied * 2 >= sum(t.count for t in timed)
        if same_instant:
            counts = tuple(t.sessions for t in timed)
        rarer = min(reached[a], reached[b])
        if (both_ways or same_instant) and rarer and sum(counts) >= max(MIN_PATHS, min_share * rarer):
            weight[(a, b)] = sum(counts)
    linked: dict[str, set[str]] = defaultdict(set)
    for a, b in weight:
        linked[a].add(b)
        linked[b].add(a)
    order = {step: i for i, step in enumerate(template.step_ids)}
    groups: list[list[str]] = []
    grouped: set[str] = set()
    for (a, b), _ in sorted(weight.items(), key=lambda item: (-item[1], order[item[0][0]], order[item[0][1]])):
        if a in grouped or b in grouped:
            continue
        members = [a, b]
        for other in sorted(linked[a] & linked[b], key=lambda s: -weight.get(tuple(sorted((a, s))), 0)):
            if other not in grouped and len(members) < MAX_GROUP_STEPS and all(other in linked[m] for m in members):
                members.append(other)
        grouped.update(members)
        groups.append(sorted(members, key=order.__getitem__))
    groups.sort(key=lambda members: order[members[0]])
    return tuple(_group(members, stage[members[0]], population, taken) for members in groups)


def _clean_passes(population: PopulationFacts) -> dict[tuple[str, str], int]:
    """Paths in which two steps follow each other directly and neither comes again, by their order.

    A designed loop (back to the product page, and on again) shows both orders too, but its
    paths revisit a step; steps done in any order are each done once, in one order or the other.
    """
    found: dict[tuple[str, str], int] = defaultdict(int)
    for variant in population.variants:
        path = variant.path
        once = {step for step in path if path.count(step) == 1}
        for a, b in set(pairwise(path)):
            if a in once and b in once:
                found[(a, b)] += variant.count
    return found


def _group(members: list[str], stage: str, population: PopulationFacts, taken: set[str]) -> Group:
    """The group of ``members``: `all of` when most paths that enter it do every step, else the median done."""
    done: list[tuple[int, int]] = []
    for variant in population.variants:
        count = len(set(members) & set(variant.path))
        if count:
            done.append((count, variant.count))
    done.sort()
    total = sum(n for _, n in done)
    median, seen = len(members), 0
    for count, n in done:
        seen += n
        if seen * 2 >= total:
            median = count
            break
    need = None if median >= len(members) else max(1, median)
    base = "in_any_order"
    group_id, number = base, 2
    while group_id in taken:
        group_id, number = f"{base}_{number}", number + 1
    taken.add(group_id)
    return Group(id=group_id, label="In any order", stage=stage, steps=tuple(members), need=need)


__all__ = ["BOTH_WAYS", "HEURISTIC", "proposed_groups"]
