"""Designed endings in `check`: how paths end, and no drop-off figure counts a path that ended by design.

A loan log whose every figure is computed by hand (s submitted, r review, a approved,
d declined, c cancelled; `end declined, cancelled`; designed s -> r -> a, r -> d, s -> c, r -> c):

    4 x  s r a        success
    3 x  s r d        ended by design: declined
    2 x  s c          ended by design: cancelled
    2 x  s r          abandoned at review
    1 x  s            abandoned at submitted
    1 x  s r d r      declined, then went back to review: still ended by design (declined)
    1 x  s c r a      cancelled, then approved after all: success wins

    14 paths: success 5, declined 4, cancelled 2, abandoned 3
    dropoff at review: 11 paths reach it; 3 end there, one of them ended by design -> 2/11
      (without `end`, the same data gives 3/11)
    stages: apply (s, r) is touched by 14 paths, 3 abandoned in it -> 3/14 (without `end`: 4/14);
            decide (a, d, c) by 11 paths, none abandoned in it -> 0 (without `end`: 5/11)
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import journeyspec
from journeyspec.check.alignment import VariantTable
from journeyspec.check.endings import ended_by_design, outcomes
from journeyspec.check.overlay import overlay
from journeyspec.check.reports import report as render_report
from journeyspec.engine import reduce
from journeyspec.lang.frontend import compile_text

MAP = """\
journey loan "Loan" {
  value 100 EUR
  stage apply "Apply" {
    emotion +1 "hopeful"
    step submitted "Application submitted" {
      when event == "submitted"
    }
    step review "Review" {
      when event == "review"
    }
  }
  stage decide "Decide" {
    emotion +1 "relieved"
    step approved "Approved" {
      when event == "approved"
    }
    step declined "Application declined" {
      when event == "declined"
    }
    step cancelled "Cancelled by the customer" {
      when event == "cancelled"
    }
  }
  start submitted
  success approved
  end declined, cancelled
  flow submitted -> review -> approved
  flow review -> declined
  flow submitted -> cancelled
  flow review -> cancelled
  expect dropoff at review <= 50%
  expect reach declined <= 50%
  expect conversion submitted -> cancelled <= 50%
}
"""

NAMES = {"s": "submitted", "r": "review", "a": "approved", "d": "declined", "c": "cancelled"}
PATHS = [("sra", 4), ("srd", 3), ("sc", 2), ("sr", 2), ("s", 1), ("srdr", 1), ("scra", 1)]


def journey_of(text: str = MAP):
    result = compile_text(text, "loan.journey")
    assert result.ok, [d.message for d in result.diagnostics]
    return result.document.journeys[0]


def write_log(folder: Path, paths=PATHS, *, shuffle: int | None = None) -> str:
    lines = []
    number = 0
    for path, count in paths:
        for _ in range(count):
            number += 1
            lines += [f"p{number},2024-03-01T10:{minute:02d}:00,{NAMES[step]}" for minute, step in enumerate(path)]
    if shuffle is not None:
        random.Random(shuffle).shuffle(lines)
    out = folder / "loan.csv"
    out.write_text("session,time,event\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return str(out)


@pytest.fixture
def checked(tmp_path):
    return journeyspec.check(journey_of(), write_log(tmp_path)).journeys[0]


@pytest.fixture
def without_end(tmp_path):
    text = MAP.replace("  end declined, cancelled\n", "").replace("  expect reach declined <= 50%\n", "")
    return journeyspec.check(journey_of(text), write_log(tmp_path)).journeys[0]


def test_outcome_shares_by_hand(checked):
    found = [(o.kind, o.step, o.title, o.paths) for o in checked.outcomes]
    assert found == [
        ("success", None, "succeeded", 5),
        ("ending", "declined", "Application declined", 4),
        ("ending", "cancelled", "Cancelled by the customer", 2),
        ("abandoned", None, "abandoned", 3),
    ]
    assert sum(o.share for o in checked.outcomes) == pytest.approx(1.0)
    declined = checked.outcomes[1]
    assert declined.share == pytest.approx(4 / 14)
    assert (round(declined.interval.low, 4), round(declined.interval.high, 4)) == (0.1172, 0.5465)  # Wilson 4/14


def test_a_journey_without_end_has_success_and_abandoned_only(without_end):
    assert [(o.kind, o.paths) for o in without_end.outcomes] == [("success", 5), ("abandoned", 9)]


def test_dropoff_never_counts_a_path_that_ended_by_design(checked, without_end):
    review = next(e for e in checked.expectations if e.kind == "dropoff")
    assert (review.successes, review.population) == (2, 11)
    assert without_end.metric("dropoff", "review") == pytest.approx(3 / 11)
    assert checked.metric("dropoff", "review") == pytest.approx(2 / 11)


def test_step_table_drop_off(checked):
    assert checked.steps["review"].dropoff == pytest.approx(2 / 11)
    assert checked.steps["submitted"].dropoff == pytest.approx(1 / 14)
    assert checked.steps["declined"].dropoff is None and checked.steps["cancelled"].dropoff is None
    assert checked.steps["declined"].ended == 3  # the raw fact stays: paths whose last step it is


def test_reach_and_conversion_to_an_ending(checked):
    reach = next(e for e in checked.expectations if e.kind == "reach")
    conversion = next(e for e in checked.expectations if e.kind == "conversion")
    assert (reach.successes, reach.population) == (4, 14)
    assert (conversion.successes, conversion.population) == (3, 14)


def test_fix_first_has_no_gap_at_or_around_an_ending(checked, without_end, tmp_path):
    gaps = [(i.kind, i.step or i.transition) for i in checked.impact]
    assert gaps == [("dropoff", "review"), ("dropoff", "submitted")]
    # 8 and 13 paths went on past review and submitted: fewer than the default 30 minimum paths, so no rate.
    assert [(i.sessions, i.reference_paths, i.too_few_paths) for i in checked.impact] == [(2, 8, True), (1, 13, True)]
    figured = journeyspec.check(journey_of(), write_log(tmp_path), min_paths=1).journeys[0]
    assert [(i.kind, i.step or i.transition) for i in figured.impact] == gaps
    review = figured.impact[0]
    assert review.sessions == 2
    assert review.reference_rate == pytest.approx(5 / 8)  # of the 8 paths that went on past review, 5 succeeded
    assert review.lost_successes == pytest.approx(2 * 5 / 8)
    # Without `end`, the endings are drop-offs, and the transition out of `declined` a deviation.
    before = {(i.kind, i.step or i.transition) for i in without_end.impact}
    assert {("dropoff", "declined"), ("dropoff", "cancelled"), ("deviation", ("declined", "review"))} <= before


def test_stage_drop_off_leaves_out_paths_that_ended_by_design(checked, without_end):
    assert {s.stage: s.dropoff for s in checked.stages} == {"apply": pytest.approx(3 / 14), "decide": 0.0}
    assert {s.stage: s.dropoff for s in without_end.stages} == {"apply": pytest.approx(4 / 14),
                                                                 "decide": pytest.approx(5 / 11)}


def test_reports_show_the_outcomes(checked, tmp_path):
    result = journeyspec.check(journey_of(), write_log(tmp_path))
    text = render_report(result, "text")
    assert "outcomes: 35.7% succeeded · 28.6% Application declined · 14.3% Cancelled by the customer · 21.4% abandoned" in text
    assert "outcomes: 35.7% succeeded" in render_report(result, "markdown")
    data = json.loads(render_report(result, "json"))
    assert [o["paths"] for o in data["journeys"][0]["outcomes"]] == [5, 4, 2, 3]


def test_reports_of_a_journey_without_end_have_no_outcomes_line(tmp_path):
    text = MAP.replace("  end declined, cancelled\n", "").replace("  expect reach declined <= 50%\n", "")
    result = journeyspec.check(journey_of(text), write_log(tmp_path))
    assert "outcomes:" not in render_report(result, "text")
    assert "outcomes:" not in render_report(result, "markdown")


def test_overlay_draws_endings_as_outcomes(tmp_path):
    journey = journey_of()
    notes = overlay(journey, reduce(journey, write_log(tmp_path)))
    assert notes.nodes["declined"].lines == ("4 · reach 28.6%", "ended here 28.6%")
    assert notes.nodes["cancelled"].lines == ("3 · reach 21.4%", "ended here 14.3%")
    assert notes.nodes["review"].lines == ("11 · reach 78.6%", "drop-off 18.2%")
    assert ("ended by design: 28.6% Application declined · 14.3% Cancelled by the customer; abandoned: 21.4%"
            in notes.caption)


def test_outcomes_do_not_depend_on_row_order(tmp_path):
    journey = journey_of()
    first = journeyspec.check(journey, write_log(tmp_path)).journeys[0].outcomes
    (tmp_path / "shuffled").mkdir()
    again = journeyspec.check(journey, write_log(tmp_path / "shuffled", shuffle=7)).journeys[0].outcomes
    assert first == again


# --- against an independent rule, on random paths ----------------------------------------------


def reference_outcome(path: tuple[str, ...], success: set[str], endings: tuple[str, ...]) -> str:
    """spec/metrics.md's rule, written plainly: success wins; else the last ending visited; else abandoned."""
    if any(step in success for step in path):
        return "success"
    visited = [step for step in path if step in endings]
    return visited[-1] if visited else "abandoned"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(sorted(NAMES.values())), min_size=1, max_size=7),
                          st.integers(1, 5)), min_size=1, max_size=12))
def test_outcomes_match_the_plain_rule(drawn):
    journey = journey_of()
    merged: dict[tuple[str, ...], int] = {}
    for path, count in drawn:
        merged[tuple(path)] = merged.get(tuple(path), 0) + count
    paths, counts = list(merged), list(merged.values())
    success = [count if "approved" in path else 0 for path, count in zip(paths, counts)]
    table = VariantTable.from_paths(paths, counts, success, journey.step_ids)
    expected: dict[str, int] = {}
    for path, count in merged.items():
        outcome = reference_outcome(path, {"approved"}, journey.endings)
        expected[outcome] = expected.get(outcome, 0) + count
    found = {(o.step or o.kind): o.paths for o in outcomes(table, journey) if o.paths}
    assert found == expected
    by_design = ended_by_design(table, journey)
    assert [bool(x) for x in by_design] == [reference_outcome(p, {"approved"}, journey.endings) in journey.endings
                                            for p in paths]
