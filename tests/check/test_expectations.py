"""Verdicts of the fixture's expectations: pass, fail, inconclusive, skipped, vs baseline; and evidence."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def verdicts(result):
    return {e.text: e for e in result.journeys[0].expectations}


def test_every_status(verdicts):
    # Eight paths: by default every proportion is judged by its 95% interval, so most are not settled yet.
    assert {text: e.status for text, e in verdicts.items()} == {
        "sessions >= 5": "pass",
        "conformance >= 50%": "inconclusive",  # 3 of 8: 13.7%–69.4%
        "conversion home -> pay >= 30% within 5m": "inconclusive",
        "reach cart >= 50%": "inconclusive",
        "dropoff at cart <= 20%": "inconclusive",
        "time p50 home -> pay <= 10m": "pass",
        "time mean home -> pay <= 2m": "fail",
        "skips cart == 0%": "fail",  # 2 of 5: 11.8%–76.9% rules out 0%
        "unexpected transitions <= 25%": "inconclusive",
        "friction at product <= 10% confidence 95%": "inconclusive",
        "switches device <= 10% min sessions 100": "skipped",
        "emotion at buy >= 0": "pass",
        "dropoff at product <= -20% vs baseline": "inconclusive",  # Newcombe: -98%..+56% of the baseline
    }


POINT_ESTIMATE_STATUSES = {
    "sessions >= 5": "pass",
    "conformance >= 50%": "fail",
    "conversion home -> pay >= 30% within 5m": "pass",
    "reach cart >= 50%": "pass",
    "dropoff at cart <= 20%": "pass",
    "time p50 home -> pay <= 10m": "pass",
    "time mean home -> pay <= 2m": "fail",
    "skips cart == 0%": "fail",
    "unexpected transitions <= 25%": "pass",
    "friction at product <= 10% confidence 95%": "inconclusive",  # its own `confidence` outranks the journey's
    "switches device <= 10% min sessions 100": "skipped",
    "emotion at buy >= 0": "pass",
    "dropoff at product <= -20% vs baseline": "pass",
}


def _judged(events, baseline_events, epoch, old: str, new: str):
    import journeyspec
    from journeyspec.check import check
    from tests.check.helpers import MAP

    assert old in MAP
    journey = journeyspec.parse(MAP.replace(old, new)).journeys[0]
    return {e.text: e for e in check(journey, events, baseline=baseline_events, config=epoch).journeys[0].expectations}


def test_judge_by_point_estimate_lets_the_observed_value_decide(events, baseline_events, epoch):
    found = _judged(events, baseline_events, epoch, "  value 100 EUR\n", "  value 100 EUR\n  judge by point estimate\n")
    assert {text: e.status for text, e in found.items()} == POINT_ESTIMATE_STATUSES
    decisions = {text: (e.decided_by.rule, e.decided_by.set_by) for text, e in found.items()}
    assert decisions["conformance >= 50%"] == ("point_estimate", "journey")
    assert decisions["friction at product <= 10% confidence 95%"] == ("interval", "expectation")
    assert decisions["time p50 home -> pay <= 10m"] == ("point_estimate", "metric")
    # The interval is still reported (at 95%) beside a point-estimate verdict.
    assert found["conformance >= 50%"].interval.confidence == 0.95


def test_point_estimate_on_one_expectation(events, baseline_events, epoch):
    found = _judged(events, baseline_events, epoch, "expect conformance >= 50%\n",
                    "expect conformance >= 50% point estimate\n")
    assert found["conformance >= 50% point estimate"].status == "fail"
    assert found["conformance >= 50% point estimate"].decided_by.set_by == "expectation"
    assert found["reach cart >= 50%"].status == "inconclusive"  # the others keep the default


def test_judge_by_a_confidence_sets_the_level_of_every_interval(events, baseline_events, epoch):
    found = _judged(events, baseline_events, epoch, "  value 100 EUR\n", "  value 100 EUR\n  judge by confidence 60%\n")
    reach = found["reach cart >= 50%"]
    # 5 of 8 at 60%: z = 0.8416, Wilson 47.64%–75.33% (by hand from the formula), still straddling 50%.
    assert (reach.interval.low, reach.interval.high) == (pytest.approx(0.4764, abs=1e-4), pytest.approx(0.7533, abs=1e-4))
    assert reach.status == "inconclusive" and reach.decided_by.confidence == 0.6
    # 3 of 6 at 60% is 33.8%–66.2%, wholly above 30%: asking less confidence settles it (at 95% it is open).
    conversion = found["conversion home -> pay >= 30% within 5m"]
    assert conversion.status == "pass" and conversion.interval.low == pytest.approx(0.3375, abs=1e-4)
    assert found["friction at product <= 10% confidence 95%"].interval.confidence == 0.95


def test_the_default_is_the_95_percent_interval(verdicts):
    conformance = verdicts["conformance >= 50%"]
    assert (conformance.decided_by.rule, conformance.decided_by.confidence, conformance.decided_by.set_by) == (
        "interval", 0.95, "default")
    # The point estimate alone would fail it; the interval 13.7%–69.4% holds 50%.
    assert conformance.value == 0.375 and "straddles" in conformance.reason


def test_population_and_interval(verdicts):
    conversion = verdicts["conversion home -> pay >= 30% within 5m"]
    assert (conversion.value, conversion.population, conversion.successes) == (0.5, 6, 3)
    assert conversion.interval.confidence == 0.95 and conversion.interval.low < 0.5 < conversion.interval.high
    assert verdicts["time p50 home -> pay <= 10m"].interval is None
    assert verdicts["time p50 home -> pay <= 10m"].population == 4


def test_inconclusive_when_the_interval_straddles(verdicts):
    friction = verdicts["friction at product <= 10% confidence 95%"]
    assert friction.value == pytest.approx(0.2)  # the point estimate alone would fail
    assert friction.interval.low < 0.1 < friction.interval.high
    assert "straddles" in friction.reason


def test_skipped_under_min_sessions(verdicts):
    switches = verdicts["switches device <= 10% min sessions 100"]
    assert switches.value == pytest.approx(1 / 8) and "min sessions 100" in switches.reason


def test_vs_baseline_judges_the_relative_change(verdicts):
    change = verdicts["dropoff at product <= -20% vs baseline"]
    assert change.value == pytest.approx(-0.3)
    assert (change.baseline.value, change.baseline.baseline) == (pytest.approx(0.4), pytest.approx(4 / 7))
    assert change.baseline.p_value == pytest.approx(0.5582, abs=1e-4)
    # The interval of the change: Newcombe's for 2/5 - 4/7 (by stats.difference_interval), over the baseline 4/7.
    from journeyspec.check.stats import difference_interval

    low, high = difference_interval(2, 5, 4, 7)
    assert (change.interval.low, change.interval.high) == (pytest.approx(low * 7 / 4), pytest.approx(high * 7 / 4))
    assert change.interval.low < -0.2 < change.interval.high and change.status == "inconclusive"


def test_vs_baseline_without_baseline_is_skipped(shop, events, epoch):
    from journeyspec.check import check

    found = {e.text: e for e in check(shop, events, config=epoch).journeys[0].expectations}
    assert found["dropoff at product <= -20% vs baseline"].status == "skipped"
    assert "--baseline" in found["dropoff at product <= -20% vs baseline"].reason


def test_evidence_for_failures(verdicts):
    conformance = verdicts["conformance >= 50%"].evidence  # inconclusive: evidence too
    assert conformance[0].path == ("pay",) and conformance[0].cost == 2  # cost x count first
    assert {e.path for e in conformance} == {("pay",), ("home", "cart", "pay"), ("product", "cart"), ("home", "pay"),
                                            ("cart", "home", "product")}
    skips = verdicts["skips cart == 0%"].evidence
    assert {e.path for e in skips} == {("home", "pay"), ("pay",)}
    slow = verdicts["time mean home -> pay <= 2m"].evidence
    assert [e.kind for e in slow][-1] == "transition"
    assert [e.path for e in slow if e.kind == "transition"][0] == ("home", "pay")  # 400 s, the slowest
    assert verdicts["friction at product <= 10% confidence 95%"].evidence == ()


def test_where_reads_the_population_of_the_first_event(shop, events, epoch):
    import journeyspec
    from journeyspec.check import check
    from tests.check.helpers import MAP

    text = MAP.replace("  expect sessions >= 5\n",
                       '  expect dropoff at product <= 30% where device == "mobile" point estimate\n')
    journey = journeyspec.parse(text).journeys[0]
    found = check(journey, events, config=epoch).journeys[0].expectations[0]
    # S2 starts on mobile too (it switches later): all 8 paths; product dropoff 2 of 5.
    assert (found.population, found.value, found.status, found.where) == (5, 0.4, "fail", 'device == "mobile"')
    assert {e.path for e in found.evidence} == {("home", "product"), ("cart", "home", "product")}


def test_breakdown_by_a_field(shop, events, epoch):
    from journeyspec.check import check

    found = check(shop, events, config=epoch, by="device")
    segments = found.journeys[0].segments
    # Every path's first event is on mobile; S2 only ends on desktop.
    assert [(s.value, s.metrics.sessions) for s in segments] == [("mobile", 8)]
    assert [e.value for e in segments[0].expectations][:3] == [8.0, 0.375, 0.5]
