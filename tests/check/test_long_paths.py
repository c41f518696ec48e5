"""One session of 100,000 events: text reports show its path's ends, not every step; JSON keeps them all."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.check.reports import report
from journeyspec.check.reports.path_text import path_text
from journeyspec.cli import main_group
from journeyspec.engine import SourceConfig
from journeyspec.testing.failure import describe_result
from tests.check.helpers import MAP as SHOP

# One session cannot settle an interval: judged by the point estimate, the failures show their paths.
MAP = SHOP.replace("  value 100 EUR\n", "  value 100 EUR\n  judge by point estimate\n")

EVENTS = 100_000
pytestmark = pytest.mark.slow  # checking one path of 75,000 steps takes a few seconds


@pytest.fixture(scope="module")
def long_session(tmp_path_factory):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path_factory.mktemp("long-session")
    names = np.array(["home", "product", "cart", "pay"])[np.random.default_rng(1).integers(0, 4, EVENTS)]
    table = pa.table({
        "session": pa.array(np.full(EVENTS, "S1")),
        "time": pa.array(1_700_000_000 + np.arange(EVENTS), pa.int64()),
        "event": pa.array(names),
        "device": pa.array(np.full(EVENTS, "mobile")),
        "csat": pa.nulls(EVENTS, pa.float64()),
    })
    pq.write_table(table, folder / "events.parquet")
    (folder / "shop.journey").write_text(MAP, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def result(long_session):
    shop = journeyspec.parse(MAP, "shop.journey").journeys[0]
    return journeyspec.check(shop, str(long_session / "events.parquet"), config=SourceConfig(time_format="epoch_s"))


def test_a_short_path_is_shown_whole_and_a_long_one_by_its_ends():
    assert path_text(["a", "b", "c"]) == "a → b → c"
    steps = [f"s{i}" for i in range(1000)]
    assert path_text(steps, 4) == "s0 → s1 → … (996 more steps) … → s998 → s999"
    assert path_text(steps[:5], 4, arrow=" -> ") == "s0 -> s1 -> … (1 more step) … -> s3 -> s4"


@pytest.mark.parametrize("fmt", ["text", "markdown", "junit"])
def test_reports_for_people_stay_small(result, fmt):
    (journey,) = result.journeys
    longest = max(len(v.path) for v in journey.variants)
    assert longest > 50_000  # repeats collapse, but the path stays long
    text = report(result, fmt)
    assert len(text.encode()) < 30_000, len(text)
    # Markdown writes the parenthesis as a character reference, as it does every user-facing bracket.
    assert ("more steps&#41; …" if fmt == "markdown" else "more steps) …") in text


def test_json_keeps_every_step(result):
    (journey,) = json.loads(report(result, "json"))["journeys"]
    assert max(len(v["path"]) for v in journey["variants"]) == max(len(v.path) for v in result.journeys[0].variants)


def test_a_failing_expectation_in_pytest_stays_small(result):
    (failed,) = [e for e in result.journeys[0].expectations if e.kind == "conformance"]
    text = describe_result(failed)
    assert len(text) < 5_000 and "more steps) … ->" in text


def test_paths_stays_small(long_session):
    out = CliRunner().invoke(main_group, ["paths", str(long_session / "shop.journey"), "--data",
                                          str(long_session / "events.parquet"), "--time-format", "epoch_s"])
    assert out.exit_code == 0, out.output
    assert len(out.stdout.encode()) < 30_000 and "more steps) …" in out.stdout
