"""Change records: one frozen model per thing that differs between two versions of the maps.

A change names *what* changed by its ``kind`` and ``path`` (ids are identity,
so ``checkout/steps/cart/label`` survives any reformatting), and shows old and
new values as the canonical text a map author would write. Every output format
(text, JSON, Markdown, the SVG picture) is made from these records alone.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeyspec.ir.base import FrozenModel, Span

ChangeKind = Literal[
    # Journeys as a whole, and their header statements.
    "journey_added",
    "journey_removed",
    "journey_relabelled",
    "description_changed",
    "owner_changed",
    "tags_changed",
    "scope_changed",
    "repeats_changed",
    "goal_changed",
    "value_changed",
    "judge_changed",
    "persona_added",
    "persona_removed",
    "persona_changed",
    # Stages.
    "stage_added",
    "stage_removed",
    "stage_relabelled",
    "stages_reordered",
    "stage_emotion_changed",
    "persona_emotion_changed",
    "pain_added",
    "pain_removed",
    "opportunity_added",
    "opportunity_removed",
    # Lanes of stages and steps (pains and opportunities too may sit on a step).
    "thought_added",
    "thought_removed",
    "quote_added",
    "quote_removed",
    "frontstage_added",
    "frontstage_removed",
    "backstage_added",
    "backstage_removed",
    "support_added",
    "support_removed",
    # Steps.
    "step_added",
    "step_removed",
    "step_relabelled",
    "step_moved",
    "steps_reordered",
    "step_emotion_changed",
    "channel_changed",
    "touchpoint_changed",
    "when_changed",
    "icon_changed",
    "moment_of_truth_changed",
    # Groups of steps done in any order.
    "group_added",
    "group_removed",
    "group_relabelled",
    "group_steps_changed",
    "group_count_changed",
    # The designed paths.
    "edge_added",
    "edge_removed",
    "edge_label_changed",
    "edge_share_changed",
    "start_added",
    "start_removed",
    "success_added",
    "success_removed",
    "ending_added",
    "ending_removed",
    # Event handling.
    "ignore_changed",
    "friction_changed",
    "sentiment_changed",
    # Expectations.
    "expectation_added",
    "expectation_removed",
    "expectation_changed",
]

CHANGE_KINDS: tuple[str, ...] = ChangeKind.__args__  # type: ignore[attr-defined]
"""Every kind of change, grouped by the section of a journey that the diff reports them in."""

Action = Literal["added", "removed", "changed"]
Judgement = Literal["loosened", "tightened", "mixed"]
Severity = Literal["info", "warning"]


class Change(FrozenModel):
    """One semantic difference between an old and a new version of a journey."""

    kind: ChangeKind = Field(description="What kind of change this is, e.g. `step_relabelled`.")
    action: Action = Field(description="Whether something was added, removed, or changed in place.")
    journey: str = Field(description="Id of the journey the change belongs to.")
    path: str = Field(description="Where the change is, by ids: `checkout/steps/cart/label`.")
    summary: str = Field(description="One line for people: step `cart` relabelled.")
    old: str | None = Field(default=None, description="The old value as map text; none for an addition.")
    new: str | None = Field(default=None, description="The new value as map text; none for a removal.")
    span: Span | None = Field(
        default=None, description="Where the change is written: in the new version, or the old one for a removal."
    )
    severity: Severity = Field(
        default="info", description="`warning` when a reviewer should look twice: a loosened or removed expectation."
    )
    judgement: Judgement | None = Field(
        default=None, description="For a changed expectation: whether its bar was loosened, tightened, or both."
    )
    rename: str | None = Field(
        default=None,
        description="On a removal (addition): the id of the added (removed) element it looks renamed to (from).",
    )

    @property
    def sign(self) -> str:
        """``+``, ``-`` or ``~``, as a unified diff marks lines."""
        return {"added": "+", "removed": "-", "changed": "~"}[self.action]


__all__ = ["CHANGE_KINDS", "Action", "Change", "ChangeKind", "Judgement", "Severity"]
