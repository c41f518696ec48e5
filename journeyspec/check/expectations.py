"""Judging one `expect` on a population: value, interval, verdict, evidence."""

from __future__ import annotations

from journeyspec.check.baseline import change, change_interval, comparison
from journeyspec.check.evidence import evidence_for
from journeyspec.check.instrumented import not_judged_reason
from journeyspec.check.metrics import PopulationMetrics
from journeyspec.check.result import Decision, ExpectationResult, Interval
from journeyspec.check.stats import DEFAULT_CONFIDENCE, verdict, wilson_interval
from journeyspec.ir import Journey
from journeyspec.ir.expectations import PROPORTION_KINDS, Expectation
from journeyspec.ir.plain import expectation_words
from journeyspec.ir.text import metric_text, predicate_text

_EMPTY = {
    "conversion": "no path contains {from_step}",
    "time": "no path reaches {to_step} after {from_step}",
    "dropoff": "no path reaches {step}",
    "friction": "no path reaches {step}",
    "skips": "no path reaches a success step",
    "unexpected_transitions": "no path has two steps",
    "emotion": "no event with a sentiment score is attributed to stage {stage}",
}


def _empty_reason(metric) -> str:
    template = _EMPTY.get(metric.kind, "no paths to measure")
    return template.format(**metric.model_dump())


def _basis(expectation: Expectation, metrics: PopulationMetrics, population: int) -> int:
    """What `min sessions` is compared with: the paths the value is taken over."""
    if expectation.metric.kind in ("unexpected_transitions", "emotion"):
        return metrics.facts.sessions
    return population


def decision_for(expectation: Expectation, journey: Journey) -> Decision:
    """The rule that judges ``expectation``: its own, else its journey's `judge by`, else the 95% interval."""
    if expectation.metric.kind not in PROPORTION_KINDS:
        return Decision(rule="point_estimate", set_by="metric")
    if expectation.point_estimate:
        return Decision(rule="point_estimate", set_by="expectation")
    if expectation.confidence is not None:
        return Decision(rule="interval", confidence=expectation.confidence, set_by="expectation")
    rule = journey.judge
    if rule is not None and rule.point_estimate:
        return Decision(rule="point_estimate", set_by="journey")
    if rule is not None:
        return Decision(rule="interval", confidence=rule.confidence, set_by="journey")
    return Decision(rule="interval", confidence=DEFAULT_CONFIDENCE, set_by="default")


def _unsettled(decision: Decision, comparator: str, what: str) -> str:
    """Why an interval left the verdict open."""
    level = f"{decision.confidence:.0%}"
    if comparator == "==":
        return (f"the {level} interval{what} holds the threshold, but the observed value is not exactly it: "
                "the data neither rule it out nor show it")
    return f"the {level} interval{what} straddles the threshold; more data would settle it"


def judge(expectation: Expectation, metrics: PopulationMetrics, baseline: PopulationMetrics | None,
          *, file: str | None = None) -> ExpectationResult:
    """The verdict of ``expectation`` on ``metrics`` (already narrowed to its `where`).

    Args:
        expectation: The IR expectation.
        metrics: The metrics of the population the expectation reads.
        baseline: The same population on the baseline data, or None without ``--baseline``.
        file: The map file, for the report.
    """
    metric = expectation.metric
    decision = decision_for(expectation, metrics.journey)
    measured = metrics.measure(metric, within=expectation.within)
    level = decision.confidence or DEFAULT_CONFIDENCE
    interval = wilson_interval(measured.successes, measured.population, level) if measured.proportion else None
    span = expectation.span
    base = dict(
        text=expectation.text, file=file or (span.file if span else None), line=span.line if span else None,
        column=span.column if span else None, metric=metric_text(metric), kind=metric.kind,
        comparator=expectation.comparator, threshold=float(expectation.threshold.value),
        unit=expectation.threshold.unit, population=measured.population, successes=measured.successes,
        confidence=expectation.confidence, decided_by=decision,
        where=predicate_text(expectation.where) if expectation.where is not None else None,
        plain=expectation_words(expectation, metrics.journey),
    )
    if interval is not None:
        base["interval"] = Interval(low=interval[0], high=interval[1], confidence=level)
    blocked = not_judged_reason(metric, metrics.journey)
    if blocked is not None:  # a design-first step: its figure would read 0, which is not a measurement
        base.pop("interval", None)
        return ExpectationResult(**base, value=None, status="skipped", reason=blocked)
    minimum = expectation.min_sessions
    basis = _basis(expectation, metrics, measured.population)
    if minimum is not None and basis < minimum:
        return ExpectationResult(**base, value=measured.value, status="skipped",
                                 reason=f"{basis:,} sessions, fewer than min sessions {minimum:,}")
    if expectation.vs_baseline:
        return _judge_change(expectation, metrics, baseline, measured, base, decision)
    if measured.value is None:
        return ExpectationResult(**base, value=None, status="inconclusive", reason=_empty_reason(metric))
    status = verdict(measured.value, expectation.comparator, float(expectation.threshold.value),
                     interval if decision.rule == "interval" else None)
    reason = _unsettled(decision, expectation.comparator, "") if status == "inconclusive" else None
    evidence = evidence_for(metrics, metric, measured.population) if status != "pass" else ()
    return ExpectationResult(**base, value=measured.value, status=status, reason=reason, evidence=evidence)


def _judge_change(expectation, metrics, baseline, measured, base, decision: Decision) -> ExpectationResult:
    base.pop("interval", None)
    if baseline is None:
        return ExpectationResult(**base, value=None, status="skipped",
                                 reason="no baseline data; pass --baseline OTHER_DATA to judge a change")
    before = baseline.measure(expectation.metric, within=expectation.within)
    compared = comparison(measured, before)
    value = change(expectation.threshold.unit, compared)
    if value is None:
        return ExpectationResult(**base, value=None, status="inconclusive", baseline=compared,
                                 reason="the change cannot be computed (no value, or a zero baseline)")
    level = decision.confidence or DEFAULT_CONFIDENCE
    interval = change_interval(expectation.threshold.unit, measured, before, level)
    if interval is not None:
        base["interval"] = Interval(low=interval[0], high=interval[1], confidence=level)
    status = verdict(value, expectation.comparator, float(expectation.threshold.value),
                     interval if decision.rule == "interval" else None)
    reason = _unsettled(decision, expectation.comparator, " of the change") if status == "inconclusive" else None
    evidence = evidence_for(metrics, expectation.metric, measured.population) if status != "pass" else ()
    return ExpectationResult(**base, value=value, status=status, reason=reason, baseline=compared,
                             evidence=evidence)


__all__ = ["decision_for", "judge"]
