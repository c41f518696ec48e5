"""The exact XES reader: expat, the standard library's streaming XML parser, one element at a time.

It reads any well-formed XES, in any encoding the XML declaration names,
with or without a namespace prefix, and knows the line of every element:
so it is the reader that explains problems (JS330 broken XML, JS331 not an
XES log, JS332 a bad value, JS333 events that cannot be placed). A trace's
events are kept until the trace ends (its attributes may follow them), then
join the batch; memory holds a batch and one trace, never the file.

What is read: the attributes (``string``, ``date``, ``int``, ``float``,
``boolean``, ``id``) directly inside each ``<event>`` and each ``<trace>``;
an attribute given twice in one element counts once, the last. Everything
else is passed over: the log's own attributes, ``<extension>``,
``<global>``, ``<classifier>``, nested attributes, lists and containers.
"""

from __future__ import annotations

import pyexpat
from collections.abc import Iterator

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.errors import data_error
from journeyspec.engine.source.converted import Notes
from journeyspec.engine.source.xes_parts import ATTRIBUTE_TYPES, BATCH_EVENTS, RawBatch, open_bytes, read_chunks

_CHUNK = 1 << 20
_LOCAL: dict[str, str] = {}  # element name -> its name without a namespace prefix (`xes:event` -> `event`)


class _Tally:
    """How many of something, and the line of the first."""

    __slots__ = ("count", "events", "first")

    def __init__(self) -> None:
        self.count = 0
        self.first = 0
        self.events = 0

    def add(self, line: int, events: int = 0) -> None:
        if not self.count:
            self.first = line
        self.count += 1
        self.events += events


