"""The canonical layout of a map: two-space indents, one statement per line.

The formatter prints the syntax tree, not the IR, so statements keep their
order and spelling; every comment is kept, either on its own line or at the
end of the line whose code it followed. Single blank lines between statements
are kept; runs of blank lines shrink to one.
"""

from __future__ import annotations

from collections import deque

from journeyspec.diagnostics import JourneyspecError
from journeyspec.ir.text import predicate_text, quote
from journeyspec.lang.front.parser import parse_syntax
from journeyspec.lang.front.syntax import (
    Block,
    Comment,
    EmotionStatement,
    ExpectStatement,
    FlowStatement,
    GroupStatement,
    JudgeStatement,
    MetricNode,
    NamesStatement,
    PredicateStatement,
    RulesFrom,
    SentimentStatement,
    Statement,
    SyntaxFile,
    TextStatement,
    UseStatement,
    ValueStatement,
)

INDENT = "  "


def _metric(node: MetricNode) -> str:
    names = [n.value for n in node.names]
    kind = node.kind
    if kind in ("sessions", "conformance"):
        return kind
    if kind == "unexpected_transitions":
        return "unexpected transitions"
    if kind == "conversion":
        return f"conversion {names[0]} -> {names[1]}"
    if kind == "time":
        return f"time {names[0]} {names[1]} -> {names[2]}"
    if kind in ("dropoff", "friction", "emotion"):
        return f"{kind} at {names[0]}"
    if kind == "share":
        return f"share where {predicate_text(node.predicate)}"
    return f"{kind} {names[0]}"


def statement_text(statement: Statement) -> str:
    """One non-block statement on one line."""
    keyword = statement.keyword
    if isinstance(statement, TextStatement):
        return f"{keyword} {quote(statement.text.value)}"
    if isinstance(statement, UseStatement):
        return f"use {quote(statement.path.value)}"
    if isinstance(statement, RulesFrom):
        return f"{keyword} from {statement.library.value}"
    if isinstance(statement, NamesStatement):
        return f"{keyword} " + ", ".join(n.value for n in statement.names)
    if isinstance(statement, ValueStatement):
        return f"value {statement.amount.raw}" + (f" {statement.currency.value}" if statement.currency else "")
    if isinstance(statement, EmotionStatement):
        return (f"emotion {statement.score.raw}" + (f" {quote(statement.label.value)}" if statement.label else "")
                + (f" for {statement.persona.value}" if statement.persona else ""))
    if isinstance(statement, PredicateStatement):
        return f"{keyword} {predicate_text(statement.predicate)}"
    if isinstance(statement, SentimentStatement):
        return f"sentiment {statement.field.value} {statement.low.raw}..{statement.high.raw}"
    if isinstance(statement, FlowStatement):
        text = "flow " + " -> ".join(n.value for n in statement.steps)
        if statement.label:
            text += " " + quote(statement.label.value)
        if statement.share:
            text += " " + statement.share.raw
        return text
    if isinstance(statement, GroupStatement):
        text = f"group {statement.id.value}" + (f" {quote(statement.label.value)}" if statement.label else "")
        text += " all of " if statement.need is None else f" any {statement.need.raw} of "
        return text + ", ".join(n.value for n in statement.steps)
    if isinstance(statement, JudgeStatement):
        return "judge by " + (f"confidence {statement.confidence.raw}" if statement.confidence else "point estimate")
    if isinstance(statement, ExpectStatement):
        parts = ["expect", _metric(statement.metric), statement.comparator.value, statement.threshold.raw]
        for qualifier in statement.qualifiers:
            if qualifier.kind == "where":
                parts.append("where " + predicate_text(qualifier.predicate))
            elif qualifier.kind == "min_sessions":
                parts.append("min sessions " + qualifier.literal.raw)
            elif qualifier.kind == "vs_baseline":
                parts.append("vs baseline")
            elif qualifier.kind == "point_estimate":
                parts.append("point estimate")
            else:
                parts.append(f"{qualifier.kind} {qualifier.literal.raw}")
        return " ".join(parts)
    if type(statement) is Statement:
        return keyword  # a flag, e.g. `moment of truth`
    raise AssertionError(f"unhandled statement {statement!r}")  # pragma: no cover


