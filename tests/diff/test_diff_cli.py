"""``journeyspec diff`` on files and folders: formats, exit codes, errors, and ``--render``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from journeyspec.diff.compare import compare
from journeyspec.diff.overlay import diff_dot, pictures
from journeyspec.render.palette import MARKS as COLOURS
from tests.diff.helpers import CASES, case_sides, run_cli

OLD = str(CASES / "loosened" / "old.journey")
NEW = str(CASES / "loosened" / "new.journey")
SAME = str(CASES / "fmt_only" / "new.journey")


def test_changes_exit_0_without_exit_code():
    result = run_cli("diff", OLD, NEW)
    assert result.exit_code == 0
    assert "! expectation `conversion landing -> confirm` loosened" in result.stdout
    assert result.stdout.rstrip().endswith("4 changes in 1 journey: 4 changed; 4 expectations loosened")


def test_exit_code_is_1_with_changes_and_0_without():
    assert run_cli("diff", "--exit-code", OLD, NEW).exit_code == 1
    result = run_cli("diff", "--exit-code", OLD, SAME)
    assert result.exit_code == 0
    assert result.stdout == "no journey changes\n"


@pytest.mark.parametrize("output_format", ["json", "markdown"])
def test_formats(output_format: str):
    result = run_cli("diff", "--format", output_format, OLD, NEW)
    assert result.exit_code == 0
    if output_format == "json":
        document = json.loads(result.stdout)
        assert document["summary"]["loosened"] == 4
        assert {c["judgement"] for c in document["changes"]} == {"loosened"}
    else:
        assert result.stdout.startswith("### Journey changes\n")
        assert "| ⚠️ | expectation <code>friction at submit</code> **loosened** |" in result.stdout


def test_plain_text_when_piped():
    assert "\x1b[" not in run_cli("diff", OLD, NEW).stdout


def test_folders(tmp_path: Path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    shutil.copy(OLD, old / "signup.journey")
    shutil.copy(NEW, new / "signup.journey")
    shutil.copy(CASES / "journey_added" / "new.journey", new / "both.journey")
    (new / "signup.journey").unlink()  # the journey moved into another file: matched by id
    result = run_cli("diff", "--format", "json", str(old), str(new))
    assert result.exit_code == 0, result.stderr
    paths = [c["path"] for c in json.loads(result.stdout)["changes"]]
    assert paths == ["referral"]


def test_a_map_that_does_not_compile_prints_its_diagnostics_and_exits_2(tmp_path: Path):
    broken = tmp_path / "broken.journey"
    broken.write_text('journey signup "Signup" {\n  stage land {\n    step a {\n      when event ==\n    }\n  }\n}\n')
    result = run_cli("diff", "--exit-code", OLD, str(broken))
    assert result.exit_code == 2
    assert "error[JS1" in result.stderr
    assert str(broken) in result.stderr
    assert result.stdout == ""


def test_duplicate_journey_ids_across_files_exit_2(tmp_path: Path):
    shutil.copy(OLD, tmp_path / "a.journey")
    shutil.copy(OLD, tmp_path / "b.journey")
    result = run_cli("diff", OLD, str(tmp_path))
    assert result.exit_code == 2
    assert "JS201" in result.stderr


def test_missing_file_is_a_clear_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # not a git repository either
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_cli("diff", OLD, "missing.journey")
    assert result.exit_code == 2
    assert "missing.journey" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [[], ["a", "b", "c"]])
def test_wrong_number_of_arguments_exits_2(args: list[str]):
    result = run_cli("diff", *args)
    assert result.exit_code == 2
    assert "give two files or folders" in result.stderr


def test_unknown_format_exits_2():
    assert run_cli("diff", "--format", "yaml", OLD, NEW).exit_code == 2


# ---------------------------------------------------------------------------
# --render
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["rename", "stage_removed", "journey_removed", "edge_share_changed"])
def test_render_graph_golden(case: str, golden):
    old, new = case_sides(case)
    source = diff_dot(list(old.journeys), list(new.journeys), compare(old.journeys, new.journeys))
    golden(f"render/{case}.dot", source)


def test_render_colours_added_removed_and_changed():
    old, new = case_sides("rename")
    source = diff_dot(list(old.journeys), list(new.journeys), compare(old.journeys, new.journeys))
    removed = next(line for line in source.splitlines() if line.strip().startswith("form ["))
    added = next(line for line in source.splitlines() if line.strip().startswith("signup_form ["))
    assert COLOURS["removed"] in removed and "dashed" in removed
    assert COLOURS["added"] in added and "dashed" not in added


@pytest.mark.graphviz
def test_render_writes_svg(tmp_path: Path):
    out = tmp_path / "changes.svg"
    result = run_cli("diff", "--render", str(out), OLD, str(CASES / "loosened" / "new.journey"))
    assert result.exit_code == 0, result.stderr
    svg = out.read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


@pytest.mark.graphviz
def test_render_of_a_structural_change_shows_its_colours(tmp_path: Path):
    out = tmp_path / "changes.svg"
    result = run_cli(
        "diff", "--render", str(out), str(CASES / "rename" / "old.journey"), str(CASES / "rename" / "new.journey")
    )
    assert result.exit_code == 0, result.stderr
    svg = out.read_text()
    assert COLOURS["added"] in svg and COLOURS["removed"] in svg and "stroke-dasharray" in svg


@pytest.mark.graphviz
@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG\r\n\x1a\n"), (".PDF", b"%PDF-")])
def test_render_writes_the_format_its_suffix_names(tmp_path: Path, suffix: str, magic: bytes):
    out = tmp_path / f"changes{suffix}"
    result = run_cli("diff", "--render", str(out), OLD, str(CASES / "loosened" / "new.journey"))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic)  # the bytes of that format, never SVG text under its name


@pytest.mark.parametrize("name", ["changes.jpg", "changes"])
def test_render_to_a_name_without_a_picture_suffix_is_refused_before_anything_is_written(tmp_path: Path, name: str):
    out = tmp_path / name
    result = run_cli("diff", "--render", str(out), OLD, NEW)
    assert result.exit_code == 2
    assert "--render writes SVG, PNG or PDF" in result.stderr and "changes.svg, .png or .pdf" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not out.exists()


def test_render_without_dot_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` to find
    result = run_cli("diff", "--render", str(tmp_path / "x.svg"), OLD, NEW)
    assert result.exit_code == 2
    assert "Graphviz `dot` program" in result.stderr
    assert "apt-get install graphviz" in result.stderr
    assert not (tmp_path / "x.svg").exists()


def test_a_step_moved_out_of_a_removed_stage_is_drawn_once_where_it_is_now():
    old = """journey j "J" {
  stage a "A" {
    step x "X" { when event == "x" }
    step y "Y" { when event == "y" }
  }
  stage b "B" {
    step z "Z" { when event == "z" }
  }
  start x
  success z
  flow x -> y -> z
}
"""
    new = """journey j "J" {
  stage b "B" {
    step x "X" { when event == "x" }
    step z "Z" { when event == "z" }
  }
  start x
  success z
  flow x -> z
}
"""
    import journeyspec

    before, after = journeyspec.parse(old).journeys, journeyspec.parse(new).journeys
    [(drawn, _)] = pictures(list(before), list(after), compare(before, after))
    assert sorted(drawn.step_ids) == ["x", "y", "z"]
    assert drawn.stage("a").steps == ("y",)
