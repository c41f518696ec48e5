"""What an overlay may add to the journey graph, without the graph knowing about data or versions.

The observed overlay (``render --data``) computes traffic from events, and the
diff's picture (``diff --render``) works out what changed; the graph renderer
only draws. This module is the contract between them: plain, frozen values
keyed by step ids. The renderer decides how each kind looks (widths are
clamped, unexpected edges are dashed red, unobserved ones dotted grey, added
elements green, removed ones red and dashed, changed ones amber), so every
overlay picture follows one visual language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

EdgeKind = Literal["designed", "unobserved"]
Mark = Literal["added", "removed", "changed"]
"""How an element differs from another version of the journey; see :data:`MARKS`."""

MARKS: tuple[Mark, ...] = ("added", "removed", "changed")


@dataclass(frozen=True)
class NodeAnnotation:
    """Extra facts drawn on one step's node.

    Attributes:
        lines: Extra label lines under the step's name, e.g. ``("reach 41.3%", "drop-off 12%")``.
        badge: A short highlighted fact, e.g. ``"friction 8%"``; drawn as a red pill.
        mark: ``"added"`` (green), ``"removed"`` (red, dashed) or ``"changed"`` (amber) outline and title.
    """

    lines: tuple[str, ...] = ()
    badge: str | None = None
    mark: Mark | None = None


@dataclass(frozen=True)
class EdgeAnnotation:
    """Extra facts drawn on one designed edge.

    Attributes:
        label: Replaces the share line of the edge label, e.g. ``"1,204 · 41%"``.
        width: Line width in points (clamped to 0.5..12), e.g. scaled by transition count.
        kind: ``"unobserved"`` draws a designed edge nobody took dotted and grey.
        mark: ``"added"``, ``"removed"`` or ``"changed"``, coloured as on a node; a removed edge is dashed.
    """

    label: str | None = None
    width: float | None = None
    kind: EdgeKind = "designed"
    mark: Mark | None = None


@dataclass(frozen=True)
class StageAnnotation:
    """Extra facts drawn on one stage's box.

    Attributes:
        mark: ``"added"``, ``"removed"`` or ``"changed"``, coloured as on a node; a removed stage is dashed.
    """

    mark: Mark | None = None


@dataclass(frozen=True)
class ExtraNode:
    """A node outside the design, e.g. ``(exit)`` or ``(other steps)``, drawn dashed outside every stage."""

    id: str
    label: str


@dataclass(frozen=True)
class ExtraEdge:
    """An observed transition the design lacks; drawn dashed in red.

    ``source`` and ``target`` are step ids or ids of :class:`ExtraNode` s.
    """

    source: str
    target: str
    label: str | None = None
    width: float | None = None


@dataclass(frozen=True)
class GraphAnnotations:
    """Everything an overlay adds to one journey graph.

    Attributes:
        nodes: Per step id.
        edges: Per designed edge, keyed by ``(source, target)``.
        extra_nodes: Nodes outside the design, in drawing order.
        extra_edges: Undesigned transitions, in drawing order (an overlay sorts them by volume).
        caption: Lines added under the graph's title, e.g. ``"12 rarer unexpected transitions not shown"``.
        stages: Per stage id.
        legend: Marks to explain under the title, in order, e.g. :data:`MARKS`.
        groups: Per group id (steps in any order): lines under the group's title, and a mark on its box.
    """

    nodes: Mapping[str, NodeAnnotation] = field(default_factory=dict)
    edges: Mapping[tuple[str, str], EdgeAnnotation] = field(default_factory=dict)
    extra_nodes: tuple[ExtraNode, ...] = ()
    extra_edges: tuple[ExtraEdge, ...] = ()
    caption: tuple[str, ...] = ()
    stages: Mapping[str, StageAnnotation] = field(default_factory=dict)
    legend: tuple[Mark, ...] = ()
    groups: Mapping[str, NodeAnnotation] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Read-only views, so a frozen annotation cannot change under the renderer.
        object.__setattr__(self, "nodes", MappingProxyType(dict(self.nodes)))
        object.__setattr__(self, "edges", MappingProxyType(dict(self.edges)))
        object.__setattr__(self, "stages", MappingProxyType(dict(self.stages)))
        object.__setattr__(self, "groups", MappingProxyType(dict(self.groups)))

    def check_against(
        self, step_ids: set[str], designed: set[tuple[str, str]], stage_ids: set[str] | frozenset[str] = frozenset(),
        group_ids: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        """Raise ``ValueError`` naming the first id or edge that the journey does not have."""
        for stage_id in self.stages:
            if stage_id not in stage_ids:
                raise ValueError(f"annotation for unknown stage `{stage_id}`")
        for group_id in self.groups:
            if group_id not in group_ids:
                raise ValueError(f"annotation for unknown group `{group_id}`")
        for step_id in self.nodes:
            if step_id not in step_ids:
                raise ValueError(f"annotation for unknown step `{step_id}`")
        for pair in self.edges:
            if pair not in designed:
                raise ValueError(f"annotation for an edge the design lacks: `{pair[0]} -> {pair[1]}`")
        extra_ids = {node.id for node in self.extra_nodes}
        clash = extra_ids & step_ids
        if clash:
            raise ValueError(f"extra node id `{sorted(clash)[0]}` is also a step id")
        for edge in self.extra_edges:
            for end in (edge.source, edge.target):
                if end not in step_ids and end not in extra_ids:
                    raise ValueError(f"extra edge `{edge.source} -> {edge.target}`: unknown node `{end}`")
