"""Wilson intervals, the two-proportion z-test and the verdict rule against known values."""

from __future__ import annotations

import pytest

from journeyspec.check.stats import (
    difference_interval,
    two_proportion_p_value,
    verdict,
    wilson_interval,
    z_value,
)


def test_z_values():
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_value(0.90) == pytest.approx(1.644854, abs=1e-6)
    assert z_value(0.99) == pytest.approx(2.575829, abs=1e-6)


@pytest.mark.parametrize("successes, trials, confidence, low, high", [
    (5, 10, 0.95, 0.2366, 0.7634),  # the textbook example (Newcombe 1998, Table I)
    (0, 10, 0.95, 0.0, 0.2775),  # stays inside 0..1 where the normal approximation would not
    (10, 10, 0.95, 0.7225, 1.0),
    (81, 263, 0.95, 0.2553, 0.3662),
    (1, 2, 0.95, 0.0945, 0.9055),
])
def test_wilson_interval_known_values(successes, trials, confidence, low, high):
    found = wilson_interval(successes, trials, confidence)
    assert found == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def test_wilson_interval_without_trials_is_none():
    assert wilson_interval(0, 0) is None


def test_two_proportion_z_test_known_values():
    # 50/100 against 40/100: z = 1.4213, p = 0.1552 (as statsmodels' proportions_ztest).
    assert two_proportion_p_value(50, 100, 40, 100) == pytest.approx(0.1552, abs=1e-4)
    assert two_proportion_p_value(2, 5, 4, 7) == pytest.approx(0.5582, abs=1e-4)
    assert two_proportion_p_value(3, 10, 3, 10) == pytest.approx(1.0)
    assert two_proportion_p_value(0, 10, 0, 20) == 1.0 and two_proportion_p_value(1, 0, 1, 1) is None


def test_newcombe_difference_interval():
    # Newcombe (1998), method 10, example (56/70 - 48/80): 0.0524 .. 0.3339.
    low, high = difference_interval(56, 70, 48, 80)
    assert (low, high) == (pytest.approx(0.0524, abs=5e-4), pytest.approx(0.3339, abs=5e-4))


@pytest.mark.parametrize("value, comparator, threshold, interval, expected", [
    (0.5, ">=", 0.3, None, "pass"),
    (0.2, ">=", 0.3, None, "fail"),
    (0.3, ">=", 0.3, None, "pass"),
    (0.3, ">", 0.3, None, "fail"),
    (0.0, "==", 0.0, None, "pass"),
    (0.2, "<=", 0.1, (0.036, 0.624), "inconclusive"),  # straddles
    (0.5, ">=", 0.3, (0.35, 0.65), "pass"),  # the whole interval satisfies
    (0.1, ">=", 0.3, (0.05, 0.2), "fail"),  # the whole interval violates
    (0.05, "<", 0.1, (0.01, 0.09), "pass"),
    (0.05, "<", 0.1, (0.01, 0.12), "inconclusive"),
    (0.05, "<", 0.1, (0.01, 0.1), "inconclusive"),  # the high end touches the bar: `<` is not yet shown
    (0.2, "<", 0.1, (0.1, 0.3), "fail"),  # even the low end fails `< 10%`
    (0.3, ">=", 0.3, (0.3, 0.5), "pass"),  # the low end on the bar satisfies `>=`
    (0.3, ">", 0.3, (0.3, 0.5), "inconclusive"),  # ... but not `>`
    (0.2, ">", 0.3, (0.1, 0.3), "fail"),  # the high end on the bar fails `>`
    (0.1, "<=", 0.1, (0.05, 0.1), "pass"),
    (0.15, "<=", 0.1, (0.11, 0.2), "fail"),
    # `==`: fail when the interval excludes the bar, pass when the value is the bar, else inconclusive.
    (0.0, "==", 0.0, (0.0, 0.2), "pass"),  # 0 of n: exactly the bar, which the interval contains
    (0.3, "==", 0.3, (0.2, 0.4), "pass"),
    (0.29, "==", 0.3, (0.2, 0.4), "inconclusive"),  # the bar is not ruled out, but not shown either
    (0.5, "==", 0.0, (0.3, 0.7), "fail"),
    (0.01, "==", 0.0, (0.002, 0.05), "fail"),  # one success in 100 rules out "never"
])
def test_verdict(value, comparator, threshold, interval, expected):
    assert verdict(value, comparator, threshold, interval) == expected
