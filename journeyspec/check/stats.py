"""The statistics behind a verdict: Wilson score intervals, the two-proportion z-test, and the rule.

Every function here is pure arithmetic on counts, so it is tested against
published values and reused by the baseline comparison and the reports.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Literal

from journeyspec.ir.expectations import DEFAULT_CONFIDENCE

Status = Literal["pass", "fail", "inconclusive", "skipped"]

_NORMAL = NormalDist()

MIN_PATHS = 30
"""The fewest paths a rate may rest on to be ranked ("Fix first", the stage table's flags); ``check --min-paths``.

Thirty is the usual rule of thumb for a normal approximation; below it a
rate's interval is too wide to rank anything by (2 of 2 is 34%–100%).
"""


def z_value(confidence: float) -> float:
    """The two-sided normal quantile of a confidence level: 0.95 -> 1.959964."""
    return _NORMAL.inv_cdf(1 - (1 - confidence) / 2)


def wilson_interval(successes: int, trials: int, confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion, or None when there are no trials.

    Unlike the normal approximation it stays inside 0..1 and is honest for
    small samples and for proportions near 0 or 1 (Wilson, 1927).
    """
    if trials <= 0:
        return None
    z = z_value(confidence)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    # Rounding can leave 1e-17 outside 0..1 at the ends; the interval never does.
    return max(0.0, centre - half), min(1.0, centre + half)


def two_proportion_p_value(x1: int, n1: int, x2: int, n2: int) -> float | None:
    """Two-sided p-value of the pooled two-proportion z-test of x1/n1 against x2/n2."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0 if x1 / n1 == x2 / n2 else 0.0
    z = (x1 / n1 - x2 / n2) / spread
    return 2 * (1 - _NORMAL.cdf(abs(z)))


def difference_interval(x1: int, n1: int, x2: int, n2: int,
                        confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float] | None:
    """Newcombe's hybrid score interval for p1 - p2, built from the two Wilson intervals."""
    first, second = wilson_interval(x1, n1, confidence), wilson_interval(x2, n2, confidence)
    if first is None or second is None:
        return None
    p1, p2 = x1 / n1, x2 / n2
    (l1, u1), (l2, u2) = first, second
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def compare(value: float, comparator: str, threshold: float) -> bool:
    """Whether ``value COMPARATOR threshold`` holds (``==`` tolerates float noise)."""
    if comparator == ">=":
        return value >= threshold or math.isclose(value, threshold, abs_tol=1e-12)
    if comparator == "<=":
        return value <= threshold or math.isclose(value, threshold, abs_tol=1e-12)
    if comparator == ">":
        return value > threshold
    if comparator == "<":
        return value < threshold
    if comparator == "==":
        return math.isclose(value, threshold, abs_tol=1e-12)
    raise ValueError(f"unknown comparator {comparator!r}")


# For each one-sided comparator: the end of the interval that must satisfy it for a pass, and the end
# that must fail it too for a fail. `>= 40%` passes when even the low end is >= 40% and fails when even
# the high end is below it.
_DECIDING_ENDS = {">=": (0, 1), ">": (0, 1), "<=": (1, 0), "<": (1, 0)}


def verdict(value: float, comparator: str, threshold: float, interval: tuple[float, float] | None = None) -> Status:
    """Pass or fail on the point estimate, or, given an interval, on the interval (spec/metrics.md, "Verdicts").

    A one-sided comparator passes when every value in the interval satisfies
    it, fails when every value violates it, and is inconclusive when the
    interval straddles the threshold. ``==`` fails when the interval excludes
    the threshold, passes when the value is the threshold exactly (an
    interval then always contains it), and is otherwise inconclusive: the
    data do not rule the threshold out, but do not show it either.
    """
    if interval is None:
        return "pass" if compare(value, comparator, threshold) else "fail"
    if comparator == "==":
        low, high = interval
        if not (compare(low, "<=", threshold) and compare(high, ">=", threshold)):
            return "fail"
        return "pass" if compare(value, "==", threshold) else "inconclusive"
    passing, failing = _DECIDING_ENDS[comparator]
    if compare(interval[passing], comparator, threshold):
        return "pass"
    if not compare(interval[failing], comparator, threshold):
        return "fail"
    return "inconclusive"


__all__ = [
    "DEFAULT_CONFIDENCE",
    "MIN_PATHS",
    "Status",
    "compare",
    "difference_interval",
    "two_proportion_p_value",
    "verdict",
    "wilson_interval",
    "z_value",
]
