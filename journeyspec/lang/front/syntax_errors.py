"""Syntax errors in the language's own words.

Lark reports terminal names (``__ANON_0``, ``RBRACE``); a map author needs
``expected "->" or "{"`` (:mod:`.expected`) and, for the common slips, a
sentence that says what to write instead. Each common slip is one row of a table of rules
(:data:`TOKEN_RULES` for a token that does not fit, :data:`CHARACTER_RULES`
for text the lexer cannot read): a condition, then the code, message, label
and help the author reads. The first row whose condition holds is the
diagnostic; the last row of each table holds always.

The parser hands in its terminals, so this module does not import the parser.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from journeyspec.diagnostics import Diagnostic, Related
from journeyspec.diagnostics.suggest import closest
from journeyspec.ir.base import Span
from journeyspec.lang.front.builder import BuildState
from journeyspec.lang.front.expected import Terminals, expected_phrase, keyword_of

_ARROW = "__ANON_0"  # lark's name for `->`, which the grammar writes as a literal and does not name

_BLOCK_KEYWORDS = {"JOURNEY": "journey", "STAGE": "stage", "STEP": "step", "PERSONA": "persona"}

STATEMENT_TYPES = frozenset(
    {
        "JOURNEY", "DESCRIPTION", "OWNER", "TAGS", "SCOPE", "REPEATS", "PERSONA", "GOAL", "VALUE", "STAGE",
        "EMOTION", "PAIN", "OPPORTUNITY", "STEP", "CHANNEL", "TOUCHPOINT", "WHEN", "START", "SUCCESS", "FLOW",
        "IGNORE", "FRICTION", "SENTIMENT", "EXPECT", "END", "ALLOW", "GROUP", "LIBRARY", "USE",
        "THOUGHT", "QUOTE", "FRONTSTAGE", "BACKSTAGE", "SUPPORT", "MOMENT", "ICON",
    }
)  # fmt: skip
"""The terminals that start a statement: every statement keyword."""

# Where a statement belongs, for one written in a block that cannot hold it.
_BLOCK_OF_STATEMENTS = {
    "STEP": ("a `step`", "inside a `stage { … }`"),
    "STAGE": ("a `stage`", "directly inside a `journey { … }`"),
    "PERSONA": ("a `persona`", "directly inside a `journey { … }`"),
    "JOURNEY": ("a `journey`", "at the top of the file, not inside another block"),
    "LIBRARY": ("a `library`", "at the top of the file, not inside another block"),
    "USE": ("`use`", "at the top of the file, before any library or journey"),
    "WHEN": ("`when`", "inside a `step { … }`"),
    "CHANNEL": ("`channel`", "inside a `step { … }`"),
    "TOUCHPOINT": ("`touchpoint`", "inside a `step { … }`"),
    "PAIN": ("`pain`", "inside a `stage { … }` or a `step { … }`"),
    "OPPORTUNITY": ("`opportunity`", "inside a `stage { … }` or a `step { … }`"),
    "THOUGHT": ("`thought`", "inside a `stage { … }` or a `step { … }`"),
    "QUOTE": ("`quote`", "inside a `stage { … }` or a `step { … }`"),
    "FRONTSTAGE": ("`frontstage`", "inside a `step { … }`"),
    "BACKSTAGE": ("`backstage`", "inside a `step { … }`"),
    "SUPPORT": ("`support`", "inside a `step { … }`"),
    "MOMENT": ("`moment of truth`", "inside a `step { … }`"),
    "ICON": ("`icon`", "inside a `step { … }`"),
    "EMOTION": ("`emotion`", "inside a `stage { … }` or a `step { … }`"),
    "GROUP": ("a `group`", "inside the `stage { … }` that holds its steps"),
    "ALLOW": ("`allow`", "directly inside a `journey { … }` or inside a `step { … }`"),
}

# The help for an unexpected statement keyword that no other rule explains.
_STATEMENT_HINTS = {
    "STEP": "steps belong inside a `stage { … }`",
    "FLOW": "`flow` belongs in the journey, after the stages",
    "START": "`start` belongs in the journey, after the stages",
    "SUCCESS": "`success` belongs in the journey, after the stages",
    "END": "`end` belongs in the journey, after the stages",
    "ALLOW": "`allow` belongs directly in the journey, or inside a `step { … }`",
    "EXPECT": "`expect` belongs in the journey, not inside a stage or step",
    "STAGE": "stages belong directly inside a `journey { … }`",
    "WHEN": "`when` belongs inside a `step { … }`",
    "EMOTION": "`emotion` belongs inside a `stage { … }` or a `step { … }`",
    "GROUP": "a `group` belongs inside the `stage { … }` that holds its steps",
}

# What a statement keyword is missing when the next line's keyword was read as its
# id, and an example of the statement written whole.
_MISSING_NAMES = {
    "START": ("at least one step id", "start landing, search"),
    "SUCCESS": ("at least one step id", "success purchase"),
    "END": ("at least one step id", "end declined, cancelled"),
    "ALLOW": ("the warning to silence", "allow dead-end"),
    "FLOW": ("the steps of the flow", "flow search -> product -> cart"),
    "TAGS": ("at least one tag", "tags ecommerce, web"),
    "CHANNEL": ("a channel name", "channel web"),
    "STEP": ("a step id", 'step cart "Review the cart"'),
    "STAGE": ("a stage id", 'stage buy "Buy" { … }'),
    "PERSONA": ("a persona id", 'persona first_timer "First-time shopper"'),
    "JOURNEY": ("a journey id", 'journey checkout "Web shop checkout" { … }'),
}

# Words authors write for booleans, and the one they meant.
_NOT_BOOLEANS = {"True": "true", "TRUE": "true", "yes": "true", "False": "false", "FALSE": "false", "no": "false"}

_FLOW_EXAMPLE = "for example: flow search -> product -> cart"
_GROUP_EXAMPLE = ('for example: `group paperwork "Paperwork" all of accepted, approved` or '
                  '`group checks any 2 of identity, address, income`')


# --- where an error is --------------------------------------------------------------


def _span(state: BuildState, start: int, end: int, line: int, column: int) -> Span:
    return Span(
        file=state.file, start=start, end=end, line=line, column=column, end_line=line, end_column=column + (end - start)
    )


def _token_span(state: BuildState, token: Token) -> Span:
    if token.type == "$END" or token.start_pos is None:
        text = state.text
        end = len(text)
        line = text.count("\n") + 1
        column = end - (text.rfind("\n") + 1) + 1
        return _span(state, end, end, line, column)
    return Span(
        file=state.file,
        start=token.start_pos,
        end=token.end_pos,
        line=token.line,
        column=token.column,
        end_line=token.end_line,
        end_column=token.end_column,
    )


def _found(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    if token.type == "STRING":
        return "quoted text"
    value = str(token)
    if len(value) > 40:
        value = value[:37] + "…"
    return f"`{value}`"


class _OpenBlock(NamedTuple):
    keyword: str
    brace: Token
    name: Token | None


def _open_block(error: UnexpectedToken) -> _OpenBlock | None:
    """The innermost `{` still open on the parser's stack, with its block's keyword and name."""
    parser = getattr(error, "interactive_parser", None)
    if parser is None:
        return None
    values = parser.parser_state.value_stack
    closed = 0
    for index in range(len(values) - 1, -1, -1):
        value = values[index]
        if isinstance(value, Token) and value.type == "RBRACE":
            closed += 1
        elif isinstance(value, Token) and value.type == "LBRACE" and closed:
            closed -= 1
        elif isinstance(value, Token) and value.type == "LBRACE":
            keyword, name = "block", None
            for back in range(index - 1, max(index - 4, -1), -1):
                candidate = values[back]
                if isinstance(candidate, Token) and candidate.type in _BLOCK_KEYWORDS:
                    keyword = _BLOCK_KEYWORDS[candidate.type]
                    following = values[back + 1]
                    name = following if isinstance(following, Token) and following.type == "NAME" else None
                    break
            return _OpenBlock(keyword, value, name)
    return None


def is_misplaced_statement(error: UnexpectedToken, state: BuildState) -> bool:
    """A statement keyword where the current block cannot hold it, in a file whose braces balance."""
    token = error.token
    expected = set(error.expected or ())
    return (
        token.type in STATEMENT_TYPES
        and token.type not in expected
        and "RBRACE" in expected
        and state.braces_balanced()
    )


def _keyword_read_as_name(error: UnexpectedToken) -> tuple[Token, Token] | None:
    """`start` with nothing after it, so that the next line's keyword was taken as its step id.

    Every word can be an id (`step start`), so the parser cannot tell `start`
    followed on the next line by `success b` from a start step called
    `success`; only the error after it shows the slip. Returns the keyword
    that lacks its ids (the line to fix) and the word read as one.
    """
    parser = getattr(error, "interactive_parser", None)
    values = parser.parser_state.value_stack if parser is not None else ()
    if len(values) < 2:
        return None
    keyword, name = values[-2], values[-1]
    if not (isinstance(keyword, Token) and isinstance(name, Token) and name.type == "NAME"):
        return None
    if keyword.type not in _MISSING_NAMES or name.line is None or keyword.line is None or name.line <= keyword.line:
        return None
    if name.upper() not in STATEMENT_TYPES:
        return None
    return keyword, name


def _group_statement(error: UnexpectedToken) -> list | None:
    """The pieces of the unfinished ``group`` statement the parser stopped in, or None when it is elsewhere.

    A statement is not reduced until it is whole, so its tokens (and its
    ``all of``/``any K of`` once read) are the top of the parser's stack.
    """
    parser = getattr(error, "interactive_parser", None)
    values = parser.parser_state.value_stack if parser is not None else ()
    for index in range(len(values) - 1, -1, -1):
        value = values[index]
        if isinstance(value, Token) and value.type == "GROUP":
            return list(values[index:])
        if isinstance(value, Token) and value.type in STATEMENT_TYPES | {"LBRACE", "RBRACE"}:
            return None
    return None


def _group_form_message(s: TokenSlip) -> str:
    pieces = s.group or []
    last = pieces[-1] if pieces else None
    if isinstance(last, Token) and last.type == "ANY":
        return f"`any` is followed by how many steps are needed, in digits, not {_found(s.token)}"
    if isinstance(last, Token) and last.type in ("ALL", "SIGNED_NUMBER"):
        return f"`{' '.join(str(p) for p in pieces[-2:]) if last.type == 'SIGNED_NUMBER' else 'all'}` is followed " \
               f"by `of`, not {_found(s.token)}"
    return f"a group says how many of its steps are needed: `all of` or `any K of`, not {_found(s.token)}"


def _in_group_members(s: TokenSlip) -> bool:
    """In a group, where its step ids should be (after `of`, or after a comma), something else came;
    or the next line's keyword was read as its only step id."""
    pieces = s.group
    if not pieces:
        return False
    last = pieces[-1]
    if s.expected == {"NAME"}:
        return isinstance(last, Token) and last.type in ("OF", "COMMA") or type(last).__name__ == "GroupNeed"
    return _keyword_read_as_member(pieces) is not None


