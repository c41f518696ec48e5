"""Presets for analytics exports: a map checks against each export's own schema with no column flags.

Each fixture in tests/engine/fixtures/presets/ is a small shop log written in
one export's real schema (see make_fixtures.py there). Each test reads the
file a second time, independently, with pandas, json and plain Python —
sessions keyed as the vendor documents them, steps decided by hand-written
tests of the same conditions, pairs and quantiles by their definitions — and
compares every figure with what the engine reduced. Each map names a nested
property where the export has them (a JSON text column, GA4's key/value
lists, a struct, PostHog's and Mixpanel's `$` properties).
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.engine import SourceConfig, reduce

FIXTURES = Path(__file__).parent / "fixtures" / "presets"
GAP = 30 * 60


def journey_text(conditions: list[str], where: str) -> str:
    steps = "".join(f'    step s{i} "Step {i}" {{\n      when {c}\n    }}\n' for i, c in enumerate(conditions))
    return (f'journey shop "Shop" {{\n  stage main "Main" {{\n{steps}  }}\n  start s0\n  success s3\n'
            f"  flow s0 -> s1 -> s2 -> s3\n  expect conversion s0 -> s3 >= 1%\n  expect time p50 s0 -> s3 <= 2h\n"
            f"  expect reach s3 >= 1% where {where}\n}}\n")


@dataclass(frozen=True)
class Case:
    file: str
    conditions: list[str]
    where: str
    rows: Callable[[Path], list[dict]]  # per row: key (None: skipped), t (seconds), step (0-3 or None), where
    gap: bool = False  # the rows' keys are users: cut them into sessions after 30 minutes


def first_step(tests: list[bool]) -> int | None:
    return next((i for i, hit in enumerate(tests) if hit), None)


# --- independent readings, one per export ----------------------------------------------------------------


def ga4_rows(path: Path) -> list[dict]:
    rows = []
    for r in pd.read_parquet(path).to_dict("records"):
        params = {p["key"]: p["value"] for p in r["event_params"]}

        def param(key, params=params):
            value = params.get(key)
            if value is None:
                return None
            return next((value[k] for k in ("string_value", "int_value", "double_value", "float_value")
                         if value[k] is not None and not (isinstance(value[k], float) and math.isnan(value[k]))), None)

        session = param("ga_session_id")
        event, page, value = r["event_name"], param("page_location") or "", param("value")
        rows.append({
            "key": None if session is None else f"{r['user_pseudo_id']}#{session}",
            "t": r["event_timestamp"] / 1e6,
            "step": first_step([event == "view_item" or (event == "page_view" and "/product/" in page),
                                event == "add_to_cart", event == "begin_checkout",
                                event == "purchase" and value is not None and value > 0]),
            "where": r["device"]["category"] == "mobile",
        })
    return rows


def posthog_rows(path: Path) -> list[dict]:
    rows = []
    for r in pd.read_parquet(path).to_dict("records"):
        props = json.loads(r["properties"])
        event = r["event"]
        rows.append({
            "key": props.get("$session_id"),
            "t": r["timestamp"].timestamp(),
            "step": first_step([event == "$pageview" and "/product/" in props.get("$current_url", ""),
                                event == "product added", event == "checkout started",
                                event == "order completed" and props.get("revenue", 0) >= 1]),
            "where": props.get("$device_type") == "Mobile",
        })
    return rows


def segment_rows(path: Path) -> list[dict]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = []
    for r in frame.to_dict("records"):
        event = r["event"]
        rows.append({
            "key": r["anonymous_id"] or r["user_id"] or None,
            "t": pd.Timestamp(r["timestamp"]).timestamp(),
            "step": first_step([event == "product_viewed" and r["context_page_path"].startswith("/product/"),
                                event == "product_added", event == "checkout_started", event == "order_completed"]),
            "where": r["context_library_name"] == "analytics.js" and r["user_id"] == "",
        })
    return rows


def snowplow_rows(path: Path) -> list[dict]:
    rows = []
    for r in pd.read_parquet(path).to_dict("records"):
        event, cart = r["event_name"], r["unstruct_event_com_snowplowanalytics_snowplow_add_to_cart_1"]
        rows.append({
            "key": r["domain_sessionid"],
            "t": r["derived_tstamp"].timestamp(),
            "step": first_step([event == "page_view" and r["page_urlpath"].startswith("/product/"),
                                event == "add_to_cart" and cart is not None and cart["quantity"] >= 1,
                                event == "checkout_step", event == "transaction"]),
            "where": r["platform"] == "mob",
        })
    return rows


def amplitude_rows(path: Path) -> list[dict]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            event, props = r["event_type"], r["event_properties"]
            rows.append({
                "key": None if r["session_id"] == -1 else f"{r['amplitude_id']}#{r['session_id']}",
                "t": pd.Timestamp(r["event_time"], tz="UTC").timestamp(),
                "step": first_step([event == "Product Viewed" and props.get("category") in ("shoes", "socks"),
                                    event == "Product Added", event == "Checkout Started", event == "Order Completed"]),
                "where": r["platform"] == "iOS",
            })
    return rows


def mixpanel_rows(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        event, props = r["event"], r["properties"]
        rows.append({
            "key": props["distinct_id"],
            "t": float(props["time"]),
            "step": first_step([event == "Product Viewed" and "/product/" in props["$current_url"],
                                event == "Add To Cart", event == "Checkout", event == "Purchase" and props["amount"] > 0]),
            "where": props["$os"] == "iOS",
        })
    return rows


CASES = {
    "ga4": Case("ga4_events_20240312.parquet",
                ['event == "view_item" or (event == "page_view" and event_params.page_location ~ "/product/")',
                 'event == "add_to_cart"', 'event == "begin_checkout"',
                 'event == "purchase" and event_params.value > 0'],
                'device == "mobile"', ga4_rows),
    "posthog": Case("posthog_events.parquet",
                    ['event == "$pageview" and properties.current_url ~ "/product/"', 'event == "product added"',
                     'event == "checkout started"', 'event == "order completed" and properties.revenue >= 1'],
                    'device == "Mobile"', posthog_rows),
    "segment": Case("segment_tracks.csv",
                    ['event == "product_viewed" and context_page_path ~ "^/product/"', 'event == "product_added"',
                     'event == "checkout_started"', 'event == "order_completed"'],
                    'context_library_name == "analytics.js" and not user_id exists', segment_rows, gap=True),
    "snowplow": Case("snowplow_events.parquet",
                     ['event == "page_view" and page_urlpath ~ "^/product/"',
                      'event == "add_to_cart" and unstruct_event_com_snowplowanalytics_snowplow_add_to_cart_1.quantity >= 1',
                      'event == "checkout_step"', 'event == "transaction"'],
                     'device == "mob"', snowplow_rows),
    "amplitude": Case("amplitude_export.json.gz",
                      ['event == "Product Viewed" and event_properties.category in ["shoes", "socks"]',
                       'event == "Product Added"', 'event == "Checkout Started"', 'event == "Order Completed"'],
                      'device == "iOS"', amplitude_rows),
    "mixpanel": Case("mixpanel_export.jsonl",
                     ['event == "Product Viewed" and properties.current_url ~ "/product/"', 'event == "Add To Cart"',
                      'event == "Checkout"', 'event == "Purchase" and properties.amount > 0'],
                     'properties.os == "iOS"', mixpanel_rows, gap=True),
}


# --- the figures, by their definitions (spec/data-semantics.md) ------------------------------------------


def quantile_cont(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q
    low = math.floor(rank)
    if rank == low:
        return ordered[low]
    return ordered[low] * (1 - (rank - low)) + ordered[low + 1] * (rank - low)


def sessions_of(rows: list[dict], gap: bool) -> list[list[dict]]:
    by_key: dict[str, list[dict]] = {}
    for index, row in enumerate(rows):
        if row["key"] is not None:
            by_key.setdefault(row["key"], []).append({**row, "index": index})
    sessions = []
    for events in by_key.values():
        events.sort(key=lambda e: (e["t"], e["index"]))
        current = [events[0]]
        for previous, event in itertools.pairwise(events):
            if gap and event["t"] - previous["t"] > GAP:
                sessions.append(current)
                current = []
            current.append(event)
        sessions.append(current)
    return sessions


def expected_figures(case: Case) -> dict:
    rows = case.rows(FIXTURES / case.file)
    population = [s for s in sessions_of(rows, case.gap) if any(e["step"] is not None for e in s)]
    durations = []
    for session in population:
        first_a = next((e for e in session if e["step"] == 0), None)
        if first_a is None:
            continue
        after = [e for e in session if e["step"] == 3 and (e["t"], e["index"]) > (first_a["t"], first_a["index"])]
        if after:
            durations.append(after[0]["t"] - first_a["t"])
    where = [s for s in population if s[0]["where"]]
    return {
        "rows": len(rows),
        "skipped": sum(r["key"] is None for r in rows),
        "step_events": sum(r["key"] is not None and r["step"] is not None for r in rows),
        "sessions": len(population),
        "reached": [sum(any(e["step"] == i for e in s) for s in population) for i in range(4)],
        "converted": len(durations),
        "p50": quantile_cont(durations, 0.5) if durations else None,
        "where_sessions": len(where),
        "where_success": sum(any(e["step"] == 3 for e in s) for s in where),
    }


def engine_figures(facts) -> dict:
    population, pair = facts.population, facts.population.pair("s0", "s3")
    (where,) = facts.filtered
    return {
        "rows": facts.totals.rows,
        "skipped": facts.totals.skipped_null_session,
        "step_events": facts.totals.step_events,
        "sessions": population.sessions,
        "reached": [population.step(f"s{i}").reached for i in range(4)],
        "converted": pair.converted,
        "p50": pair.time.p50,
        "where_sessions": where.sessions,
        "where_success": where.success,
    }


@pytest.mark.parametrize("name", CASES)
def test_a_map_checks_against_each_export_with_only_the_preset(name: str):
    case = CASES[name]
    journey = journeyspec.parse(journey_text(case.conditions, case.where)).journeys[0]
    facts = reduce(journey, str(FIXTURES / case.file), config=SourceConfig(preset=name))
    got, want = engine_figures(facts), expected_figures(case)
    assert got["p50"] == pytest.approx(want.pop("p50"), abs=1e-6) and want["converted"] > 0
    got.pop("p50")
    assert got == want
    # Not a vacuous fixture: several sessions, a funnel that narrows, a `where` that splits them.
    assert want["sessions"] >= 4 and want["reached"][0] > want["reached"][3] > 0
    assert 0 < want["where_sessions"] < want["sessions"]


# How each export holds its time, as the report's header says it: the preset's unit goes through the one
# reading of time (engine/source/times.py) like a unit the user sets; text is read as ISO-8601, never guessed.
TIME_READ = {
    "ga4": ("event_timestamp", "integer", "epoch_us", "UTC"),
    "posthog": ("timestamp", "timestamp with time zone", None, None),
    "segment": ("timestamp", "text", "ISO-8601", None),  # every time carries its offset
    "snowplow": ("derived_tstamp", "timestamp with time zone", None, None),
    "amplitude": ("event_time", "text", "ISO-8601", "UTC"),  # `2024-03-12 09:02:27.000000`, UTC by Amplitude's word
    "mixpanel": ("properties.time", "integer", "epoch_s", "UTC"),
}


@pytest.mark.parametrize("name", CASES)
def test_each_preset_time_is_read_as_its_export_holds_it(name: str):
    case = CASES[name]
    journey = journeyspec.parse(journey_text(case.conditions, case.where)).journeys[0]
    facts = reduce(journey, str(FIXTURES / case.file), config=SourceConfig(preset=name))
    read = facts.time_read
    assert (read.column, read.type, read.format, read.zone) == TIME_READ[name]
    assert read.unused_format is None and facts.time_warnings == ()


def test_what_each_fixture_is_there_to_catch():
    # GA4: two users start a session in the same second (same ga_session_id): two sessions, not one;
    # and a Measurement Protocol refund without ga_session_id is skipped and counted.
    ga4 = pd.read_parquet(FIXTURES / CASES["ga4"].file)
    ids = ga4["event_params"].map(lambda ps: next((p["value"]["int_value"] for p in ps if p["key"] == "ga_session_id"), None))
    shared = ga4.assign(sid=ids).dropna(subset=["sid"]).groupby("sid")["user_pseudo_id"].nunique()
    assert (shared > 1).any()
    assert expected_figures(CASES["ga4"])["skipped"] == 1
    # Amplitude: session_id -1 is an event outside any session; PostHog: an event without $session_id.
    assert expected_figures(CASES["amplitude"])["skipped"] == 1
    assert expected_figures(CASES["posthog"])["skipped"] == 1
    # Segment: a user signs in at checkout (user_id appears), and the session must not break there.
    segment = pd.read_csv(FIXTURES / CASES["segment"].file, dtype=str, keep_default_na=False)
    assert ((segment["user_id"] != "") & (segment["anonymous_id"] != "")).any()


@pytest.mark.parametrize("name", CASES)
def test_the_cli_reads_a_configured_preset_with_no_column_flags(name: str, tmp_path, monkeypatch):
    case = CASES[name]
    (tmp_path / "shop.journey").write_text(journey_text(case.conditions, case.where), encoding="utf-8")
    (tmp_path / "journeyspec.toml").write_text(
        f'[sources.default]\ndata = "{(FIXTURES / case.file).as_posix()}"\npreset = "{name}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main_group, ["check", "shop.journey", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)["journeys"][0]
    want = expected_figures(case)
    assert report["metrics"]["sessions"] == want["sessions"]
    assert report["metrics"]["success"] == want["reached"][3]


def test_the_preset_flag_overrides_and_is_overridden_key_by_key(tmp_path):
    case = CASES["ga4"]
    journey = journeyspec.parse(journey_text(case.conditions, case.where)).journeys[0]
    source = str(FIXTURES / case.file)
    # An explicit user column wins over the preset's; the preset still reads its GA4 sessions.
    facts = reduce(journey, source, config=SourceConfig(preset="ga4", user="user_id"))
    assert facts.population.sessions == expected_figures(case)["sessions"]
    # A gap set by the user cuts sessions from the user instead of ga_session_id.
    gapped = reduce(journey, source, config=SourceConfig(preset="ga4").with_overrides(gap="30m"))
    assert gapped.totals.skipped_null_session == 0  # the refund has a user, so it is no longer skipped
    # A time column set by the user drops the preset's unit with it.
    config = SourceConfig(preset="ga4", time="event_date").resolved()
    assert config.time == "event_date" and config.time_format is None
    # --preset on the command line over a configured source.
    assert SourceConfig(preset="segment").with_overrides(preset="snowplow").resolved().event == "event_name"


def test_a_device_the_export_lacks_is_left_unmapped(tmp_path):
    frame = pd.read_parquet(FIXTURES / CASES["snowplow"].file).drop(columns=["platform"])
    frame.to_parquet(tmp_path / "events.parquet")
    journey = journeyspec.parse(journey_text(CASES["snowplow"].conditions, 'event == "page_view"')).journeys[0]
    facts = reduce(journey, str(tmp_path / "events.parquet"), config=SourceConfig(preset="snowplow"))
    assert facts.population.sessions == expected_figures(CASES["snowplow"])["sessions"]


def test_check_by_a_preset_device_and_by_a_nested_field(tmp_path, monkeypatch):
    case = CASES["ga4"]
    (tmp_path / "shop.journey").write_text(journey_text(case.conditions, case.where), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    source = str(FIXTURES / case.file)
    rows = case.rows(FIXTURES / case.file)
    frame = pd.read_parquet(FIXTURES / case.file)
    population = [s for s in sessions_of(rows, False) if any(e["step"] is not None for e in s)]
    # The segment of a session is its first event's value: device.category, then ga_session_number.
    device = [frame.iloc[s[0]["index"]]["device"]["category"] for s in population]
    number = [next(str(int(p["value"]["int_value"])) for p in frame.iloc[s[0]["index"]]["event_params"]
                   if p["key"] == "ga_session_number") for s in population]
    for by, values in (("device", device), ("event_params.ga_session_number", number)):
        result = CliRunner().invoke(main_group, ["check", "shop.journey", "--data", source, "--preset", "ga4",
                                                 "--by", by, "--format", "json"])
        assert result.exit_code in (0, 1), result.output
        segments = json.loads(result.stdout)["journeys"][0]["segments"]
        got = {s["value"]: s["metrics"]["sessions"] for s in segments}
        assert got == {v: values.count(v) for v in set(values)} and len(got) > 1
