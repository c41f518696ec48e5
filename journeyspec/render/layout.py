"""Laying out the journey graph with the real Graphviz ``dot`` program."""

from __future__ import annotations

import re
import subprocess

import graphviz

from journeyspec.render.errors import GraphvizNotFound, RenderError

GRAPH_FORMATS = ("svg", "png", "pdf")


def run_dot(graph: graphviz.Digraph, format: str) -> bytes:  # noqa: A002 - the option's name
    """Lay out ``graph`` and return the picture in ``format`` (``svg``, ``png`` or ``pdf``).

    Raises:
        GraphvizNotFound: when ``dot`` is not installed.
        RenderError: when ``dot`` fails on the graph.
    """
    if format not in GRAPH_FORMATS:
        raise RenderError(f"the graph can be drawn as {', '.join(GRAPH_FORMATS)}, not `{format}`")
    if format == "png":
        # 1.5x the default resolution, so text stays crisp on today's screens.
        graph = graph.copy()
        graph.attr("graph", dpi="108")
    try:
        picture = graph.pipe(format=format, engine="dot", quiet=True)
        return thin_arrowheads(picture.decode("utf-8")).encode("utf-8") if format == "svg" else picture
    except graphviz.ExecutableNotFound as error:
        raise GraphvizNotFound() from error
    except subprocess.CalledProcessError as error:
        stderr = error.stderr
        detail = stderr.decode("utf-8", "replace").strip() if isinstance(stderr, bytes) else str(stderr or "")
        raise RenderError(f"Graphviz `dot` could not draw this graph: {detail or error}") from error


_EDGE = re.compile(r'<g id="[^"]*" class="edge">.*?</g>', re.DOTALL)
_OUTLINE = re.compile(r'(<polygon [^>]*?stroke-width=")[0-9.]+"')


def thin_arrowheads(svg: str) -> str:
    """Arrowheads outlined one unit wide, whatever the width of their line.

    Graphviz outlines an arrowhead with its edge's pen: on an overlay's busiest edge (9 points)
    half of that outline reached past the tip and through the double frame of a success node.
    The head's filled triangle still ends exactly at the node's border. (SVG only: PNG and PDF
    come from Graphviz's own renderers.)
    """
    return _EDGE.sub(lambda edge: _OUTLINE.sub(r'\g<1>1"', edge.group(0)), svg)
