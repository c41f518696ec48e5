"""Fields inside a column: struct fields, map keys, JSON documents and lists of key/value pairs.

A map names a nested field with dots, ``properties.plan``: the first name is a
column, the rest lead inside it. How the rest is read depends on what the
column holds, decided here once for every caller (conditions, the canonical
columns a preset reads, sentiment, switches):

- a struct (Parquet, a DuckDB table, JSON lines read as records): its field;
- a map: the value under that key;
- a JSON document, as the JSON type or as text in a column the source's
  preset declares (PostHog's ``properties``): the value at that key, by the
  engine's own JSON functions;
- a list of key/value records, as GA4 exports ``event_params``
  (``[{key, value: {string_value, int_value, float_value, double_value}}]``):
  the value of the record whose ``key`` is the name, whichever of its fields
  is set (GA4 writes each key once per event).

A name cannot hold ``$``, yet PostHog and Mixpanel name their own properties
``$current_url``, ``$browser``: in a struct, a map or a JSON document the name
without the ``$`` reads the key with it when the key without it is absent.

Struct fields have one type for every event, so a condition's value is
checked against it (JS308). A JSON value's or key/value record's type is the
event's own: it is a :class:`Loose` value, read as the text, number or
boolean the comparison needs (``properties.amount >= 100`` reads a number, and
``"100"`` written as text counts as 100, not as a missing value).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from journeyspec.engine.errors import data_error


@dataclass(frozen=True)
class Loose:
    """A value whose type each event decides: its text, and that text read as a number or a boolean.

    ``text`` is an Ibis string expression, null where the event has no value.
    """

    text: Any

    def as_kind(self, kind: str):
        """The value as ``text``, ``number`` or ``boolean`` (null where it does not read as one)."""
        import ibis

        if kind == "number":
            return self.text.try_cast("float64")
        if kind == "boolean":
            lowered = self.text.lower()
            return ibis.cases((lowered == "true", True), (lowered == "false", False), else_=ibis.null("boolean"))
        return self.text


# How each engine reads a key of a JSON document held as text: the function and the path's form.
# Paths are built from names a map can write ([A-Za-z0-9_$]), so they need no escaping.
_JSON_READERS = {
    "duckdb": ("json_extract_string", lambda keys: "$" + "".join(f'."{key}"' for key in keys)),
    "pyspark": ("get_json_object", lambda keys: "$" + "".join(f"['{key}']" for key in keys)),
}


@lru_cache(maxsize=4)
def _json_function(name: str):
    import ibis

    @ibis.udf.scalar.builtin(name=name)
    def extract(doc: str, path: str) -> str:
        """The engine's JSON extraction, returning text."""

    return extract


@lru_cache(maxsize=4)
def _json_valid():
    import ibis

    @ibis.udf.scalar.builtin(name="json_valid")
    def json_valid(doc: str) -> bool:
        """Whether DuckDB can parse the text as JSON."""

    return json_valid


def engine_of(table) -> str:
    """The name of the Ibis backend a table lives on (``duckdb``, ``pyspark``...)."""
    return table._find_backend(use_default=True).name


def json_text(doc, keys: Sequence[str], engine: str, where: str, span=None):
    """The text at ``keys`` inside the JSON document ``doc`` (text or the JSON type), null where absent.

    On DuckDB, a value that is not JSON at all reads as null here (the engine would stop the
    query); :func:`bad_documents` counts such values so that they are reported, not lost.

    Raises:
        JourneyspecError: JS338 on an engine that cannot read JSON documents.
    """
    import ibis

    if engine not in _JSON_READERS:
        raise data_error(
            "JS338", f"{where} holds JSON documents, which the {engine} engine cannot read inside",
            help="read the source with DuckDB or Spark: a file, a folder, or a duckdb:// database", span=span,
        )
    function, path = _JSON_READERS[engine]
    text = doc.cast("string") if not doc.type().is_string() else doc
    extract = _json_function(function)
    if engine == "duckdb":
        return ibis.ifelse(_json_valid()(text), extract(text, path(keys)), ibis.null("string"))
    return extract(text, path(keys))


