"""What a diff compares: map files, folders, texts, or already compiled IR, turned into journeys.

Sources are compiled one by one with the language front end; every
diagnostic is kept so that the command line can show why a map did not
compile, and a journey id declared in two files is reported as JS201 across
the whole side, as ``journeyspec validate`` does.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from journeyspec.diagnostics import Diagnostic, JourneyspecError, Related
from journeyspec.ir.journey import Document, Journey
from journeyspec.lang.frontend import Compiled, compile_text
from journeyspec.lang.share.files import MapFiles
from journeyspec.lang.source import decode, find_maps

Source = Union[None, str, os.PathLike, Document, Journey, Iterable["Source"]]  # noqa: UP007 - recursive alias
"""One side of a diff; see :func:`journeys_of`."""


@dataclass(frozen=True)
class Side:
    """One side of a diff: its journeys, and the compiled maps they came from."""

    journeys: tuple[Journey, ...]
    results: tuple[Compiled, ...] = ()

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for result in self.results for d in result.diagnostics]


def compile_sources(sources: Iterable[tuple[str, bytes]], files: MapFiles | None = None) -> Side:
    """Compile named map contents (``(file name, bytes)``) into one side, checking journey ids across files.

    ``files`` is where their `use` statements read (default: the disk); a git revision's side gives that
    revision's files (:func:`journeyspec.diff.git.files_at_revision`).
    """
    results = []
    for name, data in sources:
        text, problems = decode(data, name)
        results.append(Compiled(name, None, None, tuple(problems)) if text is None else compile_text(text, name, files))
    results = _check_unique_ids(results)
    journeys = tuple(j for r in results if r.ok and r.document is not None for j in r.document.journeys)
    return Side(journeys, tuple(results))


def read_paths(paths: Iterable[str | os.PathLike]) -> list[tuple[str, bytes]]:
    """The map files under ``paths`` (files as given, folders searched for ``*.journey``) with their bytes.

    Raises:
        FileNotFoundError: when a path does not exist.
    """
    paths = [Path(p) for p in paths]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
    return [(str(path), path.read_bytes()) for path in find_maps(paths)]


def _check_unique_ids(results: list[Compiled]) -> list[Compiled]:
    first_seen: dict[str, Journey] = {}
    checked = []
    for result in results:
        extra = []
        for journey in result.document.journeys if result.document else ():
            earlier = first_seen.setdefault(journey.id, journey)
            if earlier is not journey:
                extra.append(
                    Diagnostic(
                        "JS201",
                        f"journey id `{journey.id}` is also declared in {earlier.span.file if earlier.span else 'another map'}",
                        journey.span,
                        help="journey ids must be unique across the maps compared together; rename one",
                        related=(Related(earlier.span, "first declared here"),) if earlier.span else (),
                    )
                )
        if extra:
            diagnostics = tuple(sorted(result.diagnostics + tuple(extra), key=Diagnostic.sort_key))
            result = dataclasses.replace(result, diagnostics=diagnostics)
        checked.append(result)
    return checked


def journeys_of(source: Source) -> list[Journey]:
    """The journeys of one side of a diff.

    ``source`` may be ``None`` (no journeys), a :class:`Document`, a
    :class:`Journey`, a :class:`pathlib.Path` (a map file or a folder of
    maps), a ``str`` (map text when it holds a newline or a ``{``, otherwise
    a path), or a list or tuple of any of these.

    Raises:
        JourneyspecError: when a map does not compile, or two maps declare one journey id.
        FileNotFoundError: when a path does not exist.
    """
    if source is None:
        return []
    if isinstance(source, Journey):
        return [source]
    if isinstance(source, Document):
        return list(source.journeys)
    if isinstance(source, str) and ("\n" in source or "{" in source):
        return _raise_or_journeys(compile_sources([("<text>", source.encode("utf-8"))]))
    if isinstance(source, (str, os.PathLike)):
        return _raise_or_journeys(compile_sources(read_paths([source])))
    if isinstance(source, (list, tuple)):
        return [journey for item in source for journey in journeys_of(item)]
    raise TypeError(f"cannot diff a {type(source).__name__}; give a path, map text, a Document or journeys")


def _raise_or_journeys(side: Side) -> list[Journey]:
    if not side.ok:
        raise JourneyspecError(side.diagnostics)
    return list(side.journeys)


__all__ = ["Side", "Source", "compile_sources", "journeys_of", "read_paths"]
