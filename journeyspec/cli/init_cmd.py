"""``journeyspec init``: a ready project to start from."""

from __future__ import annotations

import click

from journeyspec.cli.common import EXIT_ERROR, guarded, stderr_console
from journeyspec.starter import ExistingFiles, create_project


@click.command("init")
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite files that are already there.")
@guarded
def init_command(folder: str, force: bool) -> None:
    """Start a project in FOLDER (default: here): a first map, settings, a docs site, hooks and CI.

    Writes maps/first.journey (a commented starter journey), journeyspec.toml,
    mkdocs.yml and docs/index.md, .pre-commit-config.yaml, a GitHub Actions
    workflow, .gitattributes (the diff driver) and .gitignore. `journeyspec
    validate maps/`, `journeyspec docs build maps/` and `mkdocs build --strict`
    pass in it at once. Refuses, writing nothing, when any of these files
    exists, unless --force. Exits 0 when written, 2 when refused or a file
    cannot be written.
    """
    try:
        written = create_project(folder, force=force)
    except ExistingFiles as refused:
        click.echo(f"journeyspec: {refused}; nothing was written. Use --force to overwrite them.", err=True)
        raise SystemExit(EXIT_ERROR) from None
    for path in written:
        click.echo(str(path))
    stderr_console().print(
        f"[bold green]✓[/] {len(written)} files written. Next: edit maps/first.journey, then "
        "`journeyspec validate maps/` and `mkdocs serve`."
    )
