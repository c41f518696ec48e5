"""`allow`: a map silences the warnings it chooses, where it chooses, and every silenced one is counted."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from journeyspec.cli import main_group
from journeyspec.ir.canonical import to_data
from journeyspec.lang.compile.allow import SILENCEABLE
from journeyspec.lang.frontend import compile_text

# Two steps without `when` (JS216 each) and one designed dead end (JS205).
DRAFT = """\
journey support "Get help" {
  stage seek "Look for an answer" {
    step help_home "Open the help centre" {
      when event == "page_view"
    }
    step article "Read an article"
    step video "Watch a video"
    step survey "Answer the survey" {
      when event == "survey"
    }
    step solved "Solved" {
      when event == "article_helpful"
    }
  }
  start help_home
  success solved
  flow help_home -> article -> solved
  flow help_home -> video -> solved
  flow help_home -> survey
}
"""


def shown(text: str) -> list[tuple[str, str]]:
    return [(d.code, d.message.split("`")[1]) for d in compile_text(text, "m.journey", require_events=True).diagnostics]


def silenced(text: str) -> list[tuple[str, str]]:
    return [(d.code, d.message.split("`")[1]) for d in compile_text(text, "m.journey", require_events=True).silenced]


def in_step(step: str, statement: str, text: str = DRAFT) -> str:
    """``text`` with ``statement`` written inside ``step`` (given a body if it has none)."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.lstrip().startswith(f"step {step} "):
            if line.rstrip().endswith("{"):
                lines.insert(index + 1, f"      {statement}\n")
            else:
                lines[index] = line.rstrip("\n") + " {\n" + f"      {statement}\n    }}\n"
            return "".join(lines)
    raise AssertionError(step)


def test_without_allow_every_warning_shows():
    assert shown(DRAFT) == [("JS216", "article"), ("JS216", "video"), ("JS205", "survey")]
    assert silenced(DRAFT) == []


def test_a_step_silences_its_own_warning_only():
    text = in_step("article", "allow never-observed")
    assert shown(text) == [("JS216", "video"), ("JS205", "survey")]
    assert silenced(text) == [("JS216", "article")]


def test_a_journey_silences_its_warning_everywhere_in_it():
    text = DRAFT.replace("  start help_home\n", "  allow JS216\n  start help_home\n")
    assert shown(text) == [("JS205", "survey")]
    assert silenced(text) == [("JS216", "article"), ("JS216", "video")]


@pytest.mark.parametrize("written", ["dead-end", "JS205", "js205", "dead - end"])
def test_by_code_or_by_name(written):
    text = in_step("survey", f"allow {written}")
    assert silenced(text) == [("JS205", "survey")]


def test_allow_silences_only_what_it_names():
    text = in_step("article", "allow dead-end")
    assert shown(text) == [("JS216", "article"), ("JS216", "video"), ("JS205", "survey")]


def test_a_step_cannot_silence_a_warning_about_another_step():
    text = in_step("video", "allow dead-end")
    assert ("JS205", "survey") in shown(text)


def test_a_journey_does_not_silence_another_journey():
    other = DRAFT.replace('journey support "Get help"', 'journey other "Other"')
    text = DRAFT.replace("  start help_home\n", "  allow never-observed, dead-end\n  start help_home\n") + other
    assert shown(text) == [("JS216", "article"), ("JS216", "video"), ("JS205", "survey")]
    assert len(silenced(text)) == 3


def test_errors_are_never_silenced():
    text = DRAFT.replace("  start help_home\n", "  allow unreachable-step\n  start help_home\n")
    text = text.replace("  flow help_home -> survey\n", "")  # survey: now unreachable (JS204)
    found = compile_text(text, "m.journey")
    assert [d.code for d in found.errors] == ["JS204", "JS239"]
    assert found.silenced == ()


def test_allow_changes_no_meaning():
    """`allow` is about the map's warnings, not its design: the IR is the same without it."""
    quiet = compile_text(in_step("article", "allow never-observed"), "m.journey")
    loud = compile_text(DRAFT, "m.journey")
    assert to_data(quiet.document) == to_data(loud.document)


def test_what_allow_accepts_is_every_map_warning_but_no_error():
    codes = set(SILENCEABLE.values())
    assert {"JS205", "JS216", "JS230", "JS231", "JS232", "JS234", "JS238"} == codes
    assert SILENCEABLE["dead-end"] == "JS205" and SILENCEABLE["JS205"] == "JS205"


# --- the commands ---------------------------------------------------------------


@pytest.fixture(autouse=True)
def _project_requires_events(tmp_path, monkeypatch):
    """The commands run in a project with `require_events = true`, where a step without `when` warns (JS216)."""
    (tmp_path / "journeyspec.toml").write_text("require_events = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def _write(tmp_path, text: str):
    path = tmp_path / "support.journey"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_validate_counts_silenced_warnings_and_strict_passes(tmp_path):
    text = DRAFT.replace("  start help_home\n", "  allow never-observed, dead-end\n  start help_home\n")
    result = CliRunner().invoke(main_group, ["validate", "--strict", _write(tmp_path, text)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1 file valid; 3 warnings silenced by the map" in result.stderr


def test_validate_strict_still_fails_on_the_warnings_left(tmp_path):
    result = CliRunner().invoke(main_group, ["validate", "--strict", _write(tmp_path, in_step("article", "allow JS216"))])
    assert result.exit_code == 1
    assert "0 errors, 2 warnings in 1 file; 1 warning silenced by the map" in result.stderr
    assert "`article`" not in result.stdout and "`video`" in result.stdout


def test_validate_json_lists_silenced_warnings_apart(tmp_path):
    result = CliRunner().invoke(main_group, ["validate", "--format", "json", _write(tmp_path, in_step("article", "allow JS216"))])
    envelope = json.loads(result.stdout)
    assert (envelope["warning_count"], envelope["silenced_count"]) == (2, 1)
    assert [d["code"] for d in envelope["silenced"]] == ["JS216"]
    assert all("`article`" not in d["summary"] for d in envelope["diagnostics"])


def test_render_is_quiet_about_warnings_unless_asked(tmp_path):
    path = _write(tmp_path, DRAFT)
    quiet = CliRunner().invoke(main_group, ["render", path, "--as", "mermaid"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert quiet.stdout.startswith("flowchart LR")
    loud = CliRunner().invoke(main_group, ["render", path, "--as", "mermaid", "-W"])
    assert loud.exit_code == 0
    assert loud.stderr.count("warning[") == 3


def test_render_always_prints_errors(tmp_path):
    path = _write(tmp_path, DRAFT.replace("  success solved\n", "  success solvd\n"))
    result = CliRunner().invoke(main_group, ["render", path, "--as", "mermaid"])
    assert result.exit_code == 1
    assert "error[JS202]" in result.stderr and "warning[" not in result.stderr
