"""A real log without a clock: the MSNBC.com page views (UCI, CC BY 4.0), checked in order-only mode.

`../shared/data/real/msnbc_web_sessions/msnbc_first10000_users.csv` holds the
first 10,000 users' page-category requests of 28 September 1999, in order
(`step`), with no time at all (see its README: Cadez et al. 2003, UCI).
Every figure is compared with an independent pandas calculation written
from the metric definitions in spec/metrics.md; the `time` expectation gets
JS326 at its line. Skipped when the shared data is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import journeyspec
from journeyspec.diagnostics import JourneyspecError

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "msnbc_web_sessions" \
    / "msnbc_first10000_users.csv"
pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"{DATA} is not on this machine")

STEPS = {"frontpage": "front", "news": "news", "sports": "sports", "weather": "weather"}
MAP = """\
journey news "News reading" {
  stage arrive "Arrive" {
    step front "Front page" {
      when event == "frontpage"
    }
  }
  stage read "Read" {
    step news "News" {
      when event == "news"
    }
    step sports "Sports" {
      when event == "sports"
    }
    step weather "Weather" {
      when event == "weather"
    }
  }
  start front
  success news
  flow front -> news
  flow front -> sports
  flow front -> weather
  flow sports -> news
  expect reach news >= 10%
  expect conversion front -> news >= 10%
  expect conversion sports -> news >= 5%
  expect dropoff at front <= 90%
  expect dropoff at weather <= 90%
}
"""
SOURCE = {"session": "user_id", "event": "page_category", "time": False, "order": "step"}


def independent_paths() -> dict:
    """Each user's path, from the CSV with pandas alone: step events sorted by `step`, repeats collapsed."""
    import pandas as pd

    events = pd.read_csv(DATA)
    events = events[events["page_category"].isin(STEPS)].sort_values(["user_id", "step"], kind="stable")
    paths = {}
    for user, rows in events.groupby("user_id", sort=False):
        path: list[str] = []
        for name in rows["page_category"]:
            if not path or path[-1] != STEPS[name]:
                path.append(STEPS[name])
        paths[user] = path
    return paths


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("news")
    (folder / "news.journey").write_text(MAP, encoding="utf-8")
    return journeyspec.check(str(folder / "news.journey"), str(DATA), overrides=SOURCE).journeys[0]


def test_every_order_only_metric_matches_pandas(checked):
    paths = independent_paths()
    n = len(paths)
    assert checked.population == n == 5_597

    def with_step(step):
        return [p for p in paths.values() if step in p]

    def converts(path, source, target):
        return target in path[path.index(source) + 1:]

    assert checked.metric("reach", "news") == sum("news" in p for p in paths.values()) / n
    for source, target in (("front", "news"), ("sports", "news")):
        base = with_step(source)
        assert checked.metric("conversion", source, target) == sum(converts(p, source, target) for p in base) / len(base)
    for step in ("front", "weather", "sports"):
        base = with_step(step)
        # Drop-off (spec/metrics.md): paths that never reach success (`news`) and end at the step.
        assert checked.metric("dropoff", step) == sum(p[-1] == step and "news" not in p for p in base) / len(base)
        assert checked.steps[step].reached == len(base)
    assert checked.totals.rows == 55_505 and checked.totals.skipped == 0
    variants = {}
    for path in paths.values():
        variants[tuple(path)] = variants.get(tuple(path), 0) + 1
    assert checked.distinct_variants == len(variants)
    assert {v.path: v.count for v in checked.variants} == {path: variants[path] for path in
                                                           (v.path for v in checked.variants)}
    assert sum(v.count for v in checked.variants) + checked.other_variants == n
    assert [v.count for v in checked.variants] == sorted(variants.values(), reverse=True)[:len(checked.variants)]
    assert all(t.p50 is None and t.p90 is None for t in checked.transitions)
    assert checked.time_read.column is None and checked.time_read.order == "step"


def test_a_time_expectation_is_refused_at_its_line(tmp_path):
    text = MAP.replace("  expect reach news >= 10%\n", "  expect reach news >= 10%\n  expect time p50 front -> news <= 5m\n")
    (tmp_path / "news.journey").write_text(text, encoding="utf-8")
    with pytest.raises(JourneyspecError) as error:
        journeyspec.check(str(tmp_path / "news.journey"), str(DATA), overrides=SOURCE)
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS326" and diagnostic.span.line == 25
    assert diagnostic.message.startswith("this source has no clock: `expect time p50 front -> news <= 5m`")
    assert "ordered by `step`" in diagnostic.message
