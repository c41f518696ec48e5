"""``journeyspec validate``: report every problem in the maps."""

from __future__ import annotations

import sys

import click

from journeyspec.cli.ci_output import repository_root, summary_options, write_summary
from journeyspec.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    guarded,
    map_files,
    stderr_console,
    stdout_console,
)
from journeyspec.cli.data_options import project_requires_events
from journeyspec.cli.output import print_diagnostic
from journeyspec.diagnostics.render import diagnostics_json, summary_line
from journeyspec.lang.frontend import compile_paths


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json",
                       "github", "sarif", "gitlab"]),
    default="text",
    show_default=True,
    help="`json` prints one machine-readable envelope; `github`, annotations for a GitHub Actions log; "
    "`sarif`, SARIF 2.1.0 for code scanning; `gitlab`, GitLab's code quality report.",
)
@summary_options
@guarded
def validate_command(paths: tuple[str, ...], strict: bool, output_format: str,
                     summary: str | None, no_summary: bool) -> None:
    """Check maps for syntax and design errors.

    PATHS are `.journey` files or folders (searched for `*.journey`). Exits 0
    when valid, 1 when there are errors (or warnings with --strict), 2 when a
    path cannot be read. Warnings a map silences with `allow` are not shown
    and do not fail --strict; the summary counts them.
    """
    files = map_files(paths)
    try:
        # `require_events = true` in the project: a step without `when` is a warning (JS216).
        results = compile_paths(files, require_events=project_requires_events())  # already found: walk the folders once
    except OSError as error:
        click.echo(f"journeyspec: cannot read {error.filename}: {error.strerror}", err=True)
        sys.exit(EXIT_ERROR)
    # A problem inside a library is found with the library and again with each map using it: shown once.
    firsts = {(d.code, d.message, d.span): d for r in reversed(results) for d in reversed(r.diagnostics)}
    diagnostics = [d for r in results for d in r.diagnostics if firsts[(d.code, d.message, d.span)] is d]
    silenced = [d for r in results for d in r.silenced]  # `allow` in the maps: counted, never shown, never failing
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    failed = errors > 0 or (strict and warnings > 0)
    if output_format == "json":
        click.echo(diagnostics_json(diagnostics, strict=strict, silenced=silenced), nl=False)
    elif output_format in ("github", "sarif", "gitlab"):
        from journeyspec.diagnostics.github import diagnostics_github
        from journeyspec.diagnostics.gitlab import diagnostics_gitlab
        from journeyspec.diagnostics.sarif import diagnostics_sarif

        machine = {"github": diagnostics_github, "sarif": diagnostics_sarif, "gitlab": diagnostics_gitlab}[output_format]
        click.echo(machine(diagnostics, root=repository_root(), strict=strict), nl=False)
    else:
        console = stdout_console()
        for result in results:
            for diagnostic in result.diagnostics:
                if firsts[(diagnostic.code, diagnostic.message, diagnostic.span)] is diagnostic:
                    print_diagnostic(console, diagnostic, result.text_for(diagnostic))
        stderr_console().print(
            ("[bold red]✗[/] " if failed else "[bold green]✓[/] ") + summary_line(errors, warnings, len(results), len(silenced))
        )
    from journeyspec.diagnostics.summary import diagnostics_markdown

    write_summary(diagnostics_markdown(diagnostics, files=len(results), strict=strict, silenced=silenced),
                  summary, no_summary, "Run `journeyspec validate` to see every problem.")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)
