"""Synthetic event logs from a designed journey.

    from journeyspec.simulate import simulate
    summary = simulate(journey, "events.parquet", sessions=100_000, seed=1)

Sessions start at the journey's start steps, walk its designed edges by
their shares (:mod:`~journeyspec.simulate.walk`), and emit for each visit an
event its step's ``when`` matches (:mod:`~journeyspec.simulate.templates`),
with noise as configured (:mod:`~journeyspec.simulate.settings`). Output is
written chunk by chunk, is the same for the same seed, and carries the
canonical columns plus every field the map's conditions read, so
``journeyspec paths MAP --data events.parquet`` works on it unchanged.

Where it sits: a verb over the IR beside check, diff and discover, none of
which it imports. It may import the IR, the language (to read maps),
:mod:`journeyspec.project` (for ``[tool.journeyspec.simulate]``), the
diagnostics and :mod:`journeyspec.units`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from journeyspec.ir import Journey
from journeyspec.simulate.settings import NOISE_KINDS, SimulationSettings, load_settings, settings_error, settings_file

CHUNK_SESSIONS = 100_000  # sessions per chunk: about a million rows, a few tens of MB of arrays


@dataclass(frozen=True)
class SimulationSummary:
    """What a simulation wrote."""

    path: Path
    format: str
    journey: str
    seed: int
    sessions: int
    events: int
    step_events: int
    transitions: int
    unexpected_transitions: int
    friction_events: int
    off_map_events: int
    ignored_events: int
    columns: tuple[str, ...]


def simulate(journey: Journey, out: str | Path, *, sessions: int, seed: int = 0,
             settings: SimulationSettings | None = None, file_format: str | None = None,
             chunk_sessions: int = CHUNK_SESSIONS) -> SimulationSummary:
    """Write a synthetic event log of ``sessions`` walks through ``journey`` to ``out``.

    Args:
        journey: A compiled journey.
        out: The Parquet or CSV file to write (parent folders are created).
        sessions: How many paths to simulate (sessions, or users under ``scope user``).
        seed: The same seed (and settings) always gives the same file.
        settings: Noise, devices, attributes, think times, flows and segments; default: the
            configuration file's ``simulate`` table, or the defaults.
        file_format: ``parquet`` or ``csv``; default from the file's extension.
        chunk_sessions: Sessions built and written at a time (changing it changes the output).

    Returns:
        A :class:`SimulationSummary` of what was written.

    Raises:
        JourneyspecError: JS340 when a step's events cannot be simulated, JS341 for bad settings.
    """
    from journeyspec.simulate.columns import event_column, plan_columns, segment_lookup
    from journeyspec.simulate.events import Counts, Layout, chunk_table, draw_codes, schema
    from journeyspec.simulate.templates import build_templates
    from journeyspec.simulate.walk import build_chain, walk
    from journeyspec.simulate.writer import FORMATS, ChunkWriter, format_for

    if isinstance(sessions, bool) or not isinstance(sessions, int) or sessions < 1:
        raise settings_error(f"the number of sessions must be a whole number of at least 1, not {sessions!r}")
    settings = settings if settings is not None else load_settings()
    file_format = format_for(out, file_format)
    if file_format not in FORMATS:
        raise settings_error(f"unknown output format {file_format!r}", help="use parquet or csv")
    for step in settings.think_times:
        if step not in journey.step_ids:
            raise settings_error(f"`think_times` names `{step}`, which journey `{journey.id}` does not declare",
                                 help="steps: " + ", ".join(journey.step_ids))
    # A kind asked for by name must be possible, unless it was asked for at a rate of 0 (--friction 0).
    asked = frozenset(kind for kind in NOISE_KINDS if kind in settings.explicit and getattr(settings, kind) > 0)
    templates = build_templates(journey, seed, asked)
    chain = build_chain(journey, settings)
    flat = [t for pool in templates.steps for t in pool]
    step_count = np.array([len(pool) for pool in templates.steps])
    noise_first, noise_count = {}, {}
    for kind, pool in templates.noise.items():
        noise_first[kind], noise_count[kind] = len(flat), len(pool)
        flat.extend(pool)
    layout = Layout(
        step_first=np.cumsum(step_count) - step_count, step_count=step_count,
        noise_first=noise_first, noise_count=noise_count,
        think=np.array([settings.think_times.get(s, settings.think_time) for s in journey.step_ids]),
        user_scope=journey.scope == "user",
    )
    columns = plan_columns(journey, flat, settings)
    split = segment_lookup(journey, columns, settings.segments) if settings.segments is not None else None
    events = event_column(flat)
    dictionary = file_format == "parquet"
    rng = np.random.default_rng(seed)
    counts = Counts()
    with ChunkWriter(out, schema(columns, dictionary=dictionary), file_format) as writer:
        for first in range(0, sessions, chunk_sessions):
            size = min(chunk_sessions, sessions - first)
            drawn, segment = {}, None
            if split is not None:
                # The segment's attribute comes first: it decides which flows the session walks.
                column, lookup = split
                drawn[column.name] = draw_codes(rng, column.option_codes, column.option_cdf, size)
                segment = lookup[drawn[column.name]]
            walks = walk(chain, size, rng, unexpected=settings.unexpected, max_steps=settings.max_steps,
                         segment=segment)
            writer.write(chunk_table(walks, size, first, layout, events, columns, settings, rng, counts,
                                     dictionary=dictionary, drawn=drawn))
    return SimulationSummary(
        path=Path(out), format=file_format, journey=journey.id, seed=seed, sessions=counts.sessions,
        events=counts.events, step_events=counts.step_events, transitions=counts.transitions,
        unexpected_transitions=counts.unexpected, friction_events=counts.friction, off_map_events=counts.off_map,
        ignored_events=counts.ignored, columns=("session", "time", "event", "user", *(c.name for c in columns)),
    )


__all__ = ["SimulationSettings", "SimulationSummary", "load_settings", "settings_file", "simulate"]
