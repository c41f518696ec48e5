"""Variants as arrays (journeyspec/engine/facts/arrays.py) against the definitions, written with Python tuples.

Random paths over a few steps (so that many are equal, prefixes of each other,
and of every length from one visit), compared with a reference that counts
tuples: grouping is exact, the order is most frequent first with ties by
path (a prefix first), a population counts only its paths, and per-step
reach, ends, visits and the paths containing each transition are the sums
over sessions.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeyspec.engine.facts.arrays import (
    VariantArrays,
    from_table,
    group_paths,
    population_variants,
    step_counts,
    transition_paths,
)

STEPS = 4

path_lists = st.lists(st.lists(st.integers(0, STEPS - 1), min_size=1, max_size=6), max_size=40)


def flat(paths, dtype=np.uint8):
    steps = np.array([s for p in paths for s in p], dtype=dtype)
    offsets = np.zeros(len(paths) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in paths], out=offsets[1:])
    return steps, offsets


def rows(arrays: VariantArrays):
    return [(arrays.path(i), int(arrays.counts[i]), int(arrays.success[i])) for i in range(arrays.size)]


def expected_rows(paths, success):
    """Distinct paths with their counts and successes, most frequent first, ties by path."""
    counts = Counter(map(tuple, paths))
    wins = Counter(tuple(p) for p, ok in zip(paths, success) if ok)
    return sorted(((p, n, wins[p]) for p, n in counts.items()), key=lambda row: (-row[1], row[0]))


@settings(max_examples=200, deadline=None)
@given(paths=path_lists, data=st.data())
def test_population_variants_group_exactly_and_order_by_count_then_path(paths, data):
    success = np.array(data.draw(st.lists(st.booleans(), min_size=len(paths), max_size=len(paths))), dtype=bool)
    inside = np.array(data.draw(st.lists(st.booleans(), min_size=len(paths), max_size=len(paths))), dtype=bool)
    for dtype in (np.uint8, np.uint16):  # one-byte codes are used as they are, wider ones big-endian
        groups = group_paths(*flat(paths, dtype))
        assert rows(population_variants(groups, success)) == expected_rows(paths, success)
        chosen = [p for p, keep in zip(paths, inside) if keep]
        assert rows(population_variants(groups, success, inside)) == expected_rows(chosen, success[inside])


@settings(max_examples=200, deadline=None)
@given(paths=path_lists, data=st.data())
def test_from_table_orders_a_variant_table_as_the_fast_path_does(paths, data):
    distinct = sorted(set(map(tuple, paths)))
    counts = data.draw(st.lists(st.integers(1, 4), min_size=len(distinct), max_size=len(distinct)))
    shuffled = data.draw(st.permutations(range(len(distinct))))
    table = pa.table({
        "path": pa.array([list(distinct[i]) for i in shuffled], pa.list_(pa.int64())),
        "count": pa.array([counts[i] for i in shuffled], pa.int64()),
        "success": pa.array([counts[i] // 2 for i in shuffled], pa.int64()),
    })
    expected = sorted(((p, n, n // 2) for p, n in zip(distinct, counts)), key=lambda row: (-row[1], row[0]))
    assert rows(from_table(table)) == expected


@settings(max_examples=200, deadline=None)
@given(paths=path_lists)
def test_step_counts_and_transition_paths_sum_over_sessions(paths):
    arrays = population_variants(group_paths(*flat(paths)), np.zeros(len(paths), dtype=bool))
    reached, ended, visits = step_counts(arrays, STEPS)
    assert reached == [sum(s in p for p in paths) for s in range(STEPS)]
    assert ended == [sum(p[-1] == s for p in paths) for s in range(STEPS)]
    assert visits == [sum(p.count(s) for p in paths) for s in range(STEPS)]
    containing = Counter(pair for p in paths for pair in set(zip(p, p[1:])))
    assert transition_paths(arrays, STEPS) == dict(containing)


def test_a_prefix_sorts_first_and_equal_counts_keep_path_order():
    paths = [[1, 2], [1], [0, 3], [1, 2], [1], [0, 3], [2]]
    arrays = population_variants(group_paths(*flat(paths)), np.zeros(len(paths), dtype=bool))
    assert [arrays.path(i) for i in range(arrays.size)] == [(0, 3), (1,), (1, 2), (2,)]


def test_no_paths():
    groups = group_paths(*flat([]))
    arrays = population_variants(groups, np.zeros(0, dtype=bool))
    assert arrays.size == 0 and step_counts(arrays, STEPS) == ([0] * STEPS,) * 3
    assert transition_paths(arrays, STEPS) == {}
    empty = pa.table({"path": pa.array([], pa.list_(pa.int64())), "count": pa.array([], pa.int64()),
                      "success": pa.array([], pa.int64())})
    assert from_table(empty).size == 0


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_paths_differing_in_one_late_step_stay_apart(dtype):
    """No hashing, no truncation: long paths that differ only at the end are two variants."""
    long = [1] * 300
    paths = [long + [2], long + [3], long + [2]]
    arrays = population_variants(group_paths(*flat(paths, dtype)), np.zeros(3, dtype=bool))
    assert [int(c) for c in arrays.counts] == [2, 1] and arrays.path(1)[-1] == 3


def test_wide_step_indexes_order_by_value_not_by_byte():
    """Journeys with more steps than a byte holds: 256 sorts after 1 (its little-endian bytes would not)."""
    paths = [[256], [1], [1, 257], [1, 2]]
    steps, offsets = flat(paths, np.uint16)
    arrays = population_variants(group_paths(steps, offsets), np.zeros(4, dtype=bool))
    assert [arrays.path(i) for i in range(arrays.size)] == [(1,), (1, 2), (1, 257), (256,)]
    table = pa.table({"path": pa.array(paths, pa.list_(pa.int64())), "count": [1] * 4, "success": [0] * 4})
    assert [from_table(table).path(i) for i in range(4)] == [(1,), (1, 2), (1, 257), (256,)]
