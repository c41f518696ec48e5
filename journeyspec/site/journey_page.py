"""The Markdown page of one journey: who it is for, the pictures, the stage table, steps, expectations."""

from __future__ import annotations

from functools import partial

from journeyspec.ir.journey import Emotion, Journey, Stage
from journeyspec.ir.lanes import LANES
from journeyspec.ir.plain import expectation_words
from journeyspec.ir.text import decimal_text
from journeyspec.site import escape
from journeyspec.site.catalog import JOURNEYS_DIR, Catalog, Entry
from journeyspec.site.live_results import JourneyResults
from journeyspec.site.measured import measured_section
from journeyspec.site.results_section import expectation_rows, results_sections, status_badge, trend_section

_EMPTY = '<span class="js-none">—</span>'


def nav_title(journey: Journey) -> str:
    """The journey's title for navigation and the browser tab (see :func:`escape.nav_safe`)."""
    return escape.nav_safe(journey.title)


def journey_page(entry: Entry, catalog: Catalog, images: dict[str, str], results: JourneyResults | None) -> str:
    """The page of one journey, as Markdown with escaped map text.

    Args:
        entry: The journey and its place in the site.
        catalog: Every journey, for links between journeys that share a step.
        images: Picture name (``canvas``, ``graph``, ``overlay``) -> link from the page.
        results: What a check found, or ``None`` for a design-only page.
    """
    journey = entry.journey
    parts = [
        "---",
        f'title: "{nav_title(journey)}"',
        "hide:",
        "  - toc  # the pictures and tables need the width",
        "---",
        "",
        f"# {escape.text(journey.title)}",
        "",
    ]
    if journey.description:
        parts += [f'<p class="js-lede">{escape.block(journey.description)}</p>', ""]
    parts += _facts(entry, catalog, results)
    parts += _picture("The journey map", images["canvas"], f"The journey map of {journey.title}")
    parts += _stage_table(journey)
    parts += _persona_sections(journey)
    parts += _picture("The designed paths", images["graph"], f"The designed paths of {journey.title}")
    parts += _steps(entry, catalog)
    parts += _expectations(entry, catalog, results)
    if results is not None:
        parts += results_sections(entry, results, images.get("overlay"))
        parts += trend_section(entry, [(chart, images[f"trend:{k}"]) for k, chart in enumerate(results.trends)])
    parts += measured_section(journey)
    return "\n".join(parts).rstrip() + "\n"


