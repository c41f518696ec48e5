"""The loan-application log of the BPI Challenge 2012, mapped with designed endings (examples/bpic2012/loan.journey).

Every application ends one of four ways. The shares `check` reports are held
against an independent pandas calculation of the rule in spec/metrics.md
("Outcomes"), on the log's own CSV. Skipped when the shared real logs are not
on this machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.engine import SourceConfig
from journeyspec.lang.frontend import compile_text

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "examples" / "bpic2012" / "loan.journey"
LOG = Path("/work/shared/data/real/bpic2012/bpic2012.csv.gz")
CONFIG = SourceConfig(session="case_id", event="activity", time="timestamp")

pytestmark = pytest.mark.skipif(not LOG.exists(), reason="the shared real logs are not on this machine")


@pytest.fixture(scope="module")
def log():
    """The CSV as pandas reads it, each case's events in time order, ties in file order (as the engine)."""
    import pandas as pd

    frame = pd.read_csv(LOG)
    frame["t"] = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601")
    return frame.reset_index().sort_values(["case_id", "t", "index"], kind="mergesort")


@pytest.fixture(scope="module")
def expected(log):
    """The outcome of every application, by the rule written plainly: success wins, else the last ending."""
    import pandas as pd

    cases = log["case_id"].unique()
    outcome = pd.Series("abandoned", index=cases)
    last_ending = log[log["activity"].isin(["A_DECLINED", "A_CANCELLED"])].groupby("case_id")["activity"].last()
    outcome[last_ending.index] = last_ending.map({"A_DECLINED": "declined", "A_CANCELLED": "cancelled"})
    outcome[log.loc[log["activity"] == "A_ACTIVATED", "case_id"].unique()] = "success"
    return outcome


@pytest.fixture(scope="module")
def checked():
    return journeyspec.check(str(MAP), str(LOG), config=CONFIG).journeys[0]


def test_the_map_validates_strictly():
    result = CliRunner().invoke(main_group, ["validate", "--strict", str(MAP)])
    assert result.exit_code == 0, result.output
    assert "1 file valid" in result.stderr


def test_without_end_its_endings_are_dead_ends():
    text = MAP.read_text(encoding="utf-8").replace("  end declined, cancelled\n", "")
    found = compile_text(text, "loan.journey").diagnostics
    assert sorted((d.code, d.message.split("`")[1]) for d in found) == [
        ("JS205", "cancelled"), ("JS205", "declined"), ("JS205", "offer_declined")]


def test_outcome_shares_match_pandas(checked, expected):
    counts = expected.value_counts()
    found = {(o.step or o.kind): o.paths for o in checked.outcomes}
    assert found == {"success": counts["success"], "declined": counts["declined"],
                     "cancelled": counts["cancelled"], "abandoned": counts["abandoned"]}
    assert found == {"success": 2_246, "declined": 7_635, "cancelled": 2_807, "abandoned": 399}
    assert checked.population == len(expected) == 13_087


def test_dropoff_at_offer_sent_matches_pandas(checked, log, expected):
    steps = log[log["activity"].str.match(r"^[AO]_")]
    last = steps.groupby("case_id")["activity"].last()
    sent = steps.loc[steps["activity"] == "O_SENT", "case_id"].unique()
    abandoned = [case for case in sent if last[case] == "O_SENT" and expected[case] == "abandoned"]
    measured = next(e for e in checked.expectations if e.kind == "dropoff")
    assert (measured.successes, measured.population) == (len(abandoned), len(sent)) == (240, 5_015)


def test_no_ending_is_a_gap_in_fix_first(checked):
    endings = {"declined", "cancelled"}
    for item in checked.impact:
        assert item.step not in endings
        assert not (set(item.transition or ()) & endings)
    # The applications cancelled with their offer (A_CANCELLED, then O_CANCELLED) ended by design.
    assert all(item.step != "offer_cancelled" for item in checked.impact)


def test_without_end_the_cancelled_applications_were_the_first_gap():
    text = MAP.read_text(encoding="utf-8").replace("  end declined, cancelled\n", "")
    journey = compile_text(text, "loan.journey").document.journeys[0]
    first = journeyspec.check(journey, str(LOG), config=CONFIG).journeys[0].impact[0]
    assert (first.kind, first.step, first.sessions) == ("dropoff", "offer_cancelled", 870)
