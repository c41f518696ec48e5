"""The presets on PySpark: GA4's key/value lists, PostHog's JSON text and the rest give the figures DuckDB gives."""

from __future__ import annotations

import pytest

import journeyspec
from journeyspec.engine import SourceConfig, reduce
from tests.engine.test_presets import CASES, FIXTURES, engine_figures, expected_figures, journey_text

pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
pytestmark = [pytest.mark.spark, pytest.mark.slow]


# Amplitude's gzipped JSON lines are read by Spark too, but in one partition; the three below cover
# a key/value list (GA4), JSON text (PostHog) and records read from JSON lines (Mixpanel).
@pytest.mark.parametrize("name", ["ga4", "posthog", "mixpanel"])
def test_a_preset_reads_nested_properties_on_spark(name: str):
    case = CASES[name]
    journey = journeyspec.parse(journey_text(case.conditions, case.where)).journeys[0]
    facts = reduce(journey, str(FIXTURES / case.file), config=SourceConfig(preset=name), engine="spark")
    assert facts.engine == "spark"
    got, want = engine_figures(facts), expected_figures(case)
    assert got.pop("p50") == pytest.approx(want.pop("p50"), abs=1e-6)
    assert got == want
