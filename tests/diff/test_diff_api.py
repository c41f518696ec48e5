"""``journeyspec.diff(old, new)``: every accepted input, and stable, order-free output."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import journeyspec
from journeyspec.diff.changes import Change
from journeyspec.diff.formats import to_json, to_markdown, to_text
from tests.diff.helpers import CASES, case_changes

ROOT = Path(__file__).resolve().parents[2]
OLD = CASES / "step_relabelled" / "old.journey"
NEW = CASES / "step_relabelled" / "new.journey"
SECOND = """
journey referral "Refer a friend" {
  stage share "Share" {
    step invite "Send an invite" {
      when event == "invite_sent"
    }
  }
  start invite
  success invite
}
"""


def kinds(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.kind, c.path) for c in changes]


def test_the_name_stays_the_function_after_the_package_is_imported():
    import journeyspec.diff.compare  # importing the package must not rebind the name
    import journeyspec.diff.overlay

    assert callable(journeyspec.diff)
    assert "diff" in journeyspec.__all__


@pytest.mark.parametrize(
    "old, new",
    [
        (OLD, NEW),
        (str(OLD), str(NEW)),
        (OLD.read_text(), NEW.read_text()),
        (journeyspec.compile(OLD), journeyspec.compile(NEW)),
        (journeyspec.compile(OLD).journeys[0], journeyspec.compile(NEW).journeys[0]),
        (list(journeyspec.compile(OLD).journeys), [NEW]),
    ],
    ids=["paths", "path-strings", "texts", "documents", "journeys", "mixed-lists"],
)
def test_every_input_form_gives_the_same_changes(old, new):
    assert kinds(journeyspec.diff(old, new)) == [("step_relabelled", "signup/steps/submit/label")]


def test_folders_match_journeys_by_id(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "nested").mkdir(parents=True)
    (tmp_path / "a" / "signup.journey").write_text(OLD.read_text())
    (tmp_path / "b" / "nested" / "renamed-file.journey").write_text(NEW.read_text())
    assert kinds(journeyspec.diff(tmp_path / "a", tmp_path / "b")) == [("step_relabelled", "signup/steps/submit/label")]


def test_none_is_nothing():
    assert kinds(journeyspec.diff(None, OLD)) == [("journey_added", "signup")]
    assert kinds(journeyspec.diff(OLD, None)) == [("journey_removed", "signup")]
    assert journeyspec.diff(None, None) == []


def test_a_map_that_does_not_compile_raises_with_its_diagnostics():
    with pytest.raises(journeyspec.JourneyspecError) as caught:
        journeyspec.diff(OLD, 'journey broken "Broken" {\n  step x\n}\n')
    assert caught.value.errors


def test_a_missing_path_is_named():
    with pytest.raises(FileNotFoundError, match="no-such.journey"):
        journeyspec.diff(OLD, "no-such.journey")


def test_an_unknown_input_type_is_refused():
    with pytest.raises(TypeError, match="cannot diff a int"):
        journeyspec.diff(OLD, 42)


def test_duplicate_journey_ids_on_one_side_are_refused():
    journey = journeyspec.compile(OLD).journeys[0]
    with pytest.raises(ValueError, match="journey `signup` twice"):
        journeyspec.diff([journey, journey], [])


def test_change_records_are_frozen():
    (change,) = journeyspec.diff(OLD, NEW)
    with pytest.raises(ValidationError):
        change.old = "something else"  # type: ignore[misc]


def test_same_input_twice_gives_identical_output():
    first, second = case_changes("rename"), case_changes("rename")
    assert first == second
    assert (to_text(first), to_json(first), to_markdown(first)) == (
        to_text(second),
        to_json(second),
        to_markdown(second),
    )


def test_order_of_journeys_within_files_does_not_matter():
    base, changed = OLD.read_text(), NEW.read_text()
    forward = journeyspec.diff(base + SECOND, changed + SECOND.replace("Send an invite", "Invite a friend"))
    backward = journeyspec.diff(SECOND + base, SECOND.replace("Send an invite", "Invite a friend") + changed)
    assert (
        kinds(forward)
        == kinds(backward)
        == [
            ("step_relabelled", "referral/steps/invite/label"),
            ("step_relabelled", "signup/steps/submit/label"),
        ]
    )


def test_order_of_unordered_statements_does_not_matter():
    # Flows, start/success lists, pains, ignore statements and expectations are sets to the diff.
    text = OLD.read_text()
    lines = text.splitlines(keepends=True)
    expects = [line for line in lines if line.lstrip().startswith("expect ")]
    flows = [line for line in lines if line.lstrip().startswith("flow ")]
    shuffled = text
    for group in (expects, flows):
        block = "".join(group)
        shuffled = shuffled.replace(block, "".join(reversed(group)))
    assert shuffled != text
    assert journeyspec.diff(text, shuffled) == []


MAPS = sorted([*ROOT.glob("maps/*.journey"), *CASES.glob("*/*.journey")])


@pytest.mark.parametrize("path", MAPS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_formatting_a_map_is_no_change(path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(path.parent)  # map text with `use` reads the used files from the current folder
    text = path.read_text(encoding="utf-8")
    assert journeyspec.diff(text, journeyspec.format(text)) == []
    assert journeyspec.diff(text, text) == []


@settings(max_examples=40, deadline=None)
@given(
    spaces=st.lists(st.sampled_from([" ", "  ", "\n", "\n\n", "\t", " # a comment\n"]), min_size=1, max_size=6),
)
def test_any_whitespace_and_comments_between_statements_is_no_change(spaces: list[str]):
    text = OLD.read_text()
    lines = text.splitlines(keepends=True)
    # Every statement keeps its words; only what separates statements changes.
    relaid = "".join(line.strip() + spaces[i % len(spaces)] + "\n" for i, line in enumerate(lines))
    assert journeyspec.diff(text, relaid) == []
