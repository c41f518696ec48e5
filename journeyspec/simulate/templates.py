"""The events a simulation can write: a few concrete records per step and per kind of noise.

Events are assigned as the engine assigns them (rule 1 of the data
semantics): ``ignore`` first, then ``friction``, then the first step in
declaration order whose ``when`` matches. So a step's event must satisfy
its own ``when`` and none of the earlier steps', nor ``ignore`` nor
``friction``; this module solves exactly that, and says which of them is in
the way when nothing can.

A template fixes every field its condition mentions (to a value, or to
missing); fields it leaves free are filled per session (device, attributes).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from journeyspec.diagnostics import Diagnostic, JourneyspecError
from journeyspec.ir import Journey
from journeyspec.ir.expectations import conditions
from journeyspec.ir.predicates import All, Any_, Compare, Match, Not, OneOf, Predicate, fields_of, walk
from journeyspec.ir.text import predicate_text
from journeyspec.simulate.satisfy import Record, Unsatisfiable, solve
from journeyspec.simulate.settings import settings_error

POOL = 4  # different records per step, so values vary (regex tails, `in` lists, `or` branches)
OFF_MAP_NAMES = ("newsletter_signup", "cookie_banner_shown", "chat_widget_opened", "share_clicked", "language_changed")
CANONICAL_TEXT = ("event", "device", "session", "user")


@dataclass(frozen=True)
class Template:
    """One concrete event: ``fixed`` holds every field its kind decides (None = missing)."""

    kind: str  # "step", "friction", "off_map" or "ignored"
    step: int | None
    fixed: Record


@dataclass(frozen=True)
class Templates:
    """Every template, grouped: ``steps[i]`` are step i's, then one tuple per noise kind."""

    steps: tuple[tuple[Template, ...], ...]
    noise: dict[str, tuple[Template, ...]]


def _conjoin(predicates: list[Predicate]) -> Predicate:
    return predicates[0] if len(predicates) == 1 else All(operands=tuple(predicates))


def _disjoin(predicates: tuple[Predicate, ...]) -> Predicate:
    return predicates[0] if len(predicates) == 1 else Any_(operands=predicates)


def _unsatisfiable(message: str, span, help: str | None = None) -> JourneyspecError:  # noqa: A002
    return JourneyspecError([Diagnostic("JS340", message, span=span, help=help)])


def _template(kind: str, step: int | None, predicate: Predicate, record: Record, default_event: str) -> Template:
    fixed: Record = {name: record.get(name) for name in fields_of(predicate)}
    fixed.update(record)
    if "event" not in fixed:
        fixed["event"] = default_event  # the condition does not care; a readable name helps people
    return Template(kind, step, fixed)


def _guards(journey: Journey) -> list[Predicate]:
    return [Not(operand=p) for p in (*journey.ignore, *journey.friction)]


def step_templates(journey: Journey, rng: random.Random) -> tuple[tuple[Template, ...], ...]:
    """``POOL`` templates per step, each assigned to that step by the engine's rules.

    Raises:
        JourneyspecError: JS340 for a step without `when`, or whose events all go elsewhere.
    """
    result = []
    guards = _guards(journey)
    for index, step in enumerate(journey.steps):
        if step.when is None:
            raise _unsatisfiable(f"step `{step.id}` has no `when`, so no event can be simulated for it",
                                 step.span, help=f"give `{step.id}` a condition like `when event == \"{step.id}\"`")
        earlier = [Not(operand=s.when) for s in journey.steps[:index] if s.when is not None]
        predicate = _conjoin([step.when, *earlier, *guards])
        try:
            records = solve(predicate, rng, count=POOL)
        except Unsatisfiable:
            raise _explain(journey, index) from None
        result.append(tuple(_template("step", index, predicate, r, step.id) for r in records))
    return tuple(result)


def _explain(journey: Journey, index: int) -> JourneyspecError:
    """Why step ``index`` has no event of its own: its own condition, or what takes its events."""
    step = journey.steps[index]
    text = predicate_text(step.when)
    try:
        solve(step.when, random.Random(0))
    except Unsatisfiable as problem:
        return _unsatisfiable(f"no event can satisfy the `when` of step `{step.id}` ({text}): {problem.reason}",
                              step.when.span or step.span, help="fix the condition so that some event can match it")
    rivals: list[tuple[str, Predicate]] = [(f"`ignore` ({predicate_text(p)})", p) for p in journey.ignore]
    rivals += [(f"`friction` ({predicate_text(p)})", p) for p in journey.friction]
    rivals += [(f"the earlier step `{s.id}` ({predicate_text(s.when)})", s.when)
               for s in journey.steps[:index] if s.when is not None]
    for name, rival in rivals:
        try:
            solve(All(operands=(step.when, Not(operand=rival))), random.Random(0))
        except Unsatisfiable:
            return _unsatisfiable(
                f"every event that step `{step.id}` matches ({text}) is taken by {name}",
                step.when.span or step.span,
                help="events go to `ignore`, then `friction`, then the first step in written order that matches; "
                     "make the conditions exclusive, or move this step before the one that takes its events")
    return _unsatisfiable(f"every event that step `{step.id}` matches ({text}) is taken by earlier steps, "
                          "`ignore` or `friction` together", step.when.span or step.span,
                          help="make the conditions exclusive, or reorder the steps")