def _facts(entry: Entry, catalog: Catalog, results: JourneyResults | None) -> list[str]:
    journey = entry.journey
    rows: list[tuple[str, str]] = []
    if results is not None and results.status is not None:
        rows.append(("Status", status_badge(results.status) + f" on {escape.text(results.data)}"))
    if journey.owner:
        rows.append(("Owner", escape.text(journey.owner)))
    if journey.tags:
        rows.append(("Tags", " ".join(f'<span class="js-tag">{escape.text(tag)}</span>' for tag in journey.tags)))
    for persona in journey.personas:
        about = f" — {escape.text(persona.description)}" if persona.description else ""
        rows.append(("Persona", f"**{escape.text(persona.title)}** ({escape.code(persona.id)}){about}"))
    if journey.goal:
        rows.append(("Goal", escape.text(journey.goal)))
    if journey.value:
        amount = decimal_text(journey.value.amount)
        currency = f" {escape.text(journey.value.currency)}" if journey.value.currency else ""
        rows.append(("Value", f"{amount}{currency} per successful journey"))
    scope = "one session" if journey.scope == "session" else "all sessions of one user"
    rows.append(("A path is", scope + ("" if journey.repeats == "collapse" else "; repeated steps kept")))
    link = catalog.source_link(entry, journey.span.line if journey.span else None)
    if link and entry.map_file:
        rows.append(("Source", f"[{escape.text(entry.map_file.shown)}]({link})"))
    lines = ['<div class="js-facts" markdown>', "", "| | |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return lines + ["", "</div>", ""]


def _picture(heading: str, link: str, alt: str) -> list[str]:
    return [
        f"## {heading}",
        "",
        '<div class="js-picture" markdown>',
        "",
        f'[![{escape.text(alt)}]({link})]({link} "Open the picture on its own")',
        "",
        "</div>",
        "",
    ]


def emotion_chip(emotion: Emotion | None) -> str:
    """A designed emotion as a coloured chip: ``+1 curious``."""
    if emotion is None:
        return _EMPTY
    mood = "pos" if emotion.score > 0 else "neg" if emotion.score < 0 else "neutral"
    label = f" {escape.text(emotion.label)}" if emotion.label else ""
    score = f"{emotion.score:+d}" if emotion.score else "0"
    return f'<span class="js-emotion js-emotion--{mood}">{score}{label}</span>'


def _stage_table(journey: Journey) -> list[str]:
    if not journey.stages:
        return []
    stages = journey.stages
    header = "| | " + " | ".join(f"**{escape.text(stage.title)}**" for stage in stages) + " |"
    rule = "|---|" + "---|" * len(stages)
    rows = [
        ("Steps", lambda s: _each(s, lambda step: f"[{escape.text(step.title)}](#step-{escape.anchor(step.id)})")),
        ("Touchpoints", lambda s: _each(s, lambda step: escape.text(step.touchpoint) if step.touchpoint else None)),
        ("Channels", lambda s: _unique(s, lambda step: step.channel)),
        ("Emotion", lambda s: emotion_chip(s.emotion)),
    ]
    # Each lane of notes, when the map writes in it (pains and opportunities always): the stage's
    # own notes, then each step's, named by its step.
    for lane in LANES:
        if lane.field in _ALWAYS or any(getattr(e, lane.field, ()) for e in (*journey.stages, *journey.steps)):
            rows.append((_ROW_TITLES.get(lane.field, lane.title), partial(_lane_cell, field=lane.field)))
    steps = {step.id: step for step in journey.steps}
    lines = ["## Stages", "", '<div class="js-stages" markdown>', "", header, rule]
    for name, cell in rows:
        cells = [cell(_StageView(stage, steps)) for stage in stages]
        lines.append(f"| **{name}** | " + " | ".join(cells) + " |")
    return lines + ["", "</div>", ""]


_ALWAYS = ("pains", "opportunities")
_ROW_TITLES = {"pains": "Pains", "opportunities": "Opportunities"}


class _StageView:
    def __init__(self, stage: Stage, steps: dict) -> None:
        self.stage = stage
        self.steps = [steps[step_id] for step_id in stage.steps if step_id in steps]
        self.emotion = stage.emotion


def _lane_cell(view: _StageView, field: str) -> str:
    items = [f"• {escape.text(note.text)}" for note in getattr(view.stage, field, ())]
    for step in view.steps:
        items += [f"• *{escape.text(step.title)}:* {escape.text(note.text)}" for note in getattr(step, field)]
    return "<br>".join(items) if items else _EMPTY


def _each(view: _StageView, show) -> str:
    items = [show(step) for step in view.steps]
    shown = [item for item in items if item]
    return "<br>".join(shown) if shown else _EMPTY


def _unique(view: _StageView, pick) -> str:
    seen: list[str] = []
    for step in view.steps:
        value = pick(step)
        if value and value not in seen:
            seen.append(value)
    return " ".join(f'<span class="js-tag">{escape.text(value)}</span>' for value in seen) if seen else _EMPTY


def _notes(notes) -> str:
    return "<br>".join(f"• {escape.text(note.text)}" for note in notes) if notes else _EMPTY


def _persona_sections(journey: Journey) -> list[str]:
    """A section per persona with emotions of its own: how they feel at each stage and step.

    Where the map writes nothing for the persona, everyone's designed emotion holds, said so.
    """
    written = {e.persona for element in (*journey.stages, *journey.steps) for e in element.persona_emotions}
    personas = [p for p in journey.personas if p.id in written]
    if not personas:
        return []
    steps = {step.id: step for step in journey.steps}
    lines = ["## Personas", ""]
    for persona in personas:
        lines += [f"### {escape.text(persona.title)}", ""]
        if persona.description:
            lines += [escape.text(persona.description), ""]
        lines += ["| Stage | Step | Emotion |", "|---|---|---|"]
        for stage in journey.stages:
            lines.append(f"| **{escape.text(stage.title)}** | | {_felt(stage.persona_emotions, persona.id, stage.emotion)} |")
            for step_id in stage.steps:
                step = steps[step_id]
                lines.append(f"| | {escape.text(step.title)} | {_felt(step.persona_emotions, persona.id, step.emotion)} |")
        lines.append("")
    return lines


def _felt(persona_emotions, persona_id: str, everyone: Emotion | None) -> str:
    own = next((e for e in persona_emotions if e.persona == persona_id), None)
    if own is not None:
        return emotion_chip(Emotion(score=own.score, label=own.label))
    return f"{emotion_chip(everyone)} (everyone's)" if everyone is not None else _EMPTY


def _steps(entry: Entry, catalog: Catalog) -> list[str]:
    journey = entry.journey
    if not journey.steps:
        return []
    roles = {step_id: "start" for step_id in journey.start}
    for step_id in journey.success:
        roles[step_id] = "success" if step_id not in roles else "start, success"
    for step_id in journey.endings:
        roles[step_id] = "designed ending" if step_id not in roles else f"{roles[step_id]}, designed ending"
    for group in journey.groups:
        # A group's steps are done in any order; a group in `start` starts at any of them.
        what = ("start, " if group.id in journey.start else "") + f"{group.form}: {escape.text(group.title)}"
        for step_id in group.steps:
            roles[step_id] = f"{roles[step_id]}; {what}" if step_id in roles else what
    lines = [
        "## Steps",
        "",
        '<div class="js-steps" markdown>',
        "",
        "| Step | Stage | Touchpoint | Emotion | Also in |",
        "|---|---|---|---|---|",
    ]
    stage_ids = {stage.id for stage in journey.stages}
    for step in journey.steps:
        anchor = f'<span class="js-anchor" id="step-{escape.anchor(step.id)}"></span>'
        link = catalog.source_link(entry, step.span.line if step.span else None)
        step_id = f'[{escape.code(step.id)}]({link} "Where it is written")' if link else escape.code(step.id)
        role = f' <span class="js-role">{roles[step.id]}</span>' if step.id in roles else ""
        if step.moment_of_truth:
            role += ' <span class="js-role">moment of truth</span>'
        taken = journey.shared_as("step", step.id)
        if taken is not None:
            library = catalog.library_link(taken.library)
            name = escape.code(taken.library)
            role += f'<br><span class="js-role">shared from {f"[{name}]({library})" if library else name}</span>'
        stage = journey.stage(step.stage).title if step.stage in stage_ids else step.stage
        others = catalog.others_with_step(entry, step.id)
        shared = "<br>".join(
            f"[{escape.text(other.journey.title)}]({other.page}#step-{escape.anchor(step.id)})" for other in others
        )
        cells = [
            f"{anchor}**{escape.text(step.title)}**<br>{step_id}{role}",
            escape.text(stage),
            _touchpoint(step),
            emotion_chip(step.emotion) if step.emotion else _EMPTY,
            shared or _EMPTY,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "</div>"]
    return lines + [""]


def _touchpoint(step) -> str:
    where = [escape.text(step.touchpoint)] if step.touchpoint else []
    if step.channel:
        where.append(f'<span class="js-tag">{escape.text(step.channel)}</span>')
    return " ".join(where) or _EMPTY


def _expectations(entry: Entry, catalog: Catalog, results: JourneyResults | None) -> list[str]:
    journey = entry.journey
    if not journey.expectations:
        return []
    lines = ["## Expectations", ""]
    if results is None:
        lines += [
            "Not checked against data yet: `journeyspec check` tells whether each one holds.",
            "",
            "| Expectation | In the map | Line |",
            "|---|---|---|",
        ]
        for expectation in journey.expectations:
            line = expectation.span.line if expectation.span else None
            link = catalog.source_link(entry, line, from_dir=JOURNEYS_DIR)
            where = f"[{line}]({link})" if link and line else _EMPTY
            words = escape.text(_sentence(expectation_words(expectation, journey)))
            lines.append(f"| {words} | {escape.code(expectation.text)} | {where} |")
        return lines + [""]
    return lines + expectation_rows(entry, catalog, results) + [""]


def _sentence(words: str) -> str:
    """A phrase as a sentence: capital first letter (the phrasing is lower case so it can follow other words)."""
    return words[:1].upper() + words[1:] if words else words
