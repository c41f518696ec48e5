"""Numbers on the pages, as people read them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from journeyspec.site import numbers
from journeyspec.units import format_duration


def test_pages_write_durations_as_the_reports_do():
    assert numbers.duration(3900) == format_duration(3900) == "1h 5m"


def test_measured_in_each_unit():
    assert numbers.measured(0.41273, "fraction") == "41.3%"
    assert numbers.measured(12408, "count") == "12,408"
    assert numbers.measured(1512, "seconds") == "25m 12s"
    assert numbers.measured(1.24, "score") == "+1.2"
    assert numbers.measured(-0.2, "relative") == "-20.0%"
    assert numbers.measured(0.05, "points") == "+5.0pp"  # as the language writes it, and the reports


def test_money_and_time():
    assert numbers.money(24413.5, "EUR") == "€24,414"
    assert numbers.money(1000, "CHF") == "1,000 CHF"
    assert numbers.money(7, None) == "7"
    local = datetime(2026, 11, 1, 16, 3, tzinfo=timezone(timedelta(hours=2)))
    assert numbers.timestamp(local) == "2026-11-01 14:03 UTC"
    assert numbers.timestamp(datetime(2026, 11, 1, 14, 3)) == "2026-11-01 14:03 UTC"
