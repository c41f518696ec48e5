"""The "How it is measured" section of a journey page: which events are each step, and the journey's event rules.

The page leads with what a designer reads (stages, steps, feelings,
expectations in words); the conditions that tie the map to event data are
for the analysts, so they are gathered here, in one section near the end,
rather than in a column of the steps table.
"""

from __future__ import annotations

from journeyspec.ir.journey import Journey
from journeyspec.ir.text import predicate_text, scalar_text
from journeyspec.site import escape

_NOT_YET = '<span class="js-none">not linked to events yet</span>'


def measured_section(journey: Journey) -> list[str]:
    """The section, or nothing for a journey without steps."""
    if not journey.steps:
        return []
    lines = ["## How it is measured", ""]
    linked = [step for step in journey.steps if step.when is not None]
    if not linked:
        lines += [
            ("No step is linked to event data yet: this map is a design. To measure it, agree with the analytics "
             "team which event shows each step (`journeyspec tracking-plan` lists what is needed) and add a `when` "
             "to each step."),
            "",
        ]
        return lines
    lines += [
        ("Each step is recognised in the event data by a condition on the events: an event that meets it is that "
         "step. `event` is the event's name; other names are fields of the event."),
        "",
        '<div class="js-measured" markdown>',
        "",
        "| Step | Recognised by |",
        "|---|---|",
    ]
    for step in journey.steps:
        condition = escape.code(predicate_text(step.when)) if step.when is not None else _NOT_YET
        lines.append(f"| [{escape.text(step.title)}](#step-{escape.anchor(step.id)}) | {condition} |")
    lines += ["", "</div>", ""]
    rules = [("Left out before anything else", predicate_text(p)) for p in journey.ignore]
    rules += [("Counted as friction", predicate_text(p)) for p in journey.friction]
    if journey.sentiment is not None:
        sentiment = journey.sentiment
        rules.append(("Observed feeling", f"{sentiment.field} {scalar_text(sentiment.low)}..{scalar_text(sentiment.high)}"))
    if rules:
        lines += [f"- {what}: {escape.code(text)}" for what, text in rules] + [""]
    return lines
