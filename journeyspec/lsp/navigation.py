"""Go to definition, find references and rename, for step, group, stage, persona, journey and library ids.

Across files through :mod:`journeyspec.lsp.crossfile`: a step or persona taken
``from`` a library is defined in the library (the journey's
``step login from common`` is a use of it), and renaming it renames it in the
library and in every journey of the project that takes it. A ``use`` path
leads to the file it names.
"""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from journeyspec.lsp.analysis import Analysis
from journeyspec.lsp.crossfile import Project, everywhere, searched, used_file
from journeyspec.lsp.index import Occurrence, at

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Words the grammar reads as keywords wherever they stand first in a statement or metric:
# an id spelt like one would still parse where a name is expected, but reads badly; refused.
_KEYWORDS = frozenset(
    ["journey", "persona", "stage", "step", "group", "flow", "start", "success", "end", "allow", "expect", "when", "ignore", "friction", "sentiment", "emotion", "pain", "opportunity", "channel", "touchpoint", "description", "owner", "tags", "scope", "repeats", "goal", "value", "judge", "library", "use", "from"]
)
# Ids that share one namespace: a step and a group may not have one id (flows name both alike).
_NAMESPACE = {"group": "step"}


def _target(project: Project, uri: str, offset: int, codec: PositionCodec) -> tuple[Analysis, Occurrence] | None:
    analysis = project.analysis(uri, codec)
    if analysis is None:
        return None
    found = at(analysis.found, offset)
    return (analysis, found) if found is not None else None


def _location(analysis: Analysis, occurrence: Occurrence) -> types.Location:
    return types.Location(uri=analysis.uri, range=analysis.lines.range(occurrence.start, occurrence.end))


def _defines(occurrence: Occurrence) -> bool:
    """A definition: declared here, not taken ``from`` a library (that is a use of the library's)."""
    return occurrence.declaration and occurrence.origin is None


def definition(project: Project, uri: str, offset: int, codec: PositionCodec) -> list[types.Location]:
    """Where the id under the cursor is defined, or the file a `use` names (nothing when there is none)."""
    hit = _target(project, uri, offset, codec)
    if hit is None:
        return []
    analysis, target = hit
    if target.kind == "file":
        file = used_file(analysis, target)
        start = types.Position(line=0, character=0)
        return [types.Location(uri=Path(file).resolve().as_uri(), range=types.Range(start=start, end=start))] if file else []
    found = [(a, o) for a, o in everywhere(project, uri, target, codec) if o.declaration]
    # Taken `from` a library the library cannot give (a missing file, an unknown name): the `from` line is all there is.
    return [_location(a, o) for a, o in ([x for x in found if _defines(x[1])] or found)]


def references(project: Project, uri: str, offset: int, include_declaration: bool,
               codec: PositionCodec) -> list[types.Location]:
    """Every place the id under the cursor is written, in every file that can write it."""
    hit = _target(project, uri, offset, codec)
    if hit is None or hit[1].kind == "file":
        return []
    return [_location(a, o) for a, o in everywhere(project, uri, hit[1], codec)
            if include_declaration or not _defines(o)]


def prepare_rename(project: Project, uri: str, offset: int, codec: PositionCodec) -> types.Range | None:
    """The id the rename would change, or ``None`` where there is no id (or a `use` path)."""
    hit = _target(project, uri, offset, codec)
    if hit is None or hit[1].kind == "file":
        return None
    return hit[0].lines.range(hit[1].start, hit[1].end)


class RenameRefused(ValueError):
    """The new name is not an id, or is already taken."""


def rename(project: Project, uri: str, offset: int, new_name: str, codec: PositionCodec) -> types.WorkspaceEdit | None:
    """Every occurrence of the id under the cursor renamed, in every file; :class:`RenameRefused` when it cannot be."""
    hit = _target(project, uri, offset, codec)
    if hit is None or hit[1].kind == "file":
        return None
    target = hit[1]
    if not _ID.fullmatch(new_name):
        raise RenameRefused(f"`{new_name}` is not an id: start with a letter or `_`, then letters, digits or `_`")
    if new_name in _KEYWORDS:
        raise RenameRefused(f"`{new_name}` is a keyword of the language; choose another id")
    analyses = searched(project, uri, target, codec)
    hits = [(a, o) for a in analyses for o in a.found if o.key == target.key]
    if new_name != target.id:
        _refuse_taken(analyses, target, {o.scope for _, o in hits}, new_name)
    changes: dict[str, list[types.TextEdit]] = {}
    for analysis, occurrence in hits:
        edit = types.TextEdit(range=analysis.lines.range(occurrence.start, occurrence.end), new_text=new_name)
        changes.setdefault(analysis.uri, []).append(edit)
    return types.WorkspaceEdit(changes=changes)


def _refuse_taken(analyses: list[Analysis], target: Occurrence, scopes: set[tuple[str, str]], new_name: str) -> None:
    """Refuse a name something of the same kind already has where the renamed thing is written."""
    kind = _NAMESPACE.get(target.kind, target.kind)
    for analysis in analyses:
        for o in analysis.found:
            if o.id != new_name or _NAMESPACE.get(o.kind, o.kind) != kind:
                continue
            if o.scope in scopes and (o.declaration or kind == "library"):
                where = f" in {Path(o.scope[0]).name}" if o.scope[0] != target.scope[0] else ""
                raise RenameRefused(f"a {target.kind} called `{new_name}` already exists{where}")
