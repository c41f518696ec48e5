"""The VS Code extension: what package.json contributes, the snippets, and the client compiled and run.

`make editor` packages it with @vscode/vsce; the tests stop short of that download and
check what packaging needs: the manifest, the files it names, and a client that compiles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import journeyspec
from journeyspec.lang import textmate
from tests.editors.helpers import EDITORS, GRAMMAR, npm_tool, run

EXTENSION = EDITORS / "vscode"
MANIFEST = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
CONTRIBUTES = MANIFEST["contributes"]


def _file(relative: str) -> Path:
    path = (EXTENSION / relative).resolve()
    assert path.is_relative_to(EXTENSION), f"{relative} is outside the extension; a .vsix holds only its folder"
    return path


def test_the_manifest_contributes_the_language_with_its_configuration() -> None:
    (language,) = CONTRIBUTES["languages"]
    assert language["id"] == "journey"
    assert language["extensions"] == [".journey"]
    configuration = json.loads(_file(language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"] == {"lineComment": "#"}
    assert ["{", "}"] in configuration["brackets"]
    assert {"open": "{", "close": "}"} in configuration["autoClosingPairs"]
    increase = re.compile(configuration["indentationRules"]["increaseIndentPattern"])
    assert increase.search('  step pay "Pay {now}" {  # opens')
    assert not increase.search('  step pay "Pay {"')
    assert not increase.search("  # a comment {")
    assert re.compile(configuration["indentationRules"]["decreaseIndentPattern"]).search("  }")


def test_the_manifest_contributes_the_generated_grammar() -> None:
    (grammar,) = CONTRIBUTES["grammars"]
    assert grammar["language"] == "journey"
    assert grammar["scopeName"] == textmate.SCOPE_NAME == json.loads(GRAMMAR.read_text(encoding="utf-8"))["scopeName"]
    # The .vsix carries a copy of editors/textmate's file, made by the compile script.
    assert grammar["path"] == "./syntaxes/journey.tmLanguage.json"
    assert "scripts/copy-grammar.js" in MANIFEST["scripts"]["compile"]
    assert "vscode:prepublish" in MANIFEST["scripts"]


def test_the_manifest_declares_the_client_and_its_commands() -> None:
    assert MANIFEST["main"] == "./dist/extension.js"
    assert "onLanguage:journey" in MANIFEST["activationEvents"]
    assert "vscode-languageclient" in MANIFEST["dependencies"]
    source = (EXTENSION / "src" / "extension.ts").read_text(encoding="utf-8")
    commands = [command["command"] for command in CONTRIBUTES["commands"]]
    assert "journeyspec.restartServer" in commands
    for command in commands:
        assert f'registerCommand("{command}"' in source, f"{command} is contributed but never registered"
    settings = CONTRIBUTES["configuration"]["properties"]
    for name in re.findall(r'settings\.get<[^>]+>\("([^"]+)"', source):
        assert f"journeyspec.{name}" in settings, f"the client reads journeyspec.{name}, which is not contributed"
    # The client library reads its trace setting as `<client id>.trace.server`.
    assert 'new LanguageClient("journeyspec"' in source and "journeyspec.trace.server" in settings


def test_the_vscode_api_the_client_is_typed_against_is_no_newer_than_it_asks_for() -> None:
    lock = json.loads((EDITORS / "package-lock.json").read_text(encoding="utf-8"))
    types = lock["packages"]["node_modules/@types/vscode"]["version"]
    engine = MANIFEST["engines"]["vscode"].lstrip("^")
    assert tuple(map(int, types.split(".")[:2])) <= tuple(map(int, engine.split(".")[:2]))


def _expand(body: list[str]) -> str:
    """A snippet's text as inserted when every placeholder keeps its default (choices: the first)."""
    text = "\n".join(body)
    defaults: dict[str, str] = {}
    for number, default in re.findall(r"\$\{(\d+):([^}]*)\}", text):
        defaults[number] = default
    for number, choices in re.findall(r"\$\{(\d+)\|([^|]*)\|\}", text):
        defaults[number] = choices.split(",")[0]
    text = re.sub(r"\$\{(\d+):[^}]*\}", lambda m: defaults[m.group(1)], text)
    text = re.sub(r"\$\{(\d+)\|[^|]*\|\}", lambda m: defaults[m.group(1)], text)
    text = re.sub(r"\$\{(\d+)\}", lambda m: defaults[m.group(1)], text)
    return text.replace("$0", "")


SNIPPETS = json.loads(_file(CONTRIBUTES["snippets"][0]["path"]).read_text(encoding="utf-8"))


def _journey(
    stage_body: str = "", after_stage: str = "", statements: str = "", flow: str = "from -> step_id -> to"
) -> str:
    """A map with steps `step_id`, `from` and `to`, into which a snippet is placed."""
    steps = "\n".join(f'    step {s} {{\n      when event == "{s}"\n    }}' for s in ("step_id", "from", "to"))
    return f"journey j {{\n  stage s {{\n{steps}\n{stage_body}\n  }}\n{after_stage}\n  start from\n  success to\n  flow {flow}\n{statements}\n}}\n"


