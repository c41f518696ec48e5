"""Opening a data source: a path, glob, folder, URI or Ibis table becomes an :class:`Opened` table.

This module only tells the kinds of source apart and hands each to its
opener: files and DuckDB databases to :mod:`journeyspec.engine.source.duckdb`
(or, with ``engine = "spark"``, files to :mod:`journeyspec.engine.source.spark`),
XES and OCEL 2.0 logs to :mod:`journeyspec.engine.source.logs`,
any other Ibis connection URL to Ibis itself. Each opener makes the source's
row order explicit (see :mod:`journeyspec.engine.source.base`).
"""

from __future__ import annotations

import errno
import glob as globbing
import os
import stat
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from journeyspec.engine.errors import data_error
from journeyspec.engine.source.base import LOG_FORMATS, ROW, CsvDialect, Opened, file_format
from journeyspec.engine.source.duckdb import duckdb_connection, open_duckdb_database, open_duckdb_files
from journeyspec.engine.source.duckdb_versions import adopt
from journeyspec.engine.source.spark_address import SPARK_SCHEMES


def expand_files(spec: str) -> list[str]:
    """The files a path or glob names, sorted; JS301 when there are none.

    A path that exists is that file or folder even when its name holds ``*``,
    ``?`` or ``[``; only a name that does not exist is read as a glob.
    """
    if os.path.isdir(spec):
        # `.txt` counts as CSV only when named: in a folder it is a readme more often than data.
        files = sorted(str(p) for p in Path(spec).rglob("*")
                       if p.is_file() and file_format(str(p)) not in _NOT_IN_FOLDERS and not _is_text_note(p.name))
        if not files:
            raise data_error("JS301", f"the folder {spec} holds no .parquet, .csv or .json files")
        return files
    if os.path.isfile(spec):
        return [spec]
    if any(ch in spec for ch in "*?["):
        files = sorted(f for f in globbing.glob(spec, recursive=True) if os.path.isfile(f))
        if not files:
            raise data_error("JS301", f"no files match {spec}", help="check the pattern and the current folder")
        return files
    if os.path.lexists(spec):
        raise data_error("JS301", f"cannot read {spec}: {_not_a_file(spec)}",
                         help="pass a .parquet, .csv or .json file, a folder of them, or a glob")
    raise data_error(
        "JS301",
        f"no such data file: {spec}",
        help="pass --data PATH, or set `data` in [tool.journeyspec.sources.default] of pyproject.toml",
    )


# A SQLite file in a folder of data is more often something else than an OCEL log: name it to read it.
_NOT_IN_FOLDERS = (None, "ocel", "ocel-json", "ocel-xml")


def _is_text_note(name: str) -> bool:
    return name.lower().removesuffix(".gz").removesuffix(".zst").removesuffix(".bz2").endswith(".txt")


def _not_a_file(spec: str) -> str:
    """Why a path that exists is not a data file: a symbolic link loop, a device, a pipe…"""
    try:
        mode = os.stat(spec).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "it is a symbolic link that leads back to itself"
        if error.errno == errno.ENOENT:
            return "it is a symbolic link to a file that does not exist"
        return error.strerror or str(error)
    kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"it is not a regular file ({kind})"


def split_uri(spec: str) -> tuple[str, str | None]:
    """``scheme://rest?table=name`` -> (URI without the table, table name)."""
    parts = urlsplit(spec)
    query = parse_qs(parts.query)
    table = query.pop("table", [None])[0]
    rest = "&".join(f"{k}={v}" for k, values in query.items() for v in values)
    base = parts._replace(query=rest).geturl()
    return base, table


