"""Presets for analytics exports: the column mapping, time unit and session rule of six public schemas.

``preset = "ga4"`` in a source's configuration (or ``--preset ga4``) stands for
the settings a GA4 BigQuery export needs, so a map checks against it with no
column flags. Each preset is one row of :data:`PRESETS`, written from the
export's public schema (its address is the row's ``schema``). What the user
sets wins, key by key: a preset fills only the canonical columns and the time
format that the configuration and the command line leave unset, and its time
format goes with its time column (set ``time`` and the preset's unit no longer
applies).

A canonical column is a column name, a nested field (``device.category``,
``properties.$session_id``, read by :mod:`journeyspec.engine.source.nested`),
or one of two small compositions: :class:`FirstOf` (Segment's user is its
``anonymous_id``, else its ``user_id``) and :class:`Within` (GA4's
``ga_session_id`` is unique only within one ``user_pseudo_id``). Those become
columns of the prepared table (:func:`derive`), named by their description.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from journeyspec.diagnostics.suggest import closest
from journeyspec.engine.errors import columns_help, data_error


@dataclass(frozen=True)
class FirstOf:
    """The first of several columns that has a value (columns the export leaves out are passed over)."""

    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return " or ".join(self.fields)


@dataclass(frozen=True)
class Within:
    """An id unique only within another column's value: the pair is the id.

    ``none`` lists values that mean "no id" (Amplitude's ``session_id`` of -1: an event outside any session).
    """

    scope: str
    key: str
    none: tuple[Any, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.scope} + {self.key}"


Read = str | FirstOf | Within


@dataclass(frozen=True)
class Preset:
    """One analytics export's schema as journeyspec reads it.

    Attributes:
        name: What ``preset =`` says.
        title: The export, as people call it.
        schema: The address of the export's public schema.
        columns: Canonical name -> how to read it (``device`` is optional: left unmapped when absent).
        time_format: The unit of the preset's time column (None: a timestamp, or ISO-8601 text).
        gap_sessions: The export has no session id: sessions are cut from the user after the gap.
        json: Text columns that hold JSON documents, so that ``properties.plan`` reads inside them.
    """

    name: str
    title: str
    schema: str
    columns: Mapping[str, Read]
    time_format: str | None = None
    gap_sessions: bool = False
    json: tuple[str, ...] = field(default=())

    def heads(self, canonical: str) -> tuple[str, ...]:
        """The export's columns the canonical name is read from (the part before a dot)."""
        read = self.columns[canonical]
        names = read.fields if isinstance(read, FirstOf) else (read.scope, read.key) if isinstance(read, Within) else (read,)
        return tuple(name.split(".")[0] for name in names)


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in [
        Preset(
            "posthog", "PostHog batch export (events model)",
            "https://posthog.com/docs/cdp/batch-exports/s3",
            {"session": "properties.$session_id", "user": "distinct_id", "time": "timestamp", "event": "event",
             "device": "properties.$device_type"},
            json=("properties", "person_properties"),
        ),
        Preset(
            "segment", "Segment warehouse `tracks` table",
            "https://segment.com/docs/connections/storage/warehouses/schema/",
            {"user": FirstOf(("anonymous_id", "user_id")), "time": "timestamp", "event": "event"},
            gap_sessions=True,
        ),
        Preset(
            "snowplow", "Snowplow atomic events table",
            "https://docs.snowplow.io/docs/fundamentals/canonical-event/",
            {"session": "domain_sessionid", "user": "domain_userid", "time": "derived_tstamp", "event": "event_name",
             "device": "platform"},
        ),
        Preset(
            "ga4", "Google Analytics 4 BigQuery export (`events_YYYYMMDD`)",
            "https://support.google.com/analytics/answer/7029846",
            {"session": Within("user_pseudo_id", "event_params.ga_session_id"), "user": "user_pseudo_id",
             "time": "event_timestamp", "event": "event_name", "device": "device.category"},
            time_format="epoch_us",
        ),
        Preset(
            "amplitude", "Amplitude Export API (one JSON event per line)",
            "https://amplitude.com/docs/apis/analytics/export",
            {"session": Within("amplitude_id", "session_id", none=(-1,)), "user": "amplitude_id", "time": "event_time",
             "event": "event_type", "device": "platform"},
            json=("event_properties", "user_properties"),
        ),
        Preset(
            "mixpanel", "Mixpanel raw event export (`/export`, one JSON event per line)",
            "https://developer.mixpanel.com/reference/raw-event-export",
            {"user": "properties.distinct_id", "time": "properties.time", "event": "event"},
            time_format="epoch_s", gap_sessions=True, json=("properties",),
        ),
    ]
}

CANONICAL = ("session", "user", "time", "event", "device")
CONTROLLED = (*CANONICAL, "time_format")
"""The settings a preset may fill."""


