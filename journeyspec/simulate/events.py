"""One chunk of sessions as an Arrow table: walks, noise events, times, ids and attribute values.

Everything is array arithmetic over the chunk: each step visit becomes one
row plus, with the noise rates' probabilities, a friction, an off-map and an
ignored row right after it; times are cumulative sums of think times within
each session; every attribute is a dictionary code chosen by the row's
template or, where the template leaves it free, by the session.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from journeyspec.simulate.columns import FREE, MISSING, Column
from journeyspec.simulate.settings import SimulationSettings
from journeyspec.simulate.walk import Walks

ARROW_TYPES = {"text": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
NOISE_ORDER = ("friction", "off_map", "ignored")
ORIGIN_US = 1_767_571_200_000_000  # 2026-01-05T00:00:00Z: a fixed origin keeps output identical for a seed
THINK_SPREAD = 0.8  # sigma of the log-normal think times
NOISE_GAP = 3.0  # mean seconds between a step event and the noise event after it
BREAK_GAP = 86400.0  # median pause before a new session of the same user


@dataclass(frozen=True)
class Layout:
    """Where each kind's templates sit in the flat template list, and per-step think times."""

    step_first: np.ndarray  # (steps,)
    step_count: np.ndarray  # (steps,)
    noise_first: dict[str, int]
    noise_count: dict[str, int]
    think: np.ndarray  # (steps,) median seconds before the step's event
    user_scope: bool


@dataclass
class Counts:
    """What a chunk contained, for the summary."""

    events: int = 0
    step_events: int = 0
    transitions: int = 0
    unexpected: int = 0
    friction: int = 0
    off_map: int = 0
    ignored: int = 0
    sessions: int = 0


def schema(columns: list[Column], *, dictionary: bool) -> pa.Schema:
    """The file's schema: canonical columns first, then the attributes."""
    def text_type():
        return pa.dictionary(pa.int32(), pa.string()) if dictionary else pa.string()

    fields = [pa.field("session", pa.string()), pa.field("time", pa.timestamp("us", tz="UTC")),
              pa.field("event", text_type()), pa.field("user", pa.string())]
    for column in columns:
        fields.append(pa.field(column.name, text_type() if column.kind == "text" else ARROW_TYPES[column.kind]))
    return pa.schema(fields)


def draw_codes(rng: np.random.Generator, option_codes: np.ndarray, cdf: np.ndarray, size: int) -> np.ndarray:
    """``size`` codes drawn from a column's options by their cumulative shares (missing if it has none)."""
    if not len(option_codes):
        return np.full(size, MISSING, dtype=np.int32)
    picks = np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(cdf) - 1)
    return option_codes[picks]


def _ids(prefix: str, numbers: np.ndarray, suffix: np.ndarray | None = None) -> pa.Array:
    text = pc.binary_join_element_wise(prefix, pc.cast(pa.array(numbers), pa.string()), "")
    if suffix is not None:
        text = pc.binary_join_element_wise(text, pc.cast(pa.array(suffix), pa.string()), "-")
    return text


def _arrow(column: Column, codes: np.ndarray, *, dictionary: bool) -> pa.Array:
    mask = codes < 0
    safe = np.where(mask, 0, codes).astype(np.int32)
    if column.kind == "text":
        values = pa.array(list(column.values) or [""], type=pa.string())
        indices = pa.array(safe, mask=mask, type=pa.int32())
        array = pa.DictionaryArray.from_arrays(indices, values)
        return array if dictionary else array.cast(pa.string())
    kind = {"int": np.int64, "float": np.float64, "bool": np.bool_}[column.kind]
    lookup = np.array(list(column.values) or [0], dtype=kind)
    return pa.array(lookup[safe], mask=mask, type=ARROW_TYPES[column.kind])


