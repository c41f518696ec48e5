"""OCEL 2.0 object-centric event logs (the SQLite form) as a source, one object type as the case.

An OCEL 2.0 log has no cases: each event relates to objects of several
types (an order, its items, a package). ``case_object = "order"`` makes
each object of that type a path, holding every event related to it:

- ``session`` is the object's id, ``event`` the event's type, ``time`` its
  ``ocel_time``; the event's own attributes (the columns of its
  ``event_<Type>`` table) are fields; ``case.X`` is the case object's
  attribute ``X`` as it stood at the event's time (its latest value from
  ``object_<Type>`` at or before then); ``ocel.event`` is the event's id and
  ``ocel.qualifier`` the qualifier of its relation to the object;
- an event related to several objects of the type is on each of their
  paths, once per object: the rows read are (event, object) pairs;
- an event related to none is one row without a session: skipped, counted.

The tables read (OCEL 2.0 specification, relational form): ``event``
(``ocel_id``, ``ocel_type``), ``event_map_type`` (type -> table suffix),
``event_<suffix>`` (``ocel_id``, ``ocel_time``, attributes), ``object``,
``object_map_type``, ``object_<suffix>`` (``ocel_id``, ``ocel_time``,
``ocel_changed_field``, attributes) and ``event_object`` (``ocel_event_id``,
``ocel_object_id``, ``ocel_qualifier``). The database is opened read-only
and streamed a batch at a time; the case type's attribute history is held
in memory (it grows with the objects of that type, not with the events).
"""

from __future__ import annotations

import bisect
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing

from journeyspec.engine.errors import data_error
from journeyspec.engine.source.base import ROW
from journeyspec.engine.source.converted import Converted, Notes, converted
from journeyspec.engine.source.log_values import BadValue, Names, dates

BATCH_ROWS = 50_000
TABLES = ("event", "event_map_type", "object", "object_map_type", "event_object")
_OWN = ("ocel_id", "ocel_time", "ocel_changed_field")


def read_ocel(path: str, case_object: str | None) -> Converted:
    """The OCEL 2.0 log at ``path`` as Parquet files, one path per object of type ``case_object``.

    Raises:
        JourneyspecError: JS334 when the file is not an OCEL 2.0 SQLite database, or ``case_object`` is
            missing or names no object type of the log; JS332 for a time that is not ISO-8601.
    """
    with closing(_connect(path)) as con:
        types = _object_types(con, path)
        if case_object is None or case_object not in types:
            raise _choose(path, case_object, types)
    return converted(path, "ocel", (case_object,), lambda notes: _batches(path, case_object, types, notes))


def _connect(path: str) -> sqlite3.Connection:
    from urllib.parse import quote

    con = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        con.close()
        raise data_error(
            "JS334",
            f"{path} is not a SQLite database ({error})",
            help="journeyspec reads OCEL 2.0 logs in their SQLite form (.sqlite)",
        ) from None
    missing = [t for t in TABLES if t not in tables]
    if missing:
        con.close()
        raise data_error(
            "JS334",
            f"{path} is not an OCEL 2.0 log: it has no table {', '.join(f'`{t}`' for t in missing)}",
            help="an OCEL 2.0 SQLite log has the tables " + ", ".join(TABLES) + ", and one table per "
            "event and object type; export the log again in OCEL 2.0's SQLite form",
        )
    return con


def _object_types(con: sqlite3.Connection, path: str) -> dict[str, tuple[int, str | None]]:
    """Each object type: (how many objects, its attribute table's suffix, None when it has none)."""
    counts = dict(con.execute("SELECT ocel_type, count(*) FROM object GROUP BY ocel_type"))
    suffixes = dict(con.execute("SELECT ocel_type, ocel_type_map FROM object_map_type"))
    return {t: (counts.get(t, 0), suffixes.get(t)) for t in sorted(set(counts) | set(suffixes), key=str)}


