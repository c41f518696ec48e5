"""``check --by-period``: every metric and expectation per calendar period, in the journey's one reduction.

The reference is independent of journeyspec: DuckDB SQL, written here, keeps
the sessions whose first event (after the map's `ignore`) falls in a week,
and each week's file is checked on its own. Every number of the period must
equal that week's check.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.check.periods import MAX_PERIODS, calendar_periods
from journeyspec.cli import main_group
from journeyspec.diagnostics import JourneyspecError

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "examples" / "data" / "checkout.parquet"
MAP = ROOT / "maps" / "checkout.journey"
# The map's `ignore event in ["scroll", "heartbeat"]`: ignored events are no path's first event.
WEEK_OF_FIRST_EVENT = """
    COPY (
        WITH firsts AS (
            SELECT session, min("time") AS first FROM read_parquet('{events}')
            WHERE session IS NOT NULL AND "time" IS NOT NULL AND coalesce(event NOT IN ('scroll', 'heartbeat'), true)
            GROUP BY session)
        SELECT e.* FROM read_parquet('{events}') e JOIN firsts f USING (session)
        WHERE f.first >= TIMESTAMPTZ '{start} 00:00:00+00' AND f.first < TIMESTAMPTZ '{end} 00:00:00+00'
    ) TO '{out}' (FORMAT parquet)
"""


def _weeks_by_hand() -> list[date]:
    first, last = duckdb.execute(f"SELECT min(\"time\")::DATE, max(\"time\")::DATE FROM read_parquet('{EVENTS}') "
                             "WHERE coalesce(event NOT IN ('scroll', 'heartbeat'), true)").fetchone()
    monday = first - timedelta(days=first.weekday())
    return [monday + timedelta(weeks=k) for k in range((last - monday).days // 7 + 1)]


def _facts(expectation) -> tuple:
    interval = expectation.interval
    return (expectation.text, expectation.status, expectation.value, expectation.population, expectation.successes,
            None if interval is None else (interval.low, interval.high))


def test_each_week_equals_the_check_of_that_weeks_sessions(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the checkout source's settings are in the repository's pyproject.toml
    result = journeyspec.check(MAP, EVENTS, by_period="week").journeys[0]
    periods = {p.label: p for p in result.periods}
    assert sum(p.metrics.sessions for p in result.periods) == result.population == 4000
    compared = 0
    for monday in _weeks_by_hand():
        out = tmp_path / f"{monday}.parquet"
        duckdb.execute(WEEK_OF_FIRST_EVENT.format(events=EVENTS, start=monday, end=monday + timedelta(days=7),
                                                  out=out))
        if duckdb.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0] == 0:
            assert f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}" not in periods
            continue
        alone = journeyspec.check(MAP, out).journeys[0]
        period = periods[f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"]
        assert (period.start, period.end) == (monday, monday + timedelta(days=6))
        assert period.metrics == alone.metrics
        assert [_facts(e) for e in period.expectations] == [_facts(e) for e in alone.expectations]
        compared += 1
    assert compared == 4  # 5 to 11 January ... 26 January to 1 February 2026


def test_the_cli_prints_a_row_per_week(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = CliRunner().invoke(main_group, ["check", str(MAP), "--by-period", "week"])
    assert "By week" in text.output and "2026-W02   2026-01-05   2026-01-11" in text.output
    assert "Traceback" not in text.output


def test_a_source_without_a_clock_has_no_calendar(monkeypatch):
    monkeypatch.chdir(ROOT)  # news_reading's source is configured with `time = false`
    with pytest.raises(JourneyspecError) as caught:
        journeyspec.check(ROOT / "maps" / "news_reading.journey", by_period="month")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "JS364" and "no clock" in diagnostic.message and "`position`" in diagnostic.message
    assert "--time COLUMN" in diagnostic.help


def test_periods_follow_the_calendar_and_are_bounded():
    day = 86_400_000_000
    # 2026-01-05 is a Monday: 31 December 2025 to 5 January 2026 spans two ISO weeks and two months.
    start = (date(2025, 12, 31) - date(1970, 1, 1)).days * day
    weeks = calendar_periods("week", (start, start + 5 * day))
    assert [(p.label, p.start, p.end) for p in weeks] == [("2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
                                                         ("2026-W02", date(2026, 1, 5), date(2026, 1, 11))]
    months = calendar_periods("month", (start, start + 5 * day), "Europe/Berlin")
    assert [p.label for p in months] == ["2025-12", "2026-01"]
    # Berlin's January starts an hour before UTC's: the bound is that instant.
    assert months[1].predicate.operands[0].value == start + day - 3_600_000_000
    with pytest.raises(JourneyspecError) as caught:
        calendar_periods("week", (0, (MAX_PERIODS + 5) * 7 * day))
    assert caught.value.diagnostics[0].code == "JS365" and "--by-period month" in caught.value.diagnostics[0].help
    with pytest.raises(JourneyspecError) as caught:  # epoch microseconds read as seconds: past year 9999
        calendar_periods("month", (1_700_000_000_000_000 * 1_000_000, 1_700_000_000_000_001 * 1_000_000))
    assert caught.value.diagnostics[0].code == "JS365" and "outside the calendar" in caught.value.diagnostics[0].message
    with pytest.raises(JourneyspecError) as caught:
        calendar_periods("fortnight", None)
    assert caught.value.diagnostics[0].code == "JS365"
