"""The DuckDB fast path: one sorted query, then every population's facts from its arrays.

:func:`read` runs the query of :mod:`journeyspec.engine.stream` and counts the
event totals from it; :func:`populations` cuts the paths
(:mod:`journeyspec.engine.vectorised`) and builds, for everyone and for each
``where``, the same Arrow tables the shared Ibis pass's four queries return,
which :func:`~journeyspec.engine.results.population_facts` turns into facts.
The durations of every population go back to DuckDB in one table, so their
means and quantiles are ``avg`` and ``quantile_cont`` exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.engine.aggregates import PairRequest
from journeyspec.engine.classify import Plan
from journeyspec.engine.columns import Mapping
from journeyspec.engine.facts import QUANTILES, EventTotals, PopulationFacts
from journeyspec.engine.results import population_facts
from journeyspec.engine.stream import stream_query
from journeyspec.engine.vectorised import (
    FRICTION,
    attribution_arrays,
    cut_paths,
    first_of_paths,
    key_changes,
    pair_timings,
    switched,
    totals,
    transition_arrays,
)
from journeyspec.ir import Journey
from journeyspec.ir.predicates import Predicate

_QS = [q for _, q in QUANTILES]


@dataclass
class Stream:
    """The fetched stream, with the totals counted from it.

    Attributes:
        table: The Arrow result of :func:`~journeyspec.engine.stream.stream_query`.
        code: Every row's code (numpy).
        totals: The event totals.
        unreadable: Rows whose time is present but does not parse.
        order_gaps: Whether a kept event lacks its ``order`` value (the shared pass's
            comparisons then differ from a sort; see :func:`read`).
    """

    table: object
    code: object
    totals: EventTotals
    unreadable: int
    order_gaps: bool


def read(prepared, journey: Journey, mapping: Mapping, plan: Plan, *, has_order: bool) -> Stream:
    """Run the sorted query and count the totals.

    A missing ``order`` value sorts last, but the shared pass's "at or before"
    comparisons read it as unknown, so such data takes the shared pass (see
    ``order_gaps``) rather than giving different numbers here.
    """
    import numpy as np

    table = stream_query(prepared, journey, mapping, plan, has_order=has_order).to_pyarrow()
    code = table.column("code").to_numpy()
    steps = len(journey.steps)
    counted, unreadable = totals(code, table.column("name"), steps)
    order_gaps = False
    if has_order:
        missing = table.column("onull").to_numpy(zero_copy_only=False)
        order_gaps = bool(np.any(missing & (code < steps + 2)))
    return Stream(table=table, code=code, totals=counted, unreadable=unreadable, order_gaps=order_gaps)


def populations(stream: Stream, journey: Journey, plan: Plan, pairs: list[PairRequest], *, gap: float | None,
                max_variants: int | None, backend) -> tuple[PopulationFacts, tuple[PopulationFacts, ...]]:
    """The facts of everyone and of each ``where`` population.

    Args:
        stream: What :func:`read` returned.
        journey: The journey.
        plan: The requested wheres and switches.
        pairs: The requested pairs.
        gap: Seconds of inactivity that cut a user's events into sessions, or None.
        max_variants: The variant cap.
        backend: The DuckDB Ibis backend, for the durations' quantiles.
    """
    import numpy as np
    import pyarrow.compute as pc

    table, code = stream.table, stream.code
    steps = len(journey.steps)
    t = pc.fill_null(table.column("t"), 0).to_numpy()
    paths = cut_paths(code, t, key_changes(table.column("key")), steps,
                      gap=None if gap is None else int(round(gap * 1_000_000)), keep_repeats=journey.repeats == "keep")
    del t
    size = paths.size
    success_steps = [journey.step_ids.index(s) for s in journey.success if s in journey.step_ids]
    success = np.zeros(size, dtype=bool)
    if size and success_steps:
        hit = np.isin(paths.visit_step, success_steps).astype(np.int64)
        success = np.add.reduceat(hit, paths.offsets[:-1]) > 0
    switches = [switched(paths, table.column(f"sw{k}")) for k in range(len(plan.switch_fields))]
    step_index = {step: i for i, step in enumerate(journey.step_ids)}
    timings = [pair_timings(paths, step_index[p.source], step_index[p.target]) for p in pairs]
    moves = transition_arrays(paths)
    if "v" in table.column_names:
        sentiment = table.column("v")
        valid = pc.is_valid(sentiment).to_numpy(zero_copy_only=False)[paths.kept]
        values = pc.fill_null(sentiment, 0.0).to_numpy()[paths.kept]
    else:
        valid = values = None
    items = attribution_arrays(paths, paths.code == steps + FRICTION, values, valid)
    masks: list[tuple[Predicate | None, object]] = [(None, None)]
    for k, where in enumerate(plan.wheres):
        flags = table.column(f"w{k}").to_numpy(zero_copy_only=False)
        masks.append((where, first_of_paths(paths, flags)))

    durations = _durations(masks, moves, timings, steps, backend)
    results = []
    for index, (where, inside) in enumerate(masks):
        base = index * _groups(steps, len(pairs))
        results.append(population_facts(
            journey,
            where=where,
            variants=_variants(paths, success, inside),
            transitions=_transitions(durations, base, steps),
            attribution=_attribution(items, inside, steps),
            scalars=_scalars(inside, size, success, timings, pairs, switches, durations, base + steps * steps),
            pairs=pairs,
            switch_fields=plan.switch_fields,
            max_variants=max_variants,
        ))
    return results[0], tuple(results[1:])


def _groups(steps: int, pairs: int) -> int:
    """Duration groups per population: one per (source, target) transition, then one per pair."""
    return steps * steps + pairs


def _durations(masks, moves, timings, steps: int, backend) -> dict[int, dict]:
    """Count, mean and quantiles of every population's transition times and pair timings, by group.

    One Arrow table of (group, seconds) goes to DuckDB, which aggregates it as
    the shared pass does, so means and ``quantile_cont`` are DuckDB's own.
    """
    import ibis
    import numpy as np
    import pyarrow as pa

    member, source, target, seconds = moves
    groups, values = [], []
    for index, (_, inside) in enumerate(masks):
        base = index * _groups(steps, len(timings))
        keep = slice(None) if inside is None else inside[member]
        groups.append(base + source[keep].astype(np.int64) * steps + target[keep])
        values.append(seconds[keep])
        for k, (_, converted, between) in enumerate(timings):
            chosen = converted if inside is None else converted & inside
            groups.append(np.full(int(chosen.sum()), base + steps * steps + k, dtype=np.int64))
            values.append(between[chosen])
    data = pa.table({"g": np.concatenate(groups), "x": np.concatenate(values)})
    if data.num_rows == 0:
        return {}
    timed = ibis.memtable(data)
    summary = timed.group_by("g").aggregate(count=timed.count(), mean=timed.x.mean(), quantiles=timed.x.quantile(_QS))
    return {row["g"]: row for row in backend.to_pyarrow(summary).to_pylist()}


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


def _variants(paths, success, inside):
    """Distinct paths with their count and success count, grouped exactly on their step bytes."""
    import numpy as np
    import pyarrow as pa

    lengths = np.diff(paths.offsets)
    steps = paths.visit_step
    if inside is not None:
        steps = steps[inside[paths.visit_member]]
        lengths, success = lengths[inside], success[inside]
    width = steps.dtype.itemsize
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths * width, out=offsets[1:])
    data = np.ascontiguousarray(steps.astype(f"<u{width}"))
    keys = pa.Array.from_buffers(pa.large_binary(), len(lengths), [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    grouped = pa.table({"p": keys, "ok": success.astype(np.int64)}).group_by("p").aggregate(
        [("ok", "count"), ("ok", "sum")])
    unique = grouped.column("p").combine_chunks()
    buffers = unique.buffers()
    bounds = np.frombuffer(buffers[1], dtype=np.int64)[unique.offset:unique.offset + len(unique) + 1]
    codes = np.frombuffer(buffers[2], dtype=f"<u{width}") if buffers[2] is not None else np.zeros(0, f"<u{width}")
    values = codes[bounds[0] // width:bounds[-1] // width].astype(np.int16)
    path = pa.ListArray.from_arrays(pa.array(((bounds - bounds[0]) // width).astype(np.int32)), pa.array(values))
    return pa.table({"path": path, "count": grouped.column("ok_count"), "success": grouped.column("ok_sum")})


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
    pairs = np.unique(owner[is_friction] * buckets + step[is_friction])
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


__all__ = ["Stream", "populations", "read"]
