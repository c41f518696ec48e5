"""The journey IR: what a map designs, as frozen, ordered data."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeyspec.ir.base import FrozenModel, Span, SpanField, by_id
from journeyspec.ir.expectations import Expectation
from journeyspec.ir.predicates import Predicate


def humanize(identifier: str) -> str:
    """Turn an id into a readable fallback label: ``add_to_cart`` -> ``Add to cart``."""
    words = identifier.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else identifier


class Emotion(FrozenModel):
    """A designed emotion: a whole number from -3 (very negative) to +3 (very positive)."""

    score: int = Field(description="-3..+3.")
    label: str | None = Field(default=None, description="A word for the feeling, e.g. `anxious`.")
    span: Span | None = SpanField


class Note(FrozenModel):
    """A pain point or an opportunity written on a stage."""

    text: str = Field(description="The note's text.")
    span: Span | None = SpanField


class Persona(FrozenModel):
    """Someone the journey is designed for."""

    id: str = Field(description="Stable identifier.")
    label: str | None = Field(default=None, description="Display name.")
    description: str | None = Field(default=None, description="Who they are.")
    span: Span | None = SpanField

    @property
    def title(self) -> str:
        return self.label or humanize(self.id)


class Stage(FrozenModel):
    """A phase of the journey; its steps are listed by id in declaration order."""

    id: str = Field(description="Stable identifier.")
    label: str | None = Field(default=None, description="Display name.")
    emotion: Emotion | None = Field(default=None, description="Designed emotion of the stage.")
    pains: tuple[Note, ...] = Field(default=(), description="Pain points, in written order.")
    opportunities: tuple[Note, ...] = Field(default=(), description="Opportunities, in written order.")
    steps: tuple[str, ...] = Field(default=(), description="Ids of the stage's steps, in order.")
    span: Span | None = SpanField

    @property
    def title(self) -> str:
        return self.label or humanize(self.id)


class Step(FrozenModel):
    """Something the customer does, observed through events matching ``when``."""

    id: str = Field(description="Stable identifier; data and diffs refer to it.")
    label: str | None = Field(default=None, description="Display name.")
    stage: str = Field(description="Id of the stage the step belongs to.")
    channel: str | None = Field(default=None, description="Channel, e.g. `web`, `app`, `email`.")
    touchpoint: str | None = Field(default=None, description="Where the customer meets the company.")
    when: Predicate | None = Field(default=None, description="Which events are this step.")
    emotion: Emotion | None = Field(default=None, description="Designed emotion at this step.")
    span: Span | None = SpanField

    @property
    def title(self) -> str:
        return self.label or humanize(self.id)


class Edge(FrozenModel):
    """A designed transition from one step to the next."""

    source: str = Field(description="Step id the edge leaves.")
    target: str = Field(description="Step id the edge enters.")
    label: str | None = Field(default=None, description="Why customers take this edge.")
    share: float | None = Field(default=None, description="Designed share of the source's traffic (0..1).")
    span: Span | None = SpanField


class Money(FrozenModel):
    """The worth of one successful journey, for impact figures."""

    amount: int | float = Field(description="Amount per successful journey.")
    currency: str | None = Field(default=None, description="Currency code, e.g. `EUR`.")


class Sentiment(FrozenModel):
    """An event field carrying numeric feedback, and its scale."""

    field: str = Field(description="Event field with the score, e.g. `csat`.")
    low: int | float = Field(description="Lowest score of the scale (maps to -3).")
    high: int | float = Field(description="Highest score of the scale (maps to +3).")
    span: Span | None = SpanField


class Journey(FrozenModel):
    """One designed journey: its meaning, its stages and steps, its paths, and its expectations."""

    kind: Literal["journey"] = "journey"
    id: str = Field(description="Stable identifier.")
    label: str | None = Field(default=None, description="Display name.")
    description: str | None = Field(default=None, description="What the journey covers.")
    owner: str | None = Field(default=None, description="Who keeps this journey.")
    tags: tuple[str, ...] = Field(default=(), description="Free tags, in written order.")
    scope: Literal["session", "user"] = Field(
        default="session", description="Whether a path is one session or all sessions of one user."
    )
    repeats: Literal["collapse", "keep"] = Field(
        default="collapse", description="Whether consecutive visits of one step count once."
    )
    personas: tuple[Persona, ...] = Field(default=(), description="Personas, in written order.")
    goal: str | None = Field(default=None, description="What the team wants to achieve.")
    value: Money | None = Field(default=None, description="Worth of one successful journey.")
    stages: tuple[Stage, ...] = Field(default=(), description="Stages, in written order.")
    steps: tuple[Step, ...] = Field(default=(), description="Steps, in written order across stages.")
    edges: tuple[Edge, ...] = Field(default=(), description="Designed edges, in written order.")
    start: tuple[str, ...] = Field(default=(), description="Step ids where a designed path may begin.")
    success: tuple[str, ...] = Field(default=(), description="Step ids that mean the journey succeeded.")
    endings: tuple[str, ...] = Field(
        default=(), description="Step ids where the journey ends by design without success (`end`): "
        "never a drop-off, never a dead end."
    )
    ignore: tuple[Predicate, ...] = Field(default=(), description="Events matching any of these are dropped first.")
    friction: tuple[Predicate, ...] = Field(
        default=(), description="Events matching any of these are friction, never steps."
    )
    sentiment: Sentiment | None = Field(default=None, description="Where observed emotion comes from.")
    expectations: tuple[Expectation, ...] = Field(default=(), description="Expectations, in written order.")
    span: Span | None = SpanField

    @property
    def title(self) -> str:
        return self.label or humanize(self.id)

    def step(self, step_id: str) -> Step:
        """Return the step with this id; ``KeyError`` when there is none."""
        return by_id(self.steps, step_id)

    def stage(self, stage_id: str) -> Stage:
        """Return the stage with this id; ``KeyError`` when there is none."""
        return by_id(self.stages, stage_id)

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps)

    @property
    def outcomes(self) -> frozenset[str]:
        """The steps where a journey is meant to end: its success steps and its designed endings."""
        return frozenset(self.success) | frozenset(self.endings)

    def edge_set(self) -> frozenset[tuple[str, str]]:
        """The designed edges as (source, target) pairs."""
        return frozenset((edge.source, edge.target) for edge in self.edges)


class Document(FrozenModel):
    """Everything compiled from one map file."""

    kind: Literal["document"] = "document"
    version: Literal[1] = Field(default=1, description="Version of the journey language and IR.")
    file: str | None = Field(default=None, description="Path of the source file; left out of canonical JSON.")
    journeys: tuple[Journey, ...] = Field(default=(), description="Journeys, in written order.")
