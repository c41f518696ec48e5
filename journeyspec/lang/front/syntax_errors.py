"""Syntax errors in the language's own words.

Lark reports terminal names (``__ANON_0``, ``RBRACE``); a map author needs
``expected "->" or "{"`` and, for the common slips, a sentence that says what
to write instead.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from journeyspec.diagnostics import Diagnostic, Related
from journeyspec.ir.base import Span
from journeyspec.lang.front.builder import BuildState
from journeyspec.diagnostics.suggest import closest

# Words for the terminals that are patterns rather than fixed text.
_PATTERN_WORDS = {
    "NAME": "a name",
    "STRING": "quoted text",
    "PERCENT": "a percentage",
    "POINTS": "a change in percentage points (like `-5pp`)",
    "DURATION": "a duration (like `30s`, `15m`, `2h`, `1d`)",
    "SIGNED_NUMBER": "a number",
    "COMPARE": "a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`)",
    "SCOPE_KIND": "`session` or `user`",
    "REPEATS_KIND": "`collapse` or `keep`",
    "$END": "the end of the file",
}

_BLOCK_KEYWORDS = {"JOURNEY": "journey", "STAGE": "stage", "STEP": "step", "PERSONA": "persona"}

_STATEMENT_HINTS = {
    "STEP": "steps belong inside a `stage { … }`",
    "FLOW": "`flow` belongs in the journey, after the stages",
    "START": "`start` belongs in the journey, after the stages",
    "SUCCESS": "`success` belongs in the journey, after the stages",
    "EXPECT": "`expect` belongs in the journey, not inside a stage or step",
    "STAGE": "stages belong directly inside a `journey { … }`",
    "WHEN": "`when` belongs inside a `step { … }`",
    "EMOTION": "`emotion` belongs inside a `stage { … }` or a `step { … }`",
}


@lru_cache(maxsize=1)
def _terminals() -> dict:
    from journeyspec.lang.front.parser import lark_parser  # the parser imports this module

    return {terminal.name: terminal for terminal in lark_parser().terminals}


def _terminal_text(name: str, error: UnexpectedInput) -> str | None:
    if name in _PATTERN_WORDS:
        return _PATTERN_WORDS[name]
    terminal = _terminals().get(name)
    if terminal is not None and terminal.pattern.type == "str":
        return f"`{terminal.pattern.value}`"
    return None


def _keyword_of(name: str, error: UnexpectedInput) -> str | None:
    terminal = _terminals().get(name)
    if terminal is not None and terminal.pattern.type == "str" and terminal.pattern.value.isalpha():
        return terminal.pattern.value
    return None


_PATTERN_ORDER = ["NAME", "STRING", "SIGNED_NUMBER", "PERCENT", "DURATION", "POINTS", "COMPARE", "SCOPE_KIND", "REPEATS_KIND", "$END"]


def expected_words(error: UnexpectedInput) -> list[str]:
    """The expected terminals as an author reads them: fixed texts sorted, then kinds of value, commonest first."""
    expected = set(getattr(error, "expected", None) or getattr(error, "allowed", None) or ())
    fixed = sorted({w for w in (_terminal_text(n, error) for n in expected if n not in _PATTERN_WORDS) if w})
    kinds = [_PATTERN_WORDS[n] for n in _PATTERN_ORDER if n in expected]
    return fixed + kinds


def expected_phrase(error: UnexpectedInput) -> str:
    words = expected_words(error)
    if not words:
        return ""
    if len(words) > 8:
        keywords = [w for w in words if w.startswith("`") and w.strip("`").isalpha()]
        shown = ", ".join(keywords[:6])
        return f"expected a statement such as {shown} …"
    if len(words) == 1:
        return f"expected {words[0]}"
    return "expected " + ", ".join(words[:-1]) + " or " + words[-1]


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


def _open_block(error: UnexpectedToken) -> tuple[str, Token, Token | None] | None:
    """The innermost `{` still open on the parser's stack: (block keyword, brace, block name)."""
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
            return keyword, value, name
    return None


_STATEMENT_TYPES = frozenset(
    {
        "JOURNEY", "DESCRIPTION", "OWNER", "TAGS", "SCOPE", "REPEATS", "PERSONA", "GOAL", "VALUE", "STAGE",
        "EMOTION", "PAIN", "OPPORTUNITY", "STEP", "CHANNEL", "TOUCHPOINT", "WHEN", "START", "SUCCESS", "FLOW",
        "IGNORE", "FRICTION", "SENTIMENT", "EXPECT",
    }
)  # fmt: skip

_BLOCK_OF_STATEMENTS = {
    "STEP": ("a `step`", "inside a `stage { … }`"),
    "STAGE": ("a `stage`", "directly inside a `journey { … }`"),
    "PERSONA": ("a `persona`", "directly inside a `journey { … }`"),
    "JOURNEY": ("a `journey`", "at the top of the file, not inside another block"),
    "WHEN": ("`when`", "inside a `step { … }`"),
    "CHANNEL": ("`channel`", "inside a `step { … }`"),
    "TOUCHPOINT": ("`touchpoint`", "inside a `step { … }`"),
    "PAIN": ("`pain`", "inside a `stage { … }`"),
    "OPPORTUNITY": ("`opportunity`", "inside a `stage { … }`"),
    "EMOTION": ("`emotion`", "inside a `stage { … }` or a `step { … }`"),
}


