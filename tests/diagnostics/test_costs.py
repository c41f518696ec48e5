"""Reporting many diagnostics costs time in proportion to their number, in text as in JSON."""

from __future__ import annotations

import time

from journeyspec.diagnostics.model import Diagnostic, Related
from journeyspec.diagnostics.render import diagnostics_json, format_diagnostics
from journeyspec.ir.base import Span

STEPS = 10_000


def _duplicate_steps() -> tuple[str, list[Diagnostic]]:
    """A map declaring one step 10,000 times, and the duplicate-id diagnostic each repeat gets."""
    line = '    step x { when event == "x" }'
    text = "journey a {\n  stage s {\n" + (line + "\n") * STEPS + "  }\n}\n"
    width = len(line) + 1

    def span(number: int) -> Span:
        start = len("journey a {\n  stage s {\n") + (number - 3) * width + 9
        return Span(file="m.journey", start=start, end=start + 1, line=number, column=10, end_line=number, end_column=11)

    first = span(3)
    diagnostics = [
        Diagnostic("JS201", "step `x` is declared twice", span(number), related=(Related(first, "first declared here"),))
        for number in range(4, STEPS + 3)
    ]
    return text, diagnostics


def _seconds(work) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def test_text_diagnostics_cost_what_json_costs():
    # Each diagnostic used to find its line by scanning the file from the top:
    # 10,000 duplicate steps took half a minute as text and two seconds as JSON.
    text, diagnostics = _duplicate_steps()
    as_json = _seconds(lambda: diagnostics_json(diagnostics))
    as_text = _seconds(lambda: format_diagnostics(diagnostics, {"m.journey": text}))
    assert as_text < 10 * as_json + 0.5, (as_text, as_json)


def test_the_last_line_is_shown_as_the_first_is():
    text, diagnostics = _duplicate_steps()
    rendered = format_diagnostics(diagnostics[-1:], {"m.journey": text})
    assert f"{STEPS + 2} |     step x {{ when event == \"x\" }}" in rendered
    assert "first declared here" in rendered
