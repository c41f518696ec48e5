"""Rule 1 of the data semantics: what each event is, and which path it belongs to.

Every row gets flags, computed once as plain column expressions (no sort):
skipped (no path key or no time), ignored, friction, its step (the first
step in declaration order whose ``when`` matches), off-map. Sessions cut from
a user and a gap are the one place that needs a window, and only then.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.engine.rules.predicates import any_of, compile_condition, compile_predicate, field_expr
from journeyspec.engine.source.columns import Mapping
from journeyspec.ir import Journey
from journeyspec.ir.predicates import Predicate

STEP_TYPE = "int16"


@dataclass(frozen=True)
class Plan:
    """What the reduction must carry per event beyond the flags."""

    wheres: tuple[Predicate, ...]
    switch_fields: tuple[str, ...]
    sentiment_field: str | None


def _rule_one(table, journey: Journey, mapping: Mapping, plan: Plan):
    """Rule 1's conditions, the steps' (condition, index) and the per-event columns.

    Compiling here, in one order, means a bad map or column raises the same
    diagnostic first whichever pass reads the events.
    """
    key_column = mapping.user if journey.scope == "user" else (mapping.session or mapping.user)
    conditions = {
        "key": table[key_column],
        "skip_key": table[key_column].isnull(),
        "no_time": table["__js_t"].isnull(),
        "ignore": any_of(journey.ignore, table, mapping),
        "friction": any_of(journey.friction, table, mapping),
    }
    branches = [
        (compile_condition(step.when, table, mapping), index)
        for index, step in enumerate(journey.steps)
        if step.when is not None
    ]
    columns = {}
    if plan.sentiment_field is not None:
        value = field_expr(table, plan.sentiment_field, mapping, journey.sentiment.span if journey.sentiment else None)
        columns["__js_sv"] = value.cast("float64") if value.type().is_numeric() else value.try_cast("float64")
    for k, where in enumerate(plan.wheres):
        columns[f"__js_w{k}"] = compile_predicate(where, table, mapping)
    for k, name in enumerate(plan.switch_fields):
        columns[f"__js_sw{k}"] = field_expr(table, name, mapping)
    return conditions, branches, columns


def classify(table, journey: Journey, mapping: Mapping, plan: Plan):
    """The prepared table with ``__js_*`` flag columns for rule 1.

    Columns added: ``__js_skip_key``, ``__js_skip_time``, ``__js_ignored``, ``__js_friction``,
    ``__js_step`` (step index or null), ``__js_off_map``, ``__js_sv`` (sentiment value or null),
    ``__js_w{k}`` (``where`` k holds), ``__js_sw{k}`` (switch field k).
    """
    import ibis

    conditions, branches, extra = _rule_one(table, journey, mapping, plan)
    skip_key, no_time = conditions["skip_key"], conditions["no_time"]
    ignore, friction_match = conditions["ignore"], conditions["friction"]
    skip_time = ~skip_key & no_time
    valid = ~skip_key & ~no_time
    ignored = valid & ignore
    friction = valid & ~ignore & friction_match
    # One flat CASE: whatever is not a candidate step event is settled by the
    # first branch, and a CASE reads a NULL condition as false, so the steps'
    # conditions need no COALESCE. (Nesting it in another CASE over `kept and
    # not friction` cost a second at 10M events.)
    if branches:
        step = ibis.cases((skip_key | no_time | ignore | friction_match, ibis.null(STEP_TYPE)),
                          *((condition, ibis.literal(index, STEP_TYPE)) for condition, index in branches),
                          else_=ibis.null(STEP_TYPE))
    else:
        step = ibis.null(STEP_TYPE)
    columns = {
        "__js_key": conditions["key"],
        "__js_skip_key": skip_key,
        "__js_skip_time": skip_time,
        "__js_ignored": ignored,
        "__js_friction": friction,
        "__js_step": step,
        **extra,
    }
    flagged = table.mutate(**columns)
    return flagged.mutate(__js_off_map=flagged.__js_step.isnull() & ~flagged.__js_friction & valid & ~ignored)


KINDS = ("friction", "off_map", "ignored", "skipped_key", "skipped_time", "unreadable")
"""What a row is when it is not a step event, in code order after the step indexes (see :func:`codes`)."""


def code_type(steps: int) -> str:
    """The narrowest unsigned integer type that holds every code of a journey with ``steps`` steps."""
    return "uint8" if steps + len(KINDS) <= 256 else "uint16"


def codes(table, journey: Journey, mapping: Mapping, plan: Plan):
    """The prepared table with rule 1 as one small code per row, for the DuckDB fast path.

    ``__js_code`` is the step index (0 to N-1) of a step event, else N plus the
    index of its kind in :data:`KINDS`: friction, off-map, ignored, skipped
    for want of a key, skipped for want of a time, skipped for a time that is
    present but does not parse. It is one flat CASE, decided in the same
    order as :func:`classify`'s flags, so the two passes agree row by row.
    Also ``__js_key``, ``__js_sv``, ``__js_w{k}`` and ``__js_sw{k}`` as in :func:`classify`.
    """
    import ibis

    conditions, branches, extra = _rule_one(table, journey, mapping, plan)
    dtype = code_type(len(journey.steps))
    kind = {name: ibis.literal(len(journey.steps) + i, dtype) for i, name in enumerate(KINDS)}
    no_time = conditions["no_time"]
    code = ibis.cases(
        (conditions["skip_key"], kind["skipped_key"]),
        (no_time & table["__js_time_raw"].isnull(), kind["skipped_time"]),
        (no_time, kind["unreadable"]),
        (conditions["ignore"], kind["ignored"]),
        (conditions["friction"], kind["friction"]),
        *((condition, ibis.literal(index, dtype)) for condition, index in branches),
        else_=kind["off_map"],
    )
    return table.mutate(__js_key=conditions["key"], __js_code=code, **extra)


def kept_events(flagged, mapping: Mapping):
    """Events that are on a path: not skipped, not ignored, with their path key ``__js_key``.

    Where the mapping cuts sessions by a gap (:attr:`~journeyspec.engine.source.columns.Mapping.gap_us`),
    a user's events are cut into sessions where more than the gap passes between consecutive kept
    events (ignored events neither start nor extend a session, since they are dropped first).
    """
    import ibis

    kept = flagged.filter(~flagged.__js_skip_key & ~flagged.__js_skip_time & ~flagged.__js_ignored)
    gap = mapping.gap_us
    if gap is None:
        return kept
    window = ibis.window(group_by=kept.__js_key, order_by=[kept.__js_t, kept.__js_o, kept.__js_r])
    previous = kept.__js_t.lag().over(window)
    starts = kept.mutate(__js_new=ibis.ifelse(previous.isnull() | (kept.__js_t - previous > gap), 1, 0))
    numbered = starts.mutate(__js_n=starts.__js_new.sum().over(
        ibis.cumulative_window(group_by=starts.__js_key, order_by=[starts.__js_t, starts.__js_o, starts.__js_r])))
    return numbered.mutate(
        __js_key=numbered.__js_key.cast("string").concat("#", numbered.__js_n.cast("string"))
    ).drop("__js_new", "__js_n")


__all__ = ["KINDS", "Plan", "STEP_TYPE", "classify", "code_type", "codes", "kept_events"]
