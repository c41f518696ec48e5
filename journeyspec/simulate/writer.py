"""Streaming writers: each chunk goes to disk as soon as it is built, so memory stays one chunk deep."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if file_format == "parquet":
            import pyarrow.parquet as pq

            self._writer = pq.ParquetWriter(self.path, schema, compression="snappy")
        else:
            import pyarrow.csv as csv

            self._writer = csv.CSVWriter(self.path, schema)

    def write(self, table: pa.Table) -> None:
        self._writer.write_table(table)

    def close(self) -> None:
        self._writer.close()

    def __enter__(self) -> ChunkWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


__all__ = ["FORMATS", "ChunkWriter", "format_for"]
