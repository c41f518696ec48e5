"""XES (IEEE 1849) event logs as a source: one streamed pass into Parquet, then read like any file.

What a map sees (spec/data-semantics.md, "XES and OCEL logs"):

- ``session`` is the trace's ``concept:name`` (the case id), ``event`` the
  event's ``concept:name``, ``time`` its ``time:timestamp`` (ISO-8601; an
  offset is honoured, a time without one is in the source's ``timezone``,
  UTC by default);
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

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.errors import data_error
from journeyspec.engine.source.converted import Converted, Notes, converted
from journeyspec.engine.source.log_values import BadValue, Names
from journeyspec.engine.source.xes_expat import exact_batches
from journeyspec.engine.source.xes_fast import fast_batches
from journeyspec.engine.source.xes_parts import CANONICAL, Fallback, RawBatch, assemble

# --- the source ------------------------------------------------------------------------------


def read_xes(path: str) -> Converted:
    """The XES log at ``path`` as Parquet files (see :mod:`.converted`), read once per process.

    Raises:
        JourneyspecError: JS330 (not well-formed XML), JS331 (not an XES log), JS332 (a value that
            does not read as its type), JS320 (an empty or broken compressed file).
    """
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


__all__ = ["read_xes"]
