"""Text to syntax tree: the cached LALR parser, with error recovery.

The parser keeps going after a syntax error so that one run reports every
broken statement of a file: it skips to the next statement keyword or closing
brace and pops the parser's stack until that token fits (panic-mode recovery).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from journeyspec.diagnostics import Diagnostic
from journeyspec.ir.base import Span
from journeyspec.lang.front.builder import CURRENT, BuildState, SyntaxBuilder, on_comment
from journeyspec.lang.front.expected import Terminals
from journeyspec.lang.front.lalr_driver import NeedsRecovery, parse_clean
from journeyspec.lang.front.lexer import JourneyLexer
from journeyspec.lang.front.parser_cache import build_cached
from journeyspec.lang.front.syntax import SyntaxFile
from journeyspec.lang.front.syntax_errors import (
    STATEMENT_TYPES,
    describe_characters,
    describe_token,
    one_per_hyphenated_id,
    is_misplaced_statement,
    too_many_errors,
)

MAX_SYNTAX_ERRORS = 20
"""After this many syntax errors in one file the rest is not read (JS109)."""

MAX_RECOVERY_STEPS = 2000
"""Hard bound on recovery attempts, so hostile input cannot make parsing slow."""

# Tokens the recovery can resynchronise on: every statement keyword, and `}`.
SYNC_TYPES = STATEMENT_TYPES | {"RBRACE"}

_SYNC_WORDS = sorted(t.lower() for t in SYNC_TYPES if t != "RBRACE")
# Skip over quoted text and comments, stop at a statement keyword or a `}`.
_SYNC_SEARCH = re.compile(
    r'"(?:[^"\\\n\r]|\\[^\n\r])*"|#[^\r\n]*|(?<![A-Za-z0-9_.])(?:' + "|".join(_SYNC_WORDS) + r")(?![A-Za-z0-9_])|\}"
    r"|(?<=\n)[ \t]*(?P<line_start>[A-Za-z_])|\{"
)
_BRACES = re.compile(r'"(?:[^"\\\n\r]|\\[^\n\r])*"|#[^\r\n]*|[{}]')


_BRACKETS = re.compile(r'"(?:[^"\\\n\r]|\\[^\n\r])*"|#[^\r\n]*|[()\[\]]')
MAX_BRACKET_DEPTH = 100
"""Deeper parentheses are refused before parsing (JS111): no map needs them, and parsing them costs time."""


def too_deep(text: str, file: str | None) -> Diagnostic | None:
    """JS111 at the first parenthesis nested deeper than :data:`MAX_BRACKET_DEPTH`, found without parsing."""
    if text.count("(") + text.count("[") <= MAX_BRACKET_DEPTH:
        return None
    depth = 0
    for found in _BRACKETS.finditer(text):
        mark = found.group(0)
        if mark in "([":
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                start = found.start()
                line = text.count("\n", 0, start) + 1
                column = start - (text.rfind("\n", 0, start) + 1) + 1
                return Diagnostic(
                    "JS111",
                    f"parentheses are nested more than {MAX_BRACKET_DEPTH} levels deep here",
                    Span(file=file, start=start, end=start + 1, line=line, column=column, end_line=line, end_column=column + 1),
                    help="split the condition into simpler ones; `and`/`or` chains need no parentheses",
                )
        elif mark in ")]":
            depth = max(0, depth - 1)
    return None


def braces_balanced(text: str) -> bool:
    """Whether every `{` outside quoted text and comments has its `}` (then no brace is missing)."""
    depth = 0
    for found in _BRACES.finditer(text):
        mark = found.group(0)
        if mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@lru_cache(maxsize=2)
def lark_parser(strict: bool = False) -> Lark:
    """The LALR parser for the journey grammar, built once per process.

    ``strict=True`` makes lark refuse any shift/reduce conflict or terminal
    collision; the test suite builds it that way (tests/lang/test_grammar.py),
    so an ambiguous grammar change fails CI. At run time the check is skipped:
    it costs most of a second per process and cannot change the parse tables
    of a grammar that passed it. The analysed grammar is kept in the user's
    cache folder between processes (:mod:`journeyspec.lang.front.parser_cache`).
    """
    grammar = resources.files("journeyspec.lang.front").joinpath("journey.lark").read_text(encoding="utf-8")

    def build(cache: bool | str = False) -> Lark:
        return Lark(
            grammar,
            parser="lalr",
            lexer=JourneyLexer,
            strict=strict,
            keep_all_tokens=True,
            maybe_placeholders=False,
            propagate_positions=False,
            transformer=SyntaxBuilder(),
            lexer_callbacks={"COMMENT": on_comment},  # read by JourneyLexer
            cache=cache,
        )

    # The strict check runs on the grammar itself; a cached table would skip it.
    return build() if strict else build_cached(grammar, build)


@lru_cache(maxsize=4)
def terminals(parser: Lark) -> Terminals:
    """The parser's terminals by name, which syntax errors are described in."""
    return {terminal.name: terminal for terminal in parser.terminals}


