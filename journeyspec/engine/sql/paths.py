"""Rule 2: each path's visits, from one hash aggregation and small per-path sorts.

Rather than sorting the whole event table by (path, time), every path
collects its step events as an array of structs ``(t, o, c, r, s)`` sorted as
it is aggregated: a struct sorts by its fields in order, so time, then the
``order`` column, then the code (the step's place in the map: equal times
never depend on the file's row order), then source row order decide, exactly
and identically on DuckDB and Spark (whose Ibis backend rejects
order-sensitive aggregates).

The arrays are what the pass holds in memory and sorts, so they are as
narrow as the request allows: ``o`` only with an ``order`` column (otherwise
it is the row number again, and ``r`` alone orders the same), only step
events in the sorted array; friction and sentiment events in a second,
unsorted one (attribution compares each with the visits); a ``where`` reads
its first event as ``min`` of a struct, and a switch as ``min != max``. The
same pass counts the event totals per path key, so the events are read
once; everything later reads the small cached per-path table.
"""

from __future__ import annotations

from journeyspec.engine.rules.classify import Plan
from journeyspec.ir import Journey

TOTALS = ("rows", "skipped_time", "ignored", "friction", "off_map", "steps", "unreadable", "off_map_unnamed")
"""Per-key event counts of a folded pass (see :func:`path_table`), summed into the totals."""


def last(array):
    """The last element of an array, null for an empty one, without a zero index (Spark rejects it)."""
    import ibis

    size = array.length()
    return ibis.ifelse(size > 0, array[ibis.greatest(size - 1, 0)], ibis.null(array.type().value_type))


def first(array):
    """The first element of an array, null for an empty one."""
    import ibis

    return ibis.ifelse(array.length() > 0, array[0], ibis.null(array.type().value_type))


def at_or_before(a, b):
    """Whether event struct ``a`` is at or before ``b`` in path order (time, order, code, row).

    As the paths are sorted (``ORDER BY`` with nulls last), an event without an
    ``order`` value comes after those with one at the same time. Events still
    tied are in code order: step events in the map's order, then friction,
    then off-map events (rule 2); the row decides only between events of one
    code. A plain ``a.o < b.o`` would be unknown where an order value is
    missing, and a friction event would then go to the step event before the
    one it follows.
    """
    later = (a.c < b.c) | ((a.c == b.c) & (a.r <= b.r))
    if "o" in a.type().names:
        a_missing, b_missing = a.o.isnull(), b.o.isnull()
        before = (a.o < b.o).fill_null(~a_missing & b_missing)
        same = (a.o == b.o).fill_null(a_missing & b_missing)
        later = before | (same & later)
    return (a.t < b.t) | ((a.t == b.t) & later)


def _count(condition):
    import ibis

    return ibis.ifelse(condition, 1, 0).sum()


def _switched(column, where):
    """Whether a path's events carry two or more distinct non-null values of ``column``.

    ``min != max`` answers that exactly for any orderable type, at a fraction
    of a per-group ``COUNT(DISTINCT)``.
    """
    dtype = column.type()
    if dtype.is_numeric() or dtype.is_string() or dtype.is_temporal() or dtype.is_boolean():
        return (column.min(where=where) != column.max(where=where)).fill_null(False)
    return (column.nunique(where=where) > 1).fill_null(False)


