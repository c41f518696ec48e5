"""The documentation site: every journey a page, with live results when there are some.

The site is a plain function that writes Markdown pages and SVG pictures::

    from journeyspec.site import build_site
    build_site("maps/", "docs/journeys-site")

``journeyspec docs build`` calls it from the command line, and the MkDocs
plugin (``plugins: - journeyspec``) during ``mkdocs build`` and ``serve``.
Results of ``journeyspec check`` plug in as ``results={journey_id: JourneyResults(...)}``.

Where it sits: an integration, beside the pytest plugin and below the CLI.
It calls the verbs (``journeyspec.check``, ``render``), the language (to
compile each map once per build) and :mod:`journeyspec.project`; it never
imports the CLI, the pytest plugin, or a verb's internals.
"""

from __future__ import annotations

from journeyspec.site.build import SCRIPTS, STYLESHEET, build_site
from journeyspec.site.live_results import (
    Deviation,
    ExpectationResult,
    FixFirstItem,
    JourneyResults,
    ResultsInput,
    Status,
)

__all__ = [
    "SCRIPTS",
    "STYLESHEET",
    "Deviation",
    "ExpectationResult",
    "FixFirstItem",
    "JourneyResults",
    "ResultsInput",
    "Status",
    "build_site",
]
