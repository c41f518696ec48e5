"""`end`: designed endings in the language, from text to IR, and how they change the design checks."""

from __future__ import annotations

from journeyspec.ir.canonical import to_data
from journeyspec.lang.formatter import format_text
from journeyspec.lang.frontend import compile_text

LOAN = """\
journey loan "Loan application" {
  stage apply "Apply" {
    step submitted "Application submitted" {
      when event == "submitted"
    }
    step review "Review" {
      when event == "review"
    }
  }
  stage decide "Decide" {
    step approved "Approved" {
      when event == "approved"
    }
    step declined "Declined" {
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
  expect reach declined <= 40%
  expect conversion review -> declined <= 30%
}
"""


def codes(text: str) -> list[tuple[str, int]]:
    return [(d.code, d.span.line) for d in compile_text(text, "m.journey").diagnostics]


def test_endings_compile_in_written_order_and_are_outcomes():
    journey = compile_text(LOAN, "m.journey").document.journeys[0]
    assert journey.endings == ("declined", "cancelled")
    assert journey.outcomes == {"approved", "declined", "cancelled"}
    assert to_data(journey)["endings"] == ["declined", "cancelled"]


def test_reach_and_conversion_to_an_ending_are_ordinary_metrics():
    journey = compile_text(LOAN, "m.journey").document.journeys[0]
    assert [e.metric.kind for e in journey.expectations] == ["reach", "conversion"]


def test_a_clean_map_with_endings_has_no_diagnostic():
    assert codes(LOAN) == []


def test_without_end_the_same_steps_are_dead_ends():
    text = LOAN.replace("  end declined, cancelled\n", "")
    assert codes(text) == [("JS205", 14), ("JS205", 17)]  # declined, cancelled


def test_a_step_whose_paths_all_lead_to_an_ending_is_no_dead_end():
    text = LOAN.replace("  flow review -> declined\n", "  flow review -> scoring -> declined\n").replace(
        '    step declined "Declined" {',
        '    step scoring "Automatic scoring" {\n      when event == "scored"\n    }\n    step declined "Declined" {',
    )
    assert codes(text) == []


def test_a_real_dead_end_beside_endings_is_still_reported_and_names_both_outcomes():
    text = LOAN.replace("  flow submitted -> cancelled\n", "  flow submitted -> cancelled\n  flow review -> help\n").replace(
        '    step cancelled "Cancelled by the customer" {',
        '    step help "Read the help" {\n      when event == "help"\n    }\n    step cancelled "Cancelled by the customer" {',
    )
    (found,) = compile_text(text, "m.journey").diagnostics
    assert found.code == "JS205"
    assert found.message == "no success step or designed ending can be reached from step `help`"
    assert "end help" in found.help


def test_end_statements_join_and_keep_the_first_mention():
    text = LOAN.replace("  end declined, cancelled\n", "  end cancelled\n  end declined\n")
    assert compile_text(text, "m.journey").document.journeys[0].endings == ("cancelled", "declined")


def test_formatting_keeps_end_as_written():
    messy = LOAN.replace("  end declined, cancelled\n", "  end   declined ,\n    cancelled  # both by design\n")
    formatted = format_text(messy)
    assert "  end declined, cancelled  # both by design\n" in formatted
    assert format_text(formatted) == formatted


def test_end_is_still_usable_as_a_step_id():
    text = LOAN.replace("cancelled", "end")
    journey = compile_text(text, "m.journey").document.journeys[0]
    assert journey.endings == ("declined", "end")


def test_misplaced_end_says_where_it_belongs():
    text = LOAN.replace('      when event == "review"\n', '      when event == "review"\n      end declined\n')
    (found,) = [d for d in compile_text(text, "m.journey").diagnostics if d.is_error]
    assert found.code in ("JS107", "JS113"), found
    assert "`end`" in found.message + (found.help or "")


GROUPED = """\
journey loan "Loan application" {
  stage apply "Apply" {
    step submitted { when event == "submitted" }
    step identity { when event == "identity" }
    step income { when event == "income" }
    group checks "Checks" all of identity, income
  }
  stage decide "Decide" {
    step approved { when event == "approved" }
    step declined { when event == "declined" }
  }
  start submitted
  success approved
  end declined
  flow submitted -> approved
  flow submitted -> checks -> declined
}
"""


def test_a_group_whose_paths_all_lead_to_an_ending_is_no_dead_end():
    assert codes(GROUPED) == []
    (found,) = compile_text(GROUPED.replace("  end declined\n", ""), "m.journey").diagnostics[:1]
    assert (found.code, found.message) == ("JS205", "no success step can be reached from group `checks`")


def test_an_ending_inside_a_group_makes_the_group_an_outcome():
    text = GROUPED.replace("  flow submitted -> checks -> declined\n", "  flow submitted -> checks\n").replace(
        "  end declined\n", "  end income\n")
    assert codes(text) == [("JS204", 10)]  # only `declined`, now out of every flow; `checks` is no dead end
