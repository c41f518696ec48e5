"""The DuckDB fast path: one sorted query, then every population's facts from its arrays.

:func:`read` runs the query of :mod:`journeyspec.engine.stream`, cuts each
batch into paths as it arrives (:mod:`journeyspec.engine.vectorised`) and
counts the event totals from it; :func:`populations` builds, for everyone and for each
``where``, the same Arrow tables the shared Ibis pass's four queries return,
which :func:`~journeyspec.engine.facts.build.population_facts` turns into facts.
The durations' quantiles are DuckDB's ``quantile_cont``, computed with numpy
(:mod:`journeyspec.engine.quantiles`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from journeyspec.engine.classify import Plan, code_type
from journeyspec.engine.facts.arrays import distinct, group_paths, population_variants
from journeyspec.engine.facts.build import population_facts, summarise_variants
from journeyspec.engine.facts.models import EventTotals, PairRequest, PopulationFacts
from journeyspec.engine.quantiles import GroupOrder, summarise
from journeyspec.engine.stream import Packing, dictionary_query, stream_query
from journeyspec.engine.vectorised import (
    SKIPPED_KEY,
    ArrayBuilder,
    PathCutter,
    Paths,
    attribution_arrays,
    code_counts,
    count_distinct_values,
    encode_values,
    first_of_paths,
    key_changes,
    number_values,
    pair_timings,
    switched,
    totals,
    transition_arrays,
)
from journeyspec.ir import Journey
from journeyspec.ir.predicates import Predicate

BATCH_ROWS = 1_000_000
"""Rows per Arrow batch of the stream: each batch is reduced to numpy arrays as it arrives."""

PREFETCHED_BATCHES = 4
"""Batches DuckDB may make ahead of the one being cut (about 40 MB each with the benchmark map's
columns): enough that it keeps making them while the first batch imports pandas (through pyarrow)
or a slow one is cut, rather than stopping after one."""


@dataclass
class Stream:
    """The stream's columns as compact numpy arrays, with the totals counted from them.

    The key, switch and name columns are not kept: each batch leaves only
    where the key changed, each switch field's values as per-batch numbers
    (:func:`~journeyspec.engine.vectorised.encode_values`), and the off-map
    names. So memory holds a few bytes per event, not the strings.

    Attributes:
        paths: The stream cut into paths (rules 2 and 3), batch by batch as it arrived.
        code: Every row's code.
        changed: Whether each row's key differs from the previous row's.
        value_rows: Rows carrying a sentiment value, and ``values`` those values.
        wheres: Per ``where``, whether each row matches it.
        switch_batches: Per switch field, each batch's
            :func:`~journeyspec.engine.vectorised.encode_values`, numbered together only by
            :func:`populations` (:func:`~journeyspec.engine.vectorised.number_values`), on its second thread.
        totals: The event totals.
        unreadable: Rows whose time is present but does not parse.
    """

    paths: Paths
    code: object
    changed: object
    value_rows: object
    values: object
    wheres: list
    switch_batches: list
    totals: EventTotals
    unreadable: int


def read(coded, journey: Journey, plan: Plan, *, has_order: bool, backend, columnar: bool,
         gap: float | None = None) -> Stream:
    """Run the sorted query over the :func:`~journeyspec.engine.classify.codes` table, reducing each
    batch to compact arrays, and count the totals.

    On a ``columnar`` source, the path key, the switch fields and the off-map
    names travel as hashes. :func:`~journeyspec.engine.stream.dictionary_query`
    counts the distinct keys and values first; the stream, sorted by the
    hashes, shows how many distinct hashes there are. Where the two counts
    differ, two values share a hash, and the query runs again with that
    column as it is (never observed: it takes a collision of 64-bit hashes).

    A missing ``order`` value sorts last, as it does in the shared pass (see
    :func:`~journeyspec.engine.paths.at_or_before`). ``gap`` is the seconds of
    inactivity that cut a user's events into sessions, or None.
    """
    gap_us = None if gap is None else int(round(gap * 1_000_000))
    if not columnar:
        return _sorted_stream(coded, journey, plan, has_order=has_order, backend=backend, gap=gap_us)
    # Read as DuckDB gives it, not through Ibis's to_pyarrow, whose type converter imports
    # pandas: the first batch of the stream imports it instead, while DuckDB makes the next.
    check = backend._to_duckdb_relation(dictionary_query(coded, plan)).to_arrow_table().to_pylist()[0]
    named = [(h, name) for h, name in zip(check["name_hashes"] or (), check["names"] or ()) if name is not None]
    names_by_hash = dict(named) if len({h for h, _ in named}) == len(named) else None
    hashed_key, hashed_switches = True, frozenset(range(len(plan.switch_fields)))
    while True:
        stream = _sorted_stream(coded, journey, plan, has_order=has_order, backend=backend, gap=gap_us,
                                total=check["rows"], hashed_key=hashed_key, hashed_switches=hashed_switches,
                                names_by_hash=names_by_hash)
        if len(stream.code) != check["rows"]:
            # The source changed between the two queries: the counts were taken on other rows.
            return _sorted_stream(coded, journey, plan, has_order=has_order, backend=backend, gap=gap_us)
        keys, values = distinct_counts(stream, len(journey.steps))
        collided_key = hashed_key and keys != check["keys"]
        collided = frozenset(k for k in hashed_switches if values[k] != check[f"values{k}"])
        if not collided_key and not collided:
            return stream
        hashed_key, hashed_switches = hashed_key and not collided_key, hashed_switches - collided


def distinct_counts(stream: Stream, steps: int) -> tuple[int, list[int]]:
    """How many distinct path keys the stream holds, and how many distinct values of each switch field
    (as sent: where they are hashes, distinct hashes)."""
    import numpy as np

    # Sorted by the key, each distinct key is one run of rows: the rows where the key changed,
    # but for those without a key (skipped, last in the stream).
    keys = int(np.count_nonzero(stream.changed & (stream.code != steps + SKIPPED_KEY)))
    values = [count_distinct_values(batches) for batches in stream.switch_batches]
    return keys, values


def _sorted_stream(coded, journey: Journey, plan: Plan, *, has_order: bool, backend, gap: int | None,
                   total: int | None = None, hashed_key: bool = False, hashed_switches=frozenset(),
                   names_by_hash: dict | None = None) -> Stream:
    """One run of the sorted query (see :func:`read`), the key and ``hashed_switches`` sent as hashes,
    the off-map names too when ``names_by_hash`` tells them apart; ``total`` rows expected, if known;
    ``gap`` in microseconds.

    Each batch is cut into paths as it arrives (:class:`~journeyspec.engine.vectorised.PathCutter`):
    DuckDB makes the next batch meanwhile, on its own thread."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    steps = len(journey.steps)
    query = stream_query(coded, journey, plan, has_order=has_order, hashed_key=hashed_key,
                         hashed_switches=hashed_switches, hashed_names=names_by_hash is not None)
    packing = Packing.of(steps, len(plan.wheres))
    code_mask = (1 << packing.code_bits) - 1
    code = ArrayBuilder(total, np.dtype(code_type(steps)))
    cutter = PathCutter(steps, gap=gap, keep_repeats=journey.repeats == "keep", total=total)
    changed = ArrayBuilder(total, bool)
    wheres = [ArrayBuilder(total, bool) for _ in plan.wheres]
    counts = code_counts(np.zeros(0, dtype=np.uint8), steps)
    switches: list[list] = [[] for _ in plan.switch_fields]
    value_rows: list = []
    values: list = []
    off_map_names: list = []
    previous_key = None
    # Ibis's own to_pyarrow path (a DuckDB relation: memtables registered, no
    # progress bar on stdout), read batch by batch and without its type conversion.
    reader = backend._to_duckdb_relation(query).to_arrow_reader(BATCH_ROWS)
    # Copied out, never kept as views: any buffer of a batch that DuckDB
    # exported keeps the whole batch alive.
    for batch in prefetched(reader, depth=PREFETCHED_BATCHES):
        if batch.num_rows == 0:
            continue
        offset = code.size
        packed = batch.column("code").to_numpy()
        codes_here = code.add(packed & code_mask if packing.flags else packed)
        # Counted here, while DuckDB makes the next batch, rather than over every row at the end.
        counts += code_counts(codes_here, steps)
        # Times are only needed while the batch is cut (visits keep their own): not kept.
        times = pc.fill_null(batch.column("t"), 0).to_numpy()
        keys = batch.column("key")
        cutter.add(codes_here, times, changed.add(key_changes(keys, previous_key)))
        previous_key = keys.slice(len(keys) - 1)
        if "v" in batch.schema.names:
            value = batch.column("v")
            present = pc.is_valid(value)
            value_rows.append(np.flatnonzero(present.to_numpy(zero_copy_only=False)) + offset)
            values.append(value.filter(present).to_numpy())
        for k, column in enumerate(wheres):
            if k < packing.flags:
                column.add((packed >> (packing.code_bits + k)) & 1)
            else:
                column.add(batch.column(f"w{k}").to_numpy(zero_copy_only=False))
        for k in range(len(plan.switch_fields)):
            switches[k].append(encode_values(batch.column(f"sw{k}")))
        names = batch.column("name")
        off_map_names.append(names.filter(pc.is_valid(names)))
    previous_key = None

    named = pc.value_counts(pa.chunked_array(off_map_names, query.schema()["name"].to_pyarrow())).to_pylist()
    lookup = names_by_hash.__getitem__ if names_by_hash is not None else (lambda name: name)
    counted, unreadable = totals(counts, [(lookup(row["values"]), row["counts"]) for row in named], steps)
    every_code = code.result()
    return Stream(
        paths=cutter.finish(every_code),
        code=every_code,
        changed=changed.result(),
        value_rows=np.concatenate(value_rows) if value_rows else np.zeros(0, dtype=np.int64),
        values=np.concatenate(values) if values else np.zeros(0),
        wheres=[column.result() for column in wheres],
        switch_batches=switches,
        totals=counted,
        unreadable=unreadable,
    )


