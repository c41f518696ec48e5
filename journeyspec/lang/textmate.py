"""The TextMate grammar editors colour maps with, generated from ``front/journey.lark``.

``editors/textmate/journey.tmLanguage.json`` is this module's output (VS Code, Sublime
Text, GitHub's linguist, shiki and TextMate read the format); a test keeps the two equal.
Run ``make spec`` after editing the grammar.

What comes from the parser's grammar, so that it cannot drift:

- every keyword: each is placed in one of the roles of ``KEYWORD_ROLES`` (which colour
  it gets), and a keyword the grammar has but the table does not is an error here, so a
  new keyword cannot go uncoloured;
- every token's regular expression (names, text, numbers, percentages, points,
  durations, comparisons, comments, the ``scope`` and ``repeats`` words), in the
  grammar's own order of priority;
- every punctuation mark and operator, through ``SYMBOLS``, checked the same way.

TextMate reads a line at a time and cannot parse, so a few rules look at their
neighbours instead: the word after ``step`` is the step's id, a name right before a
comparison is an event field, the words after ``allow`` are warning names, and an
expectation's comparison is no condition (``expect reach paid >= 5%``: ``paid`` is a
step, not a field).
"""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from importlib import resources
from typing import Any

from lark import Lark
from lark.lexer import PatternRE, PatternStr

from journeyspec.ir.expectations import TIME_STATISTICS

SCOPE_NAME = "source.journey"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Which colour each keyword gets, by what it does. Scope names follow the TextMate
# conventions every colour theme styles (storage.type, keyword.other, support.function…).
KEYWORD_ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "declaration": ("storage.type.{word}.journey", ("journey", "library", "persona", "stage", "step", "group")),
    "statement": (
        "keyword.other.{word}.journey",
        _words(
            "description owner tags scope repeats goal value emotion pain opportunity channel touchpoint when"
            " start success end allow flow ignore friction sentiment expect judge use"
            " thought quote frontstage backstage support moment truth icon"
        ),
    ),
    "metric": (
        "support.function.metric.journey",
        _words("sessions conformance conversion reach dropoff at time skips unexpected transitions switches share"),
    ),
    "qualifier": (
        "keyword.other.qualifier.journey",
        ("where", "within", "confidence", "min", "vs", "baseline", "point", "estimate", "by", "from", "for"),
    ),
    "group": ("keyword.other.group.journey", ("all", "any", "of")),
    "logical": ("keyword.operator.logical.journey", ("and", "or", "not")),
    "test": ("keyword.operator.word.journey", ("in", "exists")),
    "boolean": ("constant.language.boolean.journey", ("true", "false")),
}

# Punctuation and operators, by their text in the grammar.
SYMBOLS: dict[str, str] = {
    "{": "punctuation.section.block.begin.journey",
    "}": "punctuation.section.block.end.journey",
    "[": "punctuation.section.brackets.begin.journey",
    "]": "punctuation.section.brackets.end.journey",
    "(": "punctuation.section.parens.begin.journey",
    ")": "punctuation.section.parens.end.journey",
    ",": "punctuation.separator.comma.journey",
    "->": "keyword.operator.arrow.journey",
    "~": "keyword.operator.regex.journey",
    "..": "keyword.operator.range.journey",
    # Only inside warning names (`allow never-observed`) and fields (`user.plan`), which
    # their own rules colour whole.
    "-": "punctuation.separator.hyphen.journey",
    ".": "punctuation.accessor.dot.journey",
}

# The grammar's named tokens: the scope of each, or None for those another rule covers.
TOKENS: dict[str, str | None] = {
    "COMMENT": "comment.line.number-sign.journey",
    "STRING": "string.quoted.double.journey",
    "PERCENT": "constant.numeric.percentage.journey",
    "POINTS": "constant.numeric.points.journey",
    "DURATION": "constant.numeric.duration.journey",
    "SIGNED_NUMBER": "constant.numeric.number.journey",
    "COMPARE": "keyword.operator.comparison.journey",
    "SCOPE_KIND": "constant.language.scope.journey",
    "REPEATS_KIND": "constant.language.repeats.journey",
    "NAME": "variable.other.id.journey",
    "WHITESPACE": None,
}

_FIELD_SCOPE = "variable.other.field.journey"
# The tokens that are values, tried in the grammar's priority order (`12%` before `12`).
_VALUE_TOKENS = ("PERCENT", "POINTS", "DURATION", "SIGNED_NUMBER")


class GrammarTableError(Exception):
    """The lark grammar has a keyword, symbol or token this module's tables do not place."""


