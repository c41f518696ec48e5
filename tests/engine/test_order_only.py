"""Logs with an order but no clock: `time = false` (`--no-time`) with `order` is a supported mode.

Paths follow the order column; nothing that needs a clock — `time` expectations,
`within` windows, sessions cut by a gap — is computed from it: each is refused
before any data is read (JS326), pointing at its map line.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import SourceConfig, reduce
from tests.engine.helpers import write

MAP = """\
journey news "News" {
  stage main "Main" {
    step front "Front" {
      when event == "frontpage"
    }
    step news "News" {
      when event == "news"
    }
    step sports "Sports" {
      when event == "sports"
    }
  }
  start front
  success news
  flow front -> news
  flow front -> sports
  flow sports -> news
  expect conversion front -> news >= 10%
}
"""

# Rows out of order on purpose; `clock` is a column of numbers that must never be read as time.
#   u1: step 1 front, 2 sports, 3 news             -> front → sports → news
#   u2: step 2 front, 1 news, 3 news               -> news → front → news
#   u3: step 1 sports, then a row without a step   -> sports (the row without a step is skipped, counted)
#   u4: step 5 weather                              -> off-map only: not in the population
ROWS = [
    ("u1", 3, "news", 900), ("u2", 2, "frontpage", 5), ("u1", 1, "frontpage", 100), ("u3", 1, "sports", 1),
    ("u2", 1, "news", 7), ("u1", 2, "sports", 500), ("u3", None, "news", 2), ("u2", 3, "news", 9),
    ("u4", 5, "weather", 3),
]


def table():
    return pa.table({"user_id": [r[0] for r in ROWS], "step": pa.array([r[1] for r in ROWS], pa.int64()),
                     "page": [r[2] for r in ROWS], "clock": [r[3] for r in ROWS]})


NO_CLOCK = SourceConfig(session="user_id", event="page").with_overrides(time=False, order="step")


@pytest.fixture(scope="module")
def news():
    return journeyspec.parse(MAP, file="news.journey").journeys[0]


@pytest.mark.parametrize("kind", ["parquet", "csv", "jsonl", "duckdb"])
def test_paths_follow_the_order_column(tmp_path, news, kind):
    facts = reduce(news, write(table(), tmp_path, kind), config=NO_CLOCK)
    assert {v.path: v.count for v in facts.population.variants} == {
        ("front", "sports", "news"): 1, ("news", "front", "news"): 1, ("sports",): 1}
    assert facts.totals.rows == 9 and facts.totals.skipped_null_time == 1 and facts.totals.off_map == 1
    pair = facts.population.pair("front", "news")
    assert (pair.with_source, pair.converted) == (2, 2)
    # Every duration is left out: there is no clock to measure one with.
    assert all(t.time.p50 is None and t.time.mean is None for t in facts.population.transitions)
    assert pair.time.p50 is None and pair.time.count == 2
    assert facts.time_read.column is None and facts.time_read.order == "step" and not facts.time_read.clock
    assert facts.time_warnings == ()


def test_the_check_report_says_so(tmp_path, news):
    source = write(table(), tmp_path, "parquet")
    (tmp_path / "news.journey").write_text(MAP, encoding="utf-8")
    arguments = ["check", str(tmp_path / "news.journey"), "--data", source, "--session", "user_id", "--event", "page",
                 "--no-time", "--order", "step"]
    text = CliRunner().invoke(main_group, arguments)
    assert text.exit_code == 0, text.output
    assert "no clock: paths ordered by `step`" in text.output
    assert "1 of 9 rows skipped (1 without a value of `step`)" in text.output
    assert "no `step` 1" in text.output
    payload = json.loads(CliRunner().invoke(main_group, [*arguments, "--format", "json"]).output)
    journey = payload["journeys"][0]
    assert journey["time_read"]["column"] is None and journey["time_read"]["order"] == "step"
    assert all(t["p50"] is None for t in journey["transitions"])
    markdown = CliRunner().invoke(main_group, [*arguments, "--format", "markdown"]).output
    assert "no clock" in markdown and "paths ordered by" in markdown


def test_time_expectations_and_windows_are_refused_up_front(tmp_path):
    text = MAP.replace("  expect conversion front -> news >= 10%\n",
                       "  expect conversion front -> news >= 10%\n  expect time p50 front -> news <= 5m\n"
                       "  expect conversion front -> sports >= 5% within 1h\n")
    journey = journeyspec.parse(text, file="news.journey").journeys[0]
    with pytest.raises(JourneyspecError) as error:
        # Not even opened: a source that does not exist is not what is reported.
        reduce(journey, str(tmp_path / "missing.parquet"), config=NO_CLOCK)
    found = error.value.diagnostics
    assert [d.code for d in found] == ["JS326", "JS326"]
    assert [d.span.line for d in found] == [19, 20]
    assert all(d.message.startswith("this source has no clock: ") for d in found)
    assert "`expect time p50 front -> news <= 5m` needs a time between steps" in found[0].message
    assert "within" in found[1].message and "ordered by `step`" in found[1].message


def test_a_window_asked_for_from_python_is_refused(tmp_path, news):
    from journeyspec.engine.facts.models import PairRequest

    with pytest.raises(JourneyspecError) as error:
        reduce(news, write(table(), tmp_path, "parquet"), config=NO_CLOCK,
               pairs=[PairRequest("front", "sports", (3600,))])
    assert [d.code for d in error.value.diagnostics] == ["JS326"]


def test_sessions_cut_by_a_gap_are_refused(tmp_path, news):
    config = SourceConfig(event="page").with_overrides(time=False, order="step", user="user_id", gap="30m")
    with pytest.raises(JourneyspecError) as error:
        reduce(news, write(table(), tmp_path, "parquet"), config=config)
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS326" and "gap" in diagnostic.message and "--session" in diagnostic.help
    # With `scope user` a path is all of a user's events: no gap is needed.
    user = journeyspec.parse(MAP.replace("  start front", "  scope user\n  start front")).journeys[0]
    assert reduce(user, write(table(), tmp_path, "parquet"), config=config).population.sessions == 3


def test_no_clock_needs_an_order(tmp_path, news):
    with pytest.raises(JourneyspecError) as error:
        reduce(news, write(table(), tmp_path, "parquet"),
               config=SourceConfig(session="user_id", event="page").with_overrides(time=False))
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS306" and "no clock" in diagnostic.message and "--order" in diagnostic.help


def test_no_clock_with_a_time_format_is_a_contradiction(tmp_path):
    (tmp_path / "journeyspec.toml").write_text(
        '[sources.default]\ntime = false\norder = "step"\ntime_format = "epoch_s"\n', encoding="utf-8")
    from journeyspec.project import load_config

    with pytest.raises(JourneyspecError) as error:
        load_config(start=tmp_path)
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS306" and "`time_format` is set" in diagnostic.message


def test_time_false_in_the_configuration(tmp_path, news):
    write(table(), tmp_path, "parquet")
    (tmp_path / "journeyspec.toml").write_text(
        '[sources.default]\ndata = "events.parquet"\nsession = "user_id"\nevent = "page"\ntime = false\n'
        'order = "step"\n', encoding="utf-8")
    from journeyspec.project import load_config

    config = load_config(start=tmp_path)
    assert config.time is None and config.order == "step"
    assert reduce(news, config=config).population.sessions == 3


def test_no_time_and_time_together_are_a_usage_error(tmp_path):
    (tmp_path / "news.journey").write_text(MAP, encoding="utf-8")
    run = CliRunner().invoke(main_group, ["paths", str(tmp_path / "news.journey"), "--data",
                                          write(table(), tmp_path, "parquet"), "--no-time", "--time", "clock"])
    assert run.exit_code == 2 and "--no-time" in run.output and "Traceback" not in run.output


def test_a_clock_source_still_breaks_ties_by_order(tmp_path, news):
    # The same `order` setting with a clock: `clock` is the time (in seconds), `step` only breaks ties.
    config = SourceConfig(session="user_id", event="page", time="clock", time_format="epoch_s", order="step")
    facts = reduce(news, write(table(), tmp_path, "parquet"), config=config)
    assert facts.time_read.clock and facts.time_read.order == "step"
    # By `clock`: u1 front (100) → sports → news (900); u2 front (5), news (7) → front → news; u3 sports (1), then
    # its row without a step (2) is a news event. Front to news takes 800 s and 2 s: the median is 401 s.
    assert {v.path: v.count for v in facts.population.variants} == {
        ("front", "sports", "news"): 1, ("front", "news"): 1, ("sports", "news"): 1}
    assert facts.population.pair("front", "news").time.p50 == 401.0
