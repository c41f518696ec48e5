"""A step taken from a library is marked `shared · LIB` on every drawing, with a legend, and links to the library's page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import journeyspec
from journeyspec.render import GraphAnnotations, NodeAnnotation, RenderError, render
from journeyspec.render.canvas import to_canvas_svg
from journeyspec.render.graph import to_dot
from journeyspec.render.mermaid import to_flowchart, to_journey_diagram
from tests.render.helpers import ROOT

SVG = "{http://www.w3.org/2000/svg}"
# Quotes, an ampersand and an angle bracket: the link must come out as given, never as markup.
LINK = '../../libraries/help/?from="map"&x=<1>'


@pytest.fixture(scope="module")
def checkout():
    return journeyspec.load(ROOT / "maps" / "checkout.journey")[0]


def _node_line(dot: str, step_id: str) -> str:
    return re.search(rf"^\s*{step_id} \[(.*)\]$", dot, re.MULTILINE).group(1)


def test_the_graph_marks_only_the_shared_step_and_says_so_in_its_legend(checkout):
    dot = to_dot(checkout)
    assert "shared · help" in _node_line(dot, "help_home")
    others = [s.id for s in checkout.steps if s.id != "help_home"]
    assert all("shared ·" not in _node_line(dot, step) for step in others)
    legend = "shared · help: a step taken from the library help (shared/help.journey)"
    assert dot.count(legend) == 1 and dot.count("shared · help") == 2
    # Personas are taken from `people` too, but only steps are drawn as nodes: no legend line for it.
    assert "library people" not in dot
    assert "URL=" not in dot  # no link unless the caller gives the library's page


def test_the_overlay_keeps_the_mark_beside_its_figures(checkout):
    notes = GraphAnnotations(nodes={"help_home": NodeAnnotation(lines=("reach 4.1%",), badge="friction 8%")})
    line = _node_line(to_dot(checkout, notes), "help_home")
    assert "shared · help" in line and "reach 4.1%" in line and "friction 8%" in line


@pytest.mark.graphviz
def test_the_graph_links_the_shared_step_to_the_library_page(checkout):
    svg = render(checkout, as_="graph", format="svg", links={"help": LINK})
    root = ET.fromstring(str(svg))
    # Graphviz writes the URL as given, so the graph percent-encodes what would break the SVG.
    encoded = "../../libraries/help/?from=%22map%22&x=%3C1%3E"
    links = [a for a in root.iter(f"{SVG}a") if a.get("{http://www.w3.org/1999/xlink}href") == encoded]
    assert len(links) == 1
    assert "shared · help" in "".join(links[0].itertext())
    assert links[0].get("target") == "_top"
    assert links[0].get("{http://www.w3.org/1999/xlink}title") == "Taken from the library help (shared/help.journey)"


def test_the_canvas_marks_the_shared_step_inside_its_card_and_links_it(checkout):
    plain = ET.fromstring(to_canvas_svg(checkout, "wide"))
    steps = {g.get("data-step"): g for g in plain.iter(f"{SVG}g") if g.get("class") == "step"}
    marked = {step for step, g in steps.items() if any(t.text == "shared · help" for t in g.iter(f"{SVG}text"))}
    assert marked == {"help_home"}
    footer = "".join(next(g for g in plain.iter(f"{SVG}g") if g.get("class") == "footer").itertext())
    assert "“shared · help” marks a step taken from the library help (shared/help.journey)" in " ".join(footer.split())
    assert not list(plain.iter(f"{SVG}a"))

    linked = ET.fromstring(to_canvas_svg(checkout, "wide", {"help": LINK}))
    card = next(g for g in linked.iter(f"{SVG}g") if g.get("data-step") == "help_home")
    (anchor,) = card.iter(f"{SVG}a")
    assert anchor.get("href") == LINK and anchor.get("target") == "_top"
    (mark,) = anchor.iter(f"{SVG}text")
    assert mark.text == "shared · help"
    box = card.find(f"{SVG}rect")
    top, bottom = float(box.get("y")), float(box.get("y")) + float(box.get("height"))
    assert top < float(mark.get("y")) < bottom - 4  # the card grew to hold the mark


def test_mermaid_names_the_library_in_the_step_and_refuses_links(checkout):
    assert 'step_help_home["Open the help centre (shared · help)"]' in to_flowchart(checkout)
    assert "    Open the help centre (shared · help): 3: First-time mobile shopper\n" in to_journey_diagram(checkout)
    with pytest.raises(RenderError, match="Mermaid marks the step only"):
        render(checkout, as_="mermaid", links={"help": LINK})


def test_a_hostile_library_file_name_stays_text(tmp_path):
    (tmp_path / "journeyspec.toml").write_text("", encoding="utf-8")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a&b <i>.journey").write_text('library lib {\n  step s "S" {\n    when event == "s"\n  }\n}\n',
                                                  encoding="utf-8")
    (tmp_path / "j.journey").write_text(
        'use "x/a&b <i>.journey"\n\njourney j {\n  stage one {\n    step s from lib\n  }\n  start s\n  success s\n}\n',
        encoding="utf-8")
    journey = journeyspec.load(tmp_path / "j.journey")[0]
    assert "(x/a&amp;b &lt;i&gt;.journey)" in to_dot(journey)
    canvas = ET.fromstring(to_canvas_svg(journey, "wide", {"lib": LINK}))
    assert "(x/a&b <i>.journey)" in " ".join("".join(canvas.itertext()).split())
