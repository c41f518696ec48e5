"""Where each id is declared and where it is used, read from the syntax tree.

An occurrence is one id written in the text: a declaration (``step cart``) or a
use (``flow cart -> checkout``, ``expect reach cart``). Steps and groups share
one namespace, because flows, ``start`` and expectations name a group as they
name a step; stages, personas and journeys have their own. Ids are scoped to
their journey (two journeys of one file may both have a ``cart``).
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyspec.lang.front.syntax import (
    Block,
    ExpectStatement,
    FlowStatement,
    GroupStatement,
    Name,
    NamesStatement,
    Statement,
    SyntaxFile,
)

# What the names of a statement or a metric refer to: a kind of id, by keyword.
_NAMES_REFER_TO = {"start": "step", "success": "step", "end": "step"}
_METRIC_NAMES_REFER_TO = {
    "conversion": "step", "reach": "step", "dropoff": "step", "skips": "step", "friction": "step",
    "time": "step", "emotion": "stage",
}
# The kinds of id a reader can point at, in the words hover and the outline use.
KINDS = ("journey", "persona", "stage", "step")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One id written in the text."""

    kind: str  # "journey" | "persona" | "stage" | "step" (a step or a group)
    id: str
    journey: str  # the id of the journey it is written in
    start: int
    end: int
    declaration: bool
    node: object = None  # the declaring Block or GroupStatement, for declarations

    @property
    def key(self) -> tuple[str, str, str]:
        """What it names: equal keys are the same thing."""
        return (self.journey if self.kind != "journey" else "", self.kind, self.id)


def _name(kind: str, name: Name, journey: str, declaration: bool = False, node: object = None) -> Occurrence:
    return Occurrence(kind, name.value, journey, name.span[1], name.span[2], declaration, node)


def occurrences(tree: SyntaxFile) -> list[Occurrence]:
    """Every id written in the file, in text order."""
    found: list[Occurrence] = []
    for journey in tree.journeys:
        jid = journey.id.value
        found.append(_name("journey", journey.id, jid, True, journey))
        _statements(journey.body or (), jid, found)
    found.sort(key=lambda o: o.start)
    return found


def _statements(body: tuple[Statement, ...], jid: str, found: list[Occurrence]) -> None:
    for statement in body:
        if isinstance(statement, Block):
            kind = statement.keyword
            found.append(_name(kind, statement.id, jid, True, statement))
            _statements(statement.body or (), jid, found)
        elif isinstance(statement, GroupStatement):
            found.append(_name("step", statement.id, jid, True, statement))
            found.extend(_name("step", n, jid) for n in statement.steps)
        elif isinstance(statement, FlowStatement):
            found.extend(_name("step", n, jid) for n in statement.steps)
        elif isinstance(statement, NamesStatement) and statement.keyword in _NAMES_REFER_TO:
            found.extend(_name(_NAMES_REFER_TO[statement.keyword], n, jid) for n in statement.names)
        elif isinstance(statement, ExpectStatement):
            metric = statement.metric
            kind = _METRIC_NAMES_REFER_TO.get(metric.kind)
            names = metric.names[1:] if metric.kind == "time" else metric.names  # `time p90 A -> B`
            if kind is not None:
                found.extend(_name(kind, n, jid) for n in names)


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
