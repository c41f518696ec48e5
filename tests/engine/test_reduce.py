"""Hand-computed facts of the fixture table (tests/engine/helpers.py), on every file format."""

from __future__ import annotations

import pytest

from journeyspec.engine import SourceConfig, reduce
from tests.engine.helpers import FORMATS

# Run again on the newest DuckDB 1.x by `make test` (see tests/engine/test_duckdb_versions.py).
pytestmark = pytest.mark.duckdb


def paths(population):
    return {variant.path: (variant.count, variant.success) for variant in population.variants}


@pytest.fixture(scope="module", params=FORMATS)
def facts(request, shop, sources):
    return reduce(shop, sources[request.param], config=SourceConfig(time_format="epoch_s"))


def test_totals_account_for_every_row(facts):
    totals = facts.totals
    assert (totals.rows, totals.skipped_null_session, totals.skipped_null_time) == (22, 1, 1)
    assert (totals.ignored, totals.friction, totals.off_map, totals.step_events) == (2, 4, 3, 11)
    assert [(n.name, n.count) for n in totals.top_off_map] == [("chat", 2), ("feedback", 1)]
    assert totals.off_map_share == pytest.approx(3 / 18)


def test_variants_order_ties_by_the_map_and_collapse_repeats(facts):
    population = facts.population
    assert population.sessions == 3 and population.success == 2
    # B's product and home events share a time: the map declares home first, so home comes first,
    # although product is first in the file.
    assert [v.path for v in population.variants] == [
        ("home", "product"),
        ("home", "product", "cart", "pay"),
        ("home", "pay", "home"),
    ]
    assert paths(population) == {
        ("home", "product", "cart", "pay"): (1, 1),
        ("home", "pay", "home"): (1, 1),
        ("home", "product"): (1, 0),
    }
    assert population.distinct_variants == 3 and population.other_variants == 0


def test_transitions_time_from_first_event_of_each_visit(facts):
    observed = {(t.source, t.target): (t.count, t.sessions, t.time.p50, t.time.mean) for t in facts.population.transitions}
    assert observed == {
        ("home", "product"): (2, 2, 5.0, 5.0),  # A after 10 s, B's tie after 0 s
        ("home", "pay"): (1, 1, 20.0, 20.0),  # from the first of two home events (t=20)
        ("product", "cart"): (1, 1, 30.0, 30.0),  # from t=110, the visit's first event
        ("cart", "pay"): (1, 1, 60.0, 60.0),
        ("pay", "home"): (1, 1, 5.0, 5.0),
    }
    assert [(t.source, t.target) for t in facts.population.transitions][:2] == [("home", "product"), ("home", "pay")]


def test_step_facts_with_friction_and_sentiment_attribution(facts):
    steps = {s.step: s for s in facts.population.steps}
    assert [s.step for s in facts.population.steps] == ["home", "product", "cart", "pay"]
    home, product, cart, pay = (steps[k] for k in ("home", "product", "cart", "pay"))
    assert (home.reached, home.ended, home.visits) == (3, 1, 4)
    assert (product.reached, product.ended, product.visits) == (2, 1, 2)
    assert (cart.reached, cart.ended, cart.visits) == (1, 0, 1)
    assert (pay.reached, pay.ended, pay.visits) == (2, 1, 2)
    # B's two errors follow its product event (t=50, after home in the map's order): A's and B's.
    assert (home.friction_sessions, home.friction_events) == (0, 0)
    assert (product.friction_sessions, product.friction_events) == (2, 3)
    assert (cart.friction_sessions, pay.friction_sessions) == (0, 0)
    assert facts.population.friction_unattributed == 1
    # The cart event carries its own score; B's off-map feedback goes to product.
    assert (cart.sentiment_count, cart.sentiment_sum) == (1, 4.0)
    assert (product.sentiment_count, product.sentiment_sum) == (1, 2.0)
    assert (home.sentiment_count, pay.sentiment_count) == (0, 0)


def test_pairs_from_expectations_with_window(facts):
    conversion = facts.population.pair("product", "pay")
    assert (conversion.with_source, conversion.converted) == (2, 1)
    assert [(w.within, w.converted) for w in conversion.windows] == [(3600, 1)]
    assert (conversion.time.count, conversion.time.p50, conversion.time.p99) == (1, 90.0, 90.0)
    timing = facts.population.pair("home", "cart")
    # No cart follows B's home; C never reaches cart.
    assert (timing.with_source, timing.converted, timing.time.p50) == (3, 1, 40.0)


def test_switches_ignore_dropped_events(facts):
    # A goes mobile -> desktop; B's only other device is on an ignored heartbeat.
    assert facts.population.switch("device").sessions == 1


def test_where_keeps_paths_whose_first_event_matches(facts):
    mobile = facts.where('device == "mobile"')
    assert mobile.sessions == 2 and mobile.success == 2
    assert set(paths(mobile)) == {("home", "product", "cart", "pay"), ("home", "pay", "home")}
    assert mobile.pair("product", "pay").with_source == 1
    assert mobile.step("home").friction_sessions == 0
    assert facts.filtered[0].where_text == 'device == "mobile"'


