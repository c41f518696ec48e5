"""The editor's re-parse (journeyspec.lang.front.incremental) gives exactly what a whole compile gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeyspec.lang.front.incremental import Reparser
from journeyspec.lang.frontend import compile_text

from .strategies import maps

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "maps").glob("*.journey"))]


def _stage(index: int) -> str:
    return (
        f'  stage st{index} "Stage {index}" {{  # stage {index}\n'
        f"    emotion {index % 3 - 1}\n"
        f'    step a{index} "A {index}" {{ when event == "a{index}" and page ~ "^/p{index}/" }}\n'
        f"    # between the steps\n"
        f'    step b{index} "B {index}" {{\n      channel web\n      when event == "b{index}"\n    }}\n'
        "  }\n"
    )


def _map(stages: int) -> str:
    chain = " -> ".join(f"a{i} -> b{i}" for i in range(stages))
    return (
        'journey big "Big" {\n  description "generated"\n'
        + "".join(_stage(i) for i in range(stages))
        + f"  start a0\n  success b{stages - 1}\n  flow {chain}\n"
        + f"  expect conversion a0 -> b{stages - 1} >= 3% within 1d\n}}\n"
    )


BASE = _map(6)

# Pieces an edit inserts: words, braces, quotes, newlines, whole statements and stages.
PIECES = [
    "x",
    "s",
    " ",
    "\n",
    "{",
    "}",
    '"',
    "#",
    "->",
    "(",
    "stage",
    "step",
    "a1",
    "b9",
    "within 1d",
    'stage extra "E" { step e { when event == "e" } }\n',
    "  flow a0 -> b0\n",
    "é",
    "\t",
    "\r\n",
    ", a2",
    " EUR",
    "  value 85\n",
    " and page == 1",
    "  tags x, y\n",
    "  expect conversion a0 -> b1 >= 3%\n",
    " within 1d\n",
]


@st.composite
def edits(draw, text: str):
    """A random edit of ``text``: a deletion, an insertion or a replacement at a random place."""
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + draw(st.sampled_from([0, 1, 3, 40, 400])))))
    inserted = draw(st.one_of(st.just(""), st.sampled_from(PIECES)))
    return text[:start] + inserted + text[end:]


def _same(text: str, reparser: Reparser) -> None:
    incremental = compile_text(text, "map.journey", reparser=reparser)
    whole = compile_text(text, "map.journey")
    assert incremental.diagnostics == whole.diagnostics
    assert incremental.silenced == whole.silenced
    assert incremental.document == whole.document
    assert incremental.syntax == whole.syntax
    if whole.document is not None:
        assert incremental.document.model_dump_json() == whole.document.model_dump_json()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_edits_compile_as_a_whole_compile_does(data):
    """Each version of a map edited at random, re-parsed incrementally, compiles as the whole text compiles."""
    reparser = Reparser()
    text = data.draw(st.sampled_from([BASE, *SEEDS]))
    _same(text, reparser)
    for _ in range(data.draw(st.integers(1, 6))):
        text = data.draw(edits(text))
        _same(text, reparser)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(), st.data())
def test_generated_maps_edited(text, data):
    reparser = Reparser()
    _same(text, reparser)
    for _ in range(3):
        text = data.draw(edits(text))
        _same(text, reparser)


def _stages(result):
    return [s for j in result.syntax.journeys for s in j.body if getattr(s, "keyword", "") == "stage"]


def test_an_edit_after_the_stages_reuses_every_stage():
    """Not a whole parse in disguise: the stage nodes of the last parse are the ones in the new tree,
    and so are the journey's other statements but the edited one."""
    reparser = Reparser()
    first = compile_text(BASE, "map.journey", reparser=reparser)
    before = _stages(first)
    edited = BASE.replace("flow a0 -> b0", "flow a0 -> bx")
    after = compile_text(edited, "map.journey", reparser=reparser)
    assert [d.code for d in after.diagnostics] == ["JS202"]
    assert all(new is old for new, old in zip(_stages(after), before, strict=True))
    kept = [new is old for new, old in zip(after.syntax.journeys[0].body, first.syntax.journeys[0].body, strict=True)]
    flow = next(i for i, s in enumerate(after.syntax.journeys[0].body) if s.keyword == "flow")
    assert kept == [i != flow for i in range(len(kept))]
    _same(edited, Reparser())


def test_an_edit_in_a_stage_reparses_that_stage_only(monkeypatch):
    """The stages after the edit are moved (their spans shifted by the edit), not parsed again."""
    from journeyspec.lang.front import incremental

    parsed: list[str] = []
    real = incremental.parse_if_clean
    monkeypatch.setattr(incremental, "parse_if_clean", lambda text, file: parsed.append(text) or real(text, file))
    reparser = Reparser()
    before = _stages(compile_text(BASE, "map.journey", reparser=reparser))
    edited = BASE.replace('"B 3"', '"Bee 3"\n')
    after = _stages(compile_text(edited, "map.journey", reparser=reparser))
    assert [new is old for new, old in zip(after, before, strict=True)] == [True] * 3 + [False] * 3
    assert after[3].body[2].label.value == "Bee 3"
    assert after[4].span.start == before[4].span.start + 3 and after[4].span.line == before[4].span.line + 1
    assert len(parsed) == 1 and "stage st3" in parsed[0]
    assert not any(f"stage st{i}" in parsed[0] for i in (0, 1, 2, 4, 5))
    _same(edited, Reparser())


def test_a_kept_stage_that_would_split_a_statement_is_not_blanked_away():
    """Blanking the stage would join `… >= 3%` and `within 1d` into one expectation that parses."""
    text = BASE.replace("  start a0", "  expect conversion a0 -> b5 >= 3%\n" + _stage(9) + "  start a0")
    reparser = Reparser()
    assert compile_text(text, "map.journey", reparser=reparser).syntax is not None
    edited = text.replace("  start a0\n", "  within 1d\n", 1)
    result = compile_text(edited, "map.journey", reparser=reparser)
    assert not result.ok and result.syntax is None
    _same(edited, Reparser())


def test_a_kept_stage_before_the_journey_brace_is_not_put_in_its_body():
    text = 'journey j "J" {\n  stage s "S" {\n    step a { when event == "a" }\n  }\n}\n'
    reparser = Reparser()
    assert compile_text(text, "map.journey", reparser=reparser).syntax is not None
    edited = 'journey j "J"  \n  stage s "S" {\n    step a { when event == "a" }\n  }\n{}\n'
    assert edited.index("stage") == text.index("stage")  # the kept stage is found where it was
    result = compile_text(edited, "map.journey", reparser=reparser)
    assert result.syntax is None and not result.ok
    _same(edited, Reparser())