def bad_documents(table, column: str, engine: str):
    """An expression that holds where ``column`` has a value that is not a JSON document."""
    text = table[column]
    if engine == "duckdb":
        return text.notnull() & ~_json_valid()(text)
    function, path = _JSON_READERS[engine]
    # Spark's reader yields null for text that does not parse; `$` is the whole document.
    return text.notnull() & _json_function(function)(text, path(())).isnull()


def _named(names: Sequence[str], part: str) -> str | None:
    """``part`` itself, else ``$part``, among ``names``; None when neither is there."""
    if part in names:
        return part
    return "$" + part if "$" + part in names else None


def _key_value(dtype) -> bool:
    """A list of records with a text ``key`` and a ``value``: GA4's ``event_params``, ``user_properties``."""
    if not dtype.is_array():
        return False
    item = dtype.value_type
    return item.is_struct() and "key" in item.names and "value" in item.names and item["key"].is_string()


def _slots_text(value):
    """A GA4 value struct's set slot as text (``string_value``, else the number); a scalar as it is."""
    import ibis

    if not value.type().is_struct():
        return value
    texts = [value[n] for n in value.type().names if value[n].type().is_string()]
    numbers = [value[n].cast("string") for n in value.type().names
               if value[n].type().is_numeric() or value[n].type().is_boolean()]
    slots = texts + numbers
    return ibis.coalesce(*slots) if len(slots) > 1 else slots[0]


def _entry(pairs, key: str):
    """The value of the key/value record whose ``key`` is ``key``, null when there is none.

    Taken as the least of the matching values rather than by index: Spark's ANSI mode fails a
    query on an index past the end, and GA4 writes each key once per event, so the two agree.
    """
    value_type = pairs.type().value_type["value"]
    matches = pairs.filter(_key_is(key)).map(lambda item: _slots_text(item.value))
    return Loose(matches.mins()) if value_type.is_struct() else matches.mins()


def resolve(table, name: str, columns: Sequence[str], json_columns: Sequence[str] = (), *, span=None):
    """What the field ``name`` reads: an Ibis expression, a :class:`Loose` value, or None when nothing.

    ``columns`` are the source's own columns; ``json_columns`` those of them that hold JSON text.
    A column literally called ``a.b`` wins over field ``b`` of column ``a``.

    Raises:
        JourneyspecError: JS338 for JSON documents on an engine that cannot read them.
    """
    if name in columns:
        return table[name]
    head, _, rest = name.partition(".")
    if not rest or head not in columns:
        return None
    value = table[head]
    parts = rest.split(".")
    for index, part in enumerate(parts):
        dtype = value.type()
        if dtype.is_struct():
            found = _named(dtype.names, part)
            if found is None:
                return None
            value = value[found]
        elif dtype.is_map() and dtype.key_type.is_string():
            import ibis

            entry = value.get(part)
            value = ibis.coalesce(entry, value.get("$" + part)) if not part.startswith("$") else entry
        elif dtype.is_json() or (dtype.is_string() and index == 0 and head in json_columns):
            keys = parts[index:]
            engine = engine_of(table)
            where = f"`{head}`"
            exact = json_text(value, keys, engine, where, span)
            import ibis

            fallback = json_text(value, ["$" + keys[0], *keys[1:]], engine, where, span)
            return Loose(ibis.coalesce(exact, fallback))
        elif _key_value(dtype) and index == len(parts) - 1:
            return _entry(value, part)
        else:
            return None
    if value.type().is_json():  # a map's or a struct's JSON value: its text, unquoted
        return Loose(json_text(value, (), engine_of(table), f"`{head}`", span))
    return value


def _key_is(key: str):
    return lambda item: item.key == key


def plain(value, kind: str = "text"):
    """An Ibis expression for a resolved field: a :class:`Loose` value read as ``kind``, else as it is."""
    return value.as_kind(kind) if isinstance(value, Loose) else value


__all__ = ["Loose", "bad_documents", "engine_of", "json_text", "plain", "resolve"]
