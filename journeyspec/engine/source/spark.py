"""Spark as the engine: a local (or configured) SparkSession that reads the files itself.

PySpark is an optional extra (``journeyspec[spark]``); importing this module
without it, or without Java, gives a JS309 diagnostic, never an ImportError.
"""

from __future__ import annotations

import shutil
from functools import lru_cache

from journeyspec.engine.errors import data_error, first_line
from journeyspec.engine.source.base import ROW, CsvDialect, Opened, file_format

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


def open_spark_files(files: list[str], options: dict, csv: CsvDialect | None = None) -> Opened:
    """Files read by Spark in name order, numbered with ``monotonically_increasing_id``.

    CSV files are read in the pinned ``csv`` dialect (RFC 4180 by default).
    Spark's own defaults are not RFC 4180: a backslash escapes a quote, and a
    line break ends a row even inside quotes, which splits one row in two.
    """
    from pyspark.sql import functions as F

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
        elif kind == "csv":
            frame = session.read.csv(path, header=True, inferSchema=True, sep=dialect.delimiter_for(path),
                                     quote=dialect.quote, escape=dialect.escape_char, multiLine=True)
        else:
            frame = session.read.json(path)
        frames.append(frame)
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionByName(other, allowMissingColumns=True)
    # Numbered after the union, so the ids follow file order, then row order within each file.
    frame = frame.withColumn(ROW, F.monotonically_increasing_id())
    view = f"__js_events_{next(_counter)}"
    frame.createOrReplaceTempView(view)
    description = files[0] if len(files) == 1 else f"{len(files)} {kind} files"
    return Opened(backend.table(view), "spark", description, True)


__all__ = ["open_spark_files", "spark_backend", "spark_session"]
