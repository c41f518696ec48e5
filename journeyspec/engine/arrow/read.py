"""The Arrow route's read: the sorted query, fetched batch by batch and cut into paths as it comes.

:func:`read` runs the query of :mod:`journeyspec.engine.arrow.stream`; a
second thread fetches the batches ahead (:func:`prefetched`) while this one
cuts each into paths (:class:`~journeyspec.engine.arrow.kernels.PathCutter`)
and counts the event totals from it. Each run gives a :class:`Stream`: a
few bytes of numpy arrays per event, which the caller reduces at once
(:func:`journeyspec.engine.arrow.populations.partial`) and lets go.

Large sources are read in partitions (:func:`partition_count`): the sorted
query runs once per range of the key's hash, so DuckDB sorts, and numpy
holds, a slice of the events at a time. The rows are sorted by that hash, so
the partitions, taken in order, are the one-pass stream cut into consecutive
slices at key boundaries, and their reductions, joined in order, are the one
pass's to the last digit (every sum adds the same numbers in the same order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from journeyspec.engine.arrow.kernels import (
    SKIPPED_KEY,
    ArrayBuilder,
    PathCutter,
    Paths,
    code_counts,
    count_distinct_values,
    encode_values,
    key_changes,
    totals,
)
from journeyspec.engine.arrow.stream import Packing, dictionary_query, stream_query
from journeyspec.engine.facts.models import EventTotals
from journeyspec.engine.rules.classify import Plan, code_type
from journeyspec.ir import Journey

BATCH_ROWS = 1_000_000
"""Rows per Arrow batch of the stream: each batch is reduced to numpy arrays as it arrives."""

PARTITION_ROWS = 16_000_000
"""Rows of the source per partition of the sorted query, at most (rounded to a power-of-two number of
partitions; see :func:`partition_count`). Each partition costs one more scan of the source's
columns, and saves DuckDB's sort and numpy's arrays the memory of the rows it leaves out."""

PREFETCHED_BATCHES = 4
"""Batches DuckDB may make ahead of the one being cut (about 40 MB each with the benchmark map's
columns): enough that it keeps making them while the first batch imports pandas (through pyarrow)
or a slow one is cut, rather than stopping after one."""


@dataclass
class Stream:
    """One run of the sorted query (the whole source, or one partition) as compact numpy arrays.

    The key, switch and name columns are not kept: each batch leaves only
    where the key changed, each switch field's values as per-batch numbers
    (:func:`~journeyspec.engine.arrow.kernels.encode_values`), and the off-map
    names. So memory holds a few bytes per event, not the strings.

    Attributes:
        paths: The stream cut into paths (rules 2 and 3), batch by batch as it arrived.
        code: Every row's code.
        changed: Whether each row's key differs from the previous row's.
        value_rows: Rows carrying a sentiment value, and ``values`` those values.
        wheres: Per ``where``, whether each row matches it.
        switch_batches: Per switch field, each batch's
            :func:`~journeyspec.engine.arrow.kernels.encode_values`, numbered together only by
            :func:`~journeyspec.engine.arrow.populations.populations`
            (:func:`~journeyspec.engine.arrow.kernels.number_values`), on its second thread.
        counts: How many rows carry each code (:func:`~journeyspec.engine.arrow.kernels.code_counts`).
        named: (name as sent, count) of the off-map events that carry a name, in first-seen order.
        time_range: The least and greatest time (microseconds) of the rows read; None when none has one.
    """

    paths: Paths
    code: object
    changed: object
    value_rows: object
    values: object
    wheres: list
    switch_batches: list
    counts: object
    named: list
    time_range: tuple[int, int] | None = None


@dataclass
class Read:
    """What :func:`read` returns: each partition's reduction, in stream order, and the event totals.

    Attributes:
        parts: What ``reduce_part`` returned for each partition's :class:`Stream` (one without partitions).
        totals: The event totals of every row.
        unreadable: Rows whose time is present but does not parse.
        time_range: The least and greatest time (microseconds) of the rows read; None when none has one.
        partitions: How many partitions the source was read in.
    """

    parts: list
    totals: EventTotals
    unreadable: int
    time_range: tuple[int, int] | None
    partitions: int


def partition_count(rows: int, partition_rows: int | None = None) -> int:
    """How many partitions a source of ``rows`` rows is read in: the least power of two that leaves
    at most ``partition_rows`` (default :data:`PARTITION_ROWS`) rows to a partition on average.

    A power of two, so that a partition is a range of the key's hash: its top bits.
    """
    limit = PARTITION_ROWS if partition_rows is None else partition_rows
    count = 1
    while rows > count * limit and count < 1 << 16:
        count *= 2
    return count


def read(coded, journey: Journey, plan: Plan, *, has_order: bool, backend, columnar: bool,
         reduce_part: Callable[[Stream], object], gap: int | None = None,
         partition_rows: int | None = None) -> Read:
    """Run the sorted query over the :func:`~journeyspec.engine.rules.classify.codes` table, reducing each
    batch to compact arrays and each partition's :class:`Stream` with ``reduce_part``, and count the totals.

    On a ``columnar`` source, the path key, the switch fields and the off-map
    names travel as hashes. :func:`~journeyspec.engine.arrow.stream.dictionary_query`
    counts the rows, the distinct keys and values first; the stream, sorted by the
    hashes, shows how many distinct hashes there are. Where the two counts
    differ, two values share a hash, and the query runs again with that
    column as it is (never observed: it takes a collision of 64-bit hashes).
    With the key as a hash, a source of more than ``partition_rows`` rows
    (default :data:`PARTITION_ROWS`) is read in :func:`partition_count` partitions.

    A missing ``order`` value sorts last, as it does in the shared pass (see
    :func:`~journeyspec.engine.sql.paths.at_or_before`). ``gap`` is the microseconds of
    inactivity that cut a user's events into sessions
    (:attr:`~journeyspec.engine.source.columns.Mapping.gap_us`), or None.
    """
    whole = {"journey": journey, "plan": plan, "has_order": has_order, "backend": backend, "gap": gap,
             "reduce_part": reduce_part}
    if not columnar:
        return _read_partitions(coded, **whole)[0]
    # Read as DuckDB gives it, not through Ibis's to_pyarrow, whose type converter imports
    # pandas: the first batch of the stream imports it instead, while DuckDB makes the next.
    check = backend._to_duckdb_relation(dictionary_query(coded, plan)).to_arrow_table().to_pylist()[0]
    named = [(h, name) for h, name in zip(check["name_hashes"] or (), check["names"] or ()) if name is not None]
    names_by_hash = dict(named) if len({h for h, _ in named}) == len(named) else None
    hashed_key, hashed_switches = True, frozenset(range(len(plan.switch_fields)))
    while True:
        # Partitions are ranges of the key's hash, so only a hashed key can be partitioned.
        partitions = partition_count(check["rows"], partition_rows) if hashed_key else 1
        result, tally = _read_partitions(coded, **whole, partitions=partitions, total=check["rows"],
                                         hashed_key=hashed_key, hashed_switches=hashed_switches,
                                         names_by_hash=names_by_hash)
        if tally.rows != check["rows"]:
            # The source changed between the two queries: the counts were taken on other rows.
            return _read_partitions(coded, **whole)[0]
        collided_key = hashed_key and tally.keys != check["keys"]
        collided = frozenset(k for k in hashed_switches if tally.values(k) != check[f"values{k}"])
        if not collided_key and not collided:
            return result
        hashed_key, hashed_switches = hashed_key and not collided_key, hashed_switches - collided


class _Tally:
    """What the partitions' streams add up to: rows, code counts, off-map names, time range, distinct keys
    and switch values (for the hash checks)."""

    def __init__(self, steps: int, switches: int) -> None:
        self.steps = steps
        self.rows = 0
        self.keys = 0
        self.counts = None
        self.named: dict = {}
        self.time_range: tuple[int, int] | None = None
        self.distinct: list[list] = [[] for _ in range(switches)]
        self.streams = 0
        self.first_values: list[int] = []

    def add(self, stream: Stream) -> None:
        self.rows += len(stream.code)
        self.counts = stream.counts if self.counts is None else self.counts + stream.counts
        for name, count in stream.named:
            self.named[name] = self.named.get(name, 0) + count
        if stream.time_range is not None:
            low, high = stream.time_range
            self.time_range = (low, high) if self.time_range is None else (
                min(low, self.time_range[0]), max(high, self.time_range[1]))
        # Partitions hold disjoint keys, so their distinct keys add up; a switch value may be in several.
        keys, values = distinct_counts(stream, self.steps)
        self.keys += keys
        self.streams += 1
        self.first_values = values
        for k, batches in enumerate(stream.switch_batches):
            self.distinct[k].extend((None, distinct) for _, distinct in batches)

    def values(self, k: int) -> int:
        """Distinct values (as sent) of switch field ``k`` over every partition."""
        return self.first_values[k] if self.streams == 1 else count_distinct_values(self.distinct[k])


def _read_partitions(coded, *, journey: Journey, plan: Plan, has_order: bool, backend, gap: int | None,
                     reduce_part, partitions: int = 1, total: int | None = None, hashed_key: bool = False,
                     hashed_switches=frozenset(), names_by_hash: dict | None = None) -> tuple[Read, _Tally]:
    """The sorted query once per partition, in hash order; each stream reduced by ``reduce_part`` and let go."""
    steps = len(journey.steps)
    tally = _Tally(steps, len(plan.switch_fields))
    parts = []
    for index in range(partitions):
        stream = _sorted_stream(coded, journey, plan, has_order=has_order, backend=backend, gap=gap, total=total,
                                hashed_key=hashed_key, hashed_switches=hashed_switches, names_by_hash=names_by_hash,
                                partition=None if partitions == 1 else (index, partitions))
        tally.add(stream)
        parts.append(reduce_part(stream))
        del stream  # before the next partition is read
    lookup = names_by_hash.__getitem__ if names_by_hash is not None else (lambda name: name)
    counts = tally.counts if tally.counts is not None else code_counts(_no_codes(), steps)
    counted, unreadable = totals(counts, [(lookup(name), count) for name, count in tally.named.items()], steps)
    return Read(parts=parts, totals=counted, unreadable=unreadable, time_range=tally.time_range,
                partitions=partitions), tally


def _no_codes():
    import numpy as np

    return np.zeros(0, dtype=np.uint8)


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
                   names_by_hash: dict | None = None, partition: tuple[int, int] | None = None) -> Stream:
    """One run of the sorted query (see :func:`read`), the key and ``hashed_switches`` sent as hashes,
    the off-map names too when ``names_by_hash`` tells them apart; ``total`` rows expected at most, if known;
    ``gap`` in microseconds; ``partition`` (index, count) of a hashed key's rows, or None for every row.

    Each batch is cut into paths as it arrives (:class:`~journeyspec.engine.arrow.kernels.PathCutter`):
    DuckDB makes the next batch meanwhile, on its own thread."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    steps = len(journey.steps)
    query = stream_query(coded, journey, plan, has_order=has_order, hashed_key=hashed_key,
                         hashed_switches=hashed_switches, hashed_names=names_by_hash is not None,
                         partition=partition)
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
    low = high = None
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
        # Their least and greatest, for the plausibility of the unit: two numbers a batch, nulls skipped.
        ends = pc.min_max(batch.column("t")).as_py()
        if ends["min"] is not None:
            low = ends["min"] if low is None else min(low, ends["min"])
            high = ends["max"] if high is None else max(high, ends["max"])
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
    every_code = code.result()
    return Stream(
        paths=cutter.finish(every_code),
        code=every_code,
        changed=changed.result(),
        value_rows=np.concatenate(value_rows) if value_rows else np.zeros(0, dtype=np.int64),
        values=np.concatenate(values) if values else np.zeros(0),
        wheres=[column.result() for column in wheres],
        switch_batches=switches,
        counts=counts,
        named=[(row["values"], row["counts"]) for row in named],
        time_range=None if low is None else (low, high),
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


__all__ = ["BATCH_ROWS", "PARTITION_ROWS", "PREFETCHED_BATCHES", "Read", "Stream", "distinct_counts", "partition_count",
           "prefetched", "read"]
