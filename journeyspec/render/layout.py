"""Laying out the journey graph with the real Graphviz ``dot`` program."""

from __future__ import annotations

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
        return graph.pipe(format=format, engine="dot", quiet=True)
    except graphviz.ExecutableNotFound as error:
        raise GraphvizNotFound() from error
    except subprocess.CalledProcessError as error:
        stderr = error.stderr
        detail = stderr.decode("utf-8", "replace").strip() if isinstance(stderr, bytes) else str(stderr or "")
        raise RenderError(f"Graphviz `dot` could not draw this graph: {detail or error}") from error
