"""The plugin's settings for one pytest run: which maps, which data, and the shared engine runs.

Kept apart from the plugin's hooks so the collection nodes can read them
without importing the plugin module (which imports the nodes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from journeyspec.testing.runs import CheckCache


@dataclass
class Settings:
    """What ``journeyspec_*`` in the pytest configuration (and the command line) asked for.

    ``asked`` is the data as written (``--journeyspec-data``, else
    ``journeyspec_data``, else None) with the folder it is read from;
    :attr:`data` makes it a :class:`~journeyspec.project.DataRequest` on
    first use, so a run without journeys imports nothing of journeyspec's.
    """

    maps: list[Path]
    asked: tuple[str | None, Path | None]
    by: str | None
    inconclusive: str
    cache: CheckCache
    _request: Any = field(default=None, repr=False)

    @property
    def data(self):
        """What each journey reads is resolved from this, by :func:`journeyspec.project.data_for`."""
        if self._request is None:
            from journeyspec.project import DataRequest

            data, base = self.asked
            self._request = DataRequest(data, base=base)
        return self._request


SETTINGS = pytest.StashKey[Settings]()


def settings(config: pytest.Config) -> Settings:
    """The settings :func:`journeyspec.testing.plugin.pytest_configure` stored for this run."""
    return config.stash[SETTINGS]


__all__ = ["SETTINGS", "Settings", "settings"]