def _keyword_read_as_member(pieces: list) -> Token | None:
    """`group g all of` alone on its line, so that the next line's keyword was read as its step id."""
    if len(pieces) < 2 or type(pieces[-2]).__name__ != "GroupNeed":
        return None
    name, need = pieces[-1], pieces[-2]
    if isinstance(name, Token) and name.type == "NAME" and name.upper() in STATEMENT_TYPES and name.line > need.span.line:
        return name
    return None


def _need_span(s: TokenSlip) -> Span:
    """Where the group's `all of` or `any K of` is written."""
    _, start, end, line, column, end_line, end_column = s.group[-2].span
    return Span(file=s.state.file, start=start, end=end, line=line, column=column, end_line=end_line,
                end_column=end_column)


def _empty_group_message(s: TokenSlip) -> str:
    last = s.group[-1]
    if isinstance(last, Token) and last.type == "COMMA":
        return "a step id is missing after the last `,` of this group"
    read = _keyword_read_as_member(s.group)
    if read is not None:
        return f"the group lists no step after `of`; `{read}` on line {read.line} was read as one"
    return "the group lists no step after `of`"


# --- the slips, as tables of rules ----------------------------------------------------


@dataclass
class TokenSlip:
    """A token the parser cannot place, and what the rules ask about it (each worked out when first asked)."""

    error: UnexpectedToken
    state: BuildState
    terminals: Terminals

    def __post_init__(self) -> None:
        self.token: Token = self.error.token
        self.type: str = self.token.type
        self.expected: set[str] = set(self.error.expected or ())
        self.span: Span = _token_span(self.state, self.token)

    @cached_property
    def phrase(self) -> str:
        return expected_phrase(self.error, self.terminals)

    @cached_property
    def open_block(self) -> _OpenBlock | None:
        return _open_block(self.error)

    @cached_property
    def unfinished(self) -> tuple[Token, Token] | None:
        return _keyword_read_as_name(self.error)

    @cached_property
    def keywords(self) -> list[str]:
        """The keywords the parser would take here."""
        return sorted(k for k in (keyword_of(name, self.terminals) for name in self.expected) if k)

    @cached_property
    def guess(self) -> str | None:
        return closest(str(self.token), self.keywords)

    @cached_property
    def at_line_start(self) -> bool:
        text, start = self.state.text, self.token.start_pos
        return self.type != "$END" and text[text.rfind("\n", 0, start) + 1 : start].strip() == ""

    @cached_property
    def group(self) -> list | None:
        return _group_statement(self.error)

    @cached_property
    def lacking_brace(self) -> _LackingBrace | None:
        return _lacking_brace(self)

    @cached_property
    def time_without_statistic(self) -> tuple[Token, Token] | None:
        return _time_without_statistic(self)

    @property
    def outer_statement(self) -> bool:
        """A statement keyword the current block cannot hold."""
        return self.type in STATEMENT_TYPES and self.type not in self.expected


