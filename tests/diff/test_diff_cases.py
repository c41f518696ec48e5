"""Every kind of change comes from a golden pair of maps, printed as text, JSON and Markdown."""

from __future__ import annotations

import pytest

from journeyspec.diff.changes import CHANGE_KINDS
from journeyspec.diff.formats import to_json, to_markdown, to_text
from tests.diff.helpers import CASES, case_changes

ALL_CASES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def test_there_is_a_case_for_every_kind_of_change():
    missing = [kind for kind in CHANGE_KINDS if kind not in ALL_CASES]
    assert missing == []


@pytest.mark.parametrize("kind", CHANGE_KINDS)
def test_case_produces_its_kind(kind: str):
    changes = case_changes(kind)
    assert kind in [c.kind for c in changes]
    # A case isolates its kind: anything else it reports is a direct consequence
    # (a new stage brings its step and the edges that reach it).
    consequences = {
        "stage_added": {"step_added", "edge_added"},
        "stage_removed": {"step_removed", "edge_removed"},
        "step_added": {"edge_added"},
        "step_removed": {"edge_removed"},
        # Flows name a group instead of its steps (and the other way round), so its edges change with it.
        "group_added": {"edge_added", "edge_removed"},
        "group_removed": {"edge_added", "edge_removed"},
        "group_steps_changed": {"edge_added", "edge_removed"},
    }
    assert {c.kind for c in changes} <= {kind} | consequences.get(kind, set())


@pytest.mark.parametrize("case", ALL_CASES)
def test_case_text_golden(case: str, golden):
    golden(f"{case}.txt", to_text(case_changes(case)))


@pytest.mark.parametrize("case", ALL_CASES)
def test_case_json_golden(case: str, golden):
    golden(f"{case}.json", to_json(case_changes(case)))


@pytest.mark.parametrize("case", ALL_CASES)
def test_case_markdown_golden(case: str, golden):
    golden(f"{case}.md", to_markdown(case_changes(case)))


def test_layout_and_comments_alone_are_no_change():
    assert case_changes("fmt_only") == []


def test_emotion_change_shows_old_and_new_score():
    (change,) = case_changes("stage_emotion_changed")
    assert (change.path, change.old, change.new) == ("signup/stages/join/emotion", '0 "hopeful"', '-1 "hopeful"')


def test_when_change_shows_old_and_new_text():
    (change,) = case_changes("when_changed")
    assert change.old == 'event == "page_view" and page == "/"'
    assert change.new == 'event == "page_view" and page in ["/", "/newsletter"]'


def test_moved_step_names_both_stages():
    (change,) = case_changes("step_moved")
    assert (change.path, change.old, change.new) == ("signup/steps/form/stage", "land", "join")


def test_reordered_stages_list_both_orders():
    (change,) = case_changes("stages_reordered")
    assert (change.old, change.new) == ("land, join", "join, land")


def test_rename_hint_on_both_sides():
    changes = case_changes("rename")
    removed = next(c for c in changes if c.kind == "step_removed")
    added = next(c for c in changes if c.kind == "step_added")
    assert (removed.rename, added.rename) == ("signup_form", "form")
    assert "looks like a rename of `form`: same label, same edges" in added.summary


def test_no_rename_hint_without_evidence():
    changes = case_changes("step_added")
    assert all(c.rename is None for c in changes)


@pytest.mark.parametrize("case, judgement", [("loosened", "loosened"), ("tightened", "tightened"), ("mixed", "mixed")])
def test_every_expectation_in_a_judgement_case_is_judged(case: str, judgement: str):
    changes = case_changes(case)
    assert changes and all(c.kind == "expectation_changed" and c.judgement == judgement for c in changes)
    expected_severity = "info" if judgement == "tightened" else "warning"
    assert all(c.severity == expected_severity for c in changes)


def test_removed_expectation_is_a_warning():
    (change,) = case_changes("expectation_removed")
    assert change.severity == "warning"
    assert change.old == "sessions >= 500"


def test_flipped_comparator_is_changed_but_not_judged():
    (change,) = case_changes("expectation_changed")
    assert change.judgement is None
    assert change.summary == "expectation `sessions` changed"


def test_notes_on_a_step_are_reported_at_the_step():
    """A pain written on a step (not its stage) is found there, with its own path."""
    from journeyspec.diff.compare import compare
    from journeyspec.lang.frontend import compile_text

    old = CASES / "pain_added" / "old.journey"
    text = old.read_text(encoding="utf-8")
    anchor = '      when event == "form_open"\n'
    new = text.replace(anchor, anchor + '      pain "Asks for a phone number"\n      backstage "CRM creates a lead"\n')
    changes = compare(compile_text(text).document.journeys, compile_text(new).document.journeys)
    assert [(c.kind, c.path, c.summary, c.new) for c in changes] == [
        ("pain_added", "signup/steps/form/pains", "pain added to step `form`", '"Asks for a phone number"'),
        ("backstage_added", "signup/steps/form/backstage", "backstage added to step `form`", '"CRM creates a lead"'),
    ]
