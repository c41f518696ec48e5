"""The attribute columns of a simulated log, encoded once so every chunk is a few array lookups.

Each column keeps a small dictionary of its distinct values. A template
either fixes the column (a code into that dictionary, or missing) or leaves
it free; free columns take the session's value, drawn once per session from
the column's options (the devices' shares, the configured attribute shares,
or for a field only `where` conditions and `switches` read, the literals the
map compares it with plus one other value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from journeyspec.ir import Journey
from journeyspec.ir.expectations import conditions
from journeyspec.ir.predicates import Compare, OneOf, Predicate, fields_of, walk
from journeyspec.simulate.satisfy import Scalar
from journeyspec.simulate.settings import Segments, SimulationSettings, settings_error
from journeyspec.simulate.templates import Template, column_kinds

MISSING = -1
FREE = -2


@dataclass(frozen=True)
class Column:
    """One attribute column: its kind, its dictionary, each template's code, and the session options."""

    name: str
    kind: str  # "text", "int", "float" or "bool"
    values: tuple[Scalar, ...]
    template_codes: np.ndarray  # (templates,) int32: a code, MISSING or FREE
    option_codes: np.ndarray  # (options,) int32 codes a session may draw; empty: free means missing
    option_cdf: np.ndarray  # (options,) cumulative shares
    sentiment: tuple[float, float] | None = None  # the scale, for the journey's sentiment field


def _convert(value: Any, kind: str, where: str) -> Scalar:
    """``value`` as the column's kind (TOML keys are always text, so "3" may mean 3)."""
    try:
        if kind == "text":
            return str(value)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("true", "false"):
                return str(value).lower() == "true"
            raise ValueError(value)
        if isinstance(value, bool):
            raise ValueError(value)
        number = float(value)
        return int(number) if kind == "int" and number.is_integer() else number if kind == "float" else int(value)
    except (TypeError, ValueError):
        raise settings_error(f"{where}: {value!r} is not a {kind} value, as the map's conditions on it need") from None


def _literals(field: str, predicates: list[Predicate]) -> list[Scalar]:
    found: list[Scalar] = []
    for predicate in predicates:
        for node in walk(predicate):
            if isinstance(node, Compare) and node.field == field:
                found.append(node.value)
            elif isinstance(node, OneOf) and node.field == field:
                found.extend(node.values)
    return list(dict.fromkeys(found))


def _default_options(field: str, kind: str, journey: Journey) -> dict[Scalar, float]:
    """Even shares over the literals `where` conditions compare the field with, plus one other value."""
    wheres = [c for e in journey.expectations for c in conditions(e)]
    values = [_convert(v, kind, f"`{field}`") for v in _literals(field, wheres)]
    if kind == "bool":
        values = [True, False]
    elif kind in ("int", "float"):
        values += [max(values, default=0) + 1]
    else:
        values += ["other"] if values else [f"{field}_a", f"{field}_b"]
    values = list(dict.fromkeys(values))
    return {value: 1 / len(values) for value in values}


def plan_columns(journey: Journey, templates: list[Template], settings: SimulationSettings) -> list[Column]:
    """The attribute columns (device first, then in first-use order) for these templates.

    Raises:
        JourneyspecError: JS341 for a configured attribute value that does not fit its column.
    """
    kinds = column_kinds(journey)
    kinds.pop("event", None)
    for name in settings.attributes:
        kinds.setdefault(name, "text")
    ordered = ["device", *[k for k in kinds if k != "device"]]
    kinds.setdefault("device", "text")
    step_fields = {n for s in journey.steps if s.when is not None for n in fields_of(s.when)}
    step_fields |= {n for p in (*journey.ignore, *journey.friction) for n in fields_of(p)}
    sentiment = journey.sentiment.field if journey.sentiment is not None else None
    columns = []
    for name in ordered:
        kind = kinds[name]
        if name in settings.attributes:
            options = {_convert(v, kind, f"`attributes.{name}`"): s for v, s in settings.attributes[name].items()}
            if name == sentiment:
                low, high = journey.sentiment.low, journey.sentiment.high
                outside = [v for v in options if not low <= v <= high]
                if outside:
                    raise settings_error(f"`attributes.{name}` gives the score {outside[0]!r}, outside the map's "
                                         f"sentiment scale {low}..{high}",
                                         help=f"give shares to scores from {low} to {high}")
        elif name == "device":
            options = dict(settings.devices)
        elif name in step_fields or name == sentiment:
            options = {}
        else:
            options = _default_options(name, kind, journey)
        values: dict[Scalar, int] = {}
        codes = np.full(len(templates), FREE, dtype=np.int32)
        for i, template in enumerate(templates):
            if name in template.fixed:
                value = template.fixed[name]
                codes[i] = MISSING if value is None else values.setdefault(_convert(value, kind, f"`{name}`"),
                                                                           len(values))
        option_codes = np.array([values.setdefault(v, len(values)) for v in options], dtype=np.int32)
        cdf = np.cumsum(np.array(list(options.values()), dtype=float)) if options else np.zeros(0)
        if len(cdf):
            cdf[-1] = 1.0
        scale = (float(journey.sentiment.low), float(journey.sentiment.high)) if name == sentiment else None
        columns.append(Column(name, kind, tuple(values), codes, option_codes, cdf, scale))
    return columns


def segment_lookup(journey: Journey, columns: list[Column], segments: Segments) -> tuple[Column, np.ndarray]:
    """The column that splits sessions into segments, and per code of it, the segment's chain (0: none).

    Segment ``k`` (1-based) is the ``k``-th value of ``segments.walks``, as in
    :func:`~journeyspec.simulate.walk.build_chain`.

    Raises:
        JourneyspecError: JS341 when the attribute is not drawn once per session, or a
            segment value is not one the sessions draw.
    """
    drawn = [c for c in columns if len(c.option_codes) and c.sentiment is None]
    column = next((c for c in drawn if c.name == segments.field), None)
    if column is None:
        fixed = any(c.name == segments.field for c in columns)
        raise settings_error(
            f"`segments.{segments.field}` splits sessions by `{segments.field}`, which "
            + ("the steps' conditions set event by event" if fixed else f"journey `{journey.id}` does not use")
            + ", so it is not an attribute drawn once per session",
            help="attributes drawn once per session: " + ", ".join(f"`{c.name}`" for c in drawn))
    lookup = np.zeros(max(len(column.values), 1), dtype=np.int64)
    options = [column.values[code] for code in column.option_codes]
    for group, value in enumerate(segments.walks, start=1):
        place = f"`segments.{segments.field}.{value}`"
        converted = _convert(value, column.kind, place)
        if converted not in options:
            shares = "`devices`" if column.name == "device" else f"`attributes.{column.name}`"
            raise settings_error(f"{place} names the value {value!r}, which no session draws for `{column.name}`",
                                 help="values drawn: " + ", ".join(str(v) for v in options)
                                 + f"; set them and their shares with {shares}")
        lookup[column.values.index(converted)] = group
    return column, lookup


def event_column(templates: list[Template]) -> Column:
    """The `event` column: every template names its event."""
    values: dict[Scalar, int] = {}
    codes = np.array([values.setdefault(str(t.fixed["event"]), len(values)) if t.fixed.get("event") is not None
                      else MISSING for t in templates], dtype=np.int32)
    return Column("event", "text", tuple(values), codes, np.zeros(0, dtype=np.int32), np.zeros(0))


__all__ = ["FREE", "MISSING", "Column", "event_column", "plan_columns", "segment_lookup"]
