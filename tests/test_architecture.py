"""The road through the code holds: no import cycles, and no import runs back up the layers.

The layers are the import-linter contract in pyproject.toml (``make test``
runs ``lint-imports``); these tests prove that the contract and the cycle
check see what they are meant to see, on a copy of the package with one bad
import added.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def import_cycles(package_dir: Path) -> list[list[str]]:
    """Every set of modules that import each other, directly or not (Tarjan's strongly connected components).

    Imports inside functions count: a lazy import is still a dependency.
    """
    code = (
        "import json, sys, grimp\n"
        "graph = grimp.build_graph('journeyspec', cache_dir=None)\n"
        "print(json.dumps({m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(package_dir.parent)}
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                           cwd=package_dir.parent)
    import json

    edges: dict[str, list[str]] = json.loads(found.stdout)
    return _strongly_connected(edges)


def _strongly_connected(edges: dict[str, list[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return cycles


def _copy_with(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of the package and its contract, with ``line`` added to the end of ``module``."""
    copy = tmp_path / "journeyspec"
    shutil.copytree(ROOT / "journeyspec", copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return copy


def _lint(folder: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=folder, capture_output=True, text=True, env=env)


def test_the_package_has_no_import_cycles():
    assert import_cycles(ROOT / "journeyspec") == []


def test_the_layers_contract_holds():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    _copy_with(tmp_path, "ir/base.py", "from journeyspec.check import check  # noqa: E402 - the IR reaching up")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert "journeyspec.ir is not allowed to import journeyspec.check" in result.stdout


def test_a_cycle_is_found_with_the_modules_in_it(tmp_path):
    copy = _copy_with(tmp_path, "units.py", "from journeyspec.project import find_maps  # noqa: E402 - a loop")
    before = import_cycles(ROOT / "journeyspec")
    new = [cycle for cycle in import_cycles(copy) if cycle not in before]
    assert len(new) == 1 and {"journeyspec.units", "journeyspec.project", "journeyspec.engine.source.config"} <= set(new[0])


@pytest.mark.parametrize("sibling", ["check", "diff", "discover", "simulate"])
def test_verbs_on_one_floor_never_import_each_other(tmp_path, sibling):
    other = "diff" if sibling != "diff" else "check"
    _copy_with(tmp_path, f"{sibling}/__init__.py", f"import journeyspec.{other}  # noqa: E402")
    result = _lint(tmp_path)
    assert result.returncode == 1 and f"journeyspec.{sibling} is not allowed to import journeyspec.{other}" in result.stdout


def test_the_engines_two_routes_never_meet(tmp_path):
    _copy_with(tmp_path, "engine/arrow/kernels.py", "from journeyspec.engine.sql import totals  # noqa: E402")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert "journeyspec.engine.arrow is not allowed to import journeyspec.engine.sql" in result.stdout


def test_the_language_compiles_only_what_its_front_end_read(tmp_path):
    _copy_with(tmp_path, "lang/front/parser.py", "from journeyspec.lang.compile import journey  # noqa: E402")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert "journeyspec.lang.front is not allowed to import journeyspec.lang.compile" in result.stdout
