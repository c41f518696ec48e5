"""The project's own example maps are valid, formatted, and compile to their golden IR."""

from __future__ import annotations

from pathlib import Path

import pytest

import journeyspec
from journeyspec.ir.canonical import to_json
from journeyspec.lang.frontend import compile_file

ROOT = Path(__file__).resolve().parents[2]
MAPS = sorted((ROOT / "maps").glob("*.journey"))


def test_there_are_example_maps():
    assert len(MAPS) >= 1


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_example_map_is_valid_without_warnings(path: Path):
    result = compile_file(path)
    assert result.diagnostics == (), [d.message for d in result.diagnostics]


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_example_map_is_canonically_formatted(path: Path):
    text = path.read_text(encoding="utf-8")
    assert journeyspec.format(text) == text


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_example_map_ir_matches_golden(path: Path, golden):
    golden(f"{path.stem}.json", to_json(journeyspec.compile(path)))
