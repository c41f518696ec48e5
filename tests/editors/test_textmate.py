"""The TextMate grammar: generated from the parser's grammar, and tested on every construct of the language.

Two kinds of cases, both in editors/textmate/tests/:

- ``spec/``: every example of spec/language.md, copied by this test (``--update-goldens``
  copies them again), each with a ``.snap`` of its tokens and scopes that
  vscode-tmgrammar-snap compares (``--update-goldens`` rewrites those too; review the diff);
- ``unit/``: hand-written maps whose ``# ^^^ scope`` lines say what a token must be,
  checked by vscode-tmgrammar-test, for the rules that look at their neighbours.

The npm tools come from editors/node_modules (``make test`` runs ``npm ci`` there).
"""

from __future__ import annotations

from importlib import resources

import pytest
from lark import Lark, Token, Tree
from lark.lexer import PatternStr

from journeyspec.lang import textmate
from tests.editors.helpers import GRAMMAR, SPEC_CASES, UNIT_CASES, npm_tool, run, spec_examples


def test_the_grammar_file_is_generated_from_the_parser_grammar(snapshot) -> None:
    snapshot(GRAMMAR, textmate.grammar_json())


def test_every_keyword_symbol_and_token_of_the_parser_has_a_scope() -> None:
    named, keywords, symbols = textmate._terminals()
    textmate._check_tables(named, keywords, symbols)
    without_declarations = {role: v for role, v in textmate.KEYWORD_ROLES.items() if role != "declaration"}
    with pytest.raises(textmate.GrammarTableError, match="keyword `journey` has no role"):
        textmate._check_tables(named, keywords, symbols, roles=without_declarations)
    with pytest.raises(textmate.GrammarTableError, match="symbol `->` has no scope"):
        textmate._check_tables(named, keywords, symbols, symbols_table={})
    with pytest.raises(textmate.GrammarTableError, match="places `flowchart`, which the grammar does not have"):
        textmate._check_tables(named, keywords, symbols, roles={**textmate.KEYWORD_ROLES, "x": ("x", ("flowchart",))})


def test_the_spec_examples_are_the_snapshot_cases(request) -> None:
    """Each example of spec/language.md is a snapshot case, word for word; none is left over."""
    examples = spec_examples()
    update = request.config.getoption("--update-goldens")
    if update:
        SPEC_CASES.mkdir(parents=True, exist_ok=True)
        for stale in SPEC_CASES.glob("*.journey*"):
            if stale.name.split(".journey")[0] + ".journey" not in examples:
                stale.unlink()
        for name, text in examples.items():
            (SPEC_CASES / name).write_text(text, encoding="utf-8")
    cases = {path.name: path.read_text(encoding="utf-8") for path in SPEC_CASES.glob("*.journey")}
    assert cases == examples, "run pytest --update-goldens to copy spec/language.md's examples again, and review"


@pytest.mark.node
def test_snapshots_of_every_spec_example(request) -> None:
    update = request.config.getoption("--update-goldens")
    cases = sorted(SPEC_CASES.glob("*.journey"))
    missing = [case.name for case in cases if not case.with_name(case.name + ".snap").exists()]
    assert update or not missing, f"no snapshot for {missing}; run pytest --update-goldens and review"
    command = [
        npm_tool("vscode-tmgrammar-snap"),
        "-g",
        GRAMMAR,
        "-s",
        textmate.SCOPE_NAME,
        *(["-u"] if update else []),
        *cases,
    ]
    result = run(command)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.node
def test_unit_cases_say_what_each_token_is() -> None:
    cases = sorted(UNIT_CASES.glob("*.journey"))
    result = run([npm_tool("vscode-tmgrammar-test"), "-g", GRAMMAR, *cases])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("run successfuly") == len(cases) >= 5


def _constructs(parser: Lark) -> set[str]:
    """Every rule, alternative and token a parse tree of the language can hold."""
    names = {rule.alias or rule.origin.name for rule in parser.rules if rule.alias or not rule.options.expand1}
    for terminal in parser.terminals:
        if terminal.name not in ("WHITESPACE", "COMMENT"):
            names.add(terminal.pattern.value if isinstance(terminal.pattern, PatternStr) else terminal.name)
    return {str(name) for name in names if not str(name).startswith("_")}


def _found(tree: Tree, keyword_tokens: set[str]) -> set[str]:
    found: set[str] = set()
    for node in tree.iter_subtrees():
        found.add(str(node.data))
        for child in node.children:
            if isinstance(child, Token):
                found.add(child.value if child.type in keyword_tokens else child.type)
    return found


def test_every_construct_of_the_language_has_a_case() -> None:
    """Every rule and token of the grammar (so every construct of spec/language.md) appears in a case.

    A whole map among the cases is parsed with all its tokens kept, and the rules, keywords and
    tokens of its tree are collected; a construct that no case holds fails here by name.
    The comment, which the parser drops, is looked for in the text.
    """
    source = resources.files("journeyspec.lang.front").joinpath("journey.lark").read_text(encoding="utf-8")
    parser = Lark(source, parser="lalr", keep_all_tokens=True)
    keyword_tokens = {t.name for t in parser.terminals if isinstance(t.pattern, PatternStr)}
    whole_maps = [path for path in SPEC_CASES.glob("*.journey") if not path.stem.endswith("-fragment")]
    whole_maps += [path for path in UNIT_CASES.glob("*.journey") if path.stem != "invalid"]
    found: set[str] = set()
    texts = []
    for path in whole_maps:
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        found |= _found(parser.parse(text), keyword_tokens)
    missing = sorted(_constructs(parser) - found)
    assert not missing, f"no grammar case holds {missing}: add one to editors/textmate/tests/unit/"
    assert any("#" in line.split('"')[0] for text in texts for line in text.splitlines() if not line.startswith("#"))


@pytest.mark.node
def test_the_highlighter_colours_a_map_as_vscode_would(tmp_path) -> None:
    """editors/textmate/scripts/highlight.js (the pictures in the docs and notes) runs the grammar through
    vscode-textmate and vscode-oniguruma, VS Code's own engine."""
    source = tmp_path / "map.journey"
    source.write_text("journey j {  # a <note>\n  stage s\n  expect reach s >= 5%\n}\n", encoding="utf-8")
    npm_tool("vscode-tmgrammar-test")  # the same node_modules holds vscode-textmate
    result = run(["node", GRAMMAR.parent / "scripts" / "highlight.js", source])
    assert result.returncode == 0, result.stderr
    html = result.stdout
    assert '<span style="color:#569CD6">journey</span>' in html  # storage.type
    assert '<span style="color:#6A9955"> a &lt;note&gt;</span>' in html  # comment, escaped
    assert '<span style="color:#B5CEA8">5%</span>' in html  # constant.numeric
    assert html.count('class="n"') == 4
