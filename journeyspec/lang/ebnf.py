"""The grammar as EBNF for the language reference, generated from ``front/journey.lark``.

``spec/grammar.ebnf`` is this module's output; a test keeps the two equal, so
the reference can never drift from the parser. Run ``make spec`` after
editing the grammar.
"""

from __future__ import annotations

import re
import sys
from importlib import resources

_HEADER = """\
(* The journeyspec language, version 1: grammar in EBNF (ISO 14977 style, with
   regular expressions between slashes for tokens).
   Generated from journeyspec/lang/front/journey.lark by `make spec`; do not edit.
   Whitespace, newlines and comments (# to the end of the line) may appear
   between any two tokens. A word in double quotes is a keyword; a keyword is
   still usable as an id wherever the grammar expects a name. *)
"""


def _rule_line(line: str) -> str:
    line = re.sub(r"\s+->\s+\w+\s*$", "", line)  # tree-building aliases mean nothing to a reader
    line = re.sub(r"^\?", "", line)
    line = re.sub(r"^(\w+)(\.\d+)?:\s*", lambda m: f"{m.group(1)} = ", line)
    return line


def grammar_ebnf() -> str:
    """EBNF text of the journey grammar, with the grammar file's section titles and notes kept."""
    source = resources.files("journeyspec.lang.front").joinpath("journey.lark").read_text(encoding="utf-8")
    blocks: list[str] = [_HEADER.rstrip()]
    comment: list[str] = []
    rule: list[str] = []
    seen_rule = False

    def flush_rule() -> None:
        if rule:
            blocks.append("\n".join(rule) + " ;")
            rule.clear()

    for raw in source.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("//"):
            flush_rule()
            text = stripped[2:].strip()
            if not set(text) <= {"="}:
                comment.append(text)
            continue
        if comment:
            # The file's opening note is about the .lark file itself, not the language.
            if seen_rule:
                blocks.append("(* " + "\n   ".join(comment) + " *)")
            comment.clear()
        if not stripped or stripped.startswith("%"):
            flush_rule()
            continue
        if re.match(r"^\??\w+(\.\d+)?:", line):
            flush_rule()
            seen_rule = True
        rule.append(_rule_line(line))
    flush_rule()
    return "\n\n".join(blocks) + "\n"


if __name__ == "__main__":
    sys.stdout.write(grammar_ebnf())
