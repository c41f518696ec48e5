"""Root conftest: the project's own example maps run as test items through the journeyspec plugin."""

from __future__ import annotations

import pytest

# `make demo` shows what a failing expectation looks like with this one; the
# suite asserts that it keeps failing (strict xfail) rather than hiding it.
FAILS_ON_PURPOSE = 'maps/checkout.journey::checkout::dropoff at checkout <= 35% where device == "mobile"'


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid == FAILS_ON_PURPOSE:
            item.add_marker(pytest.mark.xfail(strict=True, reason="fails on purpose: the demo's example failure"))
