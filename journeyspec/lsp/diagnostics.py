"""The compiler's diagnostics as LSP diagnostics: same code, message and place as ``validate``."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from journeyspec.diagnostics import Diagnostic, Severity
from journeyspec.ir.base import Span
from journeyspec.lsp.analysis import Analysis

DOCS_URL = "https://journeyspec.dev/reference/diagnostics/"
"""Where the diagnostics reference is published; each code is a heading there (``#js202``)."""

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}


def href(code: str, docs_url: str = DOCS_URL) -> str:
    """The link to a code's entry in the diagnostics reference."""
    return f"{docs_url}#{code.lower()}"


def _location(analysis: Analysis, span: Span) -> types.Location:
    if span.file in (None, analysis.path):
        return types.Location(uri=analysis.uri, range=analysis.lines.range(span.start, span.end))
    # Another file: its text is not at hand, so its lines and columns are taken as they are.
    start = types.Position(line=span.line - 1, character=span.column - 1)
    end = types.Position(line=span.end_line - 1, character=span.end_column - 1)
    return types.Location(uri=Path(span.file).resolve().as_uri(), range=types.Range(start=start, end=end))


def to_lsp(analysis: Analysis, diagnostic: Diagnostic, docs_url: str = DOCS_URL) -> types.Diagnostic:
    """One diagnostic for the client; its help follows the message on a line of its own."""
    span = diagnostic.span
    where = analysis.lines.range(span.start, span.end) if span is not None else analysis.lines.range(0, 0)
    message = diagnostic.message if not diagnostic.help else f"{diagnostic.message}\nhelp: {diagnostic.help}"
    related = [types.DiagnosticRelatedInformation(location=_location(analysis, r.span), message=r.message)
               for r in diagnostic.related]
    return types.Diagnostic(
        range=where,
        message=message,
        severity=_SEVERITY[diagnostic.severity],
        code=diagnostic.code,
        code_description=types.CodeDescription(href=href(diagnostic.code, docs_url)),
        source="journeyspec",
        related_information=related or None,
        data={"name": diagnostic.name, "help": diagnostic.help},
    )


def publishable(analysis: Analysis, docs_url: str = DOCS_URL) -> list[types.Diagnostic]:
    """Every diagnostic of the document, in the compiler's order."""
    return [to_lsp(analysis, d, docs_url) for d in analysis.compiled.diagnostics]
