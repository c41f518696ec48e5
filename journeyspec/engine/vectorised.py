"""Rules 1 to 4 over the sorted event stream, as whole-array numpy and pyarrow kernels.

The DuckDB fast path (:mod:`journeyspec.engine.stream`) fetches every row of
the source once, sorted by (path key, time, order, row). Because the rows of
a path are contiguous and in path order, every fact is a few passes over
flat arrays: a path starts where the key changes (or, for sessions cut from
a user, where the gap is exceeded); a visit starts where the step changes;
the first A of a path is the first visit of A after a path start; the step
a friction event belongs to is the last step event at or before its row.
Nothing loops over paths or events in Python.

The results are the same Arrow tables the shared Ibis pass's queries return
(see :mod:`journeyspec.engine.aggregates`), so
:func:`~journeyspec.engine.results.population_facts` assembles both alike.
Durations (transition times and pair timings) go back to DuckDB as one Arrow
table for their means and ``quantile_cont`` quantiles, so they are DuckDB's
own numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.engine.classify import KINDS
from journeyspec.engine.facts import EventTotals, NameCount
from journeyspec.engine.totals import TOP_OFF_MAP

FRICTION, OFF_MAP, IGNORED, SKIPPED_KEY, SKIPPED_TIME, UNREADABLE = range(len(KINDS))


@dataclass(frozen=True)
class Paths:
    """The kept events of the stream cut into paths, and the visits of the population's paths.

    Kept rows (not skipped, not ignored) keep their stream order. A path is a
    run of kept rows; the population's paths are those with a step event,
    numbered 0..M-1 in stream order.

    Attributes:
        steps: Number of steps N (codes below N are step indexes).
        kept: Stream row of each kept row.
        code: Code of each kept row.
        path: Path of each kept row (0..P-1).
        path_start: First kept row of each path.
        member: Population index of each path, -1 for paths without a step event.
        step_rows: Kept row of each step event.
        visit_rows: Index into ``step_rows`` of each visit's first event (all of them with ``repeats keep``).
        visit_step: Step index of each visit.
        visit_t: Time of each visit (its first event), microseconds.
        visit_member: Population index of each visit's path.
        offsets: Where each population path's visits start in the visit arrays, and their total (M+1).
    """

    steps: int
    kept: object
    code: object
    path: object
    path_start: object
    member: object
    step_rows: object
    visit_rows: object
    visit_step: object
    visit_t: object
    visit_member: object
    offsets: object

    @property
    def size(self) -> int:
        """Number of population paths M."""
        return len(self.offsets) - 1


def totals(code, names, steps: int) -> tuple[EventTotals, int]:
    """The event totals and the number of unreadable times, from every row's code.

    Args:
        code: Every row's code (numpy).
        names: Every row's off-map event name (Arrow; null for other rows).
        steps: Number of steps N.
    """
    import numpy as np
    import pyarrow.compute as pc

    counts = np.bincount(code, minlength=steps + len(KINDS))
    kind = counts[steps:]
    off_map = int(kind[OFF_MAP])
    named = pc.value_counts(names.filter(pc.is_valid(names))).to_pylist() if off_map else []
    rows = [(row["values"], int(row["counts"])) for row in named]
    unnamed = off_map - sum(count for _, count in rows)
    if unnamed:
        rows.append((None, unnamed))
    rows.sort(key=lambda item: (-item[1], item[0] is None, item[0] or ""))
    result = EventTotals(
        rows=int(len(code)),
        skipped_null_session=int(kind[SKIPPED_KEY]),
        skipped_null_time=int(kind[SKIPPED_TIME] + kind[UNREADABLE]),
        ignored=int(kind[IGNORED]),
        friction=int(kind[FRICTION]),
        off_map=off_map,
        step_events=int(counts[:steps].sum()),
        top_off_map=tuple(NameCount(name=name, count=count) for name, count in rows[:TOP_OFF_MAP]),
    )
    return result, int(kind[UNREADABLE])


def key_changes(keys):
    """Per stream row, whether its key differs from the previous row's (True for the first row).

    Exact for any key type pyarrow compares; missing keys only belong to
    skipped rows, which never start a path, and NaN equals NaN as in a GROUP BY.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(keys)
    changed = np.ones(n, dtype=bool)
    if n > 1:
        before, after = keys.slice(0, n - 1), keys.slice(1)
        differ = pc.not_equal(after, before)
        if pa.types.is_floating(keys.type):
            differ = pc.and_(differ, pc.invert(pc.and_(pc.is_nan(after), pc.is_nan(before))))
        changed[1:] = pc.fill_null(differ, True).to_numpy(zero_copy_only=False)
    return changed


