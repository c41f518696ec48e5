"""The GitHub Action (action.yml): its shell steps run here with a fake GitHub environment; actionlint lints it.

The composite's `run:` steps are executed in order as the runner would (``bash --noprofile --norc -eo
pipefail``, the step's ``env:`` with its ``${{ }}`` expressions filled in, ``$GITHUB_OUTPUT`` read back
as the step's outputs, ``if:`` decided); the `uses:` steps (setup-python, the pip cache, the artifact
upload) are GitHub's own and are only checked for what they are given. `python -m pip` is stubbed (it
would install journeyspec from the network); `python -m journeyspec` is this checkout.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.check.helpers import MAP, write_events
from tests.diagnostics.workflow_commands import parse

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "docs" / "recipes" / "github-action.yml"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Runner:
    """Runs the composite's steps with ``inputs``, in ``workspace``, as a GitHub runner would."""

    def __init__(self, tmp: Path, workspace: Path, inputs: dict[str, str]) -> None:
        self.action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
        defaults = {name: spec.get("default", "") for name, spec in self.action["inputs"].items()}
        unknown = set(inputs) - set(defaults)
        assert not unknown, f"the action has no input {unknown}"
        self.inputs = {**defaults, **inputs}
        self.tmp, self.workspace = tmp, workspace
        self.outputs: dict[str, dict[str, str]] = {}
        self.outcomes: dict[str, str] = {}
        self.logs: dict[str, str] = {}
        self.uses: list[tuple[str, dict]] = []
        self.summary = tmp / "step_summary.md"
        self.summary.write_text("", encoding="utf-8")
        shims = tmp / "bin"
        shims.mkdir()
        self.pip_log = tmp / "pip.log"
        (shims / "python").write_text(
            "#!/bin/bash\n"
            f'if [ "$1 $2" = "-m pip" ]; then echo "$@" >> "{self.pip_log}"; exit 0; fi\n'
            f'PYTHONPATH="{ROOT}" exec "{sys.executable}" "$@"\n', encoding="utf-8")
        (shims / "python").chmod(0o755)
        self.path = f"{shims}{os.pathsep}{os.environ.get('PATH', '')}"

    def value(self, expression: str) -> str:
        parts = expression.split(".")
        if parts[0] == "inputs":
            return self.inputs[parts[1]]
        if parts[0] == "steps" and parts[2] == "outputs":
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        if parts[0] == "steps" and parts[2] == "outcome":
            return self.outcomes.get(parts[1], "")
        if expression == "github.action_path":
            return str(ROOT)
        if expression == "runner.os":
            return "Linux"
        raise AssertionError(f"the test runner does not know the expression {expression!r}")

    def expand(self, text: str) -> str:
        return _EXPRESSION.sub(lambda m: self.value(m.group(1)), str(text))

    def condition(self, expression: str | None) -> bool:
        if expression is None:
            return "failure" not in self.outcomes.values()  # success(), the default: no step failed
        result = True
        for term in (t.strip() for t in expression.split("&&")):
            if term == "always()":
                continue
            left, operator, right = re.fullmatch(r"(\S+) (==|!=) '([^']*)'", term).groups()
            result &= (self.value(left) == right) == (operator == "==")
        return result

    def run(self, steps: int | None = None) -> int:
        """Every step (or the first ``steps``); the exit code of the last one run."""
        code = 0
        for number, step in enumerate(self.action["runs"]["steps"][:steps]):
            name = step.get("id", f"step{number}")
            if not self.condition(step.get("if")):
                self.outcomes[name] = "skipped"
                continue
            if "uses" in step:
                self.uses.append((step["uses"], {k: self.expand(v) for k, v in step.get("with", {}).items()}))
                self.outcomes[name] = "success"
                continue
            assert step["shell"] == "bash" and "${{" not in step["run"], "inputs reach a script through env: only"
            output = self.tmp / f"output-{number}"
            output.write_text("", encoding="utf-8")
            env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
            env.update({"PATH": self.path, "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(self.summary),
                        "GITHUB_WORKSPACE": str(self.workspace), "GITHUB_ACTION_PATH": str(ROOT),
                        "GITHUB_ACTIONS": "true", "CI": "true"})
            env.update({k: self.expand(v) for k, v in step.get("env", {}).items()})
            done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                                  cwd=self.workspace, env=env, capture_output=True, text=True, timeout=120, check=False)
            self.logs[name] = done.stdout + done.stderr
            self.outputs[name] = dict(line.split("=", 1) for line in output.read_text().splitlines() if line)
            self.outcomes[name] = "success" if done.returncode == 0 else "failure"
            code = done.returncode
            if done.returncode != 0:
                break
        return code


@pytest.fixture
def workspace(tmp_path):
    """A repository with the test map, its events and a configuration pairing them."""
    repo = tmp_path / "repo"
    (repo / "maps").mkdir(parents=True)
    (repo / "maps" / "shop.journey").write_text(MAP, encoding="utf-8")
    events = write_events(repo, name="events.parquet")
    (repo / "journeyspec.toml").write_text(f'[sources.shop]\ndata = "{Path(events).name}"\ntime_format = "epoch_s"\n',
                                           encoding="utf-8")
    return repo


