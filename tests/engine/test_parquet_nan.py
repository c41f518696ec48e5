"""A NaN in a Parquet float column is read as the value it is, on both routes and in every DuckDB.

Parquet writers leave NaN out of a float column's min/max statistics, as the
format asks. DuckDB trusts those bounds unless told a NaN may be there: with
every finite score at most 2, it folds ``score > 3`` to false and
``score <= 3`` to true, and on DuckDB 2.x ``min(score) != max(score)`` to
false, so a NaN row silently became the wrong step and a switch vanished
(duckdb#25521). The same rows in a DuckDB database, where DuckDB keeps its own
statistics, are the reference; the counts are also worked out by hand below.
"""

from __future__ import annotations

import math

import pyarrow as pa
import pytest

import journeyspec
from journeyspec.engine import SourceConfig, reduce
from tests.engine.helpers import write

# Run again on the newest DuckDB 1.x by `make test` (see tests/engine/test_duckdb_versions.py).
pytestmark = pytest.mark.duckdb

MAP = """\
journey rating "Rating" {
  stage main "Main" {
    step low "Low score" {
      when event == "rate" and score <= 3
    }
    step high "High score" {
      when event == "rate" and score > 3
    }
  }
  start low
  success high
  flow low -> high
}
"""

NAN = math.nan
# In DuckDB (and so in journeyspec) NaN is one value, larger than every other number:
#   s1: low (1.0), high (NaN)  -> succeeds; its score switches (1.0, then NaN)
#   s2: high (NaN)             -> succeeds
#   s3: low (2.0), low (2.0)   -> does not; one score value, no switch
ROWS = {
    "session": ["s1", "s1", "s2", "s3", "s3"],
    "time": [1, 2, 1, 1, 2],
    "event": ["rate"] * 5,
    "score": [1.0, NAN, NAN, 2.0, 2.0],
}
BY_HAND = {"sessions": 3, "success": 2, "score switches": 1, "high reached": 2}


def _facts(source, *, fast: bool, monkeypatch):
    monkeypatch.setenv("JOURNEYSPEC_FAST_PATH", "1" if fast else "0")
    journey = journeyspec.parse(MAP).journeys[0]
    population = reduce(journey, source, config=SourceConfig(time_format="epoch_s"), switches=["score"]).population
    return {"sessions": population.sessions, "success": population.success,
            "score switches": population.switch("score").sessions,
            "high reached": population.step("high").reached}


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nan")
    table = pa.table({**ROWS, "score": pa.array(ROWS["score"], pa.float64())})
    return {kind: write(table, folder, kind, "ratings") for kind in ("parquet", "duckdb")}


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "shared pass"])
def test_a_nan_score_counts_as_a_value_in_parquet_as_in_a_database(sources, fast, monkeypatch):
    parquet = _facts(sources["parquet"], fast=fast, monkeypatch=monkeypatch)
    database = _facts(sources["duckdb"], fast=fast, monkeypatch=monkeypatch)
    assert parquet == database == BY_HAND
