"""``journeyspec render``: options, outputs and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from journeyspec.cli import main_group
from tests.render.helpers import FIXTURES, ROOT

CHECKOUT = str(ROOT / "maps" / "checkout.journey")


def run(*args: str):
    return CliRunner().invoke(main_group, ["render", *args], catch_exceptions=False)


def test_dot_goes_to_stdout():
    result = run(CHECKOUT, "--as", "dot")
    assert result.exit_code == 0
    assert result.stdout.startswith("digraph checkout {")


def test_mermaid_journey_diagram():
    result = run(CHECKOUT, "--as", "mermaid", "--mermaid-journey")
    assert result.exit_code == 0 and result.stdout.startswith("journey\n")


def test_map_with_errors_prints_diagnostics_and_exits_1(tmp_path: Path):
    broken = tmp_path / "broken.journey"
    broken.write_text('journey x "X" {\n  flow a -> b\n}\n', encoding="utf-8")
    result = run(str(broken), "--as", "dot")
    assert result.exit_code == 1
    assert "error[JS" in result.stderr and result.stdout == ""


def test_missing_file_is_a_usage_error():
    result = run("nowhere.journey")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_format_does_not_apply_to_text_forms():
    result = run(CHECKOUT, "--as", "mermaid", "--format", "png")
    assert result.exit_code == 2 and "--format applies to `graph` and `canvas` only" in result.stderr


def test_mermaid_journey_needs_mermaid():
    result = run(CHECKOUT, "--as", "dot", "--mermaid-journey")
    assert result.exit_code == 2


def test_several_journeys_need_a_choice(tmp_path: Path):
    text = (FIXTURES / "empty_stage.journey").read_text(encoding="utf-8")
    two = tmp_path / "two.journey"
    two.write_text(text + "\n" + text.replace("journey sparse", "journey other"), encoding="utf-8")
    result = run(str(two), "--as", "dot")
    assert result.exit_code == 2 and "--journey" in result.stderr
    chosen = run(str(two), "--as", "dot", "--journey", "other")
    assert chosen.exit_code == 0 and chosen.stdout.startswith("digraph other {")
    unknown = run(str(two), "--as", "dot", "--journey", "nope")
    assert unknown.exit_code == 2 and "has no journey `nope`" in unknown.stderr


def test_missing_dot_binary_is_a_clear_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run(CHECKOUT, "--as", "graph", "-o", str(tmp_path / "g.svg"))
    assert result.exit_code == 2
    assert "Graphviz `dot` program is not installed" in result.stderr
    assert "apt-get install graphviz" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.graphviz
@pytest.mark.parametrize("suffix", ["svg", "png", "pdf"])
def test_graph_format_follows_the_output_suffix(tmp_path: Path, suffix: str):
    out = tmp_path / f"checkout.{suffix}"
    result = run(CHECKOUT, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    magic = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}[suffix]
    assert out.read_bytes().startswith(magic)


@pytest.mark.graphviz
def test_layout_option_chooses_how_the_graph_fits(tmp_path: Path):
    from tests.render.readability import read_svg

    sizes = {}
    for layout in ("wide", "wrap", "tall", "auto"):
        out = tmp_path / f"{layout}.svg"
        assert run(CHECKOUT, "--layout", layout, "-o", str(out)).exit_code == 0
        picture = read_svg(out.read_text(encoding="utf-8"))
        sizes[layout] = picture.width / picture.height
    assert sizes["wide"] > 2.5 > sizes["wrap"] > sizes["tall"]  # one row, then rows, then top to bottom
    assert sizes["auto"] == sizes["wrap"]  # seven steps in one row are wider than a page


def test_layout_option_is_refused_where_it_cannot_apply():
    result = run(CHECKOUT, "--as", "canvas", "--layout", "tall")
    assert result.exit_code == 2 and "stages as columns" in result.stderr
    result = run(CHECKOUT, "--as", "mermaid", "--layout", "wrap")
    assert result.exit_code == 2 and "Mermaid lays itself out" in result.stderr
    assert run(CHECKOUT, "--layout", "sideways").exit_code == 2
