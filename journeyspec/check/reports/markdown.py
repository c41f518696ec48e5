"""The Markdown report: for a pull-request comment or a CI job summary.

Text from the map or the data is written through :mod:`journeyspec.inert`:
as inert Markdown (:func:`~journeyspec.inert.markdown`) or as ``<code>``
(:func:`~journeyspec.inert.markdown_code`), never raw, so a title or an event
name can neither run, link nor break the tables.
"""

from __future__ import annotations

from journeyspec.check.reports.numbers import (
    basis_text,
    count,
    decision_sentence,
    decision_text,
    interval_text,
    lost_text,
    no_clock_order,
    percent,
    plain_text,
    population_text,
    rows_text,
    value_lost_text,
    value_text,
)
from journeyspec.check.reports.path_text import more_text, shown_evidence
from journeyspec.check.reports.text import arrow, baseline_line, evidence_line, outcomes_line, summary_line
from journeyspec.check.reports.time_read import time_read_text
from journeyspec.check.result import CheckResult, JourneyResult
from journeyspec.inert import markdown as _text
from journeyspec.inert import markdown_code as _code

ICONS = {"pass": "✅ pass", "fail": "❌ **fail**", "inconclusive": "⚠️ inconclusive", "skipped": "⏭️ skipped"}


def _journey(journey: JourneyResult) -> list[str]:
    m = journey.metrics
    unit = "users" if journey.scope == "user" else "sessions"
    order = no_clock_order(journey)

    def rows(totals) -> str:
        text = rows_text(totals, journey.scope, order)
        return _text(text) if order else text

    lines = [
        f"### {_text(journey.title)} ({_code(journey.id)})",
        "",
        f"{count(m.sessions)} {unit} · {percent(m.success_rate)} succeed · conformance {percent(m.conformance)} · "
        f"fitness {percent(m.fitness)} · unexpected transitions {percent(m.unexpected_transitions)}",
        "",
        # Column names and patterns come from the configuration or the data: inert code.
        time_read_text(journey.time_read, _code),
        "",
        *([ends, ""] if (ends := outcomes_line(journey, _text)) else []),
        # Row totals and their warnings are the tool's own words and numbers, but for the order column of a
        # source without a clock: inert then.
        rows(journey.totals) + ("  " if journey.baseline_totals else ""),
        *(["baseline " + rows(journey.baseline_totals)] if journey.baseline_totals else []),
        "",
        *(line for w in journey.warnings for line in (f"> ⚠️ **Warning:** {w}", "")),
        # JS321 is the tool's own words and numbers (no source path, no data value), as the row totals;
        # JS325 names the source and the configured format: inert.
        *(f"> **warning {w.code}**: {w.message if w.code == 'JS321' else _text(w.message)} ({w.help})\n"
          for w in journey.time_warnings),
        "| | line | expectation | observed | interval | over | decided by |",
        "|---|---:|---|---:|---|---:|---|",
    ]
    for e in journey.expectations:
        lines.append(f"| {ICONS[e.status]} | {e.line or ''} | {_code(e.text)} | {_text(value_text(e))} | "
                     f"{interval_text(e.interval)} | {_text(population_text(e))} | {_text(decision_text(e.decided_by))} |")
    lines.append("")
    said = [(e, text) for e in journey.expectations if (text := plain_text(e))]
    if said:  # the expectations in words, for readers of neither the map language nor the table
        lines += ["**In plain words**", ""]
        lines += [f"- {ICONS[e.status]} line {e.line}: {_text(text)}" for e, text in said]
        lines.append("")
    details = [e for e in journey.expectations if e.baseline or e.status != "pass" and (e.reason or e.evidence)]
    if details:
        lines += ["<details><summary>Why</summary>", ""]
        for e in details:
            lines.append(f"- **line {e.line}** {_code(e.text)}: {e.status}")
            if e.baseline is not None:
                lines.append(f"  - {baseline_line(e)}")
            lines.append(f"  - {_text(decision_sentence(e.decided_by, e.kind))}")
            if e.reason:
                lines.append(f"  - {_text(e.reason)}")
            shown, left_out = shown_evidence(e.evidence)
            for note in dict.fromkeys(item.note for item in shown):
                lines.append(f"  - {_text(note or 'evidence')}:")
                lines += [f"    - {_code(evidence_line(item))}" for item in shown if item.note == note]
            if left_out:
                lines.append(f"  - {_text(more_text(left_out))}")
        lines += ["", "</details>", ""]
    if journey.impact:
        lines += [("**Fix first** (95% intervals in brackets; ranked by their low end; a gap whose rates rest on "
                   f"fewer than {count(journey.min_paths)} paths has no figure and comes last)"), "",
                  "| # | gap | paths | successes lost | value lost |", "|---:|---|---:|---:|---:|"]
        for rank, item in enumerate(journey.impact[:5], 1):
            gap = (f"drop-off at {_code(item.step)}" if item.kind == "dropoff"
                   else f"undesigned {_code(arrow(item.transition))}")
            lost = basis_text(item) if item.too_few_paths else lost_text(item)
            lines.append(f"| {rank} | {gap} | {count(item.sessions)} | {lost} | {value_lost_text(item)} |")
        lines.append("")
    return lines


def to_markdown(result: CheckResult) -> str:
    found = result.counts()
    head = "❌" if found["fail"] else "✅"
    lines = [f"## {head} journeyspec check", "", f"{summary_line(result)}.", ""]
    for journey in result.journeys:
        lines += _journey(journey)
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["to_markdown"]
