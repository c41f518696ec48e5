"""Time is read the same way on Spark: the user's format wins, zones are honoured, ambiguity is refused, no clock works.

Spark's CSV reader infers timestamps as DuckDB's sniffer does; the time column
is read again as text, and the strftime pattern is spelled in Java's pattern
language (:func:`journeyspec.engine.source.time_patterns.spark_pattern`).
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import journeyspec
from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import SourceConfig, reduce
from tests.engine.helpers import write
from tests.engine.test_order_only import MAP as NEWS
from tests.engine.test_order_only import NO_CLOCK
from tests.engine.test_order_only import table as news_table
from tests.engine.test_time_reading import BERLIN_NIGHT, DAY_FIRST, MAP, TWENTY_MINUTES, YDM, csv_file, p50

pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
pytestmark = [pytest.mark.spark, pytest.mark.slow]
EXCLUDE = {"source", "engine"}


@pytest.fixture(scope="module")
def mini():
    return journeyspec.parse(MAP).journeys[0]


def both(journey, source, config=None) -> tuple:
    """The facts on Spark and on DuckDB."""
    return (reduce(journey, source, config=config, engine="spark"), reduce(journey, source, config=config))


@pytest.mark.parametrize("kind", ["csv", "parquet", "jsonl"])
def test_an_explicit_format_beats_sparks_guess(tmp_path, mini, kind):
    source = write(pa.table({"session": ["s1", "s1"], "time": YDM, "event": ["home", "pay"]}), tmp_path, kind)
    assert p50(reduce(mini, source, engine="spark")) == DAY_FIRST
    spark, duck = both(mini, source, SourceConfig(time_format="%Y-%d-%m %H:%M:%S"))
    assert p50(spark) == TWENTY_MINUTES
    assert spark.model_dump(exclude=EXCLUDE) == duck.model_dump(exclude=EXCLUDE)


def test_us_dates_on_spark(tmp_path, mini):
    source = csv_file(tmp_path, ["10/01/2019 23:50:00", "10/02/2019 00:10:00"])
    assert p50(reduce(mini, source, config=SourceConfig(time_format="%m/%d/%Y %H:%M:%S"), engine="spark")) \
        == TWENTY_MINUTES
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, source, engine="spark")
    assert [d.code for d in error.value.diagnostics] == ["JS322"]


def test_zones_on_spark(tmp_path, mini):
    source = csv_file(tmp_path, BERLIN_NIGHT)
    spark, duck = both(mini, source, SourceConfig(timezone="Europe/Berlin"))
    assert p50(spark) == p50(duck) == 10800.0
    typed = pa.array([dt.datetime.fromisoformat(t) for t in BERLIN_NIGHT], pa.timestamp("us"))
    path = tmp_path / "typed.parquet"
    pq.write_table(pa.table({"session": ["s1", "s1"], "time": typed, "event": ["home", "pay"]}), path)
    assert p50(reduce(mini, str(path), config=SourceConfig(timezone="Europe/Berlin"), engine="spark")) == 10800.0
    pattern = SourceConfig(time_format="%d/%m/%Y %H:%M", timezone="Europe/Berlin")
    assert p50(reduce(mini, csv_file(tmp_path, ["27/10/2019 01:30", "27/10/2019 03:30"], "pattern"), config=pattern,
                      engine="spark")) == 10800.0
    offsets = csv_file(tmp_path, ["2019-10-01T10:00:00+02:00", "2019-10-01T08:20:00Z"], "offsets")
    assert p50(reduce(mini, offsets, engine="spark")) == TWENTY_MINUTES
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, csv_file(tmp_path, ["2019-10-01T10:00:00+02:00", "2019-10-01T08:20:00"], "mixed"), engine="spark")
    assert [d.code for d in error.value.diagnostics] == ["JS324"]


def test_files_with_different_time_types_on_spark(tmp_path, mini):
    folder = tmp_path / "parts"
    folder.mkdir()
    stamps = pa.array([dt.datetime(2019, 10, 1, 10), dt.datetime(2019, 10, 1, 10, 20)], pa.timestamp("us"))
    pq.write_table(pa.table({"session": ["a", "a"], "time": stamps, "event": ["home", "pay"]}), folder / "1.parquet")
    pq.write_table(pa.table({"session": ["b", "b"], "time": ["2019-10-01 10:00", "2019-10-01 10:20"],
                             "event": ["home", "pay"]}), folder / "2.parquet")
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, str(folder), engine="spark")
    assert [d.code for d in error.value.diagnostics] == ["JS323"]


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_no_clock_on_spark(tmp_path, kind):
    news = journeyspec.parse(NEWS).journeys[0]
    spark, duck = both(news, write(news_table(), tmp_path, kind), NO_CLOCK)
    assert spark.model_dump(exclude=EXCLUDE) == duck.model_dump(exclude=EXCLUDE)
    assert spark.population.sessions == 3 and spark.totals.skipped_null_time == 1
