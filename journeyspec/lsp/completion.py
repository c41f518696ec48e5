"""Completion: the keywords the parser accepts at the cursor, ids where ids go, fields, units.

Keywords come from the parser itself (:func:`journeyspec.lang.front.parser.expected_after`
on the text before the cursor), so they cannot drift from the grammar. Where the
parser takes a name, the statement being written says which ids fit: step ids
after ``start``, ``success``, ``end``, ``flow``, ``->`` and the metrics of steps,
stage ids after ``emotion at``, event fields in conditions.
"""

from __future__ import annotations

import re

from lsprotocol import types

from journeyspec.lang.front.expected import keyword_of
from journeyspec.lang.front.parser import expected_after, lark_parser, terminals
from journeyspec.lsp.analysis import Analysis
from journeyspec.lsp.index import declarations

_PARTIAL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])[+-]?\d+(\.\d+)?\Z")
_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|->|[^\sA-Za-z_"]+')
_STATISTICS = ("p50", "p75", "p90", "p95", "p99", "mean")
# Word terminals that are not single keywords: their values.
_WORD_VALUES = {"SCOPE_KIND": ("session", "user"), "REPEATS_KIND": ("collapse", "keep")}
_STEP_STATEMENTS = frozenset({"start", "success", "end", "flow"})
_STEP_METRICS = frozenset({"conversion", "reach", "skips", "dropoff", "friction"})
_CONDITION_STATEMENTS = frozenset({"when", "ignore", "friction"})
# Units after a number, by the terminal the parser would take there.
_UNITS = {
    "DURATION": (("s", "seconds"), ("m", "minutes"), ("h", "hours"), ("d", "days")),
    "PERCENT": (("%", "a percentage"),),
    "POINTS": (("pp", "percentage points (a change against the baseline)"),),
}


_DECLARED = {
    "step": re.compile(r'^[ \t{]*(?:step|group)[ \t]+([A-Za-z_][A-Za-z0-9_]*)|\{[ \t]*(?:step|group)[ \t]+([A-Za-z_][A-Za-z0-9_]*)', re.MULTILINE),
    "stage": re.compile(r'^[ \t{]*stage[ \t]+([A-Za-z_][A-Za-z0-9_]*)|\{[ \t]*stage[ \t]+([A-Za-z_][A-Za-z0-9_]*)', re.MULTILINE),
}


def _scanned(text: str, kind: str) -> set[str]:
    """Ids declared in a text that has never parsed since it was opened: read by their keyword, for completion only."""
    return {a or b for a, b in _DECLARED[kind].findall(text)}


_MARKS = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{}]')
_HEADER_START = re.compile(r"(?:^|[{}\n])[ \t]*(?=[A-Za-z_])")
LONG_PREFIX = 20_000
"""Past this many characters before the cursor, completion reads only the blocks the cursor is in."""


def _short_prefix(prefix: str) -> str:
    """The text before the cursor cut down to what decides what fits there: the openings of the
    blocks the cursor is in (``journey j {``, ``stage s {``, ``step x {``) and the current line.

    Parsing all of a 5,000-step map before the cursor takes the better part of a second; this keeps
    completion instant at the bottom of one. A statement written over several lines loses its first
    lines, and then completion offers the keywords of a fresh statement.
    """
    opened: list[int] = []
    for mark in _MARKS.finditer(prefix):
        if mark.group(0) == "{":
            opened.append(mark.start())
        elif mark.group(0) == "}" and opened:
            opened.pop()
    headers = []
    for brace in opened:
        line_start = prefix.rfind("\n", 0, brace) + 1
        starts = [m.end() for m in _HEADER_START.finditer(prefix, line_start, brace)]
        headers.append(prefix[starts[-1] if starts else line_start:brace + 1])
    floor = opened[-1] + 1 if opened else 0
    tail_from = max(prefix.rfind("\n") + 1, floor)
    if not prefix[tail_from:].strip() and tail_from > floor:  # a fresh line: the statement above may go on
        tail_from = max(prefix.rfind("\n", 0, tail_from - 1) + 1, floor)
    return "\n".join(headers) + "\n" + prefix[tail_from:]


def _in_string_or_comment(line: str) -> bool:
    quoted = False
    escaped = False
    for char in line:
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "#":
            return True
    return quoted


