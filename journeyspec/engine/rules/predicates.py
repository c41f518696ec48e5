"""Predicates to Ibis expressions, with the two-valued logic map authors read.

SQL compares with NULL to NULL and ``NOT NULL`` stays NULL; a map author
reads ``not (fare_class == "F")`` as true for an event without a fare class.
A NULL that stands for false stays false through ``and`` and ``or`` (``NULL
and x`` is false or NULL, ``NULL or x`` is x or NULL), so only ``not`` needs
its operand closed with ``coalesce(..., false)``, and the whole predicate once
more where a non-null boolean is stored. Closing every leaf instead costs a
COALESCE per comparison per row: at 10M events, seconds of the classifying
pass. Literals become Ibis literals, never SQL text, so a hostile string
matches itself and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from journeyspec.engine.errors import columns_help, data_error
from journeyspec.engine.source.base import sql_literal
from journeyspec.engine.source.columns import Mapping
from journeyspec.engine.source.nested import Loose, plain, resolve
from journeyspec.ir.predicates import All, Any_, Compare, Exists, Match, Not, OneOf, Predicate
from journeyspec.ir.text import predicate_text, scalar_text


def field_expr(table, name: str, mapping: Mapping, span=None):
    """The column (or nested field) a predicate's field name means, as one Ibis expression.

    A field whose type each event decides (inside a JSON document, GA4's key/value lists) is read
    as text here; :func:`compile_condition` reads it as the compared value's kind instead.

    Raises:
        JourneyspecError: JS303 naming the field and listing the available columns.
    """
    return plain(field_ref(table, name, mapping, span))


def field_ref(table, name: str, mapping: Mapping, span=None):
    """What a predicate's field name reads: an Ibis expression, or a :class:`~journeyspec.engine.source.nested.Loose` value.

    Canonical names (``event``, ``session``, ``user``, ``device``, ``time``) mean the
    configured columns; ``a.b`` reads inside column ``a`` (a struct's field, a map's or a JSON
    document's key, a key/value list's entry: see :mod:`journeyspec.engine.source.nested`) unless
    a column is literally called ``a.b``.

    Raises:
        JourneyspecError: JS303 naming the field and listing the available columns.
    """
    mapped = mapping.canonical(name)
    if mapped is not None:
        return table[mapped]
    found = resolve(table, name, mapping.columns, mapping.json, span=span)
    if found is not None:
        return found
    head = name.partition(".")[0]
    what = f"`{name}` is a canonical name that is not mapped for {mapping.source}" if name in (
        "session", "user", "device") else f"{mapping.source} has no column `{name}`" if head == name or \
        head not in mapping.columns else f"`{head}` of {mapping.source} ({table[head].type()}) has no field `{name[len(head) + 1:]}`"
    raise data_error("JS303", f"the map reads a field that is not in the data: {what}",
                     help=columns_help(name, mapping.columns), span=span)


def _kind(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "text"


def _column_kind(dtype) -> str:
    if dtype.is_boolean():
        return "boolean"
    if dtype.is_numeric():
        return "number"
    if dtype.is_string():
        return "text"
    if dtype.is_temporal():
        return "time"
    return str(dtype)


def _check_type(node, name: str, column, values) -> None:
    have = _column_kind(column.type())
    for value in values:
        want = _kind(value)
        if have == want or (have == "time" and want == "text"):
            continue
        hint = {"text": f"write the value in quotes, e.g. {name} == \"{value}\"",
                "number": f"write a number without quotes, e.g. {name} == {value}" if str(value).lstrip("-").replace(
                    ".", "", 1).isdigit() else "compare the column with a number",
                "boolean": "compare it with true or false"}.get(have, "compare it with a value of the column's type")
        raise data_error(
            "JS308",
            f"`{predicate_text(node)}` compares `{name}`, which holds {have} values, with the {want} {scalar_text(value)}",
            help=hint,
            span=node.span,
        )


@lru_cache(maxsize=256)
def check_regex(pattern: str) -> str | None:
    """The RE2 engine's complaint about a pattern, or None when it is valid.

    The pattern is written into the query as a literal: binding it as a
    parameter makes DuckDB import pandas (0.4-0.5 s) before the data is read.
    """
    import duckdb

    try:
        duckdb.execute(f"SELECT regexp_matches('', {sql_literal(pattern)})").fetchall()
    except duckdb.Error as error:
        return str(error).splitlines()[0]
    return None


def compile_predicate(predicate: Predicate, table, mapping: Mapping):
    """A non-null boolean Ibis expression over ``table`` that holds where the predicate does."""
    return compile_condition(predicate, table, mapping).fill_null(False)


def compile_condition(predicate: Predicate, table, mapping: Mapping):
    """A boolean Ibis expression that is true where the predicate holds, and false or NULL elsewhere.

    For CASE conditions and filters, which read NULL as false; store
    :func:`compile_predicate` where a non-null boolean is needed.
    """
    import ibis

    def leaf(node) -> object:
        column = field_ref(table, node.field, mapping, node.span)
        if isinstance(column, Loose):
            return loose_leaf(node, column)
        if isinstance(node, Exists):
            return column.notnull()
        if isinstance(node, Compare):
            _check_type(node, node.field, column, [node.value])
            value = ibis.literal(node.value)
            expr = {"==": column == value, "!=": column != value, "<": column < value, "<=": column <= value,
                    ">": column > value, ">=": column >= value}[node.op]
            return expr
        if isinstance(node, OneOf):
            if not node.values:
                return ibis.literal(False)
            _check_type(node, node.field, column, node.values)
            return column.isin([ibis.literal(v) for v in node.values])
        assert isinstance(node, Match)
        if not column.type().is_string():
            raise data_error("JS308", f"`{predicate_text(node)}` matches a pattern against `{node.field}`, which "
                             f"holds {_column_kind(column.type())} values, not text", span=node.span,
                             help="use == or in [...] for non-text columns")
        return matches(node, column)

    def matches(node, column):
        problem = check_regex(node.pattern)
        if problem is not None:
            raise data_error("JS307", f"the regular expression {scalar_text(node.pattern)} is not valid: {problem}",
                             span=node.span, help="use RE2 syntax: no look-around, no back-references")
        return column.re_search(node.pattern)

    def loose_leaf(node, value: Loose):
        # Each event decides the type: read the value as the literal's kind (text, number, boolean).
        if isinstance(node, Exists):
            return value.text.notnull()
        if isinstance(node, Match):
            return matches(node, value.text)
        if isinstance(node, Compare):
            column, literal = value.as_kind(_kind(node.value)), ibis.literal(node.value)
            return {"==": column == literal, "!=": column != literal, "<": column < literal,
                    "<=": column <= literal, ">": column > literal, ">=": column >= literal}[node.op]
        assert isinstance(node, OneOf)
        kinds: dict[str, list] = {}
        for literal in node.values:
            kinds.setdefault(_kind(literal), []).append(literal)
        parts = [value.as_kind(kind).isin([ibis.literal(v) for v in values]) for kind, values in kinds.items()]
        result = ibis.literal(False) if not parts else parts[0]
        for part in parts[1:]:
            result = result | part
        return result

    def build(node) -> object:
        if isinstance(node, Not):
            return ~build(node.operand).fill_null(False)
        if isinstance(node, All):
            parts = [build(op) for op in node.operands]
            result = parts[0]
            for part in parts[1:]:
                result = result & part
            return result
        if isinstance(node, Any_):
            parts = [build(op) for op in node.operands]
            result = parts[0]
            for part in parts[1:]:
                result = result | part
            return result
        return leaf(node)

    return build(predicate)


def any_of(predicates, table, mapping: Mapping, compile: Callable = compile_condition):
    """``p1 or p2 or ...`` as one non-null boolean; ``false`` for none."""
    import ibis

    parts = [compile(predicate, table, mapping) for predicate in predicates]
    if not parts:
        return ibis.literal(False)
    result = parts[0]
    for part in parts[1:]:
        result = result | part
    return result.fill_null(False)


__all__ = ["any_of", "check_regex", "compile_condition", "compile_predicate", "field_expr", "field_ref"]
