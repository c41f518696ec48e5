"""``journeyspec trend``: each expectation's value and interval per run kept by ``check --history DIR``.

Thin over :mod:`journeyspec.check.history` (reading the folder) and
:mod:`journeyspec.check.trend` (matching runs to the maps). Exit codes: 0
printed, 2 the maps or the history folder cannot be read. A file in the folder
that is not a run is a warning (JS366) and is left out, never a traceback.
"""

from __future__ import annotations

import os
import sys

import click
from rich import box
from rich.table import Table

from journeyspec.cli.common import EXIT_ERROR, choose_journeys, guarded, stderr_console, stdout_console
from journeyspec.cli.data_options import print_error
from journeyspec.diagnostics import JourneyspecError
from journeyspec.inert import markup as _shown


@click.command("trend")
@click.argument("maps", nargs=-1, required=True, type=click.Path())
@click.option("--history", "history_dir", required=True, metavar="DIR", type=click.Path(),
              help="The folder `journeyspec check --history DIR` writes runs into.")
@click.option("--journey", "journey_id", metavar="ID", help="Show only this journey.")
@guarded
def trend_command(maps: tuple[str, ...], history_dir: str, journey_id: str | None) -> None:
    """Show each expectation of MAPS run after run: its value, interval and verdict in every kept run."""
    for path in maps:
        if not os.path.exists(path):
            raise click.UsageError(f"no such file or folder: {path}")
    import journeyspec
    from journeyspec.check.history import read_history
    from journeyspec.check.reports.numbers import interval_text, value_text
    from journeyspec.check.trend import series

    errors = stderr_console()
    try:
        journeys = choose_journeys(journeyspec.load(list(maps)), journey_id, ", ".join(maps))
        runs, problems = read_history(history_dir)
    except JourneyspecError as error:
        print_error(errors, error)
        sys.exit(EXIT_ERROR)
    if problems:
        print_error(errors, JourneyspecError(problems))
    console = stdout_console()
    if not console.is_terminal:
        console.width = max(console.width, 110)  # piped: the columns whole, as a log shows them
    console.print(f"{len(runs):,} run{'s' if len(runs) != 1 else ''} in {_shown(history_dir)}")
    for item in series(journeys, runs):
        table = Table(box=box.SIMPLE_HEAD, title=_shown(f"{item.journey}, line {item.line}: expect {item.text}"),
                      title_justify="left", title_style="bold", pad_edge=False)
        for column in ("run", "revision", "data", "observed", "interval", "threshold", "verdict"):
            table.add_column(column, justify="right" if column in ("observed", "threshold") else "left",
                             no_wrap=True)
        for point in item.points:
            data = (f"{point.data_from:%Y-%m-%d}–{point.data_to:%Y-%m-%d}"
                    if point.data_from and point.data_to else "–")
            result = point.result
            table.add_row(f"{point.recorded:%Y-%m-%d %H:%M}", _shown(point.revision or "–"), data,
                          "–" if result is None or result.value is None else _shown(value_text(result)),
                          "" if result is None else interval_text(result.interval),
                          "" if result is None else _shown(f"{result.comparator} {_threshold(result)}"),
                          "not checked" if result is None else result.status)
        console.print(table)


def _threshold(result) -> str:
    from journeyspec.units import format_measured

    return format_measured(result.threshold, result.unit)


__all__ = ["trend_command"]
