"""Diagnostics for people (compiler-style text) and for machines (JSON).

The text form follows the Rust compiler's layout: the code and message, an
arrow to ``file:line:col``, the source line with the span underlined, and a
``help:`` line. Very long lines are cut around the span so that a 10 MB line
still prints as one readable row.

Messages, labels and source lines hold text from the map (and from data):
they are shown through :func:`journeyspec.inert.terminal`, control
characters as escapes, with the underline kept under the same characters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from journeyspec.diagnostics.codes import Severity
from journeyspec.inert import json_text, terminal
from journeyspec.diagnostics.model import Diagnostic
from journeyspec.ir.base import Span

_WIDTH = 100  # columns of source shown around a span
_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


@lru_cache(maxsize=4)
def _line_starts(text: str) -> list[int]:
    # Indexed once per text: scanning from the top for every diagnostic made
    # 10,000 diagnostics in one file take minutes (quadratic). The cache holds
    # the few texts being reported; a hit on the same string object is O(1).
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return starts


def _line_of(text: str, number: int) -> str:
    starts = _line_starts(text)
    if not 1 <= number <= len(starts):
        return ""
    start = starts[number - 1]
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)].rstrip("\r")


def _visible(char: str) -> str:
    """One source character as shown: a tab as one space, a control character as its escape."""
    if char == "\t":
        return " "
    return terminal(char)


def _excerpt(text: str, span: Span, label: str | None) -> list[tuple[str, str]]:
    """Gutter-and-source rows ``(gutter, content)`` for one span (its first line only)."""
    line = _line_of(text, span.line)
    first = span.column - 1
    last = span.end_column - 1 if span.end_line == span.line else len(line)
    last = max(last, first + 1)
    offset = 0
    if len(line) > _WIDTH:
        offset = max(0, min(first - _WIDTH // 3, len(line) - _WIDTH))
        line = ("…" if offset else "") + line[offset : offset + _WIDTH] + ("…" if offset + _WIDTH < len(line) else "")
        shift = 1 if offset else 0
        first, last = first - offset + shift, min(last - offset + shift, len(line))
    pieces = [_visible(c) for c in line]
    # An escape is wider than its character: the underline moves with it.
    def column(index: int) -> int:
        return len("".join(pieces[:index])) + max(0, index - len(pieces))

    first, last = column(first), column(last)
    shown = "".join(pieces)
    marker = " " * first + "^" * max(1, last - first) + (f" {terminal(label)}" if label else "")
    return [(str(span.line), shown), ("", marker)]


def source_excerpt(text: str, span: Span, label: str | None = None) -> list[str]:
    """The gutter, source line and underline of ``span``, as printed under a diagnostic."""
    rows = _excerpt(text, span, label)
    gutter = len(str(span.line))
    pad = " " * gutter
    return [f"{pad} |"] + [f"{number.rjust(gutter)} | {content}".rstrip() for number, content in rows] + [f"{pad} |"]


def format_diagnostic(diagnostic: Diagnostic, text: str | None) -> str:
    """One diagnostic as plain text, with source excerpts when the text is known."""
    lines = [f"{diagnostic.severity.value}[{diagnostic.code}] {diagnostic.name}: {terminal(diagnostic.message)}"]
    span = diagnostic.span
    if span is not None:
        gutter = len(str(max([span.line] + [r.span.line for r in diagnostic.related])))
        pad = " " * gutter
        lines.append(f"{pad}--> {terminal(span.file or '<text>')}:{span.line}:{span.column}")
        if text is not None:
            lines.append(f"{pad} |")
            for number, content in _excerpt(text, span, diagnostic.label):
                lines.append(f"{number.rjust(gutter)} | {content}".rstrip())
            for related in diagnostic.related:
                if related.span.file not in (None, span.file):
                    lines.append(f"{pad} = note: {terminal(related.message)} at {terminal(related.span.file)}:"
                                 f"{related.span.line}:{related.span.column}")
                    continue
                lines.append(f"{pad} |")
                for number, content in _excerpt(text, related.span, related.message):
                    lines.append(f"{number.rjust(gutter)} | {content.replace('^', '-')}".rstrip())
            lines.append(f"{pad} |")
        if diagnostic.help:
            lines.append(f"{pad} = help: {terminal(diagnostic.help)}")
    elif diagnostic.help:
        lines.append(f"  = help: {terminal(diagnostic.help)}")
    return "\n".join(lines)


def format_diagnostics(diagnostics: Iterable[Diagnostic], texts: dict[str | None, str | None]) -> str:
    """Several diagnostics, separated by blank lines, each with its file's excerpt."""
    return "\n\n".join(
        format_diagnostic(d, texts.get(d.span.file if d.span else None)) for d in diagnostics
    )


def summary_line(errors: int, warnings: int, files: int, silenced: int = 0) -> str:
    """``2 errors, 1 warning in 3 files`` — or ``3 files valid``; with ``; 2 warnings silenced by the map``."""
    def plural(n: int, word: str) -> str:
        return f"{n:,} {word}" + ("" if n == 1 else "s")

    quiet = f"; {plural(silenced, 'warning')} silenced by the map" if silenced else ""
    if not errors and not warnings:
        return f"{plural(files, 'file')} valid{quiet}"
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}{quiet}"


def _range(span: Span | None) -> dict | None:
    if span is None:
        return None
    return {
        "filename": span.file,
        "start": {"line": span.line, "column": span.column, "byte": span.start},
        "end": {"line": span.end_line, "column": span.end_column, "byte": span.end},
    }


def _entry(d: Diagnostic) -> dict:
    return {
        "severity": d.severity.value,
        "code": d.code,
        "name": d.name,
        "summary": d.message,
        "detail": d.help or "",
        "range": _range(d.span),
        "related": [{"message": r.message, "range": _range(r.span)} for r in d.related],
    }


def diagnostics_json(diagnostics: list[Diagnostic], *, strict: bool = False, silenced: Iterable[Diagnostic] = ()) -> str:
    """The envelope ``validate --format json`` prints, after terraform's ``validate -json``.

    Warnings a map silences with `allow` are not among ``diagnostics``, do not
    make it invalid under ``strict``, and are listed apart under ``silenced``.
    """
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    quiet = list(silenced)
    envelope = {
        "format_version": "1.0",
        "valid": errors == 0 and not (strict and warnings),
        "error_count": errors,
        "warning_count": warnings,
        "silenced_count": len(quiet),
        "diagnostics": [_entry(d) for d in diagnostics],
        "silenced": [_entry(d) for d in quiet],
    }
    return json_text(json.dumps(envelope, indent=2, ensure_ascii=False)) + "\n"


def style_for(severity: Severity) -> str:
    return _STYLES[severity]
