"""Breakdowns (``--by FIELD``): every metric and expectation per value of an event field.

A path belongs to the segment of its first event's value, exactly as an
expectation's ``where`` reads the first event, so a breakdown is a set of
``where`` populations that the engine reduces in the same pass as the rest.
The most frequent values get a segment each; rarer values share ``(other)``
and paths whose first event lacks the field form ``(missing)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journeyspec.engine.errors import columns_help, data_error
from journeyspec.engine.source.config import SourceConfig
from journeyspec.ir.predicates import All, Compare, Exists, Not, OneOf, Predicate

MAX_SEGMENTS = 12
OTHER = "(other)"
MISSING = "(missing)"
_CANONICAL = ("session", "user", "time", "event", "device")


@dataclass(frozen=True)
class Segment:
    """One breakdown value and the predicate on the first event that selects it."""

    value: Any
    predicate: Predicate


def column_of(field: str, config: SourceConfig) -> str:
    """The source column a map field names (canonical names follow the configuration)."""
    if field in _CANONICAL:
        return getattr(config, field) or field
    return field


def segments(field: str, source: Any, config: SourceConfig, engine: str) -> list[Segment]:
    """The segments of ``field`` in ``source``: its most frequent values, then (other) and (missing)."""
    from journeyspec.engine.source import nested, presets
    from journeyspec.engine.source.open import open_source

    json_columns = presets.named(config.preset, config.origin).json if config.preset else ()
    config = config.resolved()  # a preset's columns
    opened = open_source(source, engine=engine, table=config.table,
                         spark={"master": config.spark_master, "remote": config.spark_remote},
                         csv=config.csv_dialect(), case_object=config.case_object)
    table = opened.table
    column = column_of(field, config)
    visible = [c for c in table.columns if not c.startswith("__js_")]
    found = nested.resolve(table, column, visible, json_columns)  # a column, or a field inside one
    if found is None:
        raise data_error("JS303", f"cannot break down by `{field}`: {opened.description} has no column `{column}`",
                         help=columns_help(column, visible))
    counts = table.group_by(value=nested.plain(found)).aggregate(n=table.count()).to_pyarrow().to_pylist()
    counts.sort(key=lambda row: (-row["n"], str(row["value"])))
    values = [row["value"] for row in counts if row["value"] is not None]
    for value in values:
        if not isinstance(value, (bool, int, float, str)):
            raise data_error("JS313", f"cannot break down by `{field}`: its values are {type(value).__name__}, "
                             "not text, numbers or booleans",
                             help="choose a column holding a category, such as device, channel or country")
    kept = values[:MAX_SEGMENTS]
    found = [Segment(value, Compare(field=field, op="==", value=value)) for value in kept]
    if len(values) > len(kept):
        found.append(Segment(OTHER, All(operands=(Exists(field=field), Not(operand=OneOf(field=field, values=tuple(kept)))))))
    if any(row["value"] is None for row in counts):
        found.append(Segment(MISSING, Not(operand=Exists(field=field))))
    return found


def narrowed(segment: Predicate, where: Predicate | None) -> Predicate:
    """The segment's predicate and an expectation's `where`, as one flat `and`."""
    if where is None:
        return segment
    operands = []
    for part in (segment, where):
        operands.extend(part.operands if isinstance(part, All) else (part,))
    return All(operands=tuple(operands))


__all__ = ["MAX_SEGMENTS", "MISSING", "OTHER", "Segment", "column_of", "narrowed", "segments"]