def is_misplaced_statement(error: UnexpectedToken, state: BuildState) -> bool:
    """A statement keyword where the current block cannot hold it, in a file whose braces balance."""
    token = error.token
    expected = set(error.expected or ())
    return (
        token.type in _STATEMENT_TYPES
        and token.type not in expected
        and "RBRACE" in expected
        and state.braces_balanced()
    )


def _misplaced(error: UnexpectedToken, state: BuildState, span: Span) -> Diagnostic:
    token = error.token
    open_block = _open_block(error)
    inside = f" inside a `{open_block[0]}`" if open_block else " here"
    what, where = _BLOCK_OF_STATEMENTS.get(token.type, (f"`{token}`", "directly inside a `journey { … }`"))
    return Diagnostic(
        "JS113",
        f"`{token}` cannot be written{inside}",
        span,
        label="misplaced statement",
        help=f"{what} belongs {where}; move this statement there",
    )


# What a statement keyword is missing when the next line's keyword was read as its
# id, and an example of the statement written whole.
_MISSING_NAMES = {
    "START": ("at least one step id", "start landing, search"),
    "SUCCESS": ("at least one step id", "success purchase"),
    "FLOW": ("the steps of the flow", "flow search -> product -> cart"),
    "TAGS": ("at least one tag", "tags ecommerce, web"),
    "CHANNEL": ("a channel name", "channel web"),
    "STEP": ("a step id", 'step cart "Review the cart"'),
    "STAGE": ("a stage id", 'stage buy "Buy" { … }'),
    "PERSONA": ("a persona id", 'persona first_timer "First-time shopper"'),
    "JOURNEY": ("a journey id", 'journey checkout "Web shop checkout" { … }'),
}


