"""The journey-map canvas, checked on the SVG's own coordinates.

Text extents are estimated here independently of the renderer, conservatively:
each character is 0.6 (regular) or 0.65 (bold) of the font size wide, twice
that for wide East Asian characters, and a line spans from one font size above
its baseline to 0.3 below.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

import journeyspec
from journeyspec.ir.journey import Journey
from journeyspec.render import render
from journeyspec.render.canvas import to_canvas_svg
from tests.render.helpers import FIXTURES, ROOT, load_journeys
from tests.render.mapgen import generated_map

SVG = "{http://www.w3.org/2000/svg}"
LANES = {"steps", "touchpoints", "emotion", "pains", "opportunities"}
# Drawn only when a stage or step of the map writes in them.
OPTIONAL_LANES = ("thoughts", "quotes", "frontstage", "backstage", "support")


def _lanes_used(journey: Journey) -> set[str]:
    return {
        lane
        for lane in OPTIONAL_LANES
        for element in (*journey.stages, *journey.steps)
        if getattr(element, lane, ())
    }


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def inside(self, other: Box, slack: float = 0.5) -> bool:
        return (
            self.left >= other.left - slack
            and self.right <= other.right + slack
            and self.top >= other.top - slack
            and self.bottom <= other.bottom + slack
        )

    def overlaps(self, other: Box) -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom


def _units(text: str) -> float:
    return sum(2.0 if unicodedata.east_asian_width(c) in "WF" else 0.0 if unicodedata.combining(c) else 1.0 for c in text)


def text_box(element: ET.Element, down: float = 0.0) -> Box:
    size = float(element.get("font-size"))
    factor = 0.65 if element.get("font-weight") == "bold" else 0.6
    width = _units(element.text or "") * size * factor
    x, y = float(element.get("x")), float(element.get("y")) + down
    anchor = element.get("text-anchor", "start")
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(left, y - size, left + width, y + 0.3 * size)


def rect_box(element: ET.Element, down: float = 0.0) -> Box:
    x, y = float(element.get("x")), float(element.get("y")) + down
    return Box(x, y, x + float(element.get("width")), y + float(element.get("height")))


def _down(element: ET.Element, parents: dict) -> float:
    """How far the rows of a wrapped canvas move ``element`` down (``translate(0,y)`` on a row's group)."""
    total = 0.0
    while element is not None:
        moved = re.fullmatch(r"translate\(0,([0-9.]+)\)", element.get("transform") or "")
        total += float(moved.group(1)) if moved else 0.0
        element = parents.get(element)
    return total


class Canvas:
    """The parsed SVG with each text's own box (the first rect of its nearest group that has one)."""

    def __init__(self, svg: str):
        self.svg = svg
        self.root = ET.fromstring(svg.encode("utf-8"))
        parents = {child: parent for parent in self.root.iter() for child in parent}
        self.texts: list[tuple[ET.Element, Box, Box]] = []
        for text in self.root.iter(f"{SVG}text"):
            node = parents[text]
            while node is not None and node.find(f"{SVG}rect") is None:
                node = parents.get(node)
            assert node is not None and node.tag == f"{SVG}g", f"text {text.text!r} has no box"
            down = _down(text, parents)
            self.texts.append((text, text_box(text, down), rect_box(node.find(f"{SVG}rect"), down)))
        self.width = float(self.root.get("width"))
        self.height = float(self.root.get("height"))

    def groups(self, cls: str) -> list[ET.Element]:
        return [g for g in self.root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]

    def all_text(self) -> str:
        return "\n".join(t.text or "" for t, _, _ in self.texts)


def check_canvas(journey: Journey) -> Canvas:
    canvas = Canvas(to_canvas_svg(journey))
    # A stage too long for one row continues on the next, under its own header again.
    shown = [g.get("data-stage") for g in canvas.groups("stage")]
    assert [stage for stage, _ in itertools.groupby(shown)] == [s.id for s in journey.stages]
    assert [g.get("data-step") for g in canvas.groups("step")] == [
        step_id for stage in journey.stages for step_id in stage.steps
    ]
    assert {g.get("data-lane") for g in canvas.groups("lane")} == LANES | _lanes_used(journey)
    for lane in canvas.groups("lane"):
        assert lane.find(f"{SVG}text") is not None, f"lane {lane.get('data-lane')} has no title"
    page = Box(0, 0, canvas.width, canvas.height)
    for text, box, own in canvas.texts:
        assert box.inside(own), f"text {text.text!r} {box} spills out of its box {own}"
        assert box.inside(page)
    for (a, box_a, _), (b, box_b, _) in itertools.combinations(canvas.texts, 2):
        assert not box_a.overlaps(box_b), f"texts {a.text!r} and {b.text!r} overlap"
    return canvas


@pytest.mark.parametrize(
    "path", sorted((ROOT / "maps").glob("*.journey")) + sorted(FIXTURES.glob("*.journey")), ids=lambda p: p.stem
)
def test_every_map_draws_a_clean_canvas(path: Path):
    for journey in load_journeys(path):
        canvas = check_canvas(journey)
        for stage in journey.stages:
            assert any(stage.title[:8] in t.text for t, _, _ in canvas.texts if t.text)


@pytest.mark.parametrize("steps", [2, 3, 7, 12, 30])
def test_generated_maps_fit_without_overlap(steps: int):
    journey = journeyspec.parse(generated_map(steps)).journeys[0]
    assert len(journey.steps) == steps
    check_canvas(journey)


def test_thirty_steps_over_one_stage():
    check_canvas(journeyspec.parse(generated_map(30, stages=1)).journeys[0])


def test_canvas_is_deterministic():
    journey = journeyspec.parse(generated_map(12)).journeys[0]
    assert to_canvas_svg(journey) == to_canvas_svg(journeyspec.parse(generated_map(12)).journeys[0])


def test_header_shows_persona_and_goal():
    journey = journeyspec.load(ROOT / "maps" / "checkout.journey")[0]
    text = Canvas(to_canvas_svg(journey)).all_text()
    assert "PERSONA" in text and "First-time mobile shopper" in text
    assert "GOAL" in text and "Reduce mobile cart abandonment by 20%" in text


def test_emotion_curve_passes_every_designed_emotion():
    journey = journeyspec.load(ROOT / "maps" / "checkout.journey")[0]
    canvas = Canvas(to_canvas_svg(journey, "wide"))  # one row: one emotion lane
    dots = [c for g in canvas.groups("emotion-curve") for c in g.iter(f"{SVG}circle")]
    assert len(dots) == len(journey.steps)  # every step has its own or its stage's emotion
    labels = canvas.all_text()
    assert "+2 relieved" in labels and "−1 anxious" in labels and "+1 curious" in labels
    heights = sorted({float(d.get("cy")) for d in dots})
    assert len(heights) == 4  # +2, +1, 0, −1


def test_hostile_text_is_escaped_not_interpreted():
    journey = journeyspec.load(FIXTURES / "hostile.journey")[0]
    svg = to_canvas_svg(journey)
    canvas = Canvas(svg)  # parses: nothing broke the XML
    assert canvas.root.find(f".//{SVG}script") is None and "<script>" not in svg and "<tspan>" not in svg
    text = canvas.all_text()
    assert "<script>alert('x')</script>" in text and "<![CDATA[ x ]]>" in text
    assert "back\\\\slashes" in text


def test_control_characters_never_reach_the_svg():
    journey = journeyspec.load(FIXTURES / "empty_stage.journey")[0]
    step = journey.steps[0].model_copy(update={"label": "bell\x07 and\nnewline\x00"})
    svg = to_canvas_svg(journey.model_copy(update={"steps": (step, *journey.steps[1:])}))
    assert "bell and newline" in Canvas(svg).all_text()


@pytest.mark.graphviz
@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_canvas_converts_to_pictures(fmt: str, magic: bytes):
    journey = journeyspec.load(ROOT / "maps" / "checkout.journey")[0]
    assert render(journey, "canvas", fmt).startswith(magic)


def test_designed_endings_have_a_double_frame_and_their_text_stays_inside_it():
    journey = load_journeys(FIXTURES / "endings.journey")[0]
    canvas = check_canvas(journey)
    endings = canvas.groups("ending")
    assert [g.get("data-step") for g in endings] == ["declined", "cancelled"]
    for group in endings:
        outer, inner = (rect_box(r) for r in group.findall(f"{SVG}rect")[:2])
        assert inner.inside(outer) and inner.left > outer.left and inner.bottom < outer.bottom
        assert all(r.get("stroke") == "#475569" for r in group.findall(f"{SVG}rect")[:2])
        texts = group.findall(f"{SVG}text")
        assert texts[0].text == "END" and texts[0].get("fill") == "#475569"
        for text in texts:
            assert text_box(text).inside(inner), text.text
    success = next(g for g in canvas.groups("step") if g.get("data-step") == "approved")
    assert "ending" not in success.get("class") and success.find(f"{SVG}text").text == "SUCCESS"
    assert "END marks a designed ending" in canvas.all_text().replace("\n", " ")


def _curve_ends(canvas: Canvas) -> list[tuple[float, float]]:
    """Each piece of the emotion curve as (first x, last x)."""
    ends = []
    for path in (p for g in canvas.groups("emotion-curve") for p in g.iter(f"{SVG}path")):
        numbers = [float(n) for n in re.findall(r"-?[0-9.]+", path.get("d"))]
        ends.append((numbers[0], numbers[-2]))
    return ends


def test_emotion_curve_never_runs_from_a_success_into_an_ending_it_does_not_lead_to():
    from journeyspec.render.canvas_layout import layout

    journey = load_journeys(FIXTURES / "endings.journey")[0]
    centers = {slot.step.id: slot.center for column in layout(journey).columns for slot in column.slots}
    canvas = Canvas(to_canvas_svg(journey, "wide"))
    # submitted -> review -> approved is designed; approved (success) and declined (ending) sit side by
    # side with no edge between them, so the curve stops at approved and declined is a dot of its own.
    assert _curve_ends(canvas) == [(centers["submitted"], centers["approved"])]
    dots = [float(c.get("cx")) for g in canvas.groups("emotion-curve") for c in g.iter(f"{SVG}circle")]
    assert centers["declined"] in dots


def test_emotion_curve_joins_steps_the_design_joins():
    from journeyspec.render.canvas_layout import layout

    journey = journeyspec.load(ROOT / "maps" / "checkout.journey")[0]
    x = {slot.step.id: slot.center for column in layout(journey).columns for slot in column.slots}
    # product <-> search is designed, search -> add_to_cart is not (search leads back to product);
    # add_to_cart -> cart -> help_home is designed, help_home -> checkout is not (the help centre is
    # a side trip back to the cart); checkout -> payment -> purchase is one designed sequence.
    assert _curve_ends(Canvas(to_canvas_svg(journey, "wide"))) == [(x["product"], x["search"]),
                                                                   (x["add_to_cart"], x["help_home"]),
                                                                   (x["checkout"], x["purchase"])]


def test_long_canvas_wraps_into_rows_each_with_its_own_curve():
    journey = journeyspec.parse(generated_map(30)).journeys[0]
    svg = to_canvas_svg(journey)
    canvas = check_canvas(journey)
    rows = canvas.groups("row")
    assert len(rows) >= 3 and canvas.width <= 1350
    assert svg.count('class="header"') == 1 and svg.count('class="footer"') == 1
    for row in rows:  # no curve crosses from one row into the next
        assert len(list(row.iter(f"{SVG}path"))) >= 1
    assert to_canvas_svg(journey, "wide").count('class="row"') == 0


def test_a_stage_longer_than_a_row_continues_on_the_next():
    journey = journeyspec.parse(generated_map(30, stages=1)).journeys[0]
    text = check_canvas(journey).all_text()
    assert "(continued)" in text
    with pytest.raises(ValueError, match="stages as columns"):
        to_canvas_svg(journey, "tall")


def test_lanes_of_notes_appear_only_when_the_map_writes_in_them():
    journey = journeyspec.load(FIXTURES / "lanes.journey")[0]
    canvas = check_canvas(journey)
    order = [g.get("data-lane") for g in canvas.groups("lane")]
    assert order == ["steps", "touchpoints", "emotion", "thoughts", "quotes", "pains", "opportunities",
                     "frontstage", "backstage", "support"]
    # The same map without any thought: no Thinking lane at all.
    text = (FIXTURES / "lanes.journey").read_text(encoding="utf-8")
    bare = "\n".join(line for line in text.splitlines() if "thought " not in line)
    assert "thoughts" not in {g.get("data-lane") for g in Canvas(to_canvas_svg(journeyspec.parse(bare).journeys[0])).groups("lane")}


def test_a_step_s_notes_sit_under_its_step_and_a_stage_s_across_its_column():
    journey = journeyspec.load(FIXTURES / "lanes.journey")[0]
    canvas = Canvas(to_canvas_svg(journey))
    steps = {g.get("data-step"): rect_box(g.find(f"{SVG}rect")) for g in canvas.groups("step")}
    stages = {g.get("data-stage"): rect_box(g.find(f"{SVG}rect")) for g in canvas.groups("stage")}
    notes = [(g, rect_box(g.find(f"{SVG}rect"))) for g in canvas.groups("note")]
    texts = {" ".join(t.text or "" for t in g.iter(f"{SVG}text")): g for g, _ in notes}
    assert set(texts) >= {"Is this site safe?", "Payment provider checks the card", "Where should we go?"}, set(texts)
    for group, box in notes:
        owner = group.get("data-step")
        column = steps[owner] if owner else stages[group.get("data-stage")]
        assert column.left - 8 <= box.left and box.right <= column.right + 8, (group.get("class"), owner)
    # Two backstage notes of one step stack, the second under the first.
    pay = [box for g, box in notes if g.get("data-step") == "pay" and "backstage" in g.get("class")]
    assert len(pay) == 2 and pay[0].bottom < pay[1].top


def test_the_line_of_visibility_runs_between_frontstage_and_backstage():
    journey = journeyspec.load(FIXTURES / "lanes.journey")[0]
    canvas = Canvas(to_canvas_svg(journey))
    lanes = {g.get("data-lane"): rect_box(g.find(f"{SVG}rect")) for g in canvas.groups("lane")}
    (line,) = [g.find(f"{SVG}path") for g in canvas.groups("visibility")]
    x1, y1, x2, y2 = map(float, re.fullmatch(r"M([0-9.]+),([0-9.]+) L([0-9.]+),([0-9.]+)", line.get("d")).groups())
    assert y1 == y2 == lanes["backstage"].top == pytest.approx(lanes["frontstage"].bottom)
    assert (x1, x2) == (lanes["backstage"].left, lanes["backstage"].right)
    assert "line of visibility" in canvas.all_text()
    # No blueprint below the line, no line.
    plain = journeyspec.load(ROOT / "maps" / "checkout.journey")[0]
    assert Canvas(to_canvas_svg(plain)).groups("visibility") == []


def test_moments_of_truth_and_icons_are_drawn_on_their_steps():
    journey = journeyspec.load(FIXTURES / "lanes.journey")[0]
    canvas = Canvas(to_canvas_svg(journey))
    marked = {g.get("data-step") for g in canvas.groups("step")
              if "MOMENT OF TRUTH" in [t.text for t in g.iter(f"{SVG}text")]}
    assert marked == {"pay", "done"}
    drawn = {g.get("data-step"): [i.get("data-icon") for i in g.iter(f"{SVG}g") if i.get("class") == "icon"]
             for g in canvas.groups("step")}
    assert drawn == {"find": ["search"], "view": ["hotel"], "pay": ["credit-card"], "done": ["circle-check"]}
    # The icon stays inside its card, clear of the card's text.
    for group in canvas.groups("step"):
        card = rect_box(group.find(f"{SVG}rect"))
        icon = next(i for i in group.iter(f"{SVG}g") if i.get("class") == "icon")
        x, y = map(float, re.match(r"translate\(([0-9.]+),([0-9.]+)\)", icon.get("transform")).groups())
        icon_box = Box(x, y, x + 18, y + 18)
        assert icon_box.inside(card)
        for text in group.iter(f"{SVG}text"):
            assert not text_box(text).overlaps(icon_box), text.text


def test_the_canvas_can_leave_the_ids_out():
    journey = journeyspec.load(ROOT / "maps" / "checkout.journey")[0]
    shown = Canvas(to_canvas_svg(journey))
    hidden = Canvas(to_canvas_svg(journey, ids=False))
    ids = {step.id for step in journey.steps if step.id != step.title}
    texts = [t.text for t, _, _ in shown.texts]
    assert ids <= set(texts) and any("journey id checkout" in t for t in texts)
    left = [t.text for t, _, _ in hidden.texts]
    assert not ids & set(left) and not any("journey id" in t for t in left)
    # Everything else is still drawn, and still fits its box.
    drawn = " ".join(left)  # a long title wraps onto lines drawn one after the other
    assert all(step.title in drawn for step in journey.steps)
    for text, box, own in hidden.texts:
        assert box.inside(own), text.text
    from journeyspec.render.errors import RenderError

    with pytest.raises(RenderError, match="canvas only"):
        render(journey, "graph", ids=False)


def test_one_emotion_curve_per_persona_with_a_legend():
    journey = journeyspec.load(FIXTURES / "personas.journey")[0]
    canvas = check_canvas(journey)
    curves = {g.get("data-persona"): g for g in canvas.groups("persona")}
    assert set(curves) == {"bea", "femi"}
    legend = [t.text for g in canvas.groups("emotion-legend") for t in g.iter(f"{SVG}text")]
    assert legend == ["Everyone", "Bea", "Femi"]
    lane = next(rect_box(g.find(f"{SVG}rect")) for g in canvas.groups("lane") if g.get("data-lane") == "emotion")

    def score(y: float) -> float:  # the lane's scale, read back: +3 at 34 below its top, 24 a score
        return 3 - (y - lane.top - 34) / 24

    # Bea's dots, slot by slot: her own -1 at find; everyone's +1 at view (nothing of hers there);
    # her stage's -2 at pay. Femi: his stage's +2 at find, his own 0 at view, everyone's -1 at pay.
    for persona, wanted in (("bea", [-1, 1, -2]), ("femi", [2, 0, -1])):
        dots = sorted(curves[persona].iter(f"{SVG}circle"), key=lambda c: float(c.get("cx")))
        assert [round(score(float(c.get("cy"))), 3) for c in dots] == wanted, persona
    # A map without personas' emotions has one curve and no legend.
    plain = Canvas(to_canvas_svg(journeyspec.load(ROOT / "maps" / "checkout.journey")[0]))
    assert plain.groups("persona") == [] and plain.groups("emotion-legend") == []
