"""The journey IR: what a map designs, as frozen, ordered data."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from journeyspec.ir.base import FrozenModel, Span, SpanField, by_id
from journeyspec.ir.expectations import Expectation, VerdictRule
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


class PersonaEmotion(FrozenModel):
    """The designed emotion of one persona (`emotion -1 "anxious" for bea`), beside everyone's."""

    persona: str = Field(description="Id of the persona.")
    score: int = Field(description="-3..+3.")
    label: str | None = Field(default=None, description="A word for the feeling, e.g. `anxious`.")
    span: Span | None = SpanField


class Note(FrozenModel):
    """A line of text in a lane of a stage or step: a pain, opportunity, thought, quote or blueprint action."""

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
    persona_emotions: tuple[PersonaEmotion, ...] = Field(
        default=(), description="Each persona's own designed emotion in this stage (`emotion ... for ID`)."
    )
    pains: tuple[Note, ...] = Field(default=(), description="Pain points, in written order.")
    opportunities: tuple[Note, ...] = Field(default=(), description="Opportunities, in written order.")
    thoughts: tuple[Note, ...] = Field(default=(), description="What customers think here (`thought`), in written order.")
    quotes: tuple[Note, ...] = Field(default=(), description="What customers said, in their words (`quote`).")
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
    persona_emotions: tuple[PersonaEmotion, ...] = Field(
        default=(), description="Each persona's own designed emotion at this step (`emotion ... for ID`)."
    )
    icon: str | None = Field(default=None, description="Name of a picture from the vendored icon set (`icon`).")
    moment_of_truth: bool = Field(
        default=False, description="Whether the step makes or breaks the relationship (`moment of truth`)."
    )
    pains: tuple[Note, ...] = Field(default=(), description="Pain points at this step, in written order.")
    opportunities: tuple[Note, ...] = Field(default=(), description="Opportunities at this step, in written order.")
    thoughts: tuple[Note, ...] = Field(default=(), description="What customers think at this step (`thought`).")
    quotes: tuple[Note, ...] = Field(default=(), description="What customers said at this step (`quote`).")
    frontstage: tuple[Note, ...] = Field(
        default=(), description="What the company does in the customer's sight at this step (service blueprint)."
    )
    backstage: tuple[Note, ...] = Field(
        default=(), description="What the company does out of the customer's sight, below the line of visibility."
    )
    support: tuple[Note, ...] = Field(
        default=(), description="Systems and processes that support the step (service blueprint)."
    )
    span: Span | None = SpanField

    @property
    def title(self) -> str:
        return self.label or humanize(self.id)


class Group(FrozenModel):
    """Steps of one stage that customers do in any order: all of them, or at least ``need`` of them.

    A group stands in flows, ``start`` and expectations like a step: an edge
    into it may go to any member; inside it, any member may follow another
    one not yet done; an edge out of it leaves from any member once the group
    is complete. spec/metrics.md defines it exactly.
    """

    kind: Literal["group"] = "group"
    id: str = Field(description="Stable identifier; flows, `start` and expectations refer to it like a step id.")
    label: str | None = Field(default=None, description="Display name.")
    stage: str = Field(description="Id of the stage the group and all its steps belong to.")
    steps: tuple[str, ...] = Field(description="Ids of the member steps, as written (two or more).")
    need: int | None = Field(
        default=None, description="How many members complete the group (`any K of`); None for all of them (`all of`)."
    )
    span: Span | None = SpanField

    @property
    def title(self) -> str:
        return self.label or humanize(self.id)

    @property
    def required(self) -> int:
        """How many distinct members complete one pass through the group."""
        return len(self.steps) if self.need is None else self.need

    @property
    def form(self) -> str:
        """How the group reads in words: ``in any order`` or ``any 2 of 3, in any order``."""
        if self.need is None:
            return "in any order"
        return f"any {self.need} of {len(self.steps)}, in any order"


class Edge(FrozenModel):
    """A designed transition from one step (or group) to the next."""

    source: str = Field(description="Step or group id the edge leaves (a group: once it is complete).")
    target: str = Field(description="Step or group id the edge enters (a group: at any of its steps).")
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


