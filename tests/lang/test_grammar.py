"""The grammar itself: unambiguous, and the run-time parser reads maps exactly as the strictly checked one."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeyspec.lang.front import parser as parser_module

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "maps").glob("*.journey")) + sorted((ROOT / "tests" / "corpus" / "broken").glob("*.journey"))[:30]


def test_grammar_has_no_conflicts_or_terminal_collisions():
    strict = parser_module.lark_parser(strict=True)  # raises GrammarError/LexError on any ambiguity
    assert strict.parser is not None


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_run_time_parser_reads_like_the_strict_one(path, monkeypatch):
    from journeyspec.lang.formatter import format_syntax

    text = path.read_bytes().decode("utf-8", errors="replace")

    def outcome():
        tree, diagnostics = parser_module.parse_syntax(text, "x.journey")
        return (format_syntax(tree) if tree else None), [(d.code, d.span.start, d.message) for d in diagnostics]

    fast = outcome()
    original = parser_module.lark_parser
    monkeypatch.setattr(parser_module, "lark_parser", lambda strict=False: original(strict=True))
    assert outcome() == fast


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_lean_driver_builds_what_lark_builds(path):
    """The fast path for clean maps gives the same tree, comments and diagnostics as lark's own driver."""
    from journeyspec.lang.formatter import format_syntax

    text = path.read_bytes().decode("utf-8", errors="replace")

    def outcome(fast: bool):
        tree, diagnostics = parser_module.parse_syntax(text, "x.journey", use_fast_path=fast)
        comments = [(c.text, c.span, c.own_line) for c in tree.comments] if tree else None
        return (format_syntax(tree) if tree else None), comments, [(d.code, d.span, d.message) for d in diagnostics]

    assert outcome(True) == outcome(False)
    # The whole tree, every node and span, not only what the formatter prints.
    assert parser_module.parse_syntax(text, "x.journey")[0] == parser_module.parse_syntax(
        text, "x.journey", use_fast_path=False
    )[0]


@pytest.mark.parametrize("path", [p for p in SAMPLES if p.parent.name == "maps"], ids=lambda p: p.name)
def test_clean_maps_never_reach_lark_driver(path, monkeypatch):
    """A valid map is parsed by the lean driver alone: lark's slower driver is only for broken maps."""
    text = path.read_text(encoding="utf-8")
    parser = parser_module.lark_parser()

    def refuse(*args, **kwargs):
        raise AssertionError("lark's driver was used for a clean map")

    monkeypatch.setattr(parser, "parse", refuse)
    tree, diagnostics = parser_module.parse_syntax(text, "x.journey")
    assert tree is not None and not [d for d in diagnostics if d.code.startswith("JS1")]
