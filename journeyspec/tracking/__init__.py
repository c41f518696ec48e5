"""The tracking plan: what the maps need recorded in the event data, for the analytics team.

``journeyspec tracking-plan MAPS`` lists, per journey and step, the events and
properties its ``when`` condition reads, and the steps still without one
(:mod:`.plan`), as Markdown, CSV or JSON Schema (:mod:`.formats`).

Where it sits: a verb beside ``diff`` and ``render``, reading only the IR.
"""

from __future__ import annotations

from journeyspec.ir import Journey
from journeyspec.tracking.formats import FORMATS
from journeyspec.tracking.plan import JourneyNeeds, PropertyNeed, StepNeed, journey_needs


def tracking_plan(journeys: list[tuple[Journey, str]], format: str = "markdown") -> str:
    """The tracking plan of some journeys, as text.

    Args:
        journeys: Each journey with the map file it was read from (shown in the plan).
        format: ``markdown``, ``csv`` or ``json-schema``.

    Returns:
        The plan in that format.

    Raises:
        ValueError: An unknown format.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown tracking-plan format {format!r}; choose one of: {', '.join(FORMATS)}")
    return FORMATS[format]([journey_needs(journey, file) for journey, file in journeys])


__all__ = ["FORMATS", "JourneyNeeds", "PropertyNeed", "StepNeed", "journey_needs", "tracking_plan"]
