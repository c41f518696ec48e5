"""The ``journey_data`` fixture's value: the run's data, resolved for each journey as everywhere else.

Resolution is :func:`journeyspec.project.data_for`'s alone; this only turns
its diagnostics into a test failure that shows them, with no traceback.
"""

from __future__ import annotations

import pytest

from journeyspec.diagnostics import JourneyspecError
from journeyspec.diagnostics.render import format_diagnostics
from journeyspec.project import DataRequest, JourneyData


class JourneyDataFixture(DataRequest):
    """``journey_data("checkout")``: what journey ``checkout`` reads in this run.

    Also accepted as the data of ``journeyspec.check`` and of the testing
    helpers, which resolve it for the journey they check.
    """


    def for_journey(self, journey_id: str | None) -> JourneyData:
        try:
            return super().for_journey(journey_id)
        except JourneyspecError as error:
            problem = format_diagnostics(error.diagnostics, {})
        pytest.fail(problem, pytrace=False)  # outside `except`: no "during handling" chain in the report

    def __call__(self, journey_id: str) -> JourneyData:
        return self.for_journey(journey_id)


__all__ = ["JourneyDataFixture"]
