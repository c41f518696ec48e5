"""GitHub Actions annotations: workflow-command lines that put a finding on the map's line in a pull request.

``::error file=maps/shop.journey,line=12,col=3,endLine=12,endColumn=20,title=…::message``
is read by the runner from a step's log (the format ruff's and sqlfluff's
GitHub output use). GitHub shows at most :data:`PER_LEVEL` annotations of
each level per step and drops the rest without a word, so the findings are
ranked (errors first, then warnings, each in file and line order), cut at
the limit, and a last notice says how many were left out and where to read
them all.

Escaping follows the runner (actions/toolkit's ``command.ts``): in the
message ``%``, ``\\r`` and ``\\n`` become ``%25``, ``%0D`` and ``%0A``; in a
property ``:`` and ``,`` also become ``%3A`` and ``%2C``. User text is first
made inert for a log (:func:`journeyspec.inert.terminal`), so a newline in a
label shows as ``\\x0a`` and can never start a command line of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from journeyspec.diagnostics.model import Diagnostic
from journeyspec.inert import terminal

# GitHub's documented limits on annotations made by workflow commands: 10 of each of error, warning
# and notice per step (50 per job). Past them the runner keeps the log lines but draws no annotation.
PER_LEVEL = 10
LEVELS = ("error", "warning")  # ranked: what fails the run first

_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


@dataclass(frozen=True, slots=True)
class Annotation:
    """One finding as GitHub draws it: a level, a place in a file, a title and a message (several lines)."""

    level: str  # error or warning
    title: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    def rank(self) -> tuple:
        return (LEVELS.index(self.level), self.file or "", self.line or 0, self.column or 0)


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as the runner unescapes it."""
    return text.translate(_DATA)


def escape_property(text: str) -> str:
    """A workflow command's property value (file, title), escaped as the runner unescapes it."""
    return text.translate(_PROPERTY)


def command(annotation: Annotation) -> str:
    """The annotation as one ``::level props::message`` line (title and message already inert)."""
    places = (
        ("file", annotation.file),
        ("line", annotation.line),
        ("col", annotation.column),
        ("endLine", annotation.end_line),
        ("endColumn", annotation.end_column),
        ("title", annotation.title),
    )
    properties = ",".join(f"{name}={escape_property(str(value))}" for name, value in places if value is not None)
    return f"::{annotation.level} {properties}::{escape_data(annotation.message)}"


def annotation_lines(annotations: Iterable[Annotation], what: str, where: str) -> str:
    """Every annotation, ranked and capped at :data:`PER_LEVEL` per level, with a notice counting the rest.

    ``what`` names the findings in the notice ("findings", "expectations");
    ``where`` says where to read them all.
    """
    ranked = sorted(annotations, key=Annotation.rank)
    shown: list[Annotation] = []
    left_out = dict.fromkeys(LEVELS, 0)
    for annotation in ranked:
        if sum(1 for a in shown if a.level == annotation.level) < PER_LEVEL:
            shown.append(annotation)
        else:
            left_out[annotation.level] += 1
    lines = [command(a) for a in shown]
    if any(left_out.values()):
        counts = ", ".join(f"{n:,} {level}{'' if n == 1 else 's'}" for level, n in left_out.items() if n)
        lines.append(
            command(
                Annotation(
                    level="notice",
                    title="journeyspec: annotations left out",
                    message=f"{sum(left_out.values()):,} more {what} not annotated ({counts}): GitHub shows {PER_LEVEL} "
                    f"errors and {PER_LEVEL} warnings per step; {where}",
                )
            )
        )
    return "".join(line + "\n" for line in lines)


def relative_file(file: str | None, root: str | Path | None) -> str | None:
    """A map's path as GitHub needs it: relative to the repository (``root``), with forward slashes.

    A path outside ``root`` (or with no root given) is kept as it is.
    """
    if file is None:
        return None
    if root is not None:
        try:
            file = str(Path(file).resolve().relative_to(Path(root).resolve()))
        except ValueError:
            pass
    return terminal(file.replace("\\", "/"))


def diagnostics_github(
    diagnostics: Iterable[Diagnostic], *, root: str | Path | None = None, strict: bool = False
) -> str:
    """``validate --format github``: one annotation per diagnostic; warnings are errors under ``strict``.

    Title: the code and its name (``JS202 unknown-step``); message: the
    diagnostic's summary and its help.
    """

    def annotation(d: Diagnostic) -> Annotation:
        span = d.span
        level = "error" if d.is_error or strict else "warning"
        message = terminal(d.message) + (f"\nhelp: {terminal(d.help)}" if d.help else "")
        if span is None:
            return Annotation(level, f"{d.code} {d.name}", message)
        return Annotation(
            level,
            f"{d.code} {d.name}",
            message,
            relative_file(span.file, root),
            span.line,
            span.column,
            span.end_line,
            span.end_column,
        )

    return annotation_lines(
        (annotation(d) for d in diagnostics), "findings", "run `journeyspec validate` to see every one"
    )


__all__ = [
    "LEVELS",
    "PER_LEVEL",
    "Annotation",
    "annotation_lines",
    "command",
    "diagnostics_github",
    "escape_data",
    "escape_property",
    "relative_file",
]