def _choose(path: str, chosen: str | None, types: dict) -> Exception:
    from journeyspec.diagnostics.suggest import closest

    listing = ", ".join(f"`{t}` ({n:,} objects)" for t, (n, _) in types.items()) or "none"
    if chosen is None:
        return data_error(
            "JS334",
            f"{path} is an OCEL 2.0 log: name the object type whose objects are the paths",
            help=f'set `case_object = "..."` in the source\'s configuration (or --case-object TYPE); '
            f"object types: {listing}",
        )
    guess = closest(chosen, list(types))
    lead = f"did you mean `{guess}`? " if guess else ""
    return data_error("JS334", f"{path} has no object type `{chosen}`", help=f"{lead}object types: {listing}")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f"PRAGMA table_info({_quoted(table)})")]


def _batches(path: str, case_type: str, types: dict, notes: Notes) -> Iterator:
    with closing(_connect(path)) as con:
        history = _history(con, path, types[case_type][1])
        # The relations of events to objects of the case type, one row per (event, object), kept apart
        # from the user's file (a read-only database still has its own temporary tables).
        con.execute(
            """CREATE TEMP TABLE __js_relation AS
            SELECT eo.ocel_event_id AS event_id, eo.ocel_object_id AS object_id,
                   group_concat(eo.ocel_qualifier, ', ') AS qualifier
            FROM (SELECT DISTINCT ocel_event_id, ocel_object_id, ocel_qualifier FROM event_object
                  ORDER BY ocel_event_id, ocel_object_id, ocel_qualifier) eo
            JOIN object o ON o.ocel_id = eo.ocel_object_id
            WHERE o.ocel_type = ?
            GROUP BY eo.ocel_event_id, eo.ocel_object_id""",
            (case_type,),
        )
        con.execute("CREATE INDEX temp.__js_relation_event ON __js_relation(event_id)")
        names = Names({("ocel", "id"): "ocel.event", ("ocel", "qualifier"): "ocel.qualifier"})
        zones: dict = {}  # the kinds of event time met so far: with an offset or without
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        suffixes = dict(con.execute("SELECT ocel_type, ocel_type_map FROM event_map_type"))
        event_types = [row[0] for row in con.execute("SELECT DISTINCT ocel_type FROM event ORDER BY 1")]
        for event_type in event_types:
            table = f"event_{suffixes.get(event_type)}"
            if event_type in suffixes and table in tables:
                attributes = [c for c in _columns(con, table) if c not in _OWN]
                joined = f"LEFT JOIN {_quoted(table)} t ON t.ocel_id = e.ocel_id"
                time, extra = "t.ocel_time", "".join(f", t.{_quoted(c)}" for c in attributes)
            else:  # no table of its own: no time, so each of its events is a row without a time (counted)
                attributes, joined, time, extra = [], "", "NULL", ""
            cursor = con.execute(
                f"SELECT e.rowid, e.ocel_id, r.object_id, r.qualifier, {time}{extra} FROM event e {joined} "
                f"LEFT JOIN __js_relation r ON r.event_id = e.ocel_id WHERE e.ocel_type = ? ORDER BY e.rowid",
                (event_type,),
            )
            while rows := cursor.fetchmany(BATCH_ROWS):
                yield _batch(path, event_type, attributes, rows, history, names, zones)
        _notes(con, path, case_type, notes)


