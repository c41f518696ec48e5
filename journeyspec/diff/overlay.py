"""``diff --render OUT.svg``: the changes as annotations on the journey graph, drawn by ``journeyspec.render``.

Each journey is drawn as ``journeyspec render`` draws it, from a view of the
new version with what was removed put back where it used to be, so the reader
sees the hole it leaves. Added stages, steps, groups and edges are marked green,
removed ones red and dashed, changed ones amber (see
:mod:`journeyspec.render.annotations`); a journey added or removed as a whole
is marked throughout. Several journeys are stacked into one SVG, by id.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from journeyspec.diff.changes import Change
from journeyspec.files import write_bytes, write_text
from journeyspec.ir.journey import Group, Journey, Stage
from journeyspec.render import render
from journeyspec.render.annotations import (
    MARKS,
    EdgeAnnotation,
    GraphAnnotations,
    Mark,
    NodeAnnotation,
    StageAnnotation,
)
from journeyspec.render.stack import stack_svgs

_ELEMENTS = ("journey", "stage", "step", "group", "edge")
_SECTIONS = ("stages", "steps", "groups", "edges")


def marks(changes: list[Change]) -> dict[str, Mark]:
    """The mark of every element path a change touches: ``checkout/steps/cart`` → ``changed``."""
    found: dict[str, Mark] = {}
    for change in changes:
        parts = change.path.split("/")
        if change.action != "changed" and change.kind.split("_")[0] in _ELEMENTS:
            # The element itself came or went.
            found[change.path] = change.action
        elif len(parts) >= 3 and parts[1] in _SECTIONS:
            # Something inside it changed: its label, a note, its share.
            found.setdefault("/".join(parts[:3]), "changed")
        elif len(parts) == 3 and parts[1] in ("start", "success", "ending"):
            found.setdefault(f"{parts[0]}/steps/{parts[2]}", "changed")
    return found


def _put_back(kept: tuple[str, ...], old: tuple[str, ...], gone: set[str]) -> tuple[str, ...]:
    """``kept`` (new order) with the ids of ``gone`` put back after the id they followed in ``old``."""
    result = list(kept)
    previous = None
    for element_id in old:
        if element_id in gone:
            result.insert(result.index(previous) + 1 if previous is not None else 0, element_id)
        elif element_id not in result:
            continue  # moved elsewhere: it says nothing about where this list's removals stood
        previous = element_id
    return tuple(result)


def view(old: Journey, new: Journey) -> Journey:
    """The journey the picture draws: ``new``, with the stages, steps and edges only ``old`` has put back.

    A removed step goes back into its stage (kept or removed) after the step
    it followed; a removed stage holds only its removed steps, since the
    others moved and are drawn where they are now. Removed edges follow the
    new ones; a removed start, success or ending step keeps its tag.
    """
    gone_steps = set(old.step_ids) - set(new.step_ids)
    gone_stages = {s.id for s in old.stages} - {s.id for s in new.stages}
    stages_before = {s.id: s for s in old.stages}
    stages_now = {s.id: s for s in new.stages}
    stages: list[Stage] = []
    for stage_id in _put_back(tuple(stages_now), tuple(stages_before), gone_stages):
        if stage_id in gone_stages:
            stage = stages_before[stage_id]
            stages.append(stage.model_copy(update={"steps": tuple(s for s in stage.steps if s in gone_steps)}))
        else:
            stage = stages_now[stage_id]
            was = stages_before[stage_id].steps if stage_id in stages_before else ()
            stages.append(stage.model_copy(update={"steps": _put_back(stage.steps, was, gone_steps)}))
    steps = {s.id: s for s in (*old.steps, *new.steps)}  # the new version wins for kept steps
    designed = new.edge_set()
    groups = new.groups + _groups_put_back(old, new, stages)
    drawn = {step_id for stage in stages for step_id in stage.steps} | {g.id for g in groups}
    return new.model_copy(
        update={
            "stages": tuple(stages),
            "steps": tuple(steps[step_id] for stage in stages for step_id in stage.steps),
            "groups": groups,
            "edges": new.edges + tuple(e for e in old.edges if (e.source, e.target) not in designed
                                       and e.source in drawn and e.target in drawn),
            "start": new.start + tuple(s for s in old.start if s in gone_steps),
            "success": new.success + tuple(s for s in old.success if s in gone_steps),
            "endings": new.endings + tuple(s for s in old.endings if s in gone_steps),
        }
    )


def _groups_put_back(old: Journey, new: Journey, stages: list[Stage]) -> tuple[Group, ...]:
    """The removed groups the picture can still draw: their steps all in one stage of the view, and
    in no group of the new version (a step is drawn in one box)."""
    kept = {g.id for g in new.groups}
    taken = {step for g in new.groups for step in g.steps}
    stage_of = {step: stage.id for stage in stages for step in stage.steps}
    back = []
    for group in old.groups:
        homes = {stage_of.get(step) for step in group.steps}
        if group.id not in kept and len(homes) == 1 and None not in homes and not taken & set(group.steps):
            back.append(group.model_copy(update={"stage": homes.pop()}))
            taken |= set(group.steps)
    return tuple(back)


def annotations(journey: Journey, found: dict[str, Mark], whole: Mark | None = None) -> GraphAnnotations:
    """Marks for ``journey`` (a :func:`view`) from :func:`marks`; ``whole`` marks everything in it."""

    def mark(path: str) -> Mark | None:
        return whole or found.get(f"{journey.id}/{path}")

    stages = {s.id: StageAnnotation(mark=m) for s in journey.stages if (m := mark(f"stages/{s.id}"))}
    nodes = {s.id: NodeAnnotation(mark=m) for s in journey.steps if (m := mark(f"steps/{s.id}"))}
    edges = {
        (e.source, e.target): EdgeAnnotation(mark=m)
        for e in journey.edges
        if (m := mark(f"edges/{e.source}->{e.target}"))
    }
    groups = {g.id: NodeAnnotation(mark=m) for g in journey.groups if (m := mark(f"groups/{g.id}"))}
    caption = (f"this journey was {whole}",) if whole else ()
    return GraphAnnotations(nodes=nodes, edges=edges, stages=stages, caption=caption, legend=MARKS, groups=groups)


def pictures(old: list[Journey], new: list[Journey], changes: list[Change]) -> list[tuple[Journey, GraphAnnotations]]:
    """Every journey of either side, by id, as the journey to draw and its annotations."""
    found = marks(changes)
    before = {j.id: j for j in old}
    after = {j.id: j for j in new}
    drawn = []
    for journey_id in sorted(before.keys() | after.keys()):
        if journey_id not in after:
            journey, whole = before[journey_id], "removed"
        elif journey_id not in before:
            journey, whole = after[journey_id], "added"
        else:
            journey, whole = view(before[journey_id], after[journey_id]), None
        drawn.append((journey, annotations(journey, found, whole)))
    return drawn


def diff_dot(old: list[Journey], new: list[Journey], changes: list[Change]) -> str:
    """The DOT source of the diff picture, one graph per journey; byte-identical for the same maps."""
    return "".join(render(journey, "dot", annotations=notes) for journey, notes in pictures(old, new, changes))


PICTURE_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
"""The picture formats ``diff --render`` writes, by the suffix of the file it is given."""


def picture_format(out: str | Path) -> str | None:
    """The format the name ``out`` asks for (``svg``, ``png`` or ``pdf``), or None when its suffix names none."""
    return PICTURE_SUFFIXES.get(Path(out).suffix.lower())


def render_svg(old: list[Journey], new: list[Journey], changes: list[Change], out: str | Path) -> Path:
    """Draw the diff picture into ``out``, in the format its suffix names (SVG, PNG or PDF).

    Raises:
        ValueError: when the suffix of ``out`` names none of them (nothing is drawn or written).
        GraphvizNotFound: when Graphviz's ``dot`` program is missing.
        RenderError: when ``dot`` fails, or PNG/PDF cannot be made (see :func:`journeyspec.render.raster.convert_svg`).
        WriteError: when ``out`` cannot be written (it is then unchanged).
    """
    path = Path(out)
    form = picture_format(path)
    if form is None:
        raise ValueError(f"`{path.name}` names no picture format: name the file .svg, .png or .pdf")
    drawings = [render(journey, "graph", "svg", annotations=notes) for journey, notes in pictures(old, new, changes)]
    picture = stack_svgs([cast(str, svg) for svg in drawings])  # SVG comes back as text
    if form == "svg":
        write_text(path, picture)
    else:
        from journeyspec.render.raster import convert_svg

        write_bytes(path, convert_svg(picture, form))
    return path


__all__ = ["PICTURE_SUFFIXES", "annotations", "diff_dot", "marks", "picture_format", "pictures", "render_svg", "view"]
