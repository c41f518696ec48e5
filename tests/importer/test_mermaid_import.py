"""``journeyspec import``: a Mermaid journey diagram into a canonical map, round-tripped with ``render --mermaid-journey``."""

from __future__ import annotations

from pathlib import Path

import pytest

import journeyspec
from journeyspec.diagnostics import JourneyspecError
from journeyspec.diagnostics.render import format_diagnostic
from journeyspec.importer import import_mermaid_journey
from journeyspec.lang.frontend import compile_text
from journeyspec.render.mermaid import to_journey_diagram
from tests.cli.helpers import journeyspec as run

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
MAPS = sorted((ROOT / "maps").glob("*.journey")) + sorted((ROOT / "tests" / "render" / "fixtures").glob("*.journey"))


def _diagram_lines(text: str) -> list[str]:
    """A rendered diagram without its `%%` comment (it names the journey id, which import makes from the title)."""
    return [line for line in text.splitlines() if not line.lstrip().startswith("%%")]


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.stem)
def test_a_rendered_diagram_imports_to_a_map_that_renders_the_same_diagram(path):
    for journey in journeyspec.load(path):
        diagram = to_journey_diagram(journey)
        imported = import_mermaid_journey(diagram, "diagram.mmd")
        compiled = compile_text(imported, "imported.journey")
        assert not compiled.errors, [d.message for d in compiled.errors]
        (again,) = compiled.document.journeys
        assert _diagram_lines(to_journey_diagram(again)) == _diagram_lines(diagram)
        assert journeyspec.format(imported) == imported  # already canonical


def test_a_hand_written_diagram_becomes_the_golden_map(golden):
    text = (FIXTURES / "workshop.mmd").read_text(encoding="utf-8")
    imported = import_mermaid_journey(text, "workshop.mmd", name="workshop")
    golden("workshop.journey", imported)
    (journey,) = journeyspec.parse(imported).journeys
    # Independently of the golden: every task is a step, with score - 3 as its emotion, in diagram order.
    tasks = [line.strip() for line in text.splitlines() if line.startswith("    ") and ":" in line]
    scores = [int(task.split(":")[1]) for task in tasks]
    assert [step.emotion.score for step in journey.steps] == [s - 3 for s in scores]
    assert [p.title for p in journey.personas] == ["Bea", "Femi"]
    assert [s.title for s in journey.stages] == ["Inspire", "Book", "After"]
    assert journey.steps[1].title == journey.steps[2].title == "Compare hotels & prices"  # #38; decoded
    assert len({s.id for s in journey.steps}) == 7


@pytest.mark.parametrize(("name", "codes"), [
    ("flowchart", ["JS370"]), ("broken", ["JS371", "JS372", "JS372"]), ("empty", ["JS373"]),
])
def test_a_malformed_diagram_gets_every_problem_with_its_line(name, codes, golden):
    path = FIXTURES / f"{name}.mmd"
    text = path.read_text(encoding="utf-8")
    with pytest.raises(JourneyspecError) as caught:
        import_mermaid_journey(text, f"{name}.mmd")
    assert [d.code for d in caught.value.diagnostics] == codes
    golden(f"{name}.txt", "\n\n".join(format_diagnostic(d, text) for d in caught.value.diagnostics) + "\n")


def test_the_command_writes_beside_the_diagram_and_never_overwrites_without_force(tmp_path):
    diagram = tmp_path / "workshop.mmd"
    diagram.write_text((FIXTURES / "workshop.mmd").read_text(encoding="utf-8"), encoding="utf-8")
    done = run("import", diagram, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    made = tmp_path / "workshop.journey"
    assert run("validate", made, cwd=tmp_path).returncode == 0
    again = run("import", diagram, cwd=tmp_path)
    assert again.returncode == 2 and "exists already" in again.stderr
    (tmp_path / "bad.mmd").write_text("journey\n  section A\n    Pay: 9\n", encoding="utf-8")
    bad = run("import", tmp_path / "bad.mmd", cwd=tmp_path)
    assert bad.returncode == 1 and "error[JS372]" in bad.stderr and "3 |     Pay: 9" in bad.stderr
    assert not (tmp_path / "bad.journey").exists()