def open_source(spec: Any, *, engine: str = "duckdb", table: str | None = None, spark: dict | None = None,
                csv: CsvDialect | None = None, time_column: str | None = None,
                time_format: str | None = None, case_object: str | None = None) -> Opened:
    """Open a path, glob, folder, URI or Ibis table as an Ibis table.

    Args:
        spec: ``events.parquet``, ``data/*.csv``, ``duckdb:///db.duckdb?table=events``,
            any Ibis connection URL with ``?table=NAME``, or an ``ibis.Table``.
        engine: ``duckdb`` or ``spark`` for file sources.
        table: Table name for database sources (the URI's ``table`` wins).
        spark: ``{"master": ..., "remote": ...}`` for the Spark session.
        csv: How CSV files are split (default: RFC 4180, comma or, for ``.tsv``, tab).
        time_column: The time column: read from CSV and JSON files as text, never as a type the
            file reader guessed (see :func:`~journeyspec.engine.source.base.time_as_text`), and
            required to have one type in every file of the source.
        time_format: The source's ``time_format``, which decides whether numbers stay numbers.
        case_object: For an OCEL 2.0 log, the object type whose objects are the paths.

    Raises:
        JourneyspecError: JS301 when the source cannot be found or read, JS309 when the engine is missing.
    """
    if case_object is not None and (not isinstance(spec, (str, os.PathLike)) or "://" in os.fspath(spec)):
        raise data_error("JS306", "`case_object` applies to OCEL 2.0 logs (.sqlite files), not to tables",
                         help="remove `case_object` (or --case-object) for this source")
    if not isinstance(spec, (str, os.PathLike)):
        import ibis.expr.types as ir

        if not isinstance(spec, ir.Table):
            raise data_error("JS301", f"cannot read data from a {type(spec).__name__}; pass a path, a URI or an ibis.Table")
        backend = spec._find_backend(use_default=True).name
        kind = "duckdb" if backend == "duckdb" else "spark" if backend == "pyspark" else "ibis"
        columns = spec.columns
        name = getattr(spec.op(), "name", None) or "an ibis table"
        if kind == "duckdb":
            spec = adopt(spec, duckdb_connection)
        return Opened(spec, kind, name, ROW in columns)
    text = os.fspath(spec)
    if text.startswith("duckdb://"):
        _, named = split_uri(text)
        path = urlsplit(text).path
        con = duckdb_connection()
        return open_duckdb_database(con, path, named or table)
    if engine == "spark" and text.startswith(SPARK_SCHEMES):  # the executors list and read them, not this process
        from journeyspec.engine.source.spark import open_spark_files

        return open_spark_files([text], spark or {}, csv, time_column, time_format)
    if "://" in text and not text.startswith("file://"):
        return _open_ibis_url(text, table)
    if text.startswith("file://"):
        text = text[len("file://"):]
    files = expand_files(text)
    kinds = {file_format(f) for f in files}
    if kinds & set(LOG_FORMATS):  # XES and OCEL: read once into Parquet, then by either engine
        from journeyspec.engine.source.logs import open_log

        return open_log(files, next(k for k in kinds if k in LOG_FORMATS), engine=engine, spark=spark,
                        case_object=case_object)
    if case_object is not None:
        raise data_error("JS306", "`case_object` applies to OCEL 2.0 logs (.sqlite), and the source is "
                         + ", ".join(files[:3]), help="remove `case_object` (or --case-object) for this source")
    if engine == "spark":
        from journeyspec.engine.source.spark import open_spark_files

        return open_spark_files(files, spark or {}, csv, time_column, time_format)
    return open_duckdb_files(duckdb_connection(), files, csv, time_column, time_format)


def _open_ibis_url(uri: str, table: str | None) -> Opened:
    import ibis

    base, named = split_uri(uri)
    name = named or table
    if name is None:
        raise data_error("JS301", f"name the table of {base}", help="append ?table=NAME to the URL")
    try:
        con = ibis.connect(base)
        opened = con.table(name)
    except Exception as error:  # noqa: BLE001 - any driver's failure becomes one clear message
        from journeyspec.engine.errors import first_line

        raise data_error("JS301", f"cannot open table `{name}` at {base}: {first_line(error)}") from None
    return Opened(opened, "ibis", f"{base}?table={name}", False)


__all__ = ["expand_files", "open_source", "split_uri"]
