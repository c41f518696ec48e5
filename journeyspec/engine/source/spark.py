"""Spark as the engine: the files read by Spark itself, on the session of :mod:`.spark_session`.

PySpark is an optional extra (``journeyspec[spark]``); importing this module
without it, or without Java, gives a JS309 diagnostic, never an ImportError.

Paths: the executors read the files, not this process. Local mode and a
cluster on this machine share its disk, so a path is handed over absolute; a
cluster elsewhere (a master or Connect server on another host) cannot see a
relative path on this machine (JS352). URIs Spark reads itself (``s3a://``,
``hdfs://``, ``abfss://``, ``dbfs:/``...) go through unchanged.
"""

from __future__ import annotations

import os

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.errors import data_error, engine_failure
from journeyspec.engine.source.base import ROW, CsvDialect, Opened, file_format, time_as_text
from journeyspec.engine.source.spark_address import SPARK_SCHEMES, parse
from journeyspec.engine.source.spark_session import spark_session

_counter = iter(range(1, 1 << 62))


def spark_backend(master: str | None = None, remote: str | None = None):
    """An Ibis PySpark backend over :func:`spark_session`."""
    import ibis

    return ibis.pyspark.connect(spark_session(master, remote))


def open_spark_files(files: list[str], options: dict, csv: CsvDialect | None = None,
                     time_column: str | None = None, time_format: str | None = None) -> Opened:
    """Files read by Spark in name order, numbered with ``monotonically_increasing_id``.

    CSV files are read in the pinned ``csv`` dialect (RFC 4180 by default).
    Spark's own defaults are not RFC 4180: a backslash escapes a quote, and a
    line break ends a row even inside quotes, which splits one row in two.
    The ``time_column`` of a CSV or JSON file is read as text when Spark
    infers a timestamp or a strftime ``time_format`` is given
    (:func:`~.base.time_as_text`; :mod:`journeyspec.engine.source.times`
    decides how time is read), and must have one type in every file (JS323).
    """
    kinds = {file_format(f) for f in files}
    if len(kinds) != 1 or None in kinds:
        raise data_error("JS301", "Spark reads one known format per source (.parquet, .csv, .jsonl)")
    kind = kinds.pop()
    paths = executor_paths(files, options.get("master"), options.get("remote"))
    description = files[0] if len(files) == 1 else f"{len(files)} {kind} files"
    try:
        return _read(session_of(options), paths, files, kind, csv, time_column, time_format, description)
    except JourneyspecError:
        raise
    except Exception as error:  # noqa: BLE001 - Spark's failure (a cluster's own, too) becomes a diagnostic
        raise not_on_cluster(error, files, options) or engine_failure(error, description, "spark") from None


def session_of(options: dict):
    """The Spark session and its Ibis backend for the ``{"master": ..., "remote": ...}`` options."""
    return spark_session(options.get("master"), options.get("remote")), \
        spark_backend(options.get("master"), options.get("remote"))


def _read(spark, paths: list[str], files: list[str], kind: str, csv: CsvDialect | None, time_column: str | None,
          time_format: str | None, description: str) -> Opened:
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    session, backend = spark
    dialect = csv or CsvDialect()
    frames = []
    for path in paths:
        if kind == "parquet":
            frame = session.read.parquet(path)
        else:
            csv_options = {"header": True, "sep": dialect.delimiter_for(path), "quote": dialect.quote,
                           "escape": dialect.escape_char, "multiLine": True}
            reader = session.read.options(**csv_options).csv if kind == "csv" else session.read.json
            frame = reader(path, inferSchema=True) if kind == "csv" else reader(path)
            if time_column in frame.columns and time_as_text(_guess(frame.schema[time_column].dataType), time_format):
                schema = StructType([StructField(f.name, StringType(), True) if f.name == time_column else f
                                     for f in frame.schema.fields])
                frame = session.read.options(**csv_options).schema(schema).csv(path) if kind == "csv" \
                    else session.read.schema(schema).json(path)
        frames.append(frame)
    _same_time_type(frames, files, time_column)
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionByName(other, allowMissingColumns=True)
    # Numbered after the union, so the ids follow file order, then row order within each file.
    frame = frame.withColumn(ROW, F.monotonically_increasing_id())
    view = f"__js_events_{next(_counter)}"
    frame.createOrReplaceTempView(view)
    return Opened(backend.table(view), "spark", description, True)


def executor_paths(files: list[str], master: str | None, remote: str | None) -> list[str]:
    """``files`` as the executors must be given them: absolute on this machine's disk, URIs as written.

    Raises:
        JourneyspecError: JS352 when a relative path would be read by executors on another machine.
    """
    address = parse(master, remote)
    local = [f for f in files if not f.startswith(SPARK_SCHEMES)]
    relative = [f for f in local if not os.path.isabs(f)]
    if relative and not address.on_this_machine:
        where = "Spark Connect server" if address.kind == "connect" else "cluster"
        raise data_error(
            "JS352",
            f"the {where} at {address.shown} reads files on its own machines, and `{relative[0]}` is a path on "
            "this one" + (f" ({len(relative)} such files)" if len(relative) > 1 else ""),
            help="give a URI the cluster reads (s3a://bucket/events/*.parquet, hdfs://..., abfss://..., dbfs:/...) "
                 "or an absolute path on a disk every executor mounts (/mnt/shared/events.parquet)",
        )
    return [f if f.startswith(SPARK_SCHEMES) else os.path.abspath(f) for f in files]


def not_on_cluster(error: BaseException, files: list[str], options: dict):
    """JS352 when Spark does not find a file that is on this machine: the cluster reads another disk."""
    text = str(error)
    if "PATH_NOT_FOUND" not in text and "Path does not exist" not in text:
        return None
    address = parse(options.get("master"), options.get("remote"))
    here = next((f for f in files if not f.startswith(SPARK_SCHEMES) and os.path.exists(f)), None)
    if here is None or address.kind == "local":
        return None
    return data_error(
        "JS352",
        f"the Spark at {address.shown} does not find `{here}`, which is on this machine: its executors read "
        "their own disks",
        help="give a URI the cluster reads (s3a://bucket/events/*.parquet, hdfs://..., abfss://..., dbfs:/...) "
             "or a path on a disk every executor mounts",
    )


def _guess(spark_type) -> str:
    from pyspark.sql.types import NumericType, StringType

    return "text" if isinstance(spark_type, StringType) else "number" if isinstance(spark_type, NumericType) \
        else "temporal"


def _same_time_type(frames: list, files: list[str], column: str | None) -> None:
    """JS323 when the files of one source hold the time column as different types."""
    kinds = {path: frame.schema[column].dataType.simpleString() for path, frame in zip(files, frames)
             if column is not None and column in frame.columns}
    distinct = list(dict.fromkeys(kinds.values()))
    if len(distinct) > 1:
        first = next(f for f, k in kinds.items() if k == distinct[0])
        other = next(f for f, k in kinds.items() if k == distinct[1])
        raise data_error(
            "JS323",
            f"the time column `{column}` is {distinct[0]} in {first} but {distinct[1]} in {other}: the files of one "
            "source must hold time the same way",
            help="write the files again with one type for the time column, or read them as separate sources",
        )


__all__ = ["SPARK_SCHEMES", "executor_paths", "not_on_cluster", "open_spark_files", "session_of", "spark_backend",
           "spark_session"]
