"""The stage table flags a stage designed positive only on evidence (spec/metrics.md, "Impact": Stages).

1,000 paths: 400 view then buy (the success step), 600 view and leave. Friction: 20 paths at view
(2.0%), 9 at buy (2.25%). 40 feedback scores of 1 on a 1..5 scale at view (emotion -3).

Ranked against each other, buy has the worse friction, and the old rule ("the worst third") called
the success stage "designed positive, among the worst". 9/400 - 20/1000 has the Newcombe interval
-1.2 to +2.2 points, which holds 0: chance, no flag. View's drop-off, 600 of 1,000 against
0 of 400 at buy, is no chance: flagged; so is its observed emotion, -3 over 40 scores.
"""

from __future__ import annotations

import pytest

import journeyspec
from journeyspec.engine import SourceConfig

MAP = """\
journey shop "Shop" {
  stage browse "Browse" {
    emotion +1
    step view "View" {
      when event == "view"
    }
  }
  stage buy "Buy" {
    emotion +2
    step bought "Buy" {
      when event == "buy"
    }
  }
  start view
  success bought
  flow view -> bought
  friction event == "error"
  sentiment csat 1..5
}
"""


def _events(folder, scale: int = 1):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for n in range(1000 // scale):
        names = ["view", "buy"] if n < 400 // scale else ["view"]
        if n < 10 // scale or (n >= 400 // scale and n < 410 // scale):
            names.insert(1, "error")  # friction at view
        if n < 9 // scale:
            names.append("error")  # friction at buy
        rows += [{"session": f"S{n}", "time": 1_700_000_000 + i, "event": e, "csat": None}
                 for i, e in enumerate(names)]
        if 450 // scale <= n < 490 // scale:
            rows.append({"session": f"S{n}", "time": 1_700_000_100, "event": "feedback", "csat": 1.0})
    path = folder / f"events-{scale}.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    return str(path)


def _stages(tmp_path, scale=1):
    journey = journeyspec.parse(MAP).journeys[0]
    result = journeyspec.check(journey, _events(tmp_path, scale), config=SourceConfig(time_format="epoch_s"))
    return {s.stage: s for s in result.journeys[0].stages}


def test_a_success_stage_positive_as_designed_is_not_flagged(tmp_path):
    stages = _stages(tmp_path)
    buy, browse = stages["buy"], stages["browse"]
    assert (buy.friction, buy.dropoff, buy.reached) == (pytest.approx(9 / 400), 0.0, 400)
    assert (browse.friction, browse.dropoff) == (pytest.approx(20 / 1000), pytest.approx(0.6))
    assert not buy.flagged and buy.flags == ()
    assert browse.flags == ("dropoff", "emotion") and browse.observed_emotion == -3.0
    assert (browse.dropoff_interval.low, browse.dropoff_interval.high) == (
        pytest.approx(0.5694, abs=1e-4), pytest.approx(0.6299, abs=1e-4))  # Wilson, 600 of 1,000


def test_too_few_paths_flag_nothing(tmp_path):
    stages = _stages(tmp_path, scale=50)  # 20 paths
    assert all(s.too_few_paths and not s.flagged for s in stages.values())
    assert stages["browse"].dropoff == pytest.approx(12 / 20)  # the rate is still shown