def path_table(events, journey: Journey, plan: Plan, *, has_order: bool, fold_totals: bool):
    """One row per path key; ``population`` marks those with at least one step event (rule 3).

    Args:
        events: The classified events; with ``fold_totals``, every row of the source (the
            per-key event counts then come out of the same pass); otherwise the kept events
            with their ``__js_key``.
        journey: The journey.
        plan: The requested wheres and switches.
        has_order: Whether an ``order`` column breaks time ties (else the row number does).
        fold_totals: Count the event totals per key (see :data:`TOTALS`), and collect the
            off-map event names as ``off_map_names``.

    Columns: ``key``; ``population``; ``visits`` (array of struct t, [on, o], c, r, s in path order,
    repeats collapsed unless ``repeats keep``); ``path`` (the step indexes); ``success``;
    ``items`` (friction or sentiment events as struct t, [on, o], c, r, f, v; only when the journey
    has friction or sentiment); ``w{k}`` (the first event matches ``where`` k); ``sw{k}``
    (switch field k took two or more values); with ``fold_totals``, the :data:`TOTALS` counts.
    """
    import ibis

    e = events
    kept = ~e.__js_skip_key & ~e.__js_skip_time & ~e.__js_ignored if fold_totals else ibis.literal(True)
    # Structs sort field by field, and engines disagree on where a null field goes
    # (DuckDB last, Spark first): ``on`` (the order value is missing) puts events
    # without one after those with one at the same time on every engine, as the
    # sorted queries' NULLS LAST does; two missing values then tie, and ``r`` decides.
    order = {"on": e.__js_o.isnull(), "o": e.__js_o} if has_order else {}
    # ``c`` is the fast path's code: a step event's step index, else friction (N) or off-map (N + 1).
    # Between ``o`` and ``r``, it puts events of equal time in the map's order (rule 2).
    steps = len(journey.steps)
    code = e.__js_step.cast("int32").fill_null(ibis.ifelse(e.__js_friction, steps, steps + 1))
    position = {"t": e.__js_t, **order, "c": code, "r": e.__js_r}
    aggregates = {
        "step_list": ibis.struct({**position, "s": e.__js_step}).collect(where=kept & e.__js_step.notnull()).sort(),
    }
    if journey.friction or plan.sentiment_field is not None:
        # Few events, and attribution compares each with the visits: no need to sort them.
        value = e["__js_sv"] if plan.sentiment_field is not None else ibis.null("float64")
        aggregates["items"] = ibis.struct({**position, "f": e.__js_friction, "v": value}).collect(
            where=kept & (e.__js_friction | value.notnull()))
    if plan.wheres:
        # The least (t, o, c, r) is the path's first event, whatever its kind.
        aggregates["first"] = ibis.struct({**position, **{f"w{k}": e[f"__js_w{k}"] for k in range(len(plan.wheres))}}
                                          ).min(where=kept)
    for k in range(len(plan.switch_fields)):
        aggregates[f"sw{k}"] = _switched(e[f"__js_sw{k}"], kept)
    success_indexes = [journey.step_ids.index(s) for s in journey.success if s in journey.step_ids]
    if success_indexes:
        aggregates["success"] = _count(e.__js_step.isin(success_indexes)) > 0
    if fold_totals:
        aggregates.update(
            rows=e.count(),
            skipped_time=_count(e.__js_skip_time),
            ignored=_count(e.__js_ignored),
            friction=_count(e.__js_friction),
            off_map=_count(e.__js_off_map),
            steps=_count(e.__js_step.notnull()),
            # Rows whose time text was present but did not parse: a wrong time_format, not missing data.
            unreadable=_count(e.__js_t.isnull() & e.__js_time_raw.notnull() & ~e.__js_skip_key),
            off_map_unnamed=_count(e.__js_off_map & e.__js_event.isnull()),
            off_map_names=e.__js_event.collect(where=e.__js_off_map),
        )
    with_steps = e.group_by(key=e.__js_key).aggregate(**aggregates)
    if plan.wheres:
        with_steps = with_steps.mutate(**{f"w{k}": with_steps["first"][f"w{k}"] for k in range(len(plan.wheres))}
                                       ).drop("first")
    if not success_indexes:
        with_steps = with_steps.mutate(success=ibis.literal(False))
    if journey.repeats == "keep":
        collapsed = with_steps.rename(visits="step_list")
    else:
        run = with_steps.step_list
        collapsed = with_steps.mutate(
            visits=run.filter(lambda x, i: (i == 0) | (x.s != run[ibis.greatest(i - 1, 0)].s))
        ).drop("step_list")
    return collapsed.mutate(
        path=collapsed.visits.map(lambda x: x.s),
        population=(collapsed.visits.length() > 0).fill_null(False),
        success=collapsed.success.fill_null(False),
    )


__all__ = ["TOTALS", "at_or_before", "first", "last", "path_table"]
