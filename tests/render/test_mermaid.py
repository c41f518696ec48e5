"""Mermaid export: golden text, safe escaping, and the emotion-to-score mapping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeyspec
from journeyspec.render import RenderError, render
from journeyspec.render.mermaid import journey_score, mermaid_text, to_flowchart, to_journey_diagram
from tests.render.helpers import FIXTURES, golden_stem, load_journeys


def test_flowchart_matches_golden(any_map: Path, golden):
    for journey in load_journeys(any_map):
        golden(f"{golden_stem(any_map)}.{journey.id}.mmd", to_flowchart(journey))


def test_journey_diagram_matches_golden(any_map: Path, golden):
    for journey in load_journeys(any_map):
        golden(f"{golden_stem(any_map)}.{journey.id}.journey.mmd", to_journey_diagram(journey))


def test_render_picks_the_diagram():
    journey = journeyspec.load(FIXTURES / "empty_stage.journey")[0]
    assert render(journey, "mermaid").splitlines()[0] == "flowchart LR"
    assert render(journey, "mermaid", mermaid_journey=True).splitlines()[0] == "journey"
    with pytest.raises(RenderError):
        render(journey, "mermaid", "png")
    with pytest.raises(RenderError):
        render(journey, "dot", mermaid_journey=True)


def test_flowchart_has_a_subgraph_per_stage_and_every_edge(any_map: Path):
    for journey in load_journeys(any_map):
        text = to_flowchart(journey)
        assert re.findall(r"^  subgraph stage_(\w+)\[", text, re.M) == [s.id for s in journey.stages]
        # A flow into or out of a group of steps done in any order ends at the group's subgraph.
        edges = re.findall(r"^  (?:step|group)_(\w+) -->(?:\|\"[^\"]*\"\|)? (?:step|group)_(\w+)$", text, re.M)
        assert edges == [(e.source, e.target) for e in journey.edges]
        groups = re.findall(r"^    subgraph group_(\w+)\[", text, re.MULTILINE)
        assert groups == [g.id for stage in journey.stages for g in journey.groups if g.stage == stage.id]


@pytest.mark.parametrize(("score", "expected"), [(-3, 1), (-2, 1), (-1, 2), (0, 3), (1, 4), (2, 5), (3, 5), (None, 3)])
def test_emotion_maps_onto_mermaids_scale_keeping_minus_two_to_plus_two_apart(score, expected):
    assert journey_score(score) == expected


_SAFE_ASCII = re.compile(r"[A-Za-z0-9 .,'!?\-_/+()*=@$~^:%]|#\d+;")


@given(st.text())
def test_escaped_text_holds_no_mermaid_syntax(text):
    for journey in (False, True):
        escaped = mermaid_text(text, journey=journey)
        ascii_part = "".join(c for c in escaped if c.isascii())
        leftover = _SAFE_ASCII.sub("", ascii_part)
        assert leftover == ""
        assert "\n" not in escaped and '"' not in escaped and "ﬂ" not in escaped and "¶" not in escaped
        if journey:
            assert ":" not in escaped and "," not in escaped and ";" not in re.sub(r"#\d+;", "", escaped)


@given(st.text())
def test_escaping_round_trips_through_entity_codes(text):
    from journeyspec.render.text import clean

    escaped = mermaid_text(text, journey=True)
    assert re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), escaped) == clean(text)


def test_hostile_map_stays_inside_its_quotes():
    journey = journeyspec.load(FIXTURES / "hostile.journey")[0]
    text = to_flowchart(journey)
    for line in text.splitlines()[1:]:
        # Every label is one quoted string with no quote inside it.
        assert line.count('"') in (0, 2), line
    assert "<script>" not in text and "#60;script#62;" in text
    assert "step_subgraph" in text and "step_class" in text  # ids that are Mermaid keywords get a prefix
    diagram = to_journey_diagram(journey)
    for line in diagram.splitlines()[3:]:
        if not line.startswith("  section"):
            assert re.fullmatch(r"    [^:\n]+: [1-5](: [^:\n]+)?", line), line


def test_a_task_labelled_like_a_comment_stays_a_task():
    journey = journeyspec.parse(
        'journey j { stage s "%% stage" { step a "%% not a comment" { when e == "a" } '
        'step b "50% done" { when e == "b" } } start a success b flow a -> b }'
    ).journeys[0]
    diagram = to_journey_diagram(journey)
    tasks = [line for line in diagram.splitlines() if line.startswith("    ")]
    assert len(tasks) == 2 and not any(line.strip().startswith("%%") for line in tasks), diagram
    assert "#37;#37; not a comment: 3" in diagram


def test_designed_endings_are_double_circles_with_their_own_class():
    text = to_flowchart(load_journeys(FIXTURES / "endings.journey")[0])
    assert '    step_declined((("Application declined")))' in text.splitlines()
    assert '    step_approved[["Loan activated"]]' in text.splitlines()
    assert "  classDef ending fill:#f1f5f9,stroke:#475569,stroke-width:2px" in text
    assert "  class step_declined,step_cancelled ending" in text
