"""The text report: what a product manager reads in a terminal or a CI log.

Per journey: the headline, every expectation with a clear verdict (and, for
failures, the paths behind it), the fix-first list, the top deviations, the
stages' designed against observed emotion, and coverage.

Every piece of text from the map or the data goes through
:func:`journeyspec.inert.markup` (``_shown``) before Rich sees it: Rich reads
only the report's own styles, and control characters show as escapes.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from journeyspec.check.reports.numbers import (
    basis_text,
    count,
    decision_sentence,
    decision_text,
    duration,
    interval_text,
    lost_text,
    no_clock_order,
    percent,
    plain_text,
    population_text,
    rows_text,
    score,
    share_interval_text,
    value_lost_text,
    value_text,
)
from journeyspec.check.reports.path_text import more_text, path_text, shown_evidence
from journeyspec.check.reports.time_read import time_read_text
from journeyspec.check.result import CheckResult, Evidence, ExpectationResult, JourneyResult
from journeyspec.diagnostics.codes import CODES
from journeyspec.inert import event_name
from journeyspec.inert import markup as _shown
from journeyspec.inert import terminal

MARKS = {"pass": ("✓ pass", "green"), "fail": ("✗ FAIL", "bold red"), "inconclusive": ("? unsure", "yellow"),
         "skipped": ("- skip", "dim")}
TOP = 5


def arrow(path) -> str:
    return path_text(path)  # a path of thousands of steps shows its ends


def evidence_line(item: Evidence) -> str:
    what = arrow(item.path)
    if item.kind == "transition":
        extra = f", p90 {duration(item.seconds)}" if item.seconds is not None else ""
        return f"{what}: {count(item.count)} time{'s' if item.count != 1 else ''}{extra}"
    share = f" ({percent(item.share)})" if item.share is not None else ""
    cost = f", cost {item.cost}" if item.cost else ""
    return f"{what}: {count(item.count)} path{'s' if item.count != 1 else ''}{share}{cost}"


def _unit(kind: str):
    return {"time": duration, "sessions": count, "emotion": score}.get(kind, percent)


def baseline_line(e: ExpectationResult) -> str:
    """``baseline 57.1% → now 40.0% (p = 0.558)``."""
    unit = _unit(e.kind)
    p = f" (p = {e.baseline.p_value:.3f})" if e.baseline.p_value is not None else ""
    return f"baseline {unit(e.baseline.baseline)} → now {unit(e.baseline.value)}{p}"


def _observed(e: ExpectationResult) -> str:
    return "–" if e.value is None else value_text(e)


def outcomes_line(journey: JourneyResult, shown) -> str | None:
    """``outcomes: 41.2% succeeded · 30.1% Application declined · 8.7% abandoned``, for a journey with `end`.

    ``shown`` makes an ending's title (map text) safe for the report's medium.
    """
    if not any(o.kind == "ending" for o in journey.outcomes):
        return None
    return "outcomes: " + " · ".join(f"{percent(o.share)} {shown(o.title)}" for o in journey.outcomes)


def _expectations(journey: JourneyResult) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title="Expectations", title_justify="left", title_style="bold", pad_edge=False)
    for column, justify in (("", "left"), ("line", "right"), ("expectation", "left"), ("observed", "right"),
                            ("interval", "left"), ("over", "right"), ("decided by", "left")):
        table.add_column(column, justify=justify, no_wrap=column != "expectation", min_width=24 if column == "expectation" else None)
    for e in journey.expectations:
        mark, style = MARKS[e.status]
        table.add_row(f"[{style}]{mark}[/]", str(e.line or ""), _shown(e.text), _shown(_observed(e)),
                      interval_text(e.interval), _shown(population_text(e)), _shown(decision_text(e.decided_by)))
    return table


def _plain(console: Console, journey: JourneyResult) -> None:
    """The expectations in plain words, one a line, for readers of neither the map language nor the table."""
    said = [(e, text) for e in journey.expectations if (text := plain_text(e))]
    if not said:
        return
    console.print("[bold]In plain words[/]")
    for e, text in said:
        mark, style = MARKS[e.status]
        console.print(f"  [{style}]{mark}[/] line {e.line}: {_shown(text)}")
    console.print()


def _details(console: Console, journey: JourneyResult) -> None:
    """Why each expectation that did not pass did not: its reason and the paths behind it."""
    shown = [e for e in journey.expectations if e.baseline or e.status != "pass" and (e.reason or e.evidence)]
    for e in shown:
        mark, style = MARKS[e.status]
        console.print(f"[{style}]{mark}[/] line {e.line}: {_shown(e.text)}")
        if e.baseline is not None:
            console.print(f"    {baseline_line(e)}")
        console.print(f"    {_shown(decision_sentence(e.decided_by, e.kind))}")
        if e.reason:
            console.print(f"    {_shown(e.reason)}")
        shown, left_out = shown_evidence(e.evidence)
        for note in dict.fromkeys(item.note for item in shown):
            console.print(f"    {_shown(note or 'evidence')}:")
            for item in (i for i in shown if i.note == note):
                console.print(f"      {_shown(evidence_line(item))}")
        if left_out:
            console.print(f"    {more_text(left_out)}")
    if shown:
        console.print()


def gap_text(item) -> str:
    """``drop-off at cart`` or ``undesigned cart → home``."""
    return f"drop-off at {item.step}" if item.kind == "dropoff" else f"undesigned {arrow(item.transition)}"


def _fix_first(journey: JourneyResult) -> Table | None:
    if not journey.impact:
        return None
    few = sum(item.too_few_paths for item in journey.impact)
    caption = "(95% intervals in brackets; ranked by their low end)"
    if few:
        caption = (caption[:-1] + f"; {few:,} gap{'s' if few != 1 else ''} resting on fewer than "
                   f"{journey.min_paths:,} paths {'carry' if few != 1 else 'carries'} no figure and "
                   f"{'come' if few != 1 else 'comes'} last)")
    table = Table(box=box.SIMPLE_HEAD, title="Fix first", title_justify="left", title_style="bold", pad_edge=False,
                  caption=caption, caption_justify="left")
    for column in ("#", "gap", "paths", "success", "instead of", "successes lost", "value lost"):
        table.add_column(column, justify="left" if column == "gap" else "right",
                         no_wrap=column in ("paths", "successes lost", "value lost"))
    for rank, item in enumerate(journey.impact[:TOP], 1):
        instead = basis_text(item) if item.too_few_paths else percent(item.reference_rate)
        table.add_row(str(rank), _shown(gap_text(item)), count(item.sessions), percent(item.success_rate), instead,
                      lost_text(item), value_lost_text(item))
    return table


def _deviations(journey: JourneyResult) -> Table | None:
    deviating = sorted((v for v in journey.variants if v.cost), key=lambda v: (-v.cost * v.count, v.path))
    if not deviating:
        return None
    table = Table(box=box.SIMPLE_HEAD, title="Top deviations (cost × paths)", title_justify="left",
                  title_style="bold", pad_edge=False)
    for column in ("paths", "share", "cost", "path"):
        table.add_column(column, justify="left" if column == "path" else "right", overflow="fold")
    for v in deviating[:TOP]:
        table.add_row(count(v.count), percent(v.count / journey.population if journey.population else None),
                      str(v.cost), _shown(arrow(v.path)))
    return table


def stage_flag(stage) -> str:
    """Why a stage is at odds with its design: ``designed positive, but drop-off above the other stages``."""
    if not stage.flagged:
        return ""
    rates = [name for key, name in (("dropoff", "drop-off"), ("friction", "friction")) if key in stage.flags]
    reasons = [" and ".join(rates) + " above the other stages"] if rates else []
    if "emotion" in stage.flags:
        reasons.append("observed emotion negative")
    return "designed positive, but " + "; ".join(reasons)


def _stages(journey: JourneyResult) -> Table | None:
    if not any(s.designed_emotion is not None or s.observed_emotion is not None for s in journey.stages):
        return None
    table = Table(box=box.SIMPLE_HEAD, title="Stages: designed vs observed", title_justify="left",
                  title_style="bold", pad_edge=False)
    for column in ("stage", "designed", "observed", "paths", "friction", "drop-off", ""):
        table.add_column(column, justify="left" if column in ("stage", "") else "right")
    for s in journey.stages:
        flag = f"[yellow]{_shown(stage_flag(s))}[/]" if s.flagged else ""
        designed = f"{s.designed_emotion:+d}" if s.designed_emotion is not None else "–"
        table.add_row(_shown(s.stage), designed, score(s.observed_emotion), count(s.reached),
                      share_interval_text(s.friction, s.friction_interval),
                      share_interval_text(s.dropoff, s.dropoff_interval), flag)
    return table


def _segments(journey: JourneyResult) -> Table | None:
    if not journey.segments:
        return None
    field = _shown(journey.segments[0].field)
    table = Table(box=box.SIMPLE_HEAD, title=f"By {field}", title_justify="left", title_style="bold", pad_edge=False)
    for column in (field, "sessions", "success", "conformance", "passed", "failed"):
        table.add_column(column, justify="left" if column == field else "right")
    for s in journey.segments:
        statuses = [e.status for e in s.expectations]
        failed = ", ".join(f"l.{e.line}" for e in s.expectations if e.status == "fail") or "–"
        table.add_row(_shown(s.value), count(s.metrics.sessions), percent(s.metrics.success_rate),
                      percent(s.metrics.conformance), f"{statuses.count('pass')}/{len(statuses)}", failed)
    return table


def _periods(journey: JourneyResult) -> Table | None:
    if not journey.periods:
        return None
    table = Table(box=box.SIMPLE_HEAD, title=f"By {journey.periods[0].period}", title_justify="left",
                  title_style="bold", pad_edge=False)
    for column in ("period", "from", "to", "sessions", "success", "conformance", "passed", "failed"):
        table.add_column(column, justify="left" if column in ("period", "from", "to") else "right")
    for p in journey.periods:
        statuses = [e.status for e in p.expectations]
        failed = ", ".join(f"l.{e.line}" for e in p.expectations if e.status == "fail") or "–"
        table.add_row(p.label, p.start.isoformat(), p.end.isoformat(), count(p.metrics.sessions),
                      percent(p.metrics.success_rate), percent(p.metrics.conformance),
                      f"{statuses.count('pass')}/{len(statuses)}", failed)
    return table


def _rows(console: Console, journey: JourneyResult) -> None:
    """What became of every row, and a warning that cannot be missed when some were skipped."""
    order = no_clock_order(journey)
    console.print(rows_text(journey.totals, journey.scope, order), markup=False, soft_wrap=True)
    if journey.baseline_totals is not None:
        console.print("baseline " + rows_text(journey.baseline_totals, journey.scope, order), markup=False,
                      soft_wrap=True)
    for warning in journey.warnings:
        console.print("[bold yellow]WARNING:[/] ", end="")
        console.print(warning, markup=False, soft_wrap=True)
def _journey(console: Console, journey: JourneyResult, unit: str) -> None:
    m = journey.metrics
    where = f"{journey.id}, {journey.file}" if journey.file else journey.id
    console.print(Text.assemble((terminal(journey.title), "bold"), f" ({terminal(where)})"))
    console.print(f"{count(m.sessions)} {unit} from {_shown(journey.source)} ({_shown(journey.engine)}); "
                  f"{percent(m.success_rate)} succeed")
    console.print(time_read_text(journey.time_read), markup=False, highlight=False, soft_wrap=True)
    ends = outcomes_line(journey, _shown)
    if ends:
        console.print(ends, soft_wrap=True)
    for warning in journey.time_warnings:
        console.print(f"warning[{warning.code}] {CODES[warning.code].name}: {terminal(warning.message)}\n  = help: "
                      f"{terminal(warning.help)}",
                      markup=False, highlight=False, soft_wrap=True)
    console.print(f"conformance {percent(m.conformance)} · fitness {percent(m.fitness)} · mean alignment cost "
                  f"{m.mean_cost:.2f} · unexpected transitions {percent(m.unexpected_transitions)}"
                  if m.mean_cost is not None else "no paths")
    if journey.baseline is not None:
        b = journey.baseline
        console.print(f"baseline: {count(b.sessions)} {unit}, {percent(b.success_rate)} succeed, "
                      f"conformance {percent(b.conformance)}")
    _rows(console, journey)
    console.print()
    console.print(_expectations(journey))
    _plain(console, journey)
    _details(console, journey)
    for table in (_fix_first(journey), _deviations(journey), _stages(journey), _segments(journey),
                  _periods(journey)):
        if table is not None:
            console.print(table)
    cover = journey.coverage
    lines = []
    if cover.unobserved_steps:
        lines.append("never observed: " + ", ".join(cover.unobserved_steps))
    if cover.unobserved_edges:
        lines.append("designed edges never taken: " + ", ".join(arrow(e) for e in cover.unobserved_edges))
    if cover.top_off_map:
        names = ", ".join(f"{event_name(name)} ({count(n)})" for name, n in cover.top_off_map[:TOP])
        lines.append(f"off-map events: {percent(cover.off_map_share)} of events; most frequent: {names}")
    for line in lines:
        console.print(_shown(line))
    console.print()


def summary_line(result: CheckResult) -> str:
    """``12 expectations: 9 passed, 1 failed, 1 inconclusive, 1 skipped``."""
    found = result.counts()
    total = sum(found.values())
    return (f"{total} expectation{'s' if total != 1 else ''}: {found['pass']} passed, {found['fail']} failed, "
            f"{found['inconclusive']} inconclusive, {found['skipped']} skipped")


def to_text(result: CheckResult, *, width: int = 100, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False, no_color=not color)
    for journey in result.journeys:
        _journey(console, journey, "users" if journey.scope == "user" else "sessions")
    style = "bold red" if result.counts()["fail"] else "bold green"
    console.print(f"[{style}]{summary_line(result)}[/]")
    return buffer.getvalue()


__all__ = ["evidence_line", "outcomes_line", "summary_line", "to_text"]
