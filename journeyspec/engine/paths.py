"""Rule 2: each path's visits, from one hash aggregation and small per-path sorts.

Rather than sorting the whole event table by (path, time), every path
collects its events as an array of structs ``(t, o, r, ...)`` and sorts that
array: a struct sorts by its fields in order, so time, then the ``order``
column, then source row order decide, exactly and identically on DuckDB and
Spark (whose Ibis backend rejects order-sensitive aggregates). Everything a
path needs later (its visits, its friction and sentiment events, its first
event's ``where`` flags, how many values each switch field took) is computed
here once and cached, so every population and every fact reads the small
per-path table, never the events again.
"""

from __future__ import annotations

from journeyspec.engine.classify import Plan
from journeyspec.ir import Journey


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
    """Whether event struct ``a`` is at or before ``b`` in path order (time, order, row)."""
    return (a.t < b.t) | ((a.t == b.t) & ((a.o < b.o) | ((a.o == b.o) & (a.r <= b.r))))


def path_table(kept, journey: Journey, plan: Plan):
    """One row per path with at least one step event (the population, rule 3).

    Columns: ``key``; ``visits`` (array of struct t, o, r, s in path order, repeats
    collapsed unless ``repeats keep``); ``path`` (the step indexes); ``success``;
    ``items`` (friction or sentiment events as struct t, o, r, f, v; only when the
    journey has friction or sentiment); ``w{k}`` (the first event matches ``where`` k);
    ``sw{k}`` (distinct values of switch field k).
    """
    import ibis

    fields = {"t": kept.__js_t, "o": kept.__js_o, "r": kept.__js_r, "s": kept.__js_step}
    has_items = bool(journey.friction) or plan.sentiment_field is not None
    if has_items:
        fields["f"] = kept.__js_friction
        fields["v"] = kept["__js_sv"] if plan.sentiment_field is not None else ibis.null("float64")
    for k in range(len(plan.wheres)):
        fields[f"w{k}"] = kept[f"__js_w{k}"]
    aggregates = {"events": ibis.struct(fields).collect()}
    for k in range(len(plan.switch_fields)):
        aggregates[f"sw{k}"] = kept[f"__js_sw{k}"].nunique()
    grouped = kept.group_by(key=kept.__js_key).aggregate(**aggregates)

    # One projection per stage, so that each array is computed once: Ibis would
    # otherwise inline an array expression into every column that uses it.
    ordered = grouped.mutate(events=grouped.events.sort())
    staged = {
        "key": ordered.key,
        "events": ordered.events,
        "steps": ordered.events.filter(lambda e: e.s.notnull()).map(
            lambda e: ibis.struct({"t": e.t, "o": e.o, "r": e.r, "s": e.s})),
    }
    if has_items:
        staged["items"] = ordered.events.filter(lambda e: e.f | e.v.notnull()).map(
            lambda e: ibis.struct({"t": e.t, "o": e.o, "r": e.r, "f": e.f, "v": e.v}))
    for k in range(len(plan.wheres)):
        staged[f"w{k}"] = ordered.events[0][f"w{k}"]
    for k in range(len(plan.switch_fields)):
        staged[f"sw{k}"] = ordered[f"sw{k}"]
    with_steps = ordered.select(**staged).filter(lambda t: t.steps.length() > 0).drop("events")
    if journey.repeats == "keep":
        collapsed = with_steps.rename(visits="steps")
    else:
        run = with_steps.steps
        collapsed = with_steps.mutate(
            visits=run.filter(lambda e, i: (i == 0) | (e.s != run[ibis.greatest(i - 1, 0)].s))
        ).drop("steps")
    with_path = collapsed.mutate(path=collapsed.visits.map(lambda e: e.s))
    success_indexes = [journey.step_ids.index(s) for s in journey.success if s in journey.step_ids]
    if success_indexes:
        success = with_path.path.filter(lambda s: s.isin(success_indexes)).length() > 0
    else:
        success = ibis.literal(False)
    return with_path.mutate(success=success)


__all__ = ["at_or_before", "first", "last", "path_table"]
