"""`diff` of a library change between two git revisions: each journey that takes it changes, placed in the library."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.diff.helpers import run_cli

LIBRARY = """library common {
  persona shopper "Shopper"
  step login "Log in" {
    when event == "login"
  }
}
"""


def _journey(name: str) -> str:
    return f"""use "shared/common.journey"

journey {name} {{
  persona shopper from common
  stage s {{
    step login from common
    step done {{ when event == "{name}_done" }}
  }}
  start login
  success done
  flow login -> done
}}
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two commits: two journeys taking `login` from a library; then the library's `when` and label changed."""
    repo = tmp_path / "repo"
    (repo / "maps" / "shared").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "commit.gpgsign", "false")
    (repo / "journeyspec.toml").write_text("")
    (repo / "maps" / "shared" / "common.journey").write_text(LIBRARY)
    (repo / "maps" / "a.journey").write_text(_journey("a"))
    (repo / "maps" / "b.journey").write_text(_journey("b"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    changed = LIBRARY.replace('event == "login"', 'event == "sign_in"').replace('"Log in"', '"Sign in"')
    (repo / "maps" / "shared" / "common.journey").write_text(changed)
    git(repo, "commit", "-q", "-am", "tracking plan renamed login")
    # The working tree goes back to the first library: each revision must be read as it was.
    (repo / "maps" / "shared" / "common.journey").write_text(LIBRARY)
    monkeypatch.chdir(repo)
    return repo


def test_a_library_change_is_a_change_of_every_journey_that_takes_it(repo: Path):
    result = run_cli("diff", "HEAD~1", "HEAD", "--format", "json", "--exit-code")
    assert result.exit_code == 1, result.stderr
    changes = json.loads(result.stdout)["changes"]
    found = sorted((c["path"], c["new"], c["span"]["file"], c["span"]["line"]) for c in changes)
    library = "HEAD:maps/shared/common.journey"
    assert found == [
        ("a/steps/login/label", '"Sign in"', library, 3),
        ("a/steps/login/when", 'event == "sign_in"', library, 4),
        ("b/steps/login/label", '"Sign in"', library, 3),
        ("b/steps/login/when", 'event == "sign_in"', library, 4),
    ]


def test_each_side_reads_its_own_libraries(repo: Path):
    # HEAD~1 against the working tree (the first library again): no change at all.
    result = run_cli("diff", "HEAD~1", "--format", "json", "--exit-code")
    assert result.exit_code == 0, result.stderr + result.stdout
    assert json.loads(result.stdout)["changes"] == []
