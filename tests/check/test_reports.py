"""The reports of the fixture's result, golden-tested; the JSON schema is committed and current."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import journeyspec
from journeyspec.check.reports import report
from journeyspec.check.reports.json_report import json_schema
from tests.check.helpers import MAP, write_events

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def stable(tmp_path_factory):
    """The fixture's result with relative paths, so the reports are the same on every machine."""
    folder = tmp_path_factory.mktemp("reports")
    write_events(folder)
    write_events(folder, baseline=True)
    here = Path.cwd()
    import os

    os.chdir(folder)
    try:
        from journeyspec.engine import SourceConfig

        journey = journeyspec.parse(MAP, "shop.journey").journeys[0]
        return journeyspec.check(journey, "events.parquet", baseline="baseline.parquet",
                                 config=SourceConfig(time_format="epoch_s"))
    finally:
        os.chdir(here)


@pytest.mark.parametrize("fmt, name", [("text", "report.txt"), ("json", "report.json"),
                                       ("markdown", "report.md"), ("junit", "report.xml")])
def test_report_golden(stable, golden, fmt, name):
    golden(name, report(stable, fmt))


def test_json_report_has_the_documented_shape(stable):
    data = json.loads(report(stable, "json"))
    journey = data["journeys"][0]
    assert {"id", "file", "population", "metrics", "expectations", "variants", "transitions", "steps",
            "impact"} <= set(journey)
    assert {"sessions", "conformance", "fitness", "mean_cost", "unexpected_transitions"} <= set(journey["metrics"])
    assert {"text", "line", "metric", "value", "threshold", "status", "population", "interval"} <= set(
        journey["expectations"][0])
    assert {"path", "count", "conforms", "cost"} <= set(journey["variants"][0])
    assert {"from", "to", "count", "designed"} <= set(journey["transitions"][0])
    assert {"reached", "ended", "reach", "dropoff", "friction"} <= set(journey["steps"]["cart"])


def test_json_report_validates_against_the_committed_schema(stable):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "spec" / "check-result.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(report(stable, "json")), schema)


def test_a_json_report_reads_back_as_the_same_result(stable):
    """A saved report is the result again (for history, notebooks, tools): every field, under its JSON name."""
    from journeyspec.check.result import CheckResult

    written = json.loads(report(stable, "json"))
    read = CheckResult.model_validate(written)
    assert read.journeys[0].transitions[0].source == written["journeys"][0]["transitions"][0]["from"]
    assert json.loads(report(read, "json")) == written


def test_committed_schema_is_current(snapshot):
    snapshot(ROOT / "spec" / "check-result.schema.json", json_schema())


def test_junit_has_one_testcase_per_expectation(stable):
    root = ET.fromstring(report(stable, "junit"))
    cases = root.findall(".//testcase")
    assert len(cases) == 13
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("13", "2", "8")
    strict = ET.fromstring(report(stable, "junit", strict=True))
    assert strict.get("failures") == "10"


def test_text_report_formats_numbers_for_people(stable):
    text = report(stable, "text")
    assert "37.5%" in text and "2m 18s" in text and "too few (3 paths)" in text
    assert "\x1b[" not in text  # plain when not on a terminal
    assert "\x1b[" in report(stable, "text", color=True)
