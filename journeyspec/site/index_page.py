"""The index page: every journey at a glance, with its status when the journeys were checked."""

from __future__ import annotations

from collections.abc import Mapping

from journeyspec.site import escape, numbers
from journeyspec.site.catalog import Catalog
from journeyspec.site.live_results import JourneyResults
from journeyspec.site.results_section import status_badge, summary

_EMPTY = '<span class="js-none">—</span>'


def index_page(catalog: Catalog, results: Mapping[str, JourneyResults] | None, *, title: str = "Journeys") -> str:
    """The page listing every journey with its status at a glance."""
    results = results or {}
    checked = [results[e.journey.id] for e in catalog.entries if e.journey.id in results]
    lines = [f"# {escape.text(title)}", ""]
    count = len(catalog.entries)
    intro = f"{count} designed {'journey' if count == 1 else 'journeys'}"
    if checked:
        latest = max(checked, key=lambda r: r.checked_at)
        sources = sorted({r.data for r in checked})
        intro += (
            f", checked against {', '.join(f'**{escape.text(name)}**' for name in sources)}"
            f" (latest {numbers.timestamp(latest.checked_at)})"
        )
        failing = sum(1 for r in checked if r.status == "fail")
        intro += f". {failing} with failing expectations." if failing else ". All expectations hold or are pending."
    else:
        intro += ". Not checked against data yet: each status fills in when the site is built with data."
    lines += [intro, ""]
    if catalog.libraries:
        links = ", ".join(f"[{escape.text(v.label or v.name)}]({v.page})" for v in catalog.libraries)
        lines += [f"Shared definitions: {links}.", ""]
    if not catalog.entries:
        return "\n".join(lines)
    lines.append('<div class="js-cards" markdown>')
    lines.append("")
    for entry in catalog.entries:
        lines += _card(entry, results.get(entry.journey.id))
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def _card(entry, outcome: JourneyResults | None) -> list[str]:
    """One journey at a glance: name, status, what it is, its size and owner."""
    journey = entry.journey
    status = status_badge(outcome.status if outcome else None)
    figures = [
        f"{len(journey.stages)} {'stage' if len(journey.stages) == 1 else 'stages'}",
        f"{len(journey.steps)} {'step' if len(journey.steps) == 1 else 'steps'}",
    ]
    if outcome is not None:
        figures.append(summary(outcome))
    elif journey.expectations:
        count = len(journey.expectations)
        figures.append(f"{count} {'expectation' if count == 1 else 'expectations'}")
    lines = ['<div class="js-card" markdown>', ""]
    lines.append(f'<span class="js-card__status">{status}</span> **[{escape.text(journey.title)}]({entry.page})**')
    lines.append("")
    if journey.description:
        lines += [f'<span class="js-card__about">{escape.text(journey.description)}</span>', ""]
    meta = " · ".join(figures)
    if journey.owner:
        meta += f" · {escape.text(journey.owner)}"
    lines.append(f'<span class="js-card__meta">{meta}</span>')
    if journey.tags:
        lines.append("<br>" + "".join(f'<span class="js-tag">{escape.text(tag)}</span>' for tag in journey.tags))
    if outcome is not None:
        lines.append(
            f'<br><span class="js-card__meta">checked on {escape.text(outcome.data)}, '
            f"{numbers.timestamp(outcome.checked_at)}</span>"
        )
    return lines + ["", "</div>", ""]
