"""Event field names for completion in conditions, read from the configured source without blocking.

Only what is cheap is read: a Parquet file's footer (its schema) or a CSV
file's first line. The read runs on a worker thread; until it is done (or
when the source is a database, a glob, a URI or nothing at all) completion
simply offers no field names. Results are kept per file and modification time.
"""

from __future__ import annotations

import csv
import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from threading import Lock

from journeyspec.engine.source.config import config_from_table
from journeyspec.project import find_config_file


def source_file(map_path: str, journey_id: str | None) -> str | None:
    """The local Parquet or CSV file the journey reads by configuration, if that is what it reads."""
    try:
        found = find_config_file(Path(map_path).parent)
        if found is None:
            return None
        config_path, table = found
        sources = table.get("sources") or {}
        name = journey_id if journey_id in sources else "default"
        if name not in sources:
            return None
        data = config_from_table(sources[name], config_path, name).data
    except Exception:  # noqa: BLE001 - a broken configuration: `check` reports it; completion stays quiet
        return None
    if not isinstance(data, str) or "://" in data or not data.lower().endswith((".parquet", ".csv")):
        return None
    return data if os.path.isfile(data) else None


def read_columns(path: str) -> tuple[str, ...]:
    """The column names of a Parquet file (its footer only) or a CSV file (its header line only)."""
    if path.lower().endswith(".parquet"):
        import pyarrow.parquet as pq

        return tuple(pq.read_schema(path).names)
    with open(path, newline="", encoding="utf-8", errors="replace") as handle:
        return tuple(next(csv.reader([handle.readline()]), []))


class FieldNames:
    """Column names by file, read in the background."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeyspec-fields")
        self._lock = Lock()
        self._known: dict[tuple[str, float], tuple[str, ...]] = {}
        self._pending: dict[tuple[str, float], Future] = {}

    def get(self, map_path: str | None, journey_id: str | None) -> tuple[str, ...]:
        """The names when already read; else starts reading them and returns nothing now."""
        if map_path is None:
            return ()
        path = source_file(map_path, journey_id)
        if path is None:
            return ()
        key = (path, os.path.getmtime(path))
        with self._lock:
            if key in self._known:
                return self._known[key]
            if key not in self._pending:
                self._pending[key] = self._pool.submit(self._read, key)
        return ()

    def _read(self, key: tuple[str, float]) -> None:
        try:
            names = read_columns(key[0])
        except Exception:  # noqa: BLE001 - an unreadable file: `check` reports it, completion offers nothing
            names = ()
        with self._lock:
            self._known = {k: v for k, v in self._known.items() if k[0] != key[0]}  # one version per file
            self._known[key] = names
            self._pending.pop(key, None)

    def wait(self) -> None:
        """Wait for the reads under way (tests and the benchmark)."""
        with self._lock:
            pending = list(self._pending.values())
        for future in pending:
            future.result()
