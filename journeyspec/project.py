"""The project around the maps: its configuration file, its data sources, and its map files.

One home for three decisions that every integration makes — the CLI, the
Python API, the pytest plugin and the docs site all call these functions:

- which configuration file applies (the nearest ``journeyspec.toml``, else a
  ``pyproject.toml`` with a ``[tool.journeyspec]`` table, at or above a folder);
- which data a journey reads, and with which column mapping
  (:func:`data_for`): ``--data`` may be a path or the name of a configured
  source, and without it a journey reads the source named like it, else
  ``default``; a path given is read with that same source's mapping;
- how a source is named to people (:func:`describe_data`): a path relative
  to the project's folder, without ``..``;
- which map files a list of files, folders and globs names (:func:`find_maps`).

This module sits above the language and the engine and below every verb: it
imports :mod:`journeyspec.engine`'s source settings and the language's map
reader, never a verb or an integration.
"""

from __future__ import annotations

import glob
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.errors import data_error
from journeyspec.engine.source.base import LOG_FORMATS, file_format
from journeyspec.engine.source.config import SourceConfig, config_from_table

CONFIGURED = "configured"
"""The ``--data`` / ``data:`` keyword of the docs site for "each journey's own configured source"."""

_GLOB_CHARACTERS = frozenset("*?[")


# ---------------------------------------------------------------------------
# The configuration file
# ---------------------------------------------------------------------------


