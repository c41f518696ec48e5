"""The DuckDB fast path's one query: every row, as a small code, sorted by path and time.

DuckDB sorts and fetches ten million narrow rows about as fast as it runs the
directly-follows floor, while collecting per-path lists (what the shared Ibis
pass does, and what Spark needs) costs several times that. So on DuckDB the
events are read once, by one sorted query built from Ibis expressions (the
map's literals stay data), and :mod:`journeyspec.engine.arrow.kernels` computes
every fact from the columns with whole-array numpy and pyarrow kernels.

Each row of the source comes back once, ordered by (path key, time, order
column, code, source row), the code putting events of equal time in the
map's order (data semantics, rule 2): its path key, its time in microseconds, its
:func:`~journeyspec.engine.rules.classify.codes` code, and only what the request
reads besides (the sentiment value, each ``where``'s flag, each switch
field, the event name of off-map events). The skipped and ignored rows come
too, so the event totals are counted from the same scan.

Text costs DuckDB's sort about 25 bytes a row, even where it is missing, so
on columnar sources the path key, the switch fields and the off-map names
travel as 8-byte hashes, the rows sorted by the key's hash. Hashes are
exact only when no two values share one: :func:`dictionary_query` (a cheap
scan of those raw columns) counts the distinct values, the stream shows how
many distinct hashes came back, and where they differ the column is sent
again as it is (:func:`journeyspec.engine.arrow.read.read`). Other sources send text.

Some sources and requests keep the shared Ibis pass; :func:`fallback_reason`
says which and why.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from journeyspec.engine.rules.classify import KINDS, Plan, code_type
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


def value_hash(value):
    """DuckDB's ``hash`` of a value, null for a missing one.

    Equal values hash alike under DuckDB's equality (-0.0 and 0.0, every
    NaN), since GROUP BY relies on it; distinct values may collide, which
    the counts of :func:`dictionary_query` reveal.
    """
    import ibis

    return ibis.ifelse(value.isnull(), ibis.null("uint64"), _duckdb_hash()(value))


@functools.cache
def _duckdb_hash():
    import ibis
    import ibis.expr.datatypes as dt

    def duckdb_hash(value):  # pragma: no cover - compiled, never called
        """DuckDB's hash function."""

    # Set, not written: this module's annotations are strings, which Ibis would evaluate in its globals.
    duckdb_hash.__annotations__ = {"return": dt.uint64}
    # A builtin, so that it compiles to plain hash(x) (Ibis's own .hash() adds casts through BIT).
    return ibis.udf.scalar.builtin(name="hash")(duckdb_hash)


@dataclass(frozen=True)
class Packing:
    """How the sorted query packs the ``where`` flags into the code column.

    Attributes:
        code_bits: The low bits, which hold the code (8 or 16, as :func:`~journeyspec.engine.rules.classify.code_type`).
        flags: How many flags follow, flag k at bit ``code_bits + k`` (the rest travel as columns).
        dtype: The column's unsigned type.
    """

    code_bits: int
    flags: int
    dtype: str

    @classmethod
    def of(cls, steps: int, wheres: int) -> Packing:
        code_bits = 8 if code_type(steps) == "uint8" else 16
        flags = min(wheres, 32 - code_bits)
        width = next(bits for bits in (8, 16, 32) if code_bits + flags <= bits)
        return cls(code_bits, flags, f"uint{width}")


def name_hash(value):
    """The 32 low bits of DuckDB's ``hash`` of an event name, null for a missing one.

    Half the width of :func:`value_hash`: a map's data has few distinct event names,
    and :func:`journeyspec.engine.arrow.read.read` sends them as text when two share one.
    """
    return (value_hash(value) % (1 << 32)).cast("uint32")


def dictionary_query(coded, plan: Plan):
    """One row: ``rows``, the source's row count; ``keys``, its distinct path keys; per switch field,
    ``values{k}``, its distinct values; ``names``, the distinct event names, and ``name_hashes``,
    their :func:`name_hash` in the same order.

    It reads only the raw columns (no rule 1, no sort), so on a columnar source
    it costs a small fraction of the sorted query, and it lets that query
    carry 8-byte hashes instead of text: strings cost DuckDB's sort about
    25 bytes a row each, even when missing. The sorted stream then shows how
    many distinct hashes there are: as many as distinct values, or two share
    one (see :func:`journeyspec.engine.arrow.read.read`). (Counting the distinct
    hashes here as well cost a third of this query.)
    """
    checks = {"rows": coded.count(), "keys": coded.__js_key.nunique()}
    for k in range(len(plan.switch_fields)):
        checks[f"values{k}"] = coded[f"__js_sw{k}"].nunique()
    # Distinct text, hashed afterwards: distinct (name, hash) structs cost three times as much.
    checks["names"] = coded.__js_event.collect(distinct=True)
    collected = coded.aggregate(**checks)
    return collected.mutate(name_hashes=collected.names.map(name_hash))


