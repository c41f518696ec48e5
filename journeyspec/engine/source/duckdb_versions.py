"""Ibis 12 on DuckDB 1.x and 2.x: what DuckDB 2.0 broke, mended at the project's edge.

Ibis 12 was written against DuckDB 1.x. On DuckDB 2.0 its DuckDB backend
fails in two places that journeyspec reaches. Every DuckDB connection of
journeyspec is the Ibis backend made here (:func:`connect`), which mends both
without touching Ibis itself, and an Ibis table a user opened with Ibis's own
backend is taken over onto it (:func:`adopt`):

1. ``Backend.sql(query)`` reads the query's schema in
   ``_get_schema_using_query`` with ``DuckDBPyConnection.fetch_arrow_table()``,
   which DuckDB 2.0 removed (the connection's ``fetch_arrow_table``,
   ``fetch_record_batch`` and ``arrow``; a *relation*'s are still there).
   Every file and database source is opened through ``Backend.sql``, so every
   read failed with "'DuckDBPyConnection' object has no attribute
   'fetch_arrow_table'". Here the schema is read by DuckDB's own relation API
   (``DESCRIBE`` as rows), which both lines have. Ibis's ``list_tables``,
   ``list_catalogs``, ``list_databases`` and ``to_pyarrow_batches`` call the
   removed methods too; journeyspec calls none of them.
2. Ibis's compiler writes the lambdas of array functions (``ArrayMap``,
   ``ArrayFilter``: ``list_apply(xs, x -> x.s)``) with the single arrow, which
   DuckDB 2.0 refuses ("Deprecated lambda arrow (->) detected"), and which
   DuckDB 2.1 drops with the setting that could bring it back. The shared pass
   filters and maps arrays, so every map it reduced failed. Here they are
   written ``LAMBDA x : x.s``, the form every DuckDB since 1.3 reads (sqlglot
   writes it for a ``Lambda`` node marked ``colon``).

(The third change journeyspec meets is arithmetic, not an API: DuckDB 2.0's
``quantile_cont`` rounds its interpolation once, as a fused multiply-add;
:mod:`journeyspec.engine.arrow.quantiles` asks which one the installed DuckDB does.)

A database file is another matter: DuckDB 2.0 writes storage version 69,
which no DuckDB 1.x reads. :func:`newer_file` turns DuckDB's refusal into
JS314, naming both versions and what to do.
"""

from __future__ import annotations

import re
from functools import cache

from journeyspec.engine.errors import data_error


@cache
def _backend_class():
    """Built on first use: importing Ibis takes a second that ``validate`` and ``fmt`` never pay."""
    import sqlglot.expressions as sge
    from ibis.backends.duckdb import Backend as IbisBackend
    from ibis.backends.sql.compilers.duckdb import DuckDBCompiler

    class Compiler(DuckDBCompiler):
        __slots__ = ()

        def to_sqlglot(self, *args, **kwargs):
            # Every query Ibis runs is compiled here; sqlglot writes a Lambda marked `colon`
            # in the keyword form (the dialect stays sqlglot's own: Ibis looks types up by its name).
            query = super().to_sqlglot(*args, **kwargs)
            for node in query.find_all(sge.Lambda):
                node.set("colon", True)
            return query

    class Backend(IbisBackend):
        """Ibis's DuckDB backend, as DuckDB 1.x and 2.x both take it."""

        compiler = Compiler()

        def _get_schema_using_query(self, query: str):
            import ibis

            described = self.con.sql(f"DESCRIBE {query}").fetchall()
            mapper = self.compiler.type_mapper
            return ibis.schema(
                {name: mapper.from_string(kind, nullable=null == "YES") for name, kind, null, *_ in described}
            )

        def adopt(self, table):
            """``table``, over this connection's tables or in-memory ones, as a query of this backend."""
            self._run_pre_execute_hooks(table)  # registers its in-memory tables with this connection
            return self.sql(self.compile(table), schema=table.schema())

    return Backend


def connect(database: str = ":memory:"):
    """An Ibis DuckDB backend connected to ``database`` that works on DuckDB 1.x and 2.x alike."""
    return _backend_class()().connect(database)


def adopt(table, fresh):
    """An Ibis table of Ibis's own DuckDB backend (or of none, like ``ibis.memtable``) as one of ours.

    A table the user opened with ``ibis.duckdb.connect()`` would compile the
    shared pass's lambdas in the form DuckDB 2.0 refuses: it is taken over
    as a query on the same DuckDB connection (``fresh()``, journeyspec's own
    connection, for a table bound to none), so every query on it compiles here.
    """
    backend = _backend_class()
    found, _ = table._find_backends()
    if found and isinstance(found[0], backend):
        return table
    ours = backend.from_connection(found[0].con) if found else fresh()
    return ours.adopt(table)


# DuckDB's refusal: "Trying to read a database file with version number 69, but we can only
# read versions between 64 and 68.\nThe database file was created with a newer version of DuckDB."
_REFUSAL = re.compile(r"version number (\d+), but we can only read versions between (\d+) and (\d+)")
# The main header: checksum (8 bytes), "DUCK", the storage version (8), four flags (32), then
# the DuckDB release that wrote the file ("v2.0.1", NUL-padded to 32 bytes; DuckDB 1.2 and later).
_WRITER = slice(52, 84)
_RELEASE = re.compile(rb"v(\d+)\.(\d+)\.\d+[\w.-]*")
# The DuckDB lines journeyspec works with (pyproject's pin): a newer writer than these needs an export.
SUPPORTED_MAJORS = (1, 2)


def newer_file(error: BaseException, path: str, table: str | None):
    """JS314 when DuckDB refused to open ``path`` because a newer DuckDB wrote it; None for any other failure."""
    import duckdb

    text = str(error)
    found = _REFUSAL.search(text)
    if found is None or "newer version" not in text:
        return None
    storage, low, high = found.groups()
    writer = _writer(path)
    by = f"DuckDB {writer[0]}" if writer else "a newer DuckDB"
    name = '"' + (table or "events").replace('"', '""') + '"'
    export = (
        f"open the file with {'DuckDB ' + writer[0] if writer else 'the DuckDB that wrote it'}, export the "
        f"table (`COPY {name} TO 'events.parquet'`) and check the Parquet file"
    )
    upgrade = writer is None or writer[1] in SUPPORTED_MAJORS
    return data_error(
        "JS314",
        f"the DuckDB database {path} was written by {by} (storage version {storage}); the installed "
        f"DuckDB {duckdb.__version__} reads storage versions {low} to {high} only",
        help=(
            f"upgrade DuckDB where journeyspec runs (`pip install -U duckdb`), or {export}"
            if upgrade
            else f"journeyspec works with DuckDB {' and '.join(f'{major}.x' for major in SUPPORTED_MAJORS)}: {export}"
        ),
    )


def _writer(path: str) -> tuple[str, int] | None:
    """The DuckDB release that wrote the database file (``("2.0.1", 2)``), if its header says."""
    try:
        with open(path, "rb") as file:
            header = file.read(_WRITER.stop)
    except OSError:
        return None
    found = _RELEASE.fullmatch(header[_WRITER].rstrip(b"\0"))
    return (found.group(0)[1:].decode(), int(found.group(1))) if found else None


__all__ = ["SUPPORTED_MAJORS", "adopt", "connect", "newer_file"]
