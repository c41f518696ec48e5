"""Text from maps and data, made inert for each place it is printed.

Labels, ids, event names, segment values, file and data names come from
people and from event logs, and an event name is whatever anyone who can send
an event chose. Printed raw, such text can act instead of showing: Rich reads
``[/]`` as markup (and crashes) or swallows ``[x]``; ``ESC]0;…BEL`` retitles a
terminal and ``ESC[2J`` clears it; ``<script>`` or ``[a](javascript:…)`` runs
or links in a Markdown report. Every output passes user text through the one
function here for its medium, so that text only ever shows:

* :func:`terminal` — plain text for a terminal, a log or a test report;
* :func:`markup` — the same, inside a Rich markup string or table cell;
* :func:`markdown` and :func:`markdown_code` — Markdown and HTML pages;
* :func:`json_text` — a serialised JSON document.

This module is the ground floor: it imports nothing of journeyspec.
"""

from __future__ import annotations

import re

# Characters that act on a terminal or reorder what is shown rather than
# showing themselves: C0 and C1 controls and DEL; line and paragraph
# separators; the bidirectional embeddings, overrides and isolates ("Trojan
# Source"); lone surrogates, which cannot even be written as UTF-8. Ordinary
# Unicode (CJK, emoji with their joiners, accents) is left alone.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROLS = "\x00-\x1f" + _BEYOND_C0
_CONTROL = re.compile(f"[{_CONTROLS}]")
# A backslash is doubled only where it could be read as the start of one of
# the escapes below, so ordinary text keeps its backslashes and the escaped
# form still reads back to exactly one original (see tests/test_inert.py).
_ESCAPABLE_BACKSLASH = re.compile(f"\\\\(?=[\\\\xu{_CONTROLS}])")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(value: object) -> str:
    """Text as it is shown on a terminal: every control character written as an escape.

    ``"a\\x1b[2Jb"`` shows as ``a\\x1b[2Jb`` (the four characters
    ``\\x1b``), a newline as ``\\x0a``; a backslash before ``x``, ``u``, a
    backslash or an escaped character is doubled, so the shown text reads
    back to the original.
    """
    text = str(value)
    if not _CONTROL.search(text) and "\\" not in text:
        return text
    return _CONTROL.sub(_escape, _ESCAPABLE_BACKSLASH.sub(r"\\\\", text))


def first_control(text: str) -> int | None:
    """The index of the first character in ``text`` that :func:`terminal` shows as an escape, if any."""
    found = _CONTROL.search(text)
    return found.start() if found else None


def markup(value: object) -> str:
    """:func:`terminal` text for a Rich markup string or a table cell: Rich shows it, reads nothing in it.

    Consoles that print it must also have ``emoji=False`` (``:smile:`` is
    not markup to :func:`rich.markup.escape`). A value ending in a backslash
    shows as written on its own, but would escape a tag written right after
    it: style user text with :class:`rich.text.Text` instead of a tag around it.
    """
    from rich.markup import escape

    # escape() doubles a trailing backslash for a tag that might follow, which
    # shows two backslashes where no tag does (a table cell): the space keeps
    # the value's end as written. Rich also reads `\[` before a bracket that
    # opens no tag as an escaped bracket and drops the backslash, which escape()
    # leaves alone: such a backslash is doubled first.
    text = _BACKSLASH_BEFORE_PLAIN_BRACKET.sub(r"\\\\", terminal(value))
    return escape(text + " ")[:-1]


# A backslash right before a `[` that does not open a Rich tag (rich.markup.RE_TAGS).
_BACKSLASH_BEFORE_PLAIN_BRACKET = re.compile(r"\\(?=\[(?![a-z#/@][^\[]*?\]))")


# Letters, digits, spaces, non-ASCII text and a few marks that no Markdown,
# HTML or template rule reads mid-line pass through; every other ASCII
# punctuation character becomes a numeric character reference, which a
# browser shows as the character and no Markdown rule, HTML parser, template
# engine (``{{ }}``) or attribute extension (``{: … }``) reads as syntax.
_UNSAFE = re.compile(r"[^A-Za-z0-9 .,;%/?@\-\u00a0-\U0010ffff]")
_SPACES = re.compile(r"\s+")


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group(0))};"


def markdown(value: object) -> str:
    """Text as inert Markdown and HTML on one line: shows as written, runs and links nothing.

    Line breaks become spaces (so it is safe in a table cell, a heading and
    a list item alike), other control characters show as :func:`terminal`
    escapes, and markup characters (``< > & | # * _ [ ] ` \\``…) become
    character references.
    """
    flat = _SPACES.sub(" ", str(value)).strip()
    return _UNSAFE.sub(_reference, terminal(flat))


def markdown_lines(value: str) -> str:
    """Like :func:`markdown`, but a whole line of source for a ``<pre>`` block: spacing kept."""
    return _UNSAFE.sub(_reference, terminal(value.replace("\t", "    ")))


def markdown_code(value: object) -> str:
    """Text as inline code in Markdown or HTML (``<code>`` with escaped content).

    A Markdown code span cannot hold every backtick sequence and a table
    pipe safely, and shows character references literally; an HTML
    ``<code>`` element holds anything.
    """
    return f"<code>{markdown(value)}</code>"


# C0 controls are left to ``json.dumps``, which escapes them inside strings;
# outside strings they are the document's own layout (newlines).
_JSON_RAW = re.compile(f"[{_BEYOND_C0}]")


def json_text(document: str) -> str:
    """A serialised JSON document with every control character as a ``\\uXXXX`` escape.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 controls only; DEL,
    the C1 controls (``\\x9b`` is a terminal's CSI), the line separators and
    bidi overrides would otherwise reach a terminal raw. Such characters can
    only stand inside JSON strings, where the escape means the same value.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)


NO_EVENT_NAME = "(no event name)"


def event_name(name: str | None) -> str:
    """An event's name as people read it: a missing name (null in the data) is said so, never ``None``."""
    return NO_EVENT_NAME if name is None else name


__all__ = ["NO_EVENT_NAME", "event_name", "first_control", "json_text", "markdown", "markdown_code", "markdown_lines", "markup", "terminal"]
