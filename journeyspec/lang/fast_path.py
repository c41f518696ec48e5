"""A lean LALR driver for maps that parse cleanly.

Most maps have no syntax error. For those, this loop drives lark's own parse
table and rule callbacks directly — the same table, the same tree — without
the per-token bookkeeping lark's general driver does for error handling. At the
first token that does not fit it gives up (:class:`NeedsRecovery`), and the
caller parses again with lark's driver and the full error recovery, so broken
maps get exactly the diagnostics they always did.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import chain

from lark import Lark
from lark.exceptions import UnexpectedCharacters
from lark.lexer import LexerState, TextSlice
from lark.parsers.lalr_analysis import Shift


class NeedsRecovery(Exception):
    """The text has a syntax error; parse it again with recovery."""


class _Position:
    """What the contextual scanner asks the parser: its current state and its table."""

    __slots__ = ("stack", "parse_conf", "parse_table")

    def __init__(self, stack: list, table) -> None:
        self.stack = stack
        self.parse_conf = self
        self.parse_table = table  # read as parse_conf.parse_table

    @property
    def position(self):
        return self.stack[-1]


@lru_cache(maxsize=4)
def _compiled_table(parser: Lark):
    """Lark's table with each reduce action resolved once to (callback, size, rule name)."""
    driver = parser.parser.parser.parser  # ParsingFrontend -> LALR_Parser -> _Parser
    callbacks = driver.callbacks
    table = {}
    for state, actions in driver.parse_table.states.items():
        row = {}
        for terminal, (action, arg) in actions.items():
            if action is Shift:
                row[terminal] = (True, arg)
            else:
                row[terminal] = (False, (callbacks[arg], len(arg.expansion), arg.origin.name))
        table[state] = row
    start = driver.parse_table.start_states["start"]
    end = driver.parse_table.end_states["start"]
    return table, start, end, driver.parse_table


def parse_clean(parser: Lark, text: str):
    """The callbacks' result for ``text``, or :class:`NeedsRecovery` at the first syntax error."""
    table, start_state, end_state, lark_table = _compiled_table(parser)
    state_stack = [start_state]
    value_stack: list = []
    push_state, push_value = state_stack.append, value_stack.append
    lexer = parser.parser.lexer
    tokens = lexer.lex(LexerState(TextSlice.cast_from(text)), _Position(state_stack, lark_table))
    try:
        # The end marker is the last lookahead; it is never shifted: the
        # reductions it triggers end in the accepting state.
        for token in chain(tokens, (None,)):
            kind = "$END" if token is None else token.type
            while True:
                try:
                    shift, arg = table[state_stack[-1]][kind]
                except KeyError:
                    raise NeedsRecovery from None
                if shift:
                    if token is None:  # pragma: no cover - the grammar shifts no end marker
                        raise NeedsRecovery
                    push_state(arg)
                    push_value(token)
                    break
                callback, size, name = arg
                if size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                push_value(callback(children))
                push_state(table[state_stack[-1]][name][1])
                if token is None and state_stack[-1] == end_state:
                    return value_stack[-1]
    except UnexpectedCharacters:
        raise NeedsRecovery from None
    raise NeedsRecovery  # pragma: no cover - the end marker always ends the loop above
