"""The vectorised alignment cost agrees with the textbook definition.

The reference is the alignment search of the process-mining literature
(Adriansyah 2014; pm4py's A*): a shortest path, here by Dijkstra, through the
synchronous product of the trace and the directly-follows model, with log
moves and model moves costing 1 and synchronous moves 0, ending after the
whole trace in any model state but the initial one.
"""

from __future__ import annotations

import heapq
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

import journeyspec
from journeyspec.check.alignment import DesignModel, VariantTable, alignment_costs


def reference_cost(path, start, edges):
    """Dijkstra over (position, state); state None is "before any step"."""
    steps = sorted({s for e in edges for s in e} | set(start) | set(path))
    follows = {None: set(start)}
    for a, b in edges:
        follows.setdefault(a, set()).add(b)
    best = {(0, None): 0}
    queue = [(0, 0, "")]
    while queue:
        cost, i, state = heapq.heappop(queue)
        state = state or None
        if cost > best.get((i, state), 1 << 30):
            continue
        if i == len(path) and state is not None:
            return cost
        moves = []
        if i < len(path):
            moves.append((cost + 1, i + 1, state))  # log move: delete the observed step
            if path[i] in follows.get(state, ()):
                moves.append((cost, i + 1, path[i]))  # synchronous move
        for target in follows.get(state, ()):  # model move: insert a designed step
            if target in steps:
                moves.append((cost + 1, i, target))
        for move in moves:
            key = (move[1], move[2])
            if move[0] < best.get(key, 1 << 30):
                best[key] = move[0]
                heapq.heappush(queue, (move[0], move[1], move[2] or ""))
    raise AssertionError("no alignment")


def journey_of(steps, start, edges):
    body = "\n".join(f'    step {s} "{s}" {{\n      when event == "{s}"\n    }}' for s in steps)
    flows = "\n".join(f"  flow {a} -> {b}" for a, b in edges)
    text = (f'journey j "J" {{\n  stage main "Main" {{\n{body}\n  }}\n  start {", ".join(start)}\n'
            f"  success {steps[-1]}\n{flows}\n}}\n")
    return journeyspec.parse(text).journeys[0]


def costs_of(journey, paths):
    table = VariantTable.from_paths(paths, [1] * len(paths), [0] * len(paths), journey.step_ids)
    return alignment_costs(table, DesignModel.of(journey)).tolist()


LINE = journey_of(["a", "b", "c", "d"], ["a"], [("a", "b"), ("b", "c"), ("c", "d"), ("c", "b")])


def test_hand_examples():
    paths = [
        ("a", "b", "c", "d"),  # conforms
        ("a", "b", "c", "b", "c", "d"),  # a designed loop
        ("a", "c", "d"),  # a skip: insert b
        ("b", "c", "d"),  # a wrong start: insert a
        ("d",),  # insert a, b, c (3) or delete d and insert a (2)
        ("a", "d", "b"),  # unknown transitions a->d, d->b: delete d (1)
        ("a", "b", "a", "b"),  # b->a unknown: delete the second a and b (2)
        ("c", "c"),  # repeats kept: delete one c, insert a, b (3)
    ]
    assert costs_of(LINE, paths) == [0, 0, 1, 1, 2, 1, 2, 3]
    assert [reference_cost(p, ["a"], [("a", "b"), ("b", "c"), ("c", "d"), ("c", "b")]) for p in paths] == [
        0, 0, 1, 1, 2, 1, 2, 3]


@settings(max_examples=150, deadline=None)
@given(
    edges=st.sets(st.tuples(st.sampled_from("abcde"), st.sampled_from("abcde")), min_size=0, max_size=8),
    starts=st.sets(st.sampled_from("abcde"), min_size=1, max_size=2),
    paths=st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=8), min_size=1, max_size=6),
)
def test_agrees_with_the_alignment_search(edges, starts, paths):
    steps = sorted("abcde")
    # A chain from `a` keeps every step reachable (the compiler rejects unreachable ones, JS204);
    # the random edges and starts add skips, loops, self-loops and second entries.
    edges = set(edges) | {("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")}
    starts = set(starts) | {"a"}
    journey = journey_of(steps, sorted(starts), sorted(edges))
    tuples = [tuple(p) for p in paths]
    assert costs_of(journey, tuples) == [reference_cost(p, sorted(starts), sorted(edges)) for p in tuples]


PATHS = st.lists(st.lists(st.sampled_from("abcde"), min_size=1, max_size=12).map(tuple), min_size=0, max_size=30)


