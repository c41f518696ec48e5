"""Live results: ``journeyspec check`` on the example data, turned into what the pages show."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import journeyspec
from journeyspec.site import JourneyResults, build_site, escape
from journeyspec.site.live import CONFIGURED, check_for_site, checked_at
from tests.site.helpers import CHECKED_AT, CHECKOUT, HOSTILE, ROOT

pytestmark = pytest.mark.graphviz


@pytest.fixture
def at_root(monkeypatch):
    """The project's folder, where pyproject.toml configures a source per example journey."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def test_from_check_reads_the_check_model_as_the_json_report_does(at_root):
    result = journeyspec.check(CHECKOUT)
    journey = result.journeys[0]
    made = JourneyResults.from_check(journey, checked_at=CHECKED_AT)
    assert made == JourneyResults.from_dict(result.to_json()["journeys"][0], checked_at=CHECKED_AT)
    assert made.data == journey.source and made.population == journey.population
    assert [e.status for e in made.expectations] == [e.status for e in journey.expectations]
    assert made.metrics["conformance"] == journey.metrics.conformance
    # Fix first keeps check's order; a drop-off names its step, a deviation its transition.
    assert made.fix_first and len(made.fix_first) <= 10
    for item, impact in zip(made.fix_first, journey.impact):
        assert item.steps == ((impact.step,) if impact.kind == "dropoff" else impact.transition)
        assert item.sessions == impact.sessions and item.value_lost == impact.value_lost
        assert item.too_few_paths == impact.too_few_paths
        assert item.value_lost_interval == (None if impact.value_lost is None
                                            else (impact.value_lost_low, impact.value_lost_high))
    assert made.deviations and all(d.cost > 0 for d in made.deviations)
    weights = [d.cost * d.count for d in made.deviations]
    assert weights == sorted(weights, reverse=True)
    assert made.currency == journey.currency


def test_checkout_page_with_live_results_golden(tmp_path: Path, golden, at_root):
    journeys = journeyspec.load(CHECKOUT)
    results = check_for_site(journeys, CONFIGURED, tmp_path / "overlays", when=CHECKED_AT)
    assert results["checkout"].data == "examples/data/checkout.parquet"
    out = tmp_path / "site"
    build_site(CHECKOUT, out, results=results)
    golden("checkout-live.md", (out / "checkout.md").read_text(encoding="utf-8"))
    golden("index-live.md", (out / "index.md").read_text(encoding="utf-8"))
    overlay = (out / "images" / "checkout-overlay.svg").read_text(encoding="utf-8")
    assert overlay.startswith("<?xml") and "observed:" in overlay


def test_every_example_journey_checks_against_its_configured_source(tmp_path: Path, at_root):
    journeys = journeyspec.load(ROOT / "maps")
    results = check_for_site(journeys, CONFIGURED, tmp_path, when=CHECKED_AT)
    files = {"checkout": "checkout", "news_reading": "msnbc_news", "saas_onboarding": "saas_onboarding", "support": "support"}
    assert sorted(results) == sorted(files)
    for journey_id, outcome in results.items():
        assert outcome.data == f"examples/data/{files[journey_id]}.parquet"
        assert outcome.population and outcome.expectations and outcome.status is not None
        assert outcome.overlay_svg == tmp_path / f"{journey_id}-overlay.svg" and outcome.overlay_svg.exists()


@pytest.fixture
def own_project(tmp_path: Path, monkeypatch) -> Path:
    """A folder with a configuration of its own: a `default` source with the canonical columns."""
    (tmp_path / "journeyspec.toml").write_text('[sources.default]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_data_names_from_the_data_are_escaped(tmp_path: Path, own_project):
    hostile = tmp_path / "<img src=x onerror=alert(1)> | `x`.parquet"
    shutil.copyfile(ROOT / "examples" / "data" / "checkout.parquet", hostile)
    journeys = journeyspec.load(CHECKOUT)
    results = check_for_site(journeys, str(hostile), tmp_path / "overlays", when=CHECKED_AT)
    out = tmp_path / "site"
    build_site(CHECKOUT, out, results=results)
    for page in (out / "checkout.md", out / "index.md"):
        text = page.read_text(encoding="utf-8")
        assert "<img" not in text, page
        assert escape.text(hostile.name) in text, page


def test_a_hostile_map_checked_shows_its_text(tmp_path: Path, own_project):
    """Step ids and labels of a hostile map reach the results tables escaped, like everywhere else."""
    journeys = journeyspec.load(HOSTILE)
    results = check_for_site(journeys, str(ROOT / "examples" / "data" / "checkout.parquet"), tmp_path, when=CHECKED_AT)
    build_site(HOSTILE, tmp_path / "site", results=results)
    page = next(p for p in (tmp_path / "site").glob("*.md") if p.name != "index.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img src=x" not in page


def test_checked_at_is_now_or_the_reproducible_build_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793541780")
    assert checked_at().isoformat() == "2026-11-01T14:03:00+00:00"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert checked_at().tzinfo is not None


def test_pages_name_the_data_as_the_report_does(tmp_path: Path, at_root):
    """Relative to the project, without `..`, inside it; absolute outside it — as `journeyspec check` prints it."""
    journeys = journeyspec.load(CHECKOUT)
    winding = "examples/../examples/data/./checkout.parquet"
    inside = check_for_site(journeys, winding, tmp_path / "in", when=CHECKED_AT)["checkout"]
    assert inside.data == "examples/data/checkout.parquet" == journeyspec.check(journeys, winding).source
    outside = tmp_path / "elsewhere" / "checkout.parquet"
    outside.parent.mkdir()
    shutil.copyfile(ROOT / "examples" / "data" / "checkout.parquet", outside)
    shown = check_for_site(journeys, str(outside.parent / ".." / "elsewhere" / outside.name), tmp_path / "out",
                           when=CHECKED_AT)["checkout"].data
    assert shown == outside.as_posix()


def test_skipped_rows_are_a_warning_on_the_page(tmp_path: Path, own_project):
    """Rows a check skipped (no session, no time) are said on the page, not only in the report."""
    warning = "3 of 7 rows skipped (1 without a session, 2 without a time): counted in no metric"
    entry = {"source": "events.csv", "population": 2, "warnings": [warning]}
    results = {"checkout": JourneyResults.from_dict(entry, checked_at=CHECKED_AT)}
    assert results["checkout"].warnings == (warning,)
    build_site(CHECKOUT, tmp_path / "site", results=results)
    page = (tmp_path / "site" / "checkout.md").read_text(encoding="utf-8")
    assert f"**Warning:** {escape.text(warning)}" in page