class _StopParsing(Exception):
    pass


class _Recovery:
    """The ``on_error`` handler: records a diagnostic per broken statement, then resynchronises."""

    def __init__(self, state: BuildState, terminals: Terminals):
        self.state = state
        self.terminals = terminals
        self.errors: list[Diagnostic] = []
        self.recovering = False
        self.steps = 0
        # Offset of a word that starts a line after a broken statement: most
        # statements start on their own line, so it is a likely new statement.
        self.line_sync_at: int | None = None
        # Where the last skip stopped: an error beyond it means the parser
        # accepted the text there, so the new error is a fresh one.
        self.sync_target: int | None = None

    def __call__(self, error: UnexpectedInput) -> bool:
        self.steps += 1
        if self.steps > MAX_RECOVERY_STEPS:
            raise _StopParsing
        position = error.token.start_pos if isinstance(error, UnexpectedToken) else error.pos_in_stream
        if self.recovering and self.sync_target is not None and position is not None and position > self.sync_target:
            self.recovering = False
        if (
            isinstance(error, UnexpectedToken)
            and self.line_sync_at is not None
            and error.token.start_pos == self.line_sync_at
        ):
            self.line_sync_at = None
            if self._pop_to_statement_level(error):
                self.recovering = False
                if error.token.type in error.expected:
                    error.interactive_parser.feed_token(error.token)
                    return True
        if not self.recovering:
            if len(self.errors) >= MAX_SYNTAX_ERRORS:
                self.errors.append(too_many_errors(error, self.state))
                raise _StopParsing
            self.errors.append(self._describe(error))
        self.recovering = True
        if isinstance(error, UnexpectedToken):
            token = error.token
            if token.type == "$END":
                raise _StopParsing
            if is_misplaced_statement(error, self.state):
                # The braces balance, so the statement is in the wrong block
                # rather than a block left open: skip it, stay in this block.
                self._skip_to_sync(error)
                return True
            if token.type in SYNC_TYPES and self._resynchronise(error, token):
                return True
        self._skip_to_sync(error)
        return True

    def _describe(self, error: UnexpectedInput) -> Diagnostic:
        if isinstance(error, UnexpectedToken):
            return describe_token(error, self.state, self.terminals)
        if isinstance(error, UnexpectedCharacters):
            return describe_characters(error, self.state, self.terminals)
        raise error  # pragma: no cover - lark raises no other kind from an LALR parse

    def _resynchronise(self, error: UnexpectedToken, token: Token) -> bool:
        parser_state = error.interactive_parser.parser_state
        table = parser_state.parse_conf.parse_table.states
        states, values = parser_state.state_stack, parser_state.value_stack
        depth = len(states)
        while depth > 0 and token.type not in table[states[depth - 1]]:
            depth -= 1
        if depth == 0:
            return False
        del states[depth:]
        del values[depth - 1 :]
        error.interactive_parser.feed_token(token)
        self.recovering = False
        return True

    def _pop_to_statement_level(self, error: UnexpectedToken) -> bool:
        """Pop the parser back to the innermost block's statement list, as if the broken statement ended."""
        parser_state = error.interactive_parser.parser_state
        table = parser_state.parse_conf.parse_table.states
        states, values = parser_state.state_stack, parser_state.value_stack
        depth = len(states)
        while depth > 0:
            accepted = table[states[depth - 1]]
            if "RBRACE" in accepted and any(t in accepted for t in SYNC_TYPES if t != "RBRACE"):
                break
            depth -= 1
        if depth == 0:
            return False
        del states[depth:]
        del values[depth - 1 :]
        error.expected = {t for t in table[states[-1]] if t.isupper()}
        return True

    def _skip_to_sync(self, error: UnexpectedInput) -> None:
        """Move the lexer to the next statement keyword or `}` (after the current position)."""
        lexer_state = error.interactive_parser.lexer_thread.state if error.interactive_parser else None
        if lexer_state is None:  # pragma: no cover - LALR errors always carry the parser
            raise _StopParsing
        counter = lexer_state.line_ctr
        text = lexer_state.text.text
        position = counter.char_pos
        if isinstance(error, UnexpectedCharacters):
            position += 1  # never stay on the character that failed
        depth = 0  # blocks opened inside the skipped text are skipped whole
        while True:
            found = _SYNC_SEARCH.search(text, position)
            if found is None:
                target = len(text)
                break
            mark = found.group(0)
            if mark[0] in '"#' or (depth and mark not in ("{", "}")):
                position = found.end()
                continue
            if mark == "{":
                depth += 1
                position = found.end()
                continue
            if mark == "}" and depth:
                depth -= 1
                position = found.end()
                continue
            if found.group("line_start") is not None:
                target = found.start("line_start")
                self.line_sync_at = target
                break
            target = found.start()
            break
        self.sync_target = target
        if target > counter.char_pos:
            counter.feed(text[counter.char_pos : target])


