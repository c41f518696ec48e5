"""What the site knows about the maps: each journey, its page, and where it is written."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from journeyspec.ir.journey import Journey
from journeyspec.site import escape

JOURNEYS_DIR = ""
"""Journey pages sit at the top of the site's folder, beside its index: the MkDocs plugin's ``dest`` (default
``journeys``) is the one folder in their address (``journeys/checkout/``, not ``journeys/journeys/checkout/``)."""
SOURCES_DIR = "sources"
IMAGES_DIR = "images"
LIBRARIES_DIR = "libraries"
_TAKEN_NAMES = frozenset({"index"})
"""Page names the site uses itself: a journey with such an id gets ``-journey`` after it."""


@dataclass(frozen=True)
class MapFile:
    """One map file: where it is on disk, its text, and its path as the site shows it."""

    path: Path
    text: str
    shown: PurePosixPath


@dataclass(frozen=True)
class Entry:
    """A journey and where its page and its source live in the site."""

    journey: Journey
    map_file: MapFile | None

    @property
    def slug(self) -> str:
        slug = escape.anchor(self.journey.id)
        return f"{slug}-journey" if slug.lower() in _TAKEN_NAMES else slug

    @property
    def page(self) -> str:
        """The page's path, relative to the site root."""
        return f"{self.slug}.md"


@dataclass
class Catalog:
    """Every journey of the site, in map order, with the cross-journey step index."""

    entries: list[Entry]
    source_base_url: str | None = None
    sharing: dict[str, list[Entry]] = field(default_factory=dict)
    libraries: list = field(default_factory=list)
    """The libraries of the maps (:class:`journeyspec.site.library_page.LibraryView`), in map order."""

    def __post_init__(self) -> None:
        for entry in self.entries:
            for step in entry.journey.steps:
                self.sharing.setdefault(step.id, []).append(entry)

    def others_with_step(self, entry: Entry, step_id: str) -> list[Entry]:
        """The other journeys that have a step with this id, in map order."""
        return [other for other in self.sharing.get(step_id, []) if other is not entry]

    def library_link(self, library: str, from_dir: str = JOURNEYS_DIR) -> str | None:
        """A link to the page of the library called ``library``, when the site has one."""
        view = next((v for v in self.libraries if v.name == library), None)
        return relative(view.page, from_dir) if view is not None else None

    def source_page(self, map_file: MapFile) -> str:
        """The path of the page showing a map's source, relative to the site root."""
        return f"{SOURCES_DIR}/{map_file.shown}.md"

    def source_link(self, entry: Entry, line: int | None, *, from_dir: str = JOURNEYS_DIR) -> str | None:
        """A link to ``line`` of the entry's map: on the source host, or to the copied source page."""
        if entry.map_file is None:
            return None
        fragment = f"#L{line}" if line else ""
        if self.source_base_url:
            return f"{self.source_base_url.rstrip('/')}/{escape.url_path(str(entry.map_file.shown))}{fragment}"
        return relative(self.source_page(entry.map_file), from_dir) + fragment


def relative(target: str, from_dir: str) -> str:
    """``target`` (a path from the site root) as a link from a page in ``from_dir``."""
    return escape.url_path(posixpath.relpath(target, from_dir or "."))


def shown_paths(paths: Iterable[Path]) -> dict[Path, PurePosixPath]:
    """Each map's path relative to the folder the maps share, as the site names it."""
    resolved = [path.resolve() for path in paths]
    if not resolved:
        return {}
    parents = [path.parent for path in resolved]
    common = Path(*_common_parts([p.parts for p in parents]))
    return {path: PurePosixPath(resolved_path.relative_to(common).as_posix()) for path, resolved_path in zip(paths, resolved)}


def _common_parts(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    shortest = min(parts, key=len)
    for index, part in enumerate(shortest):
        if any(other[index] != part for other in parts):
            return shortest[:index]
    return shortest