SNIPPET_PLACES = {
    "journey": "{snippet}",
    "stage": _journey(after_stage="{snippet}", statements="flow to -> next_step"),
    "step": _journey(stage_body="{snippet}", statements="flow to -> id"),
    "expect": _journey(statements="{snippet}"),
    "flow": _journey(statements="{snippet}", flow="from -> step_id"),
}


def test_there_are_snippets_for_a_journey_a_stage_a_step_and_an_expectation() -> None:
    assert {snippet["prefix"] for snippet in SNIPPETS.values()} == set(SNIPPET_PLACES)


@pytest.mark.parametrize("prefix", SNIPPET_PLACES)
def test_each_snippet_as_inserted_makes_a_valid_map(prefix: str, tmp_path: Path) -> None:
    (snippet,) = [s for s in SNIPPETS.values() if s["prefix"] == prefix]
    text = SNIPPET_PLACES[prefix].replace("{snippet}", _expand(snippet["body"]))
    path = tmp_path / "snippet.journey"
    path.write_text(text, encoding="utf-8")
    assert journeyspec.load(path), text  # raises on any error, with its diagnostics


@pytest.mark.node
@pytest.mark.slow
def test_the_client_compiles_and_bundles_with_the_grammar_it_ships() -> None:
    npm_tool("tsc")
    result = run(["npm", "run", "compile"], cwd=EXTENSION, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    bundle = (EXTENSION / "dist" / "extension.js").read_text(encoding="utf-8")
    assert "journeyspec.restartServer" in bundle
    assert "vscode-languageclient" not in re.findall(r'require\("([^"]+)"\)', bundle), "the client library is bundled"
    builtins = json.loads(run(["node", "-p", "JSON.stringify(require('module').builtinModules)"]).stdout)
    # A .vsix made with --no-dependencies has no node_modules: only VS Code and Node may be required.
    required = set(re.findall(r'require\("([^"]+)"\)', bundle))
    assert "vscode" in required and required - {"vscode"} <= set(builtins)
    shipped = EXTENSION / "syntaxes" / "journey.tmLanguage.json"
    assert shipped.read_text(encoding="utf-8") == GRAMMAR.read_text(encoding="utf-8")


CHOICES = """
const fs = require("fs"), os = require("os"), path = require("path");
const { serverCommand } = require(process.argv[1]);
const bare = fs.mkdtempSync(path.join(os.tmpdir(), "bare-"));
const withVenv = fs.mkdtempSync(path.join(os.tmpdir(), "venv-"));
fs.mkdirSync(path.join(withVenv, "venv", "bin"), { recursive: true });
fs.writeFileSync(path.join(withVenv, "venv", "bin", "python"), "");
const base = { serverPath: [], python: "", pythonExtension: undefined, folders: [bare, withVenv], platform: "linux" };
const cases = {
  path: { ...base, serverPath: ["${workspaceFolder}/bin/journeyspec", "lsp"], python: "/usr/bin/python3" },
  python: { ...base, python: "/opt/py/bin/python", pythonExtension: "/ext/python" },
  extension: { ...base, pythonExtension: "/ext/python" },
  venv: base,
  nothing: { ...base, folders: [bare] },
};
const out = {};
for (const [name, inputs] of Object.entries(cases)) out[name] = serverCommand(inputs);
out.folders = [bare, withVenv];
console.log(JSON.stringify(out));
"""


@pytest.mark.node
def test_the_client_starts_journeyspec_lsp_from_the_configured_or_discovered_python(tmp_path: Path) -> None:
    bundle = tmp_path / "server.js"
    esbuild = [npm_tool("esbuild"), "src/server.ts", "--bundle", "--platform=node", "--format=cjs"]
    result = run([*esbuild, f"--outfile={bundle}"], cwd=EXTENSION)
    assert result.returncode == 0, result.stderr
    result = run(["node", "-e", CHOICES, str(bundle)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    bare, with_venv = chosen.pop("folders")
    lsp = ["-m", "journeyspec", "lsp"]
    assert chosen["path"]["command"] == f"{bare}/bin/journeyspec" and chosen["path"]["args"] == ["lsp"]
    assert (chosen["python"]["command"], chosen["python"]["args"]) == ("/opt/py/bin/python", lsp)
    assert (chosen["extension"]["command"], chosen["extension"]["args"]) == ("/ext/python", lsp)
    assert (chosen["venv"]["command"], chosen["venv"]["args"]) == (f"{with_venv}/venv/bin/python", lsp)
    assert (chosen["nothing"]["command"], chosen["nothing"]["args"]) == ("journeyspec", ["lsp"])
