"""``journeyspec discover``: the journey the data shows, written as a canonical `.journey` map.

Thin over :func:`journeyspec.discover.discover`: it reads the options and the
source configuration, writes the map, and says how to compare it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from journeyspec.cli.common import EXIT_ERROR, EXIT_OK, UsageProblem, guarded, stderr_console
from journeyspec.cli.output import print_diagnostic
from journeyspec.diagnostics import JourneyspecError


@click.command("discover")
@click.option("--data", "data", metavar="SOURCE", help="Events: a file, glob, folder or URI, or a configured source name.")
@click.option("--source", "source_name", metavar="NAME", help="A source configured in pyproject.toml / journeyspec.toml.")
@click.option("-o", "--output", "output", metavar="FILE", required=True, help="The `.journey` file to write.")
@click.option("--min-share", type=float, default=0.05, show_default=True,
              help="Keep transitions with at least this share of their step's visits.")
@click.option("--events-as-steps", is_flag=True, help="One step per event name (the default without --map).")
@click.option("--map", "map_path", metavar="MAP", help="Use this map's steps, so the result compares with it.")
@click.option("--journey", "journey_id", metavar="ID", help="Which journey of --map (needed when it has several); "
              "without --map, the id of the discovered journey (default `observed`).")
@click.option("--session", metavar="COL", help="Session id column.")
@click.option("--user", metavar="COL", help="User id column (with --gap, sessions are cut from it).")
@click.option("--gap", metavar="DUR", help="Inactivity that ends a session, e.g. 30m (when there is no session column).")
@click.option("--time", "time_column", metavar="COL", help="Event time column.")
@click.option("--time-format", metavar="FMT", help="epoch_s, epoch_ms, epoch_us or a strftime pattern.")
@click.option("--event", metavar="COL", help="Event name column.")
@click.option("--device", metavar="COL", help="Device column.")
@click.option("--order", metavar="COL", help="Tie-breaker column for events with equal times.")
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), help="Where to reduce the data (default duckdb).")
@guarded
def discover_command(data: str | None, source_name: str | None, output: str, min_share: float,
                     events_as_steps: bool, map_path: str | None, journey_id: str | None, session: str | None,
                     user: str | None, gap: str | None, time_column: str | None, time_format: str | None,
                     event: str | None, device: str | None, order: str | None, engine: str | None) -> None:
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
    from journeyspec.cli.paths_cmd import _texts
    from journeyspec.cli.simulate_cmd import pick_journey
    from journeyspec.discover import discover
    from journeyspec.engine.config import load_config, looks_like_source_name

    console = stderr_console()
    try:
        map_journey = pick_journey(map_path, journey_id) if map_path is not None else None
        if data is not None and source_name is None and looks_like_source_name(data) and not Path(data).exists():
            source_name, data = data, None
        config = load_config(source_name).with_overrides(
            data=data, session=session, user=user, gap=gap, time=time_column, time_format=time_format,
            event=event, device=device, order=order, engine=engine,
        )
        with console.status("discovering…") if sys.stderr.isatty() else _nothing():
            result = discover(config=config, min_share=min_share, map_journey=map_journey,
                              journey_id=journey_id or "observed")
    except JourneyspecError as error:
        texts = _texts(error)
        for diagnostic in error.diagnostics:
            print_diagnostic(console, diagnostic, texts.get(diagnostic.span.file if diagnostic.span else None))
        sys.exit(EXIT_ERROR)
    try:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(result.text, encoding="utf-8")
    except OSError as error:
        raise UsageProblem(f"cannot write {output}: {error.strerror or error}") from None
    journey, population = result.journey, result.facts.population
    click.echo(f"wrote {output}: journey `{journey.id}` with {len(journey.steps)} steps and {len(journey.edges)} "
               f"edges from {population.sessions:,} paths ({population.distinct_variants:,} variants)")
    if map_path is not None:
        click.echo(f"compare: journeyspec diff {map_path} {output}")
    sys.exit(EXIT_OK)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


__all__ = ["discover_command"]
