"""The text a failing journey expectation shows, in pytest and in assertion helpers.

No Python traceback: the expectation's line in the map with the span
underlined, the observed value with its interval and population, the
threshold, and the evidence behind the number. Text from the map and the
data (the expectation, paths, notes, file names) shows through
:func:`journeyspec.inert.terminal`: pytest prints it to a terminal.
"""

from __future__ import annotations

from journeyspec.check.reports import numbers
from journeyspec.check.reports.path_text import more_text, path_text, shown_evidence
from journeyspec.diagnostics.render import source_excerpt
from journeyspec.inert import terminal
from journeyspec.ir.base import Span
from journeyspec.ir.text import duration_text, percent_text, points_text


def value_text(value: float | None, unit: str) -> str:
    """A metric value as the check report prints it: ``41.3%``, ``4m 12s``, ``12,408``, ``-0.8``."""
    if value is None:
        return "no value (no paths to measure)"
    if unit in ("fraction", "points", "relative"):
        return numbers.percent(value)
    if unit == "seconds":
        return numbers.duration(value)
    if unit == "count":
        return numbers.count(value)
    return numbers.score(value)


def threshold_text(comparator: str, threshold: float, unit: str) -> str:
    if unit == "fraction":
        shown = percent_text(threshold)
    elif unit == "relative":
        shown = percent_text(threshold, signed=True) + " (relative change)"
    elif unit == "points":
        shown = points_text(threshold)
    elif unit == "seconds":
        shown = duration_text(threshold)
    elif unit == "count":
        shown = f"{int(threshold):,}"
    else:
        shown = f"{threshold:g}"
    return f"{comparator} {shown}"


def _evidence_lines(result) -> list[str]:
    if not result.evidence:
        return []
    lines = ["evidence:"]
    shown, left_out = shown_evidence(result.evidence)
    for item in shown:
        path = terminal(path_text(item.path, arrow=" -> "))
        details = [f"{item.count:,}×"]
        if item.share is not None:
            details.append(f"{item.share * 100:.1f}%")
        if item.cost is not None:
            details.append(f"cost {item.cost}")
        if item.seconds is not None:
            details.append(numbers.duration(item.seconds))
        note = f"  ({terminal(item.note)})" if item.note else ""
        lines.append(f"  {' · '.join(details):<24} {path}{note}")
    if left_out:
        lines.append(f"  {more_text(left_out)}")
    return lines


def describe_result(result, *, source_text: str | None = None, span: Span | None = None, data: str | None = None) -> str:
    """A failing (or inconclusive) expectation as a person reads it in a test report."""
    where = terminal(f"{result.file}:{result.line}" if result.file and result.line else (result.file or ""))
    lines = [f"journey expectation {result.status}: expect {terminal(result.text)}"]
    if where:
        lines.append(f"  --> {where}" + (f":{result.column}" if result.column else ""))
    if source_text is not None and span is not None:
        lines += ["  " + row for row in source_excerpt(source_text, span, "this expectation")]
    observed = value_text(result.value, "fraction" if result.unit in ("relative", "points") else result.unit)
    if result.baseline is not None and result.unit in ("relative", "points"):
        change = result.baseline.relative if result.unit == "relative" else result.baseline.difference
        observed = f"{value_text(change, 'fraction')} change ({value_text(result.baseline.value, 'fraction')} vs baseline {value_text(result.baseline.baseline, 'fraction')})"
        if result.baseline.p_value is not None:
            observed += f", p = {result.baseline.p_value:.3g}"
    if result.interval is not None:
        interval = result.interval
        observed += (
            f" ({interval.confidence * 100:g}% interval {interval.low * 100:.1f}%–{interval.high * 100:.1f}%)"
        )
    lines.append(f"observed:  {observed} over {numbers.population_words(result)}"
                 + (f" where {terminal(result.where)}" if result.where else ""))
    lines.append(f"expected:  {threshold_text(result.comparator, result.threshold, result.unit)}")
    lines.append(f"verdict:   {terminal(numbers.decision_sentence(result.decided_by, result.kind))}")
    if result.reason:
        lines.append(f"why:       {terminal(result.reason)}")
    if data:
        lines.append(f"data:      {terminal(data)}")
    lines += _evidence_lines(result)
    return "\n".join(lines)
