"""One engine run per (journey, breakdown), shared by every item of that journey."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeyspec.diagnostics import JourneyspecError


@dataclass
class CheckCache:
    """Results of ``journeyspec.check`` by (map file, journey id, breakdown); errors are cached too.

    The data is one :class:`~journeyspec.project.DataRequest` for the whole
    run, resolved for each journey by ``check`` itself, so an item reads what
    ``journeyspec check`` and the ``journey_data`` fixture read.
    """

    runs: int = 0
    results: dict[tuple, Any] = field(default_factory=dict)

    def journey_result(self, path: Path, journey, data: Any, by: str | None):
        key = (str(path), journey.id, by)
        if key not in self.results:
            self.runs += 1
            from journeyspec.check import check

            try:
                result = check(journey, data, by=by)
                self.results[key] = result.journeys[0]
            except JourneyspecError as error:
                self.results[key] = error
        found = self.results[key]
        if isinstance(found, JourneyspecError):
            raise found
        return found

    def sources(self) -> list[str]:
        """The data the checks read, as reports name it, in the order first read."""
        return list(dict.fromkeys(r.source for r in self.results.values() if not isinstance(r, JourneyspecError)))
