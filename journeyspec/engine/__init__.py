"""The data engine: observed events -> reduced facts, on DuckDB or Spark through Ibis.

One road, top to bottom: :mod:`.reduction` opens a source (:mod:`.source`),
classifies its events by the map's rules (:mod:`.rules`), and takes one of
two routes to the facts, the Arrow route on DuckDB (:mod:`.arrow`) or the
SQL route through Ibis (:mod:`.sql`), which both end in the same models
(:mod:`.facts`); :mod:`.errors` turns data problems into diagnostics. Each
layer imports only those below it, and the two routes never import each
other. The engine knows the IR (:mod:`journeyspec.ir`), :mod:`journeyspec.units`,
:mod:`journeyspec.diagnostics` and :mod:`journeyspec.gc_pause`, and nothing
of the language, checks, rendering or integrations that use it.

Importing this package is cheap: Ibis, DuckDB, PySpark and numpy are imported
only when a reduction runs, so commands that never read data stay instant.

    from journeyspec.engine import reduce
    facts = reduce(journey, "events.parquet")
    facts.population.variants[0].path, facts.population.step("cart").ended
"""

from __future__ import annotations

from typing import Any

from journeyspec.engine.facts.models import (
    Durations,
    EventTotals,
    Facts,
    NameCount,
    PairFacts,
    PairRequest,
    PopulationFacts,
    StepFacts,
    SwitchCount,
    Transition,
    WindowCount,
)
from journeyspec.engine.facts.variant import Variant
from journeyspec.engine.source.config import SourceConfig


def reduce(
    journey,
    source: Any = None,
    *,
    config: SourceConfig | None = None,
    pairs=(),
    switches=(),
    wheres=None,
    engine: str | None = None,
    max_variants: int | None = None,
) -> Facts:
    """Reduce an event table to one journey's facts; see :func:`journeyspec.engine.reduction.reduce`.

    The same parameters, written out (not ``**options``) so that editors, ``help()`` and a
    misspelt keyword all meet the real signature; the work is imported only when called.
    """
    from journeyspec.engine.reduction import reduce as _reduce

    return _reduce(
        journey,
        source,
        config=config,
        pairs=pairs,
        switches=switches,
        wheres=wheres,
        engine=engine,
        max_variants=max_variants,
    )


__all__ = [
    "Durations",
    "EventTotals",
    "Facts",
    "NameCount",
    "PairFacts",
    "PairRequest",
    "PopulationFacts",
    "SourceConfig",
    "StepFacts",
    "SwitchCount",
    "Transition",
    "Variant",
    "WindowCount",
    "reduce",
]
