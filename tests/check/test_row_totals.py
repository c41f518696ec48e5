"""Every report of `check` accounts for every row: the totals `paths` prints, and a warning when rows were skipped.

The data semantics promise that rows without a session (or user) or a time are
"counted in the totals, never silently lost". The fixture, by hand:

    r  session  time                 event
    0  s1       2024-01-01 00:00:00  home
    1  s1       2024-01-01 00:01:00  pay
    2  s2       2024-01-01 00:00:00  home
    3  s2       (none)               home     skipped: no time
    4  s2       (none)               pay      skipped: no time
    5  (none)   2024-01-01 00:02:00  home     skipped: no session
    6  s3       2024-01-01 00:00:00  chat     off-map

    7 rows read, 3 skipped (1 without a session, 2 without a time), 3 on steps, 1 off-map.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.check.reports import report
from journeyspec.cli import main_group
from tests.mini import mini_map

MAP = mini_map("expect sessions >= 1")

ROWS = [
    ("s1", "2024-01-01 00:00:00", "home"),
    ("s1", "2024-01-01 00:01:00", "pay"),
    ("s2", "2024-01-01 00:00:00", "home"),
    ("s2", None, "home"),
    ("s2", None, "pay"),
    (None, "2024-01-01 00:02:00", "home"),
    ("s3", "2024-01-01 00:00:00", "chat"),
]
TOTALS = {"rows": 7, "skipped": 3, "skipped_null_session": 1, "skipped_null_time": 2, "ignored": 0, "friction": 0,
          "off_map": 1, "step_events": 3}
WARNING = "3 of 7 rows skipped (1 without a session, 2 without a time): counted in no metric"


def write(folder, kind: str) -> str:
    if kind == "csv":
        path = folder / "events.csv"
        lines = ["session,time,event"] + [",".join(value or "" for value in row) for row in ROWS]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(path)
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "events.parquet"
    columns = list(zip(*ROWS, strict=True))
    times = pa.array(columns[1], pa.string()).cast(pa.timestamp("s"))
    pq.write_table(pa.table({"session": pa.array(columns[0], pa.string()), "time": times,
                             "event": pa.array(columns[2], pa.string())}), path)
    return str(path)


@pytest.fixture(params=["csv", "parquet"])
def result(request, tmp_path):
    journey = journeyspec.parse(MAP, "mini.journey").journeys[0]
    return journeyspec.check(journey, write(tmp_path, request.param))


def test_json_report_counts_every_row(result):
    data = json.loads(report(result, "json"))
    journey = data["journeys"][0]
    assert journey["totals"] == TOTALS
    assert journey["warnings"] == [WARNING]
    assert data["warnings"] == [f"mini: {WARNING}"]
    assert journey["population"] == 2  # s1 and s2; s3 has no step event


def test_text_report_warns(result):
    text = report(result, "text")
    assert "7 rows read: 3 skipped (no session 1, no time 2), 0 ignored, 3 on steps, 0 friction, 1 off-map" in text
    assert f"WARNING: {WARNING}" in text


def test_markdown_report_warns(result):
    text = report(result, "markdown")
    assert "7 rows read: 3 skipped (no session 1, no time 2)" in text
    assert f"> ⚠️ **Warning:** {WARNING}" in text


def test_junit_report_carries_totals_and_warning(result):
    suite = ET.fromstring(report(result, "junit")).find("testsuite")
    properties = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert properties["rows"] == "7" and properties["rows_skipped"] == "3"
    assert properties["rows_skipped_null_session"] == "1" and properties["rows_skipped_null_time"] == "2"
    assert properties["warning_1"] == WARNING
    assert f"WARNING: {WARNING}" in suite.find("system-out").text


def test_no_warning_when_nothing_is_skipped(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("session,time,event\ns1,2024-01-01 00:00:00,home\n", encoding="utf-8")
    result = journeyspec.check(journeyspec.parse(MAP).journeys[0], str(path))
    assert result.warnings == () and result.journeys[0].totals.rows == 1
    assert "WARNING" not in report(result, "text") and "Warning" not in report(result, "markdown")


def test_scope_user_names_the_user(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("user,time,event\nu1,2024-01-01 00:00:00,home\n,2024-01-01 00:01:00,home\n", encoding="utf-8")
    journey = journeyspec.parse(MAP.replace("  start home", "  scope user\n  start home")).journeys[0]
    result = journeyspec.check(journey, str(path), overrides={"user": "user"})
    assert result.journeys[0].warnings == ("1 of 2 rows skipped (1 without a user): counted in no metric",)


def test_cli_check_prints_the_warning(tmp_path):
    (tmp_path / "mini.journey").write_text(MAP, encoding="utf-8")
    data = write(tmp_path, "csv")
    outcome = CliRunner().invoke(main_group, ["check", str(tmp_path / "mini.journey"), "--data", data])
    assert outcome.exit_code == 0, outcome.output
    assert f"WARNING: {WARNING}" in outcome.output
