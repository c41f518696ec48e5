"""Shared helpers of the diff tests: reading a golden case, running the CLI."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from journeyspec.cli import main_group
from journeyspec.diff.changes import Change
from journeyspec.diff.compare import compare
from journeyspec.diff.inputs import Side, compile_sources

CASES = Path(__file__).resolve().parent / "cases"


def case_sides(case: str) -> tuple[Side, Side]:
    """Both versions of a case, compiled under short stable names (``<case>/old.journey``) for goldens."""
    sides = []
    for version in ("old", "new"):
        path = CASES / case / f"{version}.journey"
        side = compile_sources([(f"{case}/{version}.journey", path.read_bytes())])
        assert side.ok, [d.message for d in side.diagnostics if d.is_error]
        sides.append(side)
    return sides[0], sides[1]


def case_changes(case: str) -> list[Change]:
    old, new = case_sides(case)
    return compare(old.journeys, new.journeys)


def run_cli(*args: str):
    """Run ``journeyspec`` in-process; stdout and stderr stay apart."""
    return CliRunner().invoke(main_group, list(args), catch_exceptions=False)
