"""Simulated paths stop at designed endings, in the shares the design gives the flows into them."""

from __future__ import annotations

from dataclasses import replace

import pytest

import journeyspec
from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import reduce
from journeyspec.simulate import SimulationSettings, simulate
from tests.render.helpers import FIXTURES

QUIET = replace(SimulationSettings().with_overrides(noise=0), dropoff=0.0)


def loan():
    return journeyspec.load(FIXTURES / "endings.journey")[0]


def test_every_simulated_path_ends_at_an_outcome_when_nothing_drops(tmp_path):
    journey = loan()
    out = tmp_path / "loan.parquet"
    simulate(journey, out, sessions=4000, seed=3, settings=QUIET)
    result = journeyspec.check(journey, str(out)).journeys[0]
    by_kind = {o.step or o.kind: o.paths for o in result.outcomes}
    assert by_kind["abandoned"] == 0
    assert by_kind["success"] + by_kind["declined"] + by_kind["cancelled"] == 4000
    assert by_kind["declined"] > 0 and by_kind["cancelled"] > 0
    # No path goes on from an ending: the map draws no flow out of one, so the walk stops there.
    facts = reduce(journey, out).population
    assert not [t for t in facts.transitions if t.source in journey.endings]


def test_dropoff_at_a_designed_ending_is_refused(tmp_path):
    settings = replace(SimulationSettings(), dropoff_at={"declined": 0.5})
    with pytest.raises(JourneyspecError) as raised:
        simulate(loan(), tmp_path / "x.parquet", sessions=10, seed=1, settings=settings)
    (found,) = raised.value.diagnostics
    assert found.code == "JS341" and "designed ending" in found.message
