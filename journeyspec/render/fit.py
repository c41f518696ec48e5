"""Which way a picture is laid out, so that it fits a page: ``wide``, ``wrap`` or ``tall``.

A journey reads left to right, stage after stage (``wide``). Past a handful of steps that
picture grows much wider than it is tall, and shown at page width its text shrinks to a few
pixels. Two other layouts keep it readable:

- ``wrap``: the stages in rows, like lines of text, each row left to right;
- ``tall`` (the graph only): stages top to bottom, each stage's steps downwards.

The default (``auto``) estimates each stage's width before anything is drawn (a second layout
pass would double the time Graphviz takes) and picks the first that fits a page
(:data:`PAGE` units wide, so that 8-unit text stays 8 px tall at 1,200 px): ``wide`` when the
whole journey fits, else ``wrap`` when every stage fits on a row, else ``tall``. The estimate
is an upper bound in spirit (wide character widths), and the readability test measures the
pictures it picks.
"""

from __future__ import annotations

from typing import Literal

from journeyspec.ir.journey import Journey, Stage
from journeyspec.render.text import text_width

Layout = Literal["auto", "wide", "wrap", "tall"]
LAYOUTS: tuple[str, ...] = ("auto", "wide", "wrap", "tall")

PAGE = 1200.0
# A step's rank in the graph: its box (22 characters of 11-point bold text and margins) and the
# gap to the next rank; an edge label between ranks (the overlay's counts) widens the gap.
RANK = 190.0
LABEL_GAP = 70.0
STAGE_MARGIN = 30.0


def check_layout(layout: str) -> None:
    """Raise ``ValueError`` for a layout name that is not one of :data:`LAYOUTS`."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout `{layout}`; choose one of {', '.join(LAYOUTS)}")


def stage_ranks(journey: Journey, stage: Stage) -> int:
    """How many steps deep the stage is: its longest run of forward edges (a group counts once)."""
    nodes: list[str] = []
    for step_id in stage.steps:
        group = journey.group_of(step_id)
        node = group.id if group is not None else step_id
        if node not in nodes:
            nodes.append(node)
    position = {node: index for index, node in enumerate(nodes)}
    depth = dict.fromkeys(nodes, 1)
    forward = sorted((position[a], position[b]) for a, b in journey.edge_set()
                     if a in position and b in position and position[a] < position[b])
    for a, b in forward:  # sorted by source: every source's depth is final when it is used
        depth[nodes[b]] = max(depth[nodes[b]], depth[nodes[a]] + 1)
    return max(depth.values(), default=1)


def graph_stage_widths(journey: Journey, labelled: bool) -> list[float]:
    """Each stage's estimated width in the left-to-right graph, in points."""
    per_rank = RANK + (LABEL_GAP if labelled else 0.0)
    widths = []
    for stage in journey.stages:
        title = text_width(stage.title[:34], 13, bold=True) + (150.0 if stage.emotion is not None else 0.0)
        widths.append(max(stage_ranks(journey, stage) * per_rank, title + 40) + STAGE_MARGIN)
    return widths


def rows(widths: list[float], page: float = PAGE) -> list[list[int]]:
    """Stage indexes in rows, greedily filled up to ``page`` wide (a stage wider than a page gets a row)."""
    found: list[list[int]] = []
    used = 0.0
    for index, width in enumerate(widths):
        if found and used + width <= page:
            found[-1].append(index)
            used += width
        else:
            found.append([index])
            used = width
    return found or [[]]


def choose_graph(journey: Journey, layout: str, labelled: bool) -> tuple[str, list[list[int]]]:
    """The graph's layout and its rows of stage indexes (one row unless ``wrap``)."""
    check_layout(layout)
    widths = graph_stage_widths(journey, labelled)
    every = [list(range(len(widths)))]
    if layout == "auto":
        if sum(widths) <= PAGE:
            return "wide", every
        layout = "wrap" if max(widths, default=0.0) <= PAGE else "tall"
    if layout == "wrap":
        return "wrap", rows(widths)
    return layout, every
