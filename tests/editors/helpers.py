"""Shared pieces of the editor tests: the spec's examples as snapshot cases, and running the npm tools."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EDITORS = ROOT / "editors"
GRAMMAR = EDITORS / "textmate" / "journey.tmLanguage.json"
GRAMMAR_TESTS = EDITORS / "textmate" / "tests"
SPEC_CASES = GRAMMAR_TESTS / "spec"
UNIT_CASES = GRAMMAR_TESTS / "unit"
SPEC = ROOT / "spec" / "language.md"
NODE_MODULES = EDITORS / "node_modules"

_BLOCK = re.compile(r"^```(journey(?: fragment)?)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^#{2,3} (.+)$", re.MULTILINE)


def _slug(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def spec_examples() -> dict[str, str]:
    """Every ```journey and ```journey fragment block of spec/language.md, by the snapshot case's file name.

    A name is the block's place on the page, its section and whether it is a whole map:
    ``07-personas.journey``, ``08-stages-fragment.journey``.
    """
    text = SPEC.read_text(encoding="utf-8")
    headings = [(m.start(), m.group(1)) for m in _HEADING.finditer(text)]
    cases: dict[str, str] = {}
    for number, block in enumerate(_BLOCK.finditer(text), start=1):
        section = [title for start, title in headings if start < block.start()]
        slug = _slug(section[-1]) if section else "intro"
        kind = "-fragment" if block.group(1).endswith("fragment") else ""
        cases[f"{number:02d}-{slug}{kind}.journey"] = block.group(2)
    return cases


def npm_tool(name: str) -> Path:
    """A command from editors/node_modules/.bin; `make test` installs them (npm ci in editors/)."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is not installed; the editor tests need it (Node 20 or newer)")
    tool = NODE_MODULES / ".bin" / name
    if not tool.exists():
        pytest.fail(f"{tool} is missing: run `make editors-npm` (npm ci in editors/), which `make test` runs")
    return tool


def run(command: list[str | Path], cwd: Path = EDITORS, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a command, output captured, never raising on a non-zero exit."""
    return subprocess.run(
        [str(part) for part in command], check=False, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
