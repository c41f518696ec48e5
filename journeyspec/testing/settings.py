"""The plugin's settings for one pytest run: which maps, which data, and the shared engine runs.

Kept apart from the plugin's hooks so the collection nodes can read them
without importing the plugin module (which imports the nodes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from journeyspec.testing.runs import CheckCache


@dataclass
class Settings:
    """What ``journeyspec_*`` in the pytest configuration (and the command line) asked for."""

    maps: list[Path]
    data: str | None
    by: str | None
    inconclusive: str
    cache: CheckCache


SETTINGS = pytest.StashKey[Settings]()


def settings(config: pytest.Config) -> Settings:
    """The settings :func:`journeyspec.testing.plugin.pytest_configure` stored for this run."""
    return config.stash[SETTINGS]


__all__ = ["SETTINGS", "Settings", "settings"]