def test_max_variants_caps_only_the_variant_list(shop, sources, epoch):
    capped = reduce(shop, sources["parquet"], config=epoch, max_variants=1)
    assert [v.path for v in capped.population.variants] == [("home", "product")]
    assert capped.population.other_variants == 2 and capped.population.distinct_variants == 3
    assert capped.population.step("home").reached == 3


def test_order_column_breaks_ties(shop, sources):
    """The `order` column comes before the map's order: `seq` puts B's product (1) before its home (2)."""
    facts = reduce(shop, sources["parquet"], config=SourceConfig(time_format="epoch_s", order="seq"))
    assert set(paths(facts.population)) == {
        ("home", "product", "cart", "pay"),
        ("home", "pay", "home"),
        ("product", "home"),
    }
    steps = {s.step: s for s in facts.population.steps}
    # B's two errors now follow its home event.
    assert (steps["home"].friction_sessions, steps["home"].friction_events) == (1, 2)
    assert (steps["product"].friction_sessions, steps["product"].friction_events) == (1, 1)
    home_product = next(t for t in facts.population.transitions if (t.source, t.target) == ("home", "product"))
    assert (home_product.count, home_product.time.p50, home_product.time.mean) == (1, 10.0, 10.0)


def test_repeats_keep(sources, epoch):
    import journeyspec
    from tests.engine.helpers import MAP

    journey = journeyspec.parse(MAP.replace('  start home', '  repeats keep\n  start home')).journeys[0]
    assert journey.repeats == "keep"
    facts = reduce(journey, sources["parquet"], config=epoch)
    assert set(paths(facts.population)) == {
        ("home", "product", "product", "cart", "pay"),
        ("home", "home", "pay", "home"),
        ("home", "product"),
    }
    loops = {(t.source, t.target): t.time.p50 for t in facts.population.transitions if t.source == t.target}
    assert loops == {("home", "home"): 10.0, ("product", "product"): 0.0}
    assert facts.population.step("home").visits == 5


def test_user_scope_spans_sessions(sources, epoch):
    import journeyspec
    from tests.engine.helpers import MAP

    journey = journeyspec.parse(MAP.replace('  start home', '  scope user\n  start home')).journeys[0]
    facts = reduce(journey, sources["parquet"], config=epoch)
    # u1 = B (t 50..90) then A (t 100..200): home, product, home, product, cart, pay.
    # Row 19 has no session but has user u3: under user scope it counts, and u3's path is home.
    assert paths(facts.population) == {
        ("home", "product", "home", "product", "cart", "pay"): (1, 1),
        ("home", "pay", "home"): (1, 1),
        ("home",): (1, 0),
    }
    assert facts.scope == "user" and facts.population.sessions == 3
    assert facts.totals.skipped_null_session == 0
    assert facts.population.switch("device").sessions == 1


def test_gap_sessionisation(tmp_path):
    import journeyspec
    from tests.engine.helpers import MAP, arrow_table, write

    rows = [
        (None, 0, "home", None, "web", None, 1, "u1"),
        (None, 60, "view", "/p/1", "web", None, 2, "u1"),
        (None, 2000, "home", None, "web", None, 3, "u1"),  # 1940 s later: past a 30m gap
        (None, 2100, "pay", None, "web", None, 4, "u1"),
        (None, 0, "home", None, "web", None, 1, "u2"),
        (None, 10, "heartbeat", None, "web", None, 2, "u2"),
    ]
    source = write(arrow_table(rows).drop_columns(["session"]), tmp_path, "parquet")
    journey = journeyspec.parse(MAP).journeys[0]
    facts = reduce(journey, source, config=SourceConfig(time_format="epoch_s", user="user"))
    assert paths(facts.population) == {("home", "product"): (1, 0), ("home", "pay"): (1, 1), ("home",): (1, 0)}
    hour = reduce(journey, source, config=SourceConfig(time_format="epoch_s").with_overrides(user="user", gap="1h"))
    assert paths(hour.population) == {("home", "product", "home", "pay"): (1, 1), ("home",): (1, 0)}


def test_identical_facts_on_every_format(shop, sources, epoch):
    results = [reduce(shop, sources[kind], config=epoch).model_dump(exclude={"source"}) for kind in FORMATS]
    for other in results[1:]:
        assert other == results[0]


def test_row_order_is_invariant_of_session_order(shop, tmp_path, epoch):
    """Shuffling whole sessions (keeping each session's rows in order) changes nothing."""
    from tests.engine.helpers import ROWS, arrow_table, write

    by_session: dict = {}
    for row in ROWS:
        by_session.setdefault(row[0], []).append(row)
    shuffled = [row for key in sorted(by_session, key=str, reverse=True) for row in by_session[key]]
    base = reduce(shop, write(arrow_table(), tmp_path, "parquet", "a"), config=epoch)
    other = reduce(shop, write(arrow_table(shuffled), tmp_path, "parquet", "b"), config=epoch)
    assert base.model_dump(exclude={"source"}) == other.model_dump(exclude={"source"})