def cut_paths(code, t, changed, steps: int, *, gap: int | None, keep_repeats: bool) -> Paths:
    """Rules 2 and 3: paths, visits and the population, from the stream's arrays.

    Args:
        code: Every row's code (numpy).
        t: Every row's time in microseconds (numpy; any value where it is missing).
        changed: :func:`key_changes` of the stream.
        steps: Number of steps N.
        gap: For sessions cut from a user, the gap in microseconds; a new session starts
            where more than that passes between consecutive kept events of a user.
        keep_repeats: ``repeats keep``: every step event is a visit.
    """
    import numpy as np

    kept = np.flatnonzero(code < steps + IGNORED)
    kcode = code[kept]
    kt = t[kept]
    # A path starts where the key changed anywhere since the previous kept row.
    key_id = np.cumsum(changed)
    kid = key_id[kept]
    del key_id
    start = np.ones(len(kept), dtype=bool)
    start[1:] = kid[1:] != kid[:-1]
    del kid
    if gap is not None:
        start[1:] |= (kt[1:] - kt[:-1]) > gap
    path = np.cumsum(start) - 1
    path_start = np.flatnonzero(start)
    del start

    step_rows = np.flatnonzero(kcode < steps)
    step = kcode[step_rows]
    step_path = path[step_rows]
    if keep_repeats or len(step_rows) == 0:
        visit_rows = np.arange(len(step_rows))
    else:
        first = np.ones(len(step_rows), dtype=bool)
        first[1:] = (step[1:] != step[:-1]) | (step_path[1:] != step_path[:-1])
        visit_rows = np.flatnonzero(first)
    visit_step = step[visit_rows]
    visit_path = step_path[visit_rows]
    visit_t = kt[step_rows[visit_rows]]

    begins = np.ones(len(visit_path), dtype=bool)
    begins[1:] = visit_path[1:] != visit_path[:-1]
    members = visit_path[begins]
    member = np.full(len(path_start), -1, dtype=np.int64)
    member[members] = np.arange(len(members))
    return Paths(
        steps=steps, kept=kept, code=kcode, path=path, path_start=path_start, member=member,
        step_rows=step_rows, visit_rows=visit_rows, visit_step=visit_step, visit_t=visit_t,
        visit_member=member[visit_path], offsets=np.append(np.flatnonzero(begins), len(visit_path)),
    )


def first_of_paths(paths: Paths, values):
    """Per population path, the value of its first kept event (for ``where``), from every row's values."""
    members = paths.member >= 0
    return values[paths.kept[paths.path_start[members]]]


