"""The observed overlay: facts -> graph annotations, golden-tested as DOT; and `render --data`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from journeyspec.check.overlay import overlay
from journeyspec.cli import main_group
from journeyspec.engine import reduce
from journeyspec.render import render


@pytest.fixture(scope="module")
def annotations(shop, events, epoch):
    return overlay(shop, reduce(shop, events, config=epoch), top=2)


def test_overlay_annotations(annotations):
    assert annotations.nodes["cart"].lines == ("5 · reach 62.5%", "drop-off 20.0%")
    assert annotations.nodes["pay"].lines == ("5 · reach 62.5%",)  # success: no drop-off
    assert annotations.nodes["product"].badge == "friction 20.0%"
    assert annotations.edges[("product", "cart")].label == "4 · 100.0%"
    undesigned = [(e.source, e.target) for e in annotations.extra_edges]
    assert undesigned == [("cart", "home"), ("home", "cart")]  # the busiest two, then by name
    assert annotations.caption[-1] == "1 rarer undesigned transitions (1 moves) not shown"


def test_overlay_dot_golden(shop, annotations, golden):
    golden("overlay-shop.dot", render(shop, "dot", annotations=annotations))


def test_unobserved_designed_edges_are_dotted(shop, tmp_path, epoch):
    import pyarrow.parquet as pq

    from tests.check.helpers import write_events

    path = write_events(tmp_path)
    table = pq.read_table(path)
    only = table.filter([s == "S1" for s in table.column("session").to_pylist()])
    pq.write_table(only, tmp_path / "s1.parquet")
    found = overlay(shop, reduce(shop, str(tmp_path / "s1.parquet"), config=epoch))
    assert found.edges[("cart", "product")].kind == "unobserved"
    assert 'style=dotted' in render(shop, "dot", annotations=found).replace('"', "")


def test_render_with_data(tmp_path, events):
    from tests.check.helpers import MAP

    (tmp_path / "shop.journey").write_text(MAP, encoding="utf-8")
    args = ["render", str(tmp_path / "shop.journey"), "--as", "dot", "--data", events, "--time-format", "epoch_s"]
    result = CliRunner().invoke(main_group, args)
    assert result.exit_code == 0, result.output
    assert "reach 62.5%" in result.stdout
    bad = CliRunner().invoke(main_group, [*args[:3], "--as", "mermaid", *args[5:]])
    assert bad.exit_code == 2
    missing = CliRunner().invoke(main_group, [*args[:4], "--data", "nope.parquet", "--time-format", "epoch_s"])
    assert missing.exit_code == 2 and "JS301" in missing.stderr


@pytest.mark.graphviz
def test_the_example_overlay_draws_no_edge_through_a_stage_title_or_notes():
    """`render --data` of the example checkout: its busiest loop back ("keeps shopping") was drawn
    through the Decide stage's pain note while the notes were part of the stage's label."""
    from pathlib import Path

    import journeyspec
    from journeyspec.project import load_config
    from journeyspec.render.graph import build_graph
    from tests.render.helpers import crossings, laid_out

    root = Path(__file__).parents[2]
    journey = journeyspec.load(root / "maps" / "checkout.journey")[0]
    config = load_config("checkout", start=root)
    facts = reduce(journey, str(root / config.data), config=config)
    layout = laid_out(build_graph(journey, overlay(journey, facts)))
    assert any(node["name"] == "stage.decide.notes" for node in layout["objects"])
    assert crossings(layout) == []
