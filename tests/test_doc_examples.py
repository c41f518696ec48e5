"""The Python examples in the docs call journeyspec as it is: every name they import exists, and every
call of one of its functions or classes passes arguments its signature takes.

The examples read files and warehouses a reader has and this checkout has not, so they are not run;
their calls are bound to the real signatures instead (``inspect.Signature.bind``), which is what
failed when a recipe passed ``session=`` to ``reduce`` (it takes ``config=SourceConfig(session=...)``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*(ROOT / "docs").rglob("*.md"), ROOT / "README.md"])
BLOCK = re.compile(r"^(?P<indent>[ \t]*)```python\n(?P<code>.*?)^(?P=indent)```", re.DOTALL | re.MULTILINE)


def examples():
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            indent = len(match["indent"])
            code = "\n".join(line[indent:] for line in match["code"].splitlines())
            line = text.count("\n", 0, match.start()) + 2
            yield pytest.param(code, id=f"{page.relative_to(ROOT)}:{line}")


def imported_names(tree: ast.Module) -> dict[str, object]:
    """The journeyspec names an example imports, as the objects they are (``from x import y``, ``import x``)."""
    names: dict[str, object] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("journeyspec"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name), f"{node.module} has no {alias.name}"
                names[alias.asname or alias.name] = getattr(module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("journeyspec"):
                    names[alias.asname or alias.name] = importlib.import_module(alias.name)
    return names


def called(node: ast.Call, names: dict[str, object]):
    """The journeyspec function or class a call names (``reduce(...)``, ``journeyspec.check(...)``), or None."""
    if isinstance(node.func, ast.Name):
        return names.get(node.func.id)
    if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
        owner = names.get(node.func.value.id)
        if inspect.ismodule(owner):
            assert hasattr(owner, node.func.attr), f"{owner.__name__} has no {node.func.attr}"
            return getattr(owner, node.func.attr)
    return None


@pytest.mark.parametrize("code", list(examples()))
def test_python_examples_call_journeyspec_as_it_is(code):
    tree = ast.parse(code)
    names = imported_names(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        target = called(node, names)
        if target is None or not callable(target):
            continue
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            continue
        signature = inspect.signature(target)
        arguments = [None] * len(node.args)
        keywords = {k.arg: None for k in node.keywords}
        try:
            signature.bind(*arguments, **keywords)
        except TypeError as error:
            pytest.fail(f"line {node.lineno}: {ast.unparse(node)[:120]}: {error}")


def test_the_examples_are_found():
    found = list(examples())
    assert len(found) >= 10
    assert any("reduce(" in p.values[0] for p in found)


def test_the_lazy_reduce_takes_what_the_real_one_takes():
    """journeyspec.engine.reduce imports the engine only when called; its parameters are the real ones."""
    from journeyspec.engine import reduce
    from journeyspec.engine.reduction import reduce as real

    assert inspect.signature(reduce).parameters.keys() == inspect.signature(real).parameters.keys()
