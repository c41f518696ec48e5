"""Rules 1 to 4 over the sorted event stream, as whole-array numpy and pyarrow kernels.

The DuckDB fast path (:mod:`journeyspec.engine.arrow.stream`) fetches every row of
the source once, sorted by (path key, time, order, row). Because the rows of
a path are contiguous and in path order, every fact is a few passes over
flat arrays: a path starts where the key changes (or, for sessions cut from
a user, where the gap is exceeded); a visit starts where the step changes;
the first A of a path is the first visit of A after a path start; the step
a friction event belongs to is the last step event at or before its row.
Nothing loops over paths or events in Python.

The results are the same Arrow tables the shared Ibis pass's queries return
(see :mod:`journeyspec.engine.sql.aggregates`), so
:func:`~journeyspec.engine.facts.build.population_facts` assembles both alike.
Durations (transition times and pair timings) are summarised as DuckDB's
``quantile_cont`` summarises them (:mod:`journeyspec.engine.arrow.quantiles`), and
variants grouped and counted in :mod:`journeyspec.engine.facts.arrays`.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.engine.facts.build import top_off_map
from journeyspec.engine.facts.models import EventTotals
from journeyspec.engine.rules.classify import KINDS, code_type
from journeyspec.engine.source.columns import MICROSECONDS

FRICTION, OFF_MAP, IGNORED, SKIPPED_KEY, SKIPPED_TIME, UNREADABLE = range(len(KINDS))
"""Each kind's offset after the step indexes in a code (see :data:`~journeyspec.engine.rules.classify.KINDS`)."""


@dataclass(frozen=True)
class Paths:
    """The stream cut into paths, and the visits of the population's paths.

    A path is a run of stream rows (the rows of one key, or of one session
    cut from a user's rows after a gap); only its kept rows (not skipped, not
    ignored) count. The population's paths are those with a step event,
    numbered 0..M-1 in stream order.

    Attributes:
        steps: Number of steps N (codes below N are step indexes).
        code: Every row's code.
        kept: Whether each row is kept.
        path: Every row's path.
        bounds: The first row of each path.
        member: Population index of each path, -1 for paths without a step event.
        step_rows: Row of each step event.
        visit_step: Step index of each visit.
        visit_t: Time of each visit (its first event), microseconds.
        visit_member: Population index of each visit's path.
        offsets: Where each population path's visits start in the visit arrays, and their total (M+1).
    """

    steps: int
    code: object
    kept: object
    path: object
    bounds: object
    member: object
    step_rows: object
    visit_step: object
    visit_t: object
    visit_member: object
    offsets: object

    @property
    def size(self) -> int:
        """Number of population paths M."""
        return len(self.offsets) - 1


def code_counts(code, steps: int):
    """How many rows carry each code (0 to N + len(KINDS) - 1), from some rows' codes (numpy)."""
    import numpy as np

    return np.bincount(code, minlength=steps + len(KINDS))


def totals(counts, names, steps: int) -> tuple[EventTotals, int]:
    """The event totals and the number of unreadable times, from the rows per code.

    Args:
        counts: How many rows carry each code (:func:`code_counts`, summed over every row).
        names: (name, count) of the off-map events that carry a name.
        steps: Number of steps N.
    """
    kind = counts[steps:]
    off_map = int(kind[OFF_MAP])
    rows = [(name, int(count)) for name, count in names]
    unnamed = off_map - sum(count for _, count in rows)
    if unnamed:
        rows.append((None, unnamed))
    result = EventTotals(
        rows=int(counts.sum()),
        skipped_null_session=int(kind[SKIPPED_KEY]),
        skipped_null_time=int(kind[SKIPPED_TIME] + kind[UNREADABLE]),
        ignored=int(kind[IGNORED]),
        friction=int(kind[FRICTION]),
        off_map=off_map,
        step_events=int(counts[:steps].sum()),
        top_off_map=top_off_map(rows),
    )
    return result, int(kind[UNREADABLE])


