"""The DuckDB fast path read in partitions (ranges of the key's hash) gives the one pass's facts exactly.

Large sources are read a slice of the keys at a time
(:func:`journeyspec.engine.arrow.read.partition_count`) so that memory stays
bounded; the partitions' reductions are joined in stream order. Here tiny
tables are cut into up to 64 partitions (most with a key or two, some empty)
and every fact must equal the one-pass facts to the last digit (the JSON of
the two :class:`~journeyspec.engine.facts.models.Facts`, compared as text),
and the shared Ibis pass's (means within 1e-12, as in test_fast_path.py).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import reduce
from journeyspec.engine.arrow import read as fast
from journeyspec.ir.predicates import Compare, Exists
from tests.engine.helpers import write
from tests.engine.test_fast_path import EPOCH, EXTRA, both_ways, cases, differences, journey, weak_hash

pytestmark = pytest.mark.duckdb

WHERES = [Compare(field="device", op="==", value="mobile"), Exists(field="page")]


def test_partition_count_is_the_least_power_of_two_that_fits():
    assert [fast.partition_count(rows, 10) for rows in (0, 1, 10, 11, 20, 21, 40, 41, 1000)] == [
        1, 1, 1, 2, 2, 4, 4, 8, 128]
    assert fast.partition_count(10**12, 1) == 1 << 16  # bounded: each partition is one more scan
    assert fast.partition_count(16_000_000) == 1
    assert fast.partition_count(100_000_000) == 8


def partitioned(source, partition_rows: int, monkeypatch, **options):
    """(facts read in one pass, facts read in partitions of ``partition_rows`` rows, the partitions' row counts)."""
    one = reduce(**options, source=source)
    sizes = []
    sorted_stream = fast._sorted_stream

    def counted(*args, **kwargs):
        stream = sorted_stream(*args, **kwargs)
        sizes.append(len(stream.code))
        return stream

    monkeypatch.setattr(fast, "PARTITION_ROWS", partition_rows)
    monkeypatch.setattr(fast, "_sorted_stream", counted)
    return one, reduce(**options, source=source), sizes


def test_partitions_equal_one_pass_to_the_last_digit(sources, monkeypatch):
    """22 rows, 6 keys (one row without a key) in 8 partitions: the same JSON, every row read once."""
    one, many, sizes = partitioned(sources["parquet"], 3, monkeypatch, journey=journey(), config=EPOCH,
                                   wheres=WHERES, **EXTRA)
    assert many.model_dump_json() == one.model_dump_json()
    assert len(sizes) == 8 and sum(sizes) == one.totals.rows
    assert sum(1 for rows in sizes if rows) >= 3


def test_partitions_agree_with_the_shared_pass(sources, monkeypatch):
    """Both DuckDB routes: the partitioned fast path (user scope, repeats kept) against the shared Ibis pass."""
    monkeypatch.setattr(fast, "PARTITION_ROWS", 3)
    old, new = both_ways(journey("  repeats keep\n  scope user\n"), sources["parquet"], config=EPOCH,
                         wheres=WHERES, **EXTRA)
    assert differences(old, new) == []


def test_the_comparison_catches_unshifted_path_numbers(sources, monkeypatch):
    """The exact comparison can fail: transitions joined without shifting their path numbers by the
    partitions before are counted in the wrong `where` populations."""
    import numpy as np

    from journeyspec.engine.arrow import populations

    join = populations._join

    def unshifted(parts):
        members = [p.transitions[0] for p in parts]
        joined = join(parts)
        joined.transitions = (np.concatenate(members), *joined.transitions[1:])
        return joined

    one = reduce(journey(), sources["parquet"], config=EPOCH, wheres=WHERES)
    monkeypatch.setattr(fast, "PARTITION_ROWS", 3)
    monkeypatch.setattr(populations, "_join", unshifted)
    many = reduce(journey(), sources["parquet"], config=EPOCH, wheres=WHERES)
    assert many.population == one.population
    assert many.filtered != one.filtered


def test_a_shared_hash_reads_the_key_as_text_in_one_pass(sources, monkeypatch):
    """Keys sharing a hash (DuckDB's hash modulo 2 here) cannot be partitioned by it: the sorted query
    runs again once, with the key as text, and the facts are the shared pass's."""
    from journeyspec.engine.arrow import stream

    runs = []
    query = stream.stream_query
    monkeypatch.setattr(stream, "value_hash", weak_hash)
    monkeypatch.setattr(fast, "stream_query", lambda *args, **kwargs: runs.append(kwargs) or query(*args, **kwargs))
    monkeypatch.setattr(fast, "PARTITION_ROWS", 6)
    old, new = both_ways(journey(), sources["parquet"], config=EPOCH, switches=["device"])
    assert differences(old, new) == []
    assert [run["partition"] for run in runs] == [(0, 4), (1, 4), (2, 4), (3, 4), None]
    assert [run["hashed_key"] for run in runs] == [True] * 4 + [False]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_random_tables_in_partitions(tmp_path, case):
    """Ties, repeats, users cut by a gap, integer keys, missing keys, sentiment, switches, windows:
    one pass and 4 partitions (in batches of 3 rows) give the same JSON."""
    table, extra, settings_, pairs, kind = case
    source = write(table, tmp_path, kind, "random")
    options = {"config": EPOCH.with_overrides(**settings_), "pairs": pairs, "wheres": WHERES,
               "switches": ["device", "score", "seq", "page"]}
    shop = journey(extra)

    def outcome():
        try:
            return reduce(shop, source, **options).model_dump_json()
        except JourneyspecError as error:  # a table without events: the same diagnostics both ways
            return [d.code for d in error.diagnostics]

    one = outcome()
    before = fast.PARTITION_ROWS, fast.BATCH_ROWS
    fast.PARTITION_ROWS, fast.BATCH_ROWS = max(1, table.num_rows // 4), 3
    try:
        assert outcome() == one
    finally:
        fast.PARTITION_ROWS, fast.BATCH_ROWS = before
