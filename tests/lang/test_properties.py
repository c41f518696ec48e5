"""Laws of the front end, checked over generated maps and arbitrary text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeyspec.ir.canonical import to_data
from journeyspec.lang.formatter import format_text
from journeyspec.lang.front.parser import parse_syntax
from journeyspec.lang.frontend import compile_text

from .strategies import maps

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "maps").glob("*.journey"))]


def _format_tree(tree):
    from journeyspec.lang.formatter import format_syntax

    return format_syntax(tree)


def _meaning(text: str):
    result = compile_text(text, "map.journey")
    assert result.document is not None, [d.message for d in result.diagnostics]
    return to_data(result.document), [(d.code, d.message) for d in result.diagnostics]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_format_laws(text):
    """Generated maps parse; fmt is idempotent, keeps the IR and diagnostics, and keeps every comment."""
    tree, diagnostics = parse_syntax(text, "map.journey")
    assert tree is not None, [(d.code, d.span.line, d.message) for d in diagnostics]
    slow_tree, slow_diagnostics = parse_syntax(text, "map.journey", use_fast_path=False)
    assert format_text(text) == _format_tree(slow_tree)  # the lean driver builds what lark's driver builds
    assert [d.message for d in slow_diagnostics] == [d.message for d in diagnostics]
    once = format_text(text)
    assert format_text(once) == once
    assert _meaning(once) == _meaning(text)
    for comment in tree.comments:
        assert comment.text in once


def _mutations(seeds=None):
    seeds = seeds if seeds is not None else st.sampled_from(SEEDS)
    return seeds.flatmap(
        lambda m: st.tuples(st.integers(0, len(m)), st.integers(0, 40), st.text(max_size=6)).map(
            lambda cut: m[: cut[0]] + cut[2] + m[cut[0] + cut[1] :]
        )
    )


@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=120), _mutations()))
def test_no_input_makes_a_traceback(text):
    """The front end answers arbitrary and mutated text with diagnostics, never an exception."""
    result = compile_text(text, "fuzz.journey")
    if result.document is None:
        assert result.errors, "a failed parse must say why"
    for diagnostic in result.diagnostics:
        assert diagnostic.span is None or diagnostic.span.line >= 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations(maps()))
def test_grammar_made_maps_cut_and_spliced_make_no_traceback(text):
    """As above, from maps the grammar's own strategies write (so every construct is cut somewhere)."""
    test_no_input_makes_a_traceback.hypothesis.inner_test(text)