def key_changes(keys, previous=None):
    """Per row of a batch of the stream, whether its key differs from the row before.

    Args:
        keys: The batch's keys (Arrow).
        previous: The previous batch's last key (a one-element Arrow array), or None for the first batch.

    Exact for any key type pyarrow compares; missing keys only belong to
    skipped rows, which never start a path, and NaN equals NaN as in a GROUP BY.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if previous is not None:
        keys = pa.concat_arrays([previous.cast(keys.type), keys])
    n = len(keys)
    changed = np.ones(n, dtype=bool)
    if n > 1:
        before, after = keys.slice(0, n - 1), keys.slice(1)
        differ = pc.not_equal(after, before)
        if pa.types.is_floating(keys.type):
            differ = pc.and_(differ, pc.invert(pc.and_(pc.is_nan(after), pc.is_nan(before))))
        changed[1:] = pc.fill_null(differ, True).to_numpy(zero_copy_only=False)
    return changed if previous is None else changed[1:]


def encode_values(values):
    """One batch's values as (numbers, distinct values): ``numbers`` index the distinct values, -1 where missing.

    Equality is DuckDB's: floats first become -0.0 == 0.0 and every NaN one NaN.
    Numbers are per batch until :func:`number_values` unifies them.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_floating(values.type):
        valid = values.is_valid().to_numpy(zero_copy_only=False)
        numbers = values.to_numpy(zero_copy_only=False).astype(np.float64)
        numbers = np.where(numbers == 0, 0.0, numbers)
        numbers = np.where(np.isnan(numbers), np.nan, numbers)
        values = pa.array(numbers, mask=~valid)
    encoded = pc.dictionary_encode(values)
    return pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32), encoded.dictionary


def count_distinct_values(batches) -> int:
    """How many distinct non-missing values the batches' :func:`encode_values` hold together
    (the largest :func:`number_values` number + 1, without numbering every row)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not batches:
        return 0
    return len(pc.unique(pa.chunked_array([distinct for _, distinct in batches])))


def number_values(batches):
    """Every row's value number (-1 where missing), equal exactly for equal values, from each
    batch's :func:`encode_values`: the batches' distinct values are numbered once more together."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if not batches:
        return np.zeros(0, dtype=np.int32)
    together = pc.dictionary_encode(pa.chunked_array([distinct for _, distinct in batches])).combine_chunks()
    renumber = pc.fill_null(together.indices, -1).to_numpy(zero_copy_only=False).astype(np.int32)
    numbers = []
    start = 0
    for local, distinct in batches:
        table = np.append(renumber[start:start + len(distinct)], np.int32(-1))
        numbers.append(table[local])  # -1 indexes the appended -1: missing stays missing
        start += len(distinct)
    return np.concatenate(numbers)


class ArrayBuilder:
    """A numpy array filled batch by batch: in place when its largest size is known, else joined at
    the end (which briefly holds it twice).

    With a known ``total``, the array is allocated once at that size; pages
    never written take no memory, so ``total`` may be an upper bound.
    """

    def __init__(self, total: int | None, dtype) -> None:
        import numpy as np

        self.dtype = dtype
        self.size = 0
        self.array = None if total is None else np.empty(total, dtype=dtype)
        self.chunks: list = []

    def add(self, values):
        """Copy one batch's values in; return the stored copy."""
        stored = self.reserve(len(values))
        stored[...] = values
        return stored

    def reserve(self, n: int):
        """The next ``n`` values' place, to be written by the caller (``out=`` of a numpy function)."""
        import numpy as np

        if self.array is not None and not self.chunks and self.size + n <= len(self.array):
            slot = self.array[self.size:self.size + n]
        else:
            slot = np.empty(n, dtype=self.dtype)
            self.chunks.append(slot)
        self.size += n
        return slot

    def result(self):
        """All the values, in order."""
        import numpy as np

        if self.array is not None and not self.chunks:
            return self.array[:self.size]
        filled = self.size - sum(len(chunk) for chunk in self.chunks)
        parts = ([self.array[:filled]] if self.array is not None else []) + self.chunks
        return np.concatenate(parts) if parts else np.zeros(0, dtype=self.dtype)


