"""Hover: what a step, stage, persona, journey or library is; what a metric measures; the emotion scale.

A step or persona taken ``from`` a library says so, and which file the library is in; an entry inside a
library file says how a journey takes it.
"""

from __future__ import annotations

import re

from lsprotocol import types

from journeyspec.ir.base import by_id
from journeyspec.ir.journey import Journey
from journeyspec.ir.text import decimal_text, percent_text, predicate_text
from journeyspec.lang.front.syntax import EmotionStatement, ExpectStatement, PredicateStatement, TextStatement
from journeyspec.lsp.analysis import Analysis
from journeyspec.lsp.index import Occurrence, at, statements_at
from journeyspec.lsp.words import METRICS, emotion_scale

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The span of the word under (or just before) the cursor."""
    for found in _WORD.finditer(text, max(0, offset - 64), min(len(text), offset + 64)):
        if found.start() <= offset <= found.end():
            return found.span()
    return None


def _journey(analysis: Analysis, jid: str) -> Journey | None:
    document = analysis.document
    try:
        return by_id(document.journeys, jid) if document is not None else None
    except KeyError:
        return None


def _edge_line(edge, other: str) -> str:
    extra = []
    if edge.label:
        extra.append(f'"{edge.label}"')
    if edge.share is not None:
        extra.append(percent_text(edge.share))
    return f"`{other}`" + (f" ({', '.join(extra)})" if extra else "")


def _shared_line(journey: Journey, kind: str, id_: str) -> list[str]:
    """Where a step or persona the journey takes ``from`` a library is defined, and what the journey adds."""
    for shared in journey.shared:
        if shared.kind == kind and shared.id == id_:
            line = f"shared: from library `{shared.library}` (`{shared.source}`)"
            if shared.written:
                line += "; this journey writes its own " + ", ".join(f"`{w}`" for w in shared.written)
            return [line]
    return []


def _step_text(journey: Journey, sid: str) -> str | None:
    try:
        step = by_id(journey.steps, sid)
    except KeyError:
        step = None
    try:
        group = by_id(journey.groups, sid) if step is None else None
    except KeyError:
        return None
    node = step or group
    lines = [f"**step `{sid}`**" + (f" — {node.label}" if node.label else "") if step else
             f"**group `{sid}`**" + (f" — {node.label}" if node.label else "")]
    lines.append(f"stage `{node.stage}`")
    lines += _shared_line(journey, "step", sid)
    if group is not None:
        need = "all" if group.need is None else f"any {group.need}"
        lines.append(f"{need} of " + ", ".join(f"`{s}`" for s in group.steps))
    if step is not None:
        lines.append(f"when `{predicate_text(step.when)}`" if step.when is not None else "no `when`: no event is this step")
        if step.emotion is not None:
            lines.append(f"emotion {step.emotion.score:+d}" + (f' "{step.emotion.label}"' if step.emotion.label else ""))
    if sid in journey.start:
        lines.append("a start step")
    if sid in journey.success:
        lines.append("a success step")
    if sid in journey.endings:
        lines.append("a designed ending")
    into = [_edge_line(e, e.source) for e in journey.edges if e.target == sid]
    out = [_edge_line(e, e.target) for e in journey.edges if e.source == sid]
    lines.append("from: " + (", ".join(into) if into else "none"))
    lines.append("to: " + (", ".join(out) if out else "none"))
    return "\n\n".join(lines)


def _stage_text(journey: Journey, sid: str) -> str | None:
    try:
        stage = by_id(journey.stages, sid)
    except KeyError:
        return None
    lines = [f"**stage `{sid}`**" + (f" — {stage.label}" if stage.label else "")]
    if stage.emotion is not None:
        lines.append(f"emotion {stage.emotion.score:+d}" + (f' "{stage.emotion.label}"' if stage.emotion.label else ""))
    lines.append("steps: " + (", ".join(f"`{s}`" for s in stage.steps) or "none"))
    lines += [f"pain: {p.text}" for p in stage.pains] + [f"opportunity: {o.text}" for o in stage.opportunities]
    return "\n\n".join(lines)


def _persona_text(journey: Journey, pid: str) -> str | None:
    try:
        persona = by_id(journey.personas, pid)
    except KeyError:
        return None
    lines = [f"**persona `{pid}`**" + (f" — {persona.label}" if persona.label else "")]
    if persona.description:
        lines.append(persona.description)
    lines += _shared_line(journey, "persona", pid)
    return "\n\n".join(lines)


def _journey_text(journey: Journey) -> str:
    lines = [f"**journey `{journey.id}`**" + (f" — {journey.label}" if journey.label else "")]
    if journey.description:
        lines.append(journey.description)
    lines.append(f"{len(journey.stages)} stages, {len(journey.steps)} steps, {len(journey.edges)} designed edges, "
                 f"{len(journey.expectations)} expectations")
    if journey.value is not None:
        lines.append(f"value {decimal_text(journey.value.amount)}" + (f" {journey.value.currency}" if journey.value.currency else ""))
    return "\n\n".join(lines)


def _library_text(analysis: Analysis, occurrence: Occurrence) -> str | None:
    """A library, or one of its entries, in the library's own file (read from what the resolver made of it)."""
    name = occurrence.id if occurrence.kind == "library" else occurrence.scope[1].removeprefix("library ")
    library = next((lib for lib in analysis.compiled.libraries if lib.name == name), None)
    if library is None:
        return None
    if occurrence.kind == "library":
        label = library.block.label.value if library.block.label else None
        rules = [kind for kind, found in library.rules.items() if found]
        lines = [f"**library `{name}`**" + (f" — {label}" if label else ""),
                 f"steps: {len(library.steps)}, personas: {len(library.personas)}"
                 + (", event rules: " + ", ".join(f"`{r}`" for r in rules) if rules else "")]
        return "\n\n".join(lines)
    entry = library.entries(occurrence.kind).get(occurrence.id) if occurrence.kind in ("step", "persona") else None
    if entry is None:
        return None
    lines = [f"**{occurrence.kind} `{occurrence.id}`**" + (f" — {entry.label.value}" if entry.label else ""),
             f"in library `{name}`; a journey takes it with `{occurrence.kind} {occurrence.id} from {name}`"]
    for statement in entry.body or ():
        if isinstance(statement, PredicateStatement) and statement.keyword == "when":
            lines.append(f"when `{predicate_text(statement.predicate)}`")
        elif isinstance(statement, TextStatement) and statement.keyword == "description":
            lines.append(statement.text.value)
    return "\n\n".join(lines)


