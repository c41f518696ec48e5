"""The loan applications of the BPI Challenge 2012 log, with the closing drawn in one order and as a
group of steps done in any order (tests/check/maps/bpic2012-loan*.journey), when the shared data is here.

The log records "offer accepted", "application approved", "loan registered" and "loan activated" in
every one of their 24 orders, 941 cases with all four at one instant. The figures are compared with
an independent calculation from the CSV with pandas, and shuffling the rows of equal timestamps
changes none of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import journeyspec
from journeyspec.check import check
from journeyspec.engine import SourceConfig

LOG = Path("/work/shared/data/real/bpic2012/bpic2012.csv.gz")
MAPS = Path(__file__).resolve().parent / "maps"
GROUPED, ONE_ORDER = MAPS / "bpic2012-loan.journey", MAPS / "bpic2012-loan-one-order.journey"
CONFIG = SourceConfig(session="case_id", time="timestamp", event="activity")
CLOSING = ("O_ACCEPTED", "A_APPROVED", "A_REGISTERED", "A_ACTIVATED")

pytestmark = pytest.mark.skipif(not LOG.exists(), reason="the shared real logs are not on this machine")


@pytest.fixture(scope="module")
def frame():
    import pandas as pd

    return pd.read_csv(LOG)


@pytest.fixture(scope="module")
def results():
    return {path.name: check(str(path), str(LOG), config=CONFIG) for path in (ONE_ORDER, GROUPED)}


def test_both_maps_validate_strictly():
    # Two versions of one journey, so one at a time (a journey id is unique across the maps validated together).
    assert journeyspec.validate(str(ONE_ORDER)) == [] and journeyspec.validate(str(GROUPED)) == []


def test_the_group_completes_as_often_as_the_csv_has_all_four_events(results, frame):
    with_all = int((frame[frame.activity.isin(CLOSING)].groupby("case_id").activity.nunique() == len(CLOSING)).sum())
    cases = frame.case_id.nunique()
    assert (with_all, cases) == (2_243, 13_087)
    reach = next(e for e in results[GROUPED.name].journeys[0].expectations if e.text.startswith("reach closing"))
    assert (reach.successes, reach.population) == (with_all, cases)


def _paths(frame, journey):
    """Each case's path, from the CSV alone: the A_/O_ events the map names, in time order, events of one
    instant in the map's step order (spec/data-semantics.md, rule 2), repeats collapsed."""
    step_of = {step.when.value: step.id for step in journey.steps}
    rank = {step.id: i for i, step in enumerate(journey.steps)}
    events = frame[frame.activity.isin(step_of)].assign(step=lambda f: f.activity.map(step_of))
    events = events.assign(time=events.timestamp.map(lambda t: __import__("pandas").Timestamp(t)),
                           rank=events.step.map(rank))
    paths = []
    for _, case in events.sort_values(["case_id", "time", "rank"], kind="stable").groupby("case_id", sort=False):
        steps = case.step.tolist()
        paths.append([s for i, s in enumerate(steps) if i == 0 or s != steps[i - 1]])
    return paths


def _conforms(path, journey) -> bool:
    """A designed walk, written from spec/metrics.md for groups needing all of their steps (no group loops)."""
    group_of = {s: g for g in journey.groups for s in g.steps}
    edges = journey.edge_set()
    node, done = None, set()  # node None: before any step
    for step in path:
        group = group_of.get(step)
        target = group.id if group else step
        if group is not None and node == group.id and step not in done:
            done.add(step)
            continue
        leaving_ok = node is None or not journey.is_group(node) or len(done) == len(journey.group(node).steps)
        allowed = (target in journey.start) if node is None else (node, target) in edges
        if not (leaving_ok and allowed):
            return False
        node, done = target, {step} if group else set()
    return True


def test_conformance_agrees_with_an_independent_walk_over_the_csv(results, frame):
    for path in (ONE_ORDER, GROUPED):
        journey = journeyspec.load(str(path))[0]
        paths = _paths(frame, journey)
        conforming = sum(_conforms(p, journey) for p in paths)
        metrics = results[path.name].journeys[0].metrics
        assert metrics.sessions == len(paths) == 13_087
        assert metrics.conformance == pytest.approx(conforming / len(paths))
    # The group designs every order of the four: more paths conform, and no move between them is undesigned.
    one, grouped = (results[p.name].journeys[0].metrics for p in (ONE_ORDER, GROUPED))
    assert grouped.conformance > one.conformance and grouped.fitness > one.fitness
    assert grouped.unexpected_transitions < one.unexpected_transitions


def test_shuffling_rows_of_one_instant_changes_no_figure(results, frame, tmp_path):
    import numpy as np

    shuffled = frame.assign(position=np.arange(len(frame)), key=np.random.default_rng(2012).random(len(frame)))
    block = shuffled.groupby(["case_id", "timestamp"]).position.transform("min")
    shuffled = shuffled.assign(block=block).sort_values(["block", "key"], kind="stable")
    assert (shuffled.position.to_numpy() != np.arange(len(frame))).sum() > 5_000  # thousands of tied rows moved
    out = tmp_path / "bpic2012-shuffled.csv"
    shuffled.drop(columns=["position", "key", "block"]).to_csv(out, index=False)
    for path in (ONE_ORDER, GROUPED):
        again = check(str(path), str(out), config=CONFIG)
        assert _figures(again) == _figures(results[path.name])


def _figures(result) -> dict:
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("source", "file", "baseline_source")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(json.dumps(result.to_json())))


# The example map with designed endings (examples/bpic2012/loan.journey), its closing drawn in one order,
# against the same map with the closing as a group: endings and a group together.
ENDINGS_ONE_ORDER = Path(__file__).resolve().parents[2] / "examples" / "bpic2012" / "loan.journey"
ENDINGS_GROUPED = MAPS / "bpic2012-loan-endings.journey"


@pytest.fixture(scope="module")
def with_endings():
    return {path: check(str(path), str(LOG), config=CONFIG) for path in (ENDINGS_ONE_ORDER, ENDINGS_GROUPED)}


def test_endings_and_a_group_in_one_map(with_endings, frame, tmp_path):
    assert journeyspec.validate(str(ENDINGS_GROUPED)) == []  # no warning either: validate --strict passes
    one, grouped = (with_endings[p].journeys[0] for p in (ENDINGS_ONE_ORDER, ENDINGS_GROUPED))
    # The outcomes do not depend on how the closing is drawn; pandas: cases with A_ACTIVATED; else the last of
    # A_DECLINED / A_CANCELLED; else abandoned (the counts the endings tests pin against the CSV).
    shares = {o.step or o.kind: o.paths for o in grouped.outcomes}
    assert shares == {o.step or o.kind: o.paths for o in one.outcomes}
    assert sorted(shares.values()) == [399, 2_246, 2_807, 7_635]
    journey = journeyspec.load(str(ENDINGS_GROUPED))[0]
    paths = _paths(frame, journey)
    assert grouped.metrics.conformance == pytest.approx(sum(_conforms(p, journey) for p in paths) / len(paths))
    assert grouped.metrics.conformance > one.metrics.conformance
    # And no figure moves when the rows of one instant are shuffled.
    import numpy as np

    shuffled = frame.assign(key=np.random.default_rng(7).random(len(frame)))
    shuffled = shuffled.sort_values(["case_id", "timestamp", "key"], kind="stable").drop(columns=["key"])
    out = tmp_path / "bpic2012-shuffled.csv"
    shuffled.to_csv(out, index=False)
    assert _figures(check(str(ENDINGS_GROUPED), str(out), config=CONFIG)) == _figures(with_endings[ENDINGS_GROUPED])
