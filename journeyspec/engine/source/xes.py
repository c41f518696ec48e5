"""XES (IEEE 1849) event logs as a source: one streamed pass into Parquet, then read like any file.

What a map sees (spec/data-semantics.md, "XES and OCEL logs"):

- ``session`` is the trace's ``concept:name`` (the case id), ``event`` the
  event's ``concept:name``, ``time`` its ``time:timestamp`` (ISO-8601; an
  offset is honoured, a time without one is UTC);
- every other event attribute is a field named after its key, with the
  colon written as a dot (``lifecycle:transition`` -> ``lifecycle.transition``,
  ``org:resource`` -> ``org.resource``), and every trace attribute the same
  after ``case.`` (``AMOUNT_REQ`` -> ``case.AMOUNT_REQ``); :class:`Names`
  says what else a name changes so that a map can write it;
- ``int``, ``float``, ``boolean`` and ``date`` attributes keep their type;
  ``string`` and ``id`` are text. Nested attributes, lists and containers
  are not fields, and ``<global>`` defaults fill no missing value.

Two readers produce the same rows: :mod:`.xes_fast` takes the form every XES
writer emits (one ``<type key="..." value="..."/>`` after another) apart
with bytes-level splits and numpy, and gives up on anything else;
:mod:`.xes_expat` parses any well-formed XES with the standard library's
expat parser and is the one that explains problems with a line number.
Both stream: memory holds one batch of events, never the file.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.errors import data_error
from journeyspec.engine.source.base import ROW
from journeyspec.engine.source.converted import Converted, Notes, converted
from journeyspec.engine.source.log_values import UTC, BadValue, Names, typed

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
    for column, kind in (("session", pa.string()), ("event", pa.string()), ("time", pa.timestamp("us", tz=UTC))):
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


# --- the source ------------------------------------------------------------------------------


def read_xes(path: str) -> Converted:
    """The XES log at ``path`` as Parquet files (see :mod:`.converted`), read once per process.

    Raises:
        JourneyspecError: JS330 (not well-formed XML), JS331 (not an XES log), JS332 (a value that
            does not read as its type), JS320 (an empty or broken compressed file).
    """
    from journeyspec.engine.source.xes_expat import exact_batches
    from journeyspec.engine.source.xes_fast import fast_batches

    try:
        return converted(path, "xes", (), lambda notes: _assembled(fast_batches(path), notes))
    except Fallback:
        return converted(path, "xes", (), lambda notes: _assembled(exact_batches(path, notes), notes, path))


def _assembled(raws, notes: Notes, path: str | None = None):
    """Record batches from raw ones; a bad value is JS332 with its line (exact reader) or a fallback (fast)."""
    names, zones = Names(CANONICAL), {}
    for raw in raws:
        try:
            yield assemble(raw, names, zones)
        except BadValue as bad:
            if path is None:
                raise Fallback from None
            raise _bad_value(path, raw, bad) from None


def _bad_value(path: str, raw: RawBatch, bad: BadValue) -> JourneyspecError:
    lines = raw.lines.get((bad.scope, bad.key))
    line = lines[bad.index] if lines else None
    where = f"{path}, line {line:,}" if line else path
    owner = "an event" if bad.scope == "event" else "a trace"
    return data_error("JS332", f"{where}: {owner}'s `{bad.key}` {bad.value!r} {bad.reason}", help=bad.help)


__all__ = ["ATTRIBUTE_TYPES", "BATCH_EVENTS", "CANONICAL", "Fallback", "RawBatch", "assemble", "read_xes"]
