"""Fixtures shared by the site tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.helpers import ROOT, mkdocs_build


@pytest.fixture(scope="session")
def project_site(tmp_path_factory) -> Path:
    """The project's own site, built once (``mkdocs build --strict``, about 20 s) for every test that reads it."""
    site = tmp_path_factory.mktemp("project-site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site
