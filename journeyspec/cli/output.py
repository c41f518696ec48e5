"""Printing diagnostics on a terminal (coloured) or to a pipe (plain)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from journeyspec.diagnostics import Diagnostic
from journeyspec.diagnostics.render import format_diagnostic, style_for


def print_diagnostic(console: Console, diagnostic: Diagnostic, text: str | None) -> None:
    rendered = format_diagnostic(diagnostic, text)
    head, _, rest = rendered.partition("\n")
    line = Text(head)
    line.stylize(style_for(diagnostic.severity), 0, head.index("]") + 1)
    line.stylize("bold", head.index("]") + 1)
    console.print(line)
    if rest:
        console.print(Text(rest))
    console.print()
