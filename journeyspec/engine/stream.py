"""The DuckDB fast path's one query: every row, as a small code, sorted by path and time.

DuckDB sorts and fetches ten million narrow rows about as fast as it runs the
directly-follows floor, while collecting per-path lists (what the shared Ibis
pass does, and what Spark needs) costs several times that. So on DuckDB the
events are read once, by one sorted query built from Ibis expressions (the
map's literals stay data), and :mod:`journeyspec.engine.vectorised` computes
every fact from the columns with whole-array numpy and pyarrow kernels.

Each row of the source comes back once, ordered by (path key, time, order
column, source row): its path key, its time in microseconds, its
:func:`~journeyspec.engine.classify.codes` code, and only what the request
reads besides (the sentiment value, each ``where``'s flag, each switch
field, the event name of off-map events). The skipped and ignored rows come
too, so the event totals are counted from the same scan.

Some sources and requests keep the shared Ibis pass; :func:`fallback_reason`
says which and why.
"""

from __future__ import annotations

import os

from journeyspec.engine.classify import KINDS, Plan, codes
from journeyspec.engine.columns import Mapping
from journeyspec.ir import Journey

FAST_PATH_VARIABLE = "JOURNEYSPEC_FAST_PATH"
"""Set to ``0`` to make DuckDB sources take the shared Ibis pass (for parity tests and benchmarks)."""


def fallback_reason(table, backend: str, has_row_order: bool, plan: Plan) -> str | None:
    """Why this reduction cannot take the DuckDB fast path, or None when it can.

    The fast path needs: DuckDB (Spark is the distributed engine: pulling every
    event to the driver would defeat it; other Ibis backends keep the portable
    pass); a source row order (without one, time ties have no defined order,
    and the shared pass's tie-breaking by the compared fields is kept); a path
    key and switch fields of plain comparable types (text, numbers, times,
    booleans), whose equality numpy and pyarrow can decide exactly as DuckDB does.
    """
    if os.environ.get(FAST_PATH_VARIABLE, "1") == "0":
        return f"{FAST_PATH_VARIABLE}=0"
    if backend != "duckdb":
        return f"the {backend} engine"
    if not has_row_order:
        return "the source has no row order"
    if not _plain(table.__js_key.type()):
        return f"the path key is a {table.__js_key.type()}"
    for k, name in enumerate(plan.switch_fields):
        dtype = table[f"__js_sw{k}"].type()
        if not _plain(dtype):
            return f"the switch field `{name}` is a {dtype}"
    return None


def _plain(dtype) -> bool:
    if dtype.is_interval():
        return False
    return dtype.is_numeric() or dtype.is_string() or dtype.is_temporal() or dtype.is_boolean()


def stream_query(prepared, journey: Journey, mapping: Mapping, plan: Plan, *, has_order: bool):
    """The sorted query over the prepared table (see the module docstring).

    Columns: ``key``; ``t`` (microseconds, null for rows without a time); ``code``;
    ``onull`` (the ``order`` value is missing; only with an order column); ``v`` (sentiment
    value; only with a sentiment field); ``w{k}``; ``sw{k}``; ``name`` (the event name of
    off-map events, null for every other row).
    """
    import ibis

    coded = codes(prepared, journey, mapping, plan)
    off_map = len(journey.steps) + KINDS.index("off_map")
    columns = {"key": coded.__js_key, "t": coded.__js_t, "code": coded.__js_code}
    if has_order:
        columns["onull"] = coded.__js_o.isnull()
    if plan.sentiment_field is not None:
        columns["v"] = coded.__js_sv
    columns.update({f"w{k}": coded[f"__js_w{k}"] for k in range(len(plan.wheres))})
    columns.update({f"sw{k}": coded[f"__js_sw{k}"] for k in range(len(plan.switch_fields))})
    columns["name"] = ibis.ifelse(coded.__js_code == off_map, coded.__js_event, ibis.null("string"))
    # Ordered after the projection, so that ORDER BY is the outermost clause (a
    # subquery's order is not a result's order), then the helper columns dropped.
    helpers = {**({"__js_o": coded.__js_o} if has_order else {}), "__js_r": coded.__js_r}
    ordered = coded.select(**columns, **helpers).order_by(["key", "t", *helpers])
    return ordered.select(*columns)


def fetch(query):
    """Run the query on its DuckDB connection and return the Arrow table."""
    return query.to_pyarrow()


__all__ = ["FAST_PATH_VARIABLE", "fallback_reason", "fetch", "stream_query"]
