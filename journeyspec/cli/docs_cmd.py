"""``journeyspec docs build``: a page per journey, for MkDocs or any Markdown site."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import NoReturn

import click

from journeyspec.cli.common import EXIT_ERROR, EXIT_FINDINGS, guarded, stderr_console
from journeyspec.cli.data_options import Spinner, print_error
from journeyspec.diagnostics import JourneyspecError
from journeyspec.render import GraphvizNotFound


@click.group("docs")
def docs_group() -> None:
    """Publish the maps as documentation pages."""


@docs_group.command("build")
@click.argument("maps", nargs=-1, type=click.Path())
@click.option(
    "-o", "--output", "out_dir", type=click.Path(file_okay=False), default="journey-pages", show_default=True,
    help="Folder to write the pages and pictures into (created when missing).",
)
@click.option(
    "--data", "data", metavar="SOURCE",
    help="Check the journeys against this data and show the results: a file, glob, folder or URI, a configured "
         "source name, or `configured` for each journey's own configured source.",
)
@click.option(
    "--source-url", metavar="URL",
    help="Link step ids to the maps on a code host (the URL of the maps' folder) instead of copying the sources.",
)
@click.option("--title", default="Journeys", show_default=True, help="Heading of the index page.")
@click.option("--by-period", type=click.Choice(["week", "month"]), default=None,
              help="With --data: chart each expectation per calendar week or month of the data.")
@click.option("--history", "history_dir", metavar="DIR", type=click.Path(file_okay=False),
              help="With --data: chart each expectation run after run, from the runs `check --history DIR` kept.")
@guarded
def docs_build_command(maps: tuple[str, ...], out_dir: str, data: str | None, source_url: str | None, title: str,
                       by_period: str | None = None, history_dir: str | None = None) -> None:
    """Write a Markdown page per journey in MAPS (default: `maps`), an index, and their pictures.

    Each page has the journey's details, its canvas and graph, a stage table,
    its steps (linked to where they are written and to other journeys that
    share them) and its expectations. Point MkDocs at the folder, or use the
    MkDocs plugin (`plugins: - journeyspec`), which calls the same code.

    With --data, each journey is checked once and its page shows the live
    results: a status on every expectation, the observed overlay, what to
    fix first and the top deviations. `--data configured` checks each
    journey against the source configured under its id (else `default`),
    as `journeyspec check` does without --data. The time shown as "checked
    at" is now, or SOURCE_DATE_EPOCH when it is set. With --by-period or
    --history as well, each page charts every expectation over time.

    Exits 0 when written, 1 when a map has errors, 2 on usage or data errors.
    """
    from journeyspec.project import MapsNotFound, find_maps
    from journeyspec.site import build_site
    from journeyspec.site.build import compile_maps, journeys_of

    paths = list(maps) or ["maps"]
    try:
        found = find_maps(paths)
    except MapsNotFound as error:
        raise click.UsageError(str(error)) from None
    if not found:
        raise click.UsageError(f"no *.journey files under {', '.join(paths)}")
    with tempfile.TemporaryDirectory(prefix="journeyspec-overlays-") as overlays:
        try:
            compiled = compile_maps(found)
            results = (_check(journeys_of(compiled), data, Path(overlays), by_period=by_period, history=history_dir)
                       if data is not None else None)
            written = build_site(compiled, out_dir, results=results, source_base_url=source_url, title=title)
        except JourneyspecError as error:
            _maps_failed(error)
        except GraphvizNotFound as error:
            click.echo(f"journeyspec: {error}", err=True)
            sys.exit(EXIT_ERROR)
    pages = sum(1 for path in written if path.suffix == ".md")
    pictures = sum(1 for path in written if path.suffix == ".svg")
    click.echo(f"wrote {pages} pages and {pictures} pictures to {Path(out_dir)}", err=True)


def _check(journeys: list, data: str, overlays: Path, *, by_period: str | None = None, history: str | None = None):
    """Check every journey against ``data``; a data problem exits 2."""
    from journeyspec.site.live import check_for_site

    console = stderr_console()
    try:
        with Spinner(console) as progress, progress.engine_steps():
            return check_for_site(journeys, data, overlays, progress=progress, by_period=by_period,
                                  history=history)
    except JourneyspecError as error:
        print_error(console, error)
        click.echo("journeyspec: the data could not be checked; no pages written", err=True)
        sys.exit(EXIT_ERROR)


def _maps_failed(error: JourneyspecError) -> NoReturn:
    print_error(stderr_console(), error)
    click.echo("journeyspec: the maps have errors; no pages written", err=True)
    sys.exit(EXIT_FINDINGS)
