"""One session of 100,000 events: text reports show its path's ends, not every step; JSON keeps them all."""

from __future__ import annotations

import json
import re

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
    assert path_text(steps, 4) == "s0 → s1 → … 996 steps … → s998 → s999"
    assert path_text(steps[:5], 4, arrow=" -> ") == "s0 -> s1 -> … 1 step … -> s3 -> s4"


@pytest.mark.parametrize("path, shown", [
    (["a", "b"] * 12, "(a → b) ×12"),
    (["h", *["p", "c"] * 12, "y"], "h → (p → c) ×12 → y"),
    (["x"] * 5 + ["y"], "x ×5 → y"),
    (list("abcabcabcd"), "(a → b → c) ×3 → d"),
    (list("ababc"), "a → b → a → b → c"),  # a loop leaving out fewer than 3 steps stays as it is
    (list("aaaab"), "a ×4 → b"),
])
def test_loops_are_collapsed(path, shown):
    assert path_text(path) == shown


def test_loops_and_elision_together_count_every_step():
    path = ["h", *[f"s{i}" for i in range(800)], *["a", "b"] * 20]
    # 1 + 800 + 40 = 841 steps: h, s0, s1 and s798, s799, (a -> b) x20 shown; 841 - 3 - 42 = 796 left out.
    assert path_text(path, 6) == "h → s0 → s1 → … 796 steps … → s798 → s799 → (a → b) ×20"


def test_a_path_of_a_million_steps_costs_what_its_ends_cost():
    import time

    path = [f"s{i % 7}" for i in range(1_000_000)]
    started = time.perf_counter()
    assert path_text(path) == "(s0 → s1 → s2 → s3 → s4 → s5 → s6) ×142,857 → s0"
    assert time.perf_counter() - started < 1


def test_evidence_lines_are_capped_and_shared_among_kinds():
    from journeyspec.check.reports.path_text import shown_evidence
    from journeyspec.check.result import Evidence

    paths = [Evidence(kind="variant", path=("a",), count=1, note="paths") for _ in range(5)]
    slow = [Evidence(kind="transition", path=("a", "b"), count=1, note="slow") for _ in range(5)]
    shown, left_out = shown_evidence(paths + slow)
    assert [e.note for e in shown] == ["paths"] * 3 + ["slow"] * 2 and left_out == 5
    assert shown_evidence(paths[:2]) == (paths[:2], 0)


@pytest.mark.parametrize("fmt", ["text", "markdown", "junit"])
def test_reports_for_people_stay_small(result, fmt):
    (journey,) = result.journeys
    longest = max(len(v.path) for v in journey.variants)
    assert longest > 50_000  # repeats collapse, but the path stays long
    text = report(result, fmt)
    assert len(text.encode()) < 30_000, len(text)
    # Markdown writes the parenthesis as a character reference, as it does every user-facing bracket.
    assert re.search(r"… [\d,]+ steps …", text)


def test_json_keeps_every_step(result):
    (journey,) = json.loads(report(result, "json"))["journeys"]
    assert max(len(v["path"]) for v in journey["variants"]) == max(len(v.path) for v in result.journeys[0].variants)


def test_a_failing_expectation_in_pytest_stays_small(result):
    (failed,) = [e for e in result.journeys[0].expectations if e.kind == "conformance"]
    text = describe_result(failed)
    assert len(text) < 5_000 and re.search(r"… [\d,]+ steps … ->", text)


def test_paths_stays_small(long_session):
    out = CliRunner().invoke(main_group, ["paths", str(long_session / "shop.journey"), "--data",
                                          str(long_session / "events.parquet"), "--time-format", "epoch_s"])
    assert out.exit_code == 0, out.output
    # The table may wrap the path inside its cell.
    assert len(out.stdout.encode()) < 30_000 and re.search(r"…[\s│]+[\d,]+[\s│]+steps[\s│]+…", out.stdout)
