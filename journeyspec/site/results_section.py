"""The parts of a journey page that show what a check found in the data."""

from __future__ import annotations

from journeyspec.check.reports.path_text import path_text
from journeyspec.ir.expectations import Expectation
from journeyspec.ir.plain import expectation_words, measured_words
from journeyspec.ir.text import threshold_text
from journeyspec.site import escape, numbers
from journeyspec.site.catalog import Catalog, Entry
from journeyspec.site.live_results import ExpectationResult, JourneyResults, Status

_EMPTY = '<span class="js-none">—</span>'
_STATUS_WORDS = {"pass": "pass", "fail": "fail", "inconclusive": "inconclusive", "skipped": "skipped"}
_STATUS_ICONS = {"pass": "✓", "fail": "✗", "inconclusive": "?", "skipped": "–"}
_HEADLINES = (
    ("conformance", "conform to the design", "fraction"),
    ("fitness", "fitness (alignment)", "fraction"),
    ("unexpected_transitions", "of transitions are not designed", "fraction"),
)


def status_badge(status: Status | None) -> str:
    """A coloured pill for a status; ``None`` means the journey was not checked."""
    if status is None:
        return '<span class="js-badge js-badge--none">not checked</span>'
    icon = _STATUS_ICONS[status]
    return f'<span class="js-badge js-badge--{status}">{icon} {_STATUS_WORDS[status]}</span>'


def summary(results: JourneyResults) -> str:
    """``3 pass · 1 fail`` with each count in its status colour, the most urgent first."""
    counts = results.counts()
    shown = [
        f'<span class="js-count js-count--{status}">{count} {_STATUS_WORDS[status]}</span>'
        for status, count in counts.items()
        if count
    ]
    return " · ".join(shown) if shown else "no expectations"


def match(expectation: Expectation, results: JourneyResults) -> ExpectationResult | None:
    """The verdict for one ``expect`` of the map: by line, else by canonical text."""
    line = expectation.span.line if expectation.span else None
    for outcome in results.expectations:
        if line is not None and outcome.line == line:
            return outcome
    for outcome in results.expectations:
        if outcome.text is not None and outcome.text == expectation.text:
            return outcome
    return None


def expectation_rows(entry: Entry, catalog: Catalog, results: JourneyResults) -> list[str]:
    """The expectations table with verdicts: status, observed value, threshold, interval, population."""
    lines = [
        f"Checked against **{escape.text(results.data)}** on {numbers.timestamp(results.checked_at)}: "
        f"{summary(results)}.",
        "",
        "| Status | Expectation | Observed | Threshold | Interval | Population |",
        "|---|---|---|---|---|---|",
    ]
    for expectation in entry.journey.expectations:
        outcome = match(expectation, results)
        line = expectation.span.line if expectation.span else None
        link = catalog.source_link(entry, line)
        text = escape.code(expectation.text)
        if link:
            text = f'[{text}]({link} "Line {line} of the map")'
        said = expectation_words(expectation, entry.journey)
        if outcome is not None:
            # The reason for a missing value is in the Observed cell beside it.
            said += " — " + measured_words(outcome.value, expectation.threshold.unit, outcome.interval)
        text = f'<span class="js-plain">{escape.text(said[:1].upper() + said[1:])}</span><br>{text}'
        unit = expectation.threshold.unit
        if outcome is None:
            lines.append(f"| {status_badge(None)} | {text} | {_EMPTY} | {_threshold(expectation)} | {_EMPTY} | {_EMPTY} |")
            continue
        value = numbers.measured(outcome.value, unit) if outcome.value is not None else _EMPTY
        if outcome.reason:
            value += f'<br><span class="js-reason">{escape.text(outcome.reason)}</span>'
        interval = (
            # A break is allowed after an en dash even before a no-break space: only nowrap keeps it whole.
            f'<span class="js-nowrap">{numbers.percent(outcome.interval[0])}\u00a0–\u00a0'
            f"{numbers.percent(outcome.interval[1])}</span>"
            if outcome.interval is not None
            else _EMPTY
        )
        population = numbers.count(outcome.population) if outcome.population is not None else _EMPTY
        lines.append(
            f"| {status_badge(outcome.status)} | {text} | {value} | {_threshold(expectation)} | {interval} | {population} |"
        )
    return lines


_COMPARATORS = {">=": "≥", "<=": "≤", "==": "=", ">": "&#62;", "<": "&#60;"}


