"""``journeyspec check``: hold maps against observed events and report verdicts, impact and evidence.

Thin over :func:`journeyspec.check`: it reads the options, calls the check
(which pairs each journey with its data), and prints a report. Exit codes: 0 every expectation passed
(or was inconclusive or skipped), 1 one failed (with ``--strict``, also one
inconclusive or skipped), 2 the maps, the configuration or the data has a problem.
"""

from __future__ import annotations

import os
import sys

import click

from journeyspec.cli.ci_output import report_files_option, repository_root, summary_options, write_summary
from journeyspec.cli.common import EXIT_ERROR, choose_journeys, guarded, in_own_process, stderr_console
from journeyspec.cli.data_options import Spinner, data_options, overrides, print_error
from journeyspec.cli.timings import Timings
from journeyspec.diagnostics import JourneyspecError


@click.command("check")
@click.argument("maps", nargs=-1, required=True, type=click.Path())
@data_options
@click.option("--journey", "journey_id", metavar="ID", help="Check only this journey.")
@click.option("--by", metavar="FIELD", help="Break every metric down by this field of a path's first event.")
@click.option("--by-period", type=click.Choice(["week", "month"]), default=None,
              help="Every metric and expectation per calendar week or month of the paths' first events.")
@click.option("--history", "history_dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Also keep this run's results in DIR (one JSON file per run) for `journeyspec trend`.")
@click.option("--baseline", metavar="DATA", help="Other events to compare with; judges `vs baseline` expectations.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown", "junit",
                                                              "github", "sarif", "gitlab"]), default="text",
              show_default=True, help="Report format; `github`: annotations for a GitHub Actions log; `sarif`: "
                                      "SARIF 2.1.0 for code scanning; `gitlab`: GitLab's code quality report.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report here instead of stdout (missing folders are created).")
@click.option("--strict", is_flag=True, help="Inconclusive and skipped expectations fail too.")
@click.option("--min-paths", type=click.IntRange(min=1), default=30, show_default=True, metavar="N",
              help="The fewest paths a success rate in Fix first or a stage flag may rest on; gaps on fewer are "
                   "listed as 'too few paths'.")
@summary_options
@report_files_option
@guarded
def check_command(maps: tuple[str, ...], journey_id: str | None, by: str | None, baseline: str | None,
                  output_format: str, output: str | None, strict: bool, min_paths: int,
                  summary: str | None, no_summary: bool, report_files: list[tuple[str, str]],
                  by_period: str | None = None, history_dir: str | None = None, **flags) -> None:
    """Check the journeys in MAPS against event data: metrics, verdicts, what to fix first.

    Each journey reads --data (or --source NAME). Without either, a journey
    reads the source configured under its own id
    ([tool.journeyspec.sources.checkout] for journey `checkout`), else the
    `default` source; a file given with --data is read with that same
    source's column mapping.

    Exits 0 when no expectation fails, 1 when one does, 2 on errors.
    Every format reports the same verdicts and the command exits the same.
    """
    timings = Timings()
    for path in maps:
        if not os.path.exists(path):
            raise click.UsageError(f"no such file or folder: {path}")
    timings.mark("import the check")
    import journeyspec
    from journeyspec.check.reports import report
    from journeyspec.gc_pause import paused_cyclic_gc

    console = stderr_console()
    data, source_name = flags.pop("data"), flags.pop("source_name")
    # Everything a check makes lives until the report is written; in the script's
    # own process, that is until the exit (see journeyspec.gc_pause).
    with paused_cyclic_gc(survivors="frozen" if in_own_process() else "young"):
        try:
            timings.mark("load maps")
            journeys = choose_journeys(journeyspec.load(list(maps)), journey_id, ", ".join(maps))
            with Spinner(console) as spinner, spinner.engine_steps():
                result = journeyspec.check(journeys, data, source=source_name, overrides=overrides(flags), by=by,
                                           baseline=baseline, progress=timings.progress(spinner),
                                           min_paths=min_paths, by_period=by_period)
        except JourneyspecError as error:
            print_error(console, error)
            _annotate_error(error, output_format, output, summary, no_summary)
            sys.exit(EXIT_ERROR)
        timings.mark("result and report")
        color = output is None and output_format == "text" and sys.stdout.isatty()
        width = console.width if color else 100
        text = report(result, output_format, strict=strict, width=width, color=color,
                      root=repository_root() if output_format in ("github", "sarif", "gitlab") else None)
        timings.mark("write report")
        if output:
            from journeyspec.files import write_text

            write_text(output, text)  # all or nothing: a failed write leaves an earlier report as it was
            click.echo(f"wrote {output}", err=True)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
        for extra_format, file in report_files:
            from journeyspec.files import write_text

            write_text(file, report(result, extra_format, strict=strict, root=repository_root()))
            click.echo(f"wrote {file}", err=True)
        write_summary(report(result, "markdown"), summary, no_summary, "The JSON or JUnit report has every expectation.")
        if history_dir:
            from journeyspec.check.history import record

            click.echo(f"kept this run in {record(result, history_dir)}", err=True)
        timings.done()
    sys.exit(result.exit_code(strict))


def _annotate_error(error: JourneyspecError, output_format: str, output: str | None, summary: str | None,
                    no_summary: bool) -> None:
    """The maps' or the data's problems, besides on stderr: as annotations (``github``), SARIF results
    (``sarif``) or code quality issues (``gitlab``), where the report would go; and in the summary."""
    from journeyspec.diagnostics.summary import diagnostics_markdown

    text = None
    if output_format == "github":
        from journeyspec.diagnostics.github import diagnostics_github

        text = diagnostics_github(error.diagnostics, root=repository_root())
    elif output_format == "sarif":
        from journeyspec.diagnostics.sarif import diagnostics_sarif

        text = diagnostics_sarif(error.diagnostics, root=repository_root())
    elif output_format == "gitlab":
        from journeyspec.diagnostics.gitlab import diagnostics_gitlab

        text = diagnostics_gitlab(error.diagnostics, root=repository_root())
    if text is not None and output:
        from journeyspec.files import write_text

        write_text(output, text)
    elif text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
    files = len({d.span.file for d in error.diagnostics if d.span is not None})
    write_summary(diagnostics_markdown(error.diagnostics, files=files, command="check"), summary, no_summary,
                  "Run `journeyspec check` to see every problem.")


__all__ = ["check_command"]
