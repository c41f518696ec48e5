"""Spark as the engine: a local (or configured) SparkSession that reads the files itself.

PySpark is an optional extra (``journeyspec[spark]``); importing this module
without it, or without Java, gives a JS309 diagnostic, never an ImportError.
"""

from __future__ import annotations

import shutil
from functools import lru_cache

from journeyspec.engine.errors import data_error, first_line
from journeyspec.engine.source.base import ROW, CsvDialect, Opened, file_format, time_as_text

_counter = iter(range(1, 1 << 62))


@lru_cache(maxsize=4)
def spark_session(master: str | None = None, remote: str | None = None):
    """A SparkSession in UTC with a small shuffle, started once per (master, remote)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise data_error(
            "JS309",
            "the Spark engine needs PySpark, which is not installed",
            help="pip install 'journeyspec[spark]' (and Java 17), or use --engine duckdb",
        ) from None
    if remote is None and shutil.which("java") is None:
        raise data_error("JS309", "the Spark engine needs Java, and `java` is not on PATH", help="install Java 17")
    builder = SparkSession.builder.appName("journeyspec")
    if remote:
        builder = builder.remote(remote)
    else:
        builder = (
            builder.master(master or "local[*]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.driver.memory", "2g")
        )
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    try:
        session = builder.getOrCreate()
    except Exception as error:  # noqa: BLE001 - the JVM's failure becomes one clear message
        raise data_error("JS309", f"Spark did not start: {first_line(error)}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


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
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    kinds = {file_format(f) for f in files}
    if len(kinds) != 1 or None in kinds:
        raise data_error("JS301", "Spark reads one known format per source (.parquet, .csv, .jsonl)")
    kind = kinds.pop()
    backend = spark_backend(options.get("master"), options.get("remote"))
    session = spark_session(options.get("master"), options.get("remote"))
    dialect = csv or CsvDialect()
    frames = []
    for path in files:
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
    description = files[0] if len(files) == 1 else f"{len(files)} {kind} files"
    return Opened(backend.table(view), "spark", description, True)


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


__all__ = ["open_spark_files", "spark_backend", "spark_session"]