def _threshold(expectation: Expectation) -> str:
    """The bar as the map writes it (``≥ 90%``, ``≤ 20m``)."""
    return f"{_COMPARATORS[expectation.comparator]} {escape.text(threshold_text(expectation.threshold))}"


def results_sections(entry: Entry, results: JourneyResults, overlay: str | None) -> list[str]:
    """The observed-data sections: headline figures, the overlay, fix-first and deviations."""
    journey = entry.journey
    lines = ["## In the data", ""]
    figures = []
    if results.population is not None:
        figures.append(f"**{numbers.count(results.population)}** paths")
    for key, words, unit in _HEADLINES:
        if key in results.metrics:
            figures.append(f"**{numbers.measured(results.metrics[key], unit)}** {words}")
    lines.append(
        f"From **{escape.text(results.data)}**, checked on {numbers.timestamp(results.checked_at)}"
        + (": " + " · ".join(figures) if figures else "")
        + "."
    )
    lines.append("")
    lines += [line for warning in results.warnings for line in (f"**Warning:** {escape.text(warning)}", "")]
    if overlay:
        lines += [
            "### Observed paths",
            "",
            '<div class="js-picture" markdown>',
            "",
            f"[![What customers did, drawn on the design of {escape.text(journey.title)}]({overlay})]"
            f'({overlay} "Open the picture on its own")',
            "",
            "</div>",
            "",
        ]
    currency = results.currency or (journey.value.currency if journey.value else None)
    if results.fix_first:
        lines += ["### Fix first", "",
                  ("Ranked by the low end of the value lost's 95% interval (in brackets); a gap whose success "
                   "rates rest on too few paths has no figure and comes last."), "",
                  "| # | Where | Paths | Value lost |", "|---|---|---|---|"]
        for rank, item in enumerate(results.fix_first, start=1):
            where = _where(entry, item.kind, item.steps)
            lines.append(f"| {rank} | {where} | {numbers.count(item.sessions)} | {_lost(item, currency)} |")
        lines.append("")
    if results.deviations:
        lines += ["### Top deviations", "", "| Path taken | Paths | Moves off the design |", "|---|---|---|"]
        for deviation in results.deviations:
            path = path_text(deviation.path, name=lambda step_id: _step_name(entry, step_id)) or _EMPTY
            cost = f"{deviation.cost:g}"
            lines.append(f"| {path} | {numbers.count(deviation.count)} | {cost} |")
        lines.append("")
    return lines


def trend_section(entry: Entry, charts: list) -> list[str]:
    """``Over time``: one small chart per expectation (value, interval band, threshold), when there are any."""
    if not charts:
        return []
    over = {"week": "week", "month": "month", "run": "kept run"}.get(charts[0][0].over, charts[0][0].over)
    lines = ["### Over time", "",
             f"Each expectation per {over}: the observed value (green passed, red failed, amber inconclusive), "
             "its 95% interval as a band, and the map's bar as a dashed line.", "",
             '<div class="js-trends" markdown>', ""]
    for chart, link in charts:
        alt = f"{chart.text}, per {over}" + (f" (line {chart.line})" if chart.line else "")
        lines += [f"[![{escape.text(alt)}]({link})]({link} \"Open the chart on its own\")", ""]
    return [*lines, "</div>", ""]


def _lost(item, currency: str | None) -> str:
    """``42,739 EUR (40,585–44,935)``, ``too few paths``, or a dash without a value."""
    if item.too_few_paths:
        return "too few paths"
    if item.value_lost is None:
        return _EMPTY
    shown = numbers.money(item.value_lost, currency)
    if item.value_lost_interval is not None:
        low, high = item.value_lost_interval
        shown += f' <span class="js-nowrap">({numbers.money(low, None)}\u00a0–\u00a0{numbers.money(high, None)})</span>'
    return shown


def _step_name(entry: Entry, step_id: str) -> str:
    try:
        step = entry.journey.step(step_id)
    except KeyError:
        return escape.code(step_id)
    return f"[{escape.text(step.title)}](#step-{escape.anchor(step.id)})"


def _where(entry: Entry, kind: str, steps: tuple[str, ...]) -> str:
    names = [_step_name(entry, step_id) for step_id in steps]
    if kind == "dropoff":
        return "Drop-off at " + " ".join(names)
    return "Off-design move " + " → ".join(names)
