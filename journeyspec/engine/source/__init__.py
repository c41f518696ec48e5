"""Where the events come from: the source's configuration, opening it, and what its columns mean.

:mod:`.config` reads a source's settings (:class:`~.config.SourceConfig`);
:mod:`.open` opens a path, glob, URI or Ibis table, through :mod:`.duckdb` or
:mod:`.spark`, as an :class:`~.base.Opened` table with its row order made
explicit (every DuckDB connection is :mod:`.duckdb_versions`' Ibis backend, which
DuckDB 1.x and 2.x both take; XES and OCEL 2.0 logs through :mod:`.logs`, read once into
temporary Parquet by :mod:`.xes` and :mod:`.ocel`); :mod:`.columns` maps the
canonical names to the source's columns and reads time as microseconds;
:mod:`.presets` holds the column mapping, time unit and session rule of six
analytics exports, and :mod:`.nested` reads fields inside a column (records,
maps, JSON documents, key/value lists). It may import :mod:`journeyspec.engine.errors`,
:mod:`journeyspec.units` and :mod:`journeyspec.diagnostics`, and Ibis, DuckDB
and PySpark only inside the functions that need them; nothing of the rules,
the routes or the facts.
"""
