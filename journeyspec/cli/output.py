"""Printing diagnostics on a terminal (coloured) or to a pipe (plain)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from journeyspec.diagnostics import Diagnostic
from journeyspec.diagnostics.render import format_diagnostic, style_for


def print_diagnostic(console: Console, diagnostic: Diagnostic, text: str | None) -> None:
    rendered = format_diagnostic(diagnostic, text)
    head = rendered.partition("\n")[0]
    # One print per diagnostic, the blank line after it included: rich's cost
    # is per call, and a file with 10,000 errors made 30,000 of them.
    line = Text(rendered + "\n")
    line.stylize(style_for(diagnostic.severity), 0, head.index("]") + 1)
    line.stylize("bold", head.index("]") + 1, len(head))
    console.print(line)