def _keyword_read_as_name(error: UnexpectedToken, state: BuildState) -> Diagnostic | None:
    """`start` with nothing after it, so that the next line's keyword was taken as its step id.

    Every word can be an id (`step start`), so the parser cannot tell `start`
    followed on the next line by `success b` from a start step called
    `success`; only the error after it shows the slip. Reported at the keyword
    that lacks its ids, since that is the line to fix.
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
    if name.upper() not in _STATEMENT_TYPES:
        return None
    missing, example = _MISSING_NAMES[keyword.type]
    return Diagnostic(
        "JS100",
        f"`{keyword}` needs {missing} after it; `{name}` on line {name.line} was read as one",
        _token_span(state, keyword),
        label=f"add {missing} here",
        help=f"write them on the same line, for example `{example}`; or delete the unfinished `{keyword}`",
    )


def describe_token(error: UnexpectedToken, state: BuildState) -> Diagnostic:
    """A diagnostic for a token that does not fit, tailored for the common mistakes."""
    token = error.token
    expected = set(error.expected or ())
    span = _token_span(state, token)
    phrase = expected_phrase(error)

    if is_misplaced_statement(error, state):
        return _misplaced(error, state, span)

    keyword_as_name = _keyword_read_as_name(error, state)
    if keyword_as_name is not None:
        return keyword_as_name

    # A block left open: the file ends, or a statement of an outer block arrives.
    if "RBRACE" in expected and (token.type == "$END" or (token.type in _STATEMENT_TYPES and token.type not in expected)):
        open_block = _open_block(error)
        if open_block is not None:
            keyword, brace, name = open_block
            what = f"the `{keyword}` block" + (f" `{name}`" if name is not None else "")
            brace_span = _token_span(state, brace)
            where = "the file ends" if token.type == "$END" else f"{_found(token)} begins"
            return Diagnostic(
                "JS102",
                f"{what} opened on line {brace.line} is not closed before {where}",
                span,
                label="expected `}` before this",
                help="add the missing `}` where the block should end",
                related=(Related(brace_span, "this `{` is never closed"),),
            )

    if token.type == "RBRACE" and "RBRACE" not in expected and expected <= {"JOURNEY", "$END"}:
        return Diagnostic(
            "JS112",
            "this `}` closes nothing",
            span,
            label="no open `{` here",
            help="remove it, or check the `{` of the block above",
        )

    if token.type == "COMPARE" and "__ANON_0" in expected and str(token) in (">", ">=", "<"):
        return Diagnostic(
            "JS104",
            f"steps in a flow are joined by `->`, not `{token}`",
            span,
            label="write `->` here",
            help="for example: flow search -> product -> cart",
        )

    at_line_start = token.type != "$END" and state.text[state.text.rfind("\n", 0, token.start_pos) + 1 : token.start_pos].strip() == ""

    if token.type == "COMMA" and "__ANON_0" in expected:
        return Diagnostic(
            "JS104",
            "steps in a flow are joined by `->`, not `,`",
            span,
            label="write `->` here",
            help="for example: flow search -> product -> cart",
        )

    if "TRUE" in expected and token.type == "NAME":
        if str(token) in ("True", "False", "TRUE", "FALSE", "yes", "no"):
            return Diagnostic(
                "JS105",
                f"`{token}` is not a value; booleans are written `true` and `false`",
                span,
                label="not a value",
                help=f"write `{'true' if str(token).lower() in ('true', 'yes') else 'false'}`",
            )
        return Diagnostic(
            "JS105",
            f"the text value `{token}` must be in double quotes",
            span,
            label="quote this value",
            help=f'write "{token}"; without quotes a word would be read as a field name, which cannot be compared with',
        )

    if token.type == "SIGNED_NUMBER" and "PERCENT" in expected and "SIGNED_NUMBER" not in expected:
        digits = str(token).lstrip("+")
        try:
            as_percent = format((Decimal(digits) * 100).normalize(), "f")
        except ArithmeticError:  # pragma: no cover - the lexer only makes numbers here
            as_percent = digits
        return Diagnostic(
            "JS100",
            f"a percentage is needed here, not `{token}`",
            span,
            label="write a percentage",
            help=f"write `{as_percent}%`",
        )

    if token.type == "NAME" and "STRING" in expected and "NAME" not in expected and not (
        at_line_start and any(_keyword_of(name, error) for name in expected)
    ):
        return Diagnostic(
            "JS105",
            f"`{token}` must be in double quotes",
            span,
            label="quote this text",
            help='labels and texts are written in double quotes, like step cart "Review the cart"',
        )

    if token.type == "NAME" and "NAME" not in expected:
        keywords = sorted(k for k in (_keyword_of(name, error) for name in expected) if k)
        if keywords:
            guess = closest(str(token), keywords)
            suggestion = f"; did you mean `{guess}`?" if guess else ""
            what = "metric" if "CONVERSION" in expected else "statement" if "STEP" in expected or "FLOW" in expected else "word"
            return Diagnostic(
                "JS107",
                f"unknown {what} `{token}` here{suggestion}",
                span,
                label="not a keyword here",
                help=phrase if not guess else None,
            )

    hint = _STATEMENT_HINTS.get(token.type) if token.type not in expected else None
    message = f"unexpected {_found(token)}"
    if phrase:
        message += f"; {phrase}"
    return Diagnostic("JS100", message, span, label="not expected here", help=hint)


def describe_characters(error: UnexpectedCharacters, state: BuildState) -> Diagnostic:
    """A diagnostic for text the lexer cannot read."""
    position = error.pos_in_stream
    char = state.text[position] if position < len(state.text) else ""
    span = _span(state, position, position + 1, error.line, error.column)
    allowed = set(error.allowed or ())
    if char == "=":
        if "__ANON_0" in allowed:
            return Diagnostic("JS104", "steps in a flow are joined by `->`", span, label="write `->` here", help="for example: flow search -> product -> cart")
        return Diagnostic(
            "JS103",
            "`=` is not an operator; to compare, write `==`",
            span,
            label="use `==`",
            help='for example: when event == "purchase"',
        )
    if char in "|&":
        word = "or" if char == "|" else "and"
        return Diagnostic(
            "JS108",
            f"`{char}` is not an operator; write `{word}`",
            span,
            label=f"use `{word}`",
            help=f'for example: event == "a" {word} event == "b"',
        )
    if char == "-" and "__ANON_0" in allowed:
        return Diagnostic("JS104", "steps in a flow are joined by `->`", span, label="write `->` here", help="for example: flow search -> product -> cart")
    if char == '"':
        line_end = state.text.find("\n", position)
        line_end = len(state.text) if line_end < 0 else line_end
        span = _span(state, position, max(position + 1, line_end), error.line, error.column)
        return Diagnostic(
            "JS106",
            "this text has no closing quote on its line",
            span,
            label="unclosed text",
            help='close it with `"`; a quote inside the text is written \\"',
        )
    shown = f"U+{ord(char):04X}" if not char.isprintable() or char.isspace() else f"`{char}`"
    phrase = expected_phrase(error)
    return Diagnostic(
        "JS108",
        f"the character {shown} has no meaning here" + (f"; {phrase}" if phrase else ""),
        span,
        label="unexpected character",
        help=(
            "remove it; is this a binary file?"
            if not char.isprintable()
            else "remove it; text with special characters belongs in double quotes"
            if char not in "+-.*/!?"
            else None
        ),
    )


def too_many_errors(error: UnexpectedInput, state: BuildState) -> Diagnostic:
    line = getattr(error, "line", None) or 1
    column = getattr(error, "column", None) or 1
    start = getattr(error, "pos_in_stream", None) or 0
    return Diagnostic(
        "JS109",
        "too many syntax errors; the rest of the file was not read",
        _span(state, start, start, line, column),
        help="fix the errors above, then validate again",
    )
