"""Design-first maps checked against data: a step without `when` is "not instrumented yet", never a silent 0.

By hand: design search -> compare -> booked, compare has no `when`; paths
`search booked` x3 and `search` x1. `reach booked` = 3/4 is judged; every
expectation on `compare`, and conformance (every path skips `compare`), is
skipped with the reason. The pytest plugin skips an item with its result's reason
(journeyspec/testing/nodes.py; tests/testing/test_plugin.py runs a skipped item).
"""

from __future__ import annotations

import json

import pytest

import journeyspec
from journeyspec.check.reports import report
from journeyspec.lang.frontend import compile_text

MAP = """\
journey hotel "Book a hotel" {
  stage book "Book" {
    step search "Search" {
      when event == "search"
    }
    step compare "Compare hotels"
    step booked "Booked" {
      when event == "booked"
    }
  }
  start search
  success booked
  flow search -> compare -> booked
  expect sessions >= 2
  expect reach booked >= 50% point estimate
  expect reach compare >= 50%
  expect conversion compare -> booked >= 10%
  expect conformance >= 50%
}
"""


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    result = compile_text(MAP, "hotel.journey")
    assert result.diagnostics == ()  # design-first: no JS216 unless the project requires events
    log = tmp_path_factory.mktemp("log") / "hotel.csv"
    rows = [f"p{n},2024-03-01T10:0{i}:00,{event}" for n, path in enumerate([["search", "booked"]] * 3 + [["search"]])
            for i, event in enumerate(path)]
    log.write_text("session,time,event\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return journeyspec.check(result.document.journeys[0], str(log))


def test_expectations_on_uninstrumented_steps_are_skipped_with_the_reason(checked):
    found = {e.text: (e.status, e.value, e.reason) for e in checked.journeys[0].expectations}
    assert found["sessions >= 2"][:2] == ("pass", 4)
    assert found["reach booked >= 50% point estimate"][:2] == ("pass", 0.75)
    for text in ("reach compare >= 50%", "conversion compare -> booked >= 10%"):
        status, value, reason = found[text]
        assert (status, value) == ("skipped", None)
        assert reason.startswith("not instrumented yet: `compare` has no `when`")
    status, value, reason = found["conformance >= 50%"]
    assert (status, value) == ("skipped", None)
    assert "would count every path through it as a deviation" in reason


def test_the_step_has_no_figures_and_the_journey_warns(checked):
    journey = checked.journeys[0]
    compare = journey.steps["compare"]
    assert (compare.instrumented, compare.reach, compare.dropoff, compare.friction) == (False, None, None, None)
    assert journey.steps["booked"].instrumented and journey.steps["booked"].reach == pytest.approx(0.75)
    assert any(w.startswith("not instrumented yet: 1 step (`compare`) has no `when`") for w in journey.warnings)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "junit"])
def test_every_report_says_not_instrumented_yet(checked, fmt):
    text = report(checked, fmt)
    assert "not instrumented yet" in text
    if fmt == "json":
        data = json.loads(text)
        assert data["journeys"][0]["steps"]["compare"]["instrumented"] is False
