"""``journeyspec tracking-plan``: per journey and step, the events and properties its ``when`` needs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

import journeyspec
from journeyspec.tracking import tracking_plan
from journeyspec.tracking.plan import pinned_events
from tests.cli.helpers import journeyspec as run

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def _plan(format: str) -> str:
    journeys = [(j, f"fixtures/{j.id}.journey") for j in journeyspec.load([FIXTURES / "account.journey",
                                                                          FIXTURES / "booking.journey"])]
    return tracking_plan(journeys, format)


@pytest.mark.parametrize(("format", "golden_name"),
                         [("markdown", "plan.md"), ("csv", "plan.csv"), ("json-schema", "plan.schema.json")])
def test_each_format_matches_its_golden(format, golden_name, golden):
    golden(golden_name, _plan(format))


@pytest.mark.parametrize(("condition", "expected"), [
    ('event == "a"', {"a"}),
    ('event in ["a", "b"] and page == "/x"', {"a", "b"}),
    ('event in ["a", "b"] and event == "b"', {"b"}),  # `and`: what both allow
    ('event == "a" or event == "b"', {"a", "b"}),  # `or`: either, when each branch names its events
    ('event == "a" or page == "/x"', None),  # one branch takes any event
    ('not event == "a"', None),
    ('event != "a"', None),
    ('event ~ "^a"', None),
    ('page == "/x"', None),
])
def test_event_names_are_pinned_only_when_certain(condition, expected):
    text = f'journey j {{ stage s {{ step a {{ when {condition} }} }} start a success a }}'
    (journey,) = journeyspec.parse(text).journeys
    found = pinned_events(journey.steps[0].when)
    assert found == (frozenset(expected) if expected is not None else None)


def test_shared_steps_appear_once_per_journey_with_their_library_and_waiting_steps_are_listed():
    rows = list(csv.DictReader(io.StringIO(_plan("csv"))))
    logins = [(r["journey"], r["library"], r["library_file"], r["condition"]) for r in rows if r["step"] == "login"]
    assert logins == [
        ("account", "common", "shared/common.journey",
         'event == "login" and method in ["password", "google"] and device == "app"'),
        ("booking", "common", "shared/common.journey", 'event == "login" and method in ["password", "google"]'),
    ]
    assert [(r["journey"], r["step"]) for r in rows if r["status"] == "no condition yet"] == [("booking", "reminder")]
    assert len(rows) == sum(len(j.steps) for j in journeyspec.load(FIXTURES))  # every step, none lost


def test_the_json_schema_accepts_the_events_the_maps_describe_and_refuses_wrong_types():
    schema = json.loads(_plan("json-schema"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    good = [
        {"event": "payment", "amount": 12.5, "saved_card": True},
        {"event": "login", "method": "google", "device": "app"},
        {"event": "search", "city": "Lisbon"},
        {"event": "inspiration_beaches"},  # `event ~ ...` pins no name: any event
    ]
    for event in good:
        assert validator.is_valid(event), event
    assert not validator.is_valid({"event": "payment", "amount": "12.50"})  # a number the maps compare with > 0
    assert not validator.is_valid({"page": "/x"})  # no event name
    assert "booking.reminder" in schema["description"]


def test_the_command_writes_every_format_and_a_broken_map_writes_nothing(tmp_path):
    out = tmp_path / "plan.csv"
    done = run("tracking-plan", FIXTURES, "--format", "csv", "-o", out, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("journey,file,stage,step,")
    (tmp_path / "bad.journey").write_text('journey bad "Bad" {\n  stage s {\n', encoding="utf-8")
    broken = run("tracking-plan", tmp_path / "bad.journey", "-o", tmp_path / "none.md", cwd=tmp_path)
    assert broken.returncode == 1 and "error[JS" in broken.stderr and "Traceback" not in broken.stderr
    assert not (tmp_path / "none.md").exists()
