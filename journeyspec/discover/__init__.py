"""The journey the data shows, as a canonical `.journey` map.

    from journeyspec.discover import discover
    result = discover("events.parquet", min_share=0.05, events_as_steps=True)
    Path("observed.journey").write_text(result.text)

Everything is computed from the engine's reduced facts (:func:`journeyspec.engine.reduce`);
for ``events_as_steps`` the distinct event names come from one ``DISTINCT``
query, so the event table never comes into Python. Then ``journeyspec diff
designed.journey observed.journey`` shows designed against observed.

Where it sits: a verb beside check, diff and simulate, none of which it
imports. It may import the engine (for facts), the language (to format and
re-read the map it writes), :mod:`journeyspec.project`, the IR and the
diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journeyspec.diagnostics import Diagnostic, JourneyspecError
from journeyspec.engine import Facts, SourceConfig, reduce
from journeyspec.ir import Journey

MAX_EVENT_NAMES = 300  # more distinct names than this is not a journey a person can read


@dataclass(frozen=True)
class Discovery:
    """A discovered journey: its canonical text, its IR, and the facts it was built from."""

    text: str
    journey: Journey
    facts: Facts
    left_out: tuple[str, ...] = ()
    """Event names a map cannot write (a line break or NUL inside), left out of the steps: their events are off-map."""


# A quoted text in a map holds neither a line break nor NUL (the language has no escape for them).
_UNWRITABLE = frozenset("\n\r\x00")


def writable(name: str) -> bool:
    """Whether a map can name this event in a `when` condition."""
    return not _UNWRITABLE & set(name)


def _error(message: str, help: str | None = None, code: str = "JS341") -> JourneyspecError:  # noqa: A002
    return JourneyspecError([Diagnostic(code, message, help=help)])


def event_names(source: Any, config: SourceConfig) -> list[str]:
    """The distinct non-missing event names of a source, sorted, from one query on the engine.

    Raises:
        JourneyspecError: JS302 when the event column is missing, JS341 when there are too many names.
    """
    from journeyspec.engine.source.open import open_source

    config = config.resolved()  # a preset's event column
    opened = open_source(source, engine=config.engine, table=config.table,
                         spark={"master": config.spark_master, "remote": config.spark_remote},
                         csv=config.csv_dialect(), case_object=config.case_object)
    table = opened.table
    if config.event not in table.columns:
        raise _error(f"{opened.description} has no event column `{config.event}`", code="JS302",
                     help="name it with --event COL; available columns: " + ", ".join(f"`{c}`" for c in table.columns
                                                                                  if not c.startswith("__js")))
    column = table[config.event]
    query = (table.filter(column.notnull()).select(name=column.cast("string")).distinct()
             .order_by("name").limit(MAX_EVENT_NAMES + 1))
    names = [value.as_py() for value in query.to_pyarrow().column("name")]
    if not names:
        raise _error(f"{opened.description} has no event names in column `{config.event}`", code="JS305")
    if len(names) > MAX_EVENT_NAMES:
        raise _error(f"{opened.description} has more than {MAX_EVENT_NAMES} distinct event names in "
                     f"`{config.event}`, too many steps for a map", help="use --map MAP to map events to steps")
    return names


def discover(source: Any = None, *, config: SourceConfig | None = None, min_share: float = 0.05,
             map_journey: Journey | None = None, journey_id: str = "observed",
             label: str | None = None, groups: bool = True) -> Discovery:
    """Build the observed journey of a source.

    Args:
        source: A path, glob, URI or ``ibis.Table``; None uses ``config.data``.
        config: Column mapping and engine (defaults to the canonical column names).
        min_share: Keep transitions with at least this share of their source step's visits.
        map_journey: Use this journey's steps (and stages, ignore, friction, success) so the
            result compares with it; None makes one step per event name.
        journey_id: The id of a journey made from event names.
        label: Its label.
        groups: Propose groups of steps done in any order where the data shows no order between
            them (:data:`~journeyspec.discover.groups.HEURISTIC`).

    Returns:
        A :class:`Discovery`; ``text`` is a valid map in canonical layout.

    Raises:
        JourneyspecError: JS3xx data problems, JS341 for options that cannot be used.
    """
    from journeyspec.discover.build import events_journey, observed_journey
    from journeyspec.discover.groups import proposed_groups
    from journeyspec.discover.text import journey_text
    from journeyspec.lang.formatter import format_text
    from journeyspec.lang.frontend import compile_text

    if isinstance(min_share, bool) or not 0 <= min_share <= 1:
        raise _error(f"--min-share must be a share from 0 to 1, not {min_share!r}", help="for 5%, write 0.05")
    config = config or SourceConfig()
    if source is None:
        source = config.data
    left_out: tuple[str, ...] = ()
    if map_journey is None:
        names = event_names(source, config)
        left_out = tuple(name for name in names if not writable(name))
        if len(left_out) == len(names):
            raise _error("no event name can be written in a map: each holds a line break or NUL",
                         code="JS305", help="clean the event names, or map events to steps with --map MAP")
        template = events_journey([name for name in names if writable(name)], journey_id, label)
    else:
        template = map_journey
    facts = reduce(template, source, config=config, pairs=(), wheres=())
    population = facts.population
    if population.sessions == 0:
        raise _error(f"no event of {facts.source} matches a step of `{template.id}`, so there is no path to discover",
                     help="check the map's `when` conditions and the --event column")
    description = (f"Observed in {facts.source}: {population.sessions:,} "
                   f"{'users' if facts.scope == 'user' else 'sessions'}, transitions with at least "
                   f"{min_share:.1%} of their step's visits.")
    # With a map, its description stays, so that a diff against it shows behaviour only.
    found = proposed_groups(template, population, min_share=min_share,
                            taken={template.id, *template.step_ids}) if groups else ()
    observed = observed_journey(template, population, min_share=min_share, keep_success=map_journey is not None,
                                description=template.description if map_journey is not None else description,
                                groups=found)
    note = "proposed by discover: the data shows these steps in every order (see spec/language.md)"
    text = format_text(journey_text(observed, note))
    try:
        compiled = compile_text(text).raise_for_errors().journeys[0]
    except JourneyspecError:
        if not observed.expectations:
            raise
        # An expectation of the map may not fit the observed structure (e.g. `dropoff at` a step
        # that became a success); the observed map is still useful without them.
        observed = observed.model_copy(update={"expectations": ()})
        text = format_text(journey_text(observed, note))
        compiled = compile_text(text).raise_for_errors().journeys[0]
    return Discovery(text, compiled, facts, left_out)


__all__ = ["MAX_EVENT_NAMES", "Discovery", "discover", "event_names", "writable"]