@dataclass
class CharacterSlip:
    """Text the lexer cannot read: the character it stopped at (``""`` past the end)."""

    error: UnexpectedCharacters
    state: BuildState
    terminals: Terminals

    def __post_init__(self) -> None:
        position = self.error.pos_in_stream
        self.position: int = position
        self.char: str = self.state.text[position] if position < len(self.state.text) else ""
        self.allowed: set[str] = set(self.error.allowed or ())
        self.span: Span = _span(self.state, position, position + 1, self.error.line, self.error.column)

    @cached_property
    def phrase(self) -> str:
        return expected_phrase(self.error, self.terminals)


Said = str | Callable[[Any], str | None] | None
"""A text of a rule: fixed, or worked out from the slip."""


@dataclass(frozen=True)
class Rule:
    """One common slip: when ``when`` holds for it, the author reads this code, message, label and help."""

    code: str
    when: Callable[[Any], bool]
    message: Said
    label: Said = None
    help: Said = None
    span: Callable[[Any], Span] | None = None  # where the diagnostic points, when not at the slip
    related: Callable[[Any], tuple[Related, ...]] | None = None

    def diagnostic(self, slip: TokenSlip | CharacterSlip) -> Diagnostic:
        def said(text: Said) -> str | None:
            return text(slip) if callable(text) else text

        return Diagnostic(
            self.code,
            said(self.message),
            self.span(slip) if self.span else slip.span,
            label=said(self.label),
            help=said(self.help),
            related=self.related(slip) if self.related else (),
        )


