"""Changes for people and machines: text (coloured on a terminal), JSON, and Markdown for a PR comment.

Every format is made from the change records alone and lists them in the
order :func:`~journeyspec.diff.compare.compare` gives, grouped by journey, so
the same maps always print the same bytes. Labels and values from the maps
are written through :mod:`journeyspec.inert` for each format.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from rich.text import Text

from journeyspec.diff.changes import Change
from journeyspec.inert import json_text, markdown, markdown_code, terminal

FORMATS = ("text", "json", "markdown")

_STYLES = {"added": "green", "removed": "red", "changed": "yellow"}
_MARKS = {"added": "🟢", "removed": "🔴", "changed": "🟡"}


def _by_journey(changes: list[Change]) -> dict[str, list[Change]]:
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.journey, []).append(change)
    return groups


def _file_of(changes: list[Change]) -> str | None:
    return next((c.span.file for c in changes if c.span is not None and c.span.file), None)


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def _tally(changes: list[Change]) -> tuple[Counter[str], Counter[str]]:
    """How many changes of each action, and how many changed expectations of each judgement."""
    return Counter(c.action for c in changes), Counter(c.judgement for c in changes if c.judgement)


def summary_line(changes: list[Change]) -> str:
    """``5 changes in 2 journeys: 1 added, 2 removed, 2 changed; 1 expectation loosened``."""
    if not changes:
        return "no journey changes"
    actions, judged = _tally(changes)
    journeys = len({c.journey for c in changes})
    line = f"{_plural(len(changes), 'change')} in {_plural(journeys, 'journey')}: " + ", ".join(
        f"{actions[a]:,} {a}" for a in ("added", "removed", "changed") if actions[a]
    )
    notes = [f"{_plural(judged[j], 'expectation')} {j}" for j in ("loosened", "mixed", "tightened") if judged[j]]
    removed = sum(1 for c in changes if c.kind == "expectation_removed")
    if removed:
        notes.append(f"{_plural(removed, 'expectation')} removed")
    return line + ("; " + ", ".join(notes) if notes else "")


def _shown_values(change: Change) -> tuple[str | None, str | None]:
    """Old and new values worth printing: a value the summary already names in backticks is left out."""
    old, new = change.old, change.new
    if change.action != "changed":
        value = old if change.action == "removed" else new
        if value is not None and f"`{value}`" in change.summary:
            return None, None
    return old, new


def _detail(change: Change) -> str:
    old, new = _shown_values(change)
    if change.action == "changed":
        return f"{old if old is not None else '(none)'} → {new if new is not None else '(none)'}"
    value = old if change.action == "removed" else new
    return value or ""


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------


def to_rich(changes: list[Change]) -> Text:
    """The text report as rich text: green additions, red removals, amber changes, warnings in bold."""
    out = Text()
    for journey, group in _by_journey(changes).items():
        file = _file_of(group)
        out.append(f"journey {terminal(journey)}", style="bold")
        out.append(f"  {terminal(file)}\n" if file else "\n", style="dim")
        for change in group:
            style = _STYLES[change.action] + (" bold" if change.severity == "warning" else "")
            detail = _detail(change)
            # `!` marks what a reviewer should look twice at, even without colour.
            mark = "!" if change.severity == "warning" else change.sign
            out.append(f"  {mark} {terminal(change.summary)}", style=style)
            out.append(f": {terminal(detail)}\n" if detail else "\n")
        out.append("\n")
    out.append(summary_line(changes) + "\n", style="bold")
    return out


def to_text(changes: list[Change]) -> str:
    """The text report, plain."""
    return to_rich(changes).plain


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------


def to_json(changes: list[Change]) -> str:
    """One JSON document: a summary and every change record, spans included."""
    actions, judged = _tally(changes)
    document = {
        "version": 1,
        "summary": {
            "changes": len(changes),
            "journeys": sorted({c.journey for c in changes}),
            "added": actions["added"],
            "removed": actions["removed"],
            "changed": actions["changed"],
            "loosened": judged["loosened"],
            "tightened": judged["tightened"],
            "mixed": judged["mixed"],
            "warnings": sum(1 for c in changes if c.severity == "warning"),
        },
        "changes": [c.model_dump(mode="json") for c in changes],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------


def _code(value: str | None) -> str:
    """A value as inline code that no backtick, pipe or tag in it can break out of."""
    if value is None or value == "":
        return ""
    return markdown_code(value)


def _summary(text: str) -> str:
    """A change's summary in Markdown: the `quoted` values as code, every piece inert."""
    def prose(piece: str) -> str:  # markdown() trims; the spaces between pieces stay
        return (" " if piece[:1].isspace() else "") + markdown(piece) + (" " if piece[-1:].isspace() and piece.strip() else "")

    pieces = re.split(r"`([^`]*)`", text)
    return "".join(markdown_code(piece) if i % 2 else prose(piece) for i, piece in enumerate(pieces))


def to_markdown(changes: list[Change]) -> str:
    """A Markdown report to paste as a pull-request comment: one table per journey."""
    lines = ["### Journey changes", ""]
    if not changes:
        return "\n".join(lines + ["No journey changes.", ""])
    lines += [f"**{summary_line(changes)}**", ""]
    for journey, group in _by_journey(changes).items():
        file = _file_of(group)
        lines += [f"#### {markdown_code(journey)}" + (f" · {markdown(file)}" if file else ""), ""]
        lines += ["| | Change | Before | After |", "| :-: | --- | --- | --- |"]
        for change in group:
            old, new = _shown_values(change)
            mark = "⚠️" if change.severity == "warning" else _MARKS[change.action]
            summary = _summary(change.summary)
            if change.judgement:
                summary = summary.replace(f" {change.judgement}", f" **{change.judgement}**", 1)
            lines.append(f"| {mark} | {summary} | {_code(old)} | {_code(new)} |")
        lines.append("")
    return "\n".join(lines)


def render(changes: list[Change], output_format: str) -> str:
    """The report in one of :data:`FORMATS`."""
    if output_format == "json":
        return to_json(changes)
    if output_format == "markdown":
        return to_markdown(changes)
    if output_format == "text":
        return to_text(changes)
    raise ValueError(f"unknown format {output_format!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render", "summary_line", "to_json", "to_markdown", "to_rich", "to_text"]