@cache
def _terminals() -> tuple[dict[str, str], list[str], list[str]]:
    """The grammar's named token regexes (by name, in priority order), its keywords and its symbols."""
    source = resources.files("journeyspec.lang.front").joinpath("journey.lark").read_text(encoding="utf-8")
    definitions = Lark(source, parser="lalr").terminals
    ordered = sorted(definitions, key=lambda t: -t.priority)  # sorted() is stable: ties keep the file's order
    named = {t.name: _uncaptured(t.pattern.value) for t in ordered if isinstance(t.pattern, PatternRE)}
    literals = [t.pattern.value for t in definitions if isinstance(t.pattern, PatternStr)]
    keywords = [word for word in literals if word.isidentifier()]
    symbols = [text for text in literals if not text.isidentifier()]
    return named, keywords, symbols


def _uncaptured(regex: str) -> str:
    """The regex with its groups made non-capturing, so rules that embed it keep their capture numbers."""
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", regex)


def _check_tables(
    named: dict[str, str],
    keywords: list[str],
    symbols: list[str],
    roles: dict[str, tuple[str, tuple[str, ...]]] = KEYWORD_ROLES,
    symbols_table: dict[str, str] = SYMBOLS,
) -> None:
    """Refuse to write a grammar that leaves a keyword, symbol or token of the parser without a colour."""
    placed = [word for _, words in roles.values() for word in words]
    problems = [f"keyword `{w}` has no role in KEYWORD_ROLES" for w in keywords if w not in placed]
    problems += [f"KEYWORD_ROLES places `{w}`, which the grammar does not have" for w in placed if w not in keywords]
    problems += [f"`{w}` has two roles in KEYWORD_ROLES" for w in set(placed) if placed.count(w) > 1]
    problems += [f"symbol `{s}` has no scope in SYMBOLS" for s in symbols if s not in symbols_table]
    problems += [f"token {n} has no entry in TOKENS" for n in named if n not in TOKENS]
    if problems:
        raise GrammarTableError("; ".join(problems))


def _escape(text: str) -> str:
    return "".join("\\" + c if not c.isalnum() else c for c in text)


def _rule(match: str, name: str | None = None, **captures: str | dict[str, Any]) -> dict[str, Any]:
    rule: dict[str, Any] = {"match": match}
    if name:
        rule["name"] = name
    if captures:
        rule["captures"] = {
            key.lstrip("_"): value if isinstance(value, dict) else {"name": value} for key, value in captures.items()
        }
    return rule


def _keyword(word: str) -> str:
    """The scope of one keyword, from its role."""
    for scope, words in KEYWORD_ROLES.values():
        if word in words:
            return scope.format(word=word)
    raise GrammarTableError(f"keyword `{word}` has no role in KEYWORD_ROLES")


