"""Corners the single-pass reduction decides in new ways: the first event of a `where`
(least time, order, code, row of any kept event), switches as min != max, and off-map names."""

from __future__ import annotations

import pytest

import journeyspec
from journeyspec.engine import SourceConfig, reduce
from tests.engine.helpers import MAP, arrow_table, write

# Run again on the newest DuckDB 1.x by `make test` (see tests/engine/test_duckdb_versions.py).
pytestmark = pytest.mark.duckdb


ROWS = [
    # X: the off-map `chat` ties with `home` at t=10; a step event comes before an off-map one
    # (rule 2), so home (mobile) is first, although chat is first in the file; `seq` puts chat
    # (desktop) first. Its devices: desktop, mobile and a missing one.
    ("X", 10, "chat", None, "desktop", None, 1, "u1"),
    ("X", 10, "home", None, "mobile", None, 2, "u1"),
    ("X", 20, "pay", None, None, None, 3, "u1"),
    # Y: one device and a missing one is no switch; an ignored first event does not decide a where.
    ("Y", 5, "heartbeat", None, "mobile", None, 1, "u2"),
    ("Y", 10, "home", None, "desktop", None, 2, "u2"),
    ("Y", 20, None, None, None, None, 3, "u2"),
]


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return write(arrow_table(ROWS), tmp_path_factory.mktemp("corners"), "parquet")


def test_where_reads_the_first_kept_event_of_any_kind(source):
    journey = journeyspec.parse(MAP).journeys[0]
    by_row = reduce(journey, source, config=SourceConfig(time_format="epoch_s"))
    by_seq = reduce(journey, source, config=SourceConfig(time_format="epoch_s", order="seq"))
    # Without `seq`: X starts with mobile home, Y (after its ignored heartbeat) with desktop home.
    assert by_row.where('device == "mobile"').sessions == 1
    # `seq`: X starts with desktop chat.
    assert by_seq.where('device == "mobile"').sessions == 0


def test_switches_count_distinct_present_values(source):
    journey = journeyspec.parse(MAP).journeys[0]
    facts = reduce(journey, source, config=SourceConfig(time_format="epoch_s"), switches=["seq"])
    # X: desktop, mobile (and a missing one); Y: desktop only, its mobile heartbeat is ignored.
    assert facts.population.switch("device").sessions == 1
    # A numeric field: every session's seq values differ.
    assert facts.population.switch("seq").sessions == 2


def test_off_map_names_count_missing_names(source):
    journey = journeyspec.parse(MAP).journeys[0]
    totals = reduce(journey, source, config=SourceConfig(time_format="epoch_s")).totals
    assert totals.off_map == 2 and totals.ignored == 1 and totals.step_events == 3
    assert sorted((n.name or "", n.count) for n in totals.top_off_map) == [("", 1), ("chat", 1)]


# Z: events without a `seq` value at the same time as a step event that has one come
# after it (the paths are sorted with missing values last): the error and the feedback
# at t=20 follow the product view, and the pay at t=30 follows the product view there.
MISSING_ORDER_ROWS = [
    ("Z", 10, "home", None, "mobile", None, 1, "u4"),
    ("Z", 20, "view", "/p/1", "mobile", None, 2, "u4"),
    ("Z", 20, "error", None, "mobile", None, None, "u4"),
    ("Z", 20, "feedback", None, "mobile", 5.0, None, "u4"),
    ("Z", 30, "view", "/p/2", "mobile", None, 3, "u4"),
    ("Z", 30, "pay", None, "mobile", None, None, "u4"),
    # W: two events without `seq` at one time are in the map's order (home, then pay), not the file's.
    ("W", 10, "pay", None, "mobile", None, None, "u5"),
    ("W", 10, "home", None, "mobile", None, None, "u5"),
]


@pytest.fixture(scope="module")
def missing_order(tmp_path_factory):
    return write(arrow_table(MISSING_ORDER_ROWS), tmp_path_factory.mktemp("missing-order"), "parquet")


@pytest.mark.parametrize("fast_path", ["1", "0"])
def test_events_without_an_order_value_follow_those_with_one(missing_order, monkeypatch, fast_path):
    monkeypatch.setenv("JOURNEYSPEC_FAST_PATH", fast_path)
    journey = journeyspec.parse(MAP).journeys[0]
    facts = reduce(journey, missing_order, config=SourceConfig(time_format="epoch_s", order="seq"))
    population = facts.population
    assert {v.path for v in population.variants} == {("home", "product", "pay"), ("home", "pay")}
    product = population.step("product")
    assert (product.friction_events, product.friction_sessions) == (1, 1)
    assert (product.sentiment_count, product.sentiment_sum) == (1, 5.0)
    assert population.step("home").friction_events == 0 and population.friction_unattributed == 0
    (pair,) = [p for p in population.pairs if (p.source, p.target) == ("product", "pay")]
    assert (pair.with_source, pair.converted) == (1, 1)
    assert pair.time.p50 == 10.0
