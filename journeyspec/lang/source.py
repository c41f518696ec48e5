"""Reading map files: bytes to text, folders to ``*.journey`` files."""

from __future__ import annotations

from pathlib import Path

from journeyspec.diagnostics import Diagnostic
from journeyspec.ir.base import Span

MAP_SUFFIX = ".journey"


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
