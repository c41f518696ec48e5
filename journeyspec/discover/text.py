"""Map text from an IR journey, so a discovered journey can be written as a `.journey` file.

The text is then passed through the formatter (:func:`journeyspec.format`) for
the canonical layout and compiled once to be sure it is a valid map.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from journeyspec.ir import Journey
from journeyspec.ir.journey import Emotion, Step
from journeyspec.ir.text import decimal_text, expectation_text, percent_text, predicate_text, quote


@lru_cache(maxsize=1)
def keywords() -> frozenset[str]:
    """Every word the grammar reserves (an id must not be one of them)."""
    grammar = resources.files("journeyspec.lang.front").joinpath("journey.lark").read_text(encoding="utf-8")
    return frozenset(re.findall(r'"([a-z_]+)"', grammar))


def identifier(text: str, taken: set[str]) -> str:
    """A valid, unused id for a name: ``add-to-cart`` -> ``add_to_cart``, ``page view`` -> ``page_view``.

    The result is added to ``taken``.
    """
    base = re.sub(r"[^0-9a-zA-Z_]+", "_", text.strip()).strip("_").lower() or "event"
    if base[0].isdigit():
        base = "e_" + base
    if base in keywords():
        base += "_step"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    taken.add(candidate)
    return candidate


def _emotion(emotion: Emotion | None) -> list[str]:
    if emotion is None:
        return []
    score = f"+{emotion.score}" if emotion.score > 0 else str(emotion.score)
    return [f"emotion {score}" + (f" {quote(emotion.label)}" if emotion.label else "")]


def _label(label: str | None) -> str:
    return f" {quote(label)}" if label else ""


def _step(step: Step) -> list[str]:
    body = []
    if step.channel:
        body.append(f"channel {step.channel}")
    if step.touchpoint:
        body.append(f"touchpoint {quote(step.touchpoint)}")
    if step.when is not None:
        body.append(f"when {predicate_text(step.when)}")
    body += _emotion(step.emotion)
    return [f"step {step.id}{_label(step.label)} {{", *[f"  {line}" for line in body], "}"]


def journey_text(journey: Journey, group_note: str | None = None) -> str:
    """The journey as map text (not yet in canonical layout); ``group_note`` is a comment above each group."""
    lines = [f"journey {journey.id}{_label(journey.label)} {{"]
    inner: list[str] = []
    if journey.description:
        inner.append(f"description {quote(journey.description)}")
    if journey.owner:
        inner.append(f"owner {quote(journey.owner)}")
    if journey.tags:
        inner.append("tags " + ", ".join(journey.tags))
    inner += [f"scope {journey.scope}", f"repeats {journey.repeats}"]
    for persona in journey.personas:
        body = f" {{ description {quote(persona.description)} }}" if persona.description else ""
        inner.append(f"persona {persona.id}{_label(persona.label)}{body}")
    if journey.goal:
        inner.append(f"goal {quote(journey.goal)}")
    if journey.value is not None:
        inner.append(f"value {decimal_text(journey.value.amount)}" + (f" {journey.value.currency}"
                                                                       if journey.value.currency else ""))
    steps = {step.id: step for step in journey.steps}
    for stage in journey.stages:
        body = _emotion(stage.emotion)
        body += [f"pain {quote(n.text)}" for n in stage.pains]
        body += [f"opportunity {quote(n.text)}" for n in stage.opportunities]
        for step_id in stage.steps:
            body += _step(steps[step_id])
        for group in journey.groups:
            if group.stage == stage.id:
                body += [f"# {group_note}"] if group_note else []
                need = "all of" if group.need is None else f"any {group.need} of"
                body.append(f"group {group.id}{_label(group.label)} {need} {', '.join(group.steps)}")
        inner += [f"stage {stage.id}{_label(stage.label)} {{", *[f"  {line}" for line in body], "}"]
    if journey.start:
        inner.append("start " + ", ".join(journey.start))
    if journey.success:
        inner.append("success " + ", ".join(journey.success))
    if journey.endings:
        inner.append("end " + ", ".join(journey.endings))
    for edge in journey.edges:
        share = f" {percent_text(edge.share)}" if edge.share is not None else ""
        inner.append(f"flow {edge.source} -> {edge.target}{_label(edge.label)}{share}")
    inner += [f"ignore {predicate_text(p)}" for p in journey.ignore]
    if journey.sentiment is not None:
        s = journey.sentiment
        inner.append(f"sentiment {s.field} {decimal_text(s.low)}..{decimal_text(s.high)}")
    inner += [f"friction {predicate_text(p)}" for p in journey.friction]
    inner += [f"expect {expectation_text(e)}" for e in journey.expectations]
    lines += [f"  {line}" for line in inner]
    lines.append("}")
    return "\n".join(lines) + "\n"


__all__ = ["identifier", "journey_text", "keywords"]
