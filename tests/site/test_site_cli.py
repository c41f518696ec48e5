"""``journeyspec docs build``: options, outputs and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from journeyspec.cli import main_group

from tests.site.helpers import CHECKOUT, ROOT

pytestmark = pytest.mark.graphviz


def run(*args: str):
    return CliRunner().invoke(main_group, ["docs", "build", *args], catch_exceptions=False)


def test_builds_the_pages(tmp_path: Path):
    result = run(str(ROOT / "maps"), "-o", str(tmp_path / "out"), "--title", "Our journeys")
    assert result.exit_code == 0, result.output
    assert "wrote 7 pages and 6 pictures" in result.stderr
    assert (tmp_path / "out" / "index.md").read_text(encoding="utf-8").startswith("# Our journeys\n")
    assert (tmp_path / "out" / "journeys" / "support.md").exists()


def test_maps_default_to_the_maps_folder(tmp_path: Path, monkeypatch):
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "checkout.journey").write_text(CHECKOUT.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0, result.output
    assert (tmp_path / "journey-pages" / "journeys" / "checkout.md").exists()


def test_source_url_links_out(tmp_path: Path):
    result = run(str(CHECKOUT), "-o", str(tmp_path), "--source-url", "https://git.example/maps")
    assert result.exit_code == 0
    assert "https://git.example/maps/checkout.journey#L" in (tmp_path / "journeys" / "checkout.md").read_text("utf-8")
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


def test_data_needs_check(tmp_path: Path):
    result = run(str(CHECKOUT), "--data", "events.parquet", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "--data needs `journeyspec check`" in result.stderr
    assert not (tmp_path / "out").exists()
