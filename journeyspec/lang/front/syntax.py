"""The syntax tree: the map as written, statement by statement, with spans.

The compiler turns it into the IR; the formatter prints it back. It keeps the
order and spelling of statements (the IR normalises them) and every node's
span, which diagnostics point at.

The nodes are plain slotted dataclasses, not frozen ones: a frozen dataclass
sets each field through ``object.__setattr__``, which cost about 7% of
compiling a 5,000-step map (benchmarks/language). Nothing changes a node once
the builder has made it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from journeyspec.ir.base import Span, unvalidated
from journeyspec.ir.predicates import Predicate


class Loc(NamedTuple):
    """A span in the syntax tree: a plain tuple, because a parse makes hundreds of thousands.

    Same fields as :class:`~journeyspec.ir.base.Span`; :meth:`to_span` makes the IR one.
    """

    file: str | None
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def to_span(self) -> Span:
        """The IR span, made without pydantic's validation: a Loc's fields are already checked ints.

        A large map makes tens of thousands of spans; this is a third faster than
        ``Span(...)`` and makes an equal model (tests/lang/test_syntax_spans.py).
        """
        return unvalidated(Span, {
            "file": self[0], "start": self[1], "end": self[2], "line": self[3],
            "column": self[4], "end_line": self[5], "end_column": self[6],
        })


@dataclass(slots=True)
class Name:
    """An identifier or keyword-like word, e.g. a step id."""

    value: str
    span: Loc


@dataclass(slots=True)
class Text:
    """A quoted string: ``value`` is unescaped, ``raw`` is the source including quotes."""

    value: str
    raw: str
    span: Loc


@dataclass(slots=True)
class Literal:
    """A numeric-looking token kept as written: ``+1``, ``12.5%``, ``-5pp``, ``1h30m``."""

    kind: str  # "number" | "percent" | "points" | "duration"
    raw: str
    span: Loc


@dataclass(slots=True)
class Comment:
    """A ``#`` comment; ``own_line`` when nothing but spaces precedes it on its line."""

    text: str
    span: Loc
    own_line: bool


@dataclass(slots=True)
class Statement:
    """Base of every statement: the keyword that starts it and its span."""

    keyword: str
    span: Loc


# A statement that is its keyword alone (``moment of truth``) is a bare Statement.


@dataclass(slots=True)
class TextStatement(Statement):
    """``description "…"``, ``owner "…"``, ``goal "…"``, ``pain "…"``, ``opportunity "…"``, ``touchpoint "…"``,
    and the lanes: ``thought "…"``, ``quote "…"``, ``frontstage "…"``, ``backstage "…"``, ``support "…"``,
    ``icon "…"``."""

    text: Text


@dataclass(slots=True)
class NamesStatement(Statement):
    """``tags a, b``, ``start a, b``, ``success a``, ``channel web``, ``scope user``, ``repeats keep``."""

    names: tuple[Name, ...]


@dataclass(slots=True)
class ValueStatement(Statement):
    """``value 85 EUR``."""

    amount: Literal
    currency: Name | None


@dataclass(slots=True)
class EmotionStatement(Statement):
    """``emotion -1 "anxious"``, or one persona's: ``emotion -1 "anxious" for bea``."""

    score: Literal
    label: Text | None
    persona: Name | None = None


@dataclass(slots=True)
class PredicateStatement(Statement):
    """``when P``, ``ignore P``, ``friction P``."""

    predicate: Predicate
    depth: int


@dataclass(slots=True)
class SentimentStatement(Statement):
    """``sentiment csat 1..5``."""

    field: Name
    low: Literal
    high: Literal


@dataclass(slots=True)
class FlowStatement(Statement):
    """``flow a -> b -> c ["label"] [30%]``."""

    steps: tuple[Name, ...]
    label: Text | None
    share: Literal | None


@dataclass(slots=True)
class GroupStatement(Statement):
    """``group paperwork "Paperwork" all of a, b, c`` or ``… any 2 of a, b, c``, inside a stage."""

    id: Name
    label: Text | None
    need: Literal | None  # the K of `any K of`; None for `all of`
    form: Loc  # `all of` or `any K of`, as written
    steps: tuple[Name, ...]


@dataclass(slots=True)
class JudgeStatement(Statement):
    """``judge by confidence 90%`` or ``judge by point estimate``: ``confidence`` is None for the latter."""

    confidence: Literal | None


@dataclass(slots=True)
class MetricNode:
    """The metric of an expectation as written: its kind and the names it refers to."""

    kind: str
    names: tuple[Name, ...]
    span: Loc
    predicate: Predicate | None = None  # the condition of `share where CONDITION`


@dataclass(slots=True)
class Qualifier:
    """One qualifier of an expectation: ``where``, ``within``, ``confidence``, ``point estimate``, ``min sessions``,
    ``vs baseline``."""

    kind: str
    span: Loc
    literal: Literal | None = None
    predicate: Predicate | None = None
    depth: int = 0


@dataclass(slots=True)
class ExpectStatement(Statement):
    """``expect METRIC CMP THRESHOLD qualifiers…``."""

    metric: MetricNode
    comparator: Name
    threshold: Literal
    qualifiers: tuple[Qualifier, ...]


@dataclass(slots=True)
class Block(Statement):
    """A statement with an id, an optional label and an optional ``{ … }`` body.

    ``journey``, ``library``, ``persona``, ``stage`` and ``step``. ``body`` is
    ``None`` when the braces are left out; ``close`` is the span of the closing
    brace. ``origin`` is the library named by ``from`` in
    ``step login from common`` (a shared definition taken by name).
    """

    id: Name
    label: Text | None
    body: tuple[Statement, ...] | None
    close: Loc | None = None
    origin: Name | None = None


@dataclass(slots=True)
class UseStatement(Statement):
    """``use "shared/common.journey"``: the libraries of another file, usable here."""

    path: Text


@dataclass(slots=True)
class RulesFrom(Statement):
    """``ignore from common``, ``friction from common``, ``sentiment from common``: a library's event rules."""

    library: Name


@dataclass(slots=True)
class SyntaxFile:
    """A parsed file: its uses, libraries, journeys and comments, each in source order."""

    text: str
    file: str | None
    journeys: list[Block] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    uses: list[UseStatement] = field(default_factory=list)
    libraries: list[Block] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, file: str | None, items: list, comments: list[Comment]) -> SyntaxFile:
        """The file from the top-level items the parser read (uses, libraries, journeys)."""
        return cls(
            text=text, file=file, comments=comments,
            journeys=[i for i in items if isinstance(i, Block) and i.keyword == "journey"],
            uses=[i for i in items if isinstance(i, UseStatement)],
            libraries=[i for i in items if isinstance(i, Block) and i.keyword == "library"],
        )
