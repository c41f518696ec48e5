"""Switch values numbered batch by batch (journeyspec/engine/arrow/kernels.py) are equal exactly when DuckDB's values are.

The fast path never keeps a switch field's values: each batch of the stream
is dictionary-encoded on arrival (:func:`encode_values`), the batches are
numbered together later (:func:`number_values`), and the number of distinct
values, which the hash collision check compares with the source's own count,
is read from the batches' dictionaries alone (:func:`count_distinct_values`).
Random batches of text, whole numbers and floats (with -0.0, NaN and missing
values, which DuckDB's equality and ``count(DISTINCT ...)`` treat in their own way) are
numbered, and compared with DuckDB.
"""

from __future__ import annotations

import math

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeyspec.engine.arrow.kernels import count_distinct_values, encode_values, number_values

# Run again on the newest DuckDB 1.x by `make test` (see tests/engine/test_duckdb_versions.py).
pytestmark = pytest.mark.duckdb


KINDS = {
    "text": (pa.string(), st.one_of(st.none(), st.sampled_from(["web", "app", "", "Web", "wéb"]))),
    "whole": (pa.int64(), st.one_of(st.none(), st.integers(-3, 3))),
    "float": (pa.float64(), st.one_of(st.none(), st.sampled_from([0.0, -0.0, 1.5, -1.5, math.nan, math.inf]))),
}


CONNECTION = duckdb.connect()


@st.composite
def batched_values(draw):
    arrow_type, values = KINDS[draw(st.sampled_from(sorted(KINDS)))]
    batches = draw(st.lists(st.lists(values, min_size=1, max_size=12), min_size=1, max_size=5))
    return arrow_type, batches


def duckdb_classes(arrow_type, rows) -> tuple[set[frozenset[int]], int]:
    """The rows DuckDB's GROUP BY puts together (missing values left out), and its count(DISTINCT)."""
    connection = CONNECTION
    connection.register("observed", pa.table({"i": pa.array(range(len(rows)), pa.int64()),
                                               "v": pa.array(rows, arrow_type)}))
    classes = {frozenset(row[0]) for row in
               connection.sql("SELECT list(i) FROM observed WHERE v IS NOT NULL GROUP BY v").fetchall()}
    return classes, connection.sql("SELECT count(DISTINCT v) FROM observed").fetchall()[0][0]


@settings(max_examples=200, deadline=None)
@given(drawn=batched_values())
def test_numbers_match_duckdb_equality_and_the_count_reads_the_dictionaries(drawn):
    arrow_type, batches = drawn
    encoded = [encode_values(pa.array(batch, arrow_type)) for batch in batches]
    numbers = number_values(encoded).tolist()
    rows = [value for batch in batches for value in batch]
    assert len(numbers) == len(rows)
    assert [number == -1 for number in numbers] == [value is None for value in rows]
    mine: dict[int, set[int]] = {}
    for row, number in enumerate(numbers):
        if number >= 0:
            mine.setdefault(number, set()).add(row)
    classes, distinct = duckdb_classes(arrow_type, rows)
    assert {frozenset(rows_of) for rows_of in mine.values()} == classes
    assert count_distinct_values(encoded) == distinct == max(numbers, default=-1) + 1


def test_no_batches_no_values():
    assert count_distinct_values([]) == 0
    assert len(number_values([])) == 0
