"""``journeyspec init``: a fresh project in which validate, docs build and ``mkdocs build --strict`` pass at once."""

from __future__ import annotations

import yaml

from journeyspec import __version__
from journeyspec.starter import FILES
from tests.cli.helpers import ROOT, journeyspec
from tests.site.helpers import mkdocs_build


def test_a_fresh_project_validates_builds_its_pages_and_its_mkdocs_site(tmp_path):
    made = journeyspec("init", "project", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    project = tmp_path / "project"
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file()) == sorted(FILES)

    valid = journeyspec("validate", "--strict", "maps/", cwd=project)
    assert valid.returncode == 0 and "1 file valid" in valid.stderr, valid.stdout + valid.stderr
    canonical = journeyspec("fmt", "--check", "maps/", cwd=project)
    assert canonical.returncode == 0, canonical.stdout  # the starter is already in the standard layout
    pages = journeyspec("docs", "build", "maps/", "-o", tmp_path / "pages", cwd=project)
    assert pages.returncode == 0, pages.stderr
    assert "Sign up for the newsletter" in (tmp_path / "pages" / "first.md").read_text(encoding="utf-8")

    site = mkdocs_build(project, tmp_path / "site")  # the one mkdocs build of this file
    assert site.returncode == 0, site.stderr
    assert "Sign up for the newsletter" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert any(
        "Sign up for the newsletter" in p.read_text(encoding="utf-8")
        for p in (tmp_path / "site" / "journeys").rglob("index.html")
    )


def test_the_workflow_uses_this_versions_action_with_inputs_it_has():
    workflow = yaml.safe_load(_rendered(".github/workflows/journeys.yml"))
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in workflow["jobs"]["journeys"]["steps"] if s["uses"].startswith("journeyspec/")]
    assert step["uses"] == f"journeyspec/journeyspec@v{__version__}"
    assert set(step["with"]) <= set(action["inputs"]), set(step["with"]) - set(action["inputs"])
    assert step["with"]["check"] == "false"  # no data yet: the job must not fail on a fresh project


def test_the_diff_driver_and_hooks_are_the_ones_the_docs_describe():
    assert "*.journey diff=journey" in _rendered(".gitattributes").splitlines()
    hooks = yaml.safe_load(_rendered(".pre-commit-config.yaml"))["repos"][0]["hooks"]
    assert [h["entry"] for h in hooks] == ["journeyspec fmt", "journeyspec validate --strict"]


def test_existing_files_are_named_and_nothing_is_written_without_force(tmp_path):
    (tmp_path / "maps").mkdir()
    mine = tmp_path / "maps" / "first.journey"
    mine.write_text("my own map\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")

    refused = journeyspec("init", cwd=tmp_path)
    assert refused.returncode == 2
    assert "these files exist already: maps/first.journey, mkdocs.yml; nothing was written" in refused.stderr
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["first.journey", "maps", "mkdocs.yml"]
    assert mine.read_text(encoding="utf-8") == "my own map\n"

    forced = journeyspec("init", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "journey first" in mine.read_text(encoding="utf-8")
    assert (tmp_path / "docs" / "index.md").is_file()


def _rendered(name: str) -> str:
    from journeyspec.starter import template_text

    return template_text(FILES[name])
