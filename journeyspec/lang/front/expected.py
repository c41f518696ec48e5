"""What the parser expected, in the author's words.

Lark names its terminals (``__ANON_0``, ``RBRACE``, ``SIGNED_NUMBER``); an
author reads `` `->` ``, `` `}` `` and "a number". Fixed texts are shown as
written, kinds of value in words, commonest first.
"""

from __future__ import annotations

from collections.abc import Mapping

from lark.exceptions import UnexpectedInput
from lark.lexer import TerminalDef

Terminals = Mapping[str, TerminalDef]
"""The grammar's terminals by name, as the built parser knows them."""

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

_PATTERN_ORDER = ["NAME", "STRING", "SIGNED_NUMBER", "PERCENT", "DURATION", "POINTS", "COMPARE", "SCOPE_KIND", "REPEATS_KIND", "$END"]


def _terminal_text(name: str, terminals: Terminals) -> str | None:
    if name in _PATTERN_WORDS:
        return _PATTERN_WORDS[name]
    terminal = terminals.get(name)
    if terminal is not None and terminal.pattern.type == "str":
        return f"`{terminal.pattern.value}`"
    return None


def keyword_of(name: str, terminals: Terminals) -> str | None:
    """The keyword a terminal stands for (``STEP`` -> ``step``), or ``None`` when it is not a word."""
    terminal = terminals.get(name)
    if terminal is not None and terminal.pattern.type == "str" and terminal.pattern.value.isalpha():
        return terminal.pattern.value
    return None


def expected_words(error: UnexpectedInput, terminals: Terminals) -> list[str]:
    """The expected terminals as an author reads them: fixed texts sorted, then kinds of value, commonest first."""
    expected = set(getattr(error, "expected", None) or getattr(error, "allowed", None) or ())
    fixed = sorted({w for w in (_terminal_text(n, terminals) for n in expected if n not in _PATTERN_WORDS) if w})
    kinds = [_PATTERN_WORDS[n] for n in _PATTERN_ORDER if n in expected]
    return fixed + kinds


def expected_phrase(error: UnexpectedInput, terminals: Terminals) -> str:
    """``expected `->` or `{` ``, or a few statement keywords when almost anything could follow."""
    words = expected_words(error, terminals)
    if not words:
        return ""
    if len(words) > 8:
        keywords = [w for w in words if w.startswith("`") and w.strip("`").isalpha()]
        shown = ", ".join(keywords[:6])
        return f"expected a statement such as {shown} …"
    if len(words) == 1:
        return f"expected {words[0]}"
    return "expected " + ", ".join(words[:-1]) + " or " + words[-1]
