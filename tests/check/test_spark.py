"""The same check on PySpark gives the hand-computed metrics and the same verdicts.

In local mode here, and again on a standalone cluster and on Spark Connect
(tests/test_spark_topologies.py).
"""

from __future__ import annotations

import pytest

from tests.spark_topologies import topology

pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
pytestmark = [pytest.mark.spark, pytest.mark.slow]


def test_every_metric_on_spark(shop, events, baseline_events, epoch, result):
    from journeyspec.check import check

    on_spark = check(shop, events, baseline=baseline_events, config=epoch.with_overrides(**topology()),
                     engine="spark")
    journey, expected = on_spark.journeys[0], result.journeys[0]
    assert journey.engine == "spark"
    assert journey.metrics == expected.metrics
    assert journey.metrics.fitness == pytest.approx(0.7291666666666666)
    assert [(v.path, v.cost) for v in journey.variants] == [(v.path, v.cost) for v in expected.variants]
    assert journey.expectations == expected.expectations
    assert journey.impact == expected.impact and journey.steps == expected.steps
    for args, value in ((("conversion", "home", "pay"), 4 / 6), (("time", "p90", "home", "pay"), 310.0),
                        (("emotion", "buy"), 0.0), (("switches", "device"), 1 / 8), (("skips", "cart"), 2 / 5)):
        assert on_spark.metric(*args) == pytest.approx(value)
