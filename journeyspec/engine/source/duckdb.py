"""DuckDB as the engine: a connection in UTC, and files or database tables opened with their row order.

Parquet rows are numbered by DuckDB's ``file_row_number`` (shifted per file
when several are read), CSV and JSON rows by the scan's ordinality, and a
DuckDB table's by its ``rowid``: the ``__js_row`` column that breaks time ties.
"""

from __future__ import annotations

import os

from journeyspec.engine.errors import data_error, engine_failure
from journeyspec.engine.source.base import ROW, CsvDialect, Opened, file_format, sql_literal, time_as_text
from journeyspec.engine.source.duckdb_versions import connect, newer_file
from journeyspec.engine.source.unreadable import unreadable

# Parquet writers (pyarrow, Spark, DuckDB itself) leave NaN out of a float column's min/max, as the
# format says; DuckDB trusts those bounds unless told a NaN may be there, and then folds `x > 3`,
# `x != 2` or `min(x) != max(x)` to a constant, so a NaN row reads as if it were not (duckdb#25521).
# Said on every Parquet read, in each DuckDB version from 1.3.1 on.
PARQUET_NAN = "can_have_nan = true"

_FILE_SHIFT = 1 << 40  # rows per file before the next file's numbers start


def _sql_name(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def duckdb_connection(database: str = ":memory:"):
    """A DuckDB connection through Ibis, in UTC so naive times mean UTC everywhere.

    Nothing here relies on the order in which DuckDB returns rows unless a
    query says ORDER BY (source order is the explicit ``__js_row``; the fast
    path's one ordered query sorts at its outermost level), so insertion
    order is not preserved: that lets DuckDB run the per-path projections and
    the cache's insert on every thread (10M events: 10.8 s -> 6.0 s wall).
    """
    con = connect(database)
    con.raw_sql("SET TimeZone = 'UTC'")
    con.raw_sql("SET preserve_insertion_order = false")
    # The fast path reads a sorted result in batches, then works in Python for
    # seconds: let the allocator hand DuckDB's freed memory back meanwhile.
    con.raw_sql("SET allocator_background_threads = true")
    # A long streamed query would otherwise draw DuckDB's progress bar on stdout.
    try:
        con.raw_sql("SET enable_progress_bar = false")
    except Exception as error:  # noqa: BLE001 - only the refusal below is expected
        # In a Jupyter kernel without ipywidgets, DuckDB refuses to change the setting at all
        # ("required package 'ipywidgets' is missing"), and draws no bar there either: every
        # check in a notebook failed on this line. Anything else is a real failure.
        if "ipywidgets" not in str(error):
            raise
    return con


def open_duckdb_files(con, files: list[str], csv: CsvDialect | None = None, time_column: str | None = None,
                      time_format: str | None = None) -> Opened:
    """Parquet, CSV or JSON files read by DuckDB, numbered in file-then-row order.

    CSV files are read in the pinned ``csv`` dialect (RFC 4180 by default);
    DuckDB still infers the columns' types, but never the quoting, and never
    the time: a CSV or JSON file's ``time_column`` is read as text when its
    sniffer guesses a timestamp (it reads ``10/01/2019 23:50:00`` day-first)
    or a strftime ``time_format`` is given (:func:`~.base.time_as_text`), so
    that :mod:`journeyspec.engine.source.times` alone decides how time is
    read. Parquet files must agree on the time column's type (JS323).
    """
    formats = {file_format(f) for f in files}
    if None in formats or len(formats) != 1:
        odd = next((f for f in files if file_format(f) is None), files[0])
        raise data_error(
            "JS301",
            f"cannot tell the format of {odd}" if None in formats else "the files mix formats: " + ", ".join(sorted(formats)),
            help="name files *.parquet, *.csv (or .tsv) or *.jsonl (optionally .gz); one format per source",
        )
    kind = formats.pop()
    listing = "[" + ", ".join(sql_literal(f) for f in files) + "]"
    if kind == "parquet":
        # Four bytes at each end of each file: DuckDB reads only the first file's footer when it
        # opens the source, so a bad later file would otherwise fail mid-query, unnamed.
        bad = unreadable(files)
        if bad is not None:
            raise bad
        if time_column is not None and len(files) > 1:
            _same_time_type(con, listing, files, time_column)
        if len(files) == 1:
            row = "file_row_number"
            extra = ""
        else:
            cases = " ".join(f"WHEN {sql_literal(f)} THEN {i * _FILE_SHIFT}" for i, f in enumerate(files))
            row = f"(CASE filename {cases} END) + file_row_number"
            extra = ", filename = true"
        sql = (
            f"SELECT * EXCLUDE (file_row_number{', filename' if extra else ''}), {row} AS {ROW} "
            f"FROM read_parquet({listing}, file_row_number = true, {PARQUET_NAN}{extra})"
        )
    else:
        reader = f"read_csv({listing}, {_csv_options(files, csv or CsvDialect())})" if kind == "csv" \
            else f"read_json({listing})"
        sql = f"SELECT * EXCLUDE (ordinality), ordinality - 1 AS {ROW} FROM {reader} WITH ORDINALITY"
    try:
        table = con.sql(sql)
        if kind != "parquet" and time_column in table.columns and time_as_text(_guess(table[time_column].type()),
                                                                               time_format):
            table = con.sql(sql.replace(reader, _as_text(con, reader, time_column)))
    except Exception as error:  # noqa: BLE001 - the bytes say why; anything else is the engine's failure
        raise unreadable(files) or engine_failure(error, ", ".join(files[:3]), "duckdb") from None
    return Opened(table, "duckdb", files[0] if len(files) == 1 else f"{len(files)} {kind} files", True,
                  columnar=kind == "parquet")


def _guess(dtype) -> str:
    return "text" if dtype.is_string() else "number" if dtype.is_numeric() else "temporal"


def _as_text(con, reader: str, column: str) -> str:
    """``reader`` (a ``read_csv(...)`` or ``read_json(...)`` call) with ``column`` read as text.

    CSV takes a type for one column; JSON takes all or none, so the others keep the types DuckDB found.
    """
    if reader.startswith("read_csv("):
        return f"{reader[:-1]}, types = {{{sql_literal(column)}: 'VARCHAR'}})"
    described = con.raw_sql(f"DESCRIBE SELECT * FROM {reader}").fetchall()
    columns = ", ".join(f"{sql_literal(name)}: {sql_literal('VARCHAR' if name == column else kind)}"
                        for name, kind, *_ in described)
    return f"{reader[:-1]}, columns = {{{columns}}})"


def _same_time_type(con, listing: str, files: list[str], column: str) -> None:
    """JS323 when the Parquet files of one source hold the time column as different types.

    DuckDB takes the first file's type and casts the others' values to it: a text column after a
    timestamp one fails mid-query, a timestamp after a text one becomes text. Only the footers are read.
    """
    rows = con.raw_sql(
        f"SELECT file_name, name, num_children, type, converted_type, logical_type FROM parquet_schema({listing})"
    ).fetchall()
    kinds: dict[str, str] = {}
    depth: list[int] = []  # children still to come at each level of the schema tree; a new file starts at its root
    for file, name, children, physical, converted, logical in rows:
        if not depth:
            depth.append(children or 0)
        else:
            depth[-1] -= 1
            if len(depth) == 1 and name == column:
                kinds[file] = _parquet_kind(physical, converted, logical)
            if children:
                depth.append(children)
        while depth and depth[-1] <= 0:
            depth.pop()
    distinct = list(dict.fromkeys(kinds[f] for f in files if f in kinds))  # in file order
    if len(distinct) > 1:
        first = next(f for f in files if kinds.get(f) == distinct[0])
        other = next(f for f in files if kinds.get(f) == distinct[1])
        raise data_error(
            "JS323",
            f"the time column `{column}` is {distinct[0]} in {first} but {distinct[1]} in {other}: the files of one "
            "source must hold time the same way",
            help="write the files again with one type for the time column, or read them as separate sources",
        )


def _parquet_kind(physical: str | None, converted: str | None, logical: str | None) -> str:
    """How a Parquet column is described in a report (as :func:`journeyspec.engine.source.times.column_type`)."""
    logical, converted = logical or "", converted or ""
    if "TimestampType" in logical:
        return "timestamp with time zone" if "isAdjustedToUTC=1" in logical or "isAdjustedToUTC=true" in logical \
            else "timestamp"
    if converted.startswith("TIMESTAMP") or physical == "INT96":
        return "timestamp"
    if "DateType" in logical or converted == "DATE":
        return "date"
    if "StringType" in logical or converted == "UTF8":
        return "text"
    if physical in ("INT32", "INT64"):
        return "integer"
    if physical in ("FLOAT", "DOUBLE"):
        return "number"
    return (physical or "unknown").lower()


def _csv_options(files: list[str], dialect: CsvDialect) -> str:
    delimiters = {dialect.delimiter_for(f) for f in files}
    if len(delimiters) != 1:
        raise data_error(
            "JS301", "the files mix .csv and .tsv, which split fields differently",
            help="one delimiter per source: rename the files, or set `delimiter` in the source's configuration",
        )
    # strict_mode: a row with too many or too few fields, or a stray quote, is an error, never a guess.
    return (f"delim = {sql_literal(delimiters.pop())}, quote = {sql_literal(dialect.quote)}, "
            f"escape = {sql_literal(dialect.escape_char)}, header = true, comment = '', skip = 0, strict_mode = true")


def open_duckdb_database(con, path: str, table_name: str | None) -> Opened:
    """A table of a DuckDB database file, attached read-only, numbered by ``rowid``."""
    if not os.path.isfile(path):
        raise data_error("JS301", f"no such DuckDB database: {path}")
    try:
        con.raw_sql(f"ATTACH {sql_literal(path)} AS __js_source (READ_ONLY)")
    except Exception as error:  # noqa: BLE001 - a file DuckDB refuses is a diagnostic, never a traceback
        raise newer_file(error, path, table_name) or engine_failure(error, path, "duckdb") from None
    tables = [row[0] for row in con.raw_sql(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = '__js_source' ORDER BY 1"
    ).fetchall()]
    if table_name is None:
        if len(tables) != 1:
            raise data_error(
                "JS301",
                f"the database {path} holds {len(tables)} tables; name one",
                help="write duckdb:///path/db.duckdb?table=events, or set `table` in the source's configuration; "
                + "tables: " + (", ".join(tables) or "none"),
            )
        table_name = tables[0]
    if table_name not in tables:
        raise data_error(
            "JS301", f"the database {path} has no table `{table_name}`", help="tables: " + (", ".join(tables) or "none")
        )
    sql = f"SELECT *, rowid AS {ROW} FROM __js_source.main.{_sql_name(table_name)}"
    try:
        table = con.sql(sql)
    except Exception:  # noqa: BLE001 - a view has no rowid: read it without row order
        table = con.sql(f"SELECT * FROM __js_source.main.{_sql_name(table_name)}")
        return Opened(table, "duckdb", f"{path}?table={table_name}", False, columnar=True)
    return Opened(table, "duckdb", f"{path}?table={table_name}", True, columnar=True)


__all__ = ["PARQUET_NAN", "duckdb_connection", "open_duckdb_database", "open_duckdb_files"]
