"""``journeyspec fmt``: rewrite maps in the canonical layout."""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

import click

from journeyspec.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, guarded, stdout_console, write_failed
from journeyspec.cli.output import print_diagnostic
from journeyspec.diagnostics import JourneyspecError
from journeyspec.files import WriteError, write_text
from journeyspec.lang.formatter import format_text, straighten_quotes
from journeyspec.lang.source import decode, find_maps, read_map


@click.command("fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--check", is_flag=True, help="Change nothing; exit 1 and list the files that would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Change nothing; print a unified diff of the changes.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the formatted text instead of writing files (git textconv uses this).")
@click.option("--fix", is_flag=True, help="Also mend what a word processor does to a map: curly quotes (“Search”) "
              "become straight ones (\"Search\").")
@guarded
def fmt_command(paths: tuple[str, ...], check: bool, show_diff: bool, to_stdout: bool, fix: bool) -> None:
    """Format maps: two-space indents, one statement per line, comments kept.

    With --fix, curly double quotes pasted from a document are straightened
    first, where the language wants a `"` (not inside quoted text or comments).
    Exits 0 when nothing needed (or got) formatting, 1 with --check or --diff
    when a file would change, 2 when a file cannot be read, parsed or
    written. A map is replaced only once its new text is whole on disk: a
    failed write leaves it as it was.
    """
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    changed: list[Path] = []
    broken = False
    console = stdout_console()
    for path in find_maps(list(paths)):
        try:
            data = read_map(path)
        except OSError as error:
            click.echo(f"journeyspec: cannot read {path}: {error.strerror}", err=True)
            broken = True
            continue
        text, problems = decode(data, str(path))
        if text is None:
            for problem in problems:
                print_diagnostic(console, problem, None)
            broken = True
            continue
        original = text
        if fix:
            text = straighten_quotes(text)
        try:
            formatted = format_text(text, str(path))
        except JourneyspecError as error:
            if to_stdout:
                # git's textconv must still show something for a broken file.
                sys.stdout.write(original)
            for diagnostic in error.diagnostics:
                print_diagnostic(console if not to_stdout else _stderr(), diagnostic, text)
            broken = True
            continue
        if to_stdout:
            sys.stdout.write(formatted)
            continue
        if formatted == original:
            continue
        changed.append(path)
        if show_diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    original.splitlines(keepends=True),
                    formatted.splitlines(keepends=True),
                    fromfile=f"{path} (original)",
                    tofile=f"{path} (formatted)",
                )
            )
        elif check:
            click.echo(f"would reformat {path}")
        else:
            try:
                write_text(path, formatted)  # all or nothing: a failed write leaves the map as it was
            except WriteError as error:
                write_failed(error)
                broken = True
                continue
            click.echo(f"formatted {path}", err=True)
    if broken:
        sys.exit(EXIT_ERROR)
    if (check or show_diff) and changed:
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


def _stderr():
    from journeyspec.cli.common import stderr_console

    return stderr_console()
