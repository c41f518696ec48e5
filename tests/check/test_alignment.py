"""The vectorised alignment cost agrees with the textbook definition.

The reference is the alignment search of the process-mining literature
(Adriansyah 2014; pm4py's A*): a shortest path, here by Dijkstra, through the
synchronous product of the trace and the directly-follows model, with log
moves and model moves costing 1 and synchronous moves 0, ending after the
whole trace in any model state but the initial one.
"""

from __future__ import annotations

import heapq

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
