"""Every picture reads well at its default layout: no text on text, no text out of its box, no
picture much wider than tall, arrowheads at node borders, and for the large maps text at least
8 px tall on a 1,200 px page. :mod:`tests.render.readability` measures the SVG itself.

The pictures: the example maps (graph and canvas), a generated 60-step map, the loan map of the
BPI Challenge 2012 over its real log, and the news map over the msnbc.com paths (the overlay).
The last tests break layouts on purpose, to show the check catches what it claims to.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import journeyspec
from journeyspec.engine import SourceConfig
from journeyspec.render import render
from journeyspec.render.graph import build_graph
from tests.render.helpers import EXAMPLE_MAPS, ROOT, load_journeys
from tests.render.mapgen import generated_map
from tests.render.readability import problems, read_svg, smallest_text_px

pytestmark = pytest.mark.graphviz

BPIC = Path("/work/shared/data/real/bpic2012/bpic2012.csv.gz")
LOAN = ROOT / "examples" / "bpic2012" / "loan.journey"
NEWS = ROOT / "maps" / "news_reading.journey"
MSNBC = ROOT / "examples" / "data" / "msnbc_news.parquet"
PAGE = 1200.0


def _overlay(journey, data, config: SourceConfig | None = None):
    from journeyspec.check.overlay import overlay
    from journeyspec.engine import reduce

    return overlay(journey, reduce(journey, str(data), config=config) if config else reduce(journey, str(data)))


@pytest.fixture(scope="module")
def news_overlay():
    journey = load_journeys(NEWS)[0]
    # As pyproject.toml's [tool.journeyspec.sources.news_reading] reads it: page views in order, no clock.
    config = SourceConfig(session="user_id", time=None, order="position", event="page")
    return journey, _overlay(journey, MSNBC, config)


@pytest.mark.parametrize("form", ["graph", "canvas"])
@pytest.mark.parametrize("path", EXAMPLE_MAPS, ids=lambda p: p.stem)
def test_example_maps_read_well(path: Path, form: str):
    for journey in load_journeys(path):
        assert problems(read_svg(render(journey, form))) == []


@pytest.mark.parametrize("form", ["graph", "canvas"])
def test_sixty_steps_read_at_page_width(form: str):
    journey = journeyspec.parse(generated_map(60)).journeys[0]
    picture = read_svg(render(journey, form))
    assert problems(picture, page=PAGE) == []
    assert smallest_text_px(picture, PAGE) >= 8


def test_lanes_canvas_reads_at_page_width():
    """Thoughts, quotes, step notes, the blueprint lanes, icons and the line of visibility's label."""
    for name in ("lanes", "personas"):  # the second: one emotion curve per persona, and their legend
        picture = read_svg(render(load_journeys(ROOT / "tests" / "render" / "fixtures" / f"{name}.journey")[0], "canvas"))
        assert problems(picture, page=PAGE) == [], name


def test_loan_canvas_reads_at_page_width():
    picture = read_svg(render(load_journeys(LOAN)[0], "canvas"))
    assert problems(picture, page=PAGE) == []


@pytest.mark.skipif(not BPIC.exists(), reason="the shared real logs are not on this machine")
def test_loan_overlay_over_its_real_log_reads_at_page_width():
    journey = load_journeys(LOAN)[0]
    notes = _overlay(journey, BPIC, SourceConfig(session="case_id", event="activity", time="timestamp"))
    assert notes.extra_edges, "the real log has undesigned moves: their labels are part of what is checked"
    picture = read_svg(render(journey, annotations=notes))
    assert problems(picture, page=PAGE) == []


def test_news_overlay_over_real_paths_reads_well(news_overlay):
    journey, notes = news_overlay
    assert len(notes.extra_edges) >= 4
    assert problems(read_svg(render(journey, annotations=notes)), page=PAGE) == []


# -- The check catches what it claims to ------------------------------------------------------


def test_check_catches_labels_printed_on_each_other(news_overlay):
    """The overlay as it was: dot's own labels on the undesigned edges (not ranked, so not kept apart)."""
    journey, notes = news_overlay
    graph = build_graph(journey, notes, "wide")
    broken = graph.copy()
    broken.body = [line.replace(" xlabel=<", " label=<") for line in graph.body]
    assert broken.body != graph.body
    found = problems(read_svg(broken.pipe(format="svg", engine="dot", quiet=True).decode("utf-8")))
    assert any(" overlaps " in problem for problem in found), found


def test_check_catches_thick_arrowheads_through_a_frame(news_overlay):
    """Graphviz's own SVG, arrowheads outlined with their edge's full pen width."""
    journey, notes = news_overlay
    raw = build_graph(journey, notes, "wide").pipe(format="svg", engine="dot", quiet=True).decode("utf-8")
    assert any("arrowhead" in problem for problem in problems(read_svg(raw)))
    assert not any("arrowhead" in problem for problem in problems(read_svg(render(journey, annotations=notes))))


def test_check_catches_a_wide_picture_and_small_text():
    journey = journeyspec.parse(generated_map(60)).journeys[0]
    found = problems(read_svg(render(journey, "canvas", layout="wide")), page=PAGE)
    assert any(problem.startswith("aspect ratio") for problem in found)
    assert any("px tall at 1200 px wide" in problem for problem in found)


def test_check_catches_text_out_of_its_box_and_a_label_far_from_its_edge():
    journey = load_journeys(ROOT / "maps" / "checkout.journey")[0]
    canvas = render(journey, "canvas")
    moved = re.sub(r'(<g class="step"[^>]*>.*?<text x=")([0-9.]+)', lambda m: m.group(1) + str(float(m.group(2)) + 300),
                   canvas, count=1, flags=re.DOTALL)
    assert any("runs outside its box" in problem for problem in problems(read_svg(moved)))
    graph = render(journey, "graph", layout="wide")
    far = re.sub(r'(<g id="edge\d+" class="edge">(?:(?!</g>).)*?<text [^>]*?y=")(-?[0-9.]+)',
                 lambda m: m.group(1) + str(float(m.group(2)) - 200), graph, count=1, flags=re.DOTALL)
    assert far != graph
    assert any("from its edge" in problem for problem in problems(read_svg(far)))
