"""The failure text names what a value is taken over, and which rule decided it."""

from __future__ import annotations

import pytest

from journeyspec.check.result import Decision, ExpectationResult, Interval
from journeyspec.testing.failure import describe_result

DEFAULT = Decision(rule="interval", confidence=0.95, set_by="default")


def _result(kind: str, population: int, **extra) -> ExpectationResult:
    fields = {"text": "x", "metric": kind, "kind": kind, "value": 0.4, "comparator": "<=", "threshold": 0.1,
              "unit": "fraction", "status": "fail", "population": population, "decided_by": DEFAULT, **extra}
    return ExpectationResult(**fields)


@pytest.mark.parametrize("kind, population, over", [
    ("unexpected_transitions", 22, "over 22 transitions"),  # once printed as "over 22 paths"
    ("conversion", 22, "over 22 paths"),
    ("dropoff", 1, "over 1 path"),
    ("emotion", 357, "over 357 scores"),
])
def test_the_population_is_named(kind, population, over):
    assert over in describe_result(_result(kind, population))


@pytest.mark.parametrize("decision, said", [
    (DEFAULT, "verdict:   decided by the 95% interval (the default)"),
    (Decision(rule="interval", confidence=0.9, set_by="journey"), "decided by the 90% interval (set by the journey)"),
    (Decision(rule="point_estimate", set_by="expectation"),
     "decided by the point estimate alone (set by the expectation)"),
    (Decision(rule="point_estimate", set_by="metric"), "decided by the observed value (time has no interval)"),
])
def test_the_rule_that_decided_is_named(decision, said):
    kind = "time" if decision.set_by == "metric" else "reach"
    found = _result(kind, 40, decided_by=decision, interval=Interval(low=0.1, high=0.6, confidence=0.95))
    assert said in describe_result(found)
