"""Streaming writers: each chunk goes to disk as soon as it is built, so memory stays one chunk deep.

The chunks go to a temporary file next to the target, which replaces the
target only when the last chunk is written (:func:`journeyspec.files.atomic_path`):
a full disk or a stopped run leaves the earlier file as it was.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pyarrow as pa

from journeyspec.files import atomic_path

FORMATS = ("parquet", "csv")


def format_for(path: str | Path, explicit: str | None) -> str:
    """``parquet`` or ``csv``: the explicit choice, else the file's extension (default parquet)."""
    if explicit is not None:
        return explicit
    return "csv" if Path(path).suffix.lower() in (".csv", ".txt") else "parquet"


class ChunkWriter:
    """Writes Arrow tables of one schema to a Parquet or CSV file, one chunk at a time."""

    def __init__(self, path: str | Path, schema: pa.Schema, file_format: str):
        self.path = Path(path)
        self.format = file_format
        with contextlib.ExitStack() as stack:
            partial = stack.enter_context(atomic_path(self.path))
            if file_format == "parquet":
                import pyarrow.parquet as pq

                self._writer = pq.ParquetWriter(partial, schema, compression="snappy")
            else:
                import pyarrow.csv as csv

                self._writer = csv.CSVWriter(partial, schema)
            self._commit = stack.pop_all()

    def write(self, table: pa.Table) -> None:
        self._writer.write_table(table)

    def close(self) -> None:
        """Finish the file and put it in place of the target."""
        with self._commit:
            self._writer.close()

    def abandon(self, *exc) -> bool | None:
        """Drop what was written: the target stays as it was; ``exc`` is the reason, raised on."""
        with contextlib.suppress(Exception):
            self._writer.close()
        return self._commit.__exit__(*exc)

    def __enter__(self) -> ChunkWriter:
        return self

    def __exit__(self, *exc) -> bool | None:
        if exc[0] is not None:
            return self.abandon(*exc)
        self.close()
        return None


__all__ = ["FORMATS", "ChunkWriter", "format_for"]
