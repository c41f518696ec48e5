"""The language commands as a user runs them: exit codes, output formats, files changed or not."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from journeyspec.cli import main_group

ROOT = Path(__file__).resolve().parents[2]
CHECKOUT = (ROOT / "maps" / "checkout.journey").read_text(encoding="utf-8")
PEOPLE = (ROOT / "maps" / "shared" / "people.journey").read_text(encoding="utf-8")
HELP = (ROOT / "maps" / "shared" / "help.journey").read_text(encoding="utf-8")
BROKEN = 'journey a {\n  stage s {\n    step x { when event = "a" }\n  }\n}\n'
WARNS = 'journey a {\n  stage s {\n    step x\n  }\n  start x\n  success x\n}\n'
MESSY = 'journey a {  stage s { step x { when event=="a" } }\n start x success x }\n'


def run(*args: str):
    return CliRunner().invoke(main_group, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "good.journey").write_text(CHECKOUT, encoding="utf-8")
    # The example map takes its persona and a step from the examples' libraries: they come along.
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "people.journey").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "shared" / "help.journey").write_text(HELP, encoding="utf-8")
    return tmp_path


def test_validate_clean_folder_exits_0(folder):
    result = run("validate", str(folder))
    assert result.exit_code == 0
    # the personas support.journey takes are unused here (JS255, warnings)
    assert "0 errors, 2 warnings in 3 files" in result.stderr


def test_validate_errors_exit_1_with_rust_style_output(folder):
    (folder / "bad.journey").write_text(BROKEN, encoding="utf-8")
    result = run("validate", str(folder))
    assert result.exit_code == 1
    assert "error[JS103] single-equals: `=` is not an operator; to compare, write `==`" in result.stdout
    assert f"--> {folder / 'bad.journey'}:3:25" in result.stdout
    assert '3 |     step x { when event = "a" }' in result.stdout
    assert "= help:" in result.stdout
    assert "Traceback" not in result.output


def test_warnings_pass_unless_strict(tmp_path, monkeypatch):
    (tmp_path / "w.journey").write_text(WARNS, encoding="utf-8")
    (tmp_path / "journeyspec.toml").write_text("require_events = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("validate", str(tmp_path)).exit_code == 0
    strict = run("validate", "--strict", str(tmp_path))
    assert strict.exit_code == 1
    assert "warning[JS216]" in strict.stdout


def test_validate_json_envelope(tmp_path):
    path = tmp_path / "bad.journey"
    path.write_text(BROKEN, encoding="utf-8")
    result = run("validate", "--format", "json", str(path))
    assert result.exit_code == 1
    envelope = json.loads(result.stdout)
    assert envelope["valid"] is False
    assert envelope["error_count"] == 1 and envelope["warning_count"] == 0
    (diagnostic,) = envelope["diagnostics"]
    assert diagnostic["severity"] == "error"
    assert diagnostic["code"] == "JS103"
    assert diagnostic["summary"].startswith("`=` is not an operator")
    assert diagnostic["detail"]
    assert diagnostic["range"]["filename"] == str(path)
    assert diagnostic["range"]["start"] == {"line": 3, "column": 25, "byte": diagnostic["range"]["start"]["byte"]}


def test_validate_missing_path_is_a_usage_error(tmp_path):
    result = run("validate", str(tmp_path / "nope.journey"))
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_validate_folder_without_maps_exits_2(tmp_path):
    assert run("validate", str(tmp_path)).exit_code == 2


def test_fmt_check_lists_files_and_changes_nothing(tmp_path):
    path = tmp_path / "messy.journey"
    path.write_text(MESSY, encoding="utf-8")
    result = run("fmt", "--check", str(path))
    assert result.exit_code == 1
    assert f"would reformat {path}" in result.stdout
    assert path.read_text(encoding="utf-8") == MESSY


def test_fmt_diff_prints_a_unified_diff(tmp_path):
    path = tmp_path / "messy.journey"
    path.write_text(MESSY, encoding="utf-8")
    result = run("fmt", "--diff", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- {path} (original)")
    assert "+  stage s {" in result.stdout
    assert path.read_text(encoding="utf-8") == MESSY


def test_fmt_rewrites_then_is_clean(tmp_path):
    path = tmp_path / "messy.journey"
    path.write_text(MESSY, encoding="utf-8")
    assert run("fmt", str(path)).exit_code == 0
    formatted = path.read_text(encoding="utf-8")
    assert formatted != MESSY
    assert run("fmt", "--check", str(path)).exit_code == 0


def test_fmt_stdout_prints_and_changes_nothing(tmp_path):
    path = tmp_path / "messy.journey"
    path.write_text(MESSY, encoding="utf-8")
    result = run("fmt", "--stdout", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith("journey a {\n  stage s {\n")
    assert path.read_text(encoding="utf-8") == MESSY


def test_fmt_of_a_broken_file_exits_2_and_keeps_it(tmp_path):
    path = tmp_path / "bad.journey"
    path.write_text(BROKEN, encoding="utf-8")
    result = run("fmt", str(path))
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == BROKEN


def test_compile_prints_canonical_ir(folder):
    result = run("compile", str(folder / "good.journey"))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["journeys"][0]["id"] == "checkout"
    assert "span" not in result.stdout
    with_spans = json.loads(run("compile", "--spans", str(folder / "good.journey")).stdout)
    assert with_spans["journeys"][0]["span"]["line"] == 4  # after two `use`s and a blank line


def test_compile_of_a_broken_map_exits_1(tmp_path):
    path = tmp_path / "bad.journey"
    path.write_text(BROKEN, encoding="utf-8")
    result = run("compile", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""


def test_schema_is_json_schema():
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "Journey" in schema["$defs"]


def test_python_dash_m_entry_point(folder):
    done = subprocess.run(
        [sys.executable, "-m", "journeyspec", "validate", str(folder)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_language_commands_do_not_import_the_data_engine():
    code = "import sys, journeyspec.cli; print(any(m.split('.')[0] in ('ibis', 'duckdb', 'pyspark') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_public_verbs_are_functions_even_after_their_packages_load():
    import journeyspec
    import journeyspec.diff.compare  # noqa: F401 - loading subpackages must not rebind the verbs
    import journeyspec.render.graph  # noqa: F401

    for verb in ("load", "parse", "compile", "format", "validate", "diff", "render"):
        assert callable(getattr(journeyspec, verb)), verb
        assert getattr(journeyspec, verb).__module__ != "builtins"
    assert journeyspec.render.__name__ == "render"
