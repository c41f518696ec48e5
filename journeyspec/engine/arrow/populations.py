"""The Arrow route's populations: everyone's and each ``where``'s facts from the read stream's arrays.

:func:`populations` builds, for everyone and for each ``where``, the same
Arrow tables the SQL route's four queries return
(:mod:`journeyspec.engine.sql.aggregates`), which
:func:`~journeyspec.engine.facts.build.population_facts` turns into facts.
The durations' quantiles are DuckDB's ``quantile_cont``, computed with numpy
(:mod:`journeyspec.engine.arrow.quantiles`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from journeyspec.engine.arrow.kernels import (
    Paths,
    attribution_arrays,
    first_of_paths,
    number_values,
    pair_timings,
    switched,
    transition_arrays,
)
from journeyspec.engine.arrow.quantiles import GroupOrder, summarise
from journeyspec.engine.arrow.read import Stream
from journeyspec.engine.facts.arrays import distinct, group_paths, population_variants
from journeyspec.engine.facts.build import population_facts, summarise_variants
from journeyspec.engine.facts.models import PairRequest, PopulationFacts, pair_end
from journeyspec.engine.rules.classify import Plan
from journeyspec.ir import Journey
from journeyspec.ir.predicates import Predicate


@dataclass
class Partial:
    """One partition's paths reduced to what the facts need: a few numbers per path, per visit and per
    transition, numbered within the partition (:func:`populations` joins the partitions in order).

    Attributes:
        size: The partition's population paths.
        visit_step: Every visit's step, and ``offsets`` where each path's visits start (size + 1).
        success: Per path, whether it reached a success step.
        masks: Per ``where``, whether each path belongs to its population.
        timings: Per pair, :func:`~journeyspec.engine.arrow.kernels.pair_timings`.
        items: :func:`~journeyspec.engine.arrow.kernels.attribution_arrays`.
        transitions: Every consecutive visit pair as (path, source * N + target, seconds).
        switches: Per switch field, whether each path switched.
    """

    size: int
    visit_step: object
    offsets: object
    success: object
    masks: list
    timings: list
    items: tuple
    transitions: tuple
    switches: list


def partial(stream: Stream, journey: Journey, plan: Plan, pairs: list[PairRequest]) -> Partial:
    """Reduce one partition's :class:`~journeyspec.engine.arrow.read.Stream`, so that its per-event
    arrays can go before the next partition is read."""
    import numpy as np

    steps = len(journey.steps)
    paths = stream.paths
    size = paths.size
    success_steps = [journey.step_ids.index(s) for s in journey.success if s in journey.step_ids]
    success = np.zeros(size, dtype=bool)
    if size and success_steps:
        is_success = np.zeros(steps, dtype=bool)
        is_success[success_steps] = True
        # Every population path has a visit, so no segment is empty.
        success = np.logical_or.reduceat(is_success[paths.visit_step], paths.offsets[:-1])
    # The transitions and the switch values (numbered and compared) on a second thread (numpy's
    # sorts and selections release the GIL), beside the pair timings and the attribution.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(_transitions_of, paths, steps)
        pending_switches = [pool.submit(_switched, paths, batches) for batches in stream.switch_batches]
        masks = [first_of_paths(paths, flags) for flags in stream.wheres]
        timings = [pair_timings(paths, pair_end(journey, p.source), pair_end(journey, p.target)) for p in pairs]
        items = attribution_arrays(paths, stream.value_rows, stream.values)
        transitions = pending.result()
        switches = [job.result() for job in pending_switches]
    return Partial(size=size, visit_step=paths.visit_step, offsets=paths.offsets, success=success, masks=masks,
                   timings=timings, items=items, transitions=transitions, switches=switches)


def _transitions_of(paths: Paths, steps: int):
    import numpy as np

    member, source, target, seconds = transition_arrays(paths)
    group = source.astype(np.int32) * steps + target
    return member, group.astype(np.uint16) if steps * steps <= 1 << 16 else group, seconds


def _joined(arrays):
    """The arrays end to end (the one array itself, not a copy, when there is one)."""
    import numpy as np

    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def _join(parts: list[Partial]) -> Partial:
    """The partitions' partials as one: path and visit numbers shifted by those of the partitions before."""
    import numpy as np

    if len(parts) == 1:
        return parts[0]
    path_base = np.cumsum([0] + [p.size for p in parts])
    visit_base = np.cumsum([0] + [len(p.visit_step) for p in parts])

    def shifted(arrays, bases):
        return _joined([a + a.dtype.type(b) for a, b in zip(arrays, bases)])

    member, group, seconds = zip(*(p.transitions for p in parts))
    items = list(zip(*(p.items for p in parts)))
    return Partial(
        size=int(path_base[-1]),
        visit_step=_joined([p.visit_step for p in parts]),
        offsets=np.append(shifted([p.offsets[:-1] for p in parts], visit_base), visit_base[-1]),
        success=_joined([p.success for p in parts]),
        masks=[_joined(list(m)) for m in zip(*(p.masks for p in parts))],
        timings=[tuple(_joined(list(a)) for a in zip(*t)) for t in zip(*(p.timings for p in parts))],
        items=(shifted(items[0], path_base), *(_joined(list(a)) for a in items[1:])),
        transitions=(shifted(member, path_base), _joined(list(group)), _joined(list(seconds))),
        switches=[_joined(list(f)) for f in zip(*(p.switches for p in parts))],
    )


