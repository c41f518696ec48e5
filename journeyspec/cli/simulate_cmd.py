"""``journeyspec simulate``: a synthetic event log from a designed journey.

Thin over :func:`journeyspec.simulate.simulate`: it reads the options, picks the
journey, and prints a one-paragraph summary of what was written.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import nullcontext

import click

from journeyspec.cli.common import EXIT_ERROR, EXIT_OK, UsageProblem, choose_journeys, guarded, stderr_console
from journeyspec.cli.data_options import print_error
from journeyspec.diagnostics import JourneyspecError


def _rate_option(name: str, what: str):
    return click.option(f"--{name}", type=float, metavar="RATE", help=what)


def pick_journey(map_path: str, journey_id: str | None):
    """The one journey of a map, or the one named ``journey_id``; a usage error otherwise."""
    import journeyspec

    return choose_journeys(journeyspec.load(map_path), journey_id, map_path, one=True)[0]


@click.command("simulate")
@click.argument("map_path", metavar="MAP", type=click.Path())
@click.option("--sessions", type=click.IntRange(min=1), required=True, help="How many sessions (users under `scope user`).")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed always gives the same file.")
@click.option("-o", "--output", "output", metavar="FILE", required=True,
              help="The Parquet or CSV file to write (missing folders are created).")
@click.option("--journey", "journey_id", metavar="ID", help="Which journey of the map (needed when it has several).")
@click.option("--format", "file_format", type=click.Choice(["parquet", "csv"]), help="Default: from the file's extension.")
@click.option("--settings", "settings_path", metavar="FILE",
              help="Read the settings from FILE's [simulate] table instead of the project's configuration.")
@_rate_option("noise", "Every kind of noise at once (--noise 0 turns noise off); the options below override it.")
@_rate_option("unexpected", "Share of transitions replaced by one the design lacks (default 0.02).")
@_rate_option("friction", "Share of step events followed by a friction event (default 0.05).")
@_rate_option("off-map", "Share of step events followed by an event no step matches (default 0.05).")
@_rate_option("ignored", "Share of step events followed by an event `ignore` drops (default 0.05).")
@guarded
def simulate_command(map_path: str, sessions: int, seed: int, output: str, journey_id: str | None,
                     file_format: str | None, settings_path: str | None, noise: float | None, unexpected: float | None,
                     friction: float | None, off_map: float | None, ignored: float | None) -> None:
    """Write a synthetic event log that walks MAP's designed edges by their shares.

    Every step event matches its step's `when`; devices, attributes, think
    times, flows and segments come from `[tool.journeyspec.simulate]` in
    pyproject.toml, or from the `[simulate]` table of `--settings FILE`. The file
    has the columns `session`, `time`, `event`, `user`, `device` and every field
    the map's conditions read, so `journeyspec paths MAP --data FILE` reads it
    with no column flags.

    Exits 0 on success, 2 when the map or an option cannot be used.
    """
    if not os.path.exists(map_path):
        raise UsageProblem(f"no such file: {map_path}")
    from journeyspec.simulate import load_settings, settings_file, simulate

    console = stderr_console()
    began = time.perf_counter()
    try:
        journey = pick_journey(map_path, journey_id)
        settings = settings_file(settings_path) if settings_path is not None else load_settings()
        settings = settings.with_overrides(noise=noise, unexpected=unexpected, friction=friction,
                                           off_map=off_map, ignored=ignored)
        with console.status("simulating…") if sys.stderr.isatty() else nullcontext():
            summary = simulate(journey, output, sessions=sessions, seed=seed, settings=settings,
                               file_format=file_format)
    except JourneyspecError as error:
        print_error(console, error)
        sys.exit(EXIT_ERROR)
    elapsed = time.perf_counter() - began
    share = summary.unexpected_transitions / summary.transitions if summary.transitions else 0.0
    click.echo(
        f"wrote {summary.events:,} events of {summary.sessions:,} sessions ({summary.journey}, seed {seed}) "
        f"to {summary.path} in {elapsed:.1f}s: {summary.step_events:,} step events, "
        f"{summary.unexpected_transitions:,} unexpected transitions ({100 * share:.1f}%), "
        f"{summary.friction_events:,} friction, {summary.off_map_events:,} off-map, {summary.ignored_events:,} ignored"
    )
    click.echo("columns: " + ", ".join(summary.columns))
    sys.exit(EXIT_OK)


__all__ = ["pick_journey", "simulate_command"]