class Shared(FrozenModel):
    """A definition a journey takes from a library (`step login from common`): what, from which library and file."""

    kind: Literal["step", "persona", "ignore", "friction", "sentiment"] = Field(description="What was taken.")
    id: str | None = Field(default=None, description="Id of the step or persona; None for event rules.")
    library: str = Field(description="Name of the library it was taken from.")
    source: str = Field(
        description="The library's file, relative to the map's folder with `/` (e.g. `shared/common.journey`)."
    )
    written: tuple[str, ...] = Field(
        default=(), description="What the journey writes itself on a taken step: `label`, `when` (added with `and`), "
        "`channel`, `touchpoint`, `emotion`."
    )
    span: Span | None = Field(default=None, description="Where the library defines it (file, line, column).")


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
    groups: tuple[Group, ...] = Field(default=(), description="Groups of steps done in any order, in written order.")
    edges: tuple[Edge, ...] = Field(default=(), description="Designed edges, in written order.")
    start: tuple[str, ...] = Field(
        default=(), description="Step or group ids where a designed path may begin (a group: at any of its steps)."
    )
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
    judge: VerdictRule | None = Field(
        default=None, description="How proportion expectations are judged when they do not say; None: the 95% interval."
    )
    expectations: tuple[Expectation, ...] = Field(default=(), description="Expectations, in written order.")
    shared: tuple[Shared, ...] = Field(
        default=(), description="Definitions taken from libraries, in written order: where each came from."
    )
    span: Span | None = SpanField

    @property
    def title(self) -> str:
        return self.label or humanize(self.id)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """In a notebook: the journey's graph as SVG, Mermaid, Markdown and text (see :mod:`.display`)."""
        from journeyspec.ir.display import bundle

        return bundle("journey", self, include, exclude, lambda: f"journey {self.id} {self.title!r}")

    def shared_as(self, kind: str, item_id: str | None = None) -> Shared | None:
        """Where the step, persona or event rule ``kind`` (``id``) came from, or None when written here."""
        return next((s for s in self.shared if s.kind == kind and s.id == item_id), None)

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
        """The designed edges as written, as (source, target) pairs; a source or target may be a group id.

        Observed paths are made of steps: compare them with :meth:`designed_transitions`.
        """
        return frozenset((edge.source, edge.target) for edge in self.edges)

    def group(self, group_id: str) -> Group:
        """Return the group with this id; ``KeyError`` when there is none."""
        return by_id(self.groups, group_id)

    def group_of(self, step_id: str) -> Group | None:
        """The group the step belongs to, or None."""
        return next((group for group in self.groups if step_id in group.steps), None)

    def is_group(self, node_id: str) -> bool:
        """Whether the id names a group (else a step, in a valid journey)."""
        return any(group.id == node_id for group in self.groups)

    def members(self, node_id: str) -> tuple[str, ...]:
        """The steps a flow endpoint stands for: a group's members, or the step itself."""
        for group in self.groups:
            if group.id == node_id:
                return group.steps
        return (node_id,)

    def designed_transitions(self) -> frozenset[tuple[str, str]]:
        """Every (step, step) pair a designed path may show one after the other.

        An edge into a group designs a move to each of its steps, an edge out of
        a group a move from each of them, and inside a group every step may
        follow every other one. (Whether a path as a whole is designed takes
        more than its pairs: see :mod:`journeyspec.check.alignment`.)
        """
        pairs = {(a, b) for edge in self.edges for a in self.members(edge.source) for b in self.members(edge.target)}
        for group in self.groups:
            pairs.update((a, b) for a in group.steps for b in group.steps if a != b)
        return frozenset(pairs)

    def designed_edge(self, source: str, target: str) -> tuple[str, str] | None:
        """The written edge (or the group) that designs the step pair ``source -> target``.

        ``(g, g)`` for two steps of group ``g``; None for a pair no design allows.
        """
        group = self.group_of(source)
        if group is not None and group is self.group_of(target) and source != target:
            return (group.id, group.id)
        source_node = group.id if group is not None else source
        target_group = self.group_of(target)
        target_node = target_group.id if target_group is not None else target
        return (source_node, target_node) if (source_node, target_node) in self.edge_set() else None


class Document(FrozenModel):
    """Everything compiled from one map file."""

    kind: Literal["document"] = "document"
    version: Literal[1] = Field(default=1, description="Version of the journey language and IR.")
    file: str | None = Field(default=None, description="Path of the source file; left out of canonical JSON.")
    journeys: tuple[Journey, ...] = Field(default=(), description="Journeys, in written order.")
