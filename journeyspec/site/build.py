"""``build_site``: maps (and, optionally, check results) to a folder of Markdown pages and SVGs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from journeyspec.diagnostics import JourneyspecError, Severity
from journeyspec.files import copy_file, write_bytes, write_text
from journeyspec.site import escape
from journeyspec.site.catalog import IMAGES_DIR, JOURNEYS_DIR, Catalog, Entry, MapFile, relative, shown_paths
from journeyspec.site.index_page import index_page
from journeyspec.site.journey_page import journey_page
from journeyspec.site.library_page import LibraryView, library_page, view_of
from journeyspec.site.live_results import JourneyResults
from journeyspec.site.source_page import source_page

if TYPE_CHECKING:
    from journeyspec.ir import Journey
    from journeyspec.lang.frontend import Compiled

STYLESHEET = "journeyspec.css"
# The pages' scripts, in the order a page loads them: Panzoom (MIT, vendored so the
# site works offline; its licence travels with it) and the full-size view that uses it.
SCRIPTS = ("vendor/panzoom/panzoom.min.js", "journeyspec-zoom.js")
_HERE = Path(__file__).parent
_ASSETS = {
    STYLESHEET: _HERE / "journeyspec.css",
    "journeyspec-zoom.js": _HERE / "journeyspec-zoom.js",
    "vendor/panzoom/panzoom.min.js": _HERE / "vendor" / "panzoom" / "panzoom.min.js",
    "vendor/panzoom/LICENSE.txt": _HERE / "vendor" / "panzoom" / "LICENSE.txt",
}


def compile_maps(maps: str | Path | Sequence[str | Path]) -> list[Compiled]:
    """Every map under ``maps`` compiled, once for the whole build.

    Raises:
        JourneyspecError: when a map has errors (every diagnostic is attached).
    """
    from journeyspec.lang.frontend import compile_paths

    compiled = compile_paths([maps] if isinstance(maps, (str, Path)) else list(maps))
    problems = [d for c in compiled for d in c.diagnostics]
    if any(d.severity is Severity.ERROR for d in problems):
        raise JourneyspecError(problems)
    return compiled


def journeys_of(compiled: Sequence[Compiled]) -> list[Journey]:
    """The journeys of compiled maps, in file and written order."""
    return [journey for result in compiled for journey in result.document.journeys]


def build_site(
    maps: str | Path | Sequence[str | Path] | Sequence[Compiled],
    out_dir: str | Path,
    *,
    results: Mapping[str, JourneyResults] | None = None,
    source_base_url: str | None = None,
    title: str = "Journeys",
    directory_urls: bool = True,
) -> list[Path]:
    """Write a page per journey, an index, the maps' sources and the pictures into ``out_dir``.

    The pages are Markdown for MkDocs (tables, ``md_in_html``); every string
    that comes from a map is escaped, so a label such as ``<script>`` shows as
    text and runs nothing.

    Args:
        maps: Map files or folders (every ``*.journey`` below a folder), or the maps
            :func:`compile_maps` has already compiled (so a build compiles each map once).
        out_dir: Where to write; created when missing. Files the site writes are
            replaced, other files are left alone.
        results: What ``journeyspec check`` found, by journey id; journeys
            without an entry get a design-only page.
        source_base_url: Link step ids to the maps on a code host instead of to
            copied source pages, e.g. ``https://github.com/acme/shop/blob/main/maps``
            (the URL of the folder the maps share; ``#L12`` is appended).
        title: The index page's heading.
        directory_urls: Whether MkDocs serves ``libraries/common.md`` as ``libraries/common/``
            (its ``use_directory_urls``, on by default) or as ``libraries/common.html``: the
            pictures link a shared step to its library's page, and MkDocs does not rewrite
            links inside pictures.

    Returns:
        Every file written, relative paths resolved against ``out_dir``, sorted.

    Raises:
        JourneyspecError: when a map has errors (every diagnostic is attached).
        ValueError: when ``results`` names a journey the maps do not have.
        GraphvizNotFound: when the ``dot`` program, which lays out the graph, is missing.
    """
    from journeyspec.lang.frontend import Compiled

    given = [maps] if isinstance(maps, (str, Path)) else list(maps)
    compiled = given if all(isinstance(m, Compiled) for m in given) and given else compile_maps(given)
    entries, map_files, libraries = _catalogue(compiled)
    results = dict(results or {})
    unknown = sorted(set(results) - {e.journey.id for e in entries})
    if unknown:
        raise ValueError(f"results for journeys the maps do not have: {', '.join(unknown)}")
    catalog = Catalog(entries, source_base_url=source_base_url, libraries=libraries)
    site = _Writer(Path(out_dir))
    site.write("index.md", index_page(catalog, results, title=title))
    for name, source in _ASSETS.items():
        site.write(name, source.read_bytes())
    for entry in entries:
        outcome = results.get(entry.journey.id)
        links = _library_urls(catalog, entry, directory_urls)
        site.write(entry.page, journey_page(entry, catalog, _pictures(site, entry, outcome, links), outcome))
    for library in libraries:
        site.write(library.page, library_page(library, catalog))
    if source_base_url is None:
        for map_file in map_files:
            site.write(catalog.source_page(map_file), source_page(map_file, catalog))
    return sorted(site.written)


def _catalogue(compiled: Sequence[Compiled]) -> tuple[list[Entry], list[MapFile], list[LibraryView]]:
    """Each journey with the map file it is written in, the map files, and the libraries (a page each)."""
    shown = shown_paths([Path(c.file) for c in compiled if c.file])
    entries: list[Entry] = []
    map_files: list[MapFile] = []
    libraries: list[LibraryView] = []
    slugs: set[str] = set()
    for result in compiled:
        map_file = MapFile(Path(result.file), result.text or "", shown[Path(result.file)]) if result.file else None
        if map_file is not None:
            map_files.append(map_file)
        entries += [Entry(journey, map_file) for journey in result.document.journeys]
        for library in result.libraries:
            view = view_of(library, map_file)
            slug, number = escape.anchor(library.name), 1
            while slug in slugs:  # two files may declare libraries of one name when no map uses both
                number += 1
                slug = f"{escape.anchor(library.name)}-{number}"
            slugs.add(slug)
            view.slug = slug
            libraries.append(view)
    return entries, map_files, libraries


def _library_urls(catalog: Catalog, entry: Entry, directory_urls: bool) -> dict[str, str]:
    """The URL of each library the journey takes steps from, relative to the pictures' folder.

    The pictures are SVG files beside the pages, so these are the URLs MkDocs serves, not the
    ``.md`` paths it rewrites in pages.
    """
    urls = {}
    for item in entry.journey.shared:
        page = catalog.library_link(item.library, IMAGES_DIR) if item.kind == "step" else None
        if page is not None and page.endswith(".md"):
            urls[item.library] = page[: -len(".md")] + ("/" if directory_urls else ".html")
    return urls


def _pictures(site: _Writer, entry: Entry, outcome: JourneyResults | None,
              links: dict[str, str] | None = None) -> dict[str, str]:
    """Draw a journey's canvas and graph (and copy its overlay); their paths relative to its page."""
    from journeyspec.render import render

    images = {}
    for form in ("canvas", "graph"):
        name = f"{IMAGES_DIR}/{entry.slug}-{form}.svg"
        site.write(name, render(entry.journey, as_=form, format="svg", links=links))
        images[form] = relative(name, JOURNEYS_DIR)
    if outcome is not None and outcome.overlay_svg is not None:
        name = f"{IMAGES_DIR}/{entry.slug}-overlay.svg"
        site.copy(outcome.overlay_svg, name)
        images["overlay"] = relative(name, JOURNEYS_DIR)
    for index, chart in enumerate(outcome.trends if outcome is not None else ()):
        name = f"{IMAGES_DIR}/{entry.slug}-trend-{index}.svg"
        site.copy(chart.svg, name)
        images[f"trend:{index}"] = relative(name, JOURNEYS_DIR)
    return images


class _Writer:
    """Writes the site's files below one folder and remembers each one."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: list[Path] = []

    def write(self, name: str, content: str | bytes) -> None:
        path = self._place(name)
        if isinstance(content, bytes):
            write_bytes(path, content)
        else:
            write_text(path, content)

    def copy(self, source: str | Path, name: str) -> None:
        copy_file(source, self._place(name))

    def _place(self, name: str) -> Path:
        path = self.out / name
        self.written.append(path)
        return path
