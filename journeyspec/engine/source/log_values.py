"""Values of event logs (XES, OCEL 2.0) as Arrow columns: field names, types and times, read alike.

Both log readers name fields with :class:`Names`, read typed attributes
with :func:`typed` and times with :func:`dates`, so an XES log and an OCEL
log that say the same say it with the same columns and values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journeyspec.engine.source.base import ROW

_RESERVED = frozenset({"session", "event", "time", "user", "device", ROW})
_PART = re.compile(r"[^A-Za-z0-9_]")


class Names:
    """The field name of each XES attribute key, decided in the order the keys first appear.

    A key's colons become dots (``org:resource`` -> ``org.resource``); within
    each part between dots, any character a map cannot write (a space, a
    dash, a bracket...) becomes ``_`` and a part that starts with a digit
    gets a leading ``_``: ``resource country`` -> ``resource_country``. A
    trace attribute's name starts with ``case.``. A name that is taken (by a
    canonical column, or by another key that writes the same) gets ``_2``,
    ``_3``... so that no two keys share a column. ``canonical`` fixes the
    names of some (scope, key) pairs, e.g. the trace's ``concept:name`` is ``session``.
    """

    def __init__(self, canonical: dict[tuple[str, str], str] | None = None) -> None:
        self._names: dict[tuple[str, str], str] = dict(canonical or {})
        self._taken: set[str] = set(_RESERVED) | set(self._names.values())

    def __call__(self, scope: str, key: str) -> str:
        found = self._names.get((scope, key))
        if found is None:
            base = ("case." if scope in ("trace", "object") else "") + field_name(key)
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


@dataclass(frozen=True)
class BadValue(Exception):  # carries where a value failed, to the reader that can say the line
    """A value that does not read as its XES type: which column, which event of the batch, and why."""

    scope: str
    key: str
    index: int
    value: str
    reason: str
    help: str


def typed(scope: str, key: str, xes_type: str, values, seen: dict | None = None):
    """The Arrow array of ``values`` (text) read as ``xes_type``; :class:`BadValue` for the first that is not.

    ``xes_type`` is an XES attribute type: ``date``, ``int``, ``float`` and
    ``boolean`` are read as such; ``string``, ``id`` and any other stay text.

    """
    import pyarrow as pa

    if xes_type == "date":
        return dates(scope, key, values, seen)
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


UTC = "UTC"


def dates(scope: str, key: str, values, seen: dict | None = None):
    """ISO-8601 text as microseconds: with an offset (``+02:00``, ``Z``) an instant in UTC, without one a
    wall-clock time (a timestamp without zone), which the source's ``timezone`` then places, UTC by default.

    Digits past the microsecond are cut off. A log that mixes times with and
    without an offset is refused: the two kinds cannot both be right. ``seen``
    carries that across the batches of one column: the first value of each
    kind met so far (``{"offset": "2011-...+02:00"}``), updated here.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    aware, naive = pa.timestamp("us", tz=UTC), pa.timestamp("us")
    for attempt in (values, None):
        if attempt is None:  # only on failure: cut nanoseconds (Arrow reads six digits of a second at most)
            attempt = pc.replace_substring_regex(values, r"(\.\d{6})\d+", r"\1")
        for kind in (aware, naive):
            try:
                read = attempt.cast(kind)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
            if seen is not None and values.null_count < len(values):
                _same_kind(scope, key, values, "offset" if kind == aware else "none", seen)
            return read
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
        "earlier in the log: the log mixes times with and without a time zone",
        "give every time its offset (+02:00, or Z for UTC), or none",
    )


def _same_kind(scope: str, key: str, values, kind: str, seen: dict) -> None:
    """:class:`BadValue` when this batch's times are of the other kind than earlier ones; else remember a sample."""
    index = next(i for i, v in enumerate(values.is_valid().to_pylist()) if v)
    other = "none" if kind == "offset" else "offset"
    if other in seen:
        raise BadValue(
            scope,
            key,
            index,
            values[index].as_py(),
            f"has {'no ' if kind == 'none' else 'an '}offset, unlike {seen[other]!r} earlier in the log: "
            "the log mixes times with and without a time zone",
            "give every time its offset (+02:00, or Z for UTC), or none",
        )
    seen.setdefault(kind, values[index].as_py())


__all__ = ["UTC", "BadValue", "Names", "dates", "field_name", "typed"]
