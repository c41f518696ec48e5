"""Builds the syntax tree while the LALR parser runs (an inline lark Transformer).

Building during the parse avoids a second walk over a lark tree and keeps
deeply nested input from ever reaching a recursive function: depth is counted
as nodes are made and capped.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from lark import Token, Transformer

from journeyspec import inert
from journeyspec.diagnostics import Diagnostic
from journeyspec.ir.predicates import All, Any_, Compare, Exists, Match, Not, OneOf, Predicate
from journeyspec.lang.front import literals
from journeyspec.lang.front.syntax import (
    Block,
    Comment,
    EmotionStatement,
    ExpectStatement,
    FlowStatement,
    GroupStatement,
    JudgeStatement,
    Literal,
    Loc,
    MetricNode,
    Name,
    NamesStatement,
    PredicateStatement,
    Qualifier,
    RulesFrom,
    SentimentStatement,
    Statement,
    Text,
    TextStatement,
    UseStatement,
    ValueStatement,
)

MAX_PREDICATE_DEPTH = 50
"""Deeper predicates are refused (JS111): no real map needs them, and deep trees cost recursion later."""


@dataclass
class BuildState:
    """Per-parse state the (shared, cached) transformer writes into."""

    file: str | None
    text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    balanced: object = None  # callable telling whether the file's braces balance (computed on first error)
    _balanced: bool | None = None

    def braces_balanced(self) -> bool:
        if self._balanced is None:
            self._balanced = bool(self.balanced()) if callable(self.balanced) else True
        return self._balanced


CURRENT: ContextVar[BuildState] = ContextVar("journeyspec_build_state")


# ``Loc(...)`` goes through namedtuple's Python-level ``__new__``; a parse makes
# tens of thousands of spans, so they are made as tuples of the class directly.
_new_loc = tuple.__new__


def token_span(token: Token) -> Loc:
    return _new_loc(Loc, (
        CURRENT.get().file, token.start_pos, token.end_pos, token.line, token.column, token.end_line, token.end_column
    ))


def join(first: Loc, last: Loc) -> Loc:
    return _new_loc(Loc, (first[0], first[1], last[2], first[3], first[4], last[5], last[6]))


def children_span(children: list) -> Loc:
    first, last = children[0], children[-1]
    if isinstance(first, Token):
        file, start, line, column = CURRENT.get().file, first.start_pos, first.line, first.column
    else:
        file, start, _, line, column, _, _ = first.span
    if isinstance(last, Token):
        return _new_loc(Loc, (file, start, last.end_pos, line, column, last.end_line, last.end_column))
    span = last.span
    return _new_loc(Loc, (file, start, span[2], line, column, span[5], span[6]))


def on_comment(token: Token) -> Token:
    """Lexer callback: keep comments for the formatter (the grammar ignores them)."""
    state = CURRENT.get()
    line_start = state.text.rfind("\n", 0, token.start_pos) + 1
    own_line = state.text[line_start : token.start_pos].strip() == ""
    state.comments.append(Comment(text=str(token).rstrip(), span=token_span(token), own_line=own_line))
    return token


@dataclass(slots=True)
class PredicateNode:
    """A predicate under construction, with its nesting depth and span."""

    predicate: Predicate
    depth: int
    span: Loc


@dataclass(slots=True)
class ScalarNode:
    value: object
    span: Loc


@dataclass(slots=True)
class ListNode:
    values: tuple
    span: Loc


@dataclass(slots=True)
class GroupNeed:
    """``all of`` (count None) or ``any K of``, as written."""

    count: Literal | None
    span: Loc


@dataclass(slots=True)
class BodyNode:
    statements: tuple[Statement, ...]
    close: Loc


def _tokens(children: list, kind: str) -> list[Token]:
    return [c for c in children if isinstance(c, Token) and c.type == kind]


class SyntaxBuilder(Transformer):
    """Turns each grammar rule, as it is reduced, into a syntax node."""

    # --- small pieces ------------------------------------------------------

    def _name(self, token: Token) -> Name:
        return Name(str(token), token_span(token))

    def _text(self, token: Token) -> Text:
        raw = str(token)
        span = token_span(token)
        try:
            value = literals.unquote(raw)
        except literals.LiteralError as err:
            at = span.start + err.offset
            bad = Loc(span.file, at, at + err.length, span.line, span.column + err.offset, span.line, span.column + err.offset + err.length)
            CURRENT.get().diagnostics.append(Diagnostic("JS110", str(err), bad, help=err.help))
            value = raw[1:-1]
        at = inert.first_control(raw)
        if at is not None:
            # A control character in a label acts on a terminal (or hides, or
            # reorders text) instead of showing; every output prints it escaped.
            char = raw[at]
            bad = Loc(span.file, span.start + at, span.start + at + 1, span.line, span.column + at, span.line,
                      span.column + at + 1)
            CURRENT.get().diagnostics.append(Diagnostic(
                "JS234", f"quoted text holds the invisible control character U+{ord(char):04X}",
                bad, help="remove it; a label, note or value shows only visible characters"))
        return Text(value, raw, span)

    def _literal(self, token: Token, kind: str) -> Literal:
        return Literal(kind, str(token), token_span(token))

    def label(self, children):
        return self._text(children[0])

    def field(self, children):
        if len(children) == 1:  # the common case: an undotted field
            return self._name(children[0])
        names = _tokens(children, "NAME")
        return Name(".".join(str(n) for n in names), children_span(children))

    # --- journey-level statements ------------------------------------------

    def _text_statement(self, children):
        keyword, string = children[0], children[1]
        return TextStatement(str(keyword), children_span(children), self._text(string))

    description = owner = goal = pain = opportunity = touchpoint = _text_statement
    thought = quote = frontstage = backstage = support = icon = _text_statement

    def moment_of_truth(self, children):
        return Statement("moment of truth", children_span(children))

    def _names_statement(self, children):
        names = tuple(self._name(t) for t in children[1:] if isinstance(t, Token) and t.type != "COMMA")
        return NamesStatement(str(children[0]), children_span(children), names)

    tags = scope = repeats = channel = start_steps = success_steps = end_steps = _names_statement

    def warning_name(self, children):
        # `dead-end` arrives as NAME "-" NAME: one name, as the diagnostic is called.
        if len(children) == 1:
            return self._name(children[0])
        return Name("".join(str(c) for c in children), children_span(children))

    def allow(self, children):
        names = tuple(c for c in children[1:] if isinstance(c, Name))
        return NamesStatement("allow", children_span(children), names)

    def value(self, children):
        currency = self._name(children[2]) if len(children) > 2 else None
        return ValueStatement("value", children_span(children), self._literal(children[1], "number"), currency)

    def emotion(self, children):
        strings = _tokens(children, "STRING")
        names = _tokens(children, "NAME")
        label = self._text(strings[0]) if strings else None
        persona = self._name(names[0]) if names else None
        return EmotionStatement("emotion", children_span(children), self._literal(children[1], "number"), label,
                                persona)

    def _predicate_statement(self, children):
        node: PredicateNode = children[1]
        return PredicateStatement(str(children[0]), children_span(children), node.predicate, node.depth)

    when = ignore = friction = _predicate_statement

    def sentiment(self, children):
        return SentimentStatement(
            "sentiment",
            children_span(children),
            children[1],
            self._literal(children[2], "number"),
            self._literal(children[4], "number"),
        )

    def flow(self, children):
        steps = tuple(self._name(t) for t in _tokens(children, "NAME"))
        strings = _tokens(children, "STRING")
        shares = _tokens(children, "PERCENT")
        return FlowStatement(
            "flow",
            children_span(children),
            steps,
            self._text(strings[0]) if strings else None,
            self._literal(shares[0], "percent") if shares else None,
        )

    # --- steps in any order ------------------------------------------------------

    def need_all(self, children):
        return GroupNeed(None, children_span(children))

    def need_any(self, children):
        return GroupNeed(self._literal(children[1], "number"), children_span(children))

    def group(self, children):
        label = children[2] if isinstance(children[2], Text) else None
        need: GroupNeed = children[3 if label is not None else 2]
        start = children.index(need) + 1
        steps = tuple(self._name(t) for t in children[start:] if isinstance(t, Token) and t.type == "NAME")
        return GroupStatement("group", children_span(children), self._name(children[1]), label, need.count,
                              need.span, steps)

    # --- blocks ---------------------------------------------------------------

    def _body(self, children):
        return BodyNode(tuple(children[1:-1]), token_span(children[-1]))

    persona_body = stage_body = step_body = _body

    def _block(self, children):
        keyword = children[0]
        rest = children[2:]
        label = rest.pop(0) if rest and isinstance(rest[0], Text) else None
        body = rest[0] if rest else None
        return Block(
            str(keyword),
            children_span(children) if body is None else join(token_span(keyword), body.close),
            self._name(children[1]),
            label,
            body.statements if body is not None else None,
            body.close if body is not None else None,
        )

    persona = stage = step = _block

    def _block_from(self, children):
        # keyword NAME [label] "from" NAME [body]
        keyword = children[0]
        rest = children[2:]
        label = rest.pop(0) if rest and isinstance(rest[0], Text) else None
        origin = self._name(rest[1])
        body = rest[2] if len(rest) > 2 else None
        return Block(
            str(keyword),
            join(token_span(keyword), body.close if body is not None else token_span(rest[1])),
            self._name(children[1]),
            label,
            body.statements if body is not None else None,
            body.close if body is not None else None,
            origin,
        )

    persona_from = step_from = _block_from

    def rules_from(self, children):
        return RulesFrom(str(children[0]), children_span(children), self._name(children[2]))

    def use(self, children):
        return UseStatement("use", children_span(children), self._text(children[1]))

    def library(self, children):
        block = self.journey(children)
        block.keyword = "library"
        return block

    def journey(self, children):
        keyword, name = children[0], children[1]
        label = children[2] if isinstance(children[2], Text) else None
        first_statement = 4 if label is not None else 3
        close = token_span(children[-1])
        return Block(
            "journey",
            join(token_span(keyword), close),
            self._name(name),
            label,
            tuple(children[first_statement:-1]),
            close,
        )

    def start(self, children):
        return list(children)

    # --- predicates -------------------------------------------------------------

    def _guard_depth(self, depth: int, span: Loc) -> int:
        if depth == MAX_PREDICATE_DEPTH + 1:
            CURRENT.get().diagnostics.append(
                Diagnostic(
                    "JS111",
                    f"this condition is nested more than {MAX_PREDICATE_DEPTH} levels deep",
                    span,
                    help="split it into simpler conditions; `and`/`or` chains need no parentheses",
                )
            )
        return depth

    def compare(self, children):
        field_name, op, literal = children
        span = children_span(children)
        pred = Compare(field=field_name.value, op=str(op), value=literal.value, span=span.to_span())
        return PredicateNode(pred, 1, span)

    def regex_match(self, children):
        field_name, _, pattern = children
        span = children_span(children)
        pred = Match(field=field_name.value, pattern=self._text(pattern).value, span=span.to_span())
        return PredicateNode(pred, 1, span)

    def one_of(self, children):
        field_name, _, values = children
        span = children_span(children)
        pred = OneOf(field=field_name.value, values=values.values, span=span.to_span())
        return PredicateNode(pred, 1, span)

    def exists(self, children):
        field_name = children[0]
        span = children_span(children)
        return PredicateNode(Exists(field=field_name.value, span=span.to_span()), 1, span)

    def negation(self, children):
        inner: PredicateNode = children[1]
        if inner.depth > MAX_PREDICATE_DEPTH:
            return inner  # already reported (JS111)
        span = children_span(children)
        depth = self._guard_depth(inner.depth + 1, span)
        return PredicateNode(Not(operand=inner.predicate, span=span.to_span()), depth, span)

    def _junction(self, children, model, kind):
        parts = [c for c in children if isinstance(c, PredicateNode)]
        deepest = max(p.depth for p in parts)
        if deepest > MAX_PREDICATE_DEPTH:
            # Already reported (JS111): stop building, so that hostile nesting
            # costs linear time instead of re-copying ever longer operand lists.
            return PredicateNode(parts[0].predicate, deepest, parts[0].span)
        operands: list[Predicate] = []
        for part in parts:
            # `a and (b and c)` means `a and b and c`: flatten so the IR is canonical.
            if part.predicate.kind == kind:
                operands.extend(part.predicate.operands)
            else:
                operands.append(part.predicate)
        span = children_span(children)
        depth = self._guard_depth(max(p.depth for p in parts) + 1, span)
        return PredicateNode(model(operands=tuple(operands), span=span.to_span()), depth, span)

    def all_of(self, children):
        return self._junction(children, All, "and")

    def any_of(self, children):
        return self._junction(children, Any_, "or")

    def atom(self, children):
        inner: PredicateNode = children[1]
        return PredicateNode(inner.predicate, inner.depth, children_span(children))

    def string(self, children):
        text = self._text(children[0])
        return ScalarNode(text.value, text.span)

    def number(self, children):
        span = token_span(children[0])
        try:
            value = literals.number(str(children[0]))
        except literals.LiteralError as err:
            CURRENT.get().diagnostics.append(Diagnostic(err.code, str(err), span, help=err.help))
            value = 0  # the error keeps the map from compiling; the tree only needs a scalar here
        return ScalarNode(value, span)

    def true(self, children):
        return ScalarNode(True, token_span(children[0]))

    def false(self, children):
        return ScalarNode(False, token_span(children[0]))

    def list(self, children):
        return ListNode(tuple(c.value for c in children if isinstance(c, ScalarNode)), children_span(children))

    # --- expectations -------------------------------------------------------------

    def expect(self, children):
        metric, comparator, threshold = children[1], children[2], children[3]
        return ExpectStatement(
            "expect",
            children_span(children),
            metric,
            self._name(comparator),
            threshold,
            tuple(children[4:]),
        )

    def _metric(kind):  # noqa: N805 - a factory used while the class body runs
        def build(self, children):
            names = tuple(
                self._name(c) if isinstance(c, Token) else c
                for c in children[1:]
                if isinstance(c, Name) or (isinstance(c, Token) and c.type == "NAME")
            )
            return MetricNode(kind, names, children_span(children))

        return build

    m_sessions = _metric("sessions")
    m_conformance = _metric("conformance")
    m_conversion = _metric("conversion")
    m_reach = _metric("reach")
    m_dropoff = _metric("dropoff")
    m_time = _metric("time")
    m_skips = _metric("skips")
    m_unexpected = _metric("unexpected_transitions")
    m_friction = _metric("friction")
    m_switches = _metric("switches")
    m_emotion = _metric("emotion")

    def m_share(self, children):
        node: PredicateNode = children[-1]
        return MetricNode("share", (), children_span(children), predicate=node.predicate)

    def t_percent(self, children):
        return self._literal(children[0], "percent")

    def t_points(self, children):
        return self._literal(children[0], "points")

    def t_duration(self, children):
        return self._literal(children[0], "duration")

    def t_number(self, children):
        return self._literal(children[0], "number")

    def q_where(self, children):
        node: PredicateNode = children[1]
        return Qualifier("where", children_span(children), predicate=node.predicate, depth=node.depth)

    def q_within(self, children):
        return Qualifier("within", children_span(children), literal=self._literal(children[1], "duration"))

    def q_confidence(self, children):
        return Qualifier("confidence", children_span(children), literal=self._literal(children[1], "percent"))

    def q_min_sessions(self, children):
        return Qualifier("min_sessions", children_span(children), literal=self._literal(children[2], "number"))

    def q_baseline(self, children):
        return Qualifier("vs_baseline", children_span(children))

    def q_point_estimate(self, children):
        return Qualifier("point_estimate", children_span(children))

    def judge(self, children):
        percents = _tokens(children, "PERCENT")
        level = self._literal(percents[0], "percent") if percents else None
        return JudgeStatement("judge", children_span(children), level)
