"""``check --format sarif``: one SARIF result per expectation that did not pass, at its `expect` line.

Three rules, one per verdict that is not a pass: ``expectation-failed``
(level error), ``expectation-inconclusive`` and ``expectation-skipped``
(level warning; error under ``strict``, where they fail the run too). Each
result carries the observed value, interval and population in its message
and as properties; the run's properties count every verdict, passes
included, so the log says as much as the text report's summary line.
"""

from __future__ import annotations

from pathlib import Path

from journeyspec.check.reports.github import level
from journeyspec.check.reports.numbers import decision_sentence, interval_text, population_words, value_text
from journeyspec.check.result import CheckResult, ExpectationResult, JourneyResult
from journeyspec.diagnostics.sarif import location, sarif_log

VERDICTS = "https://journeyspec.dev/reference/metrics/#verdicts"
RULES = {
    "fail": ("expectation-failed", "The observed value breaks the expectation's threshold, decided by its rule."),
    "inconclusive": (
        "expectation-inconclusive",
        (
            "The data cannot tell whether the expectation holds: its "
            "interval straddles the threshold, or there are too few paths."
        ),
    ),
    "skipped": (
        "expectation-skipped",
        (
            "The expectation could not be judged on this data (no population, or no "
            "baseline for a `vs baseline` expectation)."
        ),
    ),
}
_ORDER = tuple(RULES)


def _rule(status: str) -> dict:
    rule_id, text = RULES[status]
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": text},
        "helpUri": VERDICTS,
        "defaultConfiguration": {"level": "error" if status == "fail" else "warning"},
    }


def _result(journey: JourneyResult, e: ExpectationResult, strict: bool, root) -> dict:
    observed = "no value" if e.value is None else value_text(e)
    interval = f" (interval {interval_text(e.interval)})" if e.interval else ""
    text = (
        f"{journey.id}: expect {e.text} — {e.status}: observed {observed}{interval} over "
        f"{population_words(e)}; {decision_sentence(e.decided_by, e.kind)}." + (f" {e.reason}" if e.reason else "")
    )
    result: dict = {
        "ruleId": RULES[e.status][0],
        "ruleIndex": _ORDER.index(e.status),
        "level": level(e, strict),
        "message": {"text": text},
        "properties": {
            "journey": journey.id,
            "expectation": e.text,
            "status": e.status,
            "metric": e.metric,
            "value": e.value,
            "threshold": e.threshold,
            "unit": e.unit,
            "population": e.population,
            "interval": [e.interval.low, e.interval.high] if e.interval else None,
        },
    }
    where = location(e.file or journey.file, e.line, e.column, root=root)
    if where:
        result["locations"] = [where]
    return result


def to_sarif(result: CheckResult, *, strict: bool = False, root: str | Path | None = None) -> str:
    """The result as a SARIF 2.1.0 log; ``root`` is the repository, to which map paths are made relative."""
    results = [
        _result(journey, e, strict, root)
        for journey in result.journeys
        for e in journey.expectations
        if e.status != "pass"
    ]
    return sarif_log(
        [_rule(status) for status in _ORDER],
        results,
        root=root,
        properties={"verdicts": result.counts(), "strict": strict, "exitCode": result.exit_code(strict)},
    )


__all__ = ["RULES", "to_sarif"]
