"""Why a data file cannot be read, in words: what its bytes say once the engine has refused it.

DuckDB's own messages ("No magic bytes found at end of file", "Invalid unicode
(byte sequence mismatch)") say what failed, not what the user has: an empty
file, a file that is not Parquet, a Parquet file cut short, a CSV file saved as
Latin-1 or UTF-16. This module looks at the bytes only after the engine has
failed, so reading a good file costs nothing more: the first and last four
bytes of a Parquet file, the start of a text file, and the text itself up to
its first byte that is not UTF-8.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import os

from journeyspec.diagnostics import Diagnostic, JourneyspecError
from journeyspec.engine.source.base import file_format

PARQUET_MAGIC = b"PAR1"  # a Parquet file starts and ends with it; the footer before the end lists the columns
_CHUNK = 1 << 20
_SCAN_LIMIT = 1 << 28  # past 256 MB the engine's own line number has to do
_REENCODE = "re-encode it as UTF-8, e.g. `iconv -f {source} -t UTF-8 {name} > {stem}-utf8{suffix}`"


def parquet_problem(path: str) -> tuple[str, str] | None:
    """(what is wrong, what to do) for a Parquet file whose bytes are not a whole Parquet file."""
    size = os.path.getsize(path)
    if size == 0:
        return ("is empty (0 bytes)",
                "an empty file is often an export or a copy that did not finish: write it again, or remove it")
    with open(path, "rb") as handle:
        head = handle.read(4)
        handle.seek(max(size - 4, 0))
        tail = handle.read(4)
    if head != PARQUET_MAGIC:
        return ("is not a Parquet file (it does not start with Parquet's marker `PAR1`)",
                "name each file after its format: *.parquet, *.csv (or .tsv), *.jsonl")
    if size < 12 or tail != PARQUET_MAGIC:
        return (f"is cut short: it starts as a Parquet file, but its end, which lists the columns, is missing "
                f"({size:,} bytes)",
                "the file was written or copied only in part: write it again")
    return None


def _open_text(path: str):
    name = path.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    if name.endswith(".bz2"):
        return bz2.open(path, "rb")
    return open(path, "rb")  # noqa: SIM115 - returned to a `with`


def text_problem(path: str) -> tuple[str, str] | None:
    """(what is wrong, what to do) for a CSV or JSON file that is not UTF-8 text."""
    if path.lower().endswith(".zst"):
        return None
    stem, suffix = os.path.splitext(os.path.basename(path))
    fill = {"name": os.path.basename(path), "stem": stem, "suffix": suffix}
    with _open_text(path) as handle:
        head = handle.read(_CHUNK)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:4096]:
            return ("is UTF-16 text; journeyspec reads text files as UTF-8",
                    _REENCODE.format(source="UTF-16", **fill))
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk, read, lines = head, 0, 1
        while chunk and read < _SCAN_LIMIT:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                # `error.start` counts from the bytes the decoder still held, at most three before `chunk`.
                at = max(error.start - len(error.object) + len(chunk), 0)
                line = lines + chunk.count(b"\n", 0, at)
                byte = error.object[error.start]
                return (f"is not UTF-8 text: line {line:,} has the byte 0x{byte:02X} "
                        "(the file is likely Latin-1 or Windows-1252)",
                        _REENCODE.format(source="LATIN1", **fill))
            read += len(chunk)
            lines += chunk.count(b"\n")
            chunk = handle.read(_CHUNK)
    return None


def unreadable(files: list[str]) -> JourneyspecError | None:
    """JS320 naming each file whose bytes are not what its name says; None when every file looks whole.

    Parquet files are each judged by their first and last bytes (cheap enough to do before
    reading); a text file is read up to its first byte that is not UTF-8, so the first such
    file ends the search.
    """
    found: list[Diagnostic] = []
    for path in files:
        kind = file_format(path)
        try:
            problem = parquet_problem(path) if kind == "parquet" else text_problem(path)
        except OSError as os_error:
            problem = (f"cannot be read: {os_error.strerror or os_error}", "check that the file exists and is readable")
        if problem is not None:
            found.append(Diagnostic("JS320", f"{path} {problem[0]}", help=problem[1]))
        if len(found) >= 10 or (found and kind != "parquet"):
            break  # a text file is read to its first bad byte: one is enough to say what to do
    return JourneyspecError(found) if found else None


__all__ = ["PARQUET_MAGIC", "parquet_problem", "text_problem", "unreadable"]
