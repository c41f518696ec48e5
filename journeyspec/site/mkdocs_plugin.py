"""The MkDocs plugin: ``plugins: - journeyspec`` adds a page per journey to a MkDocs site.

Thin on purpose: it only calls :func:`journeyspec.site.build_site` and hands
the written files to MkDocs. MkDocs 2.0 plans no plugin system, so everything
worth keeping lives in the generator, which the CLI (``journeyspec docs
build``) calls too.

.. code-block:: yaml

    plugins:
      - search
      - journeyspec:
          maps: maps            # a folder, a file or globs (a list is fine)
          data: configured      # optional: live results (a path, a source name, or
                                # `configured`: each journey's own configured source)
          dest: journeys        # where the pages go in the site
          by_period: week       # optional, with data: a trend chart per expectation, week by week
          history: results/history  # optional: ... or run by run, from `check --history`
    nav:
      - Home: index.md
      - Journeys: journeys/  # expanded into the index and one page per journey
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from journeyspec.diagnostics import JourneyspecError

_NEEDED_EXTENSIONS = ("tables", "md_in_html")


# A scheme rather than a typed ``Config`` subclass: ``data`` would shadow the
# mapping that a ``Config`` keeps its values in.
CONFIG_SCHEME = (
    ("maps", c.Type((str, list), default="maps")),
    ("data", c.Optional(c.Type(str))),
    ("dest", c.Type(str, default="journeys")),
    ("source_url", c.Optional(c.Type(str))),
    ("title", c.Type(str, default="Journeys")),
    ("by_period", c.Optional(c.Choice(("week", "month")))),
    ("history", c.Optional(c.Type(str))),
)


class JourneyspecPlugin(BasePlugin):
    """Generates the journey pages at build time and watches the maps under ``mkdocs serve``."""

    config_scheme = CONFIG_SCHEME

    def __init__(self) -> None:
        self._out: Path | None = None
        self._written: list[Path] = []
        self._maps: list[Path] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        from journeyspec.site import SCRIPTS, STYLESHEET, build_site
        from journeyspec.site.build import compile_maps, journeys_of

        base = Path(config.config_file_path or ".").resolve().parent
        self._maps = _resolve_maps(self.config["maps"], base)
        dest = self.config["dest"].strip("/")
        self._out = Path(tempfile.mkdtemp(prefix="journeyspec-site-"))
        try:
            compiled = compile_maps(self._maps)
        except JourneyspecError as error:
            raise PluginError(f"journeyspec: the maps have errors: {error}") from error
        results = None
        if self.config["data"] is not None:
            results = _check(journeys_of(compiled), self.config["data"], base, self._out / "overlays",
                             by_period=self.config["by_period"], history=self.config["history"])
        self._written = build_site(
            compiled,
            self._out / dest,
            results=results,
            source_base_url=self.config["source_url"],
            title=self.config["title"],
            directory_urls=config.use_directory_urls,
        )
        for name in _NEEDED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        config.extra_css.append(f"{dest}/{STYLESHEET}")
        config.extra_javascript.extend(f"{dest}/{script}" for script in SCRIPTS)
        if config.nav is not None:
            config.nav = _expand_nav(config.nav, dest, self._pages(dest))
        return config

    def _pages(self, dest: str) -> list[str]:
        assert self._out is not None
        pages = [p.relative_to(self._out).as_posix() for p in self._written if p.suffix == ".md"]
        # The journey pages are the pages directly in `dest` (sources and libraries have folders of their own).
        journeys = sorted(p for p in pages if p.startswith(f"{dest}/") and "/" not in p[len(dest) + 1:]
                          and p != f"{dest}/index.md")
        return [f"{dest}/index.md", *journeys]

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self._out is not None
        for path in self._written:
            src_uri = path.relative_to(self._out).as_posix()
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            # Source and library pages are reached from the journey pages and the index, not from the navigation.
            reached = "/sources/" in src_uri or "/libraries/" in src_uri
            inclusion = InclusionLevel.NOT_IN_NAV if reached else InclusionLevel.UNDEFINED
            files.append(File.generated(config, src_uri, abs_src_path=str(path), inclusion=inclusion))
        return files

    def on_serve(self, server, config: MkDocsConfig, builder):
        # The folders named in `maps` too, so that a new map file rebuilds the site.
        patterns = self.config["maps"]
        base = Path(config.config_file_path or ".").resolve().parent
        named = [base / p for p in ([patterns] if isinstance(patterns, str) else patterns) if (base / p).is_dir()]
        loose = [m for m in self._maps if not any(folder.resolve() in m.resolve().parents for folder in named)]
        for path in [*named, *loose]:
            server.watch(str(path))
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self._out is not None:
            shutil.rmtree(self._out, ignore_errors=True)
            self._out = None

    def on_build_error(self, error: Exception) -> None:
        self.on_post_build(None)  # type: ignore[arg-type]


def _check(journeys: list, data: str, base: Path, overlays: Path, *, by_period: str | None = None,
           history: str | None = None) -> dict:
    """Check each journey against ``data``, read as ``journeyspec docs build --data`` reads it from ``base``."""
    from journeyspec.site.live import check_for_site

    # Data paths and the source configuration are found from mkdocs.yml's folder, wherever mkdocs runs.
    with contextlib.chdir(base):
        try:
            return check_for_site(journeys, data, overlays, by_period=by_period, history=history)
        except JourneyspecError as error:
            raise PluginError(f"journeyspec: the data `{data}` could not be checked: {error}") from error


def _resolve_maps(option: str | list, base: Path) -> list[Path]:
    """The ``maps`` option's map files: folders, files, or globs, relative to ``mkdocs.yml``."""
    from journeyspec.project import MapsNotFound, find_maps

    patterns = [option] if isinstance(option, str) else list(option)
    try:
        found = find_maps(patterns, base)
    except MapsNotFound as error:
        raise PluginError(f"journeyspec: `maps` names {', '.join(error.missing)}, which does not exist next to "
                          "mkdocs.yml") from None
    if not found:
        raise PluginError(f"journeyspec: `maps` matches no map: {patterns}")
    return found


def _expand_nav(nav: list, dest: str, pages: list[str]) -> list:
    """Replace a ``journeys/`` entry (the ``dest`` folder) with the index and one page per journey."""
    folder = f"{dest}/"

    def expand(item):
        if isinstance(item, str):
            return pages if item == folder else item
        if isinstance(item, dict):
            return {key: expand(value) for key, value in item.items()}
        if isinstance(item, list):
            out = []
            for child in item:
                expanded = expand(child)
                if isinstance(child, str) and child == folder:
                    out += expanded
                else:
                    out.append(expanded)
            return out
        return item

    return expand(nav)
