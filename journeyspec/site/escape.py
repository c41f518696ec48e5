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

from journeyspec import inert

# One home for the rule (which characters pass, which become references):
# the check and diff Markdown reports use the same.
text = inert.markdown


def block(value: object) -> str:
    """Like :func:`text`, but keeps line breaks (as ``<br>``) for longer prose."""
    lines = [text(line) for line in str(value).splitlines()]
    return "<br>".join(line for line in lines if line)


def code(value: object) -> str:
    """Map text shown as inline code, e.g. a predicate or an expectation.

    Markdown code spans cannot hold every backtick sequence safely, so this is
    an HTML ``<code>`` element with escaped content.
    """
    return inert.markdown_code(value)


def preformatted(value: str) -> str:
    """A whole line of source for a ``<pre>`` block: every unsafe character encoded, spacing kept."""
    return inert.markdown_lines(value)


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
    return inert.terminal(" ".join(str(value).split())).translate(_LOOKALIKES)


def anchor(identifier: str) -> str:
    """An HTML id / URL fragment for an id from a map (ids are ``[A-Za-z_][A-Za-z0-9_]*``).

    Ids are already safe by the grammar; this guard keeps the promise even
    for a hand-built IR.
    """
    return re.sub(r"[^A-Za-z0-9_-]", "-", identifier)


def url_path(value: str) -> str:
    """A file name for a page or a picture, percent-encoded for a link target."""
    return quote(value, safe="/-_.")
