"""The JUnit XML report: one testcase per expectation, for CI test tabs.

ElementTree escapes markup; text from the map or the data also passes
:func:`journeyspec.inert.terminal`, since XML cannot hold most control
characters and a CI log would print them raw.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from journeyspec.check.reports.numbers import (
    decision_sentence,
    decision_text,
    interval_text,
    no_clock_order,
    rows_text,
    value_text,
)
from journeyspec.check.reports.path_text import more_text, shown_evidence
from journeyspec.check.reports.text import evidence_line
from journeyspec.check.reports.time_read import time_read_text
from journeyspec.check.result import CheckResult, ExpectationResult, JourneyResult
from journeyspec.inert import terminal


def _message(e: ExpectationResult) -> str:
    interval = f" (interval {interval_text(e.interval)})" if e.interval else ""
    return terminal(f"observed {value_text(e)}{interval} over {e.population:,}; expected {e.text}; "
                    f"{decision_sentence(e.decided_by, e.kind)}")


def _case(suite: ET.Element, journey_id: str, file: str | None, e: ExpectationResult, strict: bool) -> str:
    case = ET.SubElement(suite, "testcase", name=terminal(e.text),
                         classname=terminal(f"{file or 'journeys'}::{journey_id}"), file=terminal(file or ""), line=str(e.line or ""), time="0")
    properties = ET.SubElement(case, "properties")
    for name, value in (("metric", e.metric), ("value", e.value), ("threshold", e.threshold), ("status", e.status),
                        ("population", e.population), ("decided_by", decision_text(e.decided_by))):
        ET.SubElement(properties, "property", name=name, value="" if value is None else terminal(value))
    shown, left_out = shown_evidence(e.evidence)
    body = "\n".join([_message(e), *(terminal(f"{i.note}: {evidence_line(i)}") for i in shown),
                      *([more_text(left_out)] if left_out else [])])
    if e.status == "fail" or (strict and e.status in ("inconclusive", "skipped")):
        ET.SubElement(case, "failure", message=_message(e), type=e.status).text = body
        return "failure"
    if e.status in ("inconclusive", "skipped"):
        ET.SubElement(case, "skipped", message=terminal(f"{e.status}: {e.reason or ''}".strip()))
        return "skipped"
    return "pass"


def _rows(suite: ET.Element, journey: JourneyResult) -> None:
    """The row totals as the suite's properties (before its testcases), its warnings in system-out."""
    properties = ET.SubElement(suite, "properties")
    sets = [("", journey.totals)] + ([("baseline_", journey.baseline_totals)] if journey.baseline_totals else [])
    for prefix, totals in sets:
        for name, value in totals.model_dump().items():
            ET.SubElement(properties, "property", name=f"{prefix}rows" if name == "rows" else f"{prefix}rows_{name}",
                          value=str(value))
    for number, warning in enumerate(journey.warnings):
        ET.SubElement(properties, "property", name=f"warning_{number + 1}", value=warning)
    ET.SubElement(properties, "property", name="time_read", value=terminal(time_read_text(journey.time_read)))


def _system_out(suite: ET.Element, journey: JourneyResult) -> None:
    order = no_clock_order(journey)
    lines = [terminal(time_read_text(journey.time_read)), rows_text(journey.totals, journey.scope, order)]
    if journey.baseline_totals is not None:
        lines.append("baseline " + rows_text(journey.baseline_totals, journey.scope, order))
    lines += [f"WARNING: {w}" for w in journey.warnings]
    ET.SubElement(suite, "system-out").text = "\n".join(lines)


def to_junit(result: CheckResult, *, strict: bool = False) -> str:
    """The result as JUnit XML; inconclusive and skipped are skips unless ``strict``."""
    root = ET.Element("testsuites", name="journeyspec check")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for journey in result.journeys:
        suite = ET.SubElement(root, "testsuite", name=terminal(journey.id))
        _rows(suite, journey)
        outcomes = [_case(suite, journey.id, journey.file, e, strict) for e in journey.expectations]
        _system_out(suite, journey)
        counts = {"tests": len(outcomes), "failures": outcomes.count("failure"), "skipped": outcomes.count("skipped")}
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
        if journey.time_warnings:  # JS321, JS325: the verdicts stand, but the times they rest on may be misread
            ET.SubElement(suite, "system-err").text = "\n".join(
                f"warning[{w.code}] {w.message}; help: {w.help}" for w in journey.time_warnings)
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


__all__ = ["to_junit"]
