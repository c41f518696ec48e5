"""Logs that the engines cannot read themselves (XES, OCEL 2.0), read once into temporary Parquet.

A reader (:mod:`.xes`, :mod:`.ocel`) streams a log as Arrow record batches;
:func:`converted` writes each batch to its own Parquet file in a temporary
folder as it comes, so memory holds one batch at a time however long the log
is, and the engines then read those files like any Parquet source: DuckDB
with ``union_by_name`` (a batch has the columns its events have; a column
that holds numbers in one batch and text in another is read as text), Spark
with ``mergeSchema``. The readers number the events themselves (``__js_row``,
the order of the log), so ties in time keep the log's order.

One process reads a log once: a check of several journeys, a ``--by`` and
the baseline reuse the files while the log's path, size and modification
time are unchanged. The folder is removed when the process ends.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from journeyspec.engine.errors import data_error, engine_failure
from journeyspec.engine.source.base import Opened, sql_literal

_cache: dict[tuple, Converted] = {}
_folders: list[str] = []


@dataclass(frozen=True)
class Converted:
    """A log read into Parquet files: the files, how many events, and what reading it found.

    ``notes`` are warnings for the report (events without a case, a name or
    a time, events on several paths), each ``CODE: message (help)``.
    """

    parts: tuple[str, ...]
    rows: int
    notes: tuple[str, ...]
    description: str


class Notes:
    """What a reader found that the report must say; filled while reading."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, code: str, message: str, help: str) -> None:
        self.items.append(f"{code}: {message} ({help})")


Batches = Callable[[Notes], Iterable]  # yields pyarrow.RecordBatch, each with a `__js_row` column


def converted(path: str, kind: str, options: tuple, batches: Batches) -> Converted:
    """The log at ``path`` as Parquet files, read by ``batches`` once per process.

    ``kind`` and ``options`` (e.g. the OCEL case object type) are part of the
    cache key, with the file's resolved path, size and modification time.
    """
    status = os.stat(path)
    key = (kind, os.path.realpath(path), status.st_size, status.st_mtime_ns, options)
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = _write(path, batches)
    return found


def _write(path: str, batches: Batches) -> Converted:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tempfile.mkdtemp(prefix="journeyspec-log-")
    if not _folders:
        atexit.register(_remove_all)
    _folders.append(folder)
    notes = Notes()
    parts: list[str] = []
    rows = 0
    try:
        for batch in batches(notes):
            if batch.num_rows == 0:
                continue
            part = os.path.join(folder, f"part-{len(parts):05d}.parquet")
            # Read back at once, by this process: speed over size (snappy costs little either way).
            pq.write_table(pa.Table.from_batches([batch]), part, compression="snappy")
            parts.append(part)
            rows += batch.num_rows
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Converted(tuple(parts), rows, tuple(notes.items), path)


def _remove_all() -> None:
    for folder in _folders:
        shutil.rmtree(folder, ignore_errors=True)


def open_converted(log: Converted, engine: str, spark: dict | None = None) -> Opened:
    """The Parquet files of ``log`` as one table, on DuckDB or Spark.

    Raises:
        JourneyspecError: JS305 when the log holds no events.
    """
    if not log.parts:
        raise data_error("JS305", f"{log.description} has no events", help="check the file and the export")
    if engine == "spark":
        from journeyspec.engine.source.spark import not_on_cluster, session_of

        options = spark or {}
        session, backend = session_of(options)
        try:
            frame = session.read.option("mergeSchema", "true").parquet(*log.parts)
            view = f"__js_log_{abs(hash(log.parts))}"
            frame.createOrReplaceTempView(view)
            table = backend.table(view)
        except Exception as error:  # noqa: BLE001 - the parts are on this machine's disk; a cluster may not see it
            raise not_on_cluster(error, list(log.parts), options) \
                or engine_failure(error, log.description, "spark") from None
        return Opened(table, "spark", log.description, True, notes=log.notes)
    from journeyspec.engine.source.duckdb import PARQUET_NAN, duckdb_connection

    listing = "[" + ", ".join(sql_literal(p) for p in log.parts) + "]"
    try:
        table = duckdb_connection().sql(f"SELECT * FROM read_parquet({listing}, union_by_name = true, {PARQUET_NAN})")
    except Exception as error:  # noqa: BLE001 - files this process wrote; a failure is the engine's
        raise engine_failure(error, log.description, "duckdb") from None
    return Opened(table, "duckdb", log.description, True, columnar=True, notes=log.notes)


__all__ = ["Converted", "Notes", "converted", "open_converted"]
