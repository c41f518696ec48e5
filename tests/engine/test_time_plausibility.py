"""Times read with the wrong epoch unit are warned about (JS321), naming the unit that fits.

Milliseconds read as `epoch_s` turn a 60 s step into 16h 40m; seconds read as
`epoch_ms` turn a 12-hour gap into 43 s, so `--gap 30m` merges sessions. Both
were accepted silently.
"""

from __future__ import annotations

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.engine import SourceConfig, reduce
from journeyspec.engine.source.columns import Mapping
from journeyspec.engine.source.times import time_warning
from tests.mini import mini_map

MAP = mini_map("expect time p50 home -> pay <= 5m")

START = 1_700_000_000  # 2023-11-14, in seconds
FACTOR = {"epoch_s": 1, "epoch_ms": 1_000, "epoch_us": 1_000_000}


def events(tmp_path, unit: str):
    """Two sessions of one user, 12 hours apart; each takes 60 s from home to pay."""
    seconds = [START, START + 60, START + 43_200, START + 43_260]
    table = pa.table({"session": ["a", "a", "b", "b"], "user": ["u"] * 4,
                      "time": [s * FACTOR[unit] for s in seconds], "event": ["home", "pay", "home", "pay"]})
    path = tmp_path / f"{unit}.parquet"
    pq.write_table(table, path)
    return str(path)


@pytest.fixture
def mini():
    return journeyspec.parse(MAP).journeys[0]


@pytest.mark.parametrize("written, read", [("epoch_ms", "epoch_s"), ("epoch_s", "epoch_ms"), ("epoch_us", "epoch_ms"),
                                           ("epoch_ms", "epoch_us"), ("epoch_s", "epoch_us")])
def test_a_wrong_unit_is_warned_naming_the_right_one(tmp_path, mini, written, read):
    facts = reduce(mini, events(tmp_path, written), config=SourceConfig(time_format=read))
    (warning,) = facts.time_warnings
    message, help_text = warning
    assert f"read as {read}" in message and f"the values look like {written}" in help_text
    assert facts.time_format == read


@pytest.mark.parametrize("unit", FACTOR)
def test_the_right_unit_gives_no_warning(tmp_path, mini, unit):
    facts = reduce(mini, events(tmp_path, unit), config=SourceConfig(time_format=unit))
    assert facts.time_warnings == () and facts.time_format == unit


def test_seconds_read_as_milliseconds_with_a_gap_are_warned(tmp_path, mini):
    # The 12-hour gap becomes 43 s, under `--gap 30m`: one session where there are two.
    facts = reduce(mini, events(tmp_path, "epoch_s"),
                   config=SourceConfig(time_format="epoch_ms").with_overrides(user="user", gap="30m"))
    assert facts.time_warnings and "1970" in facts.time_warnings[0][0]


def test_the_shared_path_warns_too(tmp_path, mini):
    # An Ibis table has no row order, so it takes the pass every backend shares.
    table = ibis.memtable(pq.read_table(events(tmp_path, "epoch_ms")))
    facts = reduce(mini, table, config=SourceConfig(time_format="epoch_s"))
    assert facts.time_warnings and "epoch_ms" in facts.time_warnings[0][1]


def test_microseconds_read_as_seconds_are_unreadable_not_a_crash(tmp_path, mini):
    # 1.7e15 s is beyond what 64 bits of microseconds hold: JS304 naming a value, not an engine failure.
    with pytest.raises(journeyspec.JourneyspecError) as error:
        reduce(mini, events(tmp_path, "epoch_us"), config=SourceConfig(time_format="epoch_s"))
    assert [d.code for d in error.value.diagnostics] == ["JS304"]


def test_timestamps_far_in_the_future_are_warned_without_a_unit():
    mapping = Mapping(session="s", user=None, time="ts", event="e", device=None, order=None, gap_us=None,
                      time_format=None, columns=(), source="x.csv")
    year_3000 = 32_503_680_000 * 1_000_000
    message, help_text = time_warning(year_3000, year_3000, mapping, now=START)
    assert "more than a year from now" in message and "time_format" in help_text
    assert time_warning(START * 1_000_000, START * 1_000_000, mapping, now=START) is None


@pytest.mark.parametrize("fmt", ["text", "markdown", "junit", "json"])
def test_every_check_report_carries_the_warning(tmp_path, fmt):
    (tmp_path / "mini.journey").write_text(MAP, encoding="utf-8")
    data = events(tmp_path, "epoch_ms")
    result = CliRunner().invoke(main_group, ["check", str(tmp_path / "mini.journey"), "--data", data,
                                             "--time-format", "epoch_s", "--format", fmt])
    assert "JS321" in result.output and "epoch_ms" in result.output, result.output
    if fmt == "text":
        assert "in epoch seconds (UTC)" in result.output


def test_paths_prints_the_warning(tmp_path):
    (tmp_path / "mini.journey").write_text(MAP, encoding="utf-8")
    result = CliRunner().invoke(main_group, ["paths", str(tmp_path / "mini.journey"), "--data",
                                             events(tmp_path, "epoch_s"), "--time-format", "epoch_ms"])
    assert result.exit_code == 0 and "warning[JS321]" in result.output and "epoch_s" in result.output
