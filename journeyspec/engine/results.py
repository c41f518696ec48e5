"""From the queries' Arrow results to the frozen facts models.

Per-step reach, ends and visits are exact over (variant, count), so they are
computed here from the variant table with vectorised Arrow kernels, never
with a loop over variants or sessions.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

from journeyspec.engine.facts import (
    QUANTILES,
    Durations,
    PairFacts,
    PopulationFacts,
    StepFacts,
    SwitchCount,
    Transition,
    Variant,
    WindowCount,
)
from journeyspec.ir import Journey
from journeyspec.ir.predicates import Predicate
from journeyspec.ir.text import predicate_text


def durations(count: int, mean, quantiles) -> Durations:
    """A :class:`Durations` from a count, a mean and the quantile list (in :data:`QUANTILES` order)."""
    if not count or quantiles is None:
        return Durations(count=int(count or 0))
    values = {name: float(value) for (name, _), value in zip(QUANTILES, quantiles)}
    return Durations(count=int(count), mean=float(mean), **values)


def step_counts(variants, steps: int) -> tuple[list[int], list[int], list[int]]:
    """Per step index: paths reaching it, paths ending at it, visits — weighted by variant count."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    reached = np.zeros(steps, dtype=np.int64)
    ended = np.zeros(steps, dtype=np.int64)
    visits = np.zeros(steps, dtype=np.int64)
    if variants.num_rows == 0:
        return reached.tolist(), ended.tolist(), visits.tolist()
    paths = variants.column("path").combine_chunks()
    counts = variants.column("count").to_numpy().astype(np.int64)
    flat = pc.list_flatten(paths).to_numpy(zero_copy_only=False).astype(np.int64)
    parents = pc.list_parent_indices(paths).to_numpy().astype(np.int64)
    weights = counts[parents]
    np.add.at(visits, flat, weights)
    distinct = pa.table({"p": parents, "s": flat}).group_by(["p", "s"]).aggregate([])
    p, s = distinct.column("p").to_numpy(), distinct.column("s").to_numpy()
    np.add.at(reached, s, counts[p])
    offsets = paths.offsets.to_numpy()
    lasts = flat[offsets[1:] - 1]
    np.add.at(ended, lasts, counts)
    return reached.tolist(), ended.tolist(), visits.tolist()


def transition_paths(variants, steps: int) -> dict[tuple[int, int], int]:
    """Per (source, target) step index: paths containing the transition, weighted by variant count."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if variants.num_rows == 0:
        return {}
    paths = variants.column("path").combine_chunks()
    counts = variants.column("count").to_numpy().astype(np.int64)
    flat = pc.list_flatten(paths).to_numpy(zero_copy_only=False).astype(np.int64)
    parents = pc.list_parent_indices(paths).to_numpy().astype(np.int64)
    consecutive = parents[:-1] == parents[1:]
    codes = flat[:-1][consecutive] * steps + flat[1:][consecutive]
    distinct = pa.table({"p": parents[:-1][consecutive], "c": codes}).group_by(["p", "c"]).aggregate([])
    totals = np.zeros(steps * steps, dtype=np.int64)
    np.add.at(totals, distinct.column("c").to_numpy(), counts[distinct.column("p").to_numpy()])
    return {(int(c) // steps, int(c) % steps): int(totals[c]) for c in np.flatnonzero(totals)}


def variant_models(variants, step_ids: tuple[str, ...], max_variants: int | None) -> tuple[list[Variant], int, int]:
    """Variants most frequent first (ties by path), capped; and the paths and kinds folded away.

    The order is decided in Arrow: each path becomes the big-endian bytes of
    its step indexes, which sort exactly as the lists of indexes do (element
    by element, a prefix first). Only the kept variants become Python objects.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    total = variants.num_rows
    if total == 0:
        return [], 0, 0
    paths = variants.column("path").combine_chunks()
    flat = pc.list_flatten(paths).to_numpy(zero_copy_only=False).astype(np.int64)
    bounds = paths.offsets.to_numpy().astype(np.int64)
    bounds = bounds - bounds[0]
    keys = pa.Array.from_buffers(pa.large_binary(), total, [
        None, pa.py_buffer(bounds * 2), pa.py_buffer(np.ascontiguousarray(flat.astype(">u2")))])
    counts = variants.column("count").to_numpy().astype(np.int64)
    order = pc.sort_indices(pa.table({"count": counts, "path": keys}),
                            sort_keys=[("count", "descending"), ("path", "ascending")]).to_numpy()
    kept = order if max_variants is None else order[:max_variants]
    folded = int(counts[order[len(kept):]].sum())
    names = np.array(step_ids, dtype=object)[flat].tolist()
    starts, ends = bounds[:-1][kept].tolist(), bounds[1:][kept].tolist()
    successes = variants.column("success").to_numpy().astype(np.int64)[kept].tolist()
    # Tens of thousands of small objects that all stay alive: a cyclic collection
    # would walk them again and again for nothing (0.5 s -> 0.2 s at 62,501 variants).
    paused = gc.isenabled()
    gc.disable()
    try:
        models = [
            _variant(tuple(names[start:end]), count, success)
            for start, end, count, success in zip(starts, ends, counts[kept].tolist(), successes)
        ]
    finally:
        if paused:
            gc.enable()
    return models, folded, total


_VARIANT_FIELDS = frozenset(Variant.model_fields)


def _variant(path: tuple[str, ...], count: int, success: int, new=Variant.__new__) -> Variant:
    """``Variant.model_construct(path=..., count=..., success=...)`` in a third of the time.

    The state is set through pydantic's pickle protocol (``__setstate__``, the
    keys ``__getstate__`` returns), which skips model_construct's per-field
    alias and default handling; at 10M events there are 62,501 variants.
    """
    model = new(Variant)
    model.__setstate__({"__dict__": {"path": path, "count": count, "success": success},
                        "__pydantic_fields_set__": set(_VARIANT_FIELDS),
                        "__pydantic_extra__": None, "__pydantic_private__": None})
    return model


@dataclass(frozen=True)
class VariantSummary:
    """What a population's variant table gives: per-step counts, transition paths and the variant models."""

    reached: list[int]
    ended: list[int]
    visits: list[int]
    containing: dict[tuple[int, int], int]
    variants: list[Variant]
    folded: int
    distinct: int


def summarise_variants(variants, step_ids: tuple[str, ...], max_variants: int | None) -> VariantSummary:
    """Everything :func:`population_facts` takes from the variant table (see :class:`VariantSummary`)."""
    reached, ended, visits = step_counts(variants, len(step_ids))
    models, folded, distinct = variant_models(variants, step_ids, max_variants)
    return VariantSummary(reached, ended, visits, transition_paths(variants, len(step_ids)), models, folded, distinct)


def population_facts(journey: Journey, *, where: Predicate | None, variants, transitions, attribution, scalars,
                     pairs, switch_fields, max_variants: int | None) -> PopulationFacts:
    """Assemble one population's facts from its query results.

    ``variants`` is the variant table, or its :func:`summarise_variants` when that was done already.
    """
    step_ids = journey.step_ids
    summary = variants if isinstance(variants, VariantSummary) else summarise_variants(variants, step_ids, max_variants)
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
        variants=tuple(variant_list),
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
    "VariantSummary",
    "durations",
    "population_facts",
    "step_counts",
    "summarise_variants",
    "transition_paths",
    "variant_models",
]