def _statement_tokens(prefix: str) -> list[str]:
    """The tokens of the statement being written: from the last line start that begins with a word."""
    line = prefix[prefix.rfind("\n") + 1:]
    tokens = _TOKENS.findall(line)
    for opener in ("{", "}"):  # `step x { when …` on one line: the statement after the brace
        if opener in tokens:
            tokens = tokens[len(tokens) - tokens[::-1].index(opener):]
    return tokens


def id_context(tokens: list[str]) -> str | None:
    """Which kind of name the statement takes next: ``step``, ``stage``, ``statistic``, ``field`` or ``None``."""
    if not tokens:
        return None
    head = tokens[0]
    if head in _STEP_STATEMENTS:
        return "step"
    if head == "group":
        return "step" if "of" in tokens else None
    if head in _CONDITION_STATEMENTS:
        return "field"
    if head == "expect" and len(tokens) >= 2:
        if "where" in tokens:
            return "field"
        metric = tokens[1]
        if metric in _STEP_METRICS:
            return "step"
        if metric == "time":
            return "statistic" if len(tokens) == 2 else "step"
        if metric == "emotion":
            return "stage"
        if metric == "switches":
            return "field"
    return None


def _items(labels, kind: types.CompletionItemKind, replace: types.Range, detail: str | None = None,
           details: dict[str, str] | None = None, sort: str = "1") -> list[types.CompletionItem]:
    return [
        types.CompletionItem(
            label=label,
            kind=kind,
            detail=(details or {}).get(label, detail),
            sort_text=f"{sort}{index:05d}",  # in the order given: sorted, or the statistics' own order
            text_edit=types.TextEdit(range=replace, new_text=label),
        )
        for index, label in enumerate(labels)
    ]


def complete(analysis: Analysis, offset: int, ids_from: Analysis | None, fields: tuple[str, ...]) -> list[types.CompletionItem]:
    """What fits at ``offset``. ``ids_from`` is the last analysis that parsed (ids while the text is broken)."""
    prefix = analysis.text[:offset]
    if _in_string_or_comment(prefix[prefix.rfind("\n") + 1:]):
        return []
    partial = _PARTIAL.search(prefix)
    cut = partial.start() if partial else offset
    replace = analysis.lines.range(cut, offset)
    number = _NUMBER.search(prefix) if partial is None else None
    if number is not None:
        before = prefix[:number.start()]
        expected = expected_after(before if len(before) <= LONG_PREFIX else _short_prefix(before), analysis.path)
        units = [(unit, words) for name, pairs in _UNITS.items() if name in expected for unit, words in pairs]
        at_end = analysis.lines.range(offset, offset)
        return [types.CompletionItem(label=prefix[number.start():] + unit, kind=types.CompletionItemKind.Unit,
                                     detail=words, filter_text=prefix[number.start():] + unit, sort_text=f"{index:02d}",
                                     text_edit=types.TextEdit(range=at_end, new_text=unit))
                for index, (unit, words) in enumerate(units)]
    before = prefix[:cut]
    expected = expected_after(before if len(before) <= LONG_PREFIX else _short_prefix(before), analysis.path)
    known = terminals(lark_parser())
    keywords = sorted({k for k in (keyword_of(name, known) for name in expected) if k})
    values = sorted({v for name in expected for v in _WORD_VALUES.get(name, ())})
    items = _items(keywords, types.CompletionItemKind.Keyword, replace, "keyword", sort="2")
    items += _items(values, types.CompletionItemKind.EnumMember, replace, sort="1")
    if "NAME" in expected:
        context = id_context(_statement_tokens(prefix[:cut]))
        if context in ("step", "stage"):
            kind = types.CompletionItemKind.Event if context == "step" else types.CompletionItemKind.Module
            labels: dict[str, str] = {}
            if ids_from is not None:
                for o in declarations(ids_from.found, context):
                    label = getattr(getattr(o.node, "label", None), "value", None)
                    labels.setdefault(o.id, f"{context} — {label}" if label else context)
            else:
                labels = {name: context for name in _scanned(analysis.text, context)}
            items += _items(sorted(labels), kind, replace, details=labels, sort="0")
        elif context == "statistic":
            items += _items(_STATISTICS, types.CompletionItemKind.EnumMember, replace, "statistic", sort="0")
        elif context == "field":
            items += _items(sorted(set(fields)), types.CompletionItemKind.Field, replace, "event field", sort="0")
    return items
