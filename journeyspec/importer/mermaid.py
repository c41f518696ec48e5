"""A Mermaid ``journey`` diagram read into a map: the title, sections as stages, tasks as steps.

A diagram such as::

    journey
      title Book a hotel
      section Inspire
        Browse ideas: 4: Bea, Femi
        Compare hotels: 2: Bea

becomes a journey with one stage per section, one step per task (in order,
joined by one designed flow from the first task to the last, which is taken
as the success), each task's score as its step's designed emotion
(score - 3: Mermaid's 1..5 onto -2..+2, the inverse of
:data:`journeyspec.render.mermaid.JOURNEY_SCORES`), and every actor as a
persona. Steps get no ``when``: the map is design-first until someone agrees
the events (``journeyspec tracking-plan``).

Ids are made from the names (``Browse ideas`` → ``browse_ideas``), unique
across stages and steps. Mermaid's ``#35;``-style entity codes are decoded.
A line the diagram grammar does not allow is a diagnostic with its line,
never skipped: JS370 (not a journey diagram), JS371 (a line that is not a
title, section or task), JS372 (a score that is not a whole number 1 to 5),
JS373 (no task at all).
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from dataclasses import dataclass, field

from journeyspec.diagnostics import Diagnostic, JourneyspecError
from journeyspec.ir.base import Span
from journeyspec.ir.text import quote
from journeyspec.lang.formatter import format_text

_ENTITY = re.compile(r"#(\d+|[A-Za-z]+);")
_ID_MAX = 40


@dataclass
class _Section:
    title: str
    tasks: list[tuple[str, int, tuple[str, ...], int]] = field(default_factory=list)  # name, score, actors, line


@dataclass
class _Diagram:
    title: str | None = None
    description: str | None = None
    sections: list[_Section] = field(default_factory=list)


def import_mermaid_journey(text: str, file: str | None = None, *, name: str | None = None) -> str:
    """The canonical map text of a Mermaid ``journey`` diagram.

    Args:
        text: The diagram (a ```` ```mermaid ```` fenced block is read too).
        file: Its file name, for the spans of diagnostics.
        name: A fallback for the journey's id and title when the diagram has no ``title`` (a file stem).

    Returns:
        The map, formatted as ``journeyspec fmt`` writes it.

    Raises:
        JourneyspecError: JS370-JS373 with the line of each problem.
    """
    diagram = _read(text, file)
    return format_text(_map_text(diagram, name or "imported"), file)


# ---------------------------------------------------------------------------
# Reading the diagram
# ---------------------------------------------------------------------------


def _span(file: str | None, lines: list[str], number: int, start: int = 0, end: int | None = None) -> Span:
    """The span of characters ``start:end`` of line ``number`` (1-based)."""
    line = lines[number - 1]
    end = len(line) if end is None else end
    offset = sum(len(earlier) + 1 for earlier in lines[: number - 1])
    return Span(file=file, start=offset + start, end=offset + max(end, start + 1), line=number, column=start + 1,
                end_line=number, end_column=max(end, start + 1) + 1)


def _decode(text: str) -> str:
    """Mermaid's entity codes (``#35;``, ``#quot;``) as the characters they stand for; others kept as written."""

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.isdigit():
            number = int(code)
            return chr(number) if 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF else match.group(0)
        return chr(html.entities.name2codepoint[code]) if code in html.entities.name2codepoint else match.group(0)

    return _ENTITY.sub(one, text).strip()


def _read(text: str, file: str | None) -> _Diagram:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems: list[Diagnostic] = []
    diagram = _Diagram()
    started = False
    in_front_matter = in_fence_body = False
    in_description = False
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        if number == 1 and line == "---":
            in_front_matter = True
            continue
        if in_front_matter:
            in_front_matter = line != "---"
            if line.startswith("title:"):  # Mermaid's front matter may hold the title
                diagram.title = diagram.title or _decode(line.partition(":")[2].strip().strip("\"'")) or None
            continue
        if line.startswith("```"):
            in_fence_body = not in_fence_body and line[3:].strip() in ("mermaid", "")
            continue
        if in_description:
            in_description = "}" not in line
            continue
        if not line or line.startswith("%%"):  # a blank line, a comment or a %%{init}%% directive
            continue
        if not started:
            keyword = line.split()[0]
            if keyword != "journey":
                problems.append(Diagnostic(
                    "JS370", f"this is a Mermaid `{keyword}` diagram, not a `journey` diagram",
                    span=_span(file, lines, number, indent, indent + len(keyword)), label="expected `journey`",
                    help="`journeyspec import` reads Mermaid's user-journey diagrams: the first line is `journey`, "
                         "then `title`, `section`s and tasks such as `Browse ideas: 4: Bea`"))
                break
            started = True
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "title":
            diagram.title = _decode(rest) or None
        elif keyword == "section":
            diagram.sections.append(_Section(_decode(rest) or f"Section {len(diagram.sections) + 1}"))
        elif line.startswith("accTitle") and ":" in line:
            diagram.title = diagram.title or _decode(line.partition(":")[2]) or None
        elif line.startswith("accDescr") and ":" in line:
            diagram.description = _decode(line.partition(":")[2]) or None
        elif line.startswith("accDescr") and line.rstrip().endswith("{"):
            in_description = True
        else:
            task = _task(raw, line, indent, number, lines, file, problems)
            if task is not None:
                if not diagram.sections:
                    diagram.sections.append(_Section("Steps"))
                diagram.sections[-1].tasks.append(task)
    if not started and not problems:
        problems.append(Diagnostic("JS370", "the file holds no Mermaid diagram (no `journey` line)",
                                   span=_span(file, lines, 1) if lines and lines[0] else None,
                                   help="a Mermaid user-journey diagram starts with the line `journey`"))
    if not problems and not any(section.tasks for section in diagram.sections):
        problems.append(Diagnostic("JS373", "the journey diagram has no task, so the map would have no step",
                                   span=_span(file, lines, 1),
                                   help="add tasks under a section, one a line: `Browse ideas: 4: Bea`"))
    if problems:
        raise JourneyspecError(problems)
    return diagram


def _task(raw, line, indent, number, lines, file, problems) -> tuple[str, int, tuple[str, ...], int] | None:
    """``Name: score: actor, actor`` (actors optional), or a diagnostic."""
    parts = line.split(":")
    if len(parts) < 2 or not parts[0].strip():
        problems.append(Diagnostic(
            "JS371", "this line is not a `title`, a `section` or a task",
            span=_span(file, lines, number, indent, len(raw.rstrip())), label="not understood",
            help="a task is its name, a colon and a score from 1 to 5, then optionally the people doing it: "
                 "`Compare hotels: 2: Bea, Femi`"))
        return None
    name, score_text = parts[0].strip(), parts[1].strip()
    score_start = raw.index(":", indent) + 1
    score_start += len(raw[score_start:]) - len(raw[score_start:].lstrip())
    if not re.fullmatch(r"[1-5]", score_text):
        problems.append(Diagnostic(
            "JS372", f"the score of task `{_decode(name)}` is `{score_text}`, not a whole number from 1 to 5",
            span=_span(file, lines, number, score_start, score_start + max(len(score_text), 1)),
            label="a score from 1 to 5",
            help="Mermaid scores a task from 1 (worst) to 5 (best); it becomes the step's emotion -2 to +2: "
                 f"`{name}: 3`"))
        return None
    actors = tuple(dict.fromkeys(a for a in (_decode(x) for x in ":".join(parts[2:]).split(",")) if a))
    return _decode(name), int(score_text), actors, number


# ---------------------------------------------------------------------------
# Writing the map
# ---------------------------------------------------------------------------


def identifier(text: str, used: set[str], fallback: str) -> str:
    """An id made from a name (``Browse ideas`` → ``browse_ideas``), not in ``used``, then added to it."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if len(base) > _ID_MAX:
        base = base[:_ID_MAX].rsplit("_", 1)[0] or base[:_ID_MAX]
    if not base or base[0].isdigit():
        base = f"{fallback}_{base}" if base else fallback
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}_{number}", number + 1
    used.add(candidate)
    return candidate


def _map_text(diagram: _Diagram, name: str) -> str:
    title = diagram.title or name
    journey_id = identifier(title, set(), "journey")
    personas: dict[str, str] = {}  # actor → persona id
    persona_ids: set[str] = set()
    for section in diagram.sections:
        for _, _, actors, _ in section.tasks:
            for actor in actors:
                if actor not in personas:
                    personas[actor] = identifier(actor, persona_ids, "persona")
    used: set[str] = set()
    body = [
        "# Imported from a Mermaid journey diagram by `journeyspec import`: check the success step and the flow,",
        "# then add `when` conditions once events are agreed (`journeyspec tracking-plan`).",
    ]
    body.append(f"journey {journey_id} {quote(title)} {{")
    if diagram.description:
        body.append(f"  description {quote(diagram.description)}")
    for actor, persona_id in personas.items():
        body.append(f"  persona {persona_id} {quote(actor)}")
    steps: list[str] = []
    everyone = tuple(personas)
    for section in diagram.sections:  # an empty section stays an empty stage, as the diagram draws it
        body.append(f"  stage {identifier(section.title, used, 'stage')} {quote(section.title)} {{")
        for task_name, score, actors, _line in section.tasks:
            step_id = identifier(task_name, used, "step")
            steps.append(step_id)
            # Actors per task have no place in the map yet: the journey's personas are all of them.
            note = f"  # done by {', '.join(actors)}" if actors and set(actors) != set(everyone) else ""
            body.append(f"    step {step_id} {quote(task_name)} {{{note}")
            body.append(f"      emotion {_signed(score - 3)}")
            body.append("    }")
        body.append("  }")
    body.append(f"  start {steps[0]}")
    body.append(f"  success {steps[-1]}  # the diagram's last task, taken as the goal")
    if len(steps) > 1:
        body.append("  flow " + " -> ".join(steps))
    body.append("}")
    return "\n".join(body) + "\n"


def _signed(score: int) -> str:
    return f"+{score}" if score > 0 else str(score)