class _Reader:
    """Expat's handlers: where the parse is (log, trace, event), and the rows made so far."""

    def __init__(self, path: str, parser) -> None:
        self.path = path
        self.parser = parser
        self.where: str | None = None  # None before the root, then log, trace, event; "done" after </log>
        self.skip = 0  # depth inside an element whose content is passed over
        self.skipped = ""
        self.trace: dict = {}
        self.trace_line = 0
        self.trace_events: list[dict] = []
        self.event: dict = {}
        self.event_line = 0
        self.event_parent = "trace"
        self.rows: list[tuple[dict, dict]] = []
        self.ready: list[RawBatch] = []
        self.next_row = 0
        self.no_case = _Tally()
        self.outside = _Tally()
        self.no_name = _Tally()
        self.no_time = _Tally()

    def start(self, name: str, attrs: dict) -> None:
        local = _LOCAL.get(name)
        if local is None:
            local = _LOCAL[name] = name.rpartition(":")[2]
        if self.skip:
            self.skip += 1
            if local in ("trace", "event"):
                raise self.structure(f"a <{local}> inside <{self.skipped}>")
            return
        where = self.where
        if local in ATTRIBUTE_TYPES and where in ("event", "trace", "log"):
            key = attrs.get("key")
            if key is None:
                raise self.structure(f"a <{local}> attribute without a `key`")
            entry = (local, attrs.get("value"), self.parser.CurrentLineNumber)
            if where == "event":
                self.event[key] = entry  # given twice: the last value counts
            elif where == "trace":
                self.trace[key] = entry
            self.skip, self.skipped = 1, local
        elif local == "event" and where in ("trace", "log"):
            self.event, self.event_line, self.event_parent = {}, self.parser.CurrentLineNumber, where
            self.where = "event"
        elif local == "trace" and where == "log":
            self.trace, self.trace_events, self.trace_line = {}, [], self.parser.CurrentLineNumber
            self.where = "trace"
        elif where is None:
            if local != "log":
                raise data_error(
                    "JS331",
                    f"{self.path} is not an XES log: its root element is <{name}>, not <log>",
                    help="XES files start with <log> (IEEE 1849); for OCEL 2.0 use its SQLite form",
                )
            self.where = "log"
        elif local in ("trace", "event"):
            raise self.structure(f"a <{local}> inside <{where}>")
        else:
            self.skip, self.skipped = 1, local

    def end(self, name: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        where = self.where
        if where == "event":
            event = self.event
            if "concept:name" not in event or event["concept:name"][1] is None:
                self.no_name.add(self.event_line)
            if "time:timestamp" not in event or event["time:timestamp"][1] is None:
                self.no_time.add(self.event_line)
            if self.event_parent == "trace":
                self.trace_events.append(event)
                self.where = "trace"
            else:
                self.outside.add(self.event_line)
                self.rows.append((event, {}))
                self.where = "log"
        elif where == "trace":
            trace = self.trace
            if self.trace_events and ("concept:name" not in trace or trace["concept:name"][1] is None):
                self.no_case.add(self.trace_line, len(self.trace_events))
            self.rows.extend((event, trace) for event in self.trace_events)
            self.trace_events = []
            self.where = "log"
        elif where == "log":
            self.where = "done"
        if len(self.rows) >= BATCH_EVENTS:
            self.flush()

    def structure(self, what: str) -> JourneyspecError:
        line = self.parser.CurrentLineNumber
        return data_error(
            "JS331",
            f"{self.path}, line {line:,}: {what}, which XES does not allow{_sample(self.path, line)}",
            help="XES nests <log> > <trace> > <event>, each holding attributes like "
            '<string key="..." value="..."/>: fix the export that wrote this file',
        )

    def flush(self) -> None:
        """The rows made so far as a batch (see :class:`RawBatch`)."""
        import pyarrow as pa

        rows, self.rows = self.rows, []
        if not rows:
            return
        order: dict[tuple[str, str], None] = {}
        for event, trace in rows:
            for key in trace:
                order.setdefault(("trace", key))
            for key in event:
                order.setdefault(("event", key))
        columns, lines = {}, {}
        for scope, key in order:
            entries = [(trace if scope == "trace" else event).get(key) for event, trace in rows]
            kinds = {entry[0] for entry in entries if entry is not None}
            kind = kinds.pop() if len(kinds) == 1 else "mixed"
            columns[(scope, key)] = (kind, pa.array([entry[1] if entry else None for entry in entries], pa.string()))
            lines[(scope, key)] = [entry[2] if entry else None for entry in entries]
        self.ready.append(RawBatch(len(rows), self.next_row, columns, lines))
        self.next_row += len(rows)

    def notes(self, notes: Notes) -> None:
        """JS333 for every kind of event that cannot be placed, with the line of the first."""
        path = self.path
        if self.no_case.count:
            n = self.no_case
            notes.add(
                "JS333",
                f"{n.count:,} trace{_s(n.count)} of {path} {_have(n.count)} no `concept:name` (the case "
                f"id), the first at line {n.first:,}: {_their(n.count)} {n.events:,} event{_s(n.events)} "
                "are skipped, counted as rows without a session",
                'give every <trace> a <string key="concept:name" value="..."/>',
            )
        if self.outside.count:
            n = self.outside
            notes.add(
                "JS333",
                f"{n.count:,} event{_s(n.count)} of {path} {'sit' if n.count != 1 else 'sits'} outside "
                f"any <trace>, the first at line {n.first:,}: skipped, counted as rows without a session",
                "put every <event> inside the <trace> of its case",
            )
        if self.no_time.count:
            n = self.no_time
            notes.add(
                "JS333",
                f"{n.count:,} event{_s(n.count)} of {path} {_have(n.count)} no `time:timestamp`, the "
                f"first at line {n.first:,}: skipped, counted as rows without a time",
                'give every <event> a <date key="time:timestamp" value="2011-10-01T00:38:44+02:00"/>',
            )
        if self.no_name.count:
            n = self.no_name
            notes.add(
                "JS333",
                f"{n.count:,} event{_s(n.count)} of {path} {_have(n.count)} no `concept:name`, the "
                f"first at line {n.first:,}: read as events without a name, which match no step by name",
                'give every <event> a <string key="concept:name" value="..."/>',
            )


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _have(count: int) -> str:
    return "has" if count == 1 else "have"


def _their(count: int) -> str:
    return "its" if count == 1 else "their"


def exact_batches(path: str, notes: Notes) -> Iterator[RawBatch]:
    """Every event of the XES log at ``path``, in batches, with the line of every value.

    Raises:
        JourneyspecError: JS330 when the file is not well-formed XML, JS331 when it is not an XES log.
    """
    parser = pyexpat.ParserCreate()
    reader = _Reader(path, parser)
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    for chunk in read_chunks(path, _CHUNK):
        _parse(parser, chunk, False, path)
        yield from _drain(reader)
    _parse(parser, b"", True, path)
    if reader.where != "done":
        raise data_error(
            "JS331",
            f"{path} is not an XES log: it holds no <log> element",
            help="XES files start with <log> (IEEE 1849)",
        )
    reader.flush()
    yield from _drain(reader)
    reader.notes(notes)


def _drain(reader: _Reader) -> Iterator[RawBatch]:
    while reader.ready:
        yield reader.ready.pop(0)


def _parse(parser, chunk: bytes, final: bool, path: str) -> None:
    try:
        parser.Parse(chunk, final)
    except pyexpat.ExpatError as error:
        what = pyexpat.ErrorString(error.code)
        raise data_error(
            "JS330",
            f"{path} is not well-formed XML: {what} at line {error.lineno:,}, column {error.offset + 1:,}"
            + _sample(path, error.lineno),
            help="the file is broken or was cut short (a copy or an export that did not finish): write it again; "
            "characters such as & and < inside a value must be written &amp; and &lt;",
        ) from None


def _sample(path: str, line: int) -> str:
    """``: `<event>...` `` — the start of line ``line`` of the (decompressed) file, for a message."""
    try:
        with open_bytes(path) as stream:
            for number, text in enumerate(stream, start=1):
                if number == line:
                    shown = text.decode("utf-8", "replace").strip()
                    return f": `{shown[:100]}{'…' if len(shown) > 100 else ''}`" if shown else ""
    except (OSError, EOFError, ValueError):
        pass
    return ""


__all__ = ["exact_batches"]