def chunk_table(walks: Walks, sessions: int, first_session: int, layout: Layout, event_column: Column,
                columns: list[Column], settings: SimulationSettings, rng: np.random.Generator,
                counts: Counts, *, dictionary: bool, drawn: dict[str, np.ndarray] | None = None) -> pa.Table:
    """The rows of one chunk of ``sessions`` walked sessions, numbered from ``first_session``.

    ``drawn`` holds per-session codes already drawn (the segment's attribute, drawn
    before the walk); every other free attribute is drawn here.
    """
    visits = len(walks.step)
    noise = {}
    for kind in NOISE_ORDER:
        rate = getattr(settings, kind)
        noise[kind] = (rng.random(visits) < rate) if rate > 0 and layout.noise_count[kind] else np.zeros(visits, bool)
    per_visit = 1 + sum(flags.astype(np.int64) for flags in noise.values())
    starts = np.cumsum(per_visit) - per_visit
    rows = int(per_visit.sum())
    template = np.empty(rows, dtype=np.int64)
    template[starts] = layout.step_first[walks.step] + (rng.random(visits) * layout.step_count[walks.step]).astype(np.int64)
    is_step = np.zeros(rows, dtype=bool)
    is_step[starts] = True
    gaps = np.empty(rows)
    gaps[starts] = layout.think[walks.step] * np.exp(THINK_SPREAD * rng.standard_normal(visits))
    position = starts + 1
    for kind in NOISE_ORDER:
        flags = noise[kind]
        where = position[flags]
        template[where] = layout.noise_first[kind] + (rng.random(len(where)) * layout.noise_count[kind]).astype(np.int64)
        gaps[where] = 0.5 + rng.exponential(NOISE_GAP, len(where))
        position = position + flags
    session = np.repeat(walks.session, per_visit)
    first_row = np.r_[True, session[1:] != session[:-1]]
    gaps[first_row] = 0.0
    user_number = first_session + session
    suffix = None
    if layout.user_scope and settings.session_break > 0:
        breaks = is_step & ~first_row & (rng.random(rows) < settings.session_break)
        gaps[breaks] += BREAK_GAP * np.exp(THINK_SPREAD * rng.standard_normal(int(breaks.sum())))
        running = np.cumsum(breaks)
        suffix = running - running[first_row][np.cumsum(first_row) - 1]
    elapsed = np.cumsum(gaps)
    elapsed -= elapsed[first_row][np.cumsum(first_row) - 1]
    begin = rng.random(sessions) * settings.period
    time_us = ORIGIN_US + ((begin[session] + elapsed) * 1e6).astype(np.int64)

    data: dict[str, pa.Array] = {
        "session": _ids("s", user_number, suffix),
        "time": pa.array(time_us, type=pa.timestamp("us", tz="UTC")),
        "event": _arrow(event_column, event_column.template_codes[template], dictionary=dictionary),
        "user": _ids("u", user_number),
    }
    for column in columns:
        codes = column.template_codes[template]
        free = codes == FREE
        if column.sentiment is not None:
            data[column.name] = _sentiment(column, codes, free & is_step, rng, settings.sentiment_rate)
            continue
        if free.any():
            if drawn and column.name in drawn:
                per_session = drawn[column.name]
            else:
                per_session = draw_codes(rng, column.option_codes, column.option_cdf, sessions)
            codes = np.where(free, per_session[session], codes)
        data[column.name] = _arrow(column, codes, dictionary=dictionary)

    counts.sessions += sessions
    counts.events += rows
    counts.step_events += visits
    counts.transitions += visits - sessions
    counts.unexpected += int(walks.unexpected.sum())
    for kind in NOISE_ORDER:
        setattr(counts, kind, getattr(counts, kind) + int(noise[kind].sum()))
    return pa.table(data)


def _sentiment(column: Column, codes: np.ndarray, eligible: np.ndarray, rng: np.random.Generator,
               rate: float) -> pa.Array:
    """Scores on a share of step events (where no condition fixes the field).

    Uniform over the scale, unless ``attributes`` gives the field's scores shares.
    """
    low, high = column.sentiment
    fixed = codes >= 0
    lookup = np.array(list(column.values) or [0], dtype=float)
    scores = np.where(fixed, lookup[np.where(fixed, codes, 0)], np.nan)
    carry = eligible & (rng.random(len(codes)) < rate)
    if len(column.option_codes):
        drawn = lookup[draw_codes(rng, column.option_codes, column.option_cdf, len(codes))]
    elif column.kind == "int":
        drawn = rng.integers(int(low), int(high) + 1, len(codes)).astype(float)
    else:
        drawn = np.round(rng.uniform(low, high, len(codes)), 1)
    scores = np.where(carry, drawn, scores)
    mask = np.isnan(scores)
    values = np.where(mask, 0, scores)
    if column.kind == "int":
        return pa.array(values.astype(np.int64), mask=mask, type=pa.int64())
    return pa.array(values, mask=mask, type=pa.float64())


__all__ = ["Counts", "Layout", "chunk_table", "draw_codes", "schema"]
