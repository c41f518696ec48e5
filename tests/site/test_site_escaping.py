"""A map full of markup: every page shows its text and runs nothing.

The browser half of this promise (no dialog opens) is in test_site_browser.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journeyspec.site import build_site, escape
from tests.site.helpers import HOSTILE, mkdocs_build, write_project

pytestmark = pytest.mark.graphviz

# Raw map text that must never reach a page as it is.
HOSTILE_FRAGMENTS = (
    "<script>",
    "<img src=x",
    "<svg onload",
    "<iframe",
    "</td></tr></table>",
    "</title>",
    "[click](javascript:",
    "[goal](http://evil.example)",
    "![img](x",
    "{{ config }}",
    "{{ jinja }}",
    "{% raw %}",
    "{: onclick",
    "`tick`",
    "| pipe |",
    "**bold**",
    "~~strike~~",
)


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("hostile-md")
    written = build_site(HOSTILE, out)
    return {path.relative_to(out).as_posix(): path.read_text(encoding="utf-8") for path in written if path.suffix == ".md"}


def test_no_markup_from_the_map_reaches_the_markdown(hostile_pages):
    for name, page in hostile_pages.items():
        for fragment in HOSTILE_FRAGMENTS:
            assert fragment not in page, f"{fragment!r} reached {name} unescaped"


def test_the_text_is_still_all_there(hostile_pages):
    import html

    page = html.unescape(hostile_pages["hostile.md"])
    for fragment in ("<script>alert(1)</script>", "<img src=x onerror=alert(5)>", "{{ config }}", "`tick`", "| pipe |"):
        assert fragment in page


def test_table_rows_keep_their_cells(hostile_pages):
    """A `|` in a label must not add a column: every row of a table has its header's cell count."""
    page = hostile_pages["hostile.md"]
    table: int | None = None
    for line in page.splitlines():
        if line.startswith("|"):
            cells = line.count("|")
            table = cells if table is None else table
            assert cells == table, line
        else:
            table = None


def test_navigation_titles_use_look_alikes(hostile_pages):
    front = hostile_pages["hostile.md"].split("---")[1]
    title = re.search(r'title: "(.*)"', front).group(1)
    assert not set(title) & set("<>&\"'{}`|\\")
    assert "‹script›alert(1)‹/script›" in title


def test_escape_text_encodes_every_markup_character():
    assert escape.text("<a href='x'>[l](u) `c` {{t}} | *b* _i_ # ! ~ \\") == (
        "&#60;a href&#61;&#39;x&#39;&#62;&#91;l&#93;&#40;u&#41; &#96;c&#96; &#123;&#123;t&#125;&#125; &#124; "
        "&#42;b&#42; &#95;i&#95; &#35; &#33; &#126; &#92;"
    )
    assert escape.text("Café – déjà vu, 20%; a/b? x@y.z") == "Café – déjà vu, 20%; a/b? x@y.z"
    assert escape.text("two\nlines\tand  spaces") == "two lines and spaces"


class _Collector(HTMLParser):
    """Every element, attribute and script body of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_script = self._in_script and tag != "script"
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        if self._in_title:
            self.title += data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = write_project(tmp_path_factory.mktemp("hostile-project"), [HOSTILE])
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_built_html_runs_nothing_from_the_map(hostile_site: Path):
    pages = [hostile_site / "journeys" / "index.html", hostile_site / "journeys" / "hostile" / "index.html",
             hostile_site / "journeys" / "sources" / "hostile.journey" / "index.html", hostile_site / "index.html"]
    for page in pages:
        collector = _Collector()
        collector.feed(page.read_text(encoding="utf-8"))
        assert not any("alert" in script for script in collector.scripts), page
        for tag, attrs in collector.tags:
            assert tag not in ("iframe",), page
            for name, value in attrs.items():
                assert not (name.startswith("on") and value and "alert" in value), (page, tag, name, value)
                assert not (value or "").strip().lower().startswith("javascript:"), (page, tag, name, value)
            assert not (tag == "img" and attrs.get("src") == "x"), page
            assert not (tag == "a" and "evil.example" in (attrs.get("href") or "")), page
        assert "<script>" not in collector.title and "</title>" not in collector.title


def test_built_page_shows_the_text(hostile_site: Path):
    import html

    page = (hostile_site / "journeys" / "hostile" / "index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", heading)).strip() == "<script>alert(1)</script> | `tick` {{ config }}"


def test_pictures_are_inert_svg(hostile_site: Path):
    for picture in (hostile_site / "journeys" / "images").glob("*.svg"):
        root = ET.parse(picture).getroot()
        for element in root.iter():
            assert not element.tag.endswith("script"), picture
            assert not element.tag.endswith("foreignObject"), picture
            for name in element.attrib:
                assert not name.lower().startswith("on"), (picture, name)
