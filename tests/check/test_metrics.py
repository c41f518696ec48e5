"""Every metric against the hand-computed values of tests/check/helpers.py (DuckDB)."""

from __future__ import annotations

import pytest

from journeyspec.check.metrics import rescale

# Run again on the newest DuckDB 1.x by `make test` (see tests/engine/test_duckdb_versions.py).
pytestmark = pytest.mark.duckdb


@pytest.fixture(scope="module")
def journey(result):
    return result.journeys[0]


def test_headline_metrics(journey):
    m = journey.metrics
    assert (m.sessions, m.success) == (8, 5)
    assert m.conformance == pytest.approx(3 / 8)
    assert m.mean_cost == pytest.approx(6 / 8)
    assert m.fitness == pytest.approx((1 + 1 + 3 / 4 + 2 / 3 + 2 / 3 + 1 + 3 / 4 + 0) / 8)
    assert m.unexpected_transitions == pytest.approx(3 / 15)


def test_alignment_cost_per_variant(journey):
    costs = {v.path: (v.cost, v.conforms) for v in journey.variants}
    assert costs == {
        ("home", "product", "cart", "pay"): (0, True),
        ("home", "product", "cart", "product", "cart", "pay"): (0, True),  # a designed loop
        ("home", "product"): (0, True),  # abandoning is not a deviation
        ("home", "cart", "pay"): (1, False),  # a skipped step: insert product
        ("product", "cart"): (1, False),  # a wrong start: insert home
        ("home", "pay"): (1, False),  # delete pay rather than insert two steps
        ("cart", "home", "product"): (1, False),  # an unknown transition: delete cart
        ("pay",): (2, False),  # delete pay, insert home: the worst alignment of a 1-step path
    }


@pytest.mark.parametrize("kind, args, expected", [
    ("sessions", (), 8),
    ("conformance", (), 3 / 8),
    ("fitness", (), 0.7291666666666666),
    ("mean_cost", (), 0.75),
    ("conversion", ("home", "pay"), 4 / 6),
    ("reach", ("cart",), 5 / 8),
    ("dropoff", ("cart",), 1 / 5),
    ("dropoff", ("product",), 2 / 5),
    ("time", ("p50", "home", "pay"), 65.0),
    ("time", ("mean", "home", "pay"), 137.5),
    ("time", ("p90", "home", "pay"), 310.0),
    ("skips", ("cart",), 2 / 5),
    ("skips", ("product",), 3 / 5),
    ("unexpected_transitions", (), 3 / 15),
    ("friction", ("product",), 1 / 5),
    ("friction", ("cart",), 0.0),
    ("switches", ("device",), 1 / 8),
    ("emotion", ("buy",), 0.0),
    ("emotion", ("browse",), None),
])
def test_metric_accessor(result, kind, args, expected):
    value = result.metric(kind, *args)
    assert value == (pytest.approx(expected) if expected is not None else None)


def test_conversion_within_window(result):
    assert result.metric("conversion", "home", "pay", within="5m") == pytest.approx(3 / 6)
    assert result.metric("conversion", "home", "pay", within=300) == pytest.approx(3 / 6)


def test_unreduced_pair_is_a_key_error(result):
    with pytest.raises(KeyError):
        result.metric("conversion", "product", "pay")


def test_steps_and_transitions(journey):
    cart = journey.steps["cart"]
    assert (cart.reached, cart.ended, cart.dropped, cart.reach, cart.dropoff) == (5, 1, 1, 5 / 8, 1 / 5)
    assert journey.steps["product"].friction == pytest.approx(1 / 5)
    undesigned = {(t.source, t.target): t.count for t in journey.transitions if not t.designed}
    assert undesigned == {("home", "cart"): 1, ("home", "pay"): 1, ("cart", "home"): 1}


