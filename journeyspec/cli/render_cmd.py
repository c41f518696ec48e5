"""``journeyspec render``: draw a map as a graph, a journey-map canvas, Mermaid or DOT."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from journeyspec.cli.common import EXIT_ERROR, EXIT_FINDINGS, choose_journeys, guarded, stderr_console
from journeyspec.cli.data_options import data_options, print_error, project_requires_events, resolve_config
from journeyspec.cli.output import print_diagnostic
from journeyspec.files import write_bytes, write_text
from journeyspec.lang.frontend import compile_file
from journeyspec.render import FORMS, LAYOUTS, PICTURE_FORMATS, RenderError, render


@click.command("render")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--as", "form", type=click.Choice(FORMS), default="graph", show_default=True, help="What to draw.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write here instead of stdout (missing folders are created).")
@click.option(
    "--format",
    "picture_format",
    type=click.Choice(PICTURE_FORMATS),
    help="Picture format for `graph` and `canvas` [default: from the -o suffix, else svg].",
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    default="auto",
    show_default=True,
    help="How the picture fits a page: wide (stages left to right), wrap (stages in rows), "
    "tall (stages top to bottom; graph only); auto picks the first that keeps text readable at page width.",
)
@click.option("--journey", "journey_id", help="Which journey, when the map holds several.")
@click.option("--ids/--no-ids", default=True, show_default=True,
              help="With --as canvas: show the map's ids (each step's under its title); --no-ids for readers "
              "who never write the map.")
@click.option("--mermaid-journey", is_flag=True, help="With --as mermaid: Mermaid's `journey` diagram instead of a flowchart.")
@click.option("-W", "--warnings", "show_warnings", is_flag=True,
              help="Print the map's warnings too (errors are always printed; `validate` shows both).")
@data_options
@guarded
def render_command(
    file: str, form: str, output: str | None, picture_format: str | None, layout: str, journey_id: str | None,
    ids: bool, mermaid_journey: bool, show_warnings: bool, **data_flags,
) -> None:
    """Draw the journey in FILE.

    \b
    graph    stages left to right, steps and designed edges (needs Graphviz)
    canvas   the classic journey-map poster: stages by lanes, emotion curve
    mermaid  a Mermaid flowchart (or, with --mermaid-journey, a journey diagram)
    dot      the graph's Graphviz source

    With --data (or --source), the graph carries the observed overlay: traffic
    on every edge, reach and drop-off on every step, undesigned transitions
    dashed red, designed edges nobody took dotted grey.

    Errors in the map are always printed; its warnings only with -W (`journeyspec
    validate` shows them all). Exits 0 when drawn, 1 when the map has errors, 2
    when the request cannot be met.
    """
    if not os.path.exists(file):
        raise click.UsageError(f"no such file: {file}")
    if picture_format is None and output and form in ("graph", "canvas"):
        suffix = Path(output).suffix.lower().lstrip(".")
        picture_format = suffix if suffix in PICTURE_FORMATS else None
    if form in ("graph", "canvas") and picture_format is None:
        picture_format = "svg"
    try:
        result = compile_file(file, require_events=project_requires_events())
    except OSError as error:
        click.echo(f"journeyspec: cannot read {file}: {error.strerror}", err=True)
        sys.exit(EXIT_ERROR)
    console = stderr_console()
    for diagnostic in result.diagnostics:
        # Drawing is not reviewing: warnings are `validate`'s to show, and here only when asked.
        if diagnostic.is_error or show_warnings:
            print_diagnostic(console, diagnostic, result.text_for(diagnostic))
    if not result.ok or result.document is None:
        sys.exit(EXIT_FINDINGS)
    journey = choose_journeys(list(result.document.journeys), journey_id, file, one=True)[0]
    annotations = None
    if data_flags.get("data") is not None or data_flags.get("source_name") is not None:
        if form not in ("graph", "dot"):
            raise click.UsageError("the observed overlay (--data) is drawn on the graph: use --as graph or --as dot")
        from journeyspec.check.overlay import overlay
        from journeyspec.diagnostics import JourneyspecError
        from journeyspec.engine import reduce

        try:
            config = resolve_config(journey.id, data_flags.pop("data"), data_flags.pop("source_name"), data_flags)
            annotations = overlay(journey, reduce(journey, config=config))
        except JourneyspecError as error:
            print_error(console, error)
            sys.exit(EXIT_ERROR)
    try:
        picture = render(journey, form, picture_format, mermaid_journey=mermaid_journey,  # type: ignore[arg-type]
                         annotations=annotations, layout=layout, ids=ids)
    except RenderError as error:
        click.echo(f"journeyspec: {error}", err=True)
        sys.exit(EXIT_ERROR)
    _write(picture, output)


def _write(picture: str | bytes, output: str | None) -> None:
    if output:
        if isinstance(picture, bytes):
            write_bytes(output, picture)
        else:
            write_text(output, picture)
        click.echo(f"wrote {output}", err=True)
        return
    if isinstance(picture, bytes):
        if sys.stdout.isatty():
            raise click.UsageError("that picture is binary; write it to a file with -o OUT")
        sys.stdout.buffer.write(picture)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(picture)
