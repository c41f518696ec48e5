"""The observed overlay: a journey's reduced facts as annotations on its graph (``render --data``).

Edge width grows with the square root of the transition count (so a 100x
busier edge is 10x, not 100x, wider); labels give the count and the share of
the source step's outgoing traffic. Undesigned transitions are drawn dashed
red, the busiest few only, with the rest summarised in the caption; designed
edges nobody took are drawn dotted grey.
"""

from __future__ import annotations

import math

from journeyspec.check.endings import outcomes
from journeyspec.check.metrics import PopulationMetrics
from journeyspec.check.reports.numbers import percent
from journeyspec.engine.facts.models import Facts
from journeyspec.ir import Journey
from journeyspec.render.annotations import EdgeAnnotation, ExtraEdge, GraphAnnotations, NodeAnnotation

TOP_UNDESIGNED = 6
MIN_WIDTH, MAX_WIDTH = 0.75, 9.0


def _width(count: int, busiest: int) -> float:
    return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * math.sqrt(count / busiest) if busiest else MIN_WIDTH


def overlay(journey: Journey, facts: Facts, *, top: int = TOP_UNDESIGNED) -> GraphAnnotations:
    """The annotations that draw ``facts`` (of ``journey``) over its graph."""
    population = facts.population
    metrics = PopulationMetrics(journey, population)
    designed = journey.designed_transitions()
    transitions = {(t.source, t.target): t for t in population.transitions}
    leaving: dict[str, int] = {}
    for t in population.transitions:
        leaving[t.source] = leaving.get(t.source, 0) + t.count
    busiest = max((t.count for t in population.transitions), default=0)
    nodes = {}
    found = outcomes(metrics.table, journey) if journey.endings else ()
    ended = {o.step: o for o in found if o.kind == "ending"}
    for step in population.steps:
        if step.reached == 0:
            nodes[step.step] = NodeAnnotation(lines=("never observed",))
            continue
        reach = f"{step.reached:,} · reach {percent(step.reached / population.sessions)}"
        # Ending at a success step is the goal, at a designed ending the design: neither is a drop-off
        # (spec/metrics.md, "Drop-off").
        if step.step in ended:
            lines = (reach, f"ended here {percent(ended[step.step].share)}")
        elif step.step in journey.success:
            lines = (reach,)
        else:
            lines = (reach, f"drop-off {percent(metrics.dropoff(step.step).value)}")
        friction = step.friction_sessions / step.reached
        nodes[step.step] = NodeAnnotation(lines=lines, badge=f"friction {percent(friction)}" if friction else None)
    edges = {}
    for source, target in sorted(journey.edge_set()):
        # An edge into or out of a group carries the moves between any of the steps it stands for.
        taken = [transitions[(a, b)] for a in journey.members(source) for b in journey.members(target)
                 if (a, b) in transitions and journey.designed_edge(a, b) == (source, target)]
        count = sum(t.count for t in taken)
        if not count:
            edges[(source, target)] = EdgeAnnotation(label="never taken", kind="unobserved")
        else:
            # Of a group's traffic, the moves that leave it (those inside it are not shares of an edge).
            out = sum(t.count for t in population.transitions if t.source in journey.members(source)
                      and journey.designed_edge(t.source, t.target) != (source, source)) \
                if journey.is_group(source) else leaving[source]
            edges[(source, target)] = EdgeAnnotation(label=f"{count:,} · {percent(count / out)}",
                                                     width=_width(count, busiest))
    groups = {}
    for group in journey.groups:
        complete = metrics.reach(group.id)
        inside = sum(t.count for t in population.transitions if journey.designed_edge(t.source, t.target)
                     == (group.id, group.id))
        groups[group.id] = NodeAnnotation(lines=(f"{complete.successes:,} complete · {percent(complete.value)}",
                                                 f"{inside:,} moves inside"))
    undesigned = sorted((t for t in population.transitions if (t.source, t.target) not in designed),
                        key=lambda t: (-t.count, t.source, t.target))
    extra = tuple(ExtraEdge(t.source, t.target, label=f"{t.count:,} · {percent(t.count / leaving[t.source])}",
                            width=_width(t.count, busiest)) for t in undesigned[:top])
    unit = "users" if facts.scope == "user" else "sessions"
    caption = [f"observed: {population.sessions:,} {unit} · {percent(population.success / population.sessions)} "
               f"succeed · conformance {percent(metrics.conformance().value)}"]
    if journey.endings:
        by_design = " · ".join(f"{percent(o.share)} {o.title}" for o in ended.values())
        abandoned = next(o for o in found if o.kind == "abandoned")
        caption.append(f"ended by design: {by_design}; abandoned: {percent(abandoned.share)}")
    rest = undesigned[top:]
    if rest:
        caption.append(f"{len(rest)} rarer undesigned transitions ({sum(t.count for t in rest):,} moves) not shown")
    return GraphAnnotations(nodes=nodes, edges=edges, extra_edges=extra, caption=tuple(caption), groups=groups)


__all__ = ["overlay"]