def stream_query(coded, journey: Journey, plan: Plan, *, has_order: bool, hashed_key: bool = False,
                 hashed_switches=frozenset(), hashed_names: bool = False, partition: tuple[int, int] | None = None):
    """The sorted query over the :func:`~journeyspec.engine.rules.classify.codes` table (see the module docstring).

    With ``hashed_key``, the key travels, and the rows are sorted, as its hash: exact when
    no two keys share one. Then ``partition`` (index, count; count a power of two) keeps the rows
    whose hash's top bits are the index, and the last partition the rows without a key too (they
    sort last): the partitions' results, in index order, are the whole result cut at key boundaries.

    Columns: ``key`` (or its hash); ``t`` (microseconds, null for rows without a time); ``code``,
    the code with the first ``where`` flags packed above it (see :class:`Packing`); ``v``
    (sentiment value; only with a sentiment field); ``w{k}`` for the flags not packed; ``sw{k}``
    (the value, or its hash for k in ``hashed_switches``); ``name`` (the event name of off-map
    events, or its :func:`name_hash` with ``hashed_names``; null for every other row).

    Every column costs DuckDB's sort, beyond its width: packing the flags into the code and
    hashing names to 32 bits took a sixth off this query at 10M events (0.5 s of 3).
    """
    import ibis

    off_map = len(journey.steps) + KINDS.index("off_map")
    packing = Packing.of(len(journey.steps), len(plan.wheres))
    code = coded.__js_code.cast(packing.dtype)
    for k in range(packing.flags):
        code = code + coded[f"__js_w{k}"].cast(packing.dtype) * (1 << (packing.code_bits + k))
    columns = {"key": value_hash(coded.__js_key) if hashed_key else coded.__js_key, "t": coded.__js_t,
               "code": code}
    if plan.sentiment_field is not None:
        columns["v"] = coded.__js_sv
    columns.update({f"w{k}": coded[f"__js_w{k}"] for k in range(packing.flags, len(plan.wheres))})
    for k in range(len(plan.switch_fields)):
        value = coded[f"__js_sw{k}"]
        columns[f"sw{k}"] = value_hash(value) if k in hashed_switches else value
    name = name_hash(coded.__js_event) if hashed_names else coded.__js_event
    columns["name"] = ibis.ifelse(coded.__js_code == off_map, name, ibis.null(name.type()))
    # Ordered after the projection, so that ORDER BY is the outermost clause (a
    # subquery's order is not a result's order), then the helper columns dropped.
    # With a hashed key the rows are sorted by the hash: each key's rows are as
    # contiguous (no two keys share one), and DuckDB's sort holds 8-byte integers
    # rather than text (10M events: about 1.15 GB peak for the reduction, not 1.5).
    # Equal times (and order values) are ordered by the code before the row (rule 2): step events in
    # the map's order, then friction and off-map events, so no figure depends on the file's row order.
    helpers = {**({"__js_o": coded.__js_o} if has_order else {}), "__js_c": coded.__js_code, "__js_r": coded.__js_r}
    selected = coded.select(**columns, **helpers)
    if partition is not None:
        selected = selected.filter(_in_partition(selected.key, *partition))
    ordered = selected.order_by(["key", "t", *helpers])
    return ordered.select(*columns)


def _in_partition(key_hash, index: int, count: int):
    """Whether a row's key hash falls in partition ``index`` of ``count`` (a power of two): its top bits."""
    if count < 2 or count & (count - 1):
        raise ValueError(f"a partition count is a power of two above 1, not {count}")
    inside = (key_hash >> (64 - (count.bit_length() - 1))) == index
    return (inside | key_hash.isnull()) if index == count - 1 else inside


__all__ = ["FAST_PATH_VARIABLE", "Packing", "dictionary_query", "fallback_reason", "name_hash", "stream_query",
           "value_hash"]
