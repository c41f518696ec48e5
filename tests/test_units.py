"""Durations and numbers: one reading and one writing for the language, the settings and every report."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeyspec import units


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.8, "0.8s"), (3, "3s"), (3.25, "3.2s"), (45, "45s"), (240, "4m"), (252, "4m 12s"), (1200, "20m"),
     (3600, "1h"), (3900, "1h 5m"), (93784, "1d 2h"), (172800, "2d"), (-90, "-1m 30s"), (None, "–")],
)
def test_durations_are_written_one_way(seconds, text):
    assert units.format_duration(seconds) == text


@pytest.mark.parametrize(("text", "seconds"), [("30m", 1800), ("1h30m", 5400), ("2d12h", 216000), ("45s", 45)])
def test_duration_literals(text, seconds):
    assert units.seconds(text) == seconds


@pytest.mark.parametrize("text", ["30m1h", "1h1h", "", "30", "1w", "m"])
def test_malformed_duration_literals_say_how_to_write_one(text):
    with pytest.raises(units.DurationError) as caught:
        units.seconds(text)
    assert "`1h30m`" in caught.value.help or "`30m`" in caught.value.help


@pytest.mark.parametrize(("value", "seconds"), [("30m", 1800.0), ("90", 90.0), (" 1h ", 3600.0), (45, 45.0), (1.5, 1.5)])
def test_settings_read_durations_and_plain_seconds(value, seconds):
    assert units.parse_duration(value, "gap", "the command line") == seconds


@pytest.mark.parametrize("value", [True, 0, -5, "0m", "soon", "1h1h"])
def test_a_bad_setting_names_itself_and_where_it_was_given(value):
    with pytest.raises(units.DurationError) as caught:
        units.parse_duration(value, "think_time", "journeyspec.toml [simulate]")
    assert "`think_time` in journeyspec.toml [simulate]" in str(caught.value)


@given(st.integers(min_value=0, max_value=10**7))
def test_whole_durations_read_back_from_their_canonical_literal(total):
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    literal = "".join(f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (minutes, "m"), (secs, "s")) if n) or "0s"
    assert units.seconds(literal) == total


def test_shares_and_counts():
    assert units.format_share(1, 3) == "33.3%"
    assert units.format_share(1, 0) == "–"
    assert units.format_percent(-0.2, signed=True) == "-20.0%"
    assert units.format_count(12408) == "12,408"
    assert units.format_score(1.24) == "+1.2"


def test_a_duration_beyond_100_years_is_refused_before_python_reads_its_digits():
    # int() of 4,301 digits raises ValueError, and a float of them is infinite: both refused by length first.
    from journeyspec.units import MAX_DURATION, DurationError, DurationTooLong, parse_duration, seconds

    assert seconds("36525d") == MAX_DURATION
    for text in ("36526d", "9" * 4301 + "s", "1d" + "9" * 5000 + "h"):
        with pytest.raises(DurationTooLong):
            seconds(text)
    for value in ("9" * 5000, "9" * 400 + "m", 10.0**300):
        with pytest.raises(DurationError, match="longer than 100 years"):
            parse_duration(value, "gap", "the command line")
