"""Predicates over events: data, never code.

A predicate is a small tree that engines translate into their own
expressions; it is never evaluated as Python nor pasted into SQL text.
Comparisons with a missing value are false (two-valued logic, as a map author
reads them), so ``not`` of such a comparison is true.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from journeyspec.ir.base import FrozenModel, Span, SpanField

Scalar = Union[bool, int, float, str]
"""A literal value in a predicate. ``bool`` is listed first so that ``true`` stays a boolean."""

ComparisonOperator = Literal["==", "!=", "<", "<=", ">", ">="]


class Compare(FrozenModel):
    """``field OP value``: compare an event field with a literal."""

    kind: Literal["compare"] = "compare"
    field: str = Field(description="Event field, dotted for nested data (`properties.page`).")
    op: ComparisonOperator = Field(description="Comparison operator.")
    value: Scalar = Field(description="The literal compared with.")
    span: Span | None = SpanField


class Match(FrozenModel):
    """``field ~ "regex"``: the field's text contains a match of the regular expression."""

    kind: Literal["match"] = "match"
    field: str = Field(description="Event field, dotted for nested data.")
    pattern: str = Field(description="Regular expression (RE2 syntax: no look-around, no back-references).")
    span: Span | None = SpanField


class OneOf(FrozenModel):
    """``field in [a, b]``: the field equals one of the listed values."""

    kind: Literal["in"] = "in"
    field: str = Field(description="Event field, dotted for nested data.")
    values: tuple[Scalar, ...] = Field(description="The accepted values, in written order.")
    span: Span | None = SpanField


class Exists(FrozenModel):
    """``field exists``: the event carries a value for the field."""

    kind: Literal["exists"] = "exists"
    field: str = Field(description="Event field, dotted for nested data.")
    span: Span | None = SpanField


class Not(FrozenModel):
    """``not P``."""

    kind: Literal["not"] = "not"
    operand: Predicate = Field(description="The negated predicate.")
    span: Span | None = SpanField


class All(FrozenModel):
    """``P and Q and ...``: every operand holds (nested `and`s are flattened)."""

    kind: Literal["and"] = "and"
    operands: tuple[Predicate, ...] = Field(min_length=2, description="Two or more predicates.")
    span: Span | None = SpanField


class Any_(FrozenModel):
    """``P or Q or ...``: at least one operand holds (nested `or`s are flattened)."""

    kind: Literal["or"] = "or"
    operands: tuple[Predicate, ...] = Field(min_length=2, description="Two or more predicates.")
    span: Span | None = SpanField


Predicate = Annotated[
    Union[Compare, Match, OneOf, Exists, Not, All, Any_],
    Field(discriminator="kind"),
]

for _model in (Not, All, Any_):
    _model.model_rebuild()


def fields_of(predicate: Predicate) -> list[str]:
    """Every field a predicate reads, in first-use order, without repeats."""
    seen: dict[str, None] = {}
    stack = [predicate]
    while stack:
        node = stack.pop()
        if isinstance(node, (All, Any_)):
            stack.extend(reversed(node.operands))
        elif isinstance(node, Not):
            stack.append(node.operand)
        else:
            seen.setdefault(node.field, None)
    return list(seen)


def walk(predicate: Predicate):
    """Yield every node of a predicate tree, parents before children."""
    stack = [predicate]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (All, Any_)):
            stack.extend(reversed(node.operands))
        elif isinstance(node, Not):
            stack.append(node.operand)
