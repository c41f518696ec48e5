"""Every map drawn for real with Graphviz's `dot`: SVG, PNG and PDF."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import load_journeys

import journeyspec
from journeyspec.render import render
from journeyspec.render.graph import build_graph
from journeyspec.render.layout import run_dot

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
    from test_graph import OVERLAY

    journey = journeyspec.load(Path(__file__).parents[2] / "maps" / "checkout.journey")[0]
    svg = run_dot(build_graph(journey, OVERLAY), "svg").decode("utf-8")
    assert "friction 8%" in svg and "(left the site)" in svg