def test_impact_on_eight_paths_carries_no_figure(journey):
    # Every rate here rests on fewer than 30 paths: the gaps are listed, by paths, without a figure.
    ranked = [(i.kind, i.step or i.transition, i.sessions, i.too_few_paths, i.lost_successes, i.value_lost)
              for i in journey.impact]
    assert ranked == [
        ("dropoff", "product", 2, True, None, None),
        ("deviation", ("cart", "home"), 1, True, None, None),
        ("dropoff", "cart", 1, True, None, None),
    ]
    assert journey.min_paths == 30 and journey.impact[0].reference_paths == 3


@pytest.fixture(scope="module")
def one_path_enough(shop, events, epoch):
    from journeyspec.check import check

    return check(shop, events, config=epoch, min_paths=1).journeys[0]


def test_impact_ranks_dropoffs_and_deviations_by_lost_successes(one_path_enough):
    from journeyspec.check.stats import difference_interval, wilson_interval

    ranked = [(i.kind, i.step or i.transition, round(i.lost_successes, 4), round(i.value_lost, 2))
              for i in one_path_enough.impact]
    # product: 2 failures end there; paths continuing past it succeed 2 of 3 -> 4/3 successes.
    # cart: 1 failure; 3 of 4 continuing succeed. cart -> home: 1 path at 0 vs conforming 2/3.
    assert ranked == [
        ("dropoff", "product", 1.3333, 133.33),
        ("dropoff", "cart", 0.75, 75.0),
        ("deviation", ("cart", "home"), 0.6667, 66.67),
    ]
    product, cart, deviation = one_path_enough.impact
    assert product.currency == "EUR"
    # The intervals: drop-offs x the Wilson interval of the rate they are compared with; a deviation's paths x
    # Newcombe's interval of (conforming rate - its rate). Ranked by the low ends: 0.415 > 0.301 > -0.2.
    assert (product.lost_successes_low, product.lost_successes_high) == tuple(2 * e for e in wilson_interval(2, 3))
    assert (cart.lost_successes_low, cart.lost_successes_high) == wilson_interval(3, 4)
    assert (deviation.lost_successes_low, deviation.lost_successes_high) == difference_interval(2, 3, 0, 1)
    assert product.value_lost_low == pytest.approx(100 * product.lost_successes_low)
    assert product.lost_successes_low == pytest.approx(0.4153, abs=1e-4)  # 2 x 20.77%, by hand


def test_stages_designed_against_observed(journey, one_path_enough):
    browse, buy = journey.stages
    assert (browse.designed_emotion, browse.observed_emotion) == (1, None)
    assert (buy.designed_emotion, buy.observed_emotion, buy.sentiment_events) == (-1, 0.0, 2)
    assert browse.friction == pytest.approx(1 / 11) and buy.friction == 0.0
    assert browse.dropoff == pytest.approx(2 / 7) and buy.dropoff == pytest.approx(1 / 7)
    assert (browse.reached, buy.reached) == (7, 7)
    # Seven paths are too few to flag anything; with a minimum of one, friction 1 of 11 against 0 of 7 is
    # still chance (tests/check/test_stages.py has stages that are flagged).
    assert not browse.flagged and browse.too_few_paths
    browse, buy = one_path_enough.stages
    assert not browse.flagged and not browse.too_few_paths and not buy.flagged


def test_coverage(journey):
    assert journey.coverage.unobserved_steps == ()
    assert journey.coverage.top_off_map == (("feedback", 2), ("chat", 1))


def test_rescale_maps_the_scale_ends_to_minus_and_plus_three():
    assert (rescale(1, 1, 5), rescale(3, 1, 5), rescale(5, 1, 5), rescale(7.5, 0, 10)) == (-3, 0, 3, 1.5)


def test_metrics_invariant_under_row_order(shop, tmp_path, epoch, result):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from journeyspec.check import check
    from tests.check.helpers import rows

    shuffled = list(reversed(rows()))
    path = tmp_path / "reversed.parquet"
    pq.write_table(pa.Table.from_pylist(shuffled), path)
    again = check(shop, str(path), config=epoch).journeys[0]
    assert again.metrics == result.journeys[0].metrics
    assert [e.value for e in again.expectations[:-1]] == [e.value for e in result.journeys[0].expectations[:-1]]
