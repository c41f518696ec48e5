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
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.errors import data_error
from journeyspec.engine.source.base import ROW
from journeyspec.engine.source.converted import Converted, Notes, converted

BATCH_EVENTS = 100_000
"""Events per batch (one Parquet file each) of the exact reader; the fast reader cuts at 8 MiB of text."""
ATTRIBUTE_TYPES = ("string", "date", "int", "float", "boolean", "id")
CANONICAL = {
    ("trace", "concept:name"): "session",
    ("event", "concept:name"): "event",
    ("event", "time:timestamp"): "time",
}
"""The XES attributes that become the canonical columns (and so are not fields under their own names)."""
_RESERVED = frozenset({"session", "event", "time", "user", "device", ROW})
_PART = re.compile(r"[^A-Za-z0-9_]")


class Fallback(Exception):  # a signal between the readers, never shown
    """The fast reader met something it does not read; the exact reader takes the file from the start."""


class Names:
    """The field name of each XES attribute key, decided in the order the keys first appear.

    A key's colons become dots (``org:resource`` -> ``org.resource``); within
    each part between dots, any character a map cannot write (a space, a
    dash, a bracket...) becomes ``_`` and a part that starts with a digit
    gets a leading ``_``: ``resource country`` -> ``resource_country``. A
    trace attribute's name starts with ``case.``. A name that is taken (by a
    canonical column, or by another key that writes the same) gets ``_2``,
    ``_3``... so that no two keys share a column.
    """

    def __init__(self) -> None:
        self._names: dict[tuple[str, str], str] = dict(CANONICAL)
        self._taken: set[str] = set(_RESERVED)

    def __call__(self, scope: str, key: str) -> str:
        found = self._names.get((scope, key))
        if found is None:
            base = ("case." if scope == "trace" else "") + field_name(key)
            found, suffix = base, 2
            while found in self._taken or found.startswith("__js"):
                found, suffix = f"{base}_{suffix}", suffix + 1
            self._names[(scope, key)] = found
            self._taken.add(found)
        return found


def field_name(key: str) -> str:
    """``org:resource`` -> ``org.resource``; ``resource country`` -> ``resource_country``."""
    parts = []
    for part in re.split(r"[:.]", key):
        part = _PART.sub("_", part)
        parts.append("_" + part if not part or part[0].isdigit() else part)
    return ".".join(parts)


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


@dataclass(frozen=True)
class BadValue(Exception):  # carries where a value failed, to the reader that can say the line
    """A value that does not read as its XES type: which column, which event of the batch, and why."""

    scope: str
    key: str
    index: int
    value: str
    reason: str
    help: str


def typed(scope: str, key: str, xes_type: str, values):
    """The Arrow array of ``values`` (text) read as ``xes_type``; :class:`BadValue` for the first that is not.

    ``time:timestamp`` is always read as a date, whatever type the file gives it.
    """
    import pyarrow as pa

    if (scope, key) == ("event", "time:timestamp") or xes_type == "date":
        return dates(scope, key, values)
    target = {"int": pa.int64(), "float": pa.float64(), "boolean": pa.bool_()}.get(xes_type)
    if target is None:
        return values
    try:
        return values.cast(target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        for index, value in enumerate(values.to_pylist()):
            try:
                pa.array([value]).cast(target)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                words = {"int": "a whole number", "float": "a number", "boolean": "`true` or `false`"}[xes_type]
                raise BadValue(
                    scope, key, index, value, f"is not {words}", f"write {words}, or declare the attribute <string>"
                ) from None
        raise


_UTC = "UTC"


def dates(scope: str, key: str, values):
    """ISO-8601 text as UTC microseconds: an offset (``+02:00``, ``Z``) is honoured, a time without one is UTC.

    Digits past the microsecond are cut off. A log that mixes times with and
    without an offset is refused: the two kinds cannot both be right.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    aware, naive = pa.timestamp("us", tz=_UTC), pa.timestamp("us")
    for attempt in (values, None):
        if attempt is None:  # only on failure: cut nanoseconds (Arrow reads six digits of a second at most)
            attempt = pc.replace_substring_regex(values, r"(\.\d{6})\d+", r"\1")
        for kind in (aware, naive):
            try:
                return attempt.cast(kind).cast(aware)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
    with_offset = without_offset = None
    for index, value in enumerate(attempt.to_pylist()):
        if value is None:
            continue
        one = pa.array([value])
        try:
            one.cast(aware)
            with_offset = with_offset if with_offset is not None else index
            continue
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        try:
            one.cast(naive)
            without_offset = without_offset if without_offset is not None else index
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raise BadValue(
                scope,
                key,
                index,
                values[index].as_py(),
                "is not an ISO-8601 date and time",
                "write it as 2011-10-01T00:38:44.546+02:00 (or with Z for UTC)",
            ) from None
    if with_offset is None or without_offset is None:  # each reads alone, not all together: say which kind
        raise BadValue(
            scope,
            key,
            0,
            values[0].as_py(),
            "and the values after it do not read as dates together",
            "write every time as 2011-10-01T00:38:44.546+02:00 (or with Z for UTC)",
        )
    index = max(with_offset, without_offset)  # the later of the two kinds' first values
    first = min(with_offset, without_offset)
    raise BadValue(
        scope,
        key,
        index,
        values[index].as_py(),
        f"has {'no ' if index == without_offset else 'an '}offset, unlike {values[first].as_py()!r} "
        "before it: the log mixes times with and without a time zone",
        "give every time its offset (+02:00, or Z for UTC), or none",
    )


def assemble(raw: RawBatch, names: Names):
    """One record batch of the source: the canonical columns, every field, and ``__js_row``."""
    import numpy as np
    import pyarrow as pa

    arrays: dict[str, object] = {}
    for (scope, key), (xes_type, values) in raw.columns.items():
        column = names(scope, key)
        if (scope, key) in CANONICAL and (scope, key) != ("event", "time:timestamp"):
            arrays[column] = values  # the case id and the event name are text, whatever their XES type
        else:
            arrays[column] = typed(scope, key, "string" if xes_type == "mixed" else xes_type, values)
    for column, kind in (("session", pa.string()), ("event", pa.string()), ("time", pa.timestamp("us", tz=_UTC))):
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
    names = Names()
    for raw in raws:
        try:
            yield assemble(raw, names)
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


__all__ = [
    "ATTRIBUTE_TYPES",
    "BATCH_EVENTS",
    "CANONICAL",
    "BadValue",
    "Fallback",
    "Names",
    "RawBatch",
    "assemble",
    "dates",
    "field_name",
    "read_xes",
    "typed",
]