class PathCutter:
    """Rules 2 and 3: paths, visits and the population, from the stream's arrays, batch by batch.

    Each batch is cut as it arrives, while DuckDB makes the next one; what a
    cut needs from the batch before (the path count, the last kept event's
    time, the last step event's step and path) is carried over, so the result
    is the same however the stream is split (tests/engine/test_path_cutter.py).

    Args:
        steps: Number of steps N.
        gap: For sessions cut from a user, the gap in microseconds; a new session starts
            where more than that passes between consecutive kept events of a user.
        keep_repeats: ``repeats keep``: every step event is a visit.
        total: Rows to expect, when known (32-bit path numbers below 2**31).
    """

    def __init__(self, steps: int, *, gap: int | None, keep_repeats: bool, total: int | None = None) -> None:
        import numpy as np

        self.steps, self.gap, self.keep_repeats = steps, gap, keep_repeats
        self.index = np.int32 if total is not None and total < 2**31 else np.int64
        # Each array is filled as the batches come (no joining at the end); the row count
        # bounds them all.
        self.kept = ArrayBuilder(total, bool)
        self.path = ArrayBuilder(total, self.index)
        self.bounds = ArrayBuilder(total, np.int64)
        self.step_rows = ArrayBuilder(total, np.int64)
        self.visit_path = ArrayBuilder(total, self.index)
        self.visit_t = ArrayBuilder(total, np.int64)
        self.visit_step = ArrayBuilder(total, code_type(steps))  # the codes' own type
        self.rows = 0
        self.paths = 0
        self.last_kept_t = None
        self.last_step = -1
        self.last_step_path = -1

    def add(self, code, t, changed) -> None:
        """Cut one batch: every row's ``code``, time ``t`` (microseconds) and whether its key ``changed``."""
        import numpy as np

        offset = self.rows
        kept = np.less(code, self.steps + IGNORED, out=self.kept.reserve(len(code)))
        starts = changed
        if self.gap is not None:
            # Only kept events start or extend a session: compare each with the kept event before it.
            rows = np.flatnonzero(kept)
            if len(rows):
                starts = changed.copy()
                times = t[rows]
                starts[rows[1:][(times[1:] - times[:-1]) > self.gap]] = True
                if self.last_kept_t is not None and times[0] - self.last_kept_t > self.gap:
                    starts[rows[0]] = True
                self.last_kept_t = times[-1]
            del rows
        path = np.cumsum(starts, dtype=self.index, out=self.path.reserve(len(code)))
        path += self.paths - 1
        if len(path):
            self.paths = int(path[-1]) + 1
        self.bounds.add(np.flatnonzero(starts) + offset)

        local = np.flatnonzero(code < self.steps)
        step = code[local]
        step_path = path[local]
        if self.keep_repeats or len(local) == 0:
            visit_step, visit_path, visit_t = step, step_path, t[local]
        else:
            first = np.empty(len(local), dtype=bool)
            first[0] = step[0] != self.last_step or step_path[0] != self.last_step_path
            np.not_equal(step[1:], step[:-1], out=first[1:])
            first[1:] |= step_path[1:] != step_path[:-1]
            # Positions, then three gathers: faster than three boolean selections.
            first = np.flatnonzero(first)
            visit_step, visit_path, visit_t = step[first], step_path[first], t[local[first]]
        if len(local):
            self.last_step, self.last_step_path = int(step[-1]), int(step_path[-1])
        np.add(local, offset, out=self.step_rows.reserve(len(local)))
        self.visit_step.add(visit_step)
        self.visit_path.add(visit_path)
        self.visit_t.add(visit_t)
        self.rows += len(code)

    def finish(self, code) -> Paths:
        """The :class:`Paths` of every batch added; ``code`` is every row's code, in stream order."""
        import numpy as np

        visit_path = self.visit_path.result()
        begins = np.ones(len(visit_path), dtype=bool)
        begins[1:] = visit_path[1:] != visit_path[:-1]
        member = np.full(self.paths, -1, dtype=self.index)
        member[visit_path[begins]] = np.arange(int(begins.sum()), dtype=self.index)
        visit_member = np.cumsum(begins, dtype=self.index)
        visit_member -= 1
        return Paths(
            steps=self.steps, code=code, kept=self.kept.result(), path=self.path.result(),
            bounds=self.bounds.result(), member=member, step_rows=self.step_rows.result(),
            visit_step=self.visit_step.result(), visit_t=self.visit_t.result(),
            visit_member=visit_member, offsets=np.append(np.flatnonzero(begins), len(visit_path)),
        )


def first_of_paths(paths: Paths, values):
    """Per population path, the value of its first kept event (for ``where``), from every row's values."""
    import numpy as np

    # A population path has a kept event, so its first kept row is the first at or after its first row:
    # usually that row itself.
    first = paths.bounds[paths.member >= 0]
    later = ~paths.kept[first]
    if later.any():
        rows = np.flatnonzero(paths.kept)
        first[later] = rows[np.searchsorted(rows, first[later])]
    return values[first]


def switched(paths: Paths, numbers):
    """Per population path, whether its kept events carry two or more distinct non-missing values.

    ``numbers`` is every row's :func:`number_values`; a path switched when the
    least and greatest number of its kept, present values differ.
    """
    import numpy as np

    if len(paths.bounds) == 0:
        return np.zeros(0, dtype=bool)
    present = paths.kept & (numbers >= 0)
    least = np.minimum.reduceat(np.where(present, numbers, np.iinfo(numbers.dtype).max), paths.bounds)
    greatest = np.maximum.reduceat(np.where(present, numbers, -1), paths.bounds)
    flags = (greatest >= 0) & (least != greatest)
    return flags[paths.member >= 0]


def _firsts(rows, owner):
    """The first of ``rows`` (sorted) for each distinct ``owner[rows]``: (rows, owners)."""
    import numpy as np

    owners = owner[rows]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = owners[1:] != owners[:-1]
    return rows[first], owners[first]