def switched(paths: Paths, values):
    """Per population path, whether its kept events carry two or more distinct non-missing values.

    ``values`` is every row's value (Arrow). Values are numbered exactly with a
    dictionary encoding (floats first made to compare as DuckDB does: -0.0
    equals 0.0 and NaN equals NaN), then a path switched when the least and
    greatest number of its present values differ.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(paths.path_start) == 0:
        return np.zeros(0, dtype=bool)
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if pa.types.is_floating(values.type):
        valid = values.is_valid().to_numpy(zero_copy_only=False)
        numbers = values.to_numpy(zero_copy_only=False).astype(np.float64)
        numbers = np.where(numbers == 0, 0.0, numbers)
        numbers = np.where(np.isnan(numbers), np.nan, numbers)
        values = pa.array(numbers, mask=~valid)
    indices = pc.dictionary_encode(values).indices
    numbered = pc.fill_null(indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)[paths.kept]
    least = np.minimum.reduceat(np.where(numbered < 0, np.iinfo(np.int64).max, numbered), paths.path_start)
    greatest = np.maximum.reduceat(numbered, paths.path_start)
    return ((greatest >= 0) & (least != greatest))[paths.member >= 0]


def _firsts(rows, owner):
    """The first of ``rows`` (sorted) for each distinct ``owner[rows]``: (rows, owners)."""
    import numpy as np

    owners = owner[rows]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = owners[1:] != owners[:-1]
    return rows[first], owners[first]


def pair_timings(paths: Paths, source: int, target: int):
    """Per population path: whether it has A, whether B follows the first A, and the seconds between.

    Returns ``(has_source, converted, seconds)`` with ``seconds`` NaN where not converted.
    """
    import numpy as np

    size = paths.size
    first_a = np.full(size, -1, dtype=np.int64)
    rows, owners = _firsts(np.flatnonzero(paths.visit_step == source), paths.visit_member)
    first_a[owners] = rows
    candidates = np.flatnonzero(paths.visit_step == target)
    after = first_a[paths.visit_member[candidates]]
    candidates = candidates[(after >= 0) & (candidates > after)]
    first_b = np.full(size, -1, dtype=np.int64)
    rows, owners = _firsts(candidates, paths.visit_member)
    first_b[owners] = rows
    converted = first_b >= 0
    seconds = np.full(size, np.nan)
    seconds[converted] = (paths.visit_t[first_b[converted]] - paths.visit_t[first_a[converted]]).astype(
        np.float64) / 1_000_000
    return first_a >= 0, converted, seconds


def transition_arrays(paths: Paths):
    """Every consecutive visit pair: (population path, source, target, seconds)."""
    import numpy as np

    same = paths.visit_member[1:] == paths.visit_member[:-1]
    seconds = (paths.visit_t[1:] - paths.visit_t[:-1])[same].astype(np.float64) / 1_000_000
    return paths.visit_member[:-1][same], paths.visit_step[:-1][same], paths.visit_step[1:][same], seconds


def attribution_arrays(paths: Paths, friction_rows, values, valid):
    """Friction and sentiment events with the step each belongs to.

    An event belongs to the last step event at or before it in its path (its
    own step when it is one); before the path's first step event it belongs to
    none (step N here). Events of paths outside the population are left out.

    Args:
        paths: The cut paths.
        friction_rows: Whether each kept row is a friction event (numpy bool).
        values: Each kept row's sentiment value, or None without a sentiment field.
        valid: Whether each kept row carries a sentiment value, or None.

    Returns:
        ``(member, step, is_friction, has_value, value)`` per event.
    """
    import numpy as np

    wanted = friction_rows if valid is None else friction_rows | valid
    rows = np.flatnonzero(wanted)
    owner = paths.member[paths.path[rows]]
    inside = owner >= 0
    rows, owner = rows[inside], owner[inside]
    last = np.searchsorted(paths.step_rows, rows, side="right") - 1
    ok = last >= 0
    ok[ok] = paths.path[paths.step_rows[last[ok]]] == paths.path[rows[ok]]
    step = np.where(ok, paths.code[paths.step_rows[np.maximum(last, 0)]], paths.steps).astype(np.int64)
    has_value = np.zeros(len(rows), dtype=bool) if valid is None else valid[rows]
    value = np.zeros(len(rows)) if values is None else values[rows]
    return owner, step, friction_rows[rows], has_value, value


__all__ = [
    "Paths",
    "attribution_arrays",
    "cut_paths",
    "first_of_paths",
    "key_changes",
    "pair_timings",
    "switched",
    "totals",
    "transition_arrays",
]