def _history(con: sqlite3.Connection, path: str, suffix: str | None) -> dict:
    """attribute -> object id -> ([times in microseconds], [values]) of the case type, in time order."""
    import pyarrow as pa

    table = f"object_{suffix}"
    if suffix is None or table not in {
        r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }:
        return {}
    columns = _columns(con, table)
    attributes = [c for c in columns if c not in _OWN]
    changed = "ocel_changed_field" in columns
    history: dict = {a: defaultdict(lambda: ([], [])) for a in attributes}
    select = ", ".join(
        _quoted(c) for c in ["ocel_id", "ocel_time", *(["ocel_changed_field"] if changed else []), *attributes]
    )
    cursor = con.execute(f"SELECT {select} FROM {_quoted(table)}")
    while rows := cursor.fetchmany(BATCH_ROWS):
        try:
            times = dates("object", "ocel_time", pa.array([_text(r[1]) for r in rows], pa.string()))
        except BadValue as bad:
            raise data_error(
                "JS332", f"{path}, table `{table}`: the object time {bad.value!r} {bad.reason}", help=bad.help
            ) from None
        for row, moment in zip(rows, times.cast("int64").to_pylist(), strict=True):
            field = row[2] if changed else None
            for k, attribute in enumerate(attributes, start=3 if changed else 2):
                if (field is None or field == attribute) and row[k] is not None:
                    moments, values = history[attribute][row[0]]
                    at = bisect.bisect_right(moments, -1 if moment is None else moment)
                    moments.insert(at, -1 if moment is None else moment)
                    values.insert(at, row[k])
    return history


def _as_of(history: dict, attribute: str, object_id, moment) -> object:
    found = history[attribute].get(object_id)
    if not found or object_id is None:
        return None
    at = bisect.bisect_right(found[0], moment if moment is not None else -1) - 1
    return found[1][at] if at >= 0 else None


def _text(value) -> str | None:
    return None if value is None else str(value)


def _batch(path: str, event_type: str, attributes: list[str], rows: list, history: dict, names: Names, zones: dict):
    import numpy as np
    import pyarrow as pa

    try:
        times = dates("event", "ocel_time", pa.array([_text(r[4]) for r in rows], pa.string()), zones)
    except BadValue as bad:
        raise data_error(
            "JS332",
            f"{path}: the time of event {rows[bad.index][1]!r} ({event_type}), {bad.value!r}, {bad.reason}",
            help=bad.help,
        ) from None
    moments = times.cast("int64").to_pylist()
    arrays = {
        "session": pa.array([_text(r[2]) for r in rows], pa.string()),
        "event": pa.array([event_type] * len(rows), pa.string()),
        "time": times,
        "ocel.event": pa.array([_text(r[1]) for r in rows], pa.string()),
        "ocel.qualifier": pa.array([r[3] for r in rows], pa.string()),
    }
    for k, attribute in enumerate(attributes, start=5):
        arrays[names("event", attribute)] = _array([r[k] for r in rows])
    for attribute in history:
        arrays[names("object", attribute)] = _array(
            [_as_of(history, attribute, r[2], m) for r, m in zip(rows, moments, strict=True)]
        )
    arrays[ROW] = pa.array(np.array([r[0] for r in rows], dtype=np.int64))
    return pa.RecordBatch.from_arrays(list(arrays.values()), names=list(arrays))


def _array(values: list):
    """SQLite's values as one Arrow column: its own type when they share one, else their text."""
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([_text(v) for v in values], pa.string())


def _notes(con: sqlite3.Connection, path: str, case_type: str, notes: Notes) -> None:
    several, rows = con.execute(
        "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM __js_relation "
        "GROUP BY event_id HAVING count(*) > 1)"
    ).fetchone()
    if several:
        notes.add(
            "JS335",
            f"{several:,} event{'s' if several != 1 else ''} of {path} relate to more than one "
            f"`{case_type}` and {'are' if several != 1 else 'is'} on each of their paths: {rows:,} rows for "
            f"{'them' if several != 1 else 'it'}",
            "this is how object-centric events are read; each path sees "
            "every event of its object, and the row totals count each (event, object) pair",
        )
    alone = con.execute(
        "SELECT count(*) FROM event WHERE ocel_id NOT IN (SELECT event_id FROM __js_relation)"
    ).fetchone()[0]
    if alone:
        notes.add(
            "JS335",
            f"{alone:,} event{'s' if alone != 1 else ''} of {path} relate to no `{case_type}`: "
            "counted as rows without a session",
            "choose another `case_object` to follow those events",
        )


__all__ = ["read_ocel"]
