"""Every example map drawn with its observed overlay against its example data, with the real `dot`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group

ROOT = Path(__file__).resolve().parents[2]
MAPS = sorted((ROOT / "maps").glob("*.journey"))


@pytest.mark.graphviz
@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
def test_every_example_map_renders_its_overlay(path: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the example sources are configured in the project's pyproject.toml
    (journey,) = journeyspec.load(path)
    out = tmp_path / f"{path.stem}.svg"
    result = CliRunner().invoke(main_group, ["render", str(path), "--data", journey.id, "-o", str(out)])
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith(("<?xml", "<svg"))
    for step in journey.steps:  # every node shows its id in small type (labels may wrap)
        assert f">{step.id}<" in svg, step.id
    assert re.search(r"reach \d+\.\d%", svg), "node labels carry observed reach"
    assert re.search(r"[\d,]+ · \d+\.\d%", svg), "edge labels carry count and share"