def _unclosed_block(s: TokenSlip) -> str:
    keyword, brace, name = s.open_block
    what = f"the `{keyword}` block" + (f" `{name}`" if name is not None else "")
    where = "the file ends" if s.type == "$END" else f"{_found(s.token)} begins"
    lacking = s.lacking_brace
    if lacking is not None:
        return (f"the `{lacking.keyword}` block" + (f" `{lacking.name}`" if lacking.name else "")
                + f" opened on line {lacking.line} has no `}}` of its own: the `}}` on line {lacking.closer_line} "
                f"closes it, so {what} is left open before {where}")
    return f"{what} opened on line {brace.line} is not closed before {where}"


class _LackingBrace(NamedTuple):
    """An inner block whose `}` is missing, told by indentation: its `}` was written at an outer block's level."""

    keyword: str
    name: str | None
    line: int
    opener: Span
    closer_line: int
    closer: Span


_BLOCK_LINE = re.compile(r"[ \t]*(journey|library|stage|step|persona)\s+([A-Za-z_][A-Za-z0-9_]*)?")


def _indent_at(text: str, position: int) -> int:
    start = text.rfind("\n", 0, position) + 1
    line = text[start:position]
    return len(line) - len(line.lstrip(" \t"))


def _point(state: BuildState, position: int) -> Span:
    text = state.text
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return _span(state, position, position + 1, line, column)


def _lacking_brace(s: TokenSlip) -> _LackingBrace | None:
    """The inner block that really lacks its `}`, when a `}` inside the unclosed block sits at that block's indent.

    The parser matches braces by count, so the last inner block's missing `}`
    surfaces as its parent left open; the indentation of the `}` shows which
    block the author closed.
    """
    if s.open_block is None:
        return None
    text = s.state.text
    outer = s.open_block.brace.start_pos
    outer_indent = _indent_at(text, outer)
    end = len(text) if s.type == "$END" else s.token.start_pos
    opened: list[int] = []
    found = None
    for mark in _BRACE_MARKS.finditer(text, outer + 1, end):
        if mark.group(0) == "{":
            opened.append(mark.start())
        elif mark.group(0) == "}" and opened:
            opener = opened.pop()
            closer_indent = _indent_at(text, mark.start())
            if closer_indent < _indent_at(text, opener) and closer_indent == outer_indent:
                found = (opener, mark.start())
    if found is None:
        return None
    opener, closer = found
    line_start = text.rfind("\n", 0, opener) + 1
    block = _BLOCK_LINE.match(text, line_start)
    keyword, name = (block.group(1), block.group(2)) if block else ("block", None)
    closer_span = _point(s.state, closer)
    return _LackingBrace(keyword, name, text.count("\n", 0, opener) + 1, _point(s.state, opener),
                         closer_span.line, closer_span)


