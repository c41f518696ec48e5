"""``journeyspec paths``: the observed paths of a journey, reduced from event data.

Thin over :func:`journeyspec.engine.reduce`: it reads the options, resolves the
source configuration, and prints the facts. Ibis and the engines are imported
only when the command runs.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import nullcontext

import click
from rich.table import Table
from rich.text import Text

from journeyspec.check.reports.path_text import path_text
from journeyspec.check.reports.time_read import time_read_text
from journeyspec.check.result import TimeWarning
from journeyspec.cli.common import EXIT_ERROR, EXIT_OK, choose_journeys, guarded, stderr_console, stdout_console
from journeyspec.cli.data_options import data_options, print_error, resolve_config
from journeyspec.diagnostics import JourneyspecError
from journeyspec.inert import event_name, json_text
from journeyspec.inert import markup as _shown
from journeyspec.inert import terminal
from journeyspec.units import format_duration, format_share


def print_facts(facts, *, top: int) -> None:
    """The facts as tables a person reads; names from the map and the data go through :func:`_shown`."""
    console = stdout_console()
    totals, population = facts.totals, facts.population
    unit = "users" if facts.scope == "user" else "sessions"
    console.print(Text.assemble((terminal(facts.journey), "bold"), f" on {terminal(facts.source)} "
                                f"({terminal(facts.engine)}): {population.sessions:,} {unit}, "
                                f"{format_share(population.success, population.sessions)} succeed"))
    read = facts.time_read
    console.print(terminal(time_read_text(read)), markup=False, highlight=False, soft_wrap=True)
    for message, help_text in facts.time_warnings:
        console.print(f"warning[JS321] implausible-time: {terminal(message)}\n  = help: {terminal(help_text)}",
                      markup=False, highlight=False)
    unused = TimeWarning.format_not_needed(read, facts.source)
    if unused is not None:
        console.print(f"warning[JS325] time-format-not-needed: {terminal(unused.message)}\n  = help: "
                      f"{terminal(unused.help)}", markup=False, highlight=False)
    for note in facts.source_notes:  # `CODE: message (help)`, from reading an XES or OCEL log
        console.print("warning: " + terminal(note), markup=False, highlight=False)
    place = "time" if read is None or read.clock else f"`{terminal(read.order)}`"
    console.print(
        f"events: {totals.rows:,} rows read, {totals.skipped_null_session + totals.skipped_null_time:,} skipped "
        f"(no {'user' if facts.scope == 'user' else 'session'}: {totals.skipped_null_session:,}, "
        f"no {place}: {totals.skipped_null_time:,}), {totals.ignored:,} ignored, {totals.step_events:,} on steps, "
        f"{totals.friction:,} friction, {totals.off_map:,} off-map"
    )
    if totals.top_off_map:
        console.print("top off-map events: " + ", ".join(f"{_shown(event_name(n.name))} ({n.count:,})" for n in totals.top_off_map))
    variants = Table(title=f"Variants ({population.distinct_variants:,} distinct)", title_justify="left")
    for column in (unit, "share", "success", "path"):
        variants.add_column(column, justify="right" if column != "path" else "left", overflow="fold")
    for variant in population.variants[:top]:
        variants.add_row(f"{variant.count:,}", format_share(variant.count, population.sessions),
                         format_share(variant.success, variant.count), _shown(path_text(variant.path)))
    rest = sum(v.count for v in population.variants[top:]) + population.other_variants
    if rest:
        variants.add_row(f"{rest:,}", format_share(rest, population.sessions), "", "(other variants)")
    console.print(variants)
    transitions = Table(title="Transitions", title_justify="left")
    for column in ("from", "to", "count", unit, "p50", "p90", "mean"):
        transitions.add_column(column, justify="left" if column in ("from", "to") else "right")
    for t in population.transitions:
        transitions.add_row(_shown(t.source), _shown(t.target), f"{t.count:,}", f"{t.sessions:,}", format_duration(t.time.p50),
                            format_duration(t.time.p90), format_duration(t.time.mean))
    console.print(transitions)
    steps = Table(title="Steps", title_justify="left")
    for column in ("step", "reached", "ended", "visits", "friction", "sentiment"):
        steps.add_column(column, justify="left" if column == "step" else "right")
    for s in population.steps:
        sentiment = f"{s.sentiment_sum / s.sentiment_count:.2f} (n={s.sentiment_count:,})" if s.sentiment_count else "–"
        steps.add_row(_shown(s.step), f"{s.reached:,}", f"{s.ended:,} ({format_share(s.ended, s.reached)})", f"{s.visits:,}",
                      f"{s.friction_sessions:,}", sentiment)
    console.print(steps)
    for pair in population.pairs:
        windows = "".join(f", within {format_duration(w.within)}: {w.converted:,}" for w in pair.windows)
        console.print(f"{_shown(pair.source)} → {_shown(pair.target)}: {pair.converted:,} of {pair.with_source:,} "
                      f"({format_share(pair.converted, pair.with_source)}){windows}; p50 {format_duration(pair.time.p50)}, "
                      f"p90 {format_duration(pair.time.p90)}")
    for switch in population.switches:
        console.print(f"switches {_shown(switch.field)}: {switch.sessions:,} {unit} "
                      f"({format_share(switch.sessions, population.sessions)})")


@click.command("paths")
@click.argument("map_path", metavar="MAP", type=click.Path())
@data_options
@click.option("--journey", "journey_id", metavar="ID", help="Which journey of the map (default: every journey).")
@click.option("--top", default=20, show_default=True, help="Variants to show in text output.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@guarded
def paths_command(map_path: str, data: str | None, source_name: str | None, journey_id: str | None,
                  top: int, output_format: str, **flags) -> None:
    """Reduce event data to a journey's observed paths: variants, transitions, per-step facts and totals.

    Exits 0 on success, 2 when the map, the configuration or the data has a problem.
    """
    if not os.path.exists(map_path):
        raise click.UsageError(f"no such file: {map_path}")
    import journeyspec
    from journeyspec.engine import reduce

    console = stderr_console()
    try:
        journeys = choose_journeys(journeyspec.load(map_path), journey_id, map_path)
        configs = [resolve_config(journey.id, data, source_name, flags) for journey in journeys]
        with console.status("reducing events…") if sys.stderr.isatty() else nullcontext():
            results = [reduce(journey, config=config) for journey, config in zip(journeys, configs)]
    except JourneyspecError as error:
        print_error(console, error)
        sys.exit(EXIT_ERROR)
    if output_format == "json":
        payload = [facts.model_dump(mode="json") for facts in results]
        sys.stdout.write(json_text(json.dumps(payload if len(payload) != 1 else payload[0], indent=2,
                                              ensure_ascii=False)) + "\n")
    else:
        for facts in results:
            print_facts(facts, top=top)
    sys.exit(EXIT_OK)


__all__ = ["paths_command", "print_facts"]
