"""Comparing a metric with its value on a baseline dataset (``--baseline``, ``vs baseline``).

A ``vs baseline`` threshold is a change: ``relative`` (``-20%``: a fifth lower
than the baseline) or ``points`` (``-5pp``: five percentage points lower). The
change is judged like any value; for proportions the two-proportion z-test
gives a p-value, and with ``confidence`` the Newcombe interval of the
difference decides, as Wilson intervals decide plain proportions.
"""

from __future__ import annotations

from journeyspec.check.metrics import Measurement
from journeyspec.check.result import Comparison
from journeyspec.check.stats import difference_interval, two_proportion_p_value


def comparison(current: Measurement, base: Measurement) -> Comparison:
    """The current value beside the baseline value, with the difference and (proportions) a p-value."""
    value, baseline = current.value, base.value
    difference = value - baseline if value is not None and baseline is not None else None
    relative = difference / baseline if difference is not None and baseline else None
    p_value = None
    if current.proportion and base.proportion:
        p_value = two_proportion_p_value(current.successes, current.population, base.successes, base.population)
    return Comparison(value=value, baseline=baseline, difference=difference, relative=relative, p_value=p_value,
                      baseline_population=base.population)


def change(unit: str, compared: Comparison) -> float | None:
    """The change a ``vs baseline`` threshold is compared with: relative or in points."""
    return compared.relative if unit == "relative" else compared.difference


def change_interval(unit: str, current: Measurement, base: Measurement,
                    confidence: float) -> tuple[float, float] | None:
    """The interval of the change at ``confidence`` (proportions only)."""
    if not (current.proportion and base.proportion):
        return None
    interval = difference_interval(current.successes, current.population, base.successes, base.population, confidence)
    if interval is None or unit == "points":
        return interval
    if not base.value:
        return None
    return interval[0] / base.value, interval[1] / base.value


__all__ = ["change", "change_interval", "comparison"]