def find_config_file(start: str | Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest ``journeyspec.toml`` or ``pyproject.toml`` with a journeyspec table, and that table.

    ``journeyspec.toml`` wins when both are in one folder; the search starts at
    ``start`` (default: the current folder) and goes up to the root.

    Raises:
        JourneyspecError: JS306 when a candidate file cannot be read as TOML.
    """
    folder = Path(start if start is not None else Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in ("journeyspec.toml", "pyproject.toml"):
            path = candidate / name
            if not path.is_file():
                continue
            try:
                document = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                raise data_error("JS306", f"cannot read {path}: {error}") from None
            if name == "pyproject.toml":
                table = document.get("tool", {}).get("journeyspec")
                if table is None:
                    continue
                return path, table
            return path, document
    return None


def load_config(name: str | None = None, *, start: str | Path | None = None) -> SourceConfig:
    """The source called ``name`` (``default`` when None) from the nearest configuration file.

    Without a configuration file, or without a ``default`` source in it, the
    canonical column names apply. Asking for a ``name`` that is not configured
    is an error that lists the configured names.

    Raises:
        JourneyspecError: JS306 for a missing source name, an unknown key or a bad value.
    """
    found = find_config_file(start)
    if found is None:
        if name not in (None, "default"):
            raise data_error("JS306", f"no source named `{name}`: no journeyspec configuration was found")
        return SourceConfig()
    path, table = found
    sources = table.get("sources", {})
    if not isinstance(sources, dict):
        raise data_error("JS306", f"`sources` in {path} must be a table of named sources")
    wanted = name or "default"
    if wanted not in sources:
        if name is None:
            return SourceConfig(origin=str(path))
        names = ", ".join(f"`{n}`" for n in sources) or "none"
        raise data_error("JS306", f"no source named `{wanted}` in {path}", help=f"configured sources: {names}")
    return config_from_table(sources[wanted], path, wanted)


def is_configured(name: str, *, start: str | Path | None = None) -> bool:
    """Whether the nearest configuration file names a source ``name``."""
    located = find_config_file(start)
    return located is not None and name in (located[1].get("sources") or {})


def requires_events(*, start: str | Path | None = None) -> bool:
    """Whether the nearest configuration file says ``require_events = true``.

    Then every step must name its event (`when`): `validate` warns (JS216) for
    a step without one. Without it, maps may be drawn before the tracking plan
    exists (design-first); `check` reports such steps as not instrumented yet.

    Raises:
        JourneyspecError: JS306 when ``require_events`` is not true or false.
    """
    located = find_config_file(start)
    if located is None:
        return False
    path, table = located
    value = table.get("require_events", False)
    if not isinstance(value, bool):
        raise data_error("JS306", f"`require_events` in {path} must be true or false, not {value!r}")
    return value


# ---------------------------------------------------------------------------
# Which data a journey reads
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JourneyData:
    """What one journey reads: its data and the mapping of its columns, as :func:`data_for` chose them.

    Pass it as the data of :func:`journeyspec.check` or of the testing helpers: it is read as it is,
    mapping included. ``str()`` names the data as reports do (:func:`describe_data`).

    Attributes:
        data: A path (normalised, see :func:`data_for`), glob, URI or table.
        config: The column mapping and engine settings it is read with.
    """

    data: Any
    config: SourceConfig

    def __str__(self) -> str:
        return describe_data(self.data)


@dataclass(frozen=True)
class DataRequest:
    """Data asked for once for many journeys, and resolved for each one on demand.

    What ``--data`` / ``--source``, the pytest setting ``journeyspec_data`` and
    the docs site's ``data:`` ask for: nothing (each journey's own configured
    source), a path, or a source name. ``request.for_journey("checkout")``
    (or passing the request as the data of :func:`journeyspec.check`) gives
    what that journey reads.

    Attributes:
        data: A path, glob, URI, table or configured source name; None for each journey's own source.
        source: The name of a configured source whose mapping reads ``data`` (or whose data is read).
        base: The folder a relative path in ``data`` is read from; default: the current folder.
    """

    data: Any = None
    source: str | None = None
    base: str | Path | None = None

    def for_journey(self, journey_id: str | None) -> JourneyData:
        """The data and mapping of ``journey_id`` under this request (:func:`data_for`)."""
        return JourneyData(*data_for(journey_id, self.data, source=self.source, base=self.base))

    def __str__(self) -> str:
        if names_a_source(self.data, self.base):
            return f"source `{self.data}`"
        if self.data is not None:
            return describe_data(_anchored(self.data, self.base))
        return f"source `{self.source}`" if self.source else "each journey's configured source"


def looks_like_source_name(text: str) -> bool:
    """A bare word (``default``, ``prod_events``) rather than a path or URI."""
    return text.replace("_", "").replace("-", "").isalnum() and "." not in text


def names_a_source(data: Any, base: str | Path | None = None) -> bool:
    """``--data prod`` names a configured source when it is a bare word and no file or folder is called so.

    ``base`` is the folder a relative path is read from (default: the current folder).
    """
    return (isinstance(data, str) and looks_like_source_name(data)
            and not os.path.exists(os.path.join(base, data) if base is not None else data))


def _is_local_path(data: Any) -> bool:
    return isinstance(data, (str, os.PathLike)) and "://" not in os.fspath(data)


def _anchored(data: Any, base: str | Path | None) -> Any:
    """A relative local path read from ``base``; anything else as it is."""
    if base is None or not _is_local_path(data) or os.path.isabs(data):
        return data
    return os.path.join(base, data)


def _normalised(path: str | os.PathLike) -> str:
    """The absolute path, with ``.`` and ``..`` taken out.

    Taken out by the letters (``data/../x`` is ``x``), so a link to a file
    keeps the name it was given (git-annex and DVC link data files into
    their stores); only where a ``..`` steps back out of a link, and the
    letters would name another file, is the link followed instead.
    """
    given = os.path.join(os.getcwd(), os.fspath(path))
    tidy = os.path.normpath(given)
    if ".." in Path(given).parts and os.path.realpath(given) != os.path.realpath(tidy):
        return os.path.realpath(given)
    return tidy


def project_root() -> Path:
    """The folder of the nearest configuration file (:func:`find_config_file`), else the current folder."""
    try:
        found = find_config_file()
    except JourneyspecError:  # naming data never fails; the configuration's own error comes from reading it
        found = None
    return found[0].parent if found is not None else Path(os.getcwd())


def _shown(absolute: str, root: Path) -> str:
    try:
        return Path(absolute).relative_to(root).as_posix() or "."
    except ValueError:
        return Path(absolute).as_posix()


def tidy_data(data: Any) -> Any:
    """Data as the engine is handed it: a local path normalised, anything else as it is.

    A local path is written as :func:`describe_data` shows it when the
    project's folder is the current one (so an error about the file names it
    as the report does), and absolute otherwise.
    """
    if not _is_local_path(data):
        return data
    absolute = _normalised(data)
    root = project_root()
    shown = _shown(absolute, root)
    return shown if root == Path(os.getcwd()) and not os.path.isabs(shown) else absolute


def describe_data(data: Any) -> str:
    """Data as reports, pytest and the docs pages name it.

    A local path (or glob, or folder) is normalised (no ``.`` or ``..``) and
    shown relative to the project's folder (:func:`project_root`) when it
    lies inside it, absolute otherwise; a URI is shown as given, a table by
    its type. ``/x/rees/../rees46_sample/oct.csv`` in a project at ``/x`` is
    ``rees46_sample/oct.csv``.
    """
    if isinstance(data, (JourneyData, DataRequest)):
        return str(data)
    if _is_local_path(data):
        return _shown(_normalised(data), project_root())
    return os.fspath(data) if isinstance(data, (str, os.PathLike)) else type(data).__name__


def _no_data(journey_id: str | None, consulted: str | None) -> JourneyspecError:
    """JS301 when no data is given and the source read (``consulted``; None: a ``config`` from Python) has none."""
    who = f"journey `{journey_id}`" if journey_id else "this command"
    give = ("or give the data: `--data FILE` on the command line, `journeyspec_data` (or "
            "`--journeyspec-data FILE`) in pytest, `journeyspec.check(maps, data)` in Python")
    if consulted is None:
        return data_error("JS301", f"no data for {who}: none was given, and the `config` passed has no `data`",
                          help="pass the data beside the config, or set the config's `data`")
    located = find_config_file()
    if located is None:
        return data_error(
            "JS301", f"no data for {who}: none was given, and no journeyspec configuration was found "
                     f"at or above {os.getcwd()}",
            help=f'add `[tool.journeyspec.sources.default]` with `data = "events.parquet"` to pyproject.toml, {give}')
    path, _ = located
    prefix = "tool.journeyspec.sources" if path.name == "pyproject.toml" else "sources"
    if is_configured(consulted):
        why = f"[{prefix}.{consulted}] in {path} sets no `data`"
    else:
        why = f"{path} configures " + (f"no source `{journey_id}` and " if journey_id else "") + "no `default` source"
    where = f"[{prefix}.{consulted}]" if consulted != "default" or not journey_id \
        else f"[{prefix}.{journey_id}] (for this journey only) or [{prefix}.default]"
    return data_error("JS301", f"no data for {who}: none was given, and {why}",
                      help=f'set `data = "events.parquet"` in {where} of {path.name}, {give}')


def data_for(
    journey_id: str | None,
    data: Any = None,
    *,
    source: str | None = None,
    config: SourceConfig | None = None,
    overrides: Mapping[str, Any] | None = None,
    base: str | Path | None = None,
) -> tuple[Any, SourceConfig]:
    """The data one journey reads, and the mapping of its columns.

    The one answer for the command line, the Python API, the pytest plugin and
    the docs site. In this order:

    1. an explicit ``config`` (from Python) is the mapping; the data is ``data``, else the config's own;
    2. ``source``, or ``data`` that names a configured source (:func:`names_a_source`), is that source;
    3. other ``data`` (a path, glob, URI or table) is read with the mapping of the journey's own
       source (the one named like the journey) when one is configured, else of ``default`` (an XES
       or OCEL log borrows only the settings that name no column: :func:`_borrowed_by`);
    4. without data, the source named like the journey when one is configured, else ``default``.

    Then ``overrides`` (the command line's column flags) replace settings key by key. ``data`` may
    also be a :class:`JourneyData` (read as it is) or a :class:`DataRequest` (resolved for this journey).

    A relative path in ``data`` is read from ``base`` (default: the current folder); a path in a
    configuration file from that file's folder. Paths come back normalised (:func:`tidy_data`).

    Raises:
        JourneyspecError: JS301 when there is no data at all (none given, none configured);
            JS306 for a source name that is not configured or a bad setting.
    """
    if isinstance(data, DataRequest):
        data = data.for_journey(journey_id)
    if isinstance(data, JourneyData):
        if config is None and source is None:
            return _finished(journey_id, data.data, data.config, overrides, None)
        data = data.data
    if config is not None:
        found, chosen, named = (_anchored(data, base) if data is not None else config.data), config, None
    elif source is not None or names_a_source(data, base):
        named = source or data
        chosen = load_config(named)
        found = _anchored(data, base) if source is not None and data is not None else chosen.data
    else:
        named = journey_id if journey_id is not None and is_configured(journey_id) else "default"
        chosen = load_config(None if named == "default" else named)
        found = _anchored(data, base) if data is not None else chosen.data
        if data is not None:
            chosen = _borrowed_by(found, chosen)
    return _finished(journey_id, found, chosen, overrides, named)


# What a log's own format says and a borrowed mapping must not: which columns are the session,
# the event and the time, how times and CSV text are read, and a preset's columns.
_LOG_NAMES_ITS_OWN = frozenset({"session", "user", "gap", "time", "time_format", "event", "device", "order",
                                "table", "delimiter", "quote", "escape", "preset"})


def _borrowed_by(data: Any, mapping: SourceConfig) -> SourceConfig:
    """The mapping borrowed (rule 3) for ``data``: all of it, unless ``data`` is an XES or OCEL log
    and the mapping's own data is not, since a log names its columns itself (``session``, ``event``,
    ``time``); the settings that name no column (the engine, ``timezone``, ``case_object``) stay."""
    if not _is_log(data) or _is_log(mapping.data):
        return mapping
    return mapping.without(_LOG_NAMES_ITS_OWN)


def _is_log(data: Any) -> bool:
    return isinstance(data, str | Path) and file_format(str(data)) in LOG_FORMATS


def _finished(journey_id: str | None, found: Any, chosen: SourceConfig, overrides: Mapping[str, Any] | None,
              named: str | None) -> tuple[Any, SourceConfig]:
    if overrides:
        chosen = chosen.with_overrides(**overrides)
        if found is None:
            found = chosen.data
    if found is None:
        raise _no_data(journey_id, named)
    return tidy_data(found), chosen


def baseline_for(baseline: Any, primary: SourceConfig, overrides: Mapping[str, Any] | None = None
                 ) -> tuple[Any, SourceConfig]:
    """The baseline's data and mapping: a configured source's own, else the primary data's mapping."""
    if names_a_source(baseline):
        return data_for(None, baseline, overrides=overrides)
    return tidy_data(baseline), primary


