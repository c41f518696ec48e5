"""Hostile event values lose no row: whatever the names hold, every row of the file is accounted for.

Event names are drawn from all of Unicode — quotes, apostrophes, brackets,
backslashes, commas, line breaks, control characters — and written to CSV
(RFC 4180, as any spreadsheet writes it) and Parquet; the reduction must read
exactly the rows the file holds, and a missing name is said so in the reports.
"""

from __future__ import annotations

import csv
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeyspec import parse
from journeyspec.engine import SourceConfig, reduce

MAP = """journey j {
  stage s {
    step a { when event == "a" }
    step b { when event == "b" }
  }
  start a
  success b
  flow a -> b
}
"""
JOURNEY = parse(MAP).journeys[0]
# Every character but the surrogates (which no file can hold) and NUL (which a CSV cannot carry).
NAMES = st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
                 min_size=1, max_size=12)


def _rows(names: list[str]) -> list[tuple[str, int, str]]:
    return [(f"s{i % 3}", 100 + i, name) for i, name in enumerate(names)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=NAMES)
def test_every_row_of_a_csv_is_read_whatever_its_names_hold(tmp_path, names):
    path = tmp_path / "events.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)  # RFC 4180 quoting, as spreadsheets and pandas write
        writer.writerow(["session", "time", "event"])
        writer.writerows(_rows(names))
    totals = reduce(JOURNEY, str(path), config=SourceConfig(time_format="epoch_s")).totals
    assert totals.rows == len(names)
    assert totals.step_events + totals.off_map == len(names)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=NAMES)
def test_every_row_of_a_parquet_file_is_read_whatever_its_names_hold(tmp_path, names):
    path = tmp_path / "events.parquet"
    sessions, times, events = zip(*_rows(names))
    pq.write_table(pa.table({"session": list(sessions), "time": list(times), "event": list(events)}), path)
    totals = reduce(JOURNEY, str(path), config=SourceConfig(time_format="epoch_s")).totals
    assert totals.rows == len(names)


@pytest.fixture
def nameless(tmp_path):
    path = tmp_path / "nameless.parquet"
    pq.write_table(pa.table({"session": ["x", "x", "y"], "time": [1_700_000_000, 1_700_000_060, 1_700_000_100],
                             "event": ["a", None, "b"]}), path)
    (tmp_path / "j.journey").write_text(MAP, encoding="utf-8")
    return tmp_path


def test_a_missing_event_name_is_said_so_not_printed_as_none(nameless):
    from click.testing import CliRunner

    from journeyspec.cli.common import main_group

    data = str(nameless / "nameless.parquet")
    checked = CliRunner().invoke(main_group, ["check", str(nameless / "j.journey"), "--data", data,
                                              "--time-format", "epoch_s"])
    paths = CliRunner().invoke(main_group, ["paths", str(nameless / "j.journey"), "--data", data,
                                            "--time-format", "epoch_s"])
    for output in (checked.output, paths.output):
        assert "(no event name) (1)" in output and "None" not in output
    as_json = CliRunner().invoke(main_group, ["paths", str(nameless / "j.journey"), "--data", data,
                                              "--time-format", "epoch_s", "--format", "json"])
    assert json.loads(as_json.output)["totals"]["top_off_map"] == [{"name": None, "count": 1}]
