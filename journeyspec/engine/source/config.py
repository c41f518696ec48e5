"""Where data comes from and what its columns are called.

A source is configured as a table ``[tool.journeyspec.sources.NAME]`` in
``pyproject.toml``, or ``[sources.NAME]`` in a ``journeyspec.toml`` (which wins
when both exist in one folder). The nearest such file at or above the current
folder is used; paths in it are relative to the file that says them. Command
line flags override the file, key by key.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from journeyspec import units
from journeyspec.engine.errors import data_error
from journeyspec.engine.source import presets
from journeyspec.engine.source.base import CsvDialect

ENGINES = ("duckdb", "spark")
TIME_FORMATS = ("epoch_s", "epoch_ms", "epoch_us", "epoch_ns")
DEFAULT_GAP = 30 * 60


@dataclass(frozen=True)
class SourceConfig:
    """A data source and the mapping of its columns to the canonical names.

    Attributes:
        data: Path, glob or URI of the events (``None`` when a table is passed from Python).
        session: Column with the session id; without it, sessions are cut from ``user`` and ``gap``.
        user: Column with the user id (needed for ``scope user`` and for gap sessions).
        gap: Seconds of inactivity after which a user's next event starts a new session.
        time: Column with the event time; None when the source has no clock (``time = false``):
            paths are then ordered by ``order`` alone, and nothing that needs a clock is measured.
        time_format: ``epoch_s``, ``epoch_ms``, ``epoch_us``, ``epoch_ns`` or a strftime pattern; None
            for timestamp columns and ISO-8601 text. When given, it always wins: a text column is
            parsed with it, whatever type a file reader would have guessed.
        timezone: The IANA time zone (``Europe/Berlin``) of times written without an offset; None: UTC.
        event: Column with the event name.
        device: Optional column with the device.
        order: Tie-breaker column for events with equal times; with ``time = false``, the only order.
        case_object: For an OCEL 2.0 log, the object type whose objects are the paths (``order``).
        engine: ``duckdb`` (default) or ``spark``.
        spark_master: Spark master URL (default ``local[*]``).
        spark_remote: Spark Connect address; when set, used instead of a master.
        table: Table name for database sources.
        delimiter: One character between a CSV file's fields; default a comma (a tab for ``.tsv``).
        quote: One character that quotes a CSV field; default ``"``.
        escape: One character that escapes a quote inside a quoted CSV field; default the quote
            itself (RFC 4180: a quote inside quotes is written twice).
        preset: An analytics export whose schema fills in what is not set here: ``posthog``,
            ``segment``, ``snowplow``, ``ga4``, ``amplitude`` or ``mixpanel``
            (:mod:`journeyspec.engine.source.presets`); see :meth:`resolved`.
        origin: Where this configuration came from, for messages.
    """

    data: str | None = None
    session: str | None = None
    user: str | None = None
    gap: float = DEFAULT_GAP
    time: str | None = "time"
    time_format: str | None = None
    timezone: str | None = None
    event: str = "event"
    device: str | None = None
    order: str | None = None
    case_object: str | None = None
    engine: str = "duckdb"
    spark_master: str | None = None
    spark_remote: str | None = None
    table: str | None = None
    delimiter: str | None = None
    quote: str = '"'
    escape: str | None = None
    preset: str | None = None
    origin: str = "defaults"
    explicit: frozenset[str] = field(default=frozenset(), compare=False)

    def with_overrides(self, **overrides: Any) -> SourceConfig:
        """A copy with every non-None override applied (command-line flags)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        for key, value in given.items():
            if key not in _KEYS:
                raise data_error("JS306", f"unknown source setting `{key}`", help=_keys_help())
        parsed = {k: _parse_value(k, v, "the command line") for k, v in given.items()}
        return _checked(replace(self, **parsed, explicit=self.explicit | frozenset(parsed)), "the command line")

    def without(self, keys: frozenset[str]) -> SourceConfig:
        """A copy with each of ``keys`` back at its default, and no longer counted as given."""
        return replace(self, **{key: _DEFAULTS[key] for key in keys}, explicit=self.explicit - keys)

    def given(self) -> frozenset[str]:
        """The settings the user gave: named in the file or on the command line, or not at their default."""
        return self.explicit | frozenset(k for k in _KEYS if getattr(self, k) != _DEFAULTS[k])

    def resolved(self) -> SourceConfig:
        """This configuration with its preset's columns and time format filled in where none is given.

        Without a preset, the configuration itself. Raises JS337 for an unknown preset.
        """
        if self.preset is None:
            return self
        preset = presets.named(self.preset, self.origin)
        return replace(self, **presets.settings(preset, self.given()))

    def csv_dialect(self) -> CsvDialect:
        """How this source's CSV files are split into rows and fields."""
        return CsvDialect(self.delimiter, self.quote, self.escape)


