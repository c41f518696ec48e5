"""Expectations in plain words: one phrasing per metric kind, and the measure said with its interval."""

from __future__ import annotations

import math
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import journeyspec
from journeyspec.check.reports.numbers import plain_text
from journeyspec.ir.plain import PHRASES, expectation_words, measured_words

ROOT = Path(__file__).resolve().parents[2]

MAP = """
journey hotel "Book a hotel" {
  stage choose "Choose" {
    emotion -1 "unsure"
    step view_hotel "View a hotel" { when event == "view" }
    step start_booking "Start booking" { when event == "book" }
  }
  stage pay "Pay" {
    step paid "Pay" { when event == "paid" }
  }
  start view_hotel
  success paid
  flow view_hotel -> start_booking -> paid
  friction event == "error"
  sentiment csat 1..5
  expect sessions >= 1000
  expect conformance >= 90%
  expect conversion view_hotel -> start_booking >= 30%
  expect conversion view_hotel -> paid >= 12.5% within 2h where device == "mobile"
  expect reach paid >= 5%
  expect dropoff at start_booking <= 35%
  expect time p90 view_hotel -> paid <= 20m
  expect time p50 view_hotel -> paid > 1m
  expect time mean view_hotel -> paid <= 1d
  expect skips start_booking == 0%
  expect unexpected transitions <= 5%
  expect friction at paid <= 10%
  expect switches device <= 20%
  expect emotion at choose >= -1
  expect dropoff at start_booking <= -20% vs baseline
  expect reach paid >= -2pp vs baseline
  expect share where device == "mobile" >= 70%
}
"""

# Written by hand from the map above: what a reader who knows neither the language nor the metrics reads.
EXPECTED = [
    "at least 1,000 sessions take this journey",
    "at least 90% of sessions follow a designed path",
    "at least 30% of people who reach “View a hotel” go on to reach “Start booking”",
    ("at least 12.5% of people who reach “View a hotel” go on to reach “Pay” within 2 hours, "
    'counting only paths where device == "mobile"'),
    "at least 5% of people reach “Pay”",
    "at most 35% of people who reach “Start booking” leave the journey there",
    "nine in ten people get from “View a hotel” to “Pay” within 20 minutes",
    "half of people take more than 1 minute from “View a hotel” to “Pay”",
    "on average, people take at most 1 day from “View a hotel” to “Pay”",
    "exactly 0% of people pass by “Start booking” without doing it",
    "at most 5% of the moves between steps are ones the design does not have",
    "at most 10% of people at “Pay” run into friction",
    "at most 20% of people change device during the journey",
    "people feel at least -1 on average during “Choose” (on a scale from -3 to +3)",
    "compared with the baseline, the share of people leaving the journey at “Start booking” falls by at least 20%",
    "compared with the baseline, the share of people reaching “Pay” falls by at most 2 percentage points",
    'at least 70% of sessions begin with an event where device == "mobile"',
]


def test_every_metric_kind_is_said_in_plain_words():
    (journey,) = journeyspec.parse(MAP).journeys
    assert [expectation_words(e, journey) for e in journey.expectations] == EXPECTED
    assert {e.metric.kind for e in journey.expectations} == set(PHRASES)  # the table has no untested row


@pytest.mark.parametrize(("args", "expected"), [
    ((0.27, "fraction", (0.251, 0.29)), "measured 27.0%, likely between 25.1% and 29.0%"),
    ((0.27, "fraction", (0.26, 0.28), None, 0.9), "measured 27.0%, likely between 26.0% and 28.0% (90% interval)"),
    ((252, "seconds"), "measured 4 minutes 12 seconds"),
    ((12408, "count"), "measured 12,408"),
    ((-0.3, "relative", (-0.984, 0.556)), "measured a change of -30.0%, likely between -98.4% and +55.6%"),
    ((None, "fraction", None, "311 sessions, fewer than 500"), "not measured: 311 sessions, fewer than 500"),
])
def test_the_measure_is_said_with_its_interval(args, expected):
    assert measured_words(*args) == expected


def test_a_checked_expectation_reads_as_a_sentence_with_numbers_computed_apart():
    data = ROOT / "examples" / "data" / "checkout.parquet"
    result = journeyspec.check(ROOT / "maps" / "checkout.journey", str(data))
    (reach,) = [e for e in result.journeys[0].expectations if e.text == "reach payment >= 5%"]
    # Independently: the share of sessions with an `add_payment_info` event (the step's `when`), and its
    # Wilson 95% interval by the textbook formula.
    events = pq.read_table(data, columns=["session", "event"]).to_pandas()
    n = events["session"].nunique()
    k = events.loc[events["event"] == "add_payment_info", "session"].nunique()
    z, p = 1.959963984540054, k / n
    centre, half = (p + z * z / (2 * n)) / (1 + z * z / n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (
        1 + z * z / n)
    assert plain_text(reach) == (
        f"At least 5% of people reach “Enter payment” — measured {100 * p:.1f}%, "
        f"likely between {100 * (centre - half):.1f}% and {100 * (centre + half):.1f}%"
    )
