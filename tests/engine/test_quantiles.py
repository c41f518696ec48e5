"""Grouped durations summarised with numpy (journeyspec/engine/arrow/quantiles.py) equal DuckDB's own summary.

The quantiles must be ``quantile_cont``'s to the last bit (the reports print
them), so random groups of random durations (ties, single values, whole and
fractional ranks, values from microseconds to years) are summarised both
ways and compared exactly; means within 1e-12 relative, since DuckDB's
``avg`` adds the same numbers in another order.
"""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeyspec.engine.arrow.quantiles import GroupOrder, summarise
from journeyspec.engine.facts.models import QUANTILES

# Run again on the newest DuckDB 1.x by `make test` (see tests/engine/test_duckdb_versions.py).
pytestmark = pytest.mark.duckdb


QS = [q for _, q in QUANTILES]


def duckdb_summary(groups, values, quantiles):
    data = pa.table({"g": pa.array(groups, pa.int64()), "x": pa.array(values, pa.float64())})
    # In exponent notation, which DuckDB reads as a double: a literal like 0.9085220195450587
    # is a DECIMAL, whose cast to double can land one bit away (the engine's five quantiles
    # are exact either way; the parity tests of the fast path compare those through Ibis).
    listed = ", ".join(f"{q:.17e}" for q in quantiles)
    rows = duckdb.connect().sql(
        f"SELECT g, count(*) AS count, avg(x) AS mean, quantile_cont(x, [{listed}]) AS quantiles "
        "FROM data GROUP BY g").to_arrow_table().to_pylist()
    return {row["g"]: row for row in rows}


def assert_same(groups, values, quantiles=QS):
    mine = summarise(np.array(groups, dtype=np.int64), np.array(values, dtype=np.float64), quantiles)
    theirs = duckdb_summary(groups, values, quantiles)
    assert mine.keys() == theirs.keys()
    for group, row in theirs.items():
        assert mine[group]["count"] == row["count"]
        assert mine[group]["quantiles"] == row["quantiles"], group
        assert math.isclose(mine[group]["mean"], row["mean"], rel_tol=1e-12, abs_tol=1e-12)


# Durations as the engine makes them: whole microseconds, in seconds.
durations = st.one_of(st.integers(0, 10**4), st.integers(0, 10**9), st.integers(0, 10**14)).map(lambda us: us / 1e6)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 6), durations), max_size=200))
def test_random_groups_equal_duckdb(rows):
    assert_same([g for g, _ in rows], [x for _, x in rows])


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=1, max_size=60),
       quantiles=st.lists(st.floats(0, 1), min_size=1, max_size=5))
def test_any_floats_and_quantiles_equal_duckdb(values, quantiles):
    assert_same([3] * len(values), values, quantiles)


def test_large_groups_with_ties_equal_duckdb():
    rng = np.random.default_rng(7)
    groups = rng.integers(0, 40, 200_000)
    seconds = rng.exponential(60.0, 200_000)
    values = np.where(rng.random(200_000) < 0.5, np.round(seconds), np.round(seconds * 1e6) / 1e6)
    assert_same(groups.tolist(), values.tolist())


def test_many_group_numbers():
    """More groups than a 16-bit radix sort holds: ordered by the wide numbers instead."""
    groups = [0, 65_537, 65_537, 5, 65_537, 5, 70_000]  # 65,537 is 1 in 16 bits: before 5
    assert_same(groups, [1.0, 4.0, 2.0, 3.0, 8.5, 0.5, 6.0])


def test_nothing_to_summarise():
    assert summarise(np.zeros(0, dtype=np.int64), np.zeros(0)) == {}


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 9), durations, st.booleans()), max_size=150))
def test_a_subset_summarised_in_the_whole_order_equals_the_subset_summarised_alone(rows):
    """A ``where`` population's transitions, taken in the whole population's order, summarise
    exactly as if they were sorted on their own: counts, means and quantiles, to the bit."""
    groups = np.array([g for g, _, _ in rows], dtype=np.int32)
    values = np.array([x for _, x, _ in rows], dtype=np.float64)
    keep = np.array([k for _, _, k in rows], dtype=bool)
    order = GroupOrder(groups)
    assert order.summarise(values) == summarise(groups, values)
    assert order.summarise(values, keep) == summarise(groups[keep], values[keep])
    assert order.summarise(values, np.zeros(len(rows), dtype=bool)) == {}


def test_the_engine_quantiles_as_the_shared_pass_writes_them():
    """The shared pass asks DuckDB through Ibis for QUANTILES (decimal literals): the same numbers."""
    import ibis

    rng = np.random.default_rng(11)
    groups = rng.integers(0, 12, 50_000)
    values = np.round(rng.exponential(300.0, 50_000) * 1e6) / 1e6
    table = ibis.memtable(pa.table({"g": groups, "x": values}))
    query = table.group_by("g").aggregate(count=table.count(), quantiles=table.x.quantile(QS))
    theirs = {row["g"]: row for row in ibis.duckdb.connect().to_pyarrow(query).to_pylist()}
    mine = summarise(groups, values)
    assert {g: (row["count"], row["quantiles"]) for g, row in theirs.items()} == {
        g: (row["count"], row["quantiles"]) for g, row in mine.items()}