def test_the_action_validates_checks_annotates_summarises_and_keeps_the_reports(tmp_path, workspace):
    runner = Runner(tmp_path, workspace, {"maps": "maps"})
    assert runner.run() == 1  # one expectation of the test map fails
    assert runner.outputs["validate"] == {"exit-code": "0"} and runner.outputs["check"] == {"exit-code": "1"}
    assert runner.pip_log.read_text().split() == ["-m", "pip", "install", "--disable-pip-version-check", str(ROOT)]
    # Annotations in the check step's log, on the map's lines, relative to the workspace.
    annotations = parse(runner.logs["check"])
    reports = workspace / "journeyspec-reports"
    verdicts = {e["line"]: e["status"] for e in json.loads((reports / "check.json").read_text())["journeys"][0]
                ["expectations"]}
    assert {a.int("line"): a.name for a in annotations} == {
        line: "error" if status == "fail" else "warning" for line, status in verdicts.items() if status != "pass"}
    assert {a.properties["file"] for a in annotations} == {"maps/shop.journey"}
    assert (reports / "check.xml").read_text().startswith("<?xml")
    # One summary for the step: validate's, then check's, within GitHub's limit.
    summary = runner.summary.read_text(encoding="utf-8")
    assert summary.index("## ✅ journeyspec validate") < summary.index("## ❌ journeyspec check")
    assert len(summary.encode("utf-8")) <= 1024 * 1024
    # GitHub's own steps get the inputs they need.
    uses = dict(runner.uses)
    assert uses["actions/setup-python@v5"] == {"python-version": "3.12"}
    assert uses["actions/cache@v4"]["path"] == "~/.cache/pip"
    assert uses["actions/cache@v4"]["key"].startswith("journeyspec-pip-Linux-py3.12-action-")
    assert uses["actions/upload-artifact@v4"]["path"] == "journeyspec-reports"


def test_a_broken_map_fails_validate_and_skips_the_check(tmp_path, workspace):
    (workspace / "maps" / "shop.journey").write_text(MAP.replace("success pay", "success paid"), encoding="utf-8")
    runner = Runner(tmp_path, workspace, {"maps": "maps", "strict": "true"})
    assert runner.run() == 1
    assert runner.outputs["validate"] == {"exit-code": "1"} and runner.outcomes["check"] == "skipped"
    assert [(a.name, a.properties["title"]) for a in parse(runner.logs["validate"])] == [
        ("error", "JS202 unknown-step")]
    assert "actions/upload-artifact@v4" not in dict(runner.uses)
    assert "validate exited 1, check not run" in runner.logs["verdict"]


def test_a_version_installs_that_release_from_pypi(tmp_path, workspace):
    runner = Runner(tmp_path, workspace, {"version": "v0.2.0"})
    assert runner.run(steps=4) == 0  # up to the install
    assert runner.outputs["install-spec"] == {"spec": "journeyspec==0.2.0", "key": "pypi-0.2.0"}
    assert runner.pip_log.read_text().split()[-1] == "journeyspec==0.2.0"
    assert dict(runner.uses)["actions/cache@v4"]["key"] == "journeyspec-pip-Linux-py3.12-pypi-0.2.0"


def _tool(name: str) -> str | None:
    """A linter installed with the dev extra: beside this Python, or on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def test_actionlint_passes_on_a_workflow_using_the_action_and_catches_a_wrong_input(tmp_path):
    actionlint = _tool("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed (the dev extra installs it; make test has it)")
    shellcheck = _tool("shellcheck")
    env = {**os.environ, "PATH": f"{Path(shellcheck).parent}{os.pathsep}{os.environ['PATH']}" if shellcheck
           else os.environ["PATH"]}

    def lint(workflow: str) -> subprocess.CompletedProcess:
        project = tmp_path / f"project{len(list(tmp_path.iterdir()))}"
        (project / ".github" / "workflows").mkdir(parents=True)
        subprocess.run(["git", "init", "-q", str(project)], check=True)  # actionlint looks for the repository
        shutil.copy(ACTION, project / "action.yml")
        (project / ".github" / "workflows" / "journeys.yml").write_text(workflow, encoding="utf-8")
        return subprocess.run([actionlint, "-no-color"], cwd=project, env=env, capture_output=True, text=True,
                              check=False)

    text = WORKFLOW.read_text(encoding="utf-8")
    good = lint(text)
    assert good.returncode == 0, good.stdout + good.stderr
    wrong = lint(text.replace("maps: maps", "map: maps"))
    assert wrong.returncode == 1 and 'input "map" is not defined in action "journeyspec"' in wrong.stdout


def test_shellcheck_passes_on_the_actions_scripts(tmp_path):
    shellcheck = _tool("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (the dev extra installs it; make test has it)")
    steps = [s for s in yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"] if "run" in s]
    assert len(steps) == 5
    for number, step in enumerate(steps):
        script = tmp_path / f"step{number}.sh"
        script.write_text("#!/bin/bash\n" + step["run"], encoding="utf-8")
        found = subprocess.run([shellcheck, "-s", "bash", str(script)], capture_output=True, text=True, check=False)
        assert found.returncode == 0, f"{step['name']}:\n{found.stdout}"
    broken = tmp_path / "broken.sh"
    broken.write_text('#!/bin/bash\necho $UNQUOTED_INPUT\n', encoding="utf-8")
    assert subprocess.run([shellcheck, "-s", "bash", str(broken)], capture_output=True, check=False).returncode == 1


def test_the_ci_recipe_documents_every_input_and_output():
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    recipe = (ROOT / "docs" / "recipes" / "ci.md").read_text(encoding="utf-8")
    for name in action["inputs"]:
        assert f"| `{name}` |" in recipe, name
    for name in action["outputs"]:
        assert f"`{name}`" in recipe, name
