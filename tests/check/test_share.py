"""`expect share where CONDITION`: the share of paths whose first event matches, with its Wilson interval.

Checked against an independent pandas count on a log where the first event and later events differ
(a path that starts on desktop and books on mobile is not a mobile path), on DuckDB and on Spark.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

import journeyspec
from journeyspec.check.stats import wilson_interval
from journeyspec.lang.frontend import compile_text

MAP = """\
journey bea "Bea books a hotel" {
  stage book "Book" {
    step search "Search" {
      when event == "search"
    }
    step booked "Booked" {
      when event == "booked"
    }
  }
  start search
  success booked
  flow search -> booked
  expect share where device == "mobile" >= 70%
  expect share where device == "mobile" >= 50% where country == "NL"
  expect share where device == "mobile" and country == "NL" <= 40% point estimate
}
"""

STEPS = {"search", "booked"}


def write_log(folder) -> str:
    rng = random.Random(26)
    rows = []
    for number in range(120):
        session = f"s{number}"
        country = rng.choice(["NL", "NL", "DE"])
        events = [rng.choice(["chat", "search"])] + rng.choice([[], ["search"], ["booked"], ["search", "booked"]])
        if number % 17 == 0:
            events = ["chat"]  # off-map only: not in the population
        for minute, event in enumerate(events):
            rows.append({"session": session, "time": f"2024-03-01T10:{minute:02d}:00", "event": event,
                         "device": rng.choice(["mobile", "mobile", "desktop"]), "country": country})
    path = folder / "bea.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return str(path)


def by_pandas(path: str, country: str | None = None) -> tuple[int, int]:
    """(paths whose first event is on mobile, paths) — apart from the engine: first row per session by time."""
    events = pd.read_csv(path).sort_values(["session", "time"], kind="stable")
    in_population = events.groupby("session")["event"].apply(lambda names: bool(STEPS & set(names)))
    first = events.groupby("session").first()[in_population]
    if country is not None:
        first = first[first["country"] == country]
    return int((first["device"] == "mobile").sum()), len(first)


@pytest.fixture(scope="module")
def log(tmp_path_factory) -> str:
    return write_log(tmp_path_factory.mktemp("share"))


@pytest.fixture(scope="module")
def journey():
    result = compile_text(MAP, "bea.journey")
    assert result.diagnostics == ()
    return result.document.journeys[0]


def expected_results(log: str):
    mobile, paths = by_pandas(log)
    nl_mobile, nl_paths = by_pandas(log, "NL")
    return [(mobile, paths), (nl_mobile, nl_paths), (nl_mobile, paths)]


def assert_matches_pandas(checked, log: str) -> None:
    found = checked.journeys[0].expectations
    expected = expected_results(log)
    assert [(e.successes, e.population) for e in found] == expected
    for result, (part, whole) in zip(found, expected):
        assert result.value == pytest.approx(part / whole)
    low, high = wilson_interval(*expected[0], 0.95)
    assert (found[0].interval.low, found[0].interval.high) == pytest.approx((low, high))
    assert found[2].interval is not None and found[2].decided_by.rule == "point_estimate"


def test_the_first_event_decides_and_any_later_event_does_not(log):
    events = pd.read_csv(log)
    mobile_anywhere = events[events["event"].isin(STEPS)].groupby("session")["device"].apply(
        lambda d: (d == "mobile").any()).sum()
    assert by_pandas(log)[0] < mobile_anywhere  # the log tells the two definitions apart


def test_share_on_duckdb_matches_pandas(journey, log):
    assert_matches_pandas(journeyspec.check(journey, log, engine="duckdb"), log)


@pytest.mark.spark
@pytest.mark.slow
def test_share_on_spark_matches_pandas(journey, log):
    pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
    from journeyspec.engine.source.config import SourceConfig
    from tests.spark_topologies import topology

    checked = journeyspec.check(journey, log, engine="spark", config=SourceConfig().with_overrides(**topology()))
    assert checked.journeys[0].engine == "spark"
    assert_matches_pandas(checked, log)
