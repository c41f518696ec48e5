"""An opened source, and what every way of opening one shares.

No SQL engine keeps row order on its own, yet the contract breaks time ties
by source order when no ``order`` column is configured. So every file source
gets a ``__js_row`` column (:data:`ROW`): DuckDB's ``file_row_number`` for
Parquet, the scan's ordinality for CSV and JSON, ``rowid`` for DuckDB tables
(:mod:`journeyspec.engine.source.duckdb`); Spark numbers rows with
``monotonically_increasing_id`` over the files read in name order
(:mod:`journeyspec.engine.source.spark`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

ROW = "__js_row"
FORMATS = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    # Event logs the engines cannot read themselves: read once into Parquet (engine/source/logs.py).
    ".xes": "xes",
    ".sqlite": "ocel",
    ".sqlite3": "ocel",
    ".jsonocel": "ocel-json",
    ".xmlocel": "ocel-xml",
}
LOG_FORMATS = ("xes", "ocel", "ocel-json", "ocel-xml")


@dataclass(frozen=True)
class Opened:
    """An opened source: the table, where it lives, and whether it has ``__js_row``.

    ``columnar`` says that reading a few of its columns again costs little
    (Parquet files, DuckDB tables), unlike parsing a text file again.
    ``notes`` are warnings from reading the source that every report must
    carry (``CODE: message (help)``), e.g. XES events without a case id.
    """

    table: Any  # ibis.Table
    backend: str  # "duckdb", "spark" or "ibis"
    description: str
    has_row_order: bool
    columnar: bool = False
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is split into rows and fields: pinned, never guessed.

    A sniffer's guess can lose rows without a word (with event names ``'`` and
    ``x'`` DuckDB's chose ``'`` as the quote and read four rows as two), so
    every CSV is read as RFC 4180 unless the source configures otherwise: a
    header line, fields split by ``delimiter`` (tab for ``.tsv`` files, else a
    comma), quoted with ``quote``, a quote inside a quoted field written twice
    (``escape`` is the quote itself), line breaks allowed inside quotes, no
    comment lines and no skipped lines.
    """

    delimiter: str | None = None  # None: by the file's name
    quote: str = '"'
    escape: str | None = None  # None: the quote itself

    def delimiter_for(self, path: str) -> str:
        """The delimiter of the file at ``path``."""
        if self.delimiter is not None:
            return self.delimiter
        name = path.lower()
        for suffix in (".gz", ".zst", ".bz2"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        return "\t" if name.endswith(".tsv") else ","

    @property
    def escape_char(self) -> str:
        return self.quote if self.escape is None else self.escape


def file_format(path: str) -> str | None:
    """``parquet``, ``csv``, ``json``, ``xes`` or ``ocel`` from a file name (compression suffixes allowed)."""
    name = path.lower()
    for suffix in (".gz", ".zst", ".bz2"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return FORMATS.get(os.path.splitext(name)[1])


def time_as_text(guessed: str, time_format: str | None) -> bool:
    """Whether a CSV or JSON file's time column, which its reader guessed to be ``guessed``, is read as text.

    ``guessed`` is ``text``, ``number`` or ``temporal``. A reader's guess of a timestamp or date is
    never taken (DuckDB's sniffer reads ``10/01/2019 23:50:00`` day-first, unasked), and a
    strftime ``time_format`` reads text, so it gets the text as written (``01102019``, not the
    number 1102019). Numbers stay numbers for an epoch unit, or for no format (which then says
    that numbers need one).
    """
    if guessed == "text":
        return False
    return guessed == "temporal" or (time_format is not None and "%" in time_format)


def sql_literal(text: str) -> str:
    """``text`` as a DuckDB string expression: quoted, quotes doubled, NUL characters (which end
    a query's text) as ``chr(0)``. (File paths hold no NUL, so theirs stay plain literals.)"""
    return " || chr(0) || ".join("'" + part.replace("'", "''") + "'" for part in text.split("\x00"))


__all__ = ["FORMATS", "LOG_FORMATS", "ROW", "CsvDialect", "Opened", "file_format", "sql_literal", "time_as_text"]