_BRACE_MARKS = re.compile(r'"(?:[^"\\\n\r]|\\[^\n\r])*"|#[^\r\n]*|[{}]')


def _unclosed_span(s: TokenSlip) -> Span:
    return s.lacking_brace.opener if s.lacking_brace is not None else s.span


def _unclosed_related(s: TokenSlip) -> tuple[Related, ...]:
    lacking = s.lacking_brace
    if lacking is None:
        return (Related(_token_span(s.state, s.open_block.brace), "this `{` is never closed"),)
    keyword, _, name = s.open_block
    return (
        Related(lacking.closer, f"this `}}` is indented like `{keyword}" + (f" {name}`" if name else "`")
                + f", but closes `{lacking.keyword}" + (f" {lacking.name}`" if lacking.name else "`")),
        Related(s.span, f"`{keyword}" + (f" {name}`" if name else "`") + " is still open here"),
    )


def _unclosed_help(s: TokenSlip) -> str:
    lacking = s.lacking_brace
    if lacking is None:
        return "add the missing `}` where the block should end"
    return (f"add a `}}` at the end of `{lacking.keyword}" + (f" {lacking.name}`" if lacking.name else "`")
            + f", before line {lacking.closer_line}")


# --- ids written with a hyphen, time without its statistic ------------------------------

_ID_CHARACTER = re.compile(r"[A-Za-z0-9_]")


def _glued_word(text: str, position: int) -> tuple[int, int] | None:
    """The extent of a word like `view-hotel` around the `-` at ``position``, or None when the `-` stands apart."""
    if not (0 < position < len(text) - 1 and _ID_CHARACTER.match(text[position - 1])
            and re.match(r"[A-Za-z_]", text[position + 1])):
        return None
    start = position
    while start > 0 and re.match(r"[A-Za-z0-9_-]", text[start - 1]):
        start -= 1
    end = position
    while end < len(text) and re.match(r"[A-Za-z0-9_-]", text[end]):
        end += 1
    if not re.match(r"[A-Za-z_]", text[start]):
        return None
    return start, end


def _hyphenated(s) -> str | None:
    """The word with a `-` in it at the slip (`view-hotel`), when an id was written with hyphens."""
    position = s.token.start_pos if isinstance(s, TokenSlip) else s.position
    if position is None:
        return None
    extent = _glued_word(s.state.text, position)
    return s.state.text[extent[0]:extent[1]] if extent else None


def _hyphenated_span(s) -> Span:
    text = s.state.text
    position = s.token.start_pos if isinstance(s, TokenSlip) else s.position
    start, end = _glued_word(text, position)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return _span(s.state, start, end, line, column)


def _hyphen_help(s) -> str:
    word = _hyphenated(s)
    fixed = word.replace("-", "_")
    return (f"ids are letters, digits and `_`; write `{fixed}` here and everywhere the id is used (flows, "
            f"start, success, expectations); the label in quotes may say anything: "
            f'`step {fixed} "{word.replace("-", " ").capitalize()}"`')


def _time_without_statistic(s: TokenSlip) -> tuple[Token, Token] | None:
    """`time A -> B` with no statistic: the `time` keyword and the step id read where the statistic goes."""
    parser = getattr(s.error, "interactive_parser", None)
    values = parser.parser_state.value_stack if parser is not None else ()
    if s.type != _ARROW or len(values) < 2:
        return None
    keyword, name = values[-2], values[-1]
    if isinstance(keyword, Token) and keyword.type == "TIME" and isinstance(name, Token) and name.type == "NAME":
        return keyword, name
    return None


def _time_target(s: TokenSlip) -> str:
    following = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)", s.state.text[s.token.end_pos:])
    return following.group(1) if following else "B"


def _time_message(s: TokenSlip) -> str:
    _, step = s.time_without_statistic
    return (f"`time {step} -> {_time_target(s)}` needs a statistic: the time for half of people (p50), "
            "for nine in ten (p90), or the average (mean)?")


