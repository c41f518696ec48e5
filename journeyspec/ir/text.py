"""Canonical text of IR fragments: literals, predicates, metrics, expectations.

The formatter, the diff and the reports all print these pieces the same way,
so an expectation reads identically in a map, a test name and a PR comment.
"""

from __future__ import annotations

from decimal import Decimal

from journeyspec.ir.expectations import Expectation, Metric, Threshold, VerdictRule
from journeyspec.ir.predicates import All, Any_, Compare, Exists, Match, Not, OneOf, Predicate, Scalar

_DURATION_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def quote(text: str) -> str:
    """A double-quoted string literal with ``\\`` and ``"`` escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def decimal_text(value: float) -> str:
    """The shortest plain decimal for a number: ``3``, ``0.5``, ``12.5`` (never exponent notation)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    number = Decimal(repr(float(value)))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def percent_text(fraction: float, *, signed: bool = False) -> str:
    """``0.125`` -> ``12.5%``, computed in decimal so that ``0.07`` prints as ``7%``."""
    number = (Decimal(repr(float(fraction))) * 100).normalize()
    text = _plain(number)
    return (_sign(number) + text if signed else text) + "%"


def points_text(fraction: float) -> str:
    """``-0.05`` -> ``-5pp`` (absolute change in percentage points)."""
    number = (Decimal(repr(float(fraction))) * 100).normalize()
    return _sign(number) + _plain(number) + "pp"


def _plain(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(int(number))
    return format(number, "f")


def _sign(number: Decimal) -> str:
    return "+" if number >= 0 else ""


def duration_text(seconds: float) -> str:
    """``5400`` -> ``1h30m``; durations are whole seconds."""
    remaining = int(seconds)
    if remaining == 0:
        return "0s"
    parts = []
    for unit, size in _DURATION_UNITS:
        count, remaining = divmod(remaining, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


def scalar_text(value: Scalar) -> str:
    """A predicate literal as the language writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quote(value)
    return decimal_text(value)


_PRECEDENCE = {"or": 1, "and": 2, "not": 3}


def predicate_text(predicate: Predicate) -> str:
    """Canonical text of a predicate, with only the parentheses its meaning needs."""
    return _predicate(predicate, 0)


def _predicate(node: Predicate, context: int) -> str:
    if isinstance(node, Compare):
        return f"{node.field} {node.op} {scalar_text(node.value)}"
    if isinstance(node, Match):
        return f"{node.field} ~ {quote(node.pattern)}"
    if isinstance(node, OneOf):
        return f"{node.field} in [" + ", ".join(scalar_text(v) for v in node.values) + "]"
    if isinstance(node, Exists):
        return f"{node.field} exists"
    level = _PRECEDENCE[node.kind]
    if isinstance(node, Not):
        text = "not " + _predicate(node.operand, level)
    else:
        assert isinstance(node, (All, Any_))
        # Operands of the same kind never occur (they are flattened), so an
        # operand only needs parentheses when it binds more loosely.
        text = f" {node.kind} ".join(_predicate(op, level + 1 if op.kind == node.kind else level) for op in node.operands)
    return f"({text})" if level < context else text


def metric_text(metric: Metric) -> str:
    """``conversion product -> purchase``, ``time p90 a -> b``, ``unexpected transitions``..."""
    kind = metric.kind
    if kind in ("sessions", "conformance"):
        return kind
    if kind == "conversion":
        return f"conversion {metric.from_step} -> {metric.to_step}"
    if kind == "time":
        return f"time {metric.statistic} {metric.from_step} -> {metric.to_step}"
    if kind == "reach":
        return f"reach {metric.step}"
    if kind == "skips":
        return f"skips {metric.step}"
    if kind in ("dropoff", "friction"):
        return f"{kind} at {metric.step}"
    if kind == "unexpected_transitions":
        return "unexpected transitions"
    if kind == "switches":
        return f"switches {metric.field}"
    if kind == "emotion":
        return f"emotion at {metric.stage}"
    if kind == "share":
        return f"share where {predicate_text(metric.condition)}"
    raise AssertionError(f"unhandled metric {kind}")


def threshold_text(threshold: Threshold) -> str:
    """A threshold as the language writes it: ``3%``, ``1000``, ``20m``, ``-1``, ``-20%``, ``-5pp``."""
    unit, value = threshold.unit, threshold.value
    if unit == "fraction":
        return percent_text(value)
    if unit == "relative":
        return percent_text(value, signed=True)
    if unit == "points":
        return points_text(value)
    if unit == "seconds":
        return duration_text(value)
    return decimal_text(value)


def judge_text(rule: VerdictRule | None) -> str | None:
    """A journey's ``judge`` as the language writes it after ``judge by``: ``confidence 90%``, ``point estimate``."""
    if rule is None:
        return None
    return "point estimate" if rule.point_estimate else f"confidence {percent_text(rule.confidence)}"


def expectation_text(expectation: Expectation) -> str:
    """Canonical text of an expectation without the ``expect`` keyword; qualifiers in a fixed order."""
    parts = [metric_text(expectation.metric), expectation.comparator, threshold_text(expectation.threshold)]
    if expectation.within is not None:
        parts.append(f"within {duration_text(expectation.within)}")
    if expectation.where is not None:
        parts.append(f"where {predicate_text(expectation.where)}")
    if expectation.confidence is not None:
        parts.append(f"confidence {percent_text(expectation.confidence)}")
    if expectation.point_estimate:
        parts.append("point estimate")
    if expectation.min_sessions is not None:
        parts.append(f"min sessions {expectation.min_sessions}")
    if expectation.vs_baseline:
        parts.append("vs baseline")
    return " ".join(parts)
