"""Where each id is declared and where it is used, read from the syntax tree.

An occurrence is one id written in the text: a declaration (``step cart``) or a
use (``flow cart -> checkout``, ``expect reach cart``). Steps and groups share
one namespace, because flows, ``start`` and expectations name a group as they
name a step; stages, personas and journeys have their own. Ids are scoped to
their journey (two journeys of one file may both have a ``cart``), and a
library's entries to their library.

A step or persona a journey takes ``from`` a library is the library's entry:
its occurrences in the journey carry the entry's key (the library's file, the
library, the kind and the id), so equal keys in two files are one thing, which
definition, references and rename follow across files. Which file provides a
library is the resolver's answer, read from the IR (``Journey.shared``): the
index never follows a ``use`` itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from journeyspec.lang.front.syntax import (
    Block,
    ExpectStatement,
    FlowStatement,
    GroupStatement,
    Name,
    NamesStatement,
    RulesFrom,
    Statement,
    SyntaxFile,
)
from journeyspec.lang.frontend import Compiled

# What the names of a statement or a metric refer to: a kind of id, by keyword.
_NAMES_REFER_TO = {"start": "step", "success": "step", "end": "step"}
_METRIC_NAMES_REFER_TO = {
    "conversion": "step", "reach": "step", "dropoff": "step", "skips": "step", "friction": "step",
    "time": "step", "emotion": "stage",
}
# The kinds of id a reader can point at, in the words hover and the outline use.
KINDS = ("journey", "persona", "stage", "step", "library")


@dataclass(slots=True)
class Occurrence:
    """One id written in the text (or, for ``kind == "file"``, the path of a ``use``).

    Not frozen, though never changed once made: a frozen dataclass sets each field through
    ``object.__setattr__``, and a 5,000-step map has some 11,000 occurrences, indexed on every compile.
    """

    kind: str  # "journey" | "persona" | "stage" | "step" (a step or a group) | "library" | "file"
    id: str  # "" for a "file": where a path leads is crossfile's to say
    journey: str  # the id of the journey it is written in ("" in a library)
    start: int
    end: int
    declaration: bool
    node: object = None  # the declaring Block or GroupStatement, for declarations
    scope: tuple[str, str] = ("", "")  # (file, "journey J" or "library L"): where an unshared id means something
    origin: str | None = None  # `step login from common`: "common"
    key: tuple[str, ...] = ()
    """What it names: equal keys are the same thing, in any file (see the module's docstring)."""


def home(file: str | None) -> str:
    """One spelling of a file's name, whichever way it was reached (what keys hold)."""
    return os.path.realpath(file) if file and not file.startswith("<") else (file or "")


def _name(kind: str, name: Name, journey: str, scope: tuple[str, str], declaration: bool = False,
          node: object = None, origin: str | None = None) -> Occurrence:
    key = (scope[0], "", kind, name.value) if kind in ("journey", "library") else (*scope, kind, name.value)
    return Occurrence(kind, name.value, journey, name.span[1], name.span[2], declaration, node, scope, origin, key)


def occurrences(compiled: Compiled) -> list[Occurrence]:
    """Every id written in the file, in text order, keyed across files (nothing while it does not parse)."""
    tree = compiled.syntax
    if tree is None:
        return []
    file = home(compiled.file)
    found: list[Occurrence] = []
    for use in tree.uses:
        found.append(Occurrence("file", "", "", use.path.span[1], use.path.span[2], False, use, (file, ""),
                                key=(file, "use", str(use.path.span[1]))))
    for library in tree.libraries:
        scope = (file, f"library {library.id.value}")
        found.append(_name("library", library.id, "", (file, ""), True, library))
        _statements(library.body or (), "", scope, found)
    for journey in tree.journeys:
        jid = journey.id.value
        found.append(_name("journey", journey.id, jid, (file, ""), True, journey))
        _statements(journey.body or (), jid, (file, f"journey {jid}"), found)
    found = _link(found, compiled)
    found.sort(key=lambda o: o.start)
    return found


def _link(found: list[Occurrence], compiled: Compiled) -> list[Occurrence]:
    """Give what a journey takes from a library the library entry's key (the resolver says which file)."""
    document = compiled.document
    if document is None or not any(j.shared for j in document.journeys):
        return found
    library_file: dict[tuple[str, str], str] = {}  # (journey, library) -> the file providing the library
    for journey in document.journeys:
        for shared in journey.shared:
            if shared.span is not None and shared.span.file:
                library_file.setdefault((journey.id, shared.library), home(shared.span.file))
    taken: dict[tuple[str, ...], tuple[str, ...]] = {}  # a journey-scoped key -> the library entry's key
    for o in found:
        if o.declaration and o.origin is not None and (o.journey, o.origin) in library_file:
            taken[o.key] = (library_file[o.journey, o.origin], f"library {o.origin}", o.kind, o.id)
    linked = []
    for o in found:
        if o.kind == "library" and not o.declaration and (o.journey, o.id) in library_file:
            o = replace(o, key=(library_file[o.journey, o.id], "", "library", o.id))
        elif o.key in taken:
            o = replace(o, key=taken[o.key])
        linked.append(o)
    return linked


def _statements(body: tuple[Statement, ...], jid: str, scope: tuple[str, str], found: list[Occurrence]) -> None:
    for statement in body:
        if isinstance(statement, Block):
            kind = statement.keyword
            origin = statement.origin.value if statement.origin is not None else None
            found.append(_name(kind, statement.id, jid, scope, True, statement, origin))
            if statement.origin is not None:
                found.append(_name("library", statement.origin, jid, (scope[0], "")))
            _statements(statement.body or (), jid, scope, found)
        elif isinstance(statement, RulesFrom):
            found.append(_name("library", statement.library, jid, (scope[0], "")))
        elif isinstance(statement, GroupStatement):
            found.append(_name("step", statement.id, jid, scope, True, statement))
            found.extend(_name("step", n, jid, scope) for n in statement.steps)
        elif isinstance(statement, FlowStatement):
            found.extend(_name("step", n, jid, scope) for n in statement.steps)
        elif isinstance(statement, NamesStatement) and statement.keyword in _NAMES_REFER_TO:
            found.extend(_name(_NAMES_REFER_TO[statement.keyword], n, jid, scope) for n in statement.names)
        elif isinstance(statement, ExpectStatement):
            metric = statement.metric
            kind = _METRIC_NAMES_REFER_TO.get(metric.kind)
            names = metric.names[1:] if metric.kind == "time" else metric.names  # `time p90 A -> B`
            if kind is not None:
                found.extend(_name(kind, n, jid, scope) for n in names)


def at(found: list[Occurrence], offset: int) -> Occurrence | None:
    """The occurrence under the cursor (a cursor just after an id counts, as editors place it)."""
    for occurrence in found:
        if occurrence.start <= offset <= occurrence.end:
            return occurrence
        if occurrence.start > offset:
            break
    return None


def same(found: list[Occurrence], target: Occurrence) -> list[Occurrence]:
    """Every occurrence naming what ``target`` names."""
    return [o for o in found if o.key == target.key]


def declarations(found: list[Occurrence], kind: str, journey: str | None = None) -> list[Occurrence]:
    """The declarations of one kind of id (in one journey, when given)."""
    return [o for o in found if o.declaration and o.kind == kind and (journey is None or o.journey == journey)]


def statements_at(tree: SyntaxFile, offset: int) -> list[Statement]:
    """The statements the offset is in, outermost (its journey) first; empty outside every journey."""
    path: list[Statement] = []
    body: tuple[Statement, ...] | list[Block] | None = tree.journeys
    while body:
        inner = next((s for s in body if s.span[1] <= offset <= s.span[2]), None)
        if inner is None:
            break
        path.append(inner)
        body = inner.body if isinstance(inner, Block) else None
    return path