def _parse_clean(text: str, file: str | None) -> tuple[SyntaxFile, list[Diagnostic]] | None:
    """The lean driver's result, or ``None`` when the text has a syntax error (or the builder chokes on it)."""
    state = BuildState(file=file, text=text, balanced=lambda: braces_balanced(text))
    token = CURRENT.set(state)
    try:
        journeys = parse_clean(lark_parser(), text)
    except NeedsRecovery:
        return None
    finally:
        CURRENT.reset(token)
    return SyntaxFile.of(text, file, journeys, state.comments), state.diagnostics


def parse_if_clean(text: str, file: str | None = None) -> tuple[SyntaxFile, list[Diagnostic]] | None:
    """:func:`parse_syntax`'s result when ``text`` has no syntax error; ``None`` (quickly) when it has one."""
    if too_deep(text, file) is not None:
        return None
    return _parse_clean(text, file)


def parse_syntax(
    text: str, file: str | None = None, *, use_fast_path: bool = True
) -> tuple[SyntaxFile | None, list[Diagnostic]]:
    """Parse map text into a syntax tree.

    Returns the tree (``None`` when there were syntax errors) and the
    diagnostics found while reading: syntax errors, invalid escapes, nesting
    too deep. Never raises for bad input.
    """
    nested = too_deep(text, file)
    if nested is not None:
        return None, [nested]
    if use_fast_path:
        clean = _parse_clean(text, file)
        if clean is not None:
            return clean
    parser = lark_parser()
    state = BuildState(file=file, text=text, balanced=lambda: braces_balanced(text))
    token = CURRENT.set(state)
    recovery = _Recovery(state, terminals(parser))
    try:
        try:
            journeys = parser.parse(text, on_error=recovery)
        except _StopParsing:
            journeys = None
        except UnexpectedEOF as error:  # raised outside on_error when $END cannot be placed
            recovery.errors.append(describe_token(error, state, recovery.terminals)) if not recovery.errors else None
            journeys = None
        except UnexpectedInput as error:
            if not recovery.errors:
                recovery.errors.append(recovery._describe(error))
            journeys = None
        except Exception:
            # A syntax error can leave half-built statements that the builder
            # cannot make sense of; the syntax error is the finding then.
            if not recovery.errors and not state.diagnostics:
                raise
            journeys = None
    finally:
        CURRENT.reset(token)
    diagnostics = one_per_hyphenated_id(recovery.errors) + state.diagnostics
    if recovery.errors or journeys is None:
        return None, diagnostics
    return SyntaxFile.of(text, file, journeys, state.comments), diagnostics


def expected_after(text: str, file: str | None = None) -> frozenset[str]:
    """The terminals the parser accepts after ``text``: a map cut at an editor's cursor.

    Syntax errors earlier in ``text`` are recovered from as :func:`parse_syntax`
    recovers, so a half-written line further up does not hide what fits at the
    end. The names are lark's (``STEP``, ``NAME``, ``RBRACE`` …); a language
    server turns them into completions. Never raises for bad input: an empty set
    means nothing could be said.
    """
    if too_deep(text, file) is not None:
        return frozenset()
    parser = lark_parser()
    state = BuildState(file=file, text=text, balanced=lambda: braces_balanced(text))
    token = CURRENT.set(state)
    recovery = _Recovery(state, terminals(parser))
    found: set[str] = set()

    def at_end(error: UnexpectedInput) -> bool:
        if isinstance(error, UnexpectedToken) and error.token.type == "$END":
            if not recovery.recovering:
                found.update(error.expected)
            raise _StopParsing
        return recovery(error)

    try:
        parser.parse(text, on_error=at_end)
        found.add("JOURNEY")  # the text is whole: another journey may follow
    except UnexpectedEOF as error:
        found.update(error.expected or ())
    except Exception:  # noqa: BLE001, S110 - _StopParsing, or a half-built statement the builder refused:
        pass  # what was found before it is the answer
    finally:
        CURRENT.reset(token)
    return frozenset(found)