def _time_help(s: TokenSlip) -> str:
    _, step = s.time_without_statistic
    target = _time_target(s)
    return (f"write `time p50 {step} -> {target}` for the time within which half of people get there, "
            f"`time p90 {step} -> {target}` for nine in ten, or `time mean {step} -> {target}` for the average "
            "(p75, p95 and p99 say three in four, 95 and 99 in a hundred)")


# --- curly quotes ---------------------------------------------------------------------------

CURLY_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
"""Quotes a word processor puts where the language wants `"`: “ ” „ ‟ ″ « »."""


def _curly_text(s: CharacterSlip) -> str:
    text = s.state.text
    line_end = text.find("\n", s.position)
    rest = text[s.position + 1 : len(text) if line_end < 0 else line_end]
    closing = min((i for i in (rest.find(q) for q in CURLY_DOUBLE_QUOTES) if i >= 0), default=-1)
    inner = rest[:closing] if closing >= 0 else rest.split(" ")[0]
    if len(inner) > 30:
        inner = inner[:29] + "…"
    close = rest[closing] if closing >= 0 else ""
    return f"{s.char}{inner}{close}"


def _unfinished_message(s: TokenSlip) -> str:
    keyword, name = s.unfinished
    return f"`{keyword}` needs {_MISSING_NAMES[keyword.type][0]} after it; `{name}` on line {name.line} was read as one"


def _as_percent(token: Token) -> str:
    digits = str(token).lstrip("+")
    try:
        return format((Decimal(digits) * 100).normalize(), "f")
    except ArithmeticError:  # pragma: no cover - the lexer only makes numbers here
        return digits


def _statement_kind(s: TokenSlip) -> str:
    return "metric" if "CONVERSION" in s.expected else "statement" if "STEP" in s.expected or "FLOW" in s.expected else "word"


