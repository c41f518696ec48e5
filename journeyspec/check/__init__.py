"""`journeyspec check`: hold designed journeys against observed events.

The road is ``engine.reduce`` (events -> facts) -> ``metrics`` (every metric,
exactly) -> ``expectations`` (verdicts with ``stats``) -> ``impact``,
``stages``, ``baseline``, ``breakdown`` -> :class:`~journeyspec.check.result.CheckResult`
-> ``reports`` (text, json, markdown, junit).

This package stays light to import: ``journeyspec/__init__.py`` binds the name
``journeyspec.check`` to the function below at import time (a lazy import
would let Python rebind the name to this package on first use), so numpy and
the engine load only when ``check`` is called.

Where it sits: a verb over the IR and the engine, beside diff, discover and
simulate (none of which it imports). It may import the engine, render's
annotations (for the observed overlay), :mod:`journeyspec.project` (which
data each journey reads), the language (to load maps), the IR, the
diagnostics and :mod:`journeyspec.units`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journeyspec.check.result import CheckResult
    from journeyspec.engine.source.config import SourceConfig


def check(journeys_or_paths: Any, data: Any = None, *, by: str | None = None, by_period: str | None = None,
          baseline: Any = None,
          config: SourceConfig | None = None, source: str | None = None, overrides: Mapping[str, Any] | None = None,
          engine: str | None = None, progress=None, min_paths: int = 30) -> CheckResult:
    """Hold journeys against observed events: metrics, verdicts, impact.

    ::

        result = journeyspec.check("maps/checkout.journey", "events.parquet")
        result.exit_code(), result.expectations[0].status
        result.metric("conversion", "product", "purchase")

    Args:
        journeys_or_paths: A :class:`~journeyspec.ir.Journey`, a map file or folder, or a list of these.
        data: Events: a path, glob, folder or URI, an ``ibis.Table``, or the name of a configured
            source. Without it, each journey reads the configured source named like the journey,
            else the `default` source; a path or table is read with that same source's column
            mapping. Also a :class:`~journeyspec.project.JourneyData` (read as it is) or a
            :class:`~journeyspec.project.DataRequest` (resolved per journey), as the pytest
            fixture ``journey_data`` gives.
        by: Break every metric and expectation down by the value of this field on a path's first event.
        by_period: ``week`` or ``month``: every metric and expectation per calendar period of the paths'
            first events, in the same single reduction (``result.journeys[0].periods``).
        baseline: Other events to compare with (same kinds as ``data``); judges `vs baseline` expectations.
            A path is read with the same column mapping as ``data``; a source name with its own.
        config: Column mapping and engine settings for every journey; default: from ``pyproject.toml`` /
            ``journeyspec.toml`` (see :func:`journeyspec.project.data_for`).
        source: The name of a configured source for every journey (with ``data``, its mapping is used).
        overrides: Settings over each journey's source, key by key (``{"time_format": "epoch_ms"}``).
        engine: ``duckdb`` or ``spark``; overrides the configuration.
        progress: Called with a short message at each stage of a long run.
        min_paths: The fewest paths a success rate in "Fix first" or a stage's flag may rest on (default 30);
            a gap resting on fewer is listed as "too few paths", without a figure.

    Returns:
        The frozen :class:`~journeyspec.check.result.CheckResult`.

    Raises:
        JourneyspecError: for a map that does not compile, a JS3xx data problem, or a ``min_paths`` below 1
            (JS342).
    """
    from journeyspec.check.runner import check as run

    return run(journeys_or_paths, data, by=by, by_period=by_period, baseline=baseline, config=config, source=source, overrides=overrides,
               engine=engine, progress=progress, min_paths=min_paths)


__all__ = ["check"]
