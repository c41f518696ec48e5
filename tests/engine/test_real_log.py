"""One reduction of a real event log (the helpdesk ticket process), when the shared data is present."""

from __future__ import annotations

from pathlib import Path

import pytest

import journeyspec
from journeyspec.engine import SourceConfig, reduce

HELPDESK = Path("/work/shared/data/real/helpdesk/helpdesk.csv.gz")

MAP = """\
journey helpdesk "Help desk ticket" {
  stage triage "Triage" {
    step assign "Assign seriousness" {
      when event == "Assign seriousness"
    }
    step take "Take in charge" {
      when event == "Take in charge ticket"
    }
  }
  stage solve "Solve" {
    step resolve "Resolve" {
      when event == "Resolve ticket"
    }
    step closed "Closed" {
      when event == "Closed"
    }
  }
  start assign
  success closed
  flow assign -> take -> resolve -> closed
  ignore event == "Wait"
  expect time p50 take -> resolve <= 3d
}
"""


@pytest.mark.skipif(not HELPDESK.exists(), reason="the shared real logs are not on this machine")
def test_helpdesk_log():
    journey = journeyspec.parse(MAP).journeys[0]
    config = SourceConfig(session="case_id", event="activity", time="timestamp")
    facts = reduce(journey, str(HELPDESK), config=config)
    totals = facts.totals
    # README: 21,348 events in 4,580 cases; 1,463 `Wait` events are ignored here.
    assert totals.rows == 21_348 and totals.ignored == 1_463
    assert totals.skipped_null_session == totals.skipped_null_time == 0
    assert totals.step_events == 5_060 + 4_983 + 4_938 + 4_574
    assert totals.off_map == 21_348 - 1_463 - totals.step_events
    population = facts.population
    assert 0 < population.sessions <= 4_580
    assert sum(v.count for v in population.variants) == population.sessions
    assert population.step("closed").reached == population.success
    timing = population.pair("take", "resolve")
    assert 0 < timing.converted <= timing.with_source and timing.time.p50 > 0
