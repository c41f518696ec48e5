"""simulate walks a group of steps done in any order as its steps in a random order."""

from __future__ import annotations

from collections import Counter
from itertools import permutations

import pytest

import journeyspec
from journeyspec.check.metrics import PopulationMetrics
from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import reduce
from journeyspec.simulate import SimulationSettings, simulate

QUIET = SimulationSettings().with_overrides(noise=0)
MAP = """\
journey loan "Loan" {
  stage close "Close" {
    step offer { when event == "offer" }
    step a { when event == "a" }
    step b { when event == "b" }
    step c { when event == "c" }
    group papers all of a, b, c
    step d { when event == "d" }
    step e { when event == "e" }
    step f { when event == "f" }
    group checks any 2 of d, e, f
    step done { when event == "done" }
  }
  start offer
  success done
  flow offer -> papers -> checks -> done
}
"""


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    journey = journeyspec.parse(MAP).journeys[0]
    out = tmp_path_factory.mktemp("groups") / "events.parquet"
    summary = simulate(journey, out, sessions=4000, seed=5, settings=QUIET)
    return journey, reduce(journey, out), summary


def test_every_order_of_a_group_is_walked_and_conforms(walked):
    journey, facts, summary = walked
    assert summary.unexpected_transitions == 0
    orders = Counter()
    for variant in facts.population.variants:
        papers = tuple(s for s in variant.path if s in "abc")
        if len(papers) == 3:
            orders[papers] += variant.count
    assert set(orders) == set(permutations("abc"))  # all six orders, each common
    assert min(orders.values()) > 0.1 * max(orders.values())
    assert PopulationMetrics(journey, facts.population).conformance().value == 1.0


def test_any_k_of_walks_k_to_all_of_the_steps(walked):
    _, facts, _ = walked
    done = Counter()
    for variant in facts.population.variants:
        if "done" in variant.path:
            done[len({s for s in variant.path if s in "def"})] += variant.count
    assert set(done) == {2, 3}


def test_settings_name_the_group_not_its_steps(tmp_path):
    journey = journeyspec.parse(MAP).journeys[0]
    from dataclasses import replace

    settings = replace(QUIET, flows={("offer", "a"): 0.5})
    with pytest.raises(JourneyspecError) as raised:
        simulate(journey, tmp_path / "e.parquet", sessions=10, settings=settings)
    assert "a step of group `papers`" in str(raised.value.diagnostics[0].message)
    settings = replace(QUIET, flows={("offer", "papers"): 0.5}, dropoff_at={"checks": 0.5})
    simulate(journey, tmp_path / "e.parquet", sessions=10, settings=settings)
