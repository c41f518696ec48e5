"""The lanes of a journey map and a service blueprint: one table, read by the compiler, the pictures, the pages and diff.

A lane is a list of notes (:class:`~journeyspec.ir.journey.Note`) on a stage
or a step. Each row says which IR field holds it, the statement that writes
it, the heading people read, and where it may be written.
"""

from __future__ import annotations

from typing import NamedTuple


class Lane(NamedTuple):
    """One lane: ``field`` of the IR, written with ``keyword``, shown under ``title``."""

    field: str
    keyword: str
    title: str
    on_stage: bool  # written on a stage as well as on a step


LANES: tuple[Lane, ...] = (
    Lane("thoughts", "thought", "Thinking", True),
    Lane("quotes", "quote", "In their words", True),
    Lane("pains", "pain", "Pain points", True),
    Lane("opportunities", "opportunity", "Opportunities", True),
    Lane("frontstage", "frontstage", "Frontstage", False),
    Lane("backstage", "backstage", "Backstage", False),
    Lane("support", "support", "Support processes", False),
)
"""Every lane, in the order pictures and pages show them: the customer's, then the company's."""

BLUEPRINT = ("frontstage", "backstage", "support")
"""The service-blueprint lanes; the line of visibility runs between frontstage and backstage."""

BY_KEYWORD: dict[str, Lane] = {lane.keyword: lane for lane in LANES}
STAGE_LANES: tuple[Lane, ...] = tuple(lane for lane in LANES if lane.on_stage)

__all__ = ["BLUEPRINT", "BY_KEYWORD", "LANES", "STAGE_LANES", "Lane"]
