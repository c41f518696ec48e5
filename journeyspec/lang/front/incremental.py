"""Re-parsing a map after an edit: statements the edit left alone are taken from the last parse.

An editor sends the whole text after each keystroke; parsing 5,000 steps again
costs most of a compile (benchmarks/language). A :class:`Reparser` remembers
the statements of its last clean parse that sit directly in a journey's body
(stages with all their steps, flows, expectations …). On new text it finds
the edit (the text both versions begin and end with alike), keeps every
remembered statement before it where it was and moves every one after it by
as many characters and lines as the edit added or removed
(:mod:`journeyspec.lang.front.shift`), blanks them in the new text (spaces for
their characters, newlines kept, so every other token keeps its offset, line
and column), parses what is left, and puts the kept nodes back in their
journeys' bodies. Anything it cannot prove equal falls back to a whole
parse, so the result is always :func:`~journeyspec.lang.front.parser.parse_syntax`'s
(tests/lang/test_incremental.py holds the two equal under random edits).

A statement is reused only when:

- it sat directly in a journey's body, and its parse said nothing (no diagnostic
  starts inside it);
- only spaces precede it on its first line and follow it on its last (so no
  comment next to it changes whether it is "on its own line", and no word
  written after it on its line could have continued it);
- in the new parse, it lies inside a journey's braces and between two of that
  journey's statements, not inside one (blanking a statement out of the middle
  of another could join that one's two halves into one that parses).

Every journey statement starts with a keyword, and the lexer reads a word as
the keyword wherever the parser accepts that keyword, so text after a kept
statement that could continue it (``EUR`` after ``value 85``, ``within 1d``
after an expectation) stands at the start of a statement in the blanked text
and is a syntax error there: the whole parse then runs and reports it.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from dataclasses import dataclass

from journeyspec.diagnostics import Diagnostic
from journeyspec.lang.front.parser import parse_if_clean, parse_syntax, too_deep
from journeyspec.lang.front.shift import moved
from journeyspec.lang.front.syntax import Block, Comment, Statement, SyntaxFile


@dataclass(slots=True)
class _Kept:
    """A journey statement of the last clean parse, with what is needed to find it again."""

    block: Statement
    text: str
    blank: str
    comments: list[Comment]


_SPACES = frozenset(" \t\r")
_OPENING = re.compile(r"[ \t\r\n]*\{")


def _blank(text: str) -> str:
    return "\n".join(" " * len(part) for part in text.split("\n"))


class Reparser:
    """Parses successive versions of one document, reusing unchanged statements (one per open document)."""

    def __init__(self) -> None:
        self._file: str | None = None
        self._kept: list[_Kept] = []
        self._text = ""

    def parse(self, text: str, file: str | None = None) -> tuple[SyntaxFile | None, list[Diagnostic]]:
        """Same result as ``parse_syntax(text, file)``; remembers the statements of a clean result for the next call."""
        result = self._reuse(text, file) if self._kept and file == self._file else None
        if result is None:
            result = parse_syntax(text, file)
        self._remember(text, file, *result)
        return result

    # --- remembering ------------------------------------------------------------

    def _remember(self, text: str, file: str | None, syntax: SyntaxFile | None, found: list[Diagnostic]) -> None:
        if syntax is None:
            return  # keep the last clean parse's statements: they may come back when the error is mended
        noted = sorted(d.span.start for d in found if d.span is not None)
        if any(d.span is None for d in found):
            noted = None  # a diagnostic without a place: nothing is known to be clean
        comment_starts = [c.span.start for c in syntax.comments]
        known = {id(k.block): k for k in self._kept} if file == self._file else {}
        kept: list[_Kept] = []
        for journey in syntax.journeys:
            for statement in journey.body or ():
                start, end = statement.span.start, statement.span.end
                if noted is None or bisect_left(noted, start) != bisect_left(noted, end):
                    continue
                same = known.get(id(statement))
                if same is not None and same.block is statement:  # put back from the last parse: as it was
                    kept.append(same)
                    continue
                region = text[start:end]
                first, last = bisect_left(comment_starts, start), bisect_left(comment_starts, end)
                kept.append(_Kept(statement, region, _blank(region), syntax.comments[first:last]))
        self._file, self._kept, self._text = file, kept, text

    # --- reusing ----------------------------------------------------------------

    def _reuse(self, text: str, file: str | None) -> tuple[SyntaxFile | None, list[Diagnostic]] | None:
        try:
            found = self._still_there(text)
        except TypeError:  # pragma: no cover - a node `moved` does not know: parse it all
            return None
        if not found or too_deep(text, file) is not None:
            return None
        pieces, position = [], 0
        for kept in found:
            start = kept.block.span.start
            pieces.append(text[position:start])
            pieces.append(kept.blank)
            position = kept.block.span.end
        pieces.append(text[position:])
        clean = parse_if_clean("".join(pieces), file)
        if clean is None:
            return None  # a syntax error (or one only blanking made): the whole parse finds and describes it
        masked, diagnostics = clean
        journeys = _put_back(masked.journeys, found, masked.text)
        if journeys is None:
            return None
        comments = masked.comments + [c for kept in found for c in kept.comments]
        comments.sort(key=lambda c: c.span.start)
        return SyntaxFile(
            text=text, file=file, journeys=journeys, comments=comments, uses=masked.uses, libraries=masked.libraries
        ), diagnostics

    def _still_there(self, text: str) -> list[_Kept]:
        """The remembered statements in ``text``: before the edit where they were, after it moved by as much
        as the edit added or removed (each still starting and ending its lines, at the same column)."""
        old = self._text
        prefix = _common_prefix(old, text)
        suffix = _common_suffix(old, text, min(len(old), len(text)) - prefix)
        chars = len(text) - len(old)
        lines = text.count("\n", prefix, len(text) - suffix) - old.count("\n", prefix, len(old) - suffix)
        after = len(old) - suffix
        found: list[_Kept] = []
        for kept in self._kept:
            span = kept.block.span
            if span.end <= prefix:
                start, end, move = span.start, span.end, False
            elif span.start >= after:
                start, end, move = span.start + chars, span.end + chars, bool(chars or lines)
            else:
                continue  # the edit is inside it
            line_start = text.rfind("\n", 0, start) + 1
            if start - line_start + 1 != span.column or not _SPACES.issuperset(text[line_start:start]):
                continue
            line_end = text.find("\n", end)
            if not _SPACES.issuperset(text[end : len(text) if line_end < 0 else line_end]):
                continue
            if move:
                kept = _Kept(moved(kept.block, chars, lines), kept.text, kept.blank, moved(kept.comments, chars, lines))
            found.append(kept)
        return found


def _common_prefix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` begin with alike (a binary search of slice comparisons)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """How many characters (at most ``limit``) ``a`` and ``b`` end with alike."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _put_back(journeys: list[Block], found: list[_Kept], masked: str) -> list[Block] | None:
    """The journeys with each found statement back in its body, in source order; ``None`` if one does not fit."""
    out: list[Block] = []
    index = 0
    for journey in journeys:
        if journey.body is None or journey.close is None:
            out.append(journey)
            continue
        inside: list[_Kept] = []
        header = journey.label if journey.label is not None else journey.id
        opening = _OPENING.match(masked, header.span.end)
        while index < len(found) and found[index].block.span.start < journey.close.start:
            if opening is None or found[index].block.span.start < opening.end():
                return None  # before this journey's `{`, outside every journey's body
            inside.append(found[index])
            index += 1
        if not inside:
            out.append(journey)
            continue
        body: list = []
        statements = iter(journey.body)
        pending = next(statements, None)
        for kept in inside:
            start, end = kept.block.span.start, kept.block.span.end
            while pending is not None and pending.span.start < start:
                if pending.span.end > start:
                    return None  # the blanked statement sits inside this one
                body.append(pending)
                pending = next(statements, None)
            if pending is not None and pending.span.start < end:  # pragma: no cover - blank text holds no token
                return None
            body.append(kept.block)
        if pending is not None:
            body.append(pending)
            body.extend(statements)
        out.append(dataclasses.replace(journey, body=tuple(body)))
    if index != len(found):
        return None  # after the last journey
    return out
