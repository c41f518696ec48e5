"""``journeyspec summary``: what each journey in the maps designs, at a glance."""

from __future__ import annotations

import os
import sys

import click
from rich.table import Table

from journeyspec.cli.common import EXIT_FINDINGS, guarded, stdout_console
from journeyspec.cli.output import print_diagnostic
from journeyspec.inert import markup as _shown
from journeyspec.lang.frontend import compile_paths


@click.command("summary")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@guarded
def summary_command(paths: tuple[str, ...]) -> None:
    """Summarise each journey: stages, steps, designed paths and expectations."""
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    console = stdout_console()
    results = compile_paths(list(paths))
    failed = False
    table = Table(title="Journeys", title_justify="left")
    for column in ("journey", "file", "stages", "steps", "edges", "start → success (ends)", "expectations"):
        table.add_column(column, overflow="fold")
    for result in results:
        if not result.ok:
            failed = True
            for diagnostic in result.errors:
                print_diagnostic(console, diagnostic, result.text_for(diagnostic))
            continue
        for journey in result.document.journeys:
            table.add_row(
                _shown(f"{journey.title} ({journey.id})"),
                _shown(result.file),
                f"{len(journey.stages):,}",
                f"{len(journey.steps):,}",
                f"{len(journey.edges):,}",
                _shown(_outcomes(journey)),
                f"{len(journey.expectations):,}",
            )
    console.print(table)
    sys.exit(EXIT_FINDINGS if failed else 0)


def _outcomes(journey) -> str:
    """``a, b → paid (ends: declined, cancelled)``: where the journey starts, succeeds and ends by design."""
    endings = f" (ends: {', '.join(journey.endings)})" if journey.endings else ""
    return ", ".join(journey.start) + " → " + ", ".join(journey.success) + endings
