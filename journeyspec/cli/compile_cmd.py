"""``journeyspec compile`` and ``journeyspec schema``: the IR as JSON."""

from __future__ import annotations

import os
import sys

import click

from journeyspec.cli.common import EXIT_ERROR, EXIT_FINDINGS, guarded, stderr_console
from journeyspec.cli.data_options import project_requires_events
from journeyspec.cli.output import print_diagnostic
from journeyspec.files import write_text
from journeyspec.ir.canonical import json_schema, to_json
from journeyspec.lang.frontend import compile_file


@click.command("compile")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the JSON here instead of stdout (missing folders are created).")
@click.option("--spans", is_flag=True, help="Include source spans (file, line, column) in the JSON.")
@guarded
def compile_command(file: str, output: str | None, spans: bool) -> None:
    """Compile a map to its canonical IR JSON."""
    if not os.path.exists(file):
        raise click.UsageError(f"no such file: {file}")
    try:
        result = compile_file(file, require_events=project_requires_events())
    except OSError as error:
        click.echo(f"journeyspec: cannot read {file}: {error.strerror}", err=True)
        sys.exit(EXIT_ERROR)
    console = stderr_console()
    for diagnostic in result.diagnostics:
        print_diagnostic(console, diagnostic, result.text_for(diagnostic))
    if not result.ok or result.document is None:
        sys.exit(EXIT_FINDINGS)
    text = to_json(result.document, spans=spans)
    if output:
        write_text(output, text)
    else:
        sys.stdout.write(text)


@click.command("schema")
@guarded
def schema_command() -> None:
    """Print the JSON Schema of the compiled IR (committed as spec/ir.schema.json)."""
    sys.stdout.write(json_schema())


__all__ = ["EXIT_ERROR", "compile_command", "schema_command"]
