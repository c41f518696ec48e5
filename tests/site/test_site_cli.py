"""``journeyspec docs build``: options, outputs and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from journeyspec.cli import main_group
from journeyspec.site import escape
from tests.site.helpers import CHECKOUT, ROOT, copy_shared

pytestmark = pytest.mark.graphviz


def run(*args: str):
    return CliRunner().invoke(main_group, ["docs", "build", *args], catch_exceptions=False)


def test_builds_the_pages(tmp_path: Path):
    result = run(str(ROOT / "maps"), "-o", str(tmp_path / "out"), "--title", "Our journeys")
    assert result.exit_code == 0, result.output
    assert "wrote 13 pages and 8 pictures" in result.stderr
    assert (tmp_path / "out" / "libraries" / "people.md").exists()  # the example maps share their personas
    assert (tmp_path / "out" / "libraries" / "help.md").exists()  # ... and the help centre step
    assert (tmp_path / "out" / "index.md").read_text(encoding="utf-8").startswith("# Our journeys\n")
    assert (tmp_path / "out" / "support.md").exists()


def test_maps_default_to_the_maps_folder(tmp_path: Path, monkeypatch):
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "checkout.journey").write_text(CHECKOUT.read_text(encoding="utf-8"), encoding="utf-8")
    copy_shared(tmp_path / "maps")
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0, result.output
    assert (tmp_path / "journey-pages" / "checkout.md").exists()


def test_source_url_links_out(tmp_path: Path):
    result = run(str(CHECKOUT), "-o", str(tmp_path), "--source-url", "https://git.example/maps")
    assert result.exit_code == 0
    assert "https://git.example/maps/checkout.journey#L" in (tmp_path / "checkout.md").read_text("utf-8")
    assert not (tmp_path / "sources").exists()


def test_map_errors_print_diagnostics_and_exit_1(tmp_path: Path):
    broken = tmp_path / "broken.journey"
    broken.write_text('journey x "X" {\n  flow a -> b\n}\n', encoding="utf-8")
    result = run(str(broken), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "error[JS" in result.stderr and "no pages written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_maps_are_a_usage_error(tmp_path: Path):
    result = run(str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and "no such file or folder" in result.stderr
    (tmp_path / "empty").mkdir()
    result = run(str(tmp_path / "empty"))
    assert result.exit_code == 2 and "no *.journey files" in result.stderr


# Each example journey and the file of its configured source (news_reading reads real page views).
EXAMPLE_DATA = {"checkout": "checkout", "news_reading": "msnbc_news", "saas_onboarding": "saas_onboarding", "support": "support"}


def test_data_configured_checks_each_journey_against_its_source(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793541780")
    result = run("maps", "--data", "configured", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "wrote 13 pages and 12 pictures" in result.stderr
    for journey, data in EXAMPLE_DATA.items():
        page = (tmp_path / "out" / f"{journey}.md").read_text(encoding="utf-8")
        name = escape.text(f"examples/data/{data}.parquet")
        assert f"Checked against **{name}** on 2026-11-01 14:03 UTC" in page
        assert f"images/{journey}-overlay.svg" in page
        assert (tmp_path / "out" / "images" / f"{journey}-overlay.svg").exists()


def test_data_path_and_source_name(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run(str(CHECKOUT), "--data", "checkout", "-o", str(tmp_path / "named"))
    assert result.exit_code == 0, result.output
    assert "js-badge--fail" in (tmp_path / "named" / "index.md").read_text(encoding="utf-8")
    (tmp_path / "journeyspec.toml").write_text('[sources.default]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run(str(CHECKOUT), "--data", str(ROOT / "examples" / "data" / "checkout.parquet"), "-o", "by-path")
    assert result.exit_code == 0, result.output
    assert "checkout.parquet" in (tmp_path / "by-path" / "checkout.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("data", ["nowhere.parquet", "no_such_source"])
def test_data_errors_are_diagnostics_and_exit_2(tmp_path: Path, monkeypatch, data: str):
    monkeypatch.chdir(ROOT)
    result = run(str(CHECKOUT), "--data", data, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert "JS30" in result.stderr and "Traceback" not in result.stderr
    assert "the data could not be checked; no pages written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_map_errors_with_data_exit_1(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(ROOT)
    broken = tmp_path / "broken.journey"
    broken.write_text('journey x "X" {\n  flow a -> b\n}\n', encoding="utf-8")
    result = run(str(broken), "--data", "configured", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "the maps have errors; no pages written" in result.stderr
