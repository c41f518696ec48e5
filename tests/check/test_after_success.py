"""Life after success in `check`: a path that goes on after success still succeeded, and the steps after
success are measured like any step (spec/metrics.md, "Outcomes", "Life after success").

By hand: design search -> booked -> review, success booked;
    3 x  search booked review    succeeded
    5 x  search booked           succeeded
    2 x  search                  abandoned
    success 8/10; conversion booked -> review 3/8; reach review 3/10.
"""

from __future__ import annotations

import pytest

import journeyspec
from journeyspec.lang.frontend import compile_text

MAP = """\
journey stay "Stay" {
  stage book "Book" {
    step search "Search" {
      when event == "search"
    }
    step booked "Booked" {
      when event == "booked"
    }
  }
  stage after "After" {
    step review "Review" {
      when event == "review"
    }
  }
  start search
  success booked
  flow search -> booked -> review
  expect conversion booked -> review >= 30% point estimate
  expect reach review >= 30% point estimate
}
"""

PATHS = [(["search", "booked", "review"], 3), (["search", "booked"], 5), (["search"], 2)]


def test_after_success_paths_succeed_and_later_steps_are_measured(tmp_path):
    result = compile_text(MAP, "stay.journey")
    assert result.diagnostics == ()
    lines, number = [], 0
    for path, count in PATHS:
        for _ in range(count):
            number += 1
            lines += [f"p{number},2024-03-01T10:{minute:02d}:00,{step}" for minute, step in enumerate(path)]
    log = tmp_path / "stay.csv"
    log.write_text("session,time,event\n" + "\n".join(lines) + "\n", encoding="utf-8")
    checked = journeyspec.check(result.document.journeys[0], str(log)).journeys[0]
    assert [(o.kind, o.paths) for o in checked.outcomes] == [("success", 8), ("abandoned", 2)]
    conversion, reach = checked.expectations
    assert (conversion.successes, conversion.population, conversion.status) == (3, 8, "pass")
    assert (reach.successes, reach.population, reach.status) == (3, 10, "pass")
    assert checked.metric("conversion", "booked", "review") == pytest.approx(3 / 8)
