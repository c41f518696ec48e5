"""Simulated logs, read back by the engine: conformance, noise rates, determinism, columns."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import journeyspec
from journeyspec.engine import reduce
from journeyspec.simulate import SimulationSettings, simulate
from journeyspec.simulate.satisfy import holds
from tests.simulate.helpers import conformance, unexpected_share

MAPS = Path(__file__).resolve().parents[2] / "maps"
QUIET = SimulationSettings().with_overrides(noise=0)


def journey_of(name: str):
    return journeyspec.load(MAPS / f"{name}.journey")[0]


@pytest.mark.parametrize("name", ["checkout", "support", "saas_onboarding"])
def test_without_noise_every_path_conforms(name, tmp_path):
    journey = journey_of(name)
    out = tmp_path / "events.parquet"
    summary = simulate(journey, out, sessions=3000, seed=11, settings=QUIET)
    facts = reduce(journey, out)
    assert facts.totals.rows == summary.events
    assert facts.totals.off_map == facts.totals.friction == facts.totals.ignored == 0
    assert facts.totals.step_events == summary.events
    assert facts.population.sessions == 3000
    assert conformance(journey, facts) == 1.0
    assert unexpected_share(journey, facts)[0] == 0.0


@pytest.mark.parametrize("name", ["checkout", "support"])
def test_every_step_event_matches_its_own_when_first(name, tmp_path):
    """The reference evaluator assigns each row as the engine's rule 1 does, to a step or nothing else."""
    journey = journey_of(name)
    out = tmp_path / "events.parquet"
    simulate(journey, out, sessions=300, seed=2, settings=QUIET)
    rows = pq.read_table(out).to_pylist()
    for row in rows:
        record = {k: v for k, v in row.items() if v is not None and k not in ("session", "time")}
        assert not any(holds(p, record) for p in (*journey.ignore, *journey.friction))
        assert any(holds(step.when, record) for step in journey.steps), record


@pytest.mark.parametrize(("rate", "seed"), [(0.05, 1), (0.05, 2), (0.15, 3), (0.3, 4)])
def test_injected_unexpected_transitions_are_measured_within_sampling_error(rate, seed, tmp_path):
    journey = journey_of("checkout")
    out = tmp_path / "events.parquet"
    settings = SimulationSettings().with_overrides(noise=0, unexpected=rate)
    summary = simulate(journey, out, sessions=8000, seed=seed, settings=settings)
    measured, transitions = unexpected_share(journey, reduce(journey, out))
    error = math.sqrt(rate * (1 - rate) / transitions)
    assert abs(measured - rate) < 4 * error, (measured, rate, error)
    assert summary.unexpected_transitions > 0


def test_noise_kinds_reach_the_engine_as_their_kind(tmp_path):
    journey = journey_of("checkout")
    out = tmp_path / "events.parquet"
    settings = SimulationSettings().with_overrides(noise=0, friction=0.1, off_map=0.2, ignored=0.05)
    summary = simulate(journey, out, sessions=4000, seed=5, settings=settings)
    totals = reduce(journey, out).totals
    assert totals.friction == summary.friction_events
    assert totals.off_map == summary.off_map_events
    assert totals.ignored == summary.ignored_events
    assert abs(summary.off_map_events / summary.step_events - 0.2) < 0.02
    assert {n.name for n in totals.top_off_map} <= {"newsletter_signup", "cookie_banner_shown",
                                                    "chat_widget_opened", "share_clicked", "language_changed"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_file_other_seed_other_file(tmp_path):
    journey = journey_of("support")
    a, b, c = tmp_path / "a.parquet", tmp_path / "b.parquet", tmp_path / "c.parquet"
    simulate(journey, a, sessions=2000, seed=7, chunk_sessions=500)
    simulate(journey, b, sessions=2000, seed=7, chunk_sessions=500)
    simulate(journey, c, sessions=2000, seed=8, chunk_sessions=500)
    assert pq.read_table(a).equals(pq.read_table(b))
    assert _digest(a) == _digest(b)
    assert not pq.read_table(a).equals(pq.read_table(c))


def test_columns_are_canonical_plus_every_field_the_map_reads(tmp_path):
    journey = journey_of("saas_onboarding")
    out = tmp_path / "events.parquet"
    summary = simulate(journey, out, sessions=500, seed=1)
    schema = pq.read_schema(out)
    assert schema.names[:5] == ["session", "time", "event", "user", "device"]
    for field in ("path", "rows", "is_sample", "week_of_trial", "campaign", "plan", "user.is_internal",
                  "severity", "plan_interest", "source_format", "nps_score"):
        assert field in schema.names
    assert str(schema.field("time").type) == "timestamp[us, tz=UTC]"
    assert str(schema.field("rows").type) == "int64"
    assert str(schema.field("is_sample").type) == "bool"
    assert list(summary.columns) == schema.names


def test_user_scope_spreads_a_user_over_sessions(tmp_path):
    journey = journey_of("saas_onboarding")
    out = tmp_path / "events.parquet"
    simulate(journey, out, sessions=1000, seed=3, settings=QUIET)
    table = pq.read_table(out, columns=["session", "user"])
    assert len(set(table.column("session").to_pylist())) > 1.3 * len(set(table.column("user").to_pylist()))
    facts = reduce(journey, out)
    assert facts.population.sessions == 1000 and conformance(journey, facts) == 1.0


def test_csv_output_reads_back_the_same(tmp_path):
    journey = journey_of("checkout")
    simulate(journey, tmp_path / "e.csv", sessions=1000, seed=4)
    simulate(journey, tmp_path / "e.parquet", sessions=1000, seed=4)
    from_csv, from_parquet = reduce(journey, tmp_path / "e.csv"), reduce(journey, tmp_path / "e.parquet")
    assert from_csv.population.variants == from_parquet.population.variants
    assert from_csv.totals == from_parquet.totals


def test_designed_shares_drive_the_walk(tmp_path):
    journey = journey_of("support")
    out = tmp_path / "events.parquet"
    simulate(journey, out, sessions=20000, seed=9, settings=QUIET)
    facts = reduce(journey, out).population
    chat = next(t for t in facts.transitions if (t.source, t.target) == ("chat", "resolved"))
    assert abs(chat.count / facts.step("chat").visits - 0.7) < 0.03
    options = facts.step("contact_options").visits
    form = next(t for t in facts.transitions if (t.source, t.target) == ("contact_options", "contact_form"))
    assert abs(form.count / options - 0.55) < 0.03
