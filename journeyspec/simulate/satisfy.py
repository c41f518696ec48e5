"""Concrete events that satisfy a predicate, and a reference evaluator to check them.

A simulated event is a record: field name -> value, where a field that is not
in the record is missing (null). :func:`holds` evaluates a predicate on a
record with the two-valued logic of the data semantics (a comparison with a
missing value is false, ``not`` of it true), as the engine does.

:func:`solve` finds records that satisfy a predicate. It rewrites the
predicate into alternatives (``or`` branches) of literal conditions, and
for each alternative picks every field's value from what the conditions on
that field allow: a listed value for ``==``/``in``, a number inside the
bounds of ``<``/``>``, a text generated from a regular expression, or no
value at all when only negated conditions name the field (a missing value
satisfies every negated comparison). Every record returned is checked with
:func:`holds`, so the solver can be heuristic and never wrong.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from journeyspec.ir.predicates import All, Any_, Compare, Exists, Match, Not, OneOf, Predicate, Scalar
from journeyspec.ir.text import predicate_text, scalar_text
from journeyspec.simulate.regex import RegexUnsupported, matching_text

Record = dict[str, Scalar]
Literal = tuple[Predicate, bool]  # an atom (Compare, Match, OneOf, Exists) and whether it must hold

_MAX_ALTERNATIVES = 512  # alternatives tried per predicate before giving up
_MAX_PER_OPERAND = 32  # alternatives kept per operand of an `and`


class Unsatisfiable(ValueError):
    """No record satisfies the predicate; ``reason`` says why in a map author's words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- evaluation -------------------------------------------------------------


def _same_kind(a: Scalar, b: Scalar) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str)
    return True  # int and float compare as numbers


def _compare(value: Scalar, op: str, literal: Scalar) -> bool:
    if not _same_kind(value, literal):
        return False
    if op == "==":
        return value == literal
    if op == "!=":
        return value != literal
    if isinstance(value, bool):
        return False  # booleans are not ordered in the language
    return {"<": value < literal, "<=": value <= literal, ">": value > literal, ">=": value >= literal}[op]


def holds(predicate: Predicate, record: Record) -> bool:
    """Whether ``predicate`` is true of ``record`` (missing fields make comparisons false)."""
    if isinstance(predicate, All):
        return all(holds(p, record) for p in predicate.operands)
    if isinstance(predicate, Any_):
        return any(holds(p, record) for p in predicate.operands)
    if isinstance(predicate, Not):
        return not holds(predicate.operand, record)
    value = record.get(predicate.field)
    if isinstance(predicate, Exists):
        return value is not None
    if value is None:
        return False
    if isinstance(predicate, Compare):
        return _compare(value, predicate.op, predicate.value)
    if isinstance(predicate, OneOf):
        return any(_compare(value, "==", v) for v in predicate.values)
    assert isinstance(predicate, Match)
    return isinstance(value, str) and re.search(predicate.pattern, value) is not None


# --- alternatives -----------------------------------------------------------


def alternatives(predicate: Predicate, positive: bool = True) -> Iterator[list[Literal]]:
    """The predicate (or its negation) as alternatives: lists of literals that must all hold.

    Negation is pushed down to the atoms (``not (a and b)`` = ``not a or not b``), so
    every alternative is a plain list of atoms, each required to hold or to fail.
    """
    if isinstance(predicate, Not):
        yield from alternatives(predicate.operand, not positive)
        return
    if isinstance(predicate, (All, Any_)):
        conjunctive = isinstance(predicate, All) == positive
        if conjunctive:
            options = [list(itertools.islice(alternatives(op, positive), _MAX_PER_OPERAND)) for op in predicate.operands]
            for combination in itertools.product(*options):
                yield [literal for part in combination for literal in part]
        else:
            for operand in predicate.operands:
                yield from alternatives(operand, positive)
        return
    yield [(predicate, positive)]


# --- choosing values ----------------------------------------------------------


@dataclass
class _FieldConditions:
    name: str
    required: list[Predicate] = field(default_factory=list)  # atoms that must hold (so the value is present)
    refused: list[Predicate] = field(default_factory=list)  # atoms that must not hold

    def check(self, value: Scalar | None) -> bool:
        record = {} if value is None else {self.name: value}
        return all(holds(p, record) for p in self.required) and not any(holds(p, record) for p in self.refused)


def _describe(atoms: list[Literal]) -> str:
    parts = [predicate_text(a) if positive else f"not ({predicate_text(a)})" for a, positive in atoms]
    return " and ".join(parts)


def _literal_values(conditions: _FieldConditions) -> list[Scalar]:
    values: list[Scalar] = []
    for atom in conditions.required + conditions.refused:
        if isinstance(atom, Compare):
            values.append(atom.value)
        elif isinstance(atom, OneOf):
            values.extend(atom.values)
    return values


