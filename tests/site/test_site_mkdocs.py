"""``mkdocs build --strict``: the project's own site, and a user's project with ``plugins: - journeyspec``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journeyspec.site.mkdocs_plugin import _expand_nav
from tests.site.helpers import CHECKOUT, ROOT, mkdocs_build, write_project

pytestmark = [pytest.mark.graphviz, pytest.mark.slow]


def test_the_projects_site_builds_strict(project_site: Path):
    for page in (
        "index.html",
        "getting-started/index.html",
        "reference/index.html",
        "reference/language/index.html",
        "reference/diagnostics/index.html",
        "reference/data-semantics/index.html",
        "reference/ir/index.html",
        "reference/cli/index.html",
        "reference/api/index.html",
        "recipes/data-sources/index.html",
        "recipes/ci/index.html",
        "recipes/pre-commit/index.html",
        "recipes/editors/index.html",
        "recipes/docs-site/index.html",
        "examples/index.html",
        "examples/checkout/index.html",
        "examples/sources/checkout.journey/index.html",
        "examples/images/checkout-canvas.svg",
        "reference/ir.schema.json",
        "reference/grammar.ebnf",
    ):
        assert (project_site / page).exists(), page


def test_the_projects_example_journeys_show_live_results(project_site: Path):
    """mkdocs.yml sets `data: configured`: each example journey is checked on its example data."""
    index = (project_site / "examples" / "index.html").read_text(encoding="utf-8")
    assert index.count("js-badge--none") == 0 and "not checked" not in index
    for journey in ("checkout", "saas_onboarding", "support"):
        page = (project_site / "examples" / journey / "index.html").read_text(encoding="utf-8")
        assert "Checked against <strong>examples/data/" in page, journey
        assert f"{journey}-overlay.svg" in page and "Top deviations" in page
        assert (project_site / "examples" / "images" / f"{journey}-overlay.svg").exists()


def test_every_diagnostic_code_is_on_the_diagnostics_page(project_site: Path):
    from journeyspec.diagnostics.codes import CODES

    page = (project_site / "reference" / "diagnostics" / "index.html").read_text(encoding="utf-8")
    for code in CODES:
        # Syntax and design codes have a section each; data codes a row of one table.
        assert (f'id="{code.lower()}"' if code < "JS300" else f"<td>{code}</td>") in page, code


def test_journey_blocks_are_highlighted(project_site: Path):
    page = (project_site / "reference" / "language" / "index.html").read_text(encoding="utf-8")
    assert '<span class="kd">journey</span>' in page  # the journey lexer ran
    assert "```journey" not in page  # every fence, fragments included, became a code block
    recipe = (project_site / "recipes" / "data-sources" / "index.html").read_text(encoding="utf-8")
    assert "```journey" not in recipe and '<span class="kd">' in recipe  # hand-written pages' fragments too


def test_the_nav_lists_every_example_journey(project_site: Path):
    page = (project_site / "examples" / "index.html").read_text(encoding="utf-8")
    for title in ("Web shop checkout", "SaaS sign-up, onboarding and trial conversion", "Get help with an order"):
        assert title in page


def test_a_users_project_with_the_plugin_builds_strict(tmp_path: Path):
    project = write_project(tmp_path / "p", [CHECKOUT])
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "journeys" / "checkout" / "index.html").read_text(encoding="utf-8")
    assert "Web shop checkout" in page and "journeyspec.css" in page
    assert (tmp_path / "site" / "journeys" / "journeyspec.css").exists()
    # The full-size view's scripts, the library first; served from the site itself, nothing from outside.
    panzoom, zoom = page.index('src="../vendor/panzoom/panzoom.min.js"'), page.index('src="../journeyspec-zoom.js"')
    assert panzoom < zoom and (tmp_path / "site" / "journeys" / "journeyspec-zoom.js").exists()
    assert '<li class="md-nav__item' in page and "SaaS" not in page


def test_plugin_options_globs_dest_and_title(tmp_path: Path):
    project = write_project(
        tmp_path / "p", [CHECKOUT, ROOT / "maps" / "support.journey"],
        plugin_options="maps: ['maps/check*.journey']\ndest: flows\ntitle: Our flows", nav=False,
    )
    (project / "docs" / "index.md").write_text("# Home\n\nThe [flows](flows/index.md).\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "Our flows" in (tmp_path / "site" / "flows" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "flows" / "checkout" / "index.html").exists()
    assert not (tmp_path / "site" / "flows" / "support").exists()


def test_plugin_reports_missing_maps_and_map_errors(tmp_path: Path):
    project = write_project(tmp_path / "p", [CHECKOUT], plugin_options="maps: nowhere")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "`maps` names nowhere" in result.stderr
    project = write_project(tmp_path / "q", [CHECKOUT])
    (project / "maps" / "broken.journey").write_text('journey x "X" {\n  flow a -> b\n}\n', encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site2")
    assert result.returncode != 0 and "the maps have errors" in result.stderr


def _with_checkout_source(project: Path) -> Path:
    (project / "journeyspec.toml").write_text(
        f'[sources.checkout]\ndata = "{ROOT / "examples" / "data" / "checkout.parquet"}"\n',
        encoding="utf-8",
    )
    return project


def test_plugin_data_shows_live_results(tmp_path: Path):
    project = _with_checkout_source(write_project(tmp_path / "p", [CHECKOUT], plugin_options="data: configured"))
    # Run from elsewhere: the configuration and data paths are found from mkdocs.yml's folder.
    result = mkdocs_build(tmp_path, tmp_path / "site", "--config-file", str(project / "mkdocs.yml"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "journeys" / "checkout" / "index.html").read_text(encoding="utf-8")
    assert "Checked against" in page and "checkout-overlay.svg" in page and "Fix first" in page
    assert (tmp_path / "site" / "journeys" / "images" / "checkout-overlay.svg").exists()


def test_plugin_data_errors_fail_the_build(tmp_path: Path):
    project = write_project(tmp_path / "p", [CHECKOUT], plugin_options="data: events.parquet")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "the data `events.parquet` could not be checked" in result.stderr
    assert "JS30" in result.stderr and "Traceback" not in result.stderr


def test_generated_pages_are_built_with_a_hand_made_mkdocs_config(tmp_path: Path):
    """Without the plugin: `journeyspec docs build` into docs/, plus the two extensions and the stylesheet."""
    from journeyspec.site import build_site

    project = tmp_path / "p"
    build_site(CHECKOUT, project / "docs")
    (project / "mkdocs.yml").write_text(
        "site_name: Plain\ntheme: {name: material}\nmarkdown_extensions: [tables, md_in_html]\n"
        "extra_css: [journeyspec.css]\n", encoding="utf-8",
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "checkout" / "index.html").exists()


def test_nav_folder_entries_expand_in_place():
    pages = ["j/index.md", "j/journeys/a.md"]
    nav = [{"Home": "index.md"}, {"Journeys": ["j/"]}, "j/", {"Other": "x.md"}]
    assert _expand_nav(nav, "j", pages) == [
        {"Home": "index.md"}, {"Journeys": pages}, *pages, {"Other": "x.md"},
    ]


def test_serve_watches_the_maps(tmp_path: Path):
    from mkdocs.config import load_config

    from journeyspec.site.mkdocs_plugin import JourneyspecPlugin

    project = write_project(tmp_path / "p", [CHECKOUT])
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["journeyspec"]
    assert isinstance(plugin, JourneyspecPlugin)
    config = plugin.on_config(config)
    watched: list[str] = []

    class Server:
        def watch(self, path):
            watched.append(path)

    plugin.on_serve(Server(), config, builder=None)
    plugin.on_post_build(config)
    assert watched == [str((project / "maps").resolve())]
    shutil.rmtree(project)


def test_the_shared_step_links_from_its_pictures_to_the_library_page(project_site: Path):
    """`help_home` is taken from maps/shared/help.journey by checkout and support: the library's page
    lists both, and the mark on each picture links to that page as MkDocs serves it."""
    import xml.etree.ElementTree as ET

    library = project_site / "examples" / "libraries" / "help" / "index.html"
    page = library.read_text(encoding="utf-8")
    assert 'href="../../checkout/#step-help_home"' in page and 'href="../../support/#step-help_home"' in page
    images = project_site / "examples" / "images"
    for journey in ("checkout", "support"):
        for form, href in (("graph", "{http://www.w3.org/1999/xlink}href"), ("canvas", "href")):
            picture = ET.parse(images / f"{journey}-{form}.svg").getroot()
            links = [a.get(href) for a in picture.iter("{http://www.w3.org/2000/svg}a") if a.get(href)]
            assert links == ["../libraries/help/"], (journey, form, links)
            assert (images / links[0] / "index.html").resolve() == library.resolve()
