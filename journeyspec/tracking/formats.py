"""The tracking plan written out: Markdown for people, CSV for spreadsheets, JSON Schema for pipelines.

All three say the same thing in the same order (journeys as given, steps as
written); user text is made inert for each format (:mod:`journeyspec.inert`).
"""

from __future__ import annotations

import csv
import io
import json
import re

from journeyspec.inert import json_text, markdown_code
from journeyspec.inert import markdown as _text

_PLAIN_CODE = re.compile(r"[^`|\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


def _code(value: str) -> str:
    """Code as a backtick span when nothing in it can break one (or a table row), else as inert ``<code>``."""
    return f"`{value}`" if _PLAIN_CODE.fullmatch(value) else markdown_code(value)
from journeyspec.tracking.plan import EVENT_FIELD, JourneyNeeds, StepNeed

NOT_YET = "no condition yet"
ANY_EVENT = "any event"


def _events_words(step: StepNeed) -> str:
    """The events of a step in plain words (for CSV and the Markdown table)."""
    if step.events is not None:
        return ", ".join(step.events)
    if step.event_conditions:
        return "events where " + " or ".join(step.event_conditions)
    return ANY_EVENT


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------


def to_markdown(plan: list[JourneyNeeds]) -> str:
    """The plan as a Markdown document: one section per journey, then every event with its properties."""
    steps = sum(len(j.steps) for j in plan)
    waiting = sum(len(j.without_condition) for j in plan)
    lines = [
        "# Tracking plan",
        "",
        (f"{len(plan)} {_plural(len(plan), 'journey')}, {steps} {_plural(steps, 'step')}: "
         f"{steps - waiting} recognised by a condition on the events, {waiting} without one yet. "
         f"Field names are the maps' own: `{EVENT_FIELD}` is the event's name."),
    ]
    for journey in plan:
        lines += ["", f"## {_text(journey.title)} ({_code(journey.journey)})", "", f"Map: {_code(journey.file)}", ""]
        lines += ["| stage | step | events | properties | condition |", "|---|---|---|---|---|"]
        for step in journey.steps:
            shared = f" · from {_code(step.library)}" if step.library else ""
            if step.events is not None:
                events = ", ".join(_code(e) for e in step.events)
            else:
                events = "events where " + " or ".join(map(_code, step.event_conditions)) if step.event_conditions \
                    else ANY_EVENT
            properties = "<br>".join(_code(" and ".join(p.conditions)) for p in step.properties)
            condition = _code(step.condition) if step.condition else f"*{NOT_YET}*"
            lines.append(f"| {_text(step.stage_title)} | {_text(step.title)} ({_code(step.step)}){shared} "
                         f"| {events if step.instrumented else ''} | {properties} | {condition} |")
        if journey.without_condition:
            lines += ["", "Still without a condition: " + ", ".join(_code(s.step) for s in journey.without_condition)
                      + ". Agree an event with the analytics team and add `when` to each."]
        across = [f"friction: {_code(f)}" for f in journey.friction]
        if journey.sentiment:
            across.append(f"feedback score: {_code(journey.sentiment)} on any event")
        if across:
            lines += ["", "Across the journey: " + "; ".join(across) + "."]
    events = _events_index(plan)
    if events:
        lines += ["", "## Every event", "", "| event | properties | recognises |", "|---|---|---|"]
        for name, (properties, used) in events.items():
            lines.append(f"| {_code(name)} | {', '.join(_code(p) for p in properties)} "
                         f"| {', '.join(_code(u) for u in used)} |")
    return "\n".join(lines) + "\n"


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _events_index(plan: list[JourneyNeeds]) -> dict[str, tuple[list[str], list[str]]]:
    """Each pinned event name (sorted) → the properties read with it and the ``journey.step``s it recognises."""
    index: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
    for journey in plan:
        for step in journey.steps:
            for name in step.events or ():
                properties, used = index.setdefault(name, ({}, {}))
                properties.update(dict.fromkeys(p.name for p in step.properties))
                used[f"{journey.journey}.{step.step}"] = None
        for name in journey.friction_events:
            index.setdefault(name, ({}, {}))[1][f"{journey.journey} (friction)"] = None
    return {name: (list(p), list(u)) for name, (p, u) in sorted(index.items())}


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

CSV_COLUMNS = ("journey", "file", "stage", "step", "step_title", "library", "library_file", "status", "events",
               "properties", "condition")


def to_csv(plan: list[JourneyNeeds]) -> str:
    """The plan as CSV (RFC 4180 quoting, one line per row): one row per step of each journey, shared steps once per journey."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for journey in plan:
        for step in journey.steps:
            writer.writerow([
                journey.journey, journey.file, step.stage, step.step, step.title, step.library or "",
                step.library_file or "", "instrumented" if step.instrumented else NOT_YET,
                _events_words(step) if step.instrumented else "",
                "; ".join(" and ".join(p.conditions) for p in step.properties), step.condition or "",
            ])
    return out.getvalue()


# ---------------------------------------------------------------------------
# JSON Schema
# ---------------------------------------------------------------------------


def to_json_schema(plan: list[JourneyNeeds]) -> str:
    """The plan as a JSON Schema (draft 2020-12) an event must satisfy: one definition per event name.

    An event named in a map is valid when the properties the steps it
    recognises read have the types their literals have. The properties of
    steps whose condition names no event are checked on every event. A
    property is never required: a condition on a missing property is false,
    which the check reports, and the schema would only say it twice.
    """
    definitions: dict[str, dict] = {}
    for journey in plan:
        for step in journey.steps:
            if not step.instrumented:
                continue
            for name in step.events if step.events is not None else (None,):
                key = name if name is not None else "any_event"
                definition = definitions.setdefault(key, _event_definition(name))
                definition["description"] += f"\n{journey.journey}.{step.step}: {step.condition}"
                for need in step.properties:
                    _add_property(definition["properties"], need, f"{journey.journey}.{step.step}")
    waiting = [f"{j.journey}.{s.step}" for j in plan for s in j.without_condition]
    anywhere = _finished(definitions.pop("any_event", _event_definition(None)))
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Tracking plan",
        "description": "The events journeyspec maps recognise their steps by, and the properties they read. "
        f"`{EVENT_FIELD}` is the event's name."
        + (f" Steps without a condition yet: {', '.join(waiting)}." if waiting else ""),
        "type": "object",
        "required": [EVENT_FIELD],
        # Read on any event (steps whose condition names none): checked on every event.
        "properties": {EVENT_FIELD: {"type": "string"}, **anywhere["properties"]},
        # An event a map names carries what the steps it recognises read; other events are not refused,
        # since a pattern (`event ~ "..."`) may recognise them.
        "allOf": [
            {"if": {"properties": {EVENT_FIELD: {"const": key}}, "required": [EVENT_FIELD]},
             "then": {"$ref": f"#/$defs/{_pointer(key)}"}}
            for key in sorted(definitions)
        ],
        "$defs": {key: _finished(definitions[key]) for key in sorted(definitions)},
    }
    return json_text(json.dumps(schema, indent=2, ensure_ascii=False)) + "\n"


def _event_definition(name: str | None) -> dict:
    if name is None:
        return {"title": "Any event", "description": "Read by steps whose condition names no event:",
                "type": "object", "properties": {}}
    return {"title": name, "description": "Recognises:", "type": "object",
            "properties": {EVENT_FIELD: {"const": name}}, "required": [EVENT_FIELD]}


def _add_property(properties: dict, need, used_by: str) -> None:
    entry = properties.setdefault(need.name, {"description": ""})
    entry["description"] = (entry["description"] + "\n" if entry["description"] else "") + (
        f"{used_by}: " + " and ".join(need.conditions))
    types = sorted(set(entry.get("type", [])) | set(need.types))
    if types:
        entry["type"] = types


def _finished(definition: dict) -> dict:
    for entry in definition["properties"].values():
        if isinstance(entry.get("type"), list) and len(entry["type"]) == 1:
            entry["type"] = entry["type"][0]
    return definition


def _pointer(key: str) -> str:
    """A JSON Pointer token (RFC 6901), percent-encoded for use in a URI fragment."""
    from urllib.parse import quote

    return quote(key.replace("~", "~0").replace("/", "~1"), safe="")


FORMATS = {"markdown": to_markdown, "csv": to_csv, "json-schema": to_json_schema}
"""Each ``--format`` and the function writing it."""
