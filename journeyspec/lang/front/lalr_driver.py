"""A lean LALR driver for maps that parse cleanly.

Most maps have no syntax error. For those, one loop scans the text and drives
lark's own parse table and rule callbacks directly — the same table, the same
scanner pattern, the same tree — without the per-token bookkeeping of lark's
general driver and its lexer thread. At the first token or character that does
not fit it gives up (:class:`NeedsRecovery`), and the caller parses again with
lark's driver and the full error recovery, so broken maps get exactly the
diagnostics they always did (tests/lang/test_properties.py holds the two
drivers to the same trees).

Two things make it fast besides being one loop:

- Unit rules that lark inlines (``?atom: comparison``) make no node, so they
  run no callback and touch no value: the state on top of the stack is simply
  replaced by the goto. A condition like ``event == "x"`` passes five such
  rules (``predicate → or_test → and_test → not_test → atom``).
- Repetitions (``step_stmt*``, ``("->" NAME)+``) collect into plain lists
  that the enclosing rule splices in, where lark's driver makes a ``Tree``
  per repetition and filters it away again.
- Tokens are made with one allocation and eight slot stores, not through
  ``Token.__new__``'s keyword handling.
"""

from __future__ import annotations

from functools import lru_cache

from lark import Lark, Token
from lark.parsers.lalr_analysis import Shift

from journeyspec.lang.front.lexer import JourneyLexer

_new_str = str.__new__


class NeedsRecovery(Exception):
    """The text has a syntax error; parse it again with recovery."""


_SHIFT, _REDUCE, _UNIT = 0, 1, 2


@lru_cache(maxsize=4)
def _compiled_table(parser: Lark):
    """Lark's table with each action resolved once.

    Each action is ``(_SHIFT, state)``, ``(_REDUCE, (callback, size, rule name))``,
    or ``(_UNIT, rule name)`` for a one-symbol rule whose single child lark
    passes up unchanged (a ``?rule`` without an alias). Rule names arrive as
    lark Tokens; as plain strings their goto lookups skip ``Token.__eq__``.
    """
    driver = parser.parser.parser.parser  # ParsingFrontend -> LALR_Parser -> _Parser
    callbacks = driver.callbacks
    transformer = parser.options.transformer
    reducers = {}
    table = {}
    for state, actions in driver.parse_table.states.items():
        row = {}
        for terminal, (action, arg) in actions.items():
            if action is Shift:
                row[terminal] = (_SHIFT, arg)
            elif _is_unit(arg):
                row[terminal] = (_UNIT, str(arg.origin.name))
            else:
                if arg not in reducers:
                    reducers[arg] = _reducer(arg, callbacks[arg], transformer)
                row[terminal] = (_REDUCE, (reducers[arg], len(arg.expansion), str(arg.origin.name)))
        table[state] = row
    start = driver.parse_table.start_states["start"]
    end = driver.parse_table.end_states["start"]
    return table, start, end


def _hidden(symbol) -> bool:
    """Whether lark splices this symbol's children into its parent (a ``_rule`` or a repetition)."""
    return not symbol.is_term and symbol.name.startswith("_")


def _is_unit(rule) -> bool:
    """A ``?rule`` alternative of one visible symbol: lark passes the child up unchanged."""
    return rule.options.expand1 and rule.alias is None and len(rule.expansion) == 1 and not _hidden(rule.expansion[0])


def _reducer(rule, lark_callback, transformer):
    """The callback for ``rule`` in the lean driver: lark's own, except where hidden rules are involved.

    Lark makes a ``Tree`` for every hidden rule and its parent's child filter
    splices that tree's children in; here a hidden rule's value is the list of
    its children, spliced in the same way (the leftmost in place, as lark's
    filter does for left recursion). Everything else is lark's callback.
    """
    spliced = tuple(i for i, symbol in enumerate(rule.expansion) if _hidden(symbol))
    if not spliced and not rule.origin.name.startswith("_"):
        return lark_callback

    def splice(children: list) -> list:
        if spliced == (0,):
            out = children[0]
            out.extend(children[1:])
            return out
        out = []
        for i, child in enumerate(children):
            if i in spliced:
                out.extend(child)
            else:
                out.append(child)
        return out

    if rule.origin.name.startswith("_"):
        return splice if spliced else list
    name = rule.alias or rule.options.template_source or rule.origin.name
    user = getattr(transformer, name, None)
    if user is None:  # pragma: no cover - every visible rule of the grammar has a builder method
        def user(children, name=name):
            return transformer.__default__(name, children, None)
    if rule.options.expand1 and rule.alias is None:
        return lambda children: (lambda kept: kept[0] if len(kept) == 1 else user(kept))(splice(children))
    return lambda children: user(splice(children))


def parse_clean(parser: Lark, text: str):
    """The callbacks' result for ``text``, or :class:`NeedsRecovery` at the first syntax error.

    The scanning mirrors :meth:`JourneyLexer.lex` (same pattern; words classified
    by the same :meth:`JourneyLexer.word_kind`, asked of the state on top of the
    stack when the token is read).

    It is one long function on purpose: reading a token and feeding it share
    local variables (the stacks, the position, bound methods), and a call per
    token to split it would cost a good part of what the lean driver saves.
    """
    table, state, end_state = _compiled_table(parser)
    lexer: JourneyLexer = parser.parser.lexer
    match_at = lexer.scanner.match
    punctuation, word_kind = lexer.punctuation, lexer.word_kind
    comment_callback = lexer.callbacks.get("COMMENT")
    trailing_space = lexer.trailing_space.match
    count_newlines, last_newline = text.count, text.rindex
    state_stack = [state]
    value_stack: list = []
    push_state, push_value = state_stack.append, value_stack.append
    length = len(text)
    position, line, line_start = 0, 1, 0
    while True:
        # --- read the next token (None at the end of the text) -------------
        token = None
        kind = "$END"
        while position < length:
            found = match_at(text, position)
            if found is None:
                space = trailing_space(text, position)
                if space is not None and space.end() == length:
                    position = length
                    break
                raise NeedsRecovery
            kind = found.lastgroup
            start = found.start(kind)
            if start != position:  # whitespace skipped: keep the line count right
                newlines = count_newlines("\n", position, start)
                if newlines:
                    line += newlines
                    line_start = last_newline("\n", position, start) + 1
            value = found.group(kind)
            position = found.end()
            if kind == "WORD":
                kind = word_kind(value, table[state_stack[-1]])
            elif kind == "PUNCT":
                kind = punctuation[value]
            token = _new_str(Token, value)
            token.type = kind
            token.value = value
            token.start_pos = start
            token.end_pos = position
            token.line = token.end_line = line
            token.column = start - line_start + 1
            token.end_column = position - line_start + 1
            if kind == "COMMENT":
                if comment_callback is not None:
                    comment_callback(token)
                token = None
                kind = "$END"
                continue
            break
        # --- feed it to the parser ----------------------------------------
        while True:
            try:
                action, arg = table[state_stack[-1]][kind]
            except KeyError:
                raise NeedsRecovery from None
            if action == _SHIFT:
                if token is None:  # pragma: no cover - the grammar shifts no end marker
                    raise NeedsRecovery
                push_state(arg)
                push_value(token)
                break
            if action == _UNIT:
                # The single child stays on the value stack as it is.
                state_stack[-1] = table[state_stack[-2]][arg][1]
            else:
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