# ---------------------------------------------------------------------------
# Which map files
# ---------------------------------------------------------------------------


class MapsNotFound(ValueError):
    """A file or folder named among the maps does not exist; ``missing`` lists what was named."""

    def __init__(self, missing: list[str]):
        super().__init__(f"no such file or folder: {', '.join(missing)}")
        self.missing = missing


def find_maps(patterns: str | Path | list[str | Path], base: str | Path | None = None) -> list[Path]:
    """The map files that files, folders and globs name, in order and without repeats.

    A pattern with ``*``, ``?`` or ``[`` that names no existing path is a glob (``**`` crosses folders); a
    folder stands for every ``*.journey`` below it (hidden folders left out);
    relative patterns are read from ``base`` (default: the current folder).

    Raises:
        MapsNotFound: when a pattern without glob characters names nothing.
    """
    from journeyspec.lang.source import find_maps as expand

    root = Path(base) if base is not None else None
    named: list[Path] = []
    missing: list[str] = []
    for pattern in [patterns] if isinstance(patterns, (str, Path)) else list(patterns):
        text = str(pattern)
        anchored = Path(text) if root is None or Path(text).is_absolute() else root / text
        if anchored.exists():  # a file called `maps[v2].journey` is that file, not a pattern
            named.append(anchored)
        elif _GLOB_CHARACTERS & set(text):
            named += sorted(Path(hit) for hit in glob.glob(str(anchored), recursive=True))
        else:
            missing.append(text)
    if missing:
        raise MapsNotFound(missing)
    return expand(named)


__all__ = ["CONFIGURED", "DataRequest", "JourneyData", "MapsNotFound", "baseline_for", "data_for", "describe_data",
           "find_config_file", "find_maps", "is_configured", "load_config", "looks_like_source_name",
           "names_a_source", "project_root", "tidy_data"]