TOKEN_RULES: tuple[Rule, ...] = (
    Rule(  # a statement in a block that cannot hold it; the braces balance, so no block is left open
        "JS113",
        when=lambda s: is_misplaced_statement(s.error, s.state),
        message=lambda s: f"`{s.token}` cannot be written" + (f" inside a `{s.open_block.keyword}`" if s.open_block else " here"),
        label="misplaced statement",
        help=lambda s: "{} belongs {}; move this statement there".format(
            *_BLOCK_OF_STATEMENTS.get(s.type, (f"`{s.token}`", "directly inside a `journey { … }`"))
        ),
    ),
    Rule(  # `start` alone on its line: the next line's keyword was read as its step id
        "JS100",
        when=lambda s: s.unfinished is not None,
        message=_unfinished_message,
        span=lambda s: _token_span(s.state, s.unfinished[0]),
        label=lambda s: f"add {_MISSING_NAMES[s.unfinished[0].type][0]} here",
        help=lambda s: (
            f"write them on the same line, for example `{_MISSING_NAMES[s.unfinished[0].type][1]}`; "
            f"or delete the unfinished `{s.unfinished[0]}`"
        ),
    ),
    Rule(  # a block left open: the file ends, or a statement of an outer block arrives
        "JS102",
        when=lambda s: "RBRACE" in s.expected and (s.type == "$END" or s.outer_statement) and s.open_block is not None,
        message=_unclosed_block,
        span=_unclosed_span,
        label=lambda s: "this block lacks its `}`" if s.lacking_brace is not None else "expected `}` before this",
        help=_unclosed_help,
        related=_unclosed_related,
    ),
    Rule(  # step view-hotel · flow search -> view-hotel: an id written with a hyphen
        "JS100",
        when=lambda s: s.type == "MINUS" and "MINUS" not in s.expected and _hyphenated(s) is not None,
        message=lambda s: f"`{_hyphenated(s)}` cannot be an id: ids cannot contain `-`; write "
        f"`{_hyphenated(s).replace('-', '_')}`",
        span=_hyphenated_span,
        label=lambda s: f"write `{_hyphenated(s).replace('-', '_')}`",
        help=_hyphen_help,
    ),
    Rule(  # expect time a -> b <= 10m: which time?
        "JS125",
        when=lambda s: s.time_without_statistic is not None,
        message=_time_message,
        span=lambda s: _token_span(s.state, s.time_without_statistic[1]),
        label="write p50, p90 or mean before this",
        help=_time_help,
    ),
    Rule(  # group paperwork a, b · group g all a, b · group g any two of a, b
        "JS116",
        when=lambda s: s.group is not None and bool(s.expected & {"ALL", "ANY", "OF", "SIGNED_NUMBER"})
        and not s.outer_statement,
        message=_group_form_message,
        label="say how many steps",
        help=_GROUP_EXAMPLE,
    ),
    Rule(  # group g all of }  ·  group g all of a, b,
        "JS117",
        when=_in_group_members,
        message=_empty_group_message,
        span=lambda s: _need_span(s) if _keyword_read_as_member(s.group) is not None else s.span,
        label="step ids go here",
        help=_GROUP_EXAMPLE,
    ),
    Rule(
        "JS112",
        when=lambda s: s.type == "RBRACE" and "RBRACE" not in s.expected and s.expected <= {"JOURNEY", "LIBRARY", "USE", "$END"},
        message="this `}` closes nothing",
        label="no open `{` here",
        help="remove it, or check the `{` of the block above",
    ),
    Rule(  # flow a > b, flow a, b
        "JS104",
        when=lambda s: _ARROW in s.expected and (
            (s.type == "COMPARE" and str(s.token) in (">", ">=", "<")) or s.type == "COMMA"
        ),
        message=lambda s: f"steps in a flow are joined by `->`, not `{s.token}`",
        label="write `->` here",
        help=_FLOW_EXAMPLE,
    ),
    Rule(  # when flag == True
        "JS105",
        when=lambda s: "TRUE" in s.expected and s.type == "NAME" and str(s.token) in _NOT_BOOLEANS,
        message=lambda s: f"`{s.token}` is not a value; booleans are written `true` and `false`",
        label="not a value",
        help=lambda s: f"write `{_NOT_BOOLEANS[str(s.token)]}`",
    ),
    Rule(  # when event == purchase
        "JS105",
        when=lambda s: "TRUE" in s.expected and s.type == "NAME",
        message=lambda s: f"the text value `{s.token}` must be in double quotes",
        label="quote this value",
        help=lambda s: f'write "{s.token}"; without quotes a word would be read as a field name, which cannot be compared with',
    ),
    Rule(  # expect conversion a -> b >= 0.5 where a percentage must be
        "JS100",
        when=lambda s: s.type == "SIGNED_NUMBER" and "PERCENT" in s.expected and "SIGNED_NUMBER" not in s.expected,
        message=lambda s: f"a percentage is needed here, not `{s.token}`",
        label="write a percentage",
        help=lambda s: f"write `{_as_percent(s.token)}%`",
    ),
    Rule(  # step cart Review — unless the word starts a line where a statement could start
        "JS105",
        when=lambda s: s.type == "NAME" and "STRING" in s.expected and "NAME" not in s.expected
        and not (s.at_line_start and s.keywords),
        message=lambda s: f"`{s.token}` must be in double quotes",
        label="quote this text",
        help='labels and texts are written in double quotes, like step cart "Review the cart"',
    ),
    Rule(  # a misspelt keyword
        "JS107",
        when=lambda s: s.type == "NAME" and "NAME" not in s.expected and bool(s.keywords),
        message=lambda s: f"unknown {_statement_kind(s)} `{s.token}` here" + (f"; did you mean `{s.guess}`?" if s.guess else ""),
        label="not a keyword here",
        help=lambda s: s.phrase if not s.guess else None,
    ),
    Rule(  # anything else: what came, and what could have
        "JS100",
        when=lambda s: True,
        message=lambda s: f"unexpected {_found(s.token)}" + (f"; {s.phrase}" if s.phrase else ""),
        label="not expected here",
        help=lambda s: _STATEMENT_HINTS.get(s.type) if s.type not in s.expected else None,
    ),
)
"""The rules for a token that does not fit, tried in order."""


def _unclosed_text_span(s: CharacterSlip) -> Span:
    line_end = s.state.text.find("\n", s.position)
    line_end = len(s.state.text) if line_end < 0 else line_end
    return _span(s.state, s.position, max(s.position + 1, line_end), s.error.line, s.error.column)


def _stray_character_help(s: CharacterSlip) -> str | None:
    if not s.char.isprintable():
        return "remove it; is this a binary file?"
    return "remove it; text with special characters belongs in double quotes" if s.char not in "+-.*/!?" else None


def _shown(char: str) -> str:
    return f"U+{ord(char):04X}" if not char.isprintable() or char.isspace() else f"`{char}`"


