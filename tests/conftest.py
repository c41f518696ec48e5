"""Shared fixtures and the ``--update-goldens`` switch."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output instead of comparing (review the diff!).",
    )


def compare_or_update(path: Path, actual: str, update: bool) -> None:
    """Assert that ``path`` holds ``actual``, or (with ``update``) write ``actual`` to it."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"golden file {path} is missing; run pytest --update-goldens and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}; if the change is intended, run pytest --update-goldens"


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with a golden file in the ``goldens/`` folder beside the test, or rewrite it with --update-goldens.

    Each area keeps its own goldens: ``golden("report.json", text)`` in tests/check/test_reports.py
    means tests/check/goldens/report.json.
    """
    update = request.config.getoption("--update-goldens")
    goldens = request.path.parent / "goldens"

    def check(name: str, actual: str) -> None:
        compare_or_update(goldens / name, actual, update)

    return check


@pytest.fixture
def snapshot(request: pytest.FixtureRequest):
    """Like ``golden``, for a snapshot kept next to its input (any path), e.g. tests/corpus/broken/*.expected."""
    update = request.config.getoption("--update-goldens")

    def check(path: Path, actual: str) -> None:
        compare_or_update(path, actual, update)

    return check


@pytest.fixture(autouse=True)
def _no_step_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never append to the summary of the GitHub Actions step they may be running in, and
    never read paths against its workspace.

    `validate` and `check` append a Markdown summary to ``$GITHUB_STEP_SUMMARY``
    when it is set, and write annotation paths relative to ``$GITHUB_WORKSPACE``
    (else the current folder); a test that wants either sets the variable itself.
    """
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
