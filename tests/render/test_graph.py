"""The journey graph as DOT: golden text, determinism, escaping, and the overlay hook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import journeyspec
from journeyspec.ir.journey import Note
from journeyspec.render import EdgeAnnotation, ExtraEdge, ExtraNode, GraphAnnotations, NodeAnnotation, render
from journeyspec.render.graph import to_dot
from tests.render.helpers import FIXTURES, golden_stem, load_journeys


def test_dot_matches_golden(any_map: Path, golden):
    for journey in load_journeys(any_map):
        golden(f"{golden_stem(any_map)}.{journey.id}.dot", to_dot(journey))


def test_dot_is_byte_identical_for_the_same_ir(any_map: Path):
    first = [to_dot(j) for j in load_journeys(any_map)]
    again = [to_dot(j) for j in load_journeys(any_map)]
    assert first == again
    rebuilt = [journeyspec.Journey.model_validate(j.model_dump()) for j in load_journeys(any_map)]
    assert [to_dot(j) for j in rebuilt] == first


def test_render_as_dot_is_the_same_text(any_map: Path):
    journey = load_journeys(any_map)[0]
    assert render(journey, "dot") == to_dot(journey)


def _cluster_order(dot: str) -> list[str]:
    """The stages' clusters (a group's box is a cluster too, named cluster_group_ID)."""
    return re.findall(r"subgraph cluster_(?!group_)(\w+) \{", dot)


def test_one_cluster_per_stage_in_stage_order(any_map: Path):
    for journey in load_journeys(any_map):
        assert _cluster_order(to_dot(journey)) == [stage.id for stage in journey.stages]


def test_start_and_success_steps_look_different():
    journey = journeyspec.load(FIXTURES / "empty_stage.journey")[0]
    dot = to_dot(journey)
    start = re.search(r"^\s*one \[(.*)\]$", dot, re.M).group(1)
    success = re.search(r"^\s*two \[(.*)\]$", dot, re.M).group(1)
    assert "START" in start and 'fillcolor="#dbeafe"' in start
    assert "SUCCESS" in success and "peripheries=2" in success


def test_empty_stage_gets_a_placeholder_and_keeps_its_place():
    dot = to_dot(journeyspec.load(FIXTURES / "empty_stage.journey")[0])
    assert '"stage.middle.empty"' in dot and "no steps yet" in dot
    assert _cluster_order(dot) == ["first", "middle", "last"]
    # The placeholder is held between its neighbours like a step.
    assert '"stage.first.after" -> "stage.middle.empty"' in dot
    assert '"stage.middle.empty" -> "stage.middle.after"' in dot


def test_stage_emotion_is_a_colour_and_a_number():
    dot = to_dot(journeyspec.load(FIXTURES / "empty_stage.journey")[0])
    assert "emotion −3" in dot and 'bgcolor="#991b1b"' in dot
    assert "emotion +3" in dot


def test_loop_backs_do_not_constrain_the_layout():
    journey = journeyspec.load(Path(__file__).parents[2] / "maps" / "checkout.journey")[0]
    dot = to_dot(journey, layout="wide")  # one row: no edge runs between rows (those never constrain)
    # payment -> checkout is written reversed, arrow pointing back, so it ranks as a forward edge.
    assert re.search(r"^\s*checkout -> payment \[label=<.*<td>edits the address</td>.*> dir=back", dot, re.M)
    assert re.search(r"^\s*checkout -> payment \[penwidth=1.20\]$", dot, re.M)
    assert "constraint=false" not in dot


def test_hostile_text_never_reaches_dot_unescaped():
    journey = journeyspec.load(FIXTURES / "hostile.journey")[0]
    dot = to_dot(journey)
    assert "<script>" not in dot and "&lt;script&gt;" in dot
    assert "</td></tr></table> breaks" not in dot
    # Backslashes are followed by an invisible joiner, so Graphviz sees no \N, \G, \\ or \l escape.
    assert not re.search(r"\\[NGLlrn\\]", dot)
    assert "\\&#8288;N" in dot


def test_control_characters_and_newlines_are_flattened():
    journey = journeyspec.load(FIXTURES / "empty_stage.journey")[0]
    step = journey.steps[0].model_copy(update={"label": "two\nlines\tand a\x00nul\x1b"})
    stage = journey.stages[0].model_copy(update={"pains": (Note(text="pain\r\nwith CRLF"),)})
    odd = journey.model_copy(update={"steps": (step, *journey.steps[1:]), "stages": (stage, *journey.stages[1:])})
    dot = to_dot(odd)
    assert "two lines and anul" in dot and "pain with CRLF" in dot
    assert not re.search(r"[\x00-\x08\x0b-\x1f]", dot)
    for line in dot.splitlines():
        assert line.count("<") >= line.count("<br/>")  # every label stays on its own line


def test_long_labels_wrap():
    journey = journeyspec.load(FIXTURES / "long_labels.journey")[0]
    dot = to_dot(journey)
    label = re.search(r"book_a_demo \[label=<(.*)>\]", dot).group(1)
    assert label.count("<br/>") >= 3


def _checkout():
    return journeyspec.load(Path(__file__).parents[2] / "maps" / "checkout.journey")[0]


OVERLAY = GraphAnnotations(
    nodes={"payment": NodeAnnotation(lines=("reach 41.3%", "drop-off 12%"), badge="friction 8%")},
    edges={
        ("checkout", "payment"): EdgeAnnotation(label="1,204 · 41%", width=6.5),
        ("product", "search"): EdgeAnnotation(label="0", kind="unobserved"),
    },
    extra_nodes=(ExtraNode("exit", "(left the site)"),),
    extra_edges=(ExtraEdge("cart", "purchase", label="87 · 3%", width=2.0), ExtraEdge("payment", "exit", label="310")),
    caption=("4 rarer unexpected transitions not shown",),
)


def test_overlay_annotations_are_drawn(golden):
    dot = to_dot(_checkout(), OVERLAY, "wide")
    golden("overlay-hook.checkout.dot", dot)
    # Edge labels sit in a padded one-cell table (see graph._edge_label); compare what is inside.
    lines = {re.sub(r"<<table [^>]*><tr><td>(.*?)</td></tr></table>>", r"<\1>", line.strip()) for line in dot.splitlines()}
    # A wide line gets a broader arrowhead (0.7 would be lost in it).
    assert "checkout -> payment [label=<<b>1,204 · 41%</b>> arrowsize=1.52 penwidth=6.50]" in lines
    assert 'product -> search [label=<<b>0</b>> color="#94a3b8" fontcolor="#64748b" penwidth=1.20 style=dotted]' in lines
    assert (
        # Placed after the layout, clear of other labels (see graph._add_extras).
        'cart -> purchase [color="#dc2626" constraint=false fontcolor="#dc2626" penwidth=2.00 style=dashed xlabel=<87 · 3%>]'
        in lines
    )
    assert '"extra.exit"' in dot and "friction 8%" in dot and "rarer unexpected" in dot
    assert to_dot(_checkout(), OVERLAY, "wide") == dot


@pytest.mark.parametrize(
    ("annotations", "message"),
    [
        (GraphAnnotations(nodes={"nope": NodeAnnotation()}), "unknown step `nope`"),
        (GraphAnnotations(edges={("cart", "purchase"): EdgeAnnotation()}), "the design lacks: `cart -> purchase`"),
        (GraphAnnotations(extra_edges=(ExtraEdge("cart", "nowhere"),)), "unknown node `nowhere`"),
        (GraphAnnotations(extra_nodes=(ExtraNode("cart", "x"),)), "also a step id"),
    ],
)
def test_overlay_annotations_must_match_the_journey(annotations, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        to_dot(_checkout(), annotations)


def test_annotation_widths_are_clamped():
    notes = GraphAnnotations(edges={("checkout", "payment"): EdgeAnnotation(width=500)})
    assert re.search(r"checkout -> payment \[arrowsize=2.00 penwidth=12.00\]", to_dot(_checkout(), notes))


def test_stage_order_costs_few_invisible_edges():
    """Ordering stages must not tie every step to its neighbours' steps: dot slows to seconds on large maps."""
    from tests.render.mapgen import generated_map

    journey = journeyspec.parse(generated_map(200, stages=10)).journeys[0]
    dot = to_dot(journey)
    invisible = [line for line in dot.splitlines() if "->" in line and "style=invis" in line]
    # Within a stage's first rank, the title above its first step and the notes below it (flat: no chain
    # of virtual nodes); every other invisible edge runs between stages.
    flat = [line for line in invisible if ".title\"" in line or ".notes\"" in line]
    assert len(flat) <= 2 * len(journey.stages)
    assert len(invisible) - len(flat) <= 2 * len(journey.stages)


def test_designed_endings_are_drawn_as_outcomes_apart_from_success():
    dot = to_dot(journeyspec.load(FIXTURES / "endings.journey")[0])
    success = re.search(r"^\s*approved \[(.*)\]$", dot, re.MULTILINE).group(1)
    for step in ("declined", "cancelled"):
        ending = re.search(rf"^\s*{step} \[(.*)\]$", dot, re.MULTILINE).group(1)
        assert "<b>END</b>" in ending and "peripheries=2" in ending
        assert 'fillcolor="#f1f5f9"' in ending and 'color="#475569"' in ending
        assert "SUCCESS" not in ending and "#15803d" not in ending
    assert "SUCCESS" in success and 'color="#15803d"' in success
