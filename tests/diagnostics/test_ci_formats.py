"""`validate` in CI: GitHub annotations on the map's lines, SARIF for code scanning, the step summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from journeyspec.cli import main_group
from journeyspec.diagnostics import CODES
from journeyspec.diagnostics.github import PER_LEVEL
from tests.diagnostics.workflow_commands import parse

SCHEMA = Path(__file__).resolve().parents[1] / "vendored" / "sarif-schema-2.1.0.json"

# Two errors (an unknown success step, an unknown step in a flow), with text that would start a command
# of its own if it reached the log raw; and, in another map, a warning (a dead end) over three lines.
MAP = '''\
journey shop "Shop %0A ::error::x, a:b" {
  stage s "S" {
    step home "Home" {
      when event == "home"
    }
  }
  start home
  success pay
  flow home -> cart
}
'''
WARNED = '''\
journey other "Other" {
  stage s "S" {
    step home "Home" { when event == "home" }
    step lost "Lost" {
      when event == "lost"
    }
    step pay "Pay" { when event == "pay" }
  }
  start home
  success pay
  flow home -> pay
  flow home -> lost
}
'''


def validate(folder: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(main_group, ["validate", str(folder), *args], env=env)


@pytest.fixture
def broken(tmp_path, monkeypatch):
    (tmp_path / "shop.journey").write_text(MAP, encoding="utf-8")
    (tmp_path / "warned.journey").write_text(WARNED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the repository root paths are made relative to
    return tmp_path


def flat(found: tuple[int, int, int]) -> tuple[int, int, int, int]:
    """(line, column, end column) on one line as (line, column, end line, end column)."""
    return found[0], found[1], found[0], found[2]


def where(text: str, needle: str, line_hint: str) -> tuple[int, int, int]:
    """(line, first column, column past the end) of ``needle`` on the line holding ``line_hint``, counted by hand."""
    for number, line in enumerate(text.splitlines(), 1):
        if line_hint in line:
            column = line.index(needle, line.index(line_hint)) + 1
            return number, column, column + len(needle)
    raise AssertionError(line_hint)


def test_annotations_carry_file_line_columns_and_title(broken):
    run = validate(broken, "--format", "github")
    assert run.exit_code == 1, run.output
    commands = parse(run.stdout)
    assert len(run.stdout.splitlines()) == len(commands)  # nothing but commands on stdout
    by_title = {c.properties["title"]: c for c in commands}
    errors = sorted((c.properties["file"], c.int("line"), c.int("col"), c.int("endLine"), c.int("endColumn"))
                    for c in commands if c.properties["title"] == "JS202 unknown-step")
    assert errors == [("shop.journey", *flat(where(MAP, "pay", "success pay"))),
                      ("shop.journey", *flat(where(MAP, "cart", "flow home -> cart")))]
    # The dead end's span is the whole step block: from `step lost` to its closing brace, three lines on.
    dead = by_title["JS205 dead-end"]
    line, column, _ = where(WARNED, "step", "step lost")
    assert (dead.properties["file"], dead.int("line"), dead.int("col")) == ("warned.journey", line, column)
    assert (dead.int("endLine"), dead.int("endColumn")) == (line + 2, WARNED.splitlines()[line + 1].index("}") + 2)
    assert dead.name == "warning" and "help: " in dead.message
    assert [c.name for c in commands] == ["error", "error", "warning"]  # ranked: errors first
    strict = parse(validate(broken, "--format", "github", "--strict").stdout)
    assert [c.name for c in strict] == ["error"] * 3


def test_many_diagnostics_are_capped_with_a_notice(tmp_path, monkeypatch):
    # 25 errors in one map (flows to undeclared steps), 30 warnings in another (steps that lead nowhere).
    head = 'journey j "J" {\n  stage st "St" {\n    step home "Home" { when event == "home" }\n'
    flows = "\n".join(f"  flow home -> nowhere{i}" for i in range(25))
    (tmp_path / "errors.journey").write_text(f"{head}  }}\n  start home\n  success home\n{flows}\n}}\n", encoding="utf-8")
    steps = "\n".join(f'    step s{i} "S{i}" {{ when event == "e{i}" }}' for i in range(30))
    dead = "\n".join(f"  flow home -> s{i}" for i in range(30))
    (tmp_path / "warnings.journey").write_text(
        f'{head}    step pay "Pay" {{ when event == "pay" }}\n{steps}\n  }}\n  start home\n  success pay\n'
        f"  flow home -> pay\n{dead}\n}}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    commands = parse(validate(tmp_path, "--format", "github").stdout)
    levels = [c.name for c in commands]
    assert levels == ["error"] * PER_LEVEL + ["warning"] * PER_LEVEL + ["notice"]
    errors = [c.int("line") for c in commands if c.name == "error"]
    assert errors == sorted(errors)
    json_run = json.loads(validate(tmp_path, "--format", "json").stdout)
    left_errors = json_run["error_count"] - PER_LEVEL
    left_warnings = json_run["warning_count"] - PER_LEVEL
    assert left_errors > 0 and left_warnings > 0
    assert (f"{left_errors + left_warnings} more findings not annotated ({left_errors} errors, "
            f"{left_warnings} warnings)") in commands[-1].message


HOSTILE = "v\n::error file=evil.py,line=1::pwned %0A%25 100%, a:b\r::warning::y"


def test_hostile_text_injects_nothing():
    # Data errors quote values from the event log (JS3xx), and a path can hold anything: none of it may
    # end the line, or be read back as anything but what it was.
    from journeyspec.diagnostics import Diagnostic
    from journeyspec.diagnostics.github import diagnostics_github
    from journeyspec.ir.base import Span

    span = Span(file="maps/a,b:c%\n::x.journey", start=0, end=3, line=2, column=1, end_line=2, end_column=4)
    found = [Diagnostic("JS302", HOSTILE, span, help=HOSTILE), Diagnostic("JS205", HOSTILE)]
    output = diagnostics_github(found)
    assert output.count("\n") == 2
    commands = parse(output)
    assert [c.name for c in commands] == ["error", "warning"]
    shown = HOSTILE.replace("\n", "\\x0a").replace("\r", "\\x0d")
    assert commands[0].properties == {"file": "maps/a,b:c%\\x0a::x.journey", "line": "2", "col": "1", "endLine": "2",
                                      "endColumn": "4", "title": "JS302 missing-column"}
    assert commands[0].message == f"{shown}\nhelp: {shown}"
    assert commands[1].properties == {"title": "JS205 dead-end"} and commands[1].message == shown


def test_sarif_is_valid_and_links_every_code_to_its_docs(broken):
    jsonschema = pytest.importorskip("jsonschema")
    run = validate(broken, "--format", "sarif")
    assert run.exit_code == 1
    log = json.loads(run.stdout)
    assert not list(jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).iter_errors(log))
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == ["JS202", "JS205"]
    line, column, _ = where(WARNED, "step", "step lost")
    for rule in driver["rules"]:
        assert rule["helpUri"].endswith(f"/reference/diagnostics/#{rule['id'].lower()}")
        assert rule["shortDescription"]["text"] == CODES[rule["id"]].meaning
    regions = sorted((r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                      r["locations"][0]["physicalLocation"]["region"]["startColumn"],
                      r["locations"][0]["physicalLocation"]["region"]["endColumn"])
                     for r in log["runs"][0]["results"])
    assert regions == sorted([("JS202", "error", *where(MAP, "pay", "success pay")),
                              ("JS202", "error", *where(MAP, "cart", "flow home -> cart")),
                              ("JS205", "warning", line, column, WARNED.splitlines()[line + 1].index("}") + 2)])
    artifacts = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert artifacts == {"shop.journey", "warned.journey"}


def test_gitlab_code_quality_issues_sit_on_each_problem(broken):
    run = validate(broken, "--format", "gitlab")
    assert run.exit_code == 1
    issues = json.loads(run.stdout)
    found = sorted((i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
                   for i in issues)
    assert found == [("JS202", "major", "shop.journey", where(MAP, "pay", "success pay")[0]),
                     ("JS202", "major", "shop.journey", where(MAP, "cart", "flow home -> cart")[0]),
                     ("JS205", "minor", "warned.journey", where(WARNED, "step", "step lost")[0])]
    assert len({i["fingerprint"] for i in issues}) == 3
    # A finding that moves down a line keeps its fingerprint: GitLab follows it from one pipeline to the next.
    (broken / "shop.journey").write_text("\n" + MAP, encoding="utf-8")
    moved = json.loads(validate(broken, "--format", "gitlab").stdout)
    assert {i["fingerprint"] for i in moved} == {i["fingerprint"] for i in issues}
    assert [i["location"]["lines"]["begin"] for i in moved if i["check_name"] == "JS202"] == [
        i["location"]["lines"]["begin"] + 1 for i in issues if i["check_name"] == "JS202"]
    strict = json.loads(validate(broken, "--format", "gitlab", "--strict").stdout)
    assert {i["severity"] for i in strict} == {"major"}


def test_the_summary_lists_each_problem_inertly(broken):
    summary = broken / "summary.md"
    run = validate(broken, "--summary", str(summary))
    assert run.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## ❌ journeyspec validate\n\n2 errors, 1 warning in 2 files.")
    assert text.count("| ❌ error |") == 2 and text.count("| ⚠️ warning |") == 1
    step = broken / "step.md"
    validate(broken, env={"GITHUB_STEP_SUMMARY": str(step)})
    validate(broken, "--no-summary", env={"GITHUB_STEP_SUMMARY": str(step)})
    assert step.read_text(encoding="utf-8") == text  # appended once; --no-summary writes none
