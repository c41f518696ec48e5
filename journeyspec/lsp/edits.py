"""Formatting with ``fmt``, and quick fixes for the diagnostics that say what to write instead."""

from __future__ import annotations

import re

from lsprotocol import types

from journeyspec.diagnostics import JourneyspecError
from journeyspec.lang.formatter import format_text
from journeyspec.lsp.analysis import Analysis

_DID_YOU_MEAN = re.compile(r"did you mean `([^`\n]+)`\?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def formatting(analysis: Analysis) -> list[types.TextEdit] | None:
    """The whole document in the canonical layout; ``None`` while it does not parse (``fmt`` refuses too)."""
    try:
        formatted = format_text(analysis.text, analysis.path)
    except JourneyspecError:
        return None
    if formatted == analysis.text:
        return []
    return [types.TextEdit(range=analysis.lines.range(0, len(analysis.text)), new_text=formatted)]


def _replacement(code: str, message: str, written: str) -> str | None:
    """What to write instead of ``written``, when the diagnostic knows it."""
    if code == "JS103" and written == "=":
        return "=="
    guess = _DID_YOU_MEAN.search(message)
    if guess is not None and _WORD.fullmatch(written) and guess.group(1) != written:
        return guess.group(1)
    return None


def code_actions(analysis: Analysis, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    """A quick fix for each of the client's diagnostics (from this server) that names its fix."""
    actions = []
    for diagnostic in diagnostics:
        if diagnostic.source != "journeyspec" or not isinstance(diagnostic.code, str):
            continue
        start, end = analysis.lines.offset(diagnostic.range.start), analysis.lines.offset(diagnostic.range.end)
        written = analysis.text[start:end]
        fix = _replacement(diagnostic.code, diagnostic.message, written)
        if fix is None:
            continue
        edit = types.TextEdit(range=diagnostic.range, new_text=fix)
        actions.append(types.CodeAction(
            title=f"Replace `{written}` with `{fix}`",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            is_preferred=True,
            edit=types.WorkspaceEdit(changes={analysis.uri: [edit]}),
        ))
    return actions
