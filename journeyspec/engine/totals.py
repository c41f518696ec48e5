"""Event totals: what happened to every row, in one cheap aggregation.

Grouping by the off-map event name (null for every other event) gives the
totals and the top off-map names from a single scan with few groups.
"""

from __future__ import annotations

from journeyspec.engine.facts import EventTotals, NameCount

TOP_OFF_MAP = 10


def totals_query(flagged):
    """One row per off-map event name (plus one null-name row for everything else)."""
    import ibis

    def count(condition):
        return ibis.ifelse(condition, 1, 0).sum()

    name = ibis.ifelse(flagged.__js_off_map, flagged.__js_event, ibis.null("string"))
    valid = ~flagged.__js_skip_key & ~flagged.__js_skip_time
    return flagged.group_by(__js_name=name).aggregate(
        rows=flagged.count(),
        skipped_key=count(flagged.__js_skip_key),
        skipped_time=count(flagged.__js_skip_time),
        ignored=count(flagged.__js_ignored),
        friction=count(flagged.__js_friction),
        off_map=count(flagged.__js_off_map),
        steps=count(valid & flagged.__js_step.notnull()),
        # Rows whose time text was present but did not parse: a wrong time_format, not missing data.
        unreadable=count(flagged.__js_t.isnull() & flagged.__js_time_raw.notnull() & ~flagged.__js_skip_key),
    )


def totals_from(arrow) -> tuple[EventTotals, int]:
    """The :class:`EventTotals` and the number of unreadable times, from the query's Arrow result."""
    rows = arrow.to_pylist()

    def total(column: str) -> int:
        return int(sum(row[column] or 0 for row in rows))

    named = sorted(
        ((row["__js_name"], int(row["off_map"])) for row in rows if row["off_map"] and row["off_map"] > 0),
        key=lambda item: (-item[1], item[0] is None, item[0] or ""),
    )
    totals = EventTotals(
        rows=total("rows"),
        skipped_null_session=total("skipped_key"),
        skipped_null_time=total("skipped_time"),
        ignored=total("ignored"),
        friction=total("friction"),
        off_map=total("off_map"),
        step_events=total("steps"),
        top_off_map=tuple(NameCount(name=name, count=count) for name, count in named[:TOP_OFF_MAP]),
    )
    return totals, total("unreadable")


__all__ = ["TOP_OFF_MAP", "totals_from", "totals_query"]
