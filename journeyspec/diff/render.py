"""``--render OUT.svg``: the new version's graph with the changes coloured in.

Added stages, steps and edges are green, removed ones red and dashed (drawn
where they used to be, so the reader sees the hole they leave), changed ones
amber. This module builds its own small Graphviz graph with the ``graphviz``
package; it is kept self-contained so it can later draw through the shared
renderer in ``journeyspec.render`` instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import graphviz

from journeyspec.diff.changes import Change
from journeyspec.ir.journey import Edge, Journey, Stage, Step

COLOURS = {"added": "#1a7f37", "removed": "#cf222e", "changed": "#bf8700", None: "#57606a"}
"""Colour per status: GitHub's green, red and amber, and grey for what did not change."""


class RenderError(Exception):
    """The picture cannot be drawn: most often Graphviz's ``dot`` program is not installed."""


def _status(changes: list[Change]) -> dict[str, str]:
    """Status of every element path touched by a change: ``checkout/steps/cart`` → ``changed``."""
    found: dict[str, str] = {}
    for change in changes:
        parts = change.path.split("/")
        if change.action != "changed" and change.kind.split("_")[0] in ("journey", "stage", "step", "edge"):
            found[change.path] = change.action
        elif len(parts) >= 3 and parts[1] in ("stages", "steps", "edges"):
            found.setdefault("/".join(parts[:3]), "changed")
        elif len(parts) == 3 and parts[1] in ("start", "success"):
            found.setdefault(f"{parts[0]}/steps/{parts[2]}", "changed")
    return found


def _style(status: str | None, base: str = "") -> dict[str, str]:
    attributes = {"color": COLOURS[status], "fontcolor": COLOURS[status] if status else "#24292f"}
    styles = [s for s in (base, "dashed" if status == "removed" else "", "bold" if status else "") if s]
    if styles:
        attributes["style"] = ",".join(styles)
    if status:
        attributes["penwidth"] = "2"
    return attributes


def _step_node(graph: graphviz.Digraph, journey: Journey, step: Step, status: str | None) -> None:
    shape = {"shape": "box", "style": "rounded"}
    attributes = {**shape, **_style(status, "rounded")}
    if step.id in journey.success:
        attributes["peripheries"] = "2"
    graph.node(f"{journey.id}.{step.id}", label=step.title, tooltip=step.id, **attributes)


def _edge_label(edge: Edge) -> str:
    parts = [edge.label or ""]
    if edge.share is not None:
        parts.append(f"{edge.share * 100:g}%")
    return " ".join(p for p in parts if p)


def _journey(graph: graphviz.Digraph, old: Journey | None, new: Journey | None, status: dict[str, str]) -> None:
    shown = new or old
    assert shown is not None
    journey_status = status.get(shown.id)
    base = old if new is None else new
    stages: list[tuple[Stage, Journey]] = [(s, base) for s in base.stages]
    if old is not None and new is not None:
        kept = {s.id for s in new.stages}
        stages += [(s, old) for s in old.stages if s.id not in kept]
    with graph.subgraph(name=f"cluster_{shown.id}") as cluster:
        cluster.attr(label=f"{shown.title} ({shown.id})", fontname="Helvetica", **_style(journey_status))
        for stage, source in stages:
            stage_status = journey_status or status.get(f"{shown.id}/stages/{stage.id}")
            with cluster.subgraph(name=f"cluster_{shown.id}.{stage.id}") as box:
                box.attr(label=stage.title, **_style(stage_status))
                steps = [(source.step(s), source) for s in stage.steps]
                if new is not None and source is not new:
                    # A removed stage keeps only its removed steps; the others moved and are drawn where they are now.
                    steps = [(step, owner) for step, owner in steps if step.id not in new.step_ids]
                if old is not None and new is not None and source is new:
                    here = set(stage.steps)
                    steps += [
                        (s, old)
                        for s in old.steps
                        if s.stage == stage.id and s.id not in here and s.id not in new.step_ids
                    ]
                for step, owner in steps:
                    _step_node(box, owner, step, journey_status or status.get(f"{shown.id}/steps/{step.id}"))
    edges: list[Edge] = list(base.edges)
    if old is not None and new is not None:
        edges += [e for e in old.edges if (e.source, e.target) not in new.edge_set()]
    for edge in edges:
        edge_status = journey_status or status.get(f"{shown.id}/edges/{edge.source}->{edge.target}")
        label = _edge_label(edge)
        graph.edge(
            f"{shown.id}.{edge.source}",
            f"{shown.id}.{edge.target}",
            **({"label": label} if label else {}),
            **_style(edge_status),
        )


def diff_graph(old: list[Journey], new: list[Journey], changes: list[Change]) -> graphviz.Digraph:
    """The Graphviz graph of the new journeys, with removed elements kept in place and changes coloured."""
    status = _status(changes)
    before = {j.id: j for j in old}
    after = {j.id: j for j in new}
    graph = graphviz.Digraph("journeyspec_diff")
    graph.attr(
        rankdir="LR",
        fontname="Helvetica",
        labelloc="t",
        label=(
            f'<journey changes: <font color="{COLOURS["added"]}">added</font> · '
            f'<font color="{COLOURS["removed"]}">removed (dashed)</font> · '
            f'<font color="{COLOURS["changed"]}">changed</font>>'
        ),
    )
    graph.attr("node", fontname="Helvetica", fontsize="11")
    graph.attr("edge", fontname="Helvetica", fontsize="9")
    for journey_id in sorted(before.keys() | after.keys()):
        _journey(graph, before.get(journey_id), after.get(journey_id), status)
    return graph


def render_svg(old: list[Journey], new: list[Journey], changes: list[Change], out: str | Path) -> Path:
    """Draw the diff picture into ``out`` (SVG).

    Raises:
        RenderError: when Graphviz's ``dot`` program is missing or fails.
    """
    if shutil.which("dot") is None:
        raise RenderError(
            "drawing the diff needs Graphviz's `dot` program, which is not installed; "
            "install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`)"
        )
    graph = diff_graph(old, new, changes)
    try:
        svg = graph.pipe(format="svg", encoding="utf-8")
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError) as error:
        raise RenderError(f"Graphviz could not draw the diff: {error}") from error
    path = Path(out)
    path.write_text(svg, encoding="utf-8")
    return path


__all__ = ["COLOURS", "RenderError", "diff_graph", "render_svg"]