_KEYS = {f.name for f in fields(SourceConfig)} - {"origin", "explicit"}
_DEFAULTS = {f.name: f.default for f in fields(SourceConfig)}


def _keys_help() -> str:
    return "known settings: " + ", ".join(sorted(_KEYS))


def parse_duration(value: Any, where: str, setting: str = "gap") -> float:
    """Seconds from ``30m``, ``1h30m``, ``90`` (seconds) or a number (read by :mod:`journeyspec.units`)."""
    try:
        return units.parse_duration(value, setting, where)
    except units.DurationError as error:
        raise data_error("JS306", str(error), help=error.help) from None


_CSV_CHARACTERS = ("delimiter", "quote", "escape")


def _parse_value(key: str, value: Any, where: str) -> Any:
    if key == "gap":
        return parse_duration(value, where)
    if key == "time" and value is False:
        return None  # `time = false`, `--no-time`: the source has no clock
    if key == "timezone":
        return _zone(value, where)
    if key in _CSV_CHARACTERS:
        if not isinstance(value, str) or len(value) != 1 or value in "\r\n":
            raise data_error("JS306", f"`{key}` in {where} must be one character (not a line break), not {value!r}",
                             help='for example delimiter = ";" or delimiter = "\\t" (a tab)')
        return value
    if not isinstance(value, str) or not value.strip():
        raise data_error("JS306", f"`{key}` in {where} must be a non-empty text, not {value!r}",
                         help="`time = false` says the source has no clock (paths then follow `order`)"
                         if key == "time" else None)
    if key == "engine" and value not in ENGINES:
        raise data_error("JS306", f"`engine` in {where} must be one of {', '.join(ENGINES)}, not {value!r}")
    if key == "preset":
        presets.named(value, where)
    return value


def config_from_table(table: Any, path: Path, name: str) -> SourceConfig:
    """A :class:`SourceConfig` from one ``sources.NAME`` table of the file at ``path``."""
    where = f"{path} [sources.{name}]"
    if not isinstance(table, dict):
        raise data_error("JS306", f"{where} must be a table of settings")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise data_error("JS306", f"unknown setting `{unknown[0]}` in {where}", help=_keys_help())
    values = {k: _parse_value(k, v, where) for k, v in table.items()}
    data = values.get("data")
    if data is not None and "://" not in data and not Path(data).is_absolute():
        values["data"] = str(path.parent / data)
    return _checked(SourceConfig(**values, origin=where, explicit=frozenset(values)), where)


def _zone(value: Any, where: str) -> str:
    """An IANA time zone name, checked against the zone database (``Europe/Berlin``, ``UTC``)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if isinstance(value, str) and value.strip():
        try:
            ZoneInfo(value)
            return value
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise data_error("JS306", f"`timezone` in {where} must be a time zone name, not {value!r}",
                     help='write an IANA name such as timezone = "Europe/Berlin" or "America/New_York" (or "UTC")')


def _checked(config: SourceConfig, where: str) -> SourceConfig:
    """``config``, once its CSV characters tell fields, quotes and rows apart, and its time settings agree."""
    if config.delimiter is not None and config.delimiter in (config.quote, config.escape):
        raise data_error("JS306", f"in {where}, the CSV `delimiter` {config.delimiter!r} is also the quote or escape",
                         help="fields could not be told from quoted text; choose different characters")
    if config.time is None:  # (the `order` such a source needs may still come from the command line)
        clocked = [key for key in ("time_format", "timezone") if getattr(config, key) is not None]
        if clocked:
            raise data_error("JS306", f"in {where}, `{clocked[0]}` is set, but `time = false` says the source has no "
                             "clock", help=f"remove `{clocked[0]}`, or name the time column with `time = \"...\"`")
    return config


__all__ = ["ENGINES", "TIME_FORMATS", "SourceConfig", "config_from_table"]