def named(name: str, where: str) -> Preset:
    """The preset called ``name``.

    Raises:
        JourneyspecError: JS337 for an unknown name, with the nearest known one.
    """
    if name in PRESETS:
        return PRESETS[name]
    guess = closest(name, PRESETS)
    lead = f"did you mean `{guess}`? " if guess else ""
    raise data_error("JS337", f"unknown preset `{name}` in {where}",
                     help=lead + "presets: " + ", ".join(f"`{n}`" for n in PRESETS))


def settings(preset: Preset, given: frozenset[str]) -> dict[str, Any]:
    """The plain settings (column names and nested fields) the preset fills, those in ``given`` left out.

    The preset's time format comes with its time column; its session column stays out when the
    user set a ``gap`` (sessions cut from the user, as without a preset).
    """
    filled: dict[str, Any] = {k: v for k, v in preset.columns.items() if isinstance(v, str) and k not in given}
    if "gap" in given:
        filled.pop("session", None)
    if "time" not in given and "time_format" not in given and preset.time_format is not None:
        filled["time_format"] = preset.time_format
    return filled


def compositions(preset: Preset, given: frozenset[str]) -> dict[str, FirstOf | Within]:
    """The canonical names the preset reads as a composition, those in ``given`` left out."""
    made = {k: v for k, v in preset.columns.items() if not isinstance(v, str) and k not in given}
    if "gap" in given:
        made.pop("session", None)
    return made


def check_columns(preset: Preset, given: frozenset[str], visible: tuple[str, ...], source: str) -> set[str]:
    """Whether the source has the columns the preset reads; the optional canonical names it lacks.

    ``device`` is optional (an export without it leaves it unmapped); a :class:`FirstOf` needs one of
    its columns. Canonical names in ``given`` are the user's and are checked as such elsewhere.

    Raises:
        JourneyspecError: JS336 naming the preset, the column it expected and the columns found.
    """
    absent: set[str] = set()
    skip = set(given) | ({"session"} if "gap" in given else set())
    lacking: list[tuple[str, str]] = []  # (canonical name, column), in the order people name them
    for canonical in ("time", "event", "user", "session", "device"):
        if canonical not in preset.columns or canonical in skip:
            continue
        heads = preset.heads(canonical)
        missing = [h for h in heads if h not in visible]
        if not missing or (isinstance(preset.columns[canonical], FirstOf) and len(missing) < len(heads)):
            continue
        if canonical == "device":
            absent.add(canonical)
        else:
            lacking += [(canonical, column) for column in missing if column not in {c for _, c in lacking}]
    if lacking:
        canonical, column = lacking[0]
        also = "".join(f", nor `{c}` (the {k})" for k, c in lacking[1:])
        raise data_error(
            "JS336",
            f"{source} is read with `preset = \"{preset.name}\"`, a {preset.title}, which has the {canonical} in "
            f"column `{column}`; {source} has no column `{column}`{also}",
            help=_columns_help(column, visible) + f"; name the column with `{canonical} = \"...\"` (or "
            f"--{canonical} COLUMN), or remove the preset if this is not that export (its schema: {preset.schema})",
        )
    return absent


def _columns_help(column: str, visible: tuple[str, ...]) -> str:
    """:func:`columns_help`, with a column that the expected name starts with (or that starts with it) as the guess.

    Exports renamed on the way out are often cut or extended (`event_timestamp` -> `event_time`), too far
    apart for an edit-distance guess.
    """
    if closest(column, visible) is None:
        stem = [c for c in visible if min(len(c), len(column)) >= 4 and (c.startswith(column) or column.startswith(c))]
        if stem:
            return f"did you mean `{stem[0]}`? " + columns_help(column, visible)
    return columns_help(column, visible)


def derive(table, read: Read, resolve):
    """The expression of a canonical column the preset reads as a nested field or a composition.

    ``resolve(name)`` is the field resolver (:func:`journeyspec.engine.source.nested.resolve`
    bound to the table), returning an Ibis expression; ids are compared as text.
    """
    import ibis

    if isinstance(read, str):
        return resolve(read)
    if isinstance(read, FirstOf):
        present = [resolve(name) for name in read.fields if name.split(".")[0] in table.columns]
        return ibis.coalesce(*(value.cast("string") for value in present)) if len(present) > 1 \
            else present[0].cast("string")
    scope, key = resolve(read.scope), resolve(read.key)
    missing = key.isnull() | scope.isnull()
    for value in read.none:  # as text and, for a number, as a number too (-1 read from a CSV may be -1.0)
        missing = missing | (key.cast("string") == str(value))
        if isinstance(value, (int, float)):
            missing = missing | (key.try_cast("float64") == float(value)).fill_null(False)
    text = scope.cast("string").concat("#", key.cast("string"))
    return ibis.ifelse(missing, ibis.null("string"), text)


def label(read: Read) -> str:
    """How messages and the prepared table name a canonical column the preset reads."""
    return read if isinstance(read, str) else read.label


__all__ = ["CONTROLLED", "PRESETS", "FirstOf", "Preset", "Within", "check_columns", "compositions", "derive",
           "label", "named", "settings"]
