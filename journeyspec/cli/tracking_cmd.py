"""``journeyspec tracking-plan``: what the maps need recorded in the event data."""

from __future__ import annotations

import sys

import click

from journeyspec.cli.common import EXIT_ERROR, EXIT_FINDINGS, guarded, map_files, stderr_console, write_failed
from journeyspec.cli.output import print_diagnostic
from journeyspec.files import WriteError, write_text
from journeyspec.lang.frontend import compile_paths
from journeyspec.tracking import FORMATS, tracking_plan


@click.command("tracking-plan")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="markdown", show_default=True,
              help="`markdown` to read and hand over, `csv` for a spreadsheet, `json-schema` to validate events with.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of printing.")
@guarded
def tracking_command(paths: tuple[str, ...], output_format: str, output: str | None) -> None:
    """List the events and properties each step's `when` needs, and the steps still without one.

    PATHS are `.journey` files or folders. A step taken from a library
    (`step X from LIB`) is listed in every journey that takes it, with its
    library named. Exits 0 when written, 1 when a map has errors (nothing is
    written), 2 when a path cannot be read or the file cannot be written.
    """
    files = map_files(paths)
    results = compile_paths(files)
    broken = [r for r in results if not r.ok]
    if broken:
        console = stderr_console()  # stdout stays for the plan, which is not written
        for result in broken:
            for diagnostic in result.errors:
                print_diagnostic(console, diagnostic, result.text_for(diagnostic))
        sys.exit(EXIT_FINDINGS)
    journeys = [(journey, result.file) for result in results for journey in result.document.journeys]
    text = tracking_plan(journeys, output_format)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_text(output, text)
    except WriteError as error:
        write_failed(error)
        sys.exit(EXIT_ERROR)