def noise_templates(journey: Journey, rng: random.Random, wanted: frozenset[str]) -> dict[str, tuple[Template, ...]]:
    """Templates for friction, off-map and ignored events; a kind the map cannot produce gets none.

    Raises:
        JourneyspecError: JS341 when a kind in ``wanted`` (set explicitly) cannot be produced.
    """
    whens = [s.when for s in journey.steps if s.when is not None]
    ignore = [Not(operand=p) for p in journey.ignore]
    result: dict[str, tuple[Template, ...]] = {}
    plans: dict[str, tuple[Predicate | None, list[Record | None], str]] = {
        "friction": (_conjoin([_disjoin(journey.friction), *ignore]) if journey.friction else None, [None], "friction"),
        "ignored": (_disjoin(journey.ignore) if journey.ignore else None, [None], "ignored"),
        "off_map": (_conjoin([Not(operand=_disjoin(tuple(whens))), *_guards(journey)]) if whens else None,
                    [{"event": name} for name in OFF_MAP_NAMES], "off_map"),
    }
    why = {"friction": "the map declares no `friction`", "ignored": "the map declares no `ignore`",
           "off_map": "every event would match some step"}
    for kind, (predicate, fixes, default) in plans.items():
        found: list[Template] = []
        if predicate is not None:
            for fixed in fixes:
                try:
                    records = solve(predicate, rng, count=3 if fixed is None else 1, fixed=fixed)
                except Unsatisfiable:
                    continue
                found += [_template(kind, None, predicate, r, default) for r in records]
        if not found and kind in wanted:
            raise settings_error(f"--{kind.replace('_', '-')} asks for {kind.replace('_', '-')} events, "
                                 f"but {why[kind]}", help=f"set --{kind.replace('_', '-')} 0 for this map")
        result[kind] = tuple(found)
    return result


def build_templates(journey: Journey, seed: int, wanted: frozenset[str]) -> Templates:
    """All templates of a journey, reproducibly for a seed."""
    rng = random.Random(seed)
    return Templates(step_templates(journey, rng), noise_templates(journey, rng, wanted))


# --- columns ----------------------------------------------------------------------


def predicates_of(journey: Journey) -> list[Predicate]:
    """Every condition of the journey: steps, ignore, friction and the expectations' `where`s."""
    found = [s.when for s in journey.steps if s.when is not None]
    found += [*journey.ignore, *journey.friction]
    found += [c for e in journey.expectations for c in conditions(e)]
    return found


def column_kinds(journey: Journey) -> dict[str, str]:
    """Every attribute column to write and its kind: ``text``, ``int``, ``float`` or ``bool``.

    The kind comes from the literals the map compares the field with, so the
    engine reads each column with the type its conditions expect.

    Raises:
        JourneyspecError: JS341 when one field is compared with both text and numbers.
    """
    seen: dict[str, set[str]] = {}
    for predicate in predicates_of(journey):
        for node in walk(predicate):
            if isinstance(node, (All, Any_, Not)):
                continue
            kinds = seen.setdefault(node.field, set())
            if isinstance(node, Match):
                kinds.add("text")
            elif isinstance(node, (Compare, OneOf)):
                for value in (node.values if isinstance(node, OneOf) else (node.value,)):
                    kinds.add("bool" if isinstance(value, bool) else "text" if isinstance(value, str)
                              else "float" if isinstance(value, float) else "int")
    if journey.sentiment is not None:
        seen.setdefault(journey.sentiment.field, set()).add(
            "float" if any(isinstance(v, float) for v in (journey.sentiment.low, journey.sentiment.high)) else "int")
    for expectation in journey.expectations:
        if expectation.metric.kind == "switches":
            seen.setdefault(expectation.metric.field, set())
    result: dict[str, str] = {}
    for name, kinds in seen.items():
        if name in ("session", "time", "user"):
            continue
        if name in CANONICAL_TEXT:
            kinds = kinds | {"text"}
        if kinds == {"int", "float"}:
            kinds = {"float"}
        if len(kinds) > 1:
            raise settings_error(f"the map compares `{name}` with both {' and '.join(sorted(kinds))} values, "
                                 "so no column type fits every condition",
                                 help="compare a field with literals of one kind: quote text, leave numbers bare")
        result[name] = next(iter(kinds), "text")
    return result


__all__ = ["POOL", "Template", "Templates", "build_templates", "column_kinds", "noise_templates", "predicates_of",
           "step_templates"]
