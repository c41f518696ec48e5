"""Event totals: what happened to every row.

Usually the path pass counts them per path key (``fold_totals`` of
:func:`~journeyspec.engine.sql.paths.path_table`) and two small queries over the
cached per-path table add them up, so the events are read once. Sessions cut
from a user after a gap are keyed by a window over the kept events only, so
there a separate scan groups every row by its off-map event name (null for
every other event), which gives the totals and the top names at once.
"""

from __future__ import annotations

from journeyspec.engine.facts.build import top_off_map
from journeyspec.engine.facts.models import EventTotals


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


def folded_totals_query(paths):
    """One row: the per-key counts of a folded path pass, summed, and the rows without a key."""
    from journeyspec.engine.sql.paths import TOTALS

    sums = {name: paths[name].sum() for name in TOTALS}
    return paths.aggregate(**sums, skipped_key=paths.rows.sum(where=paths.key.isnull()))


def off_map_names_query(paths):
    """Off-map event names with their counts, from the names a folded path pass collected."""
    names = paths.select(name=paths.off_map_names.unnest())
    return names.group_by(__js_name=names.name).aggregate(off_map=names.count())


def folded_totals_from(sums, names) -> tuple[EventTotals, int]:
    """:func:`totals_from` over the results of :func:`folded_totals_query` and :func:`off_map_names_query`."""
    import pyarrow as pa

    row = sums.to_pylist()[0]
    unnamed = {"__js_name": None, **{k: v for k, v in row.items() if k != "off_map_unnamed"},
               "off_map": row["off_map_unnamed"]}
    named = [{"__js_name": r["__js_name"], "off_map": r["off_map"]} for r in names.to_pylist()]
    return totals_from(pa.Table.from_pylist([unnamed, *named]))


def totals_from(arrow) -> tuple[EventTotals, int]:
    """The :class:`EventTotals` and the number of unreadable times, from the query's Arrow result."""
    rows = arrow.to_pylist()

    def total(column: str) -> int:
        return int(sum(row.get(column) or 0 for row in rows))

    named = [(row["__js_name"], int(row["off_map"])) for row in rows if row["off_map"] and row["off_map"] > 0]
    totals = EventTotals(
        rows=total("rows"),
        skipped_null_session=total("skipped_key"),
        skipped_null_time=total("skipped_time"),
        ignored=total("ignored"),
        friction=total("friction"),
        off_map=total("off_map"),
        step_events=total("steps"),
        top_off_map=top_off_map(named),
    )
    return totals, total("unreadable")


__all__ = ["folded_totals_from", "folded_totals_query", "off_map_names_query", "totals_from", "totals_query"]
