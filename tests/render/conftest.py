"""Maps every rendering test runs over: the project's examples and hostile fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.render.helpers import ALL_MAPS, golden_stem


@pytest.fixture(params=ALL_MAPS, ids=golden_stem)
def any_map(request: pytest.FixtureRequest) -> Path:
    return request.param
