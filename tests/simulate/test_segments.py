"""Flows, drop-off and segments: sessions walk by their segment's shares, as configured."""

from __future__ import annotations

import math
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.diagnostics import JourneyspecError
from journeyspec.diagnostics.render import format_diagnostic
from journeyspec.simulate import SimulationSettings, settings_file, simulate
from journeyspec.simulate.settings import settings_from_table

MAPS = Path(__file__).resolve().parents[2] / "maps"
# a -> b -> c: every visit of `a` goes on to `b` (dropoff 0); what `b` does is up to the settings.
LINE = journeyspec.parse(
    'journey line "Line" {\n  stage s "S" {\n'
    '    step a "A" {\n      when event == "a"\n    }\n'
    '    step b "B" {\n      when event == "b"\n    }\n'
    '    step c "C" {\n      when event == "c"\n    }\n'
    '  }\n  start a\n  success c\n  flow a -> b -> c\n'
    '  expect reach c >= 10% where plan == "team"\n}\n'
).journeys[0]


def settings(**table) -> SimulationSettings:
    """Settings without noise, and without the default drop-off, so every share is the configured one."""
    return settings_from_table({"dropoff": 0, **table}, "test settings").with_overrides(noise=0)


def sessions_of(path: Path) -> dict[str, tuple[str, list[str]]]:
    """Each session's device and its events in time order, read straight from the file."""
    rows = sorted(pq.read_table(path).to_pylist(), key=lambda r: (r["session"], r["time"]))
    found: dict[str, tuple[str, list[str]]] = {}
    for row in rows:
        found.setdefault(row["session"], (row["device"], []))[1].append(row["event"])
    return found


def test_a_share_of_one_or_zero_splits_the_paths_exactly_by_segment(tmp_path):
    out = tmp_path / "e.parquet"
    table = {"devices": {"mobile": 1, "desktop": 1},
             "segments": {"device": {"mobile": {"flows": {"b -> c": 0.0}}, "desktop": {"flows": {"b -> c": 1.0}}}}}
    simulate(LINE, out, sessions=2000, seed=3, settings=settings(**table))
    paths = Counter((device, tuple(events)) for device, events in sessions_of(out).values())
    # By hand: `a` always goes on; mobile sessions all end at `b`, desktop sessions all reach `c`.
    assert set(paths) == {("mobile", ("a", "b")), ("desktop", ("a", "b", "c"))}
    assert paths["mobile", ("a", "b")] + paths["desktop", ("a", "b", "c")] == 2000
    assert 900 < paths["mobile", ("a", "b")] < 1100  # the devices' 50/50 shares still hold


def test_with_many_sessions_each_segment_shows_its_configured_share(tmp_path):
    out = tmp_path / "e.parquet"
    table = {"devices": {"mobile": 0.6, "desktop": 0.4}, "flows": {"b -> c": 0.9},
             "segments": {"device": {"mobile": {"flows": {"b -> c": 0.3}}}}}
    simulate(LINE, out, sessions=40_000, seed=5, settings=settings(**table), chunk_sessions=7_000)
    reached: dict[str, list[bool]] = {}
    for device, events in sessions_of(out).values():
        reached.setdefault(device, []).append("c" in events)
    for device, share in (("mobile", 0.3), ("desktop", 0.9)):
        n = len(reached[device])
        observed = sum(reached[device]) / n
        assert abs(observed - share) < 4 * math.sqrt(share * (1 - share) / n), (device, observed)
    assert abs(len(reached["mobile"]) / 40_000 - 0.6) < 4 * math.sqrt(0.24 / 40_000)


def test_dropoff_at_ends_that_share_of_a_step_and_keeps_the_rest_in_proportion(tmp_path):
    journey = journeyspec.load(MAPS / "support.journey")[0]
    out = tmp_path / "e.parquet"
    # `chat` sends 70% to `resolved` and 30% to `ticket_opened` and never ends a session, unless told to.
    table = {"devices": {"mobile": 1, "desktop": 1}, "start": {"contact_options": 1},
             "flows": {"contact_options -> chat": 1.0, "contact_options -> contact_form": 0.0},
             "segments": {"device": {"mobile": {"dropoff_at": {"chat": 0.2}}}}}
    simulate(journey, out, sessions=20_000, seed=9, settings=settings(**table))
    after: dict[str, Counter] = {"mobile": Counter(), "desktop": Counter()}
    for device, events in sessions_of(out).values():
        following = events[events.index("chat_started") + 1] if len(events) > 2 else "end"
        after[device][{"chat_ended": "resolved", "ticket_solved": "resolved"}.get(following, following)] += 1
    assert after["desktop"]["end"] == 0
    n = sum(after["mobile"].values())
    for outcome, share in (("end", 0.2), ("resolved", 0.8 * 0.7), ("ticket_created", 0.8 * 0.3)):
        assert abs(after["mobile"][outcome] / n - share) < 4 * math.sqrt(share * (1 - share) / n), outcome


def test_segments_by_an_attribute_only_a_where_reads(tmp_path):
    out = tmp_path / "e.parquet"
    # `plan` takes the map's value "team" or one other, evenly, unless `attributes` says otherwise.
    table = {"segments": {"plan": {"team": {"flows": {"b -> c": 0.0}}}}}
    simulate(LINE, out, sessions=500, seed=1, settings=settings(**table))
    rows = pq.read_table(out).to_pylist()
    ends = {row["session"]: row for row in sorted(rows, key=lambda r: r["time"])}
    assert {row["plan"] for row in ends.values() if row["event"] == "c"} == {"other"}
    assert {row["plan"] for row in ends.values() if row["event"] == "b"} == {"team"}


