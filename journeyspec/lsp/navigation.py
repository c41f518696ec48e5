"""Go to definition, find references and rename, for step, group, stage, persona and journey ids."""

from __future__ import annotations

import re
from collections.abc import Mapping

from lsprotocol import types

from journeyspec.lsp.analysis import Analysis
from journeyspec.lsp.crossfile import everywhere
from journeyspec.lsp.index import Occurrence, at

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Words the grammar reads as keywords wherever they stand first in a statement or metric:
# an id spelt like one would still parse where a name is expected, but reads badly; refused.
_KEYWORDS = frozenset(
    ["journey", "persona", "stage", "step", "group", "flow", "start", "success", "end", "allow", "expect", "when", "ignore", "friction", "sentiment", "emotion", "pain", "opportunity", "channel", "touchpoint", "description", "owner", "tags", "scope", "repeats", "goal", "value", "judge"]
)


def _target(analyses: Mapping[str, Analysis], uri: str, offset: int) -> Occurrence | None:
    analysis = analyses.get(uri)
    return at(analysis.found, offset) if analysis is not None else None


def _location(analysis: Analysis, occurrence: Occurrence) -> types.Location:
    return types.Location(uri=analysis.uri, range=analysis.lines.range(occurrence.start, occurrence.end))


def definition(analyses: Mapping[str, Analysis], uri: str, offset: int) -> list[types.Location]:
    """Where the id under the cursor is declared (nothing when it is declared nowhere)."""
    target = _target(analyses, uri, offset)
    if target is None:
        return []
    return [_location(a, o) for a, o in everywhere(analyses, uri, target) if o.declaration]


def references(analyses: Mapping[str, Analysis], uri: str, offset: int, include_declaration: bool) -> list[types.Location]:
    """Every place the id under the cursor is written."""
    target = _target(analyses, uri, offset)
    if target is None:
        return []
    return [_location(a, o) for a, o in everywhere(analyses, uri, target) if include_declaration or not o.declaration]


def prepare_rename(analyses: Mapping[str, Analysis], uri: str, offset: int) -> types.Range | None:
    """The id the rename would change, or ``None`` where there is no id."""
    target = _target(analyses, uri, offset)
    if target is None:
        return None
    return analyses[uri].lines.range(target.start, target.end)


class RenameRefused(ValueError):
    """The new name is not an id, or is already taken."""


def rename(analyses: Mapping[str, Analysis], uri: str, offset: int, new_name: str) -> types.WorkspaceEdit | None:
    """Every occurrence of the id under the cursor, renamed; :class:`RenameRefused` for a name that cannot be."""
    target = _target(analyses, uri, offset)
    if target is None:
        return None
    if not _ID.fullmatch(new_name):
        raise RenameRefused(f"`{new_name}` is not an id: start with a letter or `_`, then letters, digits or `_`")
    if new_name in _KEYWORDS:
        raise RenameRefused(f"`{new_name}` is a keyword of the language; choose another id")
    taken = Occurrence(target.kind, new_name, target.journey, 0, 0, False)
    if new_name != target.id and any(o.declaration for _, o in everywhere(analyses, uri, taken)):
        raise RenameRefused(f"a {target.kind} called `{new_name}` already exists")
    changes: dict[str, list[types.TextEdit]] = {}
    for analysis, occurrence in everywhere(analyses, uri, target):
        edit = types.TextEdit(range=analysis.lines.range(occurrence.start, occurrence.end), new_text=new_name)
        changes.setdefault(analysis.uri, []).append(edit)
    return types.WorkspaceEdit(changes=changes)
