"""One drop-off (spec/metrics.md, "Drop-off"): the expectation, the step and stage tables, the overlay and
the evidence all count the abandoned paths ending at a step, and a buyer who went back to browsing is not one.

Sessions (V view, C cart, B buy, the success step):

    A  V              abandoned at V
    B  V C            abandoned at C
    C  V C B          succeeds
    D  V B V          succeeds, then browses again: ends at V, but is no drop-off
    E  V C B V        succeeds, then browses again: ends at V, but is no drop-off
    F  V              abandoned at V
    G  C V            abandoned at V

By hand: 7 paths reach V; 5 end there (A, D, E, F, G), of which 3 are abandoned (A, F, G):
drop-off at V is 3/7 (counting every path that ends at V would say 5/7). 4 paths reach C (B, C, E, G);
1 ends there abandoned (B): 1/4. Stage "browse" {V}: 3 of 7. Stage "buy" {C, B} is reached by
B, C, D, E, G and ended in abandoned by B alone: 1/5.
"""

from __future__ import annotations

import pytest

import journeyspec
from journeyspec.engine import SourceConfig

MAP = """\
journey retail "Retail" {
  stage browse "Browse" {
    step view "View" {
      when event == "view"
    }
  }
  stage buy "Buy" {
    step cart "Cart" {
      when event == "cart"
    }
    step bought "Buy" {
      when event == "buy"
    }
  }
  start view
  success bought
  flow view -> cart -> bought
  expect dropoff at view <= 50% point estimate
  expect dropoff at cart <= 50% point estimate
}
"""

SESSIONS = {
    "A": ["view"],
    "B": ["view", "cart"],
    "C": ["view", "cart", "buy"],
    "D": ["view", "buy", "view"],
    "E": ["view", "cart", "buy", "view"],
    "F": ["view"],
    "G": ["cart", "view"],
}


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{"session": s, "time": 1_700_000_000 + 10 * i, "event": e}
            for s, names in SESSIONS.items() for i, e in enumerate(names)]
    path = tmp_path_factory.mktemp("dropoff") / "events.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    return str(path)


@pytest.fixture(scope="module")
def journey():
    return journeyspec.parse(MAP, "retail.journey").journeys[0]


@pytest.fixture(scope="module")
def result(journey, events):
    return journeyspec.check(journey, events, config=SourceConfig(time_format="epoch_s")).journeys[0]


def test_the_expectation_counts_abandoned_paths_only(result):
    view, cart = result.expectations
    assert (view.value, view.successes, view.population) == (pytest.approx(3 / 7), 3, 7)
    assert (cart.value, cart.successes, cart.population) == (pytest.approx(1 / 4), 1, 4)
    assert result.metric("dropoff", "view") == pytest.approx(3 / 7)


def test_the_step_table_names_both_counts(result):
    view = result.steps["view"]
    # `ended` counts every path whose last step it is; `dropped` the abandoned ones, which drop-off is.
    assert (view.reached, view.ended, view.dropped, view.dropoff) == (7, 5, 3, pytest.approx(3 / 7))
    assert (result.steps["cart"].dropped, result.steps["bought"].dropped) == (1, 0)


def test_the_stage_table_uses_the_same_drop_off(result):
    stages = {s.stage: s.dropoff for s in result.stages}
    assert stages == {"browse": pytest.approx(3 / 7), "buy": pytest.approx(1 / 5)}


def test_the_overlay_uses_the_same_drop_off(journey, result):
    from journeyspec.check.overlay import overlay

    annotations = overlay(journey, result.facts)
    assert annotations.nodes["view"].lines == ("7 · reach 100.0%", "drop-off 42.9%")
    assert annotations.nodes["cart"].lines == ("4 · reach 57.1%", "drop-off 25.0%")


def test_evidence_lists_abandoned_paths_only(journey, events):
    stricter = MAP.replace("dropoff at view <= 50%", "dropoff at view <= 10%")
    found = journeyspec.check(journeyspec.parse(stricter).journeys[0], events,
                              config=SourceConfig(time_format="epoch_s")).journeys[0].expectations[0]
    assert found.status == "fail"
    assert [(e.path, e.count) for e in found.evidence] == [(("view",), 2), (("cart", "view"), 1)]


def test_fix_first_counts_the_same_drop_offs(result):
    (view,) = [item for item in result.impact if item.kind == "dropoff" and item.step == "view"]
    assert view.sessions == 3
