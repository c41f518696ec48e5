"""Reading map files: bytes to text, folders to ``*.journey`` files."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from journeyspec.diagnostics import Diagnostic
from journeyspec.ir.base import Span

MAP_SUFFIX = ".journey"
# Far above any map a person writes (the largest examples are kilobytes), and
# far below what takes the front end minutes or the machine's memory.
MAX_MAP_BYTES = 64 * 2**20
_KINDS = {stat.S_ISFIFO: "a named pipe", stat.S_ISCHR: "a device", stat.S_ISBLK: "a device",
          stat.S_ISSOCK: "a socket", stat.S_ISDIR: "a folder"}


def read_map(path: str | Path) -> bytes:
    """The bytes of a map file, refused with an ``OSError`` that says why when it is not one.

    A named pipe would block the command until something writes to it, and
    ``/dev/zero`` would be read until memory runs out: only regular files of at
    most :data:`MAX_MAP_BYTES` are read.
    """
    mode = os.stat(path).st_mode  # never blocks, unlike opening a pipe
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS.items() if test(mode)), "not a file")
        raise OSError(errno.EINVAL, f"not a regular file ({kind}); a map is a `{MAP_SUFFIX}` text file", str(path))
    with open(path, "rb") as handle:
        data = handle.read(MAX_MAP_BYTES + 1)
    if len(data) > MAX_MAP_BYTES:
        raise OSError(errno.EFBIG, f"larger than {MAX_MAP_BYTES // 2**20} MB; a map is a small text file", str(path))
    return data


def decode(data: bytes, file: str | None) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text of a map (a leading BOM is dropped), or a JS101 diagnostic at the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        column = err.start - (before.rfind(b"\n") + 1) + 1
        span = Span(file=file, start=err.start, end=err.end, line=line, column=column, end_line=line, end_column=column + 1)
        return None, [
            Diagnostic(
                "JS101",
                f"the file is not UTF-8 text: byte 0x{data[err.start]:02X} cannot start or continue a character",
                span,
                help="save the map as UTF-8 (every editor can); a binary file is not a map",
            )
        ]
    return text.removeprefix("\ufeff"), []


def find_maps(paths: list[str | Path]) -> list[Path]:
    """The map files named by ``paths``: files as given, folders searched for ``*.journey``, sorted."""
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*" + MAP_SUFFIX)):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
                    found.setdefault(child, None)
        else:
            found.setdefault(path, None)
    return list(found)
