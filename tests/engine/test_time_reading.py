"""Time is read as the user says: an explicit format wins, ambiguous dates are never guessed, zones are honoured.

The repro of issue 18: a two-row CSV ``10/01/2019 23:50`` -> ``10/02/2019 00:10``
gave ``time p50`` = 30d (DuckDB's sniffer read it day-first), and
``--time-format "%m/%d/%Y %H:%M:%S"`` was refused (JS304 "already a
timestamp"). Every expected duration below is worked out by hand from the
values as written.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import SourceConfig, reduce
from tests.engine.helpers import write
from tests.mini import mini_map

MAP = mini_map("expect time p50 home -> pay <= 30m")
TWENTY_MINUTES = 1200.0
# 10 January 23:50 -> 10 February 00:10, the day-first reading of the US dates: 31 days less 23h 40m.
DAY_FIRST = 31 * 86400 - (23 * 3600 + 40 * 60)


@pytest.fixture(scope="module")
def mini():
    return journeyspec.parse(MAP).journeys[0]


def csv_file(folder, times: list[str], name: str = "events") -> str:
    path = folder / f"{name}.csv"
    rows = "".join(f"s1,{t},{e}\n" for t, e in zip(times, ["home", "pay"] * len(times)))
    path.write_text("session,time,event\n" + rows, encoding="utf-8")
    return str(path)


def p50(facts) -> float:
    return facts.population.pair("home", "pay").time.p50


def codes(error: pytest.ExceptionInfo) -> list[str]:
    return [d.code for d in error.value.diagnostics]


# --- the repro: US dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("times, pattern", [
    (["10/01/2019 23:50", "10/02/2019 00:10"], "%m/%d/%Y %H:%M"),
    (["10/01/2019 23:50:00", "10/02/2019 00:10:00"], "%m/%d/%Y %H:%M:%S"),
])
def test_us_dates_read_with_the_users_format(tmp_path, mini, times, pattern):
    facts = reduce(mini, csv_file(tmp_path, times), config=SourceConfig(time_format=pattern))
    assert p50(facts) == TWENTY_MINUTES
    assert facts.time_read.format == pattern and facts.time_read.type == "text" and facts.time_read.zone == "UTC"
    day_first = reduce(mini, csv_file(tmp_path, times), config=SourceConfig(time_format=pattern.replace(
        "%m/%d", "%d/%m")))
    assert p50(day_first) == DAY_FIRST


@pytest.mark.parametrize("times", [["10/01/2019 23:50", "10/02/2019 00:10"],
                                   ["10/01/2019 23:50:00", "10/02/2019 00:10:00"]])
def test_us_dates_without_a_format_stop_with_an_error(tmp_path, mini, times):
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, csv_file(tmp_path, times))
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS322"
    assert "`time`" in diagnostic.message and "events.csv" in diagnostic.message
    assert repr(times[0]) in diagnostic.message and repr(times[1]) in diagnostic.message
    seconds = ":%S" if times[0].count(":") == 2 else ""
    assert f'--time-format "%m/%d/%Y %H:%M{seconds}"' in diagnostic.help and f"%d/%m/%Y %H:%M{seconds}" in diagnostic.help


def test_the_cli_repro(tmp_path):
    (tmp_path / "mini.journey").write_text(MAP, encoding="utf-8")
    data = csv_file(tmp_path, ["10/01/2019 23:50:00", "10/02/2019 00:10:00"])
    run = CliRunner().invoke(main_group, ["check", str(tmp_path / "mini.journey"), "--data", data])
    assert run.exit_code == 2 and "error[JS322]" in run.output and "Traceback" not in run.output
    run = CliRunner().invoke(main_group, ["check", str(tmp_path / "mini.journey"), "--data", data, "--format", "json",
                                          "--time-format", "%m/%d/%Y %H:%M:%S"])
    assert run.exit_code == 0, run.output
    import json

    journey = json.loads(run.output)["journeys"][0]
    assert journey["expectations"][0]["value"] == TWENTY_MINUTES
    assert journey["time_read"] == {"column": "time", "type": "text", "format": "%m/%d/%Y %H:%M:%S", "zone": "UTC",
                                    "order": None, "unused_format": None}


def test_one_reading_only_is_still_not_guessed(tmp_path, mini):
    # 25/01 can only be day-first: the error says so and gives the pattern, but journeyspec still reads no such form
    # unasked (the next file of the source may hold 10/01).
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, csv_file(tmp_path, ["25/01/2019 23:50", "26/01/2019 00:10"]))
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS304" and "day first" in diagnostic.message
    assert '--time-format "%d/%m/%Y %H:%M"' in diagnostic.help


def test_an_ambiguous_value_after_the_first_rows_is_found_in_the_full_pass(tmp_path, mini):
    times = ["2019-10-01 10:00:00"] * 1500 + ["10/01/2019 23:50", "10/02/2019 00:10"]
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, csv_file(tmp_path, times))
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS322" and "2 values" not in diagnostic.message
    assert "'10/01/2019 23:50'" in diagnostic.message


# --- an explicit format always wins ----------------------------------------------------------------------

# Written year-day-month: DuckDB's sniffer, JSON reader and a plain cast all read them as ISO (year-month-day),
# which puts the pay 31 days (less 23h 40m) after the home.
YDM = ["2019-01-10 23:50:00", "2019-02-10 00:10:00"]


@pytest.mark.parametrize("kind", ["csv", "parquet", "jsonl", "duckdb"])
def test_an_explicit_format_beats_the_engines_guess(tmp_path, mini, kind):
    table = pa.table({"session": ["s1", "s1"], "time": YDM, "event": ["home", "pay"]})
    source = write(table, tmp_path, kind)
    assert p50(reduce(mini, source)) == DAY_FIRST  # without a format: ISO, year-month-day
    facts = reduce(mini, source, config=SourceConfig(time_format="%Y-%d-%m %H:%M:%S"))
    assert p50(facts) == TWENTY_MINUTES and facts.time_read.format == "%Y-%d-%m %H:%M:%S"


def test_a_utc_suffix_in_the_pattern(tmp_path, mini):
    # The retail clickstream: `2019-10-01 00:00:00 UTC` was sniffed as a timestamp, then the pattern refused.
    source = csv_file(tmp_path, ["2019-10-01 00:00:00 UTC", "2019-10-01 00:20:00 UTC"])
    facts = reduce(mini, source, config=SourceConfig(time_format="%Y-%m-%d %H:%M:%S UTC"))
    assert p50(facts) == TWENTY_MINUTES
    assert p50(reduce(mini, source)) == TWENTY_MINUTES  # and without one: ISO-8601 with a UTC suffix
    assert reduce(mini, source).time_read.zone is None  # the times carry their zone


def test_numbers_read_with_a_pattern_keep_their_leading_zeros(tmp_path, mini):
    # 01102019 would be the number 1102019 if the CSV reader's guess were taken.
    source = csv_file(tmp_path, ["01102019 2350", "02102019 0010"])
    assert p50(reduce(mini, source, config=SourceConfig(time_format="%d%m%Y %H%M"))) == TWENTY_MINUTES
    source = csv_file(tmp_path, ["01102019", "02102019"])
    assert p50(reduce(mini, source, config=SourceConfig(time_format="%d%m%Y"))) == 86400.0


@pytest.mark.parametrize("kind", ["parquet", "duckdb"])
def test_a_format_for_a_typed_timestamp_is_not_needed_and_said_so(tmp_path, kind):
    times = pa.array([dt.datetime(2019, 10, 1, 23, 50), dt.datetime(2019, 10, 2, 0, 10)], pa.timestamp("us"))
    source = write(pa.table({"session": ["s1", "s1"], "time": times, "event": ["home", "pay"]}), tmp_path, kind)
    map_file = tmp_path / "mini.journey"
    map_file.write_text(MAP, encoding="utf-8")
    result = journeyspec.check(str(map_file), source, overrides={"time_format": "%m/%d/%Y %H:%M:%S"})
    journey = result.journeys[0]
    assert journey.expectations[0].value == TWENTY_MINUTES and journey.expectations[0].status == "pass"
    (warning,) = journey.time_warnings
    assert warning.code == "JS325" and "'%m/%d/%Y %H:%M:%S' is not needed" in warning.message
    assert journey.time_read.type == "timestamp" and journey.time_read.unused_format == "%m/%d/%Y %H:%M:%S"
    run = CliRunner().invoke(main_group, ["check", str(map_file), "--data", source, "--time-format", "epoch_s"])
    assert run.exit_code == 0 and "warning[JS325] time-format-not-needed" in run.output, run.output


def test_a_pattern_that_does_not_match_names_a_value_and_suggests_one(tmp_path, mini):
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, csv_file(tmp_path, ["10/01/2019 23:50", "10/02/2019 00:10"]),
               config=SourceConfig(time_format="%Y-%m-%d %H:%M"))
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS304" and "2 values" in diagnostic.message and "'10/01/2019 23:50'" in diagnostic.message
    assert "%Y-%m-%d %H:%M" in diagnostic.message and "%" in diagnostic.help


@pytest.mark.parametrize("pattern, problem", [("%Y-%m-%d %Q", "`%Q`"), ("day %%", "no directive")])
def test_a_pattern_with_an_unknown_directive_is_a_config_error(tmp_path, mini, pattern, problem):
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, csv_file(tmp_path, ["2019-10-01", "2019-10-02"]), config=SourceConfig(time_format=pattern))
    assert codes(error) == ["JS306"] and problem in error.value.diagnostics[0].message


# --- time zones -------------------------------------------------------------------------------------------

# In Berlin the clocks went back from 03:00 to 02:00 on 27 October 2019: 01:30 (CEST, 23:30 UTC) to 03:30
# (CET, 02:30 UTC) is three hours; read as UTC, two.
BERLIN_NIGHT = ["2019-10-27 01:30:00", "2019-10-27 03:30:00"]


@pytest.mark.parametrize("kind", ["csv", "parquet-text", "parquet-timestamp", "duckdb"])
def test_naive_times_are_utc_unless_the_source_says_its_zone(tmp_path, mini, kind):
    values = BERLIN_NIGHT if kind != "parquet-timestamp" else pa.array(
        [dt.datetime.fromisoformat(t) for t in BERLIN_NIGHT], pa.timestamp("us"))
    source = write(pa.table({"session": ["s1", "s1"], "time": values, "event": ["home", "pay"]}), tmp_path,
                   kind.split("-")[0])
    assert p50(reduce(mini, source)) == 7200.0
    berlin = reduce(mini, source, config=SourceConfig(timezone="Europe/Berlin"))
    assert p50(berlin) == 10800.0 and berlin.time_read.zone == "Europe/Berlin"


def test_a_pattern_without_an_offset_takes_the_zone_too(tmp_path, mini):
    source = csv_file(tmp_path, ["27/10/2019 01:30", "27/10/2019 03:30"])
    config = SourceConfig(time_format="%d/%m/%Y %H:%M", timezone="Europe/Berlin")
    assert p50(reduce(mini, source, config=config)) == 10800.0


def test_offsets_and_utc_suffixes_are_honoured_whatever_the_zone(tmp_path, mini):
    # 10:00+02:00 is 08:00 UTC; 08:20Z twenty minutes later; `timezone` is only for times without an offset.
    source = csv_file(tmp_path, ["2019-10-01T10:00:00+02:00", "2019-10-01T08:20:00Z"])
    for config in (SourceConfig(), SourceConfig(timezone="America/New_York")):
        facts = reduce(mini, source, config=config)
        assert p50(facts) == TWENTY_MINUTES and facts.time_read.zone is None
    source = csv_file(tmp_path, ["2019-10-01 10:00:00+0200", "2019-10-01 08:20:00 UTC"])
    assert p50(reduce(mini, source)) == TWENTY_MINUTES
    source = csv_file(tmp_path, ["01/10/2019 10:00 +02:00", "01/10/2019 08:20 +00:00"])
    assert p50(reduce(mini, source, config=SourceConfig(time_format="%d/%m/%Y %H:%M %z"))) == TWENTY_MINUTES


@pytest.mark.parametrize("times", [
    ["2019-10-01T10:00:00+02:00", "2019-10-01T08:20:00"],  # in the first rows read
    ["2019-10-01T08:00:00"] * 1200 + ["2019-10-01T10:20:00+02:00"],  # past them: found in the full pass
    ["2019-10-01T08:00:00Z"] * 1200 + ["2019-10-01T08:20:00"],
])
def test_mixing_times_with_and_without_an_offset_is_an_error(tmp_path, mini, times):
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, csv_file(tmp_path, times))
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS324" and "`time`" in diagnostic.message
    with_offset = next(t for t in times if t.endswith(("Z", "+02:00")))
    without = next(t for t in times if not t.endswith(("Z", "+02:00")))
    assert repr(with_offset) in diagnostic.message and repr(without) in diagnostic.message


def test_an_unknown_zone_is_a_config_error():
    with pytest.raises(JourneyspecError) as error:
        SourceConfig().with_overrides(timezone="Europe/Berlim")
    assert codes(error) == ["JS306"] and "Europe/Berlin" in error.value.diagnostics[0].help


# --- numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit, factor", [("epoch_s", 1), ("epoch_ms", 10**3), ("epoch_us", 10**6), ("epoch_ns", 10**9)])
def test_epoch_numbers_in_each_unit(tmp_path, mini, unit, factor):
    start = 1_569_970_200  # 2019-10-01 22:50 UTC
    table = pa.table({"session": ["s1", "s1"], "time": [start * factor, (start + 1200) * factor],
                      "event": ["home", "pay"]})
    for kind in ("parquet", "csv"):
        facts = reduce(mini, write(table, tmp_path, kind), config=SourceConfig(time_format=unit))
        assert p50(facts) == TWENTY_MINUTES and facts.time_read.type == "integer" and facts.time_warnings == ()


@pytest.mark.parametrize("kind", ["csv", "jsonl-text"])
def test_numbers_without_a_unit_ask_for_one(tmp_path, mini, kind):
    millis = [1_569_970_200_000, 1_569_971_400_000]
    values = millis if kind == "csv" else [str(m) for m in millis]
    source = write(pa.table({"session": ["s1", "s1"], "time": values, "event": ["home", "pay"]}), tmp_path,
                   kind.split("-")[0])
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, source)
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS304" and "1569970200000" in diagnostic.message and "epoch_ms" in diagnostic.help


# --- one type per source ----------------------------------------------------------------------------------


def test_files_that_hold_time_as_different_types_are_an_error(tmp_path, mini):
    folder = tmp_path / "parts"
    folder.mkdir()
    stamps = pa.array([dt.datetime(2019, 10, 1, 10), dt.datetime(2019, 10, 1, 10, 20)], pa.timestamp("us"))
    pq.write_table(pa.table({"session": ["a", "a"], "time": stamps, "event": ["home", "pay"]}), folder / "1.parquet")
    pq.write_table(pa.table({"session": ["b", "b"], "time": ["10/01/2019 10:00", "10/01/2019 10:20"],
                             "event": ["home", "pay"]}), folder / "2.parquet")
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, str(folder))
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS323" and "timestamp in" in diagnostic.message and "text in" in diagnostic.message
    assert "1.parquet" in diagnostic.message and "2.parquet" in diagnostic.message


def test_a_nested_field_of_the_same_name_is_not_the_time_column(tmp_path):
    from journeyspec.engine.source.base import sql_literal
    from journeyspec.engine.source.duckdb import _same_time_type, duckdb_connection

    text = ["2019-10-01 10:00:00", "2019-10-01 10:20:00"]
    first, second = tmp_path / "1.parquet", tmp_path / "2.parquet"
    # The nested `context.time` (a number) comes after the top-level `time` (text) in the schema's tree.
    pq.write_table(pa.table({"time": text, "context": pa.array([{"time": 1, "deep": {"time": 2}}] * 2)}), first)
    pq.write_table(pa.table({"time": text, "context": ["x", "y"]}), second)
    listing = f"[{sql_literal(str(first))}, {sql_literal(str(second))}]"
    _same_time_type(duckdb_connection(), listing, [str(first), str(second)], "time")  # no JS323
    with pytest.raises(JourneyspecError):  # while a top-level column that does differ is found
        _same_time_type(duckdb_connection(), listing, [str(first), str(second)], "context")
