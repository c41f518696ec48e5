"""Measures computed from the engine's reduced facts, as the `check` metrics will compute them."""

from __future__ import annotations

from journeyspec.engine import Facts
from journeyspec.ir import Journey


def conformance(journey: Journey, facts: Facts) -> float:
    """Share of paths that begin at a start step and take designed edges only."""
    edges = journey.edge_set()
    population = facts.population
    conforming = sum(
        v.count for v in population.variants
        if v.path[0] in journey.start and all(pair in edges for pair in zip(v.path, v.path[1:]))
    )
    return conforming / population.sessions


def unexpected_share(journey: Journey, facts: Facts) -> tuple[float, int]:
    """Share of observed transitions the design lacks, and the number of transitions."""
    edges = journey.edge_set()
    transitions = facts.population.transitions
    total = sum(t.count for t in transitions)
    return sum(t.count for t in transitions if (t.source, t.target) not in edges) / total, total
