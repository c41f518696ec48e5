"""Conditions on fields inside a column: JSON text, key/value lists, records; each event one session.

Every row below is its own session with one event, so the sessions a one-step
map counts are exactly the rows whose event passes its `when`. The expected
counts are worked out by hand from the rows' properties.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import journeyspec
from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import SourceConfig, reduce

PROPERTIES = [
    {"$current_url": "https://s.example/product/1", "revenue": 12.5, "plan": "pro", "beta": True},
    {"$current_url": "https://s.example/cart", "revenue": "12", "plan": "free"},  # revenue as text
    {"current_url": "/plain", "$current_url": "/dollar", "revenue": 0},  # the plain key wins
    {"plan": None, "nested": {"depth": 2}},  # a JSON null is no value
    {},
]


def one_step(condition: str):
    return journeyspec.parse(
        f'journey j "J" {{\n  stage s "S" {{\n    step a "A" {{\n      when {condition}\n    }}\n  }}\n'
        "  start a\n  success a\n}\n").journeys[0]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A PostHog-shaped export: `properties` is JSON text."""
    path = tmp_path_factory.mktemp("nested") / "events.parquet"
    n = len(PROPERTIES)
    pq.write_table(pa.table({
        "uuid": [f"u{i}" for i in range(n)], "event": ["$pageview"] * n, "distinct_id": [f"d{i}" for i in range(n)],
        "properties": [json.dumps({**p, "$session_id": f"s{i}"}) for i, p in enumerate(PROPERTIES)],
        "timestamp": pa.array([1_710_000_000_000_000 + i for i in range(n)], pa.timestamp("us", tz="UTC")),
    }), path)
    return str(path)


@pytest.mark.parametrize("condition, sessions", [
    ('properties.current_url ~ "/product/"', 1),          # `$current_url` found without the `$`
    ('properties.current_url == "/plain"', 1),            # `current_url` itself wins over `$current_url`
    ("properties.revenue >= 12", 2),                      # 12.5, and "12" read as a number
    ('properties.revenue == "12"', 1),                    # as text, the text "12" only (12.5 is "12.5")
    ("properties.revenue exists", 3),
    ("not properties.revenue exists", 2),
    ('properties.plan in ["pro", "free"]', 2),
    ("properties.plan exists", 2),                        # a JSON null is no value
    ("properties.beta == true", 1),
    ("properties.nested.depth == 2", 1),
    ('properties.revenue in [0, "12"]', 2),               # each literal read as its own kind
    ('not properties.plan == "pro"', 4),
])
def test_a_condition_inside_json_text(export, condition, sessions):
    facts = reduce(one_step(condition), export, config=SourceConfig(preset="posthog"))
    assert facts.totals.rows == len(PROPERTIES) and facts.population.sessions == sessions


def test_a_record_field_keeps_its_type_and_is_checked(tmp_path):
    path = tmp_path / "events.parquet"
    pq.write_table(pa.table({
        "session": ["a", "b"], "time": ["2024-01-01T10:00:00", "2024-01-01T10:01:00"], "event": ["x", "x"],
        "device": [{"category": "mobile", "$os": "iOS"}, {"category": "desktop", "$os": "Windows"}],
    }), path)
    facts = reduce(one_step('device.os == "iOS"'), str(path))
    assert facts.population.sessions == 1
    with pytest.raises(JourneyspecError) as error:
        reduce(one_step("device.category == 3"), str(path))
    assert error.value.diagnostics[0].code == "JS308"
    with pytest.raises(JourneyspecError) as error:
        reduce(one_step('device.model == "x"'), str(path))
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS303" and "has no field `model`" in diagnostic.message


def test_a_canonical_setting_may_name_a_nested_field(tmp_path):
    path = tmp_path / "events.parquet"
    pq.write_table(pa.table({
        "session": ["a", "a", "b"], "time": ["2024-01-01T10:00:00", "2024-01-01T10:01:00", "2024-01-01T10:02:00"],
        "event": ["x", "x", "x"], "device": [{"category": "mobile"}, {"category": "desktop"}, {"category": "mobile"}],
    }), path)
    journey = journeyspec.parse(
        'journey j "J" {\n  stage s "S" {\n    step a "A" {\n      when event == "x"\n    }\n  }\n'
        '  start a\n  success a\n  expect switches device <= 100%\n  expect reach a >= 1% where device == "mobile"\n}\n'
    ).journeys[0]
    facts = reduce(journey, str(path), config=SourceConfig(device="device.category"))
    assert facts.population.switch("device").sessions == 1 and facts.filtered[0].sessions == 2
