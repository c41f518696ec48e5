"""When a source's events happen: the least and greatest event time, read exactly as a reduction reads it.

``check --by-period`` needs the calendar periods the data covers before the
one reduction that computes every period's facts (each period is one more
population of that reduction, like a ``--by`` segment). This is one small
aggregate over the time column, after the same column mapping and time
reading as :func:`journeyspec.engine.reduction.reduce`, so a period's
bounds and the reduction's ``__js_t`` can never disagree.
"""

from __future__ import annotations

from typing import Any

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.errors import data_error, engine_failure
from journeyspec.engine.source.columns import prepare, resolve_mapping
from journeyspec.engine.source.config import SourceConfig
from journeyspec.engine.source.open import open_source
from journeyspec.ir import Journey


def time_span(journey: Journey, source: Any, *, config: SourceConfig, engine: str,
              why: str = "this needs") -> tuple[int, int] | None:
    """The least and greatest event time of ``source`` (microseconds since 1970, UTC), None without events.

    Raises:
        JourneyspecError: JS364 when the source has no clock (``time = false``), so it has no calendar;
            JS3xx for the data problems a reduction would report.
    """
    if config.time is None:
        where = source if isinstance(source, str) else "this source"
        raise data_error("JS364", f"{why} the events' times, and {where} has no clock: it is ordered by "
                         f"`{config.order}` only (`time = false`)",
                         help="map a time column with --time COLUMN, or check without --by-period")
    clock = config.resolved()
    opened = open_source(source, engine=engine, table=config.table,
                         spark={"master": config.spark_master, "remote": config.spark_remote},
                         csv=config.csv_dialect(), time_column=clock.time, time_format=clock.time_format,
                         case_object=config.case_object)
    try:
        mapping = resolve_mapping(config, list(opened.table.columns), opened.description, scope=journey.scope)
        prepared, _ = prepare(opened.table, mapping)
        row = prepared.aggregate(low=prepared.__js_t.min(), high=prepared.__js_t.max()).to_pyarrow().to_pylist()[0]
    except JourneyspecError:
        raise
    except Exception as error:  # noqa: BLE001 - a backend's failure becomes a diagnostic
        raise engine_failure(error, opened.description, opened.backend) from None
    if row["low"] is None:
        return None
    return int(row["low"]), int(row["high"])


__all__ = ["time_span"]