def populations(parts: list[Partial], journey: Journey, plan: Plan, pairs: list[PairRequest], *,
                max_variants: int | None) -> tuple[PopulationFacts, tuple[PopulationFacts, ...]]:
    """The facts of everyone and of each ``where`` population.

    Args:
        parts: Each partition's :func:`partial`, in stream order (one without partitions).
        journey: The journey.
        plan: The requested wheres and switches.
        pairs: The requested pairs.
        max_variants: The variant cap.
    """
    steps = len(journey.steps)
    joined = _join(parts)
    parts.clear()  # the joined arrays replace the partitions'
    size = joined.size
    success = joined.success
    masks: list[tuple[Predicate | None, object]] = [(None, None), *zip(plan.wheres, joined.masks)]

    # The transition times are summarised on a second thread (numpy's sorts release the GIL)
    # while this one works out the variants (10M events: about 0.6 s of work each).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(_transition_durations, masks, joined.transitions, steps, len(pairs))
        groups = group_paths(joined.visit_step, joined.offsets)
        summaries = [summarise_variants(population_variants(groups, success, inside), journey.step_ids, max_variants)
                     for _, inside in masks]
        durations = _pair_durations(masks, joined.timings, steps)
        durations.update(pending.result())
    results = []
    for index, ((where, inside), summary) in enumerate(zip(masks, summaries)):
        base = index * _groups(steps, len(pairs))
        results.append(population_facts(
            journey,
            where=where,
            variants=summary,
            transitions=_transitions(durations, base, steps),
            attribution=_attribution(joined.items, inside, steps),
            scalars=_scalars(inside, size, success, joined.timings, pairs, joined.switches, durations,
                             base + steps * steps),
            pairs=pairs,
            switch_fields=plan.switch_fields,
            max_variants=max_variants,
        ))
    return results[0], tuple(results[1:])


def _switched(paths: Paths, batches):
    """Per population path, whether one switch field's values change (from its per-batch encodings)."""
    return switched(paths, number_values(batches))


def _groups(steps: int, pairs: int) -> int:
    """Duration groups per population: one per (source, target) transition, then one per pair."""
    return steps * steps + pairs


