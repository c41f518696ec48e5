"""The JUnit XML report: one testcase per expectation, for CI test tabs."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from journeyspec.check.reports.numbers import interval_text, value_text
from journeyspec.check.reports.text import evidence_line
from journeyspec.check.result import CheckResult, ExpectationResult


def _message(e: ExpectationResult) -> str:
    interval = f" (interval {interval_text(e.interval)})" if e.interval else ""
    return f"observed {value_text(e)}{interval} over {e.population:,}; expected {e.text}"


def _case(suite: ET.Element, journey_id: str, file: str | None, e: ExpectationResult, strict: bool) -> str:
    case = ET.SubElement(suite, "testcase", name=e.text, classname=f"{file or 'journeys'}::{journey_id}",
                         file=file or "", line=str(e.line or ""), time="0")
    properties = ET.SubElement(case, "properties")
    for name, value in (("metric", e.metric), ("value", e.value), ("threshold", e.threshold), ("status", e.status),
                        ("population", e.population)):
        ET.SubElement(properties, "property", name=name, value="" if value is None else str(value))
    body = "\n".join([_message(e), *(f"{i.note}: {evidence_line(i)}" for i in e.evidence)])
    if e.status == "fail" or (strict and e.status in ("inconclusive", "skipped")):
        ET.SubElement(case, "failure", message=_message(e), type=e.status).text = body
        return "failure"
    if e.status in ("inconclusive", "skipped"):
        ET.SubElement(case, "skipped", message=f"{e.status}: {e.reason or ''}".strip())
        return "skipped"
    return "pass"


def to_junit(result: CheckResult, *, strict: bool = False) -> str:
    """The result as JUnit XML; inconclusive and skipped are skips unless ``strict``."""
    root = ET.Element("testsuites", name="journeyspec check")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for journey in result.journeys:
        suite = ET.SubElement(root, "testsuite", name=journey.id)
        outcomes = [_case(suite, journey.id, journey.file, e, strict) for e in journey.expectations]
        counts = {"tests": len(outcomes), "failures": outcomes.count("failure"), "skipped": outcomes.count("skipped")}
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
        if journey.time_warnings:  # JS321: the verdicts stand, but the times they rest on look wrong
            ET.SubElement(suite, "system-err").text = "\n".join(
                f"warning[{w.code}] {w.message}; help: {w.help}" for w in journey.time_warnings)
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


__all__ = ["to_junit"]
