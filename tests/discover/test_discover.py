"""Discover: the observed journey from simulated and real data, valid and comparable with the design."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.diagnostics import JourneyspecError
from journeyspec.discover import discover
from journeyspec.discover.build import floor_share
from journeyspec.discover.text import identifier, journey_text
from journeyspec.engine import SourceConfig
from journeyspec.ir.canonical import to_data
from journeyspec.simulate import SimulationSettings, simulate

MAPS = Path(__file__).resolve().parents[2] / "maps"
REAL = Path("/work/shared/data/real")
QUIET = SimulationSettings().with_overrides(noise=0)
DISTINCT = """journey shop "Shop" {
  stage browse "Browse" {
    step land "Land" {
      when event == "landing page"
    }
    step view "View" {
      when event == "product-view"
    }
    step cart "Cart" {
      when event == "add to cart"
    }
  }
  stage buy "Buy" {
    step pay "Pay" {
      when event == "payment"
    }
    step done "Done" {
      when event == "order_confirmed"
    }
  }
  start land, view
  success done
  flow land -> view 70%
  flow land -> cart 10%
  flow view -> cart 40%
  flow view -> land 20%
  flow cart -> pay 60%
  flow cart -> view 25%
  flow pay -> done 90%
}
"""


def journey_of(name: str):
    return journeyspec.load(MAPS / f"{name}.journey")[0]


@pytest.mark.parametrize("name", ["checkout", "support", "saas_onboarding"])
def test_the_map_printer_round_trips_the_example_maps(name):
    journey = journey_of(name)
    again = journeyspec.parse(journeyspec.format(journey_text(journey))).journeys[0]
    # The printer writes a journey whole, shared definitions included: only their provenance is gone.
    assert to_data(again) == to_data(journey.model_copy(update={"shared": ()}))


def test_identifiers_are_valid_unique_and_not_keywords():
    taken: set[str] = set()
    assert identifier("page view", taken) == "page_view"
    assert identifier("add-to-cart", taken) == "add_to_cart"
    assert identifier("Add to cart", taken) == "add_to_cart_2"
    assert identifier("3D secure", taken) == "e_3d_secure"
    assert identifier("start", taken) == "start_step"
    assert identifier("¿?", taken) == "event"


def test_shares_round_down_so_a_step_never_exceeds_100_percent():
    assert floor_share(0.3337) == 0.333
    assert floor_share(0.9999) == 0.999
    assert floor_share(0.00042) == 0.00042


def test_events_as_steps_recovers_the_designed_graph(tmp_path):
    designed = journeyspec.parse(DISTINCT).journeys[0]
    out = tmp_path / "e.parquet"
    simulate(designed, out, sessions=20000, seed=3, settings=QUIET)
    result = discover(out, min_share=0.05)
    journey = result.journey
    labels = {s.id: s.label for s in journey.steps}
    assert labels == {"landing_page": "landing page", "product_view": "product-view", "add_to_cart": "add to cart",
                      "payment": "payment", "order_confirmed": "order_confirmed"}
    rename = {"land": "landing_page", "view": "product_view", "cart": "add_to_cart", "pay": "payment",
              "done": "order_confirmed"}
    assert journey.edge_set() == {(rename[e.source], rename[e.target]) for e in designed.edges}
    for edge in designed.edges:
        observed = next(e for e in journey.edges if (e.source, e.target) == (rename[edge.source], rename[edge.target]))
        assert abs(observed.share - edge.share) < 0.02
    assert set(journey.start) == {"landing_page", "product_view"}
    assert "order_confirmed" in journey.success  # with product_view, where 40% of its traffic ends
    assert result.text == journeyspec.format(result.text)


@pytest.mark.parametrize("name", ["checkout", "support"])
def test_with_the_map_the_designed_edges_above_the_threshold_come_back(name, tmp_path):
    designed = journey_of(name)
    out = tmp_path / "e.parquet"
    simulate(designed, out, sessions=20000, seed=5, settings=QUIET)
    result = discover(out, min_share=0.05, map_journey=designed)
    visits = {s.step: s.visits for s in result.facts.population.steps}
    counts = {(t.source, t.target): t.count for t in result.facts.population.transitions}
    strong = {pair for pair, count in counts.items() if count / visits[pair[0]] >= 0.05}
    assert strong <= designed.edge_set()
    assert strong <= result.journey.edge_set() <= designed.edge_set()
    assert result.journey.success == designed.success
    assert not journeyspec.diff(designed.model_copy(update={"edges": (), "start": ()}),
                                result.journey.model_copy(update={"edges": (), "start": ()}))[1:]


def test_diff_of_design_and_discovery_shows_injected_transitions(tmp_path):
    designed = journeyspec.parse(DISTINCT).journeys[0]
    out = tmp_path / "e.parquet"
    simulate(designed, out, sessions=20000, seed=8,
             settings=SimulationSettings().with_overrides(noise=0, unexpected=0.25))
    result = discover(out, min_share=0.02, map_journey=designed)
    changes = journeyspec.diff(designed, result.journey)
    added = {c.path for c in changes if c.kind == "edge_added"}
    assert added, [c.summary for c in changes]
    assert all(not (pair in designed.edge_set()) for pair in result.journey.edge_set() - designed.edge_set())
    assert len(added) == len(result.journey.edge_set() - designed.edge_set())


def _cli(*args: str):
    return CliRunner().invoke(main_group, list(args), catch_exceptions=False)


def test_cli_writes_a_map_that_diffs_against_the_design(tmp_path):
    designed_path = tmp_path / "shop.journey"
    designed_path.write_text(DISTINCT, encoding="utf-8")
    data = tmp_path / "e.parquet"
    assert _cli("simulate", str(designed_path), "--sessions", "5000", "-o", str(data), "--noise", "0",
                "--unexpected", "0.3").exit_code == 0
    observed = tmp_path / "observed.journey"
    result = _cli("discover", "--data", str(data), "--map", str(designed_path), "-o", str(observed),
                  "--min-share", "0.02")
    assert result.exit_code == 0, result.output
    assert "journeyspec diff" in result.output
    assert _cli("validate", str(observed)).exit_code == 0
    diff = _cli("diff", str(designed_path), str(observed))
    assert diff.exit_code in (0, 1), diff.output
    assert "+ edge" in diff.output, diff.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--events-as-steps", "--map", "x.journey"], "choose one"),
        (["--min-share", "2"], "share from 0 to 1"),
        (["--event", "nope"], "no event column `nope`"),
        (["--map", "missing.journey"], "no such file"),
    ],
)
def test_cli_errors_exit_2_with_a_message(tmp_path, args, words):
    data = tmp_path / "e.parquet"
    simulate(journey_of("checkout"), data, sessions=50, seed=1)
    result = _cli("discover", "--data", str(data), "-o", str(tmp_path / "o.journey"), *args)
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


HELPDESK = REAL / "helpdesk" / "helpdesk.csv.gz"
RECEIPT = REAL / "receipt" / "receipt.csv"


@pytest.mark.skipif(not HELPDESK.exists(), reason="the shared real logs are not on this machine")
def test_discover_on_the_real_helpdesk_log_writes_a_valid_map(tmp_path):
    data = tmp_path / "helpdesk.csv"
    with gzip.open(HELPDESK, "rb") as source, data.open("wb") as target:
        shutil.copyfileobj(source, target)
    config = SourceConfig().with_overrides(session="case_id", time="timestamp", event="activity")
    result = discover(data, config=config, min_share=0.05, journey_id="helpdesk", label="Helpdesk tickets")
    journey = journeyspec.parse(result.text).journeys[0]
    assert journey.id == "helpdesk" and len(journey.steps) == 14
    assert result.facts.population.sessions == 4580
    assert "insert_ticket" in journey.start and journey.success == ("closed",)
    assert ("resolve_ticket", "closed") in journey.edge_set()
    assert not [d for d in journeyspec.validate(_write(tmp_path, result.text)) if d.is_error]


@pytest.mark.skipif(not RECEIPT.exists(), reason="the shared real logs are not on this machine")
def test_discover_on_the_real_receipt_log_writes_a_valid_map(tmp_path):
    config = SourceConfig().with_overrides(session="case_id", time="timestamp", event="activity")
    result = discover(RECEIPT, config=config, min_share=0.1)
    assert result.facts.population.sessions == 1434
    assert not [d for d in journeyspec.validate(_write(tmp_path, result.text)) if d.is_error]


def _write(folder: Path, text: str) -> Path:
    path = folder / "observed.journey"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_map_whose_steps_match_nothing_is_a_clear_error(tmp_path):
    data = tmp_path / "e.parquet"
    simulate(journeyspec.parse(DISTINCT).journeys[0], data, sessions=50, seed=1)
    with pytest.raises(JourneyspecError) as caught:
        discover(data, map_journey=journeyspec.parse(DISTINCT.replace('"payment"', '"refund"')
                                                     .replace("landing page", "x").replace("product-view", "y")
                                                     .replace("add to cart", "z").replace("order_confirmed", "w")
                                                     ).journeys[0])
    assert "no event" in caught.value.diagnostics[0].message


@pytest.mark.skipif(not RECEIPT.exists(), reason="the shared real logs are not on this machine")
def test_the_documented_receipt_diff_is_what_the_commands_print(tmp_path):
    """docs/simulate-and-discover.md quotes this diff; keep the page true."""
    root = MAPS.parent
    observed = tmp_path / "receipt-observed.journey"
    result = _cli("discover", "--data", str(RECEIPT), "--session", "case_id", "--time", "timestamp", "--event",
                  "activity", "--map", str(root / "docs/examples/receipt.journey"), "--min-share", "0.05",
                  "-o", str(observed))
    assert result.exit_code == 0, result.output
    diff = _cli("diff", str(root / "docs/examples/receipt.journey"), str(observed))
    page = (root / "docs/simulate-and-discover.md").read_text(encoding="utf-8")
    lines = [line for line in diff.output.splitlines() if line.startswith(("  +", "  ~", "  -"))]
    assert len(lines) == 13
    for line in lines:
        assert line in page, line


@pytest.mark.parametrize("odd", ["a\nb", "a\rb", "a\x00b"])
def test_an_event_name_no_map_can_write_is_left_out_and_said_so(tmp_path, odd):
    import pyarrow as pa
    import pyarrow.parquet as pq


    data = tmp_path / "odd.parquet"
    pq.write_table(pa.table({"session": ["s1", "s1", "s2"], "time": [1_700_000_000, 1_700_000_010, 1_700_000_000],
                             "event": [odd, "c", "c"]}), data)
    out = tmp_path / "observed.journey"
    result = CliRunner().invoke(main_group, ["discover", "--data", str(data), "--time-format", "epoch_s",
                                             "--events-as-steps", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "left out 1 event name(s) a map cannot write" in result.output
    assert journeyspec.parse(out.read_text(encoding="utf-8")).journeys[0].step_ids == ("c",)


ANY_ORDER = """journey loan "Loan" {
  stage close "Close" {
    step offer "Offer" {
      when event == "offer"
    }
    step a "A" {
      when event == "a"
    }
    step b "B" {
      when event == "b"
    }
    step c "C" {
      when event == "c"
    }
    group papers "Papers" all of a, b, c
    step done "Done" {
      when event == "done"
    }
  }
  start offer
  success done
  flow offer -> papers -> done
}
"""


def test_steps_seen_in_every_order_make_a_proposed_group(tmp_path):
    designed = journeyspec.parse(ANY_ORDER).journeys[0]
    out = tmp_path / "e.parquet"
    simulate(designed, out, sessions=5000, seed=4, settings=QUIET)
    result = discover(out, min_share=0.05)
    (group,) = result.journey.groups
    assert set(group.steps) == {"a", "b", "c"} and group.need is None
    assert result.journey.edge_set() == {("offer", group.id), (group.id, "done")}
    assert "proposed by discover" in result.text  # the map says where the group came from
    # Checked against the data it came from, every path conforms.
    assert journeyspec.check(result.journey, str(out)).journeys[0].metrics.conformance == 1.0
    assert not discover(out, min_share=0.05, groups=False).journey.groups


def test_a_designed_loop_is_not_a_group(tmp_path):
    """Back and forth between two steps (land <-> view) shows both orders, but revisits a step."""
    designed = journeyspec.parse(DISTINCT).journeys[0]
    out = tmp_path / "e.parquet"
    simulate(designed, out, sessions=20000, seed=3, settings=QUIET)
    assert discover(out, min_share=0.05).journey.groups == ()


def test_the_cli_says_which_heuristic_proposed_a_group(tmp_path):
    designed = journeyspec.parse(ANY_ORDER).journeys[0]
    data = tmp_path / "e.parquet"
    simulate(designed, data, sessions=3000, seed=4, settings=QUIET)
    result = _cli("discover", "--data", str(data), "-o", str(tmp_path / "o.journey"))
    assert result.exit_code == 0, result.output
    import re

    found = re.search(r"proposed group `in_any_order`: all of (\w), (\w), (\w), in any order", result.output)
    assert found is not None and set(found.groups()) == {"a", "b", "c"}, result.output
    assert "at least 25% as many take the rarer order" in result.output
