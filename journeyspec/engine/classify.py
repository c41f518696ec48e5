"""Rule 1 of the data semantics: what each event is, and which path it belongs to.

Every row gets flags, computed once as plain column expressions (no sort):
skipped (no path key or no time), ignored, friction, its step (the first
step in declaration order whose ``when`` matches), off-map. Sessions cut from
a user and a gap are the one place that needs a window, and only then.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.engine.columns import Mapping
from journeyspec.engine.predicates import any_of, compile_condition, compile_predicate, field_expr
from journeyspec.ir import Journey
from journeyspec.ir.predicates import Predicate

STEP_TYPE = "int16"


@dataclass(frozen=True)
class Plan:
    """What the reduction must carry per event beyond the flags."""

    wheres: tuple[Predicate, ...]
    switch_fields: tuple[str, ...]
    sentiment_field: str | None


def classify(table, journey: Journey, mapping: Mapping, plan: Plan):
    """The prepared table with ``__js_*`` flag columns for rule 1.

    Columns added: ``__js_skip_key``, ``__js_skip_time``, ``__js_ignored``, ``__js_friction``,
    ``__js_step`` (step index or null), ``__js_off_map``, ``__js_sv`` (sentiment value or null),
    ``__js_w{k}`` (``where`` k holds), ``__js_sw{k}`` (switch field k).
    """
    import ibis

    key_column = mapping.user if journey.scope == "user" else (mapping.session or mapping.user)
    skip_key = table[key_column].isnull()
    no_time = table["__js_t"].isnull()
    skip_time = ~skip_key & no_time
    valid = ~skip_key & ~no_time
    ignore = any_of(journey.ignore, table, mapping)
    friction_match = any_of(journey.friction, table, mapping)
    ignored = valid & ignore
    friction = valid & ~ignore & friction_match
    # One flat CASE: whatever is not a candidate step event is settled by the
    # first branch, and a CASE reads a NULL condition as false, so the steps'
    # conditions need no COALESCE. (Nesting it in another CASE over `kept and
    # not friction` cost a second at 10M events.)
    branches = [
        (compile_condition(step.when, table, mapping), ibis.literal(index, STEP_TYPE))
        for index, step in enumerate(journey.steps)
        if step.when is not None
    ]
    if branches:
        step = ibis.cases((skip_key | no_time | ignore | friction_match, ibis.null(STEP_TYPE)), *branches,
                          else_=ibis.null(STEP_TYPE))
    else:
        step = ibis.null(STEP_TYPE)
    columns = {
        "__js_key": table[key_column],
        "__js_skip_key": skip_key,
        "__js_skip_time": skip_time,
        "__js_ignored": ignored,
        "__js_friction": friction,
        "__js_step": step,
    }
    if plan.sentiment_field is not None:
        value = field_expr(table, plan.sentiment_field, mapping, journey.sentiment.span if journey.sentiment else None)
        columns["__js_sv"] = value.cast("float64") if value.type().is_numeric() else value.try_cast("float64")
    for k, where in enumerate(plan.wheres):
        columns[f"__js_w{k}"] = compile_predicate(where, table, mapping)
    for k, name in enumerate(plan.switch_fields):
        columns[f"__js_sw{k}"] = field_expr(table, name, mapping)
    flagged = table.mutate(**columns)
    return flagged.mutate(__js_off_map=flagged.__js_step.isnull() & ~flagged.__js_friction & valid & ~ignored)


def kept_events(flagged, journey: Journey, mapping: Mapping):
    """Events that are on a path: not skipped, not ignored, with their path key ``__js_key``.

    Without a session column, a user's events are cut into sessions where more
    than ``gap`` seconds pass between consecutive kept events (ignored events
    neither start nor extend a session, since they are dropped first).
    """
    import ibis

    kept = flagged.filter(~flagged.__js_skip_key & ~flagged.__js_skip_time & ~flagged.__js_ignored)
    if journey.scope == "user" or mapping.session is not None:
        return kept
    gap = int(round((mapping.gap or 0) * 1_000_000))
    window = ibis.window(group_by=kept.__js_key, order_by=[kept.__js_t, kept.__js_o, kept.__js_r])
    previous = kept.__js_t.lag().over(window)
    starts = kept.mutate(__js_new=ibis.ifelse(previous.isnull() | (kept.__js_t - previous > gap), 1, 0))
    numbered = starts.mutate(__js_n=starts.__js_new.sum().over(
        ibis.cumulative_window(group_by=starts.__js_key, order_by=[starts.__js_t, starts.__js_o, starts.__js_r])))
    return numbered.mutate(
        __js_key=numbered.__js_key.cast("string").concat("#", numbered.__js_n.cast("string"))
    ).drop("__js_new", "__js_n")


__all__ = ["Plan", "STEP_TYPE", "classify", "kept_events"]
