"""What `validate` and `check` share for CI: the repository root, and the Markdown job summary.

``--summary FILE`` writes the summary to FILE (replacing it); without it,
when ``$GITHUB_STEP_SUMMARY`` is set (in a GitHub Actions step), the summary
is appended there, within what is left of the step's 1 MiB; ``--no-summary``
writes none. A summary too long for its room is cut with a note
(:func:`journeyspec.diagnostics.summary.fit`), never dropped whole by GitHub.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from journeyspec.diagnostics.summary import LIMIT, fit

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def summary_options(function):
    """``--summary FILE`` and ``--no-summary``, passed on as ``summary`` and ``no_summary``."""
    function = click.option(
        "--no-summary", is_flag=True, help=f"Write no Markdown summary, not even to ${STEP_SUMMARY}."
    )(function)
    function = click.option(
        "--summary",
        "summary",
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help=f"Write a Markdown summary here (cut to 1 MiB); by default it is appended to "
        f"${STEP_SUMMARY} when that is set, as in a GitHub Actions step.",
    )(function)
    return function


REPORT_FORMATS = ("text", "json", "markdown", "junit", "github", "sarif", "gitlab")


def _report_files(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        fmt, equals, file = value.partition("=")
        if not equals or fmt not in REPORT_FORMATS or not file:
            raise click.BadParameter(
                f"{value!r} is not FORMAT=FILE with FORMAT one of {', '.join(REPORT_FORMATS)}; "
                "write e.g. --report junit=reports/check.xml",
                ctx=ctx,
                param=param,
            )
        pairs.append((fmt, file))
    return pairs


def report_files_option(function):
    """``--report FORMAT=FILE`` (repeatable), passed on as ``report_files``: more reports of the same run."""
    return click.option(
        "--report",
        "report_files",
        multiple=True,
        metavar="FORMAT=FILE",
        callback=_report_files,
        help="Also write the report in FORMAT to FILE, from the same run (repeatable): "
        "`--report json=reports/check.json --report junit=reports/check.xml`.",
    )(function)


def repository_root() -> str:
    """The folder map paths are made relative to in annotations and SARIF: the Actions workspace, else here."""
    return os.environ.get("GITHUB_WORKSPACE") or os.getcwd()


def write_summary(markdown: str, summary: str | None, no_summary: bool, where: str) -> None:
    """Write the summary where the options (or ``$GITHUB_STEP_SUMMARY``) say; ``where`` names the full report.

    Raises:
        journeyspec.files.WriteError: FILE cannot be written (the command then exits 2).
    """
    if no_summary:
        return
    if summary:
        from journeyspec.files import write_text

        write_text(summary, fit(markdown, LIMIT, where))
        click.echo(f"wrote {summary}", err=True)
        return
    step = os.environ.get(STEP_SUMMARY)
    if not step:
        return
    # A step's summary file collects what every command of the step appends: the 1 MiB is shared.
    path = Path(step)
    used = path.stat().st_size if path.exists() else 0
    text = fit(markdown, LIMIT - used - 1, where)  # 1: the blank line that parts it from what is there
    if not text:
        click.echo(
            f"journeyspec: no room left in ${STEP_SUMMARY} ({used:,} of {LIMIT:,} bytes used); no summary written",
            err=True,
        )
        return
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(("\n" if used else "") + text)
    except OSError as error:  # the check itself ran: say so, and keep its exit code
        click.echo(
            f"journeyspec: cannot append the summary to ${STEP_SUMMARY} ({step}): {error.strerror or error}", err=True
        )


__all__ = [
    "REPORT_FORMATS",
    "STEP_SUMMARY",
    "report_files_option",
    "repository_root",
    "summary_options",
    "write_summary",
]
