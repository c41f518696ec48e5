"""Broken and hostile input gets diagnostics, never a traceback or a hang."""

from __future__ import annotations

import random

import pytest

from journeyspec.lang.formatter import format_text
from journeyspec.lang.front.parser import MAX_SYNTAX_ERRORS
from journeyspec.lang.frontend import compile_text
from journeyspec.lang.source import decode


def codes(text: str) -> list[str]:
    return [d.code for d in compile_text(text, "x.journey").diagnostics]


def test_binary_junk_is_reported_and_capped():
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(1_000_000)).decode("latin-1")
    result = compile_text(junk, "junk.journey")
    assert result.document is None
    assert 1 <= len(result.errors) <= MAX_SYNTAX_ERRORS + 1


def test_ten_megabyte_line():
    text = "journey a { description \"" + "x" * 10_000_000 + "\" goal " + "y" * 10_000
    result = compile_text(text, "long.journey")
    assert [d.code for d in result.errors] == ["JS105"]


def test_deep_parentheses_are_refused_before_parsing():
    depth = 100_000
    text = 'journey a { stage s { step x { when ' + "(" * depth + 'a == 1' + ")" * depth + " } } }"
    (found,) = compile_text(text, "x.journey").diagnostics
    assert found.code == "JS111"
    assert (found.span.line, found.span.column) == (1, 37 + 100)  # the 101st parenthesis


def test_parentheses_inside_text_do_not_count():
    text = 'journey a { description "' + "(" * 500 + '" }'
    assert "JS111" not in codes(text)


def test_deep_nesting_is_refused_not_recursed():
    depth = 20_000
    text = 'journey a { stage s { step x { when ' + "(b == 2 or (c == 3 and " * depth + 'a == 1' + "))" * depth + " } } }"
    assert "JS111" in codes(text)


def test_deep_nesting_of_one_kind_stays_linear():
    # Nested `and`s are flattened; past the depth limit the builder must stop
    # copying operand lists, or this input takes minutes (quadratic).
    depth = 80_000
    text = "journey a { stage s { step x { when " + "(a == 1 and " * depth + "b == 2" + ")" * depth + " } } }"
    assert "JS111" in codes(text)


def test_deep_not_chain():
    text = 'journey a { stage s { step x { when ' + "not " * 50_000 + 'a == 1 } } }'
    assert "JS111" in codes(text)


def test_unclosed_braces_deeply():
    text = "journey a {" + " stage s {" * 1 + " step x {" * 1
    assert codes(text) == ["JS102"]


def test_invalid_utf8_names_the_byte():
    text, problems = decode(b'journey a {\n  description "caf\xe9"\n}\n', "bad.journey")
    assert text is None
    (problem,) = problems
    assert problem.code == "JS101"
    assert (problem.span.line, problem.span.column) == (2, 19)
    assert "0xE9" in problem.message


def test_bom_is_accepted():
    text, problems = decode("\ufeffjourney a { }".encode(), "bom.journey")
    assert problems == [] and text.startswith("journey")


# Also fed to the language server, which must answer each with diagnostics and stay up (tests/lsp).
ODD_INPUTS = [
    "",
    "\x00",
    "{{{{{{{{",
    "}}}}}}}}",
    '"' * 1000,
    "journey " * 5000,
    "journey a { expect " * 2000,
    "# only a comment",
    "journey a { stage s { step x { when a ~ \"(\" } } }",
    "journey a { stage s { step x { when a in [" + "1," * 50_000 + "] } } }",
]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_odd_inputs_answer_with_diagnostics(text):
    result = compile_text(text, "odd.journey")
    assert result.document is not None or result.errors


def test_many_errors_are_all_reported_up_to_the_cap():
    statements = "\n".join(f"  flow a{i} > b{i}" for i in range(5))
    text = "journey a {\n" + statements + "\n  stpe x\n  goal oops\n}\n"
    found = compile_text(text, "many.journey").diagnostics
    assert [d.code for d in found] == ["JS104"] * 5 + ["JS107", "JS105"]
    assert [d.span.line for d in found] == [2, 3, 4, 5, 6, 7, 8]


def test_a_comment_ends_at_a_lone_carriage_return():
    # Old Mac line endings: a comment used to run to the end of the file.
    text = 'journey a {\r  # a comment\r  stage s { step x { when event == "x" } }\r  start x\r  success x\r}\r'
    assert codes(text) == []
    formatted = format_text(text)
    assert "# a comment" in formatted and "success x" in formatted
