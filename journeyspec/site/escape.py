"""Escaping map text for every place it lands on a generated page.

A map is written by people, and its labels, descriptions and notes may hold
anything: ``<script>``, Markdown links, table pipes, backticks, ``{{ }}``.
The pages are Markdown that MkDocs (or any Markdown renderer) turns into
HTML, possibly with extensions such as ``attr_list`` (``{: onclick=…}``) or a
macros plugin (``{{ … }}``). Rather than guess which characters each of those
reads, every ASCII punctuation character of map text that any of them reads
becomes a numeric character reference: a browser shows it as the character, and no Markdown
rule, HTML parser or template engine sees syntax in it.
"""

from __future__ import annotations

import re
from urllib.parse import quote

# Letters, digits, spaces, non-ASCII text and a few marks that no Markdown,
# HTML or template rule reads mid-line (map text never starts a line of the
# page) pass through; every other ASCII punctuation and control character is
# encoded.
_UNSAFE = re.compile(r"[^A-Za-z0-9 .,;%/?@\-\u00a0-\U0010ffff]")
_SPACES = re.compile(r"\s+")


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group(0))};"


def text(value: object) -> str:
    """Map text as inert Markdown and HTML: shows as written, runs and links nothing.

    Line breaks become spaces, so the result is safe in a table cell, a
    heading and a list item alike.
    """
    flat = _SPACES.sub(" ", str(value)).strip()
    return _UNSAFE.sub(_reference, flat)


def block(value: object) -> str:
    """Like :func:`text`, but keeps line breaks (as ``<br>``) for longer prose."""
    lines = [text(line) for line in str(value).splitlines()]
    return "<br>".join(line for line in lines if line)


def code(value: object) -> str:
    """Map text shown as inline code, e.g. a predicate or an expectation.

    Markdown code spans cannot hold every backtick sequence safely, so this is
    an HTML ``<code>`` element with escaped content.
    """
    return f"<code>{text(value)}</code>"


def preformatted(value: str) -> str:
    """A whole line of source for a ``<pre>`` block: every unsafe character encoded, spacing kept."""
    return _UNSAFE.sub(_reference, value.replace("\t", "    "))


_LOOKALIKES = str.maketrans(
    {"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "{": "❴", "}": "❵", "`": "ˋ", "\\": "⧵", "|": "ǀ"}
)


def nav_safe(value: object) -> str:
    """Map text for places a theme prints raw: the navigation and the browser tab.

    MkDocs themes write a page's title into ``<title>`` and the navigation
    after stripping tags and decoding entities, without escaping; so the
    characters that make markup (and YAML quotes) become look-alikes here.
    The page's own heading shows the text exactly as written.
    """
    return " ".join(str(value).split()).translate(_LOOKALIKES)


def anchor(identifier: str) -> str:
    """An HTML id / URL fragment for an id from a map (ids are ``[A-Za-z_][A-Za-z0-9_]*``).

    Ids are already safe by the grammar; this guard keeps the promise even
    for a hand-built IR.
    """
    return re.sub(r"[^A-Za-z0-9_-]", "-", identifier)


def url_path(value: str) -> str:
    """A file name for a page or a picture, percent-encoded for a link target."""
    return quote(value, safe="/-_.")
