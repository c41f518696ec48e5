"""A syntax node moved in the text: the same node with every span further on by some characters and lines.

The editor's re-parse (:mod:`journeyspec.lang.front.incremental`) keeps the
statements after an edit, which moved by the edit's length. Moving a node
copies it with each span's offsets and lines changed; columns stay, because a
kept statement starts a line and the edit is before that line. Nodes are never
changed in place: the last parse's tree may still be in use.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from pydantic import BaseModel

from journeyspec.ir.base import Span, unvalidated
from journeyspec.lang.front.syntax import Loc

_AS_IS = (str, int, float, bool, type(None))


@cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def moved(node, chars: int, lines: int):
    """``node`` with every span ``chars`` characters and ``lines`` lines further on."""
    if isinstance(node, _AS_IS):
        return node
    if type(node) is Loc:
        return tuple.__new__(
            Loc, (node[0], node[1] + chars, node[2] + chars, node[3] + lines, node[4], node[5] + lines, node[6])
        )
    if isinstance(node, tuple):
        return tuple(moved(item, chars, lines) for item in node)
    if isinstance(node, list):
        return [moved(item, chars, lines) for item in node]
    if type(node) is Span:
        return unvalidated(
            Span,
            {
                "file": node.file,
                "start": node.start + chars,
                "end": node.end + chars,
                "line": node.line + lines,
                "column": node.column,
                "end_line": node.end_line + lines,
                "end_column": node.end_column,
            },
        )
    if isinstance(node, BaseModel):  # a predicate of the IR, which holds spans
        values = {name: moved(getattr(node, name), chars, lines) for name in type(node).model_fields}
        copy = unvalidated(type(node), values)
        object.__setattr__(copy, "__pydantic_fields_set__", set(node.__pydantic_fields_set__))
        return copy
    if dataclasses.is_dataclass(node):
        cls = type(node)
        copy = object.__new__(cls)
        for name in _fields(cls):
            object.__setattr__(copy, name, moved(getattr(node, name), chars, lines))
        return copy
    raise TypeError(f"cannot move a {type(node).__name__}")  # pragma: no cover - a node type this module missed
