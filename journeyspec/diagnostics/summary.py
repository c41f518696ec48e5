"""Markdown job summaries (``--summary FILE``, ``$GITHUB_STEP_SUMMARY``), kept under GitHub's size limit.

GitHub drops a step's whole summary when it is over 1 MiB, so a summary
is cut to fit: whole lines are kept up to the budget, any ``<details>``
left open is closed, and a note says how much was left out and where the
rest is. :func:`diagnostics_markdown` is ``validate``'s summary; ``check``'s
is its Markdown report.
"""

from __future__ import annotations

from collections.abc import Iterable

from journeyspec.diagnostics.model import Diagnostic
from journeyspec.diagnostics.render import summary_line
from journeyspec.inert import markdown as _text
from journeyspec.inert import markdown_code as _code

LIMIT = 1024 * 1024  # bytes GitHub accepts in one step's summary (1 MiB); past it, none of it is shown
_ROOM = 1024  # kept free for the note and the tags that close what the cut left open


def cut_note(shown: int, total: int, where: str) -> str:
    return (
        f"> ✂️ **This summary was cut to fit GitHub's 1 MiB limit for a step:** the first {shown:,} of "
        f"{total:,} lines are shown. {where}"
    )


def fit(markdown: str, budget: int = LIMIT, where: str = "The full report has everything.") -> str:
    """``markdown`` if its UTF-8 takes at most ``budget`` bytes, else its first whole lines and a note.

    Never longer than ``budget`` bytes; an empty string when not even the
    note fits.
    """
    data = markdown.encode("utf-8")
    if len(data) <= budget:
        return markdown
    lines = markdown.splitlines(keepends=True)
    kept: list[str] = []
    size, opened = 0, 0
    for line in lines:
        length = len(line.encode("utf-8"))
        if size + length > budget - _ROOM:
            break
        kept.append(line)
        size += length
        opened += line.count("<details>") - line.count("</details>")
    if kept and not kept[-1].endswith("\n"):
        kept[-1] += "\n"
    closing = "\n</details>\n" * max(opened, 0)
    text = "".join(kept) + closing + "\n" + cut_note(len(kept), len(lines), where) + "\n"
    return text if len(text.encode("utf-8")) <= budget else ""


def diagnostics_markdown(
    diagnostics: list[Diagnostic],
    *,
    files: int,
    strict: bool = False,
    silenced: Iterable[Diagnostic] = (),
    command: str = "validate",
) -> str:
    """``validate``'s summary (or ``check``'s, when the maps or data stop it): a verdict line and a table
    of every diagnostic (map text made inert)."""
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    failed = errors > 0 or (strict and warnings > 0)
    line = summary_line(errors, warnings, files, len(list(silenced)))
    lines = [f"## {'❌' if failed else '✅'} journeyspec {command}", "", f"{line}.", ""]
    if diagnostics:
        lines += ["| | where | code | problem |", "|---|---|---|---|"]
        for d in diagnostics:
            span = d.span
            where = _code(f"{span.file or '<text>'}:{span.line}:{span.column}") if span else ""
            problem = _text(d.message) + (f" — help: {_text(d.help)}" if d.help else "")
            icon = "❌ error" if d.is_error else "⚠️ warning"
            lines.append(f"| {icon} | {where} | {d.code} `{d.name}` | {problem} |")
        lines.append("")
    return "\n".join(lines)


__all__ = ["LIMIT", "cut_note", "diagnostics_markdown", "fit"]
