"""The git forms, on a temporary repository with real commits, and the `diff=journey` textconv driver."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from journeyspec.diff.git import GitError, maps_at_revision, maps_in_working_tree
from tests.diff.helpers import CASES, run_cli

ROOT = Path(__file__).resolve().parents[2]
BASE = (CASES / "step_relabelled" / "old.journey").read_text()
REFERRAL = (CASES / "journey_added" / "new.journey").read_text().replace(BASE, "")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three commits: both maps; a relabelled step; the referral journey gone. Then a dirty working tree."""
    repo = tmp_path / "repo"
    (repo / "maps").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "commit.gpgsign", "false")
    (repo / "maps" / "signup.journey").write_text(BASE)
    (repo / "maps" / "referral.journey").write_text(REFERRAL)
    (repo / "README.md").write_text("not a map\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    git(repo, "tag", "v1")
    (repo / "maps" / "signup.journey").write_text(BASE.replace('"Submit the form"', '"Send the form"'))
    git(repo, "commit", "-q", "-am", "relabel")
    git(repo, "rm", "-q", "maps/referral.journey")
    git(repo, "commit", "-q", "-m", "drop referral")
    # Working tree: a loosened expectation, and a new untracked map.
    signup = (repo / "maps" / "signup.journey").read_text()
    (repo / "maps" / "signup.journey").write_text(signup.replace(">= 10% within 1d", ">= 8% within 1d"))
    (repo / "maps" / "new.journey").write_text(REFERRAL)
    monkeypatch.chdir(repo)
    return repo


def paths(result) -> list[str]:
    assert result.exit_code in (0, 1), result.stderr
    return [c["path"] for c in json.loads(result.stdout)["changes"]]


def test_two_revisions(repo: Path):
    result = run_cli("diff", "v1", "HEAD", "--format", "json")
    assert paths(result) == ["referral", "signup/steps/submit/label"]


def test_a_revision_against_the_working_tree(repo: Path):
    result = run_cli("diff", "HEAD", "--format", "json")
    assert paths(result) == ["referral", "signup/expectations/conversion landing -> confirm"]
    changes = json.loads(result.stdout)["changes"]
    assert changes[1]["judgement"] == "loosened"
    assert changes[0]["kind"] == "journey_added"


def test_revision_syntax_is_git_s_own(repo: Path):
    assert paths(run_cli("diff", "HEAD~2", "HEAD~1", "--format", "json")) == ["signup/steps/submit/label"]
    assert paths(run_cli("diff", "main~1", "main", "--format", "json")) == ["referral"]


def test_paths_after_double_dash_filter_the_maps(repo: Path):
    result = run_cli("diff", "v1", "HEAD", "--format", "json", "--", "maps/signup.journey")
    assert paths(result) == ["signup/steps/submit/label"]
    assert paths(run_cli("diff", "v1", "--format", "json", "--", "maps/referral.journey")) == ["referral"]
    assert paths(run_cli("diff", "v1", "--format", "json", "--", "maps/*.journey")) == paths(
        run_cli("diff", "v1", "--format", "json")
    )


def test_paths_are_relative_to_the_current_folder(repo: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(repo / "maps")
    assert paths(run_cli("diff", "v1", "HEAD", "--format", "json", "--", "signup.journey")) == [
        "signup/steps/submit/label"
    ]


def test_spans_name_the_revision_and_the_file(repo: Path):
    changes = json.loads(run_cli("diff", "v1", "HEAD", "--format", "json").stdout)["changes"]
    assert changes[0]["span"]["file"] == "v1:maps/referral.journey"
    assert changes[1]["span"]["file"] == "HEAD:maps/signup.journey"


def test_exit_code_with_git_revisions(repo: Path):
    assert run_cli("diff", "HEAD", "HEAD", "--exit-code").exit_code == 0
    assert run_cli("diff", "v1", "HEAD", "--exit-code").exit_code == 1


def test_a_map_that_does_not_compile_at_a_revision_exits_2(repo: Path):
    (repo / "maps" / "signup.journey").write_text("journey signup {\n  step\n}\n")
    git(repo, "commit", "-q", "-am", "broken")
    result = run_cli("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 2
    assert "HEAD:maps/signup.journey" in result.stderr
    assert "do not compile" in result.stderr


def test_unknown_revision_exits_2(repo: Path):
    result = run_cli("diff", "no-such-branch")
    assert result.exit_code == 2
    assert "`no-such-branch` is not a git revision" in result.stderr


def test_outside_a_repository_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_cli("diff", "main")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    with pytest.raises(GitError, match="not inside a git repository"):
        maps_in_working_tree([], tmp_path)


def test_reader_functions(repo: Path):
    at_v1 = maps_at_revision("v1", [], repo)
    assert [name for name, _ in at_v1] == ["v1:maps/referral.journey", "v1:maps/signup.journey"]
    assert at_v1[1][1] == BASE.encode()
    working = maps_in_working_tree([], repo)
    assert [name for name, _ in working] == ["maps/new.journey", "maps/signup.journey"]
    (repo / "maps" / "signup.journey").unlink()  # deleted but still tracked: gone, not an error
    assert [name for name, _ in maps_in_working_tree([], repo)] == ["maps/new.journey"]


def test_ignored_maps_are_left_out(repo: Path):
    (repo / ".gitignore").write_text("maps/new.journey\n")
    assert [name for name, _ in maps_in_working_tree([], repo)] == ["maps/signup.journey"]


def test_a_path_outside_the_repository_is_refused(repo: Path, tmp_path: Path):
    with pytest.raises(GitError, match="outside the repository"):
        maps_at_revision("HEAD", [str(tmp_path)], repo)


# ---------------------------------------------------------------------------
# The `diff=journey` textconv driver
# ---------------------------------------------------------------------------


def test_the_repository_declares_the_driver():
    assert "*.journey diff=journey" in (ROOT / ".gitattributes").read_text().splitlines()


def test_textconv_driver_hides_reformatting_and_shows_canonical_text(repo: Path):
    (repo / ".gitattributes").write_text((ROOT / ".gitattributes").read_text())
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "driver and working tree")
    command = f"{shlex.quote(sys.executable)} -m journeyspec fmt --stdout"
    git(repo, "config", "diff.journey.textconv", command)
    signup = repo / "maps" / "signup.journey"
    original = signup.read_text()

    # Re-indented: the bytes differ, the canonical text does not.
    signup.write_text(original.replace("\n  ", "\n      "))
    assert git(repo, "diff", "--no-textconv", "--stat") != ""
    assert git(repo, "diff") == ""

    # A real edit shows as canonical lines, even when written messily.
    signup.write_text(original.replace('step submit "Send the form" {', 'step    submit   "Post the form"   {'))
    shown = git(repo, "diff")
    assert '-    step submit "Send the form" {' in shown
    assert '+    step submit "Post the form" {' in shown
    assert git(repo, "log", "-p", "-1", "--format=").count("diff --git") >= 1