CHARACTER_RULES: tuple[Rule, ...] = (
    Rule(  # step “Search”: curly quotes pasted from a document
        "JS108",
        when=lambda s: s.char != "" and s.char in CURLY_DOUBLE_QUOTES,
        message=lambda s: f'use straight double quotes "..." (your text has curly quotes {_curly_text(s)})',
        label="curly quote",
        help='type the quotes with the `"` key, or run `journeyspec fmt --fix FILE` to straighten every curly '
        "quote in the file",
    ),
    Rule(  # view-hotel where the lexer cannot read a `-`
        "JS100",
        when=lambda s: s.char == "-" and _hyphenated(s) is not None,
        message=lambda s: f"`{_hyphenated(s)}` cannot be an id: ids cannot contain `-`; write "
        f"`{_hyphenated(s).replace('-', '_')}`",
        span=_hyphenated_span,
        label=lambda s: f"write `{_hyphenated(s).replace('-', '_')}`",
        help=_hyphen_help,
    ),
    Rule(  # flow a = b, flow a - b
        "JS104",
        when=lambda s: s.char in ("=", "-") and _ARROW in s.allowed,
        message="steps in a flow are joined by `->`",
        label="write `->` here",
        help=_FLOW_EXAMPLE,
    ),
    Rule(
        "JS103",
        when=lambda s: s.char == "=",
        message="`=` is not an operator; to compare, write `==`",
        label="use `==`",
        help='for example: when event == "purchase"',
    ),
    Rule(  # `|` and `&` (and, as it always has, the end of the text: "" is in every string)
        "JS108",
        when=lambda s: s.char in "|&",
        message=lambda s: f"`{s.char}` is not an operator; write `{'or' if s.char == '|' else 'and'}`",
        label=lambda s: f"use `{'or' if s.char == '|' else 'and'}`",
        help=lambda s: f'for example: event == "a" {"or" if s.char == "|" else "and"} event == "b"',
    ),
    Rule(
        "JS106",
        when=lambda s: s.char == '"',
        message="this text has no closing quote on its line",
        span=_unclosed_text_span,
        label="unclosed text",
        help='close it with `"`; a quote inside the text is written \\"',
    ),
    Rule(  # anything else
        "JS108",
        when=lambda s: True,
        message=lambda s: f"the character {_shown(s.char)} has no meaning here" + (f"; {s.phrase}" if s.phrase else ""),
        label="unexpected character",
        help=_stray_character_help,
    ),
)
"""The rules for text the lexer cannot read, tried in order."""


_HYPHENATED_ID = re.compile(r"`(?P<word>[A-Za-z_][A-Za-z0-9_-]*)` cannot be an id: ")


def one_per_hyphenated_id(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One error per id written with a hyphen: its later uses become places in that error, not errors of their own."""
    first: dict[str, int] = {}
    found: list[Diagnostic] = []
    for diagnostic in diagnostics:
        match = _HYPHENATED_ID.match(diagnostic.message) if diagnostic.code == "JS100" else None
        if match is None:
            found.append(diagnostic)
            continue
        word = match["word"]
        if word not in first:
            first[word] = len(found)
            found.append(diagnostic)
            continue
        earlier = found[first[word]]
        found[first[word]] = dataclasses.replace(
            earlier, related=(*earlier.related, Related(diagnostic.span, f"`{word}` again: write `{word.replace('-', '_')}`")))
    return found


def _first_rule(rules: tuple[Rule, ...], slip: TokenSlip | CharacterSlip) -> Diagnostic:
    return next(rule for rule in rules if rule.when(slip)).diagnostic(slip)


def describe_token(error: UnexpectedToken, state: BuildState, terminals: Terminals) -> Diagnostic:
    """A diagnostic for a token that does not fit, tailored for the common mistakes (:data:`TOKEN_RULES`)."""
    return _first_rule(TOKEN_RULES, TokenSlip(error, state, terminals))


def describe_characters(error: UnexpectedCharacters, state: BuildState, terminals: Terminals) -> Diagnostic:
    """A diagnostic for text the lexer cannot read (:data:`CHARACTER_RULES`)."""
    return _first_rule(CHARACTER_RULES, CharacterSlip(error, state, terminals))


def too_many_errors(error: UnexpectedInput, state: BuildState) -> Diagnostic:
    """JS109, where the parser stops reading a file with too many syntax errors."""
    line = getattr(error, "line", None) or 1
    column = getattr(error, "column", None) or 1
    start = getattr(error, "pos_in_stream", None) or 0
    return Diagnostic(
        "JS109",
        "too many syntax errors; the rest of the file was not read",
        _span(state, start, start, line, column),
        help="fix the errors above, then validate again",
    )
