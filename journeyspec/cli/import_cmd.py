"""``journeyspec import``: a map from a Mermaid ``journey`` diagram."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from journeyspec.cli.common import EXIT_ERROR, EXIT_FINDINGS, guarded, stderr_console, write_failed
from journeyspec.cli.output import print_diagnostic
from journeyspec.diagnostics import JourneyspecError
from journeyspec.files import WriteError, write_text
from journeyspec.importer import import_mermaid_journey
from journeyspec.lang.source import decode


@click.command("import")
@click.argument("diagram", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The map file to write (default: the diagram's name with `.journey`, beside it).")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the map instead of writing a file.")
@click.option("--force", is_flag=True, help="Overwrite the map file when it exists.")
@guarded
def import_command(diagram: str, output: str | None, to_stdout: bool, force: bool) -> None:
    """Turn a Mermaid `journey` diagram (a .mmd file, or Markdown holding one) into a map.

    Sections become stages, tasks become steps (joined by one flow, the last
    task taken as the success), scores 1..5 become emotions -2..+2, actors
    become personas. Steps have no `when` yet. Exits 0 when written, 1 when
    the diagram has problems (each shown with its line), 2 when a file cannot
    be read or written or the map exists (use --force).
    """
    source = Path(diagram)
    try:
        data = source.read_bytes()
    except OSError as error:
        click.echo(f"journeyspec: cannot read {diagram}: {error.strerror}", err=True)
        sys.exit(EXIT_ERROR)
    text, problems = decode(data, diagram)  # not UTF-8: JS101 at the first bad byte, as for a map
    if text is None:
        _show(JourneyspecError(problems), None)
        sys.exit(EXIT_FINDINGS)
    try:
        map_text = import_mermaid_journey(text, diagram, name=source.stem)
    except JourneyspecError as error:
        _show(error, text)
        sys.exit(EXIT_FINDINGS)
    if to_stdout:
        click.echo(map_text, nl=False)
        return
    target = Path(output) if output else source.with_suffix(".journey")
    if target.exists() and not force:
        click.echo(f"journeyspec: {target} exists already; nothing was written. Use --force to overwrite it, "
                   "or -o to write another file.", err=True)
        sys.exit(EXIT_ERROR)
    try:
        write_text(target, map_text)
    except WriteError as error:
        write_failed(error)
        sys.exit(EXIT_ERROR)
    stderr_console().print(f"[bold green]✓[/] wrote {target}")


def _show(error: JourneyspecError, text: str | None) -> None:
    console = stderr_console()
    for diagnostic in error.diagnostics:
        print_diagnostic(console, diagnostic, text)