@settings(max_examples=100, deadline=None)
@given(paths=PATHS, seed=st.randoms(use_true_random=False))
def test_costs_follow_the_rows_whatever_their_lengths(paths, seed):
    """Variants are aligned longest first; each cost still lands on its own row."""
    journey = journey_of(list("abcde"), ["a"], [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("c", "b")])
    shuffled = list(paths)
    seed.shuffle(shuffled)
    costs = dict(zip(paths, costs_of(journey, paths))) if paths else {}
    assert costs_of(journey, shuffled) == [costs[p] for p in shuffled]
    assert [costs[p] for p in paths] == [reference_cost(p, ["a"], [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"),
                                                                   ("c", "b")]) for p in paths]


@settings(max_examples=100, deadline=None)
@given(paths=PATHS)
def test_the_table_holds_each_path_and_what_it_visits(paths):
    steps = tuple("abcde")
    table = VariantTable.from_paths(paths, list(range(len(paths))), [0] * len(paths), steps)
    assert table.codes.shape == (len(paths), max([len(p) for p in paths] + [1]))
    assert [table.path(row) for row in range(len(paths))] == list(paths)
    assert table.lengths.tolist() == [len(p) for p in paths]
    assert ((table.codes >= 0).sum(axis=1) == table.lengths).all()  # the rest is -1 padding
    for step in steps:
        assert table.contains(step).tolist() == [step in p for p in paths]
        assert table.ends_at(step).tolist() == [p[-1] == step for p in paths]
        for other in steps:
            pairs = [set(zip(p, p[1:])) for p in paths]
            assert table.contains_transition(step, other).tolist() == [(step, other) in found for found in pairs]
    assert table.visits.shape == (len(paths), len(steps)) and not table.visits.flags.writeable


def test_a_table_of_no_variants():
    table = VariantTable.from_paths([], [], [], ("a", "b"))
    assert table.codes.shape == (0, 1) and table.contains("a").tolist() == []
    assert table.contains_transition("a", "b").tolist() == [] and table.sessions() == 0
    assert alignment_costs(table, DesignModel.of(LINE)).tolist() == []


def test_the_listing_folds_every_variant_past_the_first_hundred(shop):
    """`other_variants` counts the paths of every variant not listed, plus those the engine folded."""
    from itertools import product

    from journeyspec.check.metrics import PopulationMetrics
    from journeyspec.check.runner import VARIANTS_LISTED, _listing
    from journeyspec.engine.facts.models import PopulationFacts
    from journeyspec.engine.facts.variant import Variant

    paths = [p for n in (3, 4) for p in product(shop.step_ids, repeat=n)][:150]
    variants = tuple(Variant(path=p, count=1000 - i, success=0) for i, p in enumerate(paths))
    facts = PopulationFacts(sessions=sum(v.count for v in variants) + 7, success=0, variants=variants,
                            distinct_variants=151, other_variants=7, transitions=(), steps=())
    listed, rest = _listing(PopulationMetrics(shop, facts))
    assert [v.path for v in listed] == paths[:VARIANTS_LISTED]
    assert rest == sum(1000 - i for i in range(VARIANTS_LISTED, 150)) + 7


# --- groups of steps done in any order ---------------------------------------------------


def reference_cost_with_groups(path, start, edges, groups):
    """Dijkstra over (position, state), as :func:`reference_cost`, for a design with groups.

    ``start`` and ``edges`` name steps and groups; ``groups`` maps a group id to (its steps, how many
    complete it). A state is None (before any step), ("step", s), or ("group", g, the steps of g done
    in this pass). Written from spec/metrics.md, apart from the automaton under test: a path enters a
    group at any of its steps, does its steps in any order (each once per pass), and leaves it once
    `need` of them are done; an edge into a group may start a new pass.
    """

    def entered(node):
        if node in groups:
            return [(m, ("group", node, frozenset([m]))) for m in groups[node][0]]
        return [(node, ("step", node))]

    def follows(state):
        if state is None:
            return [move for node in start for move in entered(node)]
        moves = []
        if state[0] == "group":
            _, group, done = state
            members, need = groups[group]
            moves += [(m, ("group", group, done | {m})) for m in members if m not in done]
            if len(done) < need:
                return moves
            node = group
        else:
            node = state[1]
        return moves + [move for source, target in edges if source == node for move in entered(target)]

    best = {(0, None): 0}
    queue = [(0, 0, 0, None)]
    tie = 0
    while queue:
        cost, _, i, state = heapq.heappop(queue)
        if cost > best.get((i, state), 1 << 30):
            continue
        if i == len(path) and state is not None:
            return cost
        moves = []
        if i < len(path):
            moves.append((cost + 1, i + 1, state))  # log move
            moves += [(cost, i + 1, new) for label, new in follows(state) if label == path[i]]  # synchronous
        moves += [(cost + 1, i, new) for _, new in follows(state)]  # model move
        for move in moves:
            key = (move[1], move[2])
            if move[0] < best.get(key, 1 << 30):
                best[key] = move[0]
                tie += 1
                heapq.heappush(queue, (move[0], tie, move[1], move[2]))
    raise AssertionError("no alignment")


