"""A check result in a notebook: a board of verdicts (SVG), an HTML and a Markdown table, and text.

The HTML is a plain ``<table>`` with no script and no style sheet, and every
piece of text from the map or the data passes through :func:`journeyspec.inert.markdown`
(character references), so a hostile label shows as written. The SVG is
there for the notebooks that draw no HTML (see :mod:`journeyspec.render.notebook`).
Importing this module registers the makers with :mod:`journeyspec.ir.display`;
:mod:`journeyspec.check.runner`, which makes every result, imports it (a result
read back from JSON alone shows as text until a check has run).
"""

from __future__ import annotations

from journeyspec import inert
from journeyspec.check.reports.numbers import interval_text, value_text
from journeyspec.check.result import CheckResult, ExpectationResult, JourneyResult
from journeyspec.ir.display import Makers, register
from journeyspec.units import format_measured

COLUMNS = ("journey", "line", "expectation", "observed", "interval", "threshold", "verdict")


def _cells(journey: str, e: ExpectationResult) -> tuple[str, ...]:
    return (journey, str(e.line or ""), e.text, "–" if e.value is None else value_text(e), interval_text(e.interval),
            f"{e.comparator} {format_measured(e.threshold, e.unit)}", e.status)


def _rows(journeys: tuple[JourneyResult, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.status, _cells(j.id, e)) for j in journeys for e in j.expectations]


def _counts(journeys: tuple[JourneyResult, ...]) -> str:
    statuses = [e.status for j in journeys for e in j.expectations]
    parts = ", ".join(f"{statuses.count(s)} {w}" for s, w in (("pass", "passed"), ("fail", "failed"),
                                                                ("inconclusive", "inconclusive"), ("skipped", "skipped")))
    return f"{len(statuses)} expectation{'' if len(statuses) == 1 else 's'}: {parts}"


def _title(journeys: tuple[JourneyResult, ...], source: str) -> str:
    names = ", ".join(j.id for j in journeys)
    return f"{names} on {source}: {_counts(journeys)}"


def _svg(journeys: tuple[JourneyResult, ...], source: str) -> str:
    from journeyspec.render.board import Row, board_svg

    return board_svg(_title(journeys, source), COLUMNS, [Row(status, cells) for status, cells in _rows(journeys)])


def _html(journeys: tuple[JourneyResult, ...], source: str) -> str:
    head = "".join(f"<th>{name}</th>" for name in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{inert.markdown(cell)}</td>" for cell in cells) + "</tr>"
                   for _, cells in _rows(journeys))
    return (f"<table><caption>{inert.markdown(_title(journeys, source))}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _markdown(journeys: tuple[JourneyResult, ...], source: str) -> str:
    lines = [f"**{inert.markdown(_title(journeys, source))}**", "", "| " + " | ".join(COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(inert.markdown(c) for c in cells) + " |" for _, cells in _rows(journeys)]
    return "\n".join(lines) + "\n"


def _plain(journeys: tuple[JourneyResult, ...], source: str) -> str:
    marks = {"pass": "✓", "fail": "✗", "inconclusive": "?", "skipped": "–"}
    lines = [inert.terminal(_title(journeys, source))]
    for status, cells in _rows(journeys):
        journey, line, text, observed, interval, _, _ = (inert.terminal(c) for c in cells)
        lines.append(f"  {marks[status]} {journey}:{line} {text}: {observed}"
                     + (f" ({interval})" if interval else ""))
    return "\n".join(lines)


def result_makers(result: CheckResult | JourneyResult) -> Makers:
    """The makers of a check result's (or one journey's result's) bundle."""
    journeys, source = (result.journeys, result.source) if isinstance(result, CheckResult) else ((result,),
                                                                                               result.source)
    return {
        "image/svg+xml": lambda: _svg(journeys, source),
        "text/html": lambda: _html(journeys, source),
        "text/markdown": lambda: _markdown(journeys, source),
        "text/plain": lambda: _plain(journeys, source),
    }


register("check-result", result_makers)

__all__ = ["COLUMNS", "result_makers"]