def _transition_durations(masks, transitions, steps: int, pairs: int) -> dict[int, dict]:
    """Count, mean and quantiles of every population's transition times, by group
    (:func:`~journeyspec.engine.arrow.quantiles.summarise`: DuckDB's ``quantile_cont``, computed with numpy)."""
    member, group, seconds = transitions
    # Sorted by transition once: each population's transitions are a subset in the same order.
    order = GroupOrder(group)
    summary: dict[int, dict] = {}
    for index, (_, inside) in enumerate(masks):
        base = index * _groups(steps, pairs)
        for group, row in order.summarise(seconds, None if inside is None else inside[member]).items():
            summary[base + group] = {**row, "g": base + group}
    return summary


def _pair_durations(masks, timings, steps: int) -> dict[int, dict]:
    """Count, mean and quantiles of every population's pair timings (converted paths only), by group."""
    import numpy as np

    summary: dict[int, dict] = {}
    for index, (_, inside) in enumerate(masks):
        base = index * _groups(steps, len(timings)) + steps * steps
        for k, (_, converted, between) in enumerate(timings):
            chosen = converted if inside is None else converted & inside
            values = between[chosen]
            row = summarise(np.zeros(len(values), dtype=np.uint8), values).get(0)  # one group; none when empty
            if row is not None:
                summary[base + k] = {**row, "g": base + k}
    return summary


def _transitions(durations: dict[int, dict], base: int, steps: int):
    import pyarrow as pa

    rows = [
        {"source": (g - base) // steps, "target": (g - base) % steps, "count": row["count"], "mean": row["mean"],
         "quantiles": row["quantiles"]}
        for g, row in durations.items() if base <= g < base + steps * steps
    ]
    schema = pa.schema([("source", pa.int64()), ("target", pa.int64()), ("count", pa.int64()),
                        ("mean", pa.float64()), ("quantiles", pa.list_(pa.float64()))])
    return pa.Table.from_pylist(rows, schema=schema)


def _attribution(items, inside, steps: int):
    """Friction and sentiment per attributed step (None: before the first step event), as the shared query."""
    import numpy as np
    import pyarrow as pa

    owner, step, is_friction, has_value, value = items
    if inside is not None:
        keep = inside[owner]
        owner, step, is_friction, has_value, value = (a[keep] for a in (owner, step, is_friction, has_value, value))
    buckets = steps + 1
    friction_events = np.bincount(step[is_friction], minlength=buckets)
    pairs = distinct(owner[is_friction] * buckets + step[is_friction])
    friction_sessions = np.bincount(pairs % buckets, minlength=buckets)
    sentiment_count = np.bincount(step[has_value], minlength=buckets)
    sentiment_sum = np.bincount(step[has_value], weights=value[has_value], minlength=buckets)
    used = np.flatnonzero((friction_events > 0) | (sentiment_count > 0))
    return pa.table({
        "step": pa.array([None if i == steps else int(i) for i in used], pa.int64()),
        "friction_events": friction_events[used],
        "friction_sessions": friction_sessions[used],
        "sentiment_count": sentiment_count[used],
        "sentiment_sum": sentiment_sum[used],
    })


def _scalars(inside, size: int, success, timings, pairs: list[PairRequest], switches, durations, base: int):
    """One row: population size, successes, each pair's counts and timing, each switch count."""
    import numpy as np
    import pyarrow as pa

    def chosen(flags):
        return flags if inside is None else flags & inside

    row = {"sessions": size if inside is None else int(inside.sum()), "success": int(chosen(success).sum())}
    for k, (has_source, converted, seconds) in enumerate(timings):
        converted = chosen(converted)
        summary = durations.get(base + k, {})
        row[f"with_source{k}"] = int(chosen(has_source).sum())
        row[f"converted{k}"] = int(converted.sum())
        row[f"mean{k}"] = summary.get("mean")
        row[f"quantiles{k}"] = summary.get("quantiles")
        for j, window in enumerate(pairs[k].within):
            row[f"within{k}_{j}"] = int(np.count_nonzero(seconds[converted] <= window))
    for k, flags in enumerate(switches):
        row[f"switches{k}"] = int(chosen(flags).sum())
    return pa.Table.from_pylist([row])


__all__ = ["Partial", "partial", "populations"]