def journey_with_groups(steps, start, edges, groups):
    body = "\n".join(f'    step {s} "{s}" {{\n      when event == "{s}"\n    }}' for s in steps)
    written = "\n".join(
        f"    group {g} {'all of' if need is None else f'any {need} of'} {', '.join(members)}"
        for g, (members, need) in groups.items())
    flows = "\n".join(f"  flow {a} -> {b}" for a, b in edges)
    text = (f'journey j "J" {{\n  stage main "Main" {{\n{body}\n{written}\n  }}\n  start {", ".join(start)}\n'
            f"  success {steps[-1]}\n{flows}\n}}\n")
    return journeyspec.parse(text).journeys[0]


def test_groups_hand_examples():
    """Design: a -> G -> d with G = all of b, c; and H = any 2 of e, f, g after d."""
    groups = {"g1": (("b", "c"), None), "h": (("e", "f", "g"), 2)}
    edges = [("a", "g1"), ("g1", "d"), ("d", "h")]
    journey = journey_with_groups(list("abcdefg"), ["a"], edges, groups)
    paths = [
        ("a", "b", "c", "d"),  # one order
        ("a", "c", "b", "d"),  # the other: conforms too
        ("a", "b", "d"),  # a member missing: insert c (one model move)
        ("a", "d"),  # the group skipped, then the end: delete d (a path may end anywhere)
        ("a", "d", "e", "f"),  # the group skipped on the way on: insert b and c
        ("a", "b", "c", "b", "d"),  # a repeat inside the group: delete it
        ("a", "b"),  # abandoned inside the group: conforms
        ("a", "b", "c", "d", "f", "e"),  # any 2 of 3
        ("a", "b", "c", "d", "g", "e", "f"),  # all 3 of any 2 of 3: conforms
        ("a", "b", "c", "d", "e", "e"),  # repeats kept: the second e is deleted
        ("b", "c", "d"),  # enters without the start step: insert a
        ("c", "a", "b", "d"),  # c before a: delete it, and insert it after b
    ]
    expected = [0, 0, 1, 1, 2, 1, 0, 0, 0, 1, 1, 2]
    reference = [reference_cost_with_groups(p, ["a"], edges, {g: (m, n or len(m)) for g, (m, n) in groups.items()})
                 for p in paths]
    assert reference == expected
    assert costs_of(journey, paths) == expected


@settings(max_examples=200, deadline=None)
@given(
    members=st.lists(st.sampled_from("bcdef"), min_size=2, max_size=4, unique=True),
    need=st.one_of(st.none(), st.integers(1, 4)),
    extra=st.sets(st.tuples(st.sampled_from(["a", "g", "bcdef"]), st.sampled_from(["a", "g", "bcdef"])), max_size=4),
    starts=st.sets(st.sampled_from(["a", "g"]), max_size=1),
    paths=st.lists(st.lists(st.sampled_from("abcdefg"), min_size=1, max_size=8), min_size=1, max_size=6),
)
def test_groups_agree_with_the_alignment_search(members, need, extra, starts, paths):
    """A group `g` of some of b..f (all of them, or any `need`), between the other steps, with loops and
    second entries; the automaton's costs are the search's on random paths."""
    need = None if need is None or need > len(members) else need
    others = [s for s in "abcdef" if s not in members]
    nodes = [others[0], "g", *others[1:]]
    # A chain through every node keeps each reachable (JS204); the extra edges add loops, skips and re-entries.
    chain = set(pairwise(nodes))
    named = {("bcdef" if n == "g" else n) for n in nodes}
    edges = chain | {(("g" if a == "bcdef" else a), ("g" if b == "bcdef" else b)) for a, b in extra
                     if {a, b} <= named | {"bcdef"} and a in named and b in named}
    edges = {(a, b) for a, b in edges if a in nodes and b in nodes}
    start = sorted({nodes[0]} | {s for s in starts if s in nodes})
    journey = journey_with_groups(list("abcdef"), start, sorted(edges), {"g": (tuple(members), need)})
    groups = {"g": (tuple(members), need or len(members))}
    tuples = [tuple(p.replace("g", others[0]) for p in path) for path in paths]
    assert costs_of(journey, tuples) == [reference_cost_with_groups(p, start, sorted(edges), groups) for p in tuples]