def _numbers(conditions: _FieldConditions, rng: random.Random) -> list[Scalar]:
    low, high = -math.inf, math.inf
    literals = [v for v in _literal_values(conditions) if isinstance(v, (int, float)) and not isinstance(v, bool)]
    whole = all(isinstance(v, int) for v in literals)
    for atom in conditions.required:
        if isinstance(atom, Compare) and atom.op in ("<", "<=", ">", ">=") and not isinstance(atom.value, (bool, str)):
            if atom.op in (">", ">="):
                low = max(low, atom.value)
            else:
                high = min(high, atom.value)
    if low == -math.inf and high == math.inf:
        low, high = 0, 100
    elif low == -math.inf:
        low = high - 100
    elif high == math.inf:
        high = low + 100
    candidates: list[Scalar] = []
    for _ in range(8):
        point = rng.uniform(low, high)
        candidates.append(int(round(point)) if whole else round(point, 2))
    step = 1 if whole else 0.01
    candidates += [low + step, high - step, low, high, *literals]
    return [int(c) if whole and float(c).is_integer() else c for c in candidates if math.isfinite(c)]


def _candidates(conditions: _FieldConditions, rng: random.Random) -> Iterator[Scalar]:
    """Values to try for a field that must be present, most natural first."""
    required = conditions.required
    listed = [a for a in required if isinstance(a, (Compare, OneOf)) and (isinstance(a, OneOf) or a.op == "==")]
    if listed:
        first = listed[0]
        values = [first.value] if isinstance(first, Compare) else list(first.values)
        rng.shuffle(values)
        yield from values
        return
    for atom in required:
        if isinstance(atom, Match):
            for _ in range(12):
                try:
                    yield matching_text(atom.pattern, rng)
                except RegexUnsupported:
                    break
            return
    literals = _literal_values(conditions)
    if any(isinstance(v, bool) for v in literals):
        yield from rng.sample([True, False], 2)
        return
    if any(isinstance(v, (int, float)) for v in literals) and not any(isinstance(v, str) for v in literals):
        yield from _numbers(conditions, rng)
        return
    stem = conditions.name.rsplit(".", 1)[-1]
    for index in rng.sample(range(1, 100), 12):
        yield f"{stem}_{index}"


def _choose(conditions: _FieldConditions, rng: random.Random) -> Scalar | None:
    """A value for one field (None: leave it missing)."""
    if not conditions.required and conditions.check(None):
        return None  # only negated conditions name the field: a missing value satisfies them all
    for candidate in _candidates(conditions, rng):
        if conditions.check(candidate):
            return candidate
    raise Unsatisfiable(f"no value of `{conditions.name}` satisfies "
                        f"{_describe([(a, True) for a in conditions.required] + [(a, False) for a in conditions.refused])}")


def solve_alternative(atoms: list[Literal], rng: random.Random, fixed: Record | None = None) -> Record:
    """A record satisfying every literal of one alternative; fields of ``fixed`` are preset.

    Raises:
        Unsatisfiable: naming the field whose conditions contradict each other.
    """
    by_field: dict[str, _FieldConditions] = {}
    for atom, positive in atoms:
        conditions = by_field.setdefault(atom.field, _FieldConditions(atom.field))
        (conditions.required if positive else conditions.refused).append(atom)
    record: Record = dict(fixed or {})
    for name, conditions in by_field.items():
        if name in record:
            if not conditions.check(record[name]):
                raise Unsatisfiable(f"`{name}` is {scalar_text(record[name])} here, which {_describe(atoms)} excludes")
            continue
        value = _choose(conditions, rng)
        if value is not None:
            record[name] = value
    return record


def solve(predicate: Predicate, rng: random.Random, *, count: int = 1, fixed: Record | None = None) -> list[Record]:
    """Up to ``count`` distinct records satisfying ``predicate``, spread over its alternatives.

    Args:
        predicate: What every record must satisfy.
        rng: The source of variety (seeded by the caller, so results are reproducible).
        count: How many different records to look for.
        fixed: Fields every record must carry with these values (e.g. an event name).

    Raises:
        Unsatisfiable: when no record satisfies it; the reason names the contradiction.
    """
    found: list[Record] = []
    first_reason: str | None = None
    workable: list[list[Literal]] = []
    for atoms in itertools.islice(alternatives(predicate), _MAX_ALTERNATIVES):
        try:
            record = solve_alternative(atoms, rng, fixed)
        except Unsatisfiable as problem:
            first_reason = first_reason or problem.reason
            continue
        if holds(predicate, record):
            workable.append(atoms)
            found.append(record)
            if len(workable) >= count:
                break
    if not found:
        raise Unsatisfiable(first_reason or "its conditions contradict each other")
    attempts = 0
    while len(_distinct(found)) < count and attempts < 4 * count:
        attempts += 1
        atoms = workable[attempts % len(workable)]
        try:
            record = solve_alternative(atoms, rng, fixed)
        except Unsatisfiable:
            continue
        if holds(predicate, record):
            found.append(record)
    return _distinct(found)[:count]


def _distinct(records: list[Record]) -> list[Record]:
    seen: dict[tuple, Record] = {}
    for record in records:
        key = tuple(sorted((k, type(v).__name__, v) for k, v in record.items()))
        seen.setdefault(key, record)
    return list(seen.values())


__all__ = ["Record", "Unsatisfiable", "alternatives", "holds", "solve", "solve_alternative"]
