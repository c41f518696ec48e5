"""The project around the maps: its configuration file, its data sources, and its map files.

One home for three decisions that every integration makes — the CLI, the
Python API, the pytest plugin and the docs site all call these functions:

- which configuration file applies (the nearest ``journeyspec.toml``, else a
  ``pyproject.toml`` with a ``[tool.journeyspec]`` table, at or above a folder);
- which data a journey reads, and with which column mapping
  (:func:`data_for`): ``--data`` may be a path or the name of a configured
  source, and without it a journey reads the source named like it, else
  ``default``;
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
from pathlib import Path
from typing import Any

from journeyspec.engine.source.config import SourceConfig, config_from_table
from journeyspec.engine.errors import data_error

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


# ---------------------------------------------------------------------------
# Which data a journey reads
# ---------------------------------------------------------------------------


def looks_like_source_name(text: str) -> bool:
    """A bare word (``default``, ``prod_events``) rather than a path or URI."""
    return text.replace("_", "").replace("-", "").isalnum() and "." not in text


def names_a_source(data: Any) -> bool:
    """``--data prod`` names a configured source when it is a bare word and no file or folder is called so."""
    return isinstance(data, str) and looks_like_source_name(data) and not os.path.exists(data)


def data_for(
    journey_id: str | None,
    data: Any = None,
    *,
    source: str | None = None,
    config: SourceConfig | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[Any, SourceConfig]:
    """The data one journey reads, and the mapping of its columns.

    In this order:

    1. an explicit ``config`` (from Python) is the mapping; the data is ``data``, else the config's own;
    2. ``source``, or ``data`` that names a configured source (:func:`names_a_source`), is that source;
    3. other ``data`` (a path, glob, URI or table) is read with the ``default`` source's mapping;
    4. without data, the source named like the journey when one is configured, else ``default``.

    Then ``overrides`` (the command line's column flags) replace settings key by key.

    Raises:
        JourneyspecError: JS306 for a source name that is not configured or a bad setting.
    """
    if config is not None:
        found, chosen = (data if data is not None else config.data), config
    elif source is not None or names_a_source(data):
        chosen = load_config(source or data)
        found = data if source is not None and data is not None else chosen.data
    elif data is not None:
        found, chosen = data, load_config(None)
    else:
        own = journey_id is not None and is_configured(journey_id)
        chosen = load_config(journey_id if own else None)
        found = chosen.data
    if overrides:
        chosen = chosen.with_overrides(**overrides)
        if found is None:
            found = chosen.data
    return found, chosen


def baseline_for(baseline: Any, primary: SourceConfig, overrides: Mapping[str, Any] | None = None
                 ) -> tuple[Any, SourceConfig]:
    """The baseline's data and mapping: a configured source's own, else the primary data's mapping."""
    if names_a_source(baseline):
        return data_for(None, baseline, overrides=overrides)
    return baseline, primary


def describe_data(data: Any) -> str:
    """Data as a report names it: a path as given, a table by its type."""
    return os.fspath(data) if isinstance(data, (str, os.PathLike)) else type(data).__name__


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


__all__ = ["CONFIGURED", "MapsNotFound", "baseline_for", "data_for", "describe_data", "find_config_file",
           "find_maps", "is_configured", "load_config", "looks_like_source_name", "names_a_source"]
