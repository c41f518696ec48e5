"""Rendering a journey: the graph (Graphviz), the journey-map canvas (SVG) and Mermaid.

One verb does it all::

    from journeyspec.render import render
    svg = render(journey)                              # the graph, as SVG text
    png = render(journey, as_="canvas", format="png")  # the canvas, as PNG bytes
    mmd = render(journey, as_="mermaid", mermaid_journey=True)

Text outputs (SVG, DOT, Mermaid) come back as ``str``; PNG and PDF as ``bytes``.

Where it sits: above the IR, below every verb. It imports the IR, the
diagnostics and :mod:`journeyspec.units`; what it draws on top of a design
(check's observed overlay, diff's changes) comes in as plain
:class:`GraphAnnotations`, so render never imports the engine or a verb.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from journeyspec.ir.journey import Journey
from journeyspec.render.annotations import (
    EdgeAnnotation,
    ExtraEdge,
    ExtraNode,
    GraphAnnotations,
    NodeAnnotation,
    StageAnnotation,
)
from journeyspec.render.errors import GraphvizNotFound, RenderError
from journeyspec.render.notebook import Picture  # registers how a journey shows itself in a notebook
from journeyspec.render.fit import LAYOUTS

FORMS = ("graph", "canvas", "mermaid", "dot")
PICTURE_FORMATS = ("svg", "png", "pdf")

Form = Literal["graph", "canvas", "mermaid", "dot"]


def render(
    journey: Journey,
    as_: Form = "graph",
    format: str | None = None,  # noqa: A002 - the CLI option's name
    *,
    mermaid_journey: bool = False,
    annotations: GraphAnnotations | None = None,
    layout: str = "auto",
    links: Mapping[str, str] | None = None,
    ids: bool = True,
) -> str | bytes:
    """Draw one journey.

    Args:
        journey: A compiled journey (``journeyspec.load(path)[0]``).
        as_: ``graph`` (laid out by Graphviz), ``canvas`` (the journey-map poster),
            ``mermaid`` (Markdown-friendly text) or ``dot`` (the graph's DOT source).
        format: ``svg`` (default), ``png`` or ``pdf``, for ``graph`` and ``canvas`` only.
        mermaid_journey: With ``as_="mermaid"``, Mermaid's ``journey`` diagram instead of a flowchart.
        annotations: Overlay facts drawn on the graph (``graph`` and ``dot`` only).
        layout: How the picture fits a page (``graph``, ``dot`` and ``canvas``): ``wide`` (stages
            left to right), ``wrap`` (stages in rows), ``tall`` (stages top to bottom; the graph
            only) or ``auto`` (the first of these that keeps the text readable at page width).
        links: Library name -> the URL of its page (``graph``, ``dot`` and ``canvas``): a step
            taken from that library, marked ``shared · NAME`` on every form, links there.
        ids: Show the map's ids on the canvas (each step's under its title, the journey's in the
            header); ``False`` for readers who never write the map. The canvas only.

    Returns:
        ``str`` for SVG, DOT and Mermaid (a :class:`~journeyspec.render.notebook.Picture`, which a
        notebook draws); ``bytes`` for PNG and PDF.

    Raises:
        RenderError: for an impossible request (say, Mermaid as PNG).
        GraphvizNotFound: when ``as_="graph"`` and the ``dot`` program is missing.
    """
    if as_ not in FORMS:
        raise RenderError(f"unknown form `{as_}`; choose one of {', '.join(FORMS)}")
    if format is not None and format not in PICTURE_FORMATS:
        raise RenderError(f"unknown format `{format}`; choose one of {', '.join(PICTURE_FORMATS)}")
    if as_ in ("mermaid", "dot") and format is not None:
        raise RenderError(f"`{as_}` is text; --format applies to `graph` and `canvas` only")
    if mermaid_journey and as_ != "mermaid":
        raise RenderError("the Mermaid journey diagram is a kind of `mermaid` output; ask for `mermaid`")
    if layout not in LAYOUTS:
        raise RenderError(f"unknown layout `{layout}`; choose one of {', '.join(LAYOUTS)}")
    if layout != "auto" and as_ == "mermaid":
        raise RenderError("Mermaid lays itself out; --layout applies to `graph`, `dot` and `canvas`")
    if layout == "tall" and as_ == "canvas":
        raise RenderError("the canvas has stages as columns; lay it out `wide` or `wrap` (or `auto`)")
    if not ids and as_ != "canvas":
        raise RenderError("hiding the ids (--no-ids) applies to the canvas only; use --as canvas")
    if annotations is not None and as_ not in ("graph", "dot"):
        raise RenderError("overlay annotations are drawn on the graph only (`graph` or `dot`)")
    if links and as_ == "mermaid":
        raise RenderError("links to library pages are drawn on `graph`, `dot` and `canvas`; Mermaid marks the step only")
    if as_ == "mermaid":
        from journeyspec.render.mermaid import to_flowchart, to_journey_diagram

        from journeyspec.render.notebook import journey_svg

        text = to_journey_diagram(journey) if mermaid_journey else to_flowchart(journey)
        return Picture(text, "mermaid", lambda: journey_svg(journey))
    if as_ in ("graph", "dot"):
        from journeyspec.render.graph import build_graph

        graph = build_graph(journey, annotations, layout, links)
        from journeyspec.render.layout import run_dot

        if as_ == "dot":
            return Picture(graph.source, "dot", lambda: run_dot(graph, "svg").decode("utf-8"))
        picture = run_dot(graph, format or "svg")
        return Picture(picture.decode("utf-8"), "svg") if (format or "svg") == "svg" else picture
    from journeyspec.render.canvas import to_canvas_svg

    svg = to_canvas_svg(journey, layout, links, ids=ids)
    if (format or "svg") == "svg":
        return Picture(svg, "svg")
    from journeyspec.render.raster import convert_svg

    return convert_svg(svg, format)


__all__ = [
    "Picture",
    "FORMS",
    "LAYOUTS",
    "PICTURE_FORMATS",
    "EdgeAnnotation",
    "ExtraEdge",
    "ExtraNode",
    "GraphAnnotations",
    "GraphvizNotFound",
    "NodeAnnotation",
    "RenderError",
    "StageAnnotation",
    "render",
]