_DONE = object()


def prefetched(batches, depth: int = 1):
    """The items of ``batches``, fetched by a second thread up to ``depth`` ahead of this one.

    DuckDB makes the next batch of a sorted result without holding the GIL,
    so reading and reducing overlap (10M events, median of three: read 4.2 s -> 3.7 s).
    An error of the reader is raised here; stopping early stops the reader.
    """
    import queue
    import threading

    ready: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for batch in batches:
                if not put(batch):
                    return
            put(_DONE)
        except BaseException as error:  # noqa: BLE001 - handed to the reading thread, which raises it
            put(error)

    thread = threading.Thread(target=produce, name="journeyspec-stream", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def populations(stream: Stream, journey: Journey, plan: Plan, pairs: list[PairRequest], *,
                max_variants: int | None) -> tuple[PopulationFacts, tuple[PopulationFacts, ...]]:
    """The facts of everyone and of each ``where`` population.

    Args:
        stream: What :func:`read` returned.
        journey: The journey.
        plan: The requested wheres and switches.
        pairs: The requested pairs.
        max_variants: The variant cap.
    """
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
    masks: list[tuple[Predicate | None, object]] = [(None, None)]
    for where, flags in zip(plan.wheres, stream.wheres):
        masks.append((where, first_of_paths(paths, flags)))
    step_index = {step: i for i, step in enumerate(journey.step_ids)}

    # The transition times are gathered and summarised on a second thread (numpy's sorts and
    # selections release the GIL), started as soon as the paths are cut, and then the switch
    # values are numbered and compared there: this thread works out the pair timings, the
    # attribution and the variants beside them (10M events: about 0.6 s of work each).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(_transition_durations, masks, paths, steps, len(pairs))
        pending_switches = [pool.submit(_switched, paths, batches) for batches in stream.switch_batches]
        timings = [pair_timings(paths, step_index[p.source], step_index[p.target]) for p in pairs]
        items = attribution_arrays(paths, stream.value_rows, stream.values)
        groups = group_paths(paths.visit_step, paths.offsets)
        summaries = [summarise_variants(population_variants(groups, success, inside), journey.step_ids, max_variants)
                     for _, inside in masks]
        durations = _pair_durations(masks, timings, steps)
        durations.update(pending.result())
        switches = [job.result() for job in pending_switches]
    results = []
    for index, ((where, inside), summary) in enumerate(zip(masks, summaries)):
        base = index * _groups(steps, len(pairs))
        results.append(population_facts(
            journey,
            where=where,
            variants=summary,
            transitions=_transitions(durations, base, steps),
            attribution=_attribution(items, inside, steps),
            scalars=_scalars(inside, size, success, timings, pairs, switches, durations, base + steps * steps),
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


def _transition_durations(masks, paths, steps: int, pairs: int) -> dict[int, dict]:
    """Count, mean and quantiles of every population's transition times, by group
    (:func:`~journeyspec.engine.quantiles.summarise`: DuckDB's ``quantile_cont``, computed with numpy)."""
    import numpy as np

    member, source, target, seconds = transition_arrays(paths)
    # Sorted by transition once: each population's transitions are a subset in the same order.
    order = GroupOrder(source.astype(np.int32) * steps + target)
    del source, target
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


__all__ = ["Stream", "populations", "read"]
