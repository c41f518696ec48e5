"""Life after success: steps a success leads to are valid, and JS205 keeps finding real dead ends."""

from __future__ import annotations

from journeyspec.lang.frontend import compile_text

STAY = """\
journey stay "Stay" {
  stage book "Book" {
    step search "Search" {
      when event == "search"
    }
    step booked "Booked" {
      when event == "booked"
    }
    step help "Help page" {
      when event == "help"
    }
  }
  stage after "After" {
    step review "Review" {
      when event == "review"
    }
    step loyalty "Loyalty points" {
      when event == "loyalty"
    }
  }
  start search
  success booked
  flow search -> booked -> review -> loyalty
  flow search -> help
}
"""


def codes(text: str) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in compile_text(text, "m.journey").diagnostics]


def test_steps_after_a_success_are_not_dead_ends_but_a_real_dead_end_still_is():
    assert codes(STAY) == [("JS205", "no success step can be reached from step `help`")]


def test_a_loop_and_a_branch_after_success_are_still_fine():
    text = STAY.replace("  flow search -> help\n", "  flow booked -> help\n  flow loyalty -> review\n")
    assert codes(text) == []


def test_without_the_flow_from_success_the_step_is_a_dead_end_again():
    text = STAY.replace("flow search -> booked -> review -> loyalty", "flow search -> booked\n  flow review -> loyalty")
    found = [code for code, _ in codes(text)]
    assert "JS204" in found  # review is no longer reached from a start step: the graph says so first
