"""Where a `use` leads: the path written, checked and turned into the used file's name and bytes.

One home for the path rules (structurizr/dsl#239, #313 and #364 show what goes
wrong without them): a path is relative to the file that writes it, never
absolute, never outside the project, and names one ``.journey`` file — never
a folder or a pattern, which would pick up stray files.

The files come from a :class:`MapFiles`: the disk (:class:`DiskFiles`), or a
git revision (``journeyspec.diff.git``), so that ``diff`` resolves each side's
uses in that side's own files.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from journeyspec.lang.source import MAP_SUFFIX, read_map

PROJECT_FILES = ("journeyspec.toml", "pyproject.toml")
"""A folder holding one of these is a project's top folder: no `use` leaves it."""

_ABSOLUTE = re.compile(r"^(/|\\|~|[A-Za-z]:)")
_PATTERN = re.compile(r"[*?\[\]]")


@dataclass(frozen=True)
class PathProblem:
    """Why a written path cannot be used: a diagnostic code, a message and a help."""

    code: str
    message: str
    help: str


class MapFiles(Protocol):
    """Map files by name, as diagnostics show them (``maps/shared/common.journey``, ``HEAD~1:maps/a.journey``)."""

    def locate(self, using: str, written: str) -> str | PathProblem:
        """The name of the file ``written`` (already checked by :func:`check_written`) in file ``using``."""

    def read(self, name: str) -> bytes:
        """The bytes of a located file; ``OSError`` when it cannot be read."""

    def relative(self, using: str, name: str) -> str:
        """``name`` relative to the folder of ``using``, with ``/``: the stable form the IR records."""


def check_written(written: str) -> PathProblem | None:
    """The problem with a path as written, before any file is looked at (JS118, JS120)."""
    if _ABSOLUTE.match(written):
        return PathProblem(
            "JS118",
            f"`use` names the absolute path {written!r}",
            "write the path relative to this file, e.g. `use \"shared/common.journey\"`, so the maps work in "
            "every checkout",
        )
    if "\\" in written:
        return PathProblem("JS120", f"`use` path {written!r} uses `\\`", "separate folders with `/` on every system")
    if _PATTERN.search(written) or not written.endswith(MAP_SUFFIX) or written.endswith("/" + MAP_SUFFIX):
        return PathProblem(
            "JS120",
            f"`use` names {written!r}, which is not one `{MAP_SUFFIX}` file",
            "name one file, e.g. `use \"shared/common.journey\"`; folders and patterns are not used, so a stray "
            "file can never join in",
        )
    return None


def project_root_of(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` holding ``journeyspec.toml`` or ``pyproject.toml``."""
    for candidate in (folder, *folder.parents):
        if any((candidate / name).is_file() for name in PROJECT_FILES):
            return candidate
    return None


class DiskFiles:
    """Map files on disk, inside the project of the first file read (its folder when it has no project file)."""

    def __init__(self, top: str | os.PathLike):
        folder = Path(os.path.realpath(Path(top).parent if str(Path(top).parent) else "."))
        self.root = project_root_of(folder) or folder

    def locate(self, using: str, written: str) -> str | PathProblem:
        if "\x00" in written:  # no file system names one; os.path.realpath would raise
            return PathProblem("JS120", f"`use` names {written!r}: no file name holds a NUL character",
                               "write the path of one `.journey` file, relative to this file's folder")
        name = os.path.normpath(os.path.join(os.path.dirname(using), written))
        real = Path(os.path.realpath(name))
        if real != self.root and self.root not in real.parents:
            return PathProblem(
                "JS119",
                f"`use` names {written!r}, which is outside the project folder",
                "keep shared files inside the project (the folder with `pyproject.toml` or `journeyspec.toml`), "
                "e.g. in `maps/shared/`",
            )
        if not real.is_file():
            what = "a folder" if real.is_dir() else "no such file"
            return PathProblem(
                "JS120",
                f"`use` names {written!r}: {what} ({Path(os.path.relpath(real, self.root)).as_posix()} in the project)",
                "check the spelling; the path is relative to the folder of the file that writes `use`",
            )
        return name

    def read(self, name: str) -> bytes:
        return read_map(name)

    def relative(self, using: str, name: str) -> str:
        return Path(os.path.relpath(name, os.path.dirname(using) or ".")).as_posix()


class PrefixedFiles:
    """Map files named ``PREFIX + path`` with ``path`` relative to a project's top folder (git: ``REV:maps/a``).

    ``read`` is given the path without the prefix. The project's top folder is
    the repository's: a path may not climb above it.
    """

    def __init__(self, prefix: str, read, exists=None):
        self.prefix = prefix
        self._read = read
        self._exists = exists

    def _path(self, name: str) -> str:
        return name.removeprefix(self.prefix)

    def locate(self, using: str, written: str) -> str | PathProblem:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self._path(using)), written))
        if path == ".." or path.startswith("../"):
            return PathProblem(
                "JS119",
                f"`use` names {written!r}, which is outside the repository",
                "keep shared files inside the project, e.g. in `maps/shared/`",
            )
        if self._exists is not None and not self._exists(path):
            return PathProblem(
                "JS120",
                f"`use` names {written!r}: no such file ({self.prefix}{path})",
                "check the spelling; the path is relative to the folder of the file that writes `use`",
            )
        return self.prefix + path

    def read(self, name: str) -> bytes:
        return self._read(self._path(name))

    def relative(self, using: str, name: str) -> str:
        return posixpath.relpath(self._path(name), posixpath.dirname(self._path(using)) or ".")


__all__ = ["PROJECT_FILES", "DiskFiles", "MapFiles", "PathProblem", "PrefixedFiles", "check_written", "project_root_of"]
