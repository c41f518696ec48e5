"""From the queries' Arrow results to the frozen facts models, for both routes.

The SQL route's queries and the Arrow route's kernels end in the same Arrow
tables (variants, transitions, attribution, one row of scalars) and the same
counts of events, which this module turns into models, so both routes give
the same facts from the same numbers.

Per-step reach, ends and visits are exact over (variant, count), so they are
computed from the variants' arrays (:mod:`journeyspec.engine.facts.arrays`) with
numpy, never with a loop over variants or sessions; only the variant models
themselves are Python objects, made only when read
(:mod:`journeyspec.engine.facts.variant`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from journeyspec.engine.facts.arrays import VariantArrays, from_table, step_counts, transition_paths
from journeyspec.engine.facts.models import (
    QUANTILES,
    Durations,
    NameCount,
    PairFacts,
    PopulationFacts,
    StepFacts,
    SwitchCount,
    Transition,
    WindowCount,
)
from journeyspec.engine.facts.variant import Variants
from journeyspec.ir import Journey
from journeyspec.ir.predicates import Predicate
from journeyspec.ir.text import predicate_text

TOP_OFF_MAP = 10
"""How many off-map event names the totals keep (:attr:`~journeyspec.engine.facts.models.EventTotals.top_off_map`)."""


def top_off_map(named: Iterable[tuple[str | None, int]]) -> tuple[NameCount, ...]:
    """The :data:`TOP_OFF_MAP` most frequent off-map names from (name, count) pairs: most events
    first, then by name, the events without a name after named ones of the same count."""
    ranked = sorted(named, key=lambda item: (-item[1], item[0] is None, item[0] or ""))
    return tuple(NameCount(name=name, count=count) for name, count in ranked[:TOP_OFF_MAP])


def durations(count: int, mean, quantiles) -> Durations:
    """A :class:`Durations` from a count, a mean and the quantile list (in :data:`QUANTILES` order)."""
    if not count or quantiles is None:
        return Durations(count=int(count or 0))
    values = {name: float(value) for (name, _), value in zip(QUANTILES, quantiles)}
    return Durations(count=int(count), mean=float(mean), **values)


def variant_models(variants: VariantArrays, step_ids: tuple[str, ...],
                   max_variants: int | None) -> tuple[Variants, int, int]:
    """The variants in the arrays' order (most frequent first, ties by path), capped, as a
    :class:`~journeyspec.engine.facts.variant.Variants` whose models are made when read;
    and the paths and kinds folded away by the cap."""
    total = variants.size
    kept = total if max_variants is None else min(max_variants, total)
    folded = int(variants.counts[kept:].sum()) if total else 0
    return Variants.from_arrays(variants, step_ids, kept), folded, total


@dataclass(frozen=True)
class VariantSummary:
    """What a population's variant table gives: per-step counts, transition paths and the variant models."""

    reached: list[int]
    ended: list[int]
    visits: list[int]
    containing: dict[tuple[int, int], int]
    variants: Variants
    folded: int
    distinct: int


def summarise_variants(variants: VariantArrays, step_ids: tuple[str, ...],
                       max_variants: int | None) -> VariantSummary:
    """Everything :func:`population_facts` takes from the variants (see :class:`VariantSummary`)."""
    reached, ended, visits = step_counts(variants, len(step_ids))
    models, folded, distinct = variant_models(variants, step_ids, max_variants)
    return VariantSummary(reached, ended, visits, transition_paths(variants, len(step_ids)), models, folded, distinct)


def population_facts(journey: Journey, *, where: Predicate | None, variants, transitions, attribution, scalars,
                     pairs, switch_fields, max_variants: int | None) -> PopulationFacts:
    """Assemble one population's facts from its query results.

    ``variants`` is the variant table (the shared pass's query result), its
    :class:`~journeyspec.engine.facts.arrays.VariantArrays`, or their :func:`summarise_variants`.
    """
    step_ids = journey.step_ids
    if isinstance(variants, VariantSummary):
        summary = variants
    else:
        arrays = variants if isinstance(variants, VariantArrays) else from_table(variants)
        summary = summarise_variants(arrays, step_ids, max_variants)
    reached, ended, visits, containing = summary.reached, summary.ended, summary.visits, summary.containing
    by_step: dict[int | None, dict] = {}
    if attribution is not None:
        for row in attribution.to_pylist():
            by_step[row["step"]] = row
    steps = []
    for i, step in enumerate(step_ids):
        row = by_step.get(i, {})
        steps.append(StepFacts(
            step=step, reached=reached[i], ended=ended[i], visits=visits[i],
            friction_sessions=int(row.get("friction_sessions") or 0),
            friction_events=int(row.get("friction_events") or 0),
            sentiment_count=int(row.get("sentiment_count") or 0),
            sentiment_sum=float(row.get("sentiment_sum") or 0.0),
        ))
    before = by_step.get(None, {})
    transition_models = sorted(
        (
            Transition(
                source=step_ids[row["source"]], target=step_ids[row["target"]], count=int(row["count"]),
                sessions=containing[(row["source"], row["target"])], time=durations(row["count"], row["mean"], row["quantiles"]),
            )
            for row in transitions.to_pylist()
        ),
        key=lambda t: (step_ids.index(t.source), step_ids.index(t.target)),
    )
    scalar = scalars.to_pylist()[0]
    pair_models = []
    for k, request in enumerate(pairs):
        converted = int(scalar[f"converted{k}"] or 0)
        pair_models.append(PairFacts(
            source=request.source, target=request.target,
            with_source=int(scalar[f"with_source{k}"] or 0), converted=converted,
            windows=tuple(WindowCount(within=w, converted=int(scalar[f"within{k}_{j}"] or 0))
                          for j, w in enumerate(request.within)),
            time=durations(converted, scalar[f"mean{k}"], scalar[f"quantiles{k}"]),
        ))
    variant_list, folded, distinct = summary.variants, summary.folded, summary.distinct
    return PopulationFacts(
        where=where,
        where_text=predicate_text(where) if where is not None else None,
        sessions=int(scalar["sessions"] or 0),
        success=int(scalar["success"] or 0),
        variants=variant_list,
        distinct_variants=distinct,
        other_variants=folded,
        transitions=tuple(transition_models),
        steps=tuple(steps),
        pairs=tuple(pair_models),
        switches=tuple(SwitchCount(field=name, sessions=int(scalar[f"switches{k}"] or 0))
                       for k, name in enumerate(switch_fields)),
        friction_unattributed=int(before.get("friction_events") or 0),
        sentiment_unattributed=int(before.get("sentiment_count") or 0),
    )


__all__ = [
    "TOP_OFF_MAP",
    "VariantSummary",
    "durations",
    "population_facts",
    "summarise_variants",
    "top_off_map",
    "variant_models",
]
