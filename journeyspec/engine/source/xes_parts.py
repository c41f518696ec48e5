"""What both XES readers hand over: raw batches of events, and how they become the source's rows.

:mod:`.xes_fast` and :mod:`.xes_expat` both read the (decompressed) bytes
with :func:`read_chunks` and yield :class:`RawBatch`; :func:`assemble` turns
one into a record batch with the canonical columns, so the two readers give
the same rows by construction. See :mod:`.xes` for what a map sees.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from journeyspec.engine.errors import data_error
from journeyspec.engine.source.base import ROW
from journeyspec.engine.source.log_values import UTC, Names, typed

BATCH_EVENTS = 100_000
"""Events per batch (one Parquet file each) of the exact reader; the fast reader cuts at 8 MiB of text."""
ATTRIBUTE_TYPES = ("string", "date", "int", "float", "boolean", "id")
CANONICAL = {
    ("trace", "concept:name"): "session",
    ("event", "concept:name"): "event",
    ("event", "time:timestamp"): "time",
}
"""The XES attributes that become the canonical columns (and so are not fields under their own names)."""


class Fallback(Exception):  # a signal between the readers, never shown
    """The fast reader met something it does not read; the exact reader takes the file from the start."""


@dataclass
class RawBatch:
    """Events as both readers hand them over: every attribute as text, in the log's order.

    ``columns`` maps (``"event"`` or ``"trace"``, key) to (XES type, an Arrow
    string array of one value per event, null where the event or its trace
    lacks the attribute); a trace attribute is repeated on each of its events.
    The type is ``"mixed"`` when one key came with several types. ``lines``
    (exact reader only) gives the XML line of each value, for messages.
    """

    events: int
    first_row: int
    columns: dict[tuple[str, str], tuple[str, object]]
    lines: dict[tuple[str, str], list] = field(default_factory=dict)


def assemble(raw: RawBatch, names: Names, zones: dict | None = None):
    """One record batch of the source: the canonical columns, every field, and ``__js_row``.

    ``zones`` holds, per date column, the kinds of time met in earlier batches (see :func:`.log_values.dates`).
    """
    zones = {} if zones is None else zones
    import numpy as np
    import pyarrow as pa

    arrays: dict[str, object] = {}
    for (scope, key), (xes_type, values) in raw.columns.items():
        column = names(scope, key)
        if (scope, key) in CANONICAL and (scope, key) != ("event", "time:timestamp"):
            arrays[column] = values  # the case id and the event name are text, whatever their XES type
        else:
            kind = "date" if (scope, key) == ("event", "time:timestamp") else xes_type  # a time whatever its type
            arrays[column] = typed(
                scope, key, "string" if kind == "mixed" else kind, values, zones.setdefault((scope, key), {})
            )
    wall_clock = "none" in zones.get(("event", "time:timestamp"), {})  # earlier times had no offset
    time_kind = pa.timestamp("us") if wall_clock else pa.timestamp("us", tz=UTC)
    for column, kind in (("session", pa.string()), ("event", pa.string()), ("time", time_kind)):
        if column not in arrays:
            arrays[column] = pa.nulls(raw.events, kind)
    arrays[ROW] = pa.array(np.arange(raw.first_row, raw.first_row + raw.events, dtype=np.int64))
    first = ("session", "event", "time")
    order = [*first, *(c for c in arrays if c not in first and c != ROW), ROW]
    return pa.RecordBatch.from_arrays([arrays[c] for c in order], names=order)


# --- opening the file ------------------------------------------------------------------------

_ZSTD = b"\x28\xb5\x2f\xfd"


def open_bytes(path: str):
    """The file's bytes, decompressed when it is gzip or bzip2 (told by its first bytes, not its name).

    Raises:
        JourneyspecError: JS331 for a Zstandard file (no reader in the standard library).
    """
    with open(path, "rb") as handle:
        head = handle.read(4)
    if head[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb")
    if head[:3] == b"BZh":
        return bz2.open(path, "rb")
    if head == _ZSTD:
        raise data_error(
            "JS331",
            f"{path} is compressed with Zstandard, which journeyspec does not read in XES logs",
            help=f"decompress it first (`zstd -d {path}`), or compress it with gzip",
        )
    return open(path, "rb")  # returned to a `with`


def read_chunks(path: str, size: int) -> Iterator[bytes]:
    """The (decompressed) bytes of ``path`` in pieces of ``size``.

    Raises:
        JourneyspecError: JS320 when the file is empty or its compression is broken or cut short.
    """
    try:
        with open_bytes(path) as stream:
            empty = True
            while True:
                chunk = stream.read(size)
                if not chunk:
                    break
                empty = False
                yield chunk
    except (EOFError, OSError, zlib.error) as error:
        raise data_error(
            "JS320",
            f"{path} cannot be decompressed: {error}",
            help="the file was written or copied only in part: write it again",
        ) from None
    if empty:
        raise data_error(
            "JS320",
            f"{path} is empty (0 bytes of XES)",
            help="an empty file is often an export or a copy that did not finish: write it again",
        )


def utf16(head: bytes) -> bool:
    """Whether text starts like UTF-16 (a byte-order mark, or NUL bytes among the first)."""
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:4]


__all__ = [
    "ATTRIBUTE_TYPES",
    "BATCH_EVENTS",
    "CANONICAL",
    "Fallback",
    "RawBatch",
    "assemble",
    "open_bytes",
    "read_chunks",
    "utf16",
]
