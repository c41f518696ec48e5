"""``journeyspec discover``: the journey the data shows, written as a canonical `.journey` map.

Thin over :func:`journeyspec.discover.discover`: it reads the options and the
source configuration, writes the map, and says how to compare it.
"""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext

import click

from journeyspec.cli.common import EXIT_ERROR, EXIT_OK, UsageProblem, guarded, stderr_console
from journeyspec.cli.data_options import data_options, print_error, resolve_config
from journeyspec.diagnostics import JourneyspecError
from journeyspec.files import write_text
from journeyspec.inert import terminal


@click.command("discover")
@data_options
@click.option("-o", "--output", "output", metavar="FILE", required=True,
              help="The `.journey` file to write (missing folders are created).")
@click.option("--min-share", type=float, default=0.05, show_default=True,
              help="Keep transitions with at least this share of their step's visits.")
@click.option("--events-as-steps", is_flag=True, help="One step per event name (the default without --map).")
@click.option("--map", "map_path", metavar="MAP", help="Use this map's steps, so the result compares with it.")
@click.option("--journey", "journey_id", metavar="ID", help="Which journey of --map (needed when it has several); "
              "without --map, the id of the discovered journey (default `observed`).")
@click.option("--groups/--no-groups", default=True, show_default=True,
              help="Propose groups of steps done in any order where the data shows no order between them.")
@guarded
def discover_command(data: str | None, source_name: str | None, output: str, min_share: float,
                     events_as_steps: bool, map_path: str | None, journey_id: str | None, groups: bool,
                     **flags) -> None:
    """Build the journey that event data shows and write it as a `.journey` map.

    Steps are the data's event names (--events-as-steps) or the steps of an
    existing map (--map); edges are the transitions above --min-share, with
    their observed shares. Compare with the design:

        journeyspec diff designed.journey observed.journey

    Exits 0 on success, 2 when the data, the map or an option has a problem.
    """
    if events_as_steps and map_path is not None:
        raise UsageProblem("choose one of --events-as-steps and --map")
    if map_path is not None and not os.path.exists(map_path):
        raise UsageProblem(f"no such file: {map_path}")
    from journeyspec.cli.simulate_cmd import pick_journey
    from journeyspec.discover import discover
    from journeyspec.discover.groups import HEURISTIC

    console = stderr_console()
    try:
        map_journey = pick_journey(map_path, journey_id) if map_path is not None else None
        config = resolve_config(None, data, source_name, flags)
        with console.status("discovering…") if sys.stderr.isatty() else nullcontext():
            result = discover(config=config, min_share=min_share, map_journey=map_journey,
                              journey_id=journey_id or "observed", groups=groups)
    except JourneyspecError as error:
        print_error(console, error)
        sys.exit(EXIT_ERROR)
    write_text(output, result.text)
    journey, population = result.journey, result.facts.population
    click.echo(f"wrote {terminal(output)}: journey `{terminal(journey.id)}` with {len(journey.steps)} steps and {len(journey.edges)} "
               f"edges from {population.sessions:,} paths ({population.distinct_variants:,} variants)")
    for group in journey.groups:
        need = "all" if group.need is None else f"any {group.need}"
        click.echo(f"proposed group `{terminal(group.id)}`: {need} of {', '.join(map(terminal, group.steps))}, in any "
                   f"order ({HEURISTIC})")
    if result.left_out:
        names = ", ".join(terminal(name) for name in result.left_out[:5])
        more = f" and {len(result.left_out) - 5:,} more" if len(result.left_out) > 5 else ""
        click.echo(f"left out {len(result.left_out):,} event name(s) a map cannot write (a line break or NUL inside): "
                   f"{names}{more}; their events are off-map", err=True)
    if map_path is not None:
        click.echo(f"compare: journeyspec diff {terminal(map_path)} {terminal(output)}")
    sys.exit(EXIT_OK)


__all__ = ["discover_command"]
