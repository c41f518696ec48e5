"""Maps every rendering test runs over: the project's examples and hostile fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeyspec.ir.journey import Journey
from journeyspec.lang.frontend import compile_file

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE_MAPS = sorted((ROOT / "maps").glob("*.journey"))
FIXTURE_MAPS = sorted(FIXTURES.glob("*.journey"))
ALL_MAPS = EXAMPLE_MAPS + FIXTURE_MAPS


def golden_stem(path: Path) -> str:
    """``maps/checkout.journey`` -> ``checkout``; fixtures get a ``fixture-`` prefix."""
    return ("fixture-" if path.parent == FIXTURES else "") + path.stem


def load_journeys(path: Path) -> tuple[Journey, ...]:
    """The journeys of a map that may have warnings (fixtures do) but no errors."""
    result = compile_file(path)
    assert result.ok and result.document is not None, [d.message for d in result.errors]
    return result.document.journeys


@pytest.fixture(params=ALL_MAPS, ids=golden_stem)
def any_map(request: pytest.FixtureRequest) -> Path:
    return request.param