def pair_timings(paths: Paths, source, target):
    """Per population path: whether it has A, whether B follows the first A, and the seconds between.

    A and B are each a step index, or a group's ``(step indexes, how many complete it)``: a
    group's "first A" is the visit that first completes it, and a group B is done after A when
    enough of its steps are visited after A (:func:`completions`).

    Returns ``(has_source, converted, seconds)`` with ``seconds`` NaN where not converted.
    """
    import numpy as np

    size = paths.size
    start = np.asarray(paths.offsets[:-1], dtype=np.int64) - 1  # "after the visit before the first"
    first_a = completions(paths, *_end(source), start, np.ones(size, dtype=bool))
    has_a = first_a >= 0
    first_b = completions(paths, *_end(target), first_a, has_a)
    converted = first_b >= 0
    seconds = np.full(size, np.nan)
    seconds[converted] = (paths.visit_t[first_b[converted]] - paths.visit_t[first_a[converted]]).astype(
        np.float64) / MICROSECONDS
    return has_a, converted, seconds


def _end(end) -> tuple[tuple[int, ...], int]:
    return ((end,), 1) if isinstance(end, int) else (tuple(end[0]), int(end[1]))


def completions(paths: Paths, steps: tuple[int, ...], need: int, after, eligible):
    """Per population path, the visit at which ``need`` of ``steps`` have been visited after visit
    ``after`` (a visit index; only where ``eligible``), or -1 where they never are.

    For one step and ``need`` 1, its first visit after ``after``; for a group, the first visit of
    each of its steps after ``after``, and the ``need``-th earliest of those.
    """
    import numpy as np

    size = paths.size
    never = np.iinfo(np.int64).max
    firsts = np.full((len(steps), size), never, dtype=np.int64)
    for row, step in enumerate(steps):
        candidates = np.flatnonzero(paths.visit_step == step)
        owners = paths.visit_member[candidates]
        candidates = candidates[eligible[owners] & (candidates > after[owners])]
        rows, owners = _firsts(candidates, paths.visit_member)
        firsts[row, owners] = rows
    done = firsts[0] if len(steps) == 1 else np.partition(firsts, need - 1, axis=0)[need - 1]
    return np.where(done == never, -1, done)


def transition_arrays(paths: Paths):
    """Every consecutive visit pair: (population path, source, target, seconds)."""
    import numpy as np

    rows = np.flatnonzero(paths.visit_member[1:] == paths.visit_member[:-1])
    after = rows + 1
    seconds = (paths.visit_t[after] - paths.visit_t[rows]).astype(np.float64) / MICROSECONDS
    return paths.visit_member[rows], paths.visit_step[rows], paths.visit_step[after], seconds


def attribution_arrays(paths: Paths, value_rows, values):
    """Friction and sentiment events with the step each belongs to.

    An event belongs to the last step event at or before it in its path (its
    own step when it is one); before the path's first step event it belongs to
    none (step N here). Events of paths outside the population are left out.

    Args:
        paths: The cut paths.
        value_rows: Rows carrying a sentiment value (sorted), and ``values`` those values.

    Returns:
        ``(member, step, is_friction, has_value, value)`` per event.
    """
    import numpy as np

    # Ignored and skipped rows carry no sentiment.
    kept = paths.kept[value_rows]
    value_rows, values = value_rows[kept], values[kept]
    wanted = paths.code == paths.steps + FRICTION
    wanted[value_rows] = True
    rows = np.flatnonzero(wanted)
    del wanted
    is_friction = paths.code[rows] == paths.steps + FRICTION
    has_value = np.zeros(len(rows), dtype=bool)
    value = np.zeros(len(rows))
    slots = np.searchsorted(rows, value_rows)
    has_value[slots] = True
    value[slots] = values
    owner = paths.member[paths.path[rows]]
    inside = owner >= 0
    rows, owner, is_friction, has_value, value = (
        rows[inside], owner[inside], is_friction[inside], has_value[inside], value[inside])
    last = np.searchsorted(paths.step_rows, rows, side="right") - 1
    ok = last >= 0
    ok[ok] = paths.path[paths.step_rows[last[ok]]] == paths.path[rows[ok]]
    step = np.where(ok, paths.code[paths.step_rows[np.maximum(last, 0)]], paths.steps).astype(np.int64)
    return owner.astype(np.int64), step, is_friction, has_value, value


__all__ = [
    "ArrayBuilder",
    "PathCutter",
    "Paths",
    "attribution_arrays",
    "code_counts",
    "count_distinct_values",
    "first_of_paths",
    "key_changes",
    "encode_values",
    "number_values",
    "completions",
    "pair_timings",
    "switched",
    "totals",
    "transition_arrays",
]
