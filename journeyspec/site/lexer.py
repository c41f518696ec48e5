"""A Pygments lexer for journey maps, so ```` ```journey ```` blocks are highlighted.

Registered under the ``pygments.lexers`` entry point; MkDocs (through
pymdownx.highlight), Sphinx and any Pygments user pick it up by name.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

STRUCTURE = ("journey", "persona", "stage", "step", "group")
KEYWORDS = (
    "description", "owner", "tags", "scope", "repeats", "goal", "value", "emotion", "pain", "opportunity",
    "channel", "touchpoint", "when", "start", "success", "end", "allow", "flow", "ignore", "friction", "sentiment",
    "expect", "judge", "thought", "quote", "frontstage", "backstage", "support", "moment", "truth", "icon", "for",
)
WORDS = (
    "session", "user", "collapse", "keep", "and", "or", "not", "in", "exists", "sessions", "conformance",
    "conversion", "reach", "dropoff", "at", "time", "skips", "unexpected", "transitions", "switches", "share", "where",
    "within", "confidence", "point", "estimate", "by", "min", "vs", "baseline", "p50", "p75", "p90", "p95", "p99", "mean",
    "all", "any", "of",
)


class JourneyLexer(RegexLexer):
    """The journeyspec map language (``*.journey``)."""

    name = "Journey"
    aliases = ["journey", "journeyspec"]
    filenames = ["*.journey"]
    mimetypes = ["text/x-journey"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#.*?$", Comment.Single),
            (r'"(\\\\|\\"|[^"\\])*"', String.Double),
            (words(STRUCTURE, suffix=r"\b"), Keyword.Declaration, "declaration"),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (words(("true", "false"), suffix=r"\b"), Keyword.Constant),
            (words(WORDS, suffix=r"\b"), Keyword.Reserved),
            (r"[+-]?\d+(\.\d+)?(%|pp|ms|s|m|h|d|w)?\b", Number),
            (r"->|==|!=|>=|<=|>|<|~|\.\.", Operator),
            (r"[{}\[\],()]", Punctuation),
            (r"[A-Za-z_][A-Za-z0-9_]*", Name),
            (r".", Text),
        ],
        "declaration": [
            (r"(\s+)([A-Za-z_][A-Za-z0-9_]*)", bygroups(Whitespace, Name.Class), "#pop"),
            (r"", Text, "#pop"),
        ],
    }
