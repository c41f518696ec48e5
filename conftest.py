"""Root conftest: the project's own example maps run as test items through the journeyspec plugin."""

from __future__ import annotations

import pytest

# `make demo` shows what a failing expectation looks like with these; the
# suite asserts that they keep failing (strict xfail) rather than hiding them.
KNOWN_FAILURES = {
    'maps/checkout.journey::checkout::dropoff at checkout <= 35% where device == "mobile"':
        "fails on purpose: the demo's example failure",
    "maps/news_reading.journey::news_reading::unexpected transitions <= 25%":
        "fails on the real news data: 31.1% of the moves between sections are undesigned",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid in KNOWN_FAILURES:
            item.add_marker(pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[item.nodeid]))
