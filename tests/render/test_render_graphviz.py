"""Every map drawn for real with Graphviz's `dot`: SVG, PNG and PDF."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import journeyspec
from journeyspec.render import render
from journeyspec.render.graph import build_graph
from journeyspec.render.layout import run_dot
from tests.render.helpers import box, crossings, laid_out, load_journeys, nodes

pytestmark = pytest.mark.graphviz

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


def test_graph_renders_as_svg_with_every_step(any_map: Path):
    for journey in load_journeys(any_map):
        svg = render(journey, "graph", "svg")
        root = ET.fromstring(svg.encode("utf-8"))
        titles = {el.text for el in root.iter("{http://www.w3.org/2000/svg}title")}
        assert set(journey.step_ids) <= titles
        assert {f"cluster_{stage.id}" for stage in journey.stages} <= titles


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_graph_renders_as_picture(any_map: Path, fmt: str):
    for journey in load_journeys(any_map):
        assert render(journey, "graph", fmt).startswith(MAGIC[fmt])


def test_overlay_hook_output_is_valid_for_dot():
    from tests.render.test_graph import OVERLAY

    journey = journeyspec.load(Path(__file__).parents[2] / "maps" / "checkout.journey")[0]
    svg = run_dot(build_graph(journey, OVERLAY), "svg").decode("utf-8")
    assert "friction 8%" in svg and "(left the site)" in svg


def test_the_crossing_check_sees_an_edge_through_notes():
    """The check below can fail: an edge pinned straight through a notes node is found."""
    import graphviz

    graph = graphviz.Digraph()
    graph.attr(splines="line")
    for name, x in (("a", 0), ("s.notes", 2), ("b", 4)):
        graph.node(name, pos=f"{x},0!", shape="box")
    graph.edge("a", "b")
    assert crossings(laid_out(graph, engine="neato")) == ["a -> b through s.notes"]


def test_no_edge_crosses_a_stage_title_or_its_notes(any_map: Path):
    """Stage titles and notes are nodes, which dot routes edges around (a cluster label it does not):
    laid out for real, every title sits above its stage's first step, the notes below it, and no
    drawn edge runs through either."""
    for journey in load_journeys(any_map):
        layout = laid_out(build_graph(journey))
        laid = nodes(layout)
        for stage in journey.stages:
            # The title rides with the first step outside a group: a group's box keeps its steps together.
            loose = [s for s in stage.steps if journey.group_of(s) is None]
            first = (loose or stage.steps or [f"stage.{stage.id}.empty"])[0]
            title, step = box(laid[f"stage.{stage.id}.title"]), box(laid[first])
            if not loose and stage.steps:
                # Every step in groups: dot puts the title above or below their boxes, never across them.
                inside = [box(laid[s]) for s in stage.steps]
                assert title[1] >= max(b[3] for b in inside) or title[3] <= min(b[1] for b in inside), stage.id
                continue
            assert title[1] >= step[3], f"{stage.id}: the title is not above {first}"  # y grows upwards
            if stage.pains or stage.opportunities:
                assert box(laid[f"stage.{stage.id}.notes"])[3] <= step[1], f"{stage.id}: the notes are not below {first}"
        assert crossings(layout) == [], journey.id
