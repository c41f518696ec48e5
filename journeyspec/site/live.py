"""Live results for the site: check each journey against data and draw its observed overlay.

The CLI (``journeyspec docs build --data``) and the MkDocs plugin (``data:``)
both call :func:`check_for_site`, then hand its results to
:func:`~journeyspec.site.build_site`. What ``--data`` / ``data:`` accepts:

- a file, glob, folder or URI of events (every journey is checked against it);
- the name of a source configured in ``pyproject.toml`` / ``journeyspec.toml``;
- ``configured`` (:data:`CONFIGURED`): each journey against its own configured
  source, the one named like the journey, else ``default`` — what
  ``journeyspec check`` does without ``--data``.

Which data and mapping each journey reads is :func:`journeyspec.project.data_for`'s
decision, as for ``journeyspec check``; the page names the data as the check
report does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from journeyspec.ir import Journey
from journeyspec.project import CONFIGURED
from journeyspec.site.live_results import JourneyResults


def checked_at() -> datetime:
    """The time to show as "checked at": now, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def write_overlay(journey: Journey, facts, path: Path) -> Path:
    """Draw the observed overlay of ``facts`` on the graph of ``journey`` as an SVG at ``path``."""
    from journeyspec.check.overlay import overlay
    from journeyspec.render import render

    from journeyspec.files import write_text

    write_text(path, render(journey, as_="graph", format="svg", annotations=overlay(journey, facts)))
    return path


def check_for_site(
    journeys: list[Journey],
    data: str,
    images_dir: str | Path,
    *,
    when: datetime | None = None,
    progress: Callable[[str], None] | None = None,
    by_period: str | None = None,
    history: str | Path | None = None,
) -> dict[str, JourneyResults]:
    """Check every journey once and make what its page shows, overlay picture included.

    Args:
        journeys: The journeys of the site.
        data: Events (a path, glob, folder or URI), a configured source name, or
            :data:`CONFIGURED` for each journey's own configured source.
        images_dir: Where to draw the overlays (``<journey id>-overlay.svg``);
            :func:`~journeyspec.site.build_site` copies them next to the graphs.
        when: The time shown as "checked at"; default: :func:`checked_at`.
        progress: Called with a short message at each stage.
        by_period: ``week`` or ``month``: chart each expectation per calendar period of the data
            (a journey whose source has no clock gets no charts, and a warning says why).
        history: A folder of runs kept by ``journeyspec check --history``: chart each expectation
            run after run (instead of per period).

    Returns:
        Journey id -> its results.

    Raises:
        JourneyspecError: for a JS3xx data problem (a missing file, a missing column...).
    """
    from journeyspec.check import check

    from journeyspec.site.trends import history_charts, period_charts

    when = when or checked_at()
    folder = Path(images_dir)
    found: dict[str, JourneyResults] = {}
    runs, notes = _history(history)
    for journey in journeys:
        result, clockless = _checked(check, journey, None if data == CONFIGURED else data, by_period, progress)
        trends = history_charts(journey, runs, folder) if runs else period_charts(journey, result, folder)
        overlay_svg = None
        if result.facts is not None and result.population:
            if progress:
                progress(f"{journey.id}: drawing the observed overlay")
            overlay_svg = write_overlay(journey, result.facts, folder / f"{journey.id}-overlay.svg")
        # The page names the data as the check report does (journeyspec.project.describe_data).
        found[journey.id] = replace(JourneyResults.from_check(result, checked_at=when, overlay_svg=overlay_svg),
                                    trends=trends, warnings=(*result.warnings, *clockless, *notes))
    return found


def _history(folder: str | Path | None) -> tuple[list, list[str]]:
    """The kept runs, and a warning per file of the folder that is not one (JS366)."""
    if folder is None:
        return [], []
    from journeyspec.check.history import read_history

    runs, problems = read_history(folder)
    return runs, [f"{p.code}: {p.message}" for p in problems]


def _checked(check, journey: Journey, data, by_period: str | None, progress):
    """The journey's check, per period when asked; a source without a clock is checked whole, and said so."""
    from journeyspec.diagnostics import JourneyspecError

    try:
        return check(journey, data, by_period=by_period, progress=progress).journeys[0], ()
    except JourneyspecError as error:
        if by_period is None or [d.code for d in error.diagnostics] != ["JS364"]:
            raise
        note = f"JS364: no chart per {by_period}: {error.diagnostics[0].message}"
    return check(journey, data, progress=progress).journeys[0], (note,)


__all__ = ["CONFIGURED", "check_for_site", "checked_at", "write_overlay"]