def textmate_grammar() -> dict[str, Any]:
    """The TextMate grammar for ``.journey`` files, as the JSON object editors read."""
    named, keywords, symbols = _terminals()
    _check_tables(named, keywords, symbols)
    name = named["NAME"]
    field = f"{name}(?:\\.{name})*"
    warning = f"(?:{name}(?:-{name})*)"
    number = named["SIGNED_NUMBER"]
    comma = {"match": ",", "name": SYMBOLS[","]}
    compare = named["COMPARE"]
    condition_ahead = f"(?=\\s*(?:{compare}|~|\\bin\\b|\\bexists\\b))"

    repository: dict[str, Any] = {
        "comment": _rule(f"(#){named['COMMENT'][1:]}", TOKENS["COMMENT"], _1="punctuation.definition.comment.journey"),
        # After `~` the text is a regular expression (RE2).
        "regex": {
            "name": "string.regexp.journey",
            "begin": '(?<=~)\\s*(")',
            "beginCaptures": {"1": {"name": "punctuation.definition.string.begin.journey"}},
            "end": '(")|$',
            "endCaptures": {"1": {"name": "punctuation.definition.string.end.journey"}},
            "patterns": [{"include": "#escape"}],
        },
        # Text is on one line: an unclosed quote stops at the line's end, not the file's.
        "string": {
            "name": TOKENS["STRING"],
            "begin": '"',
            "beginCaptures": {"0": {"name": "punctuation.definition.string.begin.journey"}},
            "end": '(")|$',
            "endCaptures": {"1": {"name": "punctuation.definition.string.end.journey"}},
            "patterns": [{"include": "#escape"}],
        },
        # The compiler accepts \" and \\ only (JS110); any other backslash is an error.
        "escape": {
            "patterns": [
                _rule(r'\\["\\]', "constant.character.escape.journey"),
                _rule(r"\\.", "invalid.illegal.escape.journey"),
            ]
        },
        "declaration": {
            "patterns": [
                _rule(
                    f"\\b({word})\\b(?:\\s+({name}))?", None, _1=_keyword(word), _2=f"entity.name.type.{word}.journey"
                )
                for word in KEYWORD_ROLES["declaration"][1]
            ]
        },
        "details": {
            "patterns": [
                _rule(f"\\b(scope)\\s+({named['SCOPE_KIND']})\\b", None, _1=_keyword("scope"), _2=TOKENS["SCOPE_KIND"]),
                _rule(
                    f"\\b(repeats)\\s+({named['REPEATS_KIND']})\\b",
                    None,
                    _1=_keyword("repeats"),
                    _2=TOKENS["REPEATS_KIND"],
                ),
                _rule(f"\\b(channel)\\s+({name})", None, _1=_keyword("channel"), _2="constant.other.channel.journey"),
                _rule(
                    f"\\b(value)\\s+({number})(?:\\s+({name}))?",
                    None,
                    _1=_keyword("value"),
                    _2=TOKENS["SIGNED_NUMBER"],
                    _3="constant.other.currency.journey",
                ),
                _rule(
                    f"\\b(tags)\\s+({name}(?:\\s*,\\s*{name})*)",
                    None,
                    _1=_keyword("tags"),
                    _2={"patterns": [comma, _rule(name, "constant.other.tag.journey")]},
                ),
                _rule(
                    f"\\b(allow)\\s+({warning}(?:\\s*,\\s*{warning})*)",
                    None,
                    _1=_keyword("allow"),
                    _2={
                        "patterns": [
                            comma,
                            _rule(r"\bJS\d{3}\b", "constant.other.diagnostic-code.journey"),
                            _rule(warning, "constant.other.warning-name.journey"),
                        ]
                    },
                ),
                _rule(f"\\b(sentiment)\\s+({field})", None, _1=_keyword("sentiment"), _2=_FIELD_SCOPE),
            ]
        },
        "metric": {
            "patterns": [
                _rule(
                    f"\\b(time)\\s+({'|'.join(TIME_STATISTICS)})\\b",
                    None,
                    _1=_keyword("time"),
                    _2="support.constant.statistic.journey",
                ),
                # `emotion` and `friction` are statements, and metrics when `at` follows.
                _rule(r"\b(emotion|friction)(?=\s+at\b)", _keyword("at")),
                _rule(r"\b(min)\s+(sessions)\b", _keyword("min")),
                _rule(f"\\b(switches)\\s+({field})", None, _1=_keyword("switches"), _2=_FIELD_SCOPE),
            ]
        },
        # A name before a comparison, `~`, `in` or `exists` is an event field.
        "field": _rule(f"\\b{field}{condition_ahead}", _FIELD_SCOPE),
        # Up to a `where` (whose condition has fields), an expectation compares a metric.
        "expectation": {
            "begin": r"\b(expect)\b",
            "beginCaptures": {"1": {"name": _keyword("expect")}},
            "end": r"(?=\bwhere\b|[#}])|$",
            "name": "meta.expectation.journey",
            "patterns": [{"include": f"#{part}"} for part in ("string", "metric", "keyword", "value", "symbol", "id")],
        },
        "keyword": {"patterns": [_rule(f"\\b{word}\\b", _keyword(word)) for word in keywords]},
        "value": {"patterns": [_rule(named[token], TOKENS[token]) for token in named if token in _VALUE_TOKENS]},
        "symbol": {
            "patterns": [_rule(compare, TOKENS["COMPARE"])]
            + [
                _rule(_escape(text), SYMBOLS[text])
                for text in sorted(symbols, key=lambda s: (-len(s), s))
                if text not in ("-", ".")
            ]
        },
        "id": _rule(f"\\b{name}\\b", TOKENS["NAME"]),
        # Whatever no rule reads (a stray `@`, a letter outside ASCII) is a syntax error.
        "invalid": _rule(r"[^\s]", "invalid.illegal.character.journey"),
    }
    order = ("comment", "expectation", "regex", "string", "declaration", "details", "metric", "field")
    order += ("keyword", "value", "symbol", "id", "invalid")
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "Journey",
        "scopeName": SCOPE_NAME,
        "fileTypes": ["journey"],
        "comment": "Generated from journeyspec/lang/front/journey.lark by journeyspec/lang/textmate.py; do not edit.",
        "patterns": [{"include": f"#{part}"} for part in order],
        "repository": repository,
    }


def grammar_json() -> str:
    """The grammar as the text of ``journey.tmLanguage.json``."""
    return json.dumps(textmate_grammar(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(grammar_json())