class _Printer:
    def __init__(self, tree: SyntaxFile):
        self.source_lines = tree.text.split("\n")
        self.comments: deque[Comment] = deque(sorted(tree.comments, key=lambda c: c.span.start))
        self.lines: list[str] = []
        self.last_code: int | None = None
        self.opener: int | None = None  # index of the last line ending in `{`

    def _blank_before(self, line: int) -> bool:
        return line >= 2 and self.source_lines[line - 2].strip() == ""

    def _blank(self) -> None:
        if self.lines and self.lines[-1] != "" and self.opener != len(self.lines) - 1:
            self.lines.append("")

    def flush(self, before: int, depth: int) -> None:
        while self.comments and self.comments[0].span.start < before:
            comment = self.comments.popleft()
            if comment.own_line or self.last_code is None:
                if self._blank_before(comment.span.line):
                    self._blank()
                self.lines.append(INDENT * depth + comment.text)
            else:
                self.lines[self.last_code] += "  " + comment.text

    def code(self, depth: int, text: str, start: int, line: int) -> None:
        self.flush(start, depth)
        if self._blank_before(line):
            self._blank()
        self.lines.append(INDENT * depth + text)
        self.last_code = len(self.lines) - 1

    def block(self, block: Block, depth: int) -> None:
        header = f"{block.keyword} {block.id.value}"
        if block.label:
            header += " " + quote(block.label.value)
        if block.origin is not None:
            header += f" from {block.origin.value}"
        body = block.body
        has_comments_inside = block.close is not None and any(
            block.span.start < c.span.start < block.close.start for c in self.comments
        )
        if body is None or (not body and not has_comments_inside and block.keyword not in ("journey", "library")):
            self.code(depth, header, block.span.start, block.span.line)
            return
        self.code(depth, header + " {", block.span.start, block.span.line)
        self.opener = self.last_code
        for statement in body:
            self.statement(statement, depth + 1)
        self.flush(block.close.start, depth + 1)
        self.lines.append(INDENT * depth + "}")
        self.last_code = len(self.lines) - 1

    def statement(self, statement: Statement, depth: int) -> None:
        if isinstance(statement, Block):
            self.block(statement, depth)
        else:
            self.code(depth, statement_text(statement), statement.span.start, statement.span.line)

    def print(self, tree: SyntaxFile) -> str:
        for use in tree.uses:
            self.statement(use, 0)
        blocks = sorted(tree.libraries + tree.journeys, key=lambda b: b.span.start)
        for index, block in enumerate(blocks):
            if index or tree.uses:
                self.flush(block.span.start, 0)
                self._blank()
            self.block(block, 0)
        self.flush(len(tree.text) + 1, 0)
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n" if self.lines else ""


def format_syntax(tree: SyntaxFile) -> str:
    """Canonical text of a parsed file."""
    return _Printer(tree).print(tree)


def format_text(text: str, file: str | None = None) -> str:
    """Canonical text of map source; raises :class:`JourneyspecError` when it does not parse."""
    tree, diagnostics = parse_syntax(text, file)
    if tree is None or any(d.is_error for d in diagnostics):
        raise JourneyspecError(diagnostics)
    return format_syntax(tree)


_CURLY_OPENING = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_CURLY_CLOSING = {"\u201c": "\u201d\u201c\u2033", "\u201d": "\u201d\u201c", "\u201e": "\u201c\u201d",
                  "\u201f": "\u201d\u201c", "\u2033": "\u2033\u201d", "\u00ab": "\u00bb", "\u00bb": "\u00ab"}


def straighten_quotes(text: str) -> str:
    """Map text with the curly quotes a word processor pastes (“Search”) written as straight ones ("Search").

    Only quotes that stand where the language wants a ``"`` change: curly quotes inside a straight-quoted text
    or a comment are the author's words and stay. A curly quote with no closing one on its line stays too
    (``validate`` then points at it, JS108). ``journeyspec fmt --fix`` calls this before formatting.
    """
    out: list[str] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == '"':  # a straight-quoted text: copied whole, escapes and all
            end = index + 1
            while end < length and text[end] not in '"\n':
                end += 2 if text[end] == "\\" else 1
            out.append(text[index : end + 1])
            index = end + 1
        elif char == "#":
            end = text.find("\n", index)
            end = length if end < 0 else end
            out.append(text[index:end])
            index = end
        elif char in _CURLY_OPENING:
            line_end = text.find("\n", index)
            line_end = length if line_end < 0 else line_end
            close = next((i for i in range(index + 1, line_end) if text[i] in _CURLY_CLOSING[char]), -1)
            if close < 0:
                out.append(char)
                index += 1
                continue
            inner = text[index + 1 : close].replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'"{inner}"')
            index = close + 1
        else:
            out.append(char)
            index += 1
    return "".join(out)