def test_unexpected_transitions_never_lead_to_an_excluded_step(tmp_path):
    journey = journeyspec.load(MAPS / "checkout.journey")[0]
    out = tmp_path / "e.parquet"
    table = {"unexpected": 0.3, "unexpected_exclude": ["purchase"]}
    summary = simulate(journey, out, sessions=3000, seed=2, settings=settings_from_table(table, "t"))
    assert summary.unexpected_transitions > 1000
    for _, events in sessions_of(out).values():
        steps = [e for e in events if e in ("add_payment_info", "purchase")]
        for before, event in pairwise(steps):
            if event == "purchase":
                assert before == "add_payment_info"
        if "purchase" in steps:
            assert steps[0] == "add_payment_info"


def test_sentiment_scores_follow_attribute_shares(tmp_path):
    journey = journeyspec.load(MAPS / "checkout.journey")[0]
    out = tmp_path / "e.parquet"
    table = {"sentiment_rate": 1.0, "attributes": {"csat": {"4": 1, "5": 3}}}
    simulate(journey, out, sessions=2000, seed=4, settings=settings(**table))
    scores = Counter(s for s in pq.read_table(out).column("csat").to_pylist() if s is not None)
    assert set(scores) == {4, 5}
    share = scores[5] / sum(scores.values())
    assert abs(share - 0.75) < 4 * math.sqrt(0.75 * 0.25 / sum(scores.values()))


def test_a_settings_file_is_read_instead_of_the_configuration(tmp_path):
    path = tmp_path / "line.toml"
    path.write_text('[simulate]\ndevices = { kiosk = 1 }\n'
                    '[simulate.segments.device.kiosk]\nflows = { "b -> c" = 0.0 }\n', encoding="utf-8")
    loaded = settings_file(path)
    assert loaded.devices == {"kiosk": 1.0} and loaded.segments.walks["kiosk"].flows == {("b", "c"): 0.0}
    result = CliRunner().invoke(main_group, ["simulate", str(MAPS / "checkout.journey"), "--sessions", "50",
                                             "-o", str(tmp_path / "e.parquet"), "--settings", str(path)])
    assert result.exit_code == 2 and "names `b`" in result.output  # the checkout map has no step `b`


def test_the_example_settings_files_are_valid():
    for journey in ("checkout", "saas_onboarding", "support"):
        loaded = settings_file(Path(__file__).resolve().parents[2] / "examples" / "simulate" / f"{journey}.toml")
        assert loaded.segments is not None


# --- one snapshot per diagnostic the new settings can give ----------------------------------

CHECKOUT = journeyspec.load(MAPS / "checkout.journey")[0]
SEGMENT_ERRORS = {
    "flow-unknown-step": (CHECKOUT, {"segments": {"device": {"mobile": {"flows": {"chekout -> payment": 0.5}}}}}),
    "flow-not-designed": (CHECKOUT, {"segments": {"device": {"mobile": {"flows": {"checkout -> purchase": 0.5}}}}}),
    "flow-shares-above-total": (CHECKOUT, {"flows": {"add_to_cart -> cart": 0.8}}),
    "dropoff-at-unknown-step": (CHECKOUT, {"segments": {"device": {"mobile": {"dropoff_at": {"pay": 0.5}}}}}),
    "segment-unknown-value": (CHECKOUT, {"segments": {"device": {"phone": {"dropoff": 0.5}}}}),
    "segment-not-a-session-attribute": (CHECKOUT, {"segments": {"page": {"/cart": {"dropoff": 0.5}}}}),
    "unexpected-exclude-unknown-step": (CHECKOUT, {"unexpected_exclude": ["purchased"]}),
    "sentiment-score-outside-scale": (CHECKOUT, {"attributes": {"csat": {"9": 1}}}),
}
TABLE_ERRORS = {
    "flow-share-out-of-range": {"flows": {"checkout -> payment": 1.5}},
    "flow-not-one-flow": {"flows": {"checkout": 0.5}},
    "segment-share-out-of-range": {"segments": {"device": {"mobile": {"dropoff_at": {"checkout": -0.1}}}}},
    "segment-unknown-setting": {"segments": {"device": {"mobile": {"think_time": "2m"}}}},
    "segments-by-two-attributes": {"segments": {"device": {"mobile": {"dropoff": 0.5}},
                                                "plan": {"team": {"dropoff": 0.1}}}},
    "segment-not-a-table": {"segments": {"device": "mobile"}},
}


def only_diagnostic(call) -> str:
    with pytest.raises(JourneyspecError) as caught:
        call()
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "JS341"
    return format_diagnostic(diagnostic, None)


@pytest.mark.parametrize("name", sorted(SEGMENT_ERRORS))
def test_settings_that_do_not_fit_the_journey_are_named(name, tmp_path, golden):
    journey, table = SEGMENT_ERRORS[name]
    text = only_diagnostic(lambda: simulate(journey, tmp_path / "e.parquet", sessions=10, seed=0,
                                            settings=settings_from_table(table, "pyproject.toml")))
    golden(f"{name}.txt", text)
    assert not (tmp_path / "e.parquet").exists()  # refused before anything is written


@pytest.mark.parametrize("name", sorted(TABLE_ERRORS))
def test_malformed_flow_and_segment_settings_are_named(name, golden):
    text = only_diagnostic(lambda: settings_from_table(TABLE_ERRORS[name],
                                                       "pyproject.toml [tool.journeyspec.simulate]"))
    golden(f"{name}.txt", text)


def test_a_settings_file_without_a_simulate_table_is_named(tmp_path, golden):
    path = tmp_path / "settings.toml"
    path.write_text("unexpected = 0\n", encoding="utf-8")
    text = only_diagnostic(lambda: settings_file(path))
    golden("settings-file-without-simulate.txt", text.replace(str(tmp_path), "TMP"))
