"""The example maps against the committed example data: one expectation fails, on purpose."""

from __future__ import annotations

from pathlib import Path

import journeyspec

ROOT = Path(__file__).resolve().parents[2]


def test_exactly_the_deliberate_failure(monkeypatch):
    monkeypatch.chdir(ROOT)  # the sources are configured in the repository's pyproject.toml
    result = journeyspec.check(ROOT / "maps")
    failed = [(j.id, e.text) for j in result.journeys for e in j.expectations if e.status == "fail"]
    # The simulated checkout fails on purpose; the real news site really has more
    # undesigned moves between sections than its map allows.
    assert failed == [
        ("checkout", 'dropoff at checkout <= 35% where device == "mobile"'),
        ("news_reading", "unexpected transitions <= 25%"),
    ]
    assert result.exit_code() == 1
