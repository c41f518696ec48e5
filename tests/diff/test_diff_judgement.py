"""Loosened or tightened: the judgement a reviewer relies on to spot a lowered bar."""

from __future__ import annotations

import pytest

from journeyspec.diff.expectations import identity, judge, pair_expectations
from journeyspec.ir.expectations import ConversionMetric, Expectation, Threshold, TimeMetric
from journeyspec.ir.predicates import Compare
from journeyspec.ir.text import expectation_text


def conversion(comparator: str = ">=", value: float = 0.1, **qualifiers) -> Expectation:
    draft = Expectation(
        metric=ConversionMetric(from_step="a", to_step="b"),
        comparator=comparator,
        threshold=Threshold(value=value, unit="fraction"),
        text="",
        **qualifiers,
    )
    return draft.model_copy(update={"text": expectation_text(draft)})


def p90(comparator: str, seconds: int) -> Expectation:
    draft = Expectation(
        metric=TimeMetric(statistic="p90", from_step="a", to_step="b"),
        comparator=comparator,
        threshold=Threshold(value=seconds, unit="seconds"),
        text="",
    )
    return draft.model_copy(update={"text": expectation_text(draft)})


@pytest.mark.parametrize(
    "old, new, verdict",
    [
        # A lower `>=` bar, a higher `<=` bar: loosened.
        (conversion(">=", 0.10), conversion(">=", 0.08), "loosened"),
        (conversion(">=", 0.10), conversion(">=", 0.12), "tightened"),
        (conversion("<=", 0.30), conversion("<=", 0.40), "loosened"),
        (conversion("<=", 0.30), conversion("<=", 0.20), "tightened"),
        # Strictness alone.
        (conversion(">=", 0.10), conversion(">", 0.10), "tightened"),
        (conversion("<", 0.10), conversion("<=", 0.10), "loosened"),
        # An exact value opened up into a bound, and back.
        (conversion("==", 0.0), conversion("<=", 0.05), "loosened"),
        (conversion("<=", 0.05), conversion("==", 0.0), "tightened"),
        # A bound turned around is a change, but neither looser nor tighter.
        (conversion(">=", 0.10), conversion("<=", 0.10), None),
        # A wider window, a lower confidence, a (larger) minimum population: loosened.
        (conversion(within=86400), conversion(within=172800), "loosened"),
        (conversion(within=86400), conversion(), "loosened"),
        (conversion(), conversion(within=86400), "tightened"),
        (conversion(confidence=0.9), conversion(confidence=0.8), "loosened"),
        (conversion(), conversion(confidence=0.9), "loosened"),  # unset means 95%
        (conversion(), conversion(confidence=0.95), None),
        (conversion(confidence=0.9), conversion(confidence=0.99), "tightened"),
        (conversion(), conversion(min_sessions=100), "loosened"),
        (conversion(min_sessions=500), conversion(min_sessions=100), "tightened"),
        # Parts moving both ways.
        (conversion(">=", 0.10, within=86400), conversion(">=", 0.12, within=172800), "mixed"),
        (conversion(">=", 0.10), conversion(">=", 0.08, confidence=0.99), "mixed"),
    ],
)
def test_judge(old: Expectation, new: Expectation, verdict: str | None):
    assert judge(old, new) == verdict


def test_identity_is_metric_where_and_baseline():
    plain = conversion()
    filtered = conversion(where=Compare(field="device", op="==", value="mobile"))
    baseline = conversion(vs_baseline=True)
    assert identity(plain) == "conversion a -> b"
    assert identity(filtered) == 'conversion a -> b where device == "mobile"'
    assert identity(baseline) == "conversion a -> b vs baseline"
    # The bar is not identity.
    assert identity(conversion(">=", 0.5, within=60, confidence=0.9, min_sessions=10)) == identity(plain)


def test_a_new_where_filter_is_another_expectation():
    pairs = pair_expectations((conversion(),), (conversion(where=Compare(field="device", op="==", value="app")),))
    assert [(p.old is None, p.new is None) for p in pairs] == [(False, True), (True, False)]


def test_unchanged_expectations_are_left_out_whatever_their_order():
    first, second = conversion(), p90("<=", 600)
    assert pair_expectations((first, second), (second, first)) == []


def test_a_range_on_one_metric_pairs_bound_with_bound():
    # An upper and a lower bound share one identity; each is matched with its own kind of bound.
    old = (p90(">=", 60), p90("<=", 600))
    new = (p90("<=", 900), p90(">=", 60))
    (pair,) = pair_expectations(old, new)
    assert (pair.old.text, pair.new.text) == ("time p90 a -> b <= 10m", "time p90 a -> b <= 15m")
    assert judge(pair.old, pair.new) == "loosened"