def _id_text(analysis: Analysis, occurrence: Occurrence) -> str | None:
    if occurrence.scope[1].startswith("library ") or (occurrence.kind == "library" and occurrence.declaration):
        return _library_text(analysis, occurrence)
    if occurrence.kind not in ("journey", "step", "stage", "persona"):
        return None  # a `use` path, a library named by `from`: their definitions are a go-to away
    journey = _journey(analysis, occurrence.journey)
    if journey is None:
        return None
    if occurrence.kind == "journey":
        return _journey_text(journey)
    return {"step": _step_text, "stage": _stage_text, "persona": _persona_text}[occurrence.kind](journey, occurrence.id)


def hover(analysis: Analysis, offset: int) -> types.Hover | None:
    """What to show for the cursor at ``offset`` (``None``: nothing known there)."""
    occurrence = at(analysis.found, offset)
    if occurrence is not None:
        text = _id_text(analysis, occurrence)
        if text is not None:
            return _markdown(analysis, text, occurrence.start, occurrence.end)
    tree = analysis.syntax
    word = word_at(analysis.text, offset)
    if tree is None or word is None:
        return None
    written = analysis.text[word[0]:word[1]]
    path = statements_at(tree, offset)
    inner = path[-1] if path else None
    if isinstance(inner, ExpectStatement) and inner.metric.span[1] <= word[0] < inner.metric.span[2]:
        first = _WORD.match(analysis.text, inner.metric.span[1])
        keyword = first.group(0) if first else ""
        if written in (keyword, "transitions", "at") and keyword in METRICS:
            form, meaning = METRICS[keyword]
            return _markdown(analysis, f"**`{form}`**\n\n{meaning}", word[0], word[1])
    if isinstance(inner, EmotionStatement) and written == "emotion":
        try:
            score = int(inner.score.raw)
        except ValueError:
            score = None
        scale = "The designed emotion, a whole number from -3 to +3:\n\n" + emotion_scale(score)
        return _markdown(analysis, scale, word[0], word[1])
    return None


def _markdown(analysis: Analysis, text: str, start: int, end: int) -> types.Hover:
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=analysis.lines.range(start, end),
    )
