"""``journeyspec diff``: what changed in the designed journeys, between files, folders or git revisions."""

from __future__ import annotations

import os
import sys

import click

from journeyspec.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    UsageProblem,
    guarded,
    stderr_console,
    stdout_console,
)
from journeyspec.cli.output import print_diagnostic
from journeyspec.diff.compare import compare
from journeyspec.diff.formats import FORMATS, render, to_rich
from journeyspec.diff.git import (
    GitError,
    files_at_revision,
    files_in_working_tree,
    is_revision,
    maps_at_revision,
    maps_in_working_tree,
)
from journeyspec.diff.inputs import Side, compile_sources, read_paths

_PATHSPECS = "journeyspec.diff.pathspecs"


class _DiffCommand(click.Command):
    """Keeps what follows ``--`` apart: there it means "only these paths", as in ``git diff``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" in args:
            split = args.index("--")
            ctx.meta[_PATHSPECS] = args[split + 1 :]
            args = args[:split]
        return super().parse_args(ctx, args)


@click.command("diff", cls=_DiffCommand)
@click.argument("versions", nargs=-1, metavar="OLD NEW | REV [REV2] [-- PATHS...]")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="`markdown` fits a pull-request comment; `json` is for machines.",
)
@click.option(
    "--exit-code", is_flag=True, help="Exit 1 when there are changes and 0 when there are none, like `git diff`."
)
@click.option(
    "--render",
    "render_to",
    type=click.Path(dir_okay=False),
    help="Also draw the new version, added elements green, removed red and dashed, changed amber, as SVG, PNG "
    "or PDF as the file's suffix says (missing folders are created).",
)
@click.pass_context
@guarded
def diff_command(
    ctx: click.Context, versions: tuple[str, ...], output_format: str, exit_code: bool, render_to: str | None
) -> None:
    """Show what changed in the journeys, by id: stages, steps, paths, emotions, expectations.

    \b
      journeyspec diff old.journey new.journey   two files (or two folders)
      journeyspec diff main                       the working tree against a branch
      journeyspec diff v1 v2 -- maps/checkout.journey

    Expectations whose bar was lowered are flagged "loosened". Exits 0, or
    with --exit-code 1 when something changed; 2 when a map does not compile
    or the arguments cannot be read.
    """
    if render_to:
        from journeyspec.diff.overlay import picture_format

        if picture_format(render_to) is None:  # refused before anything is read or written
            raise UsageProblem(f"--render writes SVG, PNG or PDF, chosen by the file's suffix, and "
                               f"`{os.path.basename(render_to)}` has none of them: name it "
                               f"{os.path.splitext(os.path.basename(render_to))[0] or 'changes'}.svg, .png or .pdf")
    pathspecs: list[str] | None = ctx.meta.get(_PATHSPECS)
    old, new = _sides(list(versions), pathspecs)
    console = stderr_console()
    broken = False
    for side in (old, new):
        for result in side.results:
            for diagnostic in result.errors:
                print_diagnostic(console, diagnostic, result.text_for(diagnostic))
                broken = True
    if broken:
        click.echo("journeyspec: cannot diff maps that do not compile; fix the errors above", err=True)
        sys.exit(EXIT_ERROR)
    changes = compare(old.journeys, new.journeys)
    if output_format == "text":
        stdout_console().print(to_rich(changes), end="")
    else:
        click.echo(render(changes, output_format), nl=False)
    if render_to:
        from journeyspec.diff.overlay import render_svg
        from journeyspec.render import RenderError

        try:
            render_svg(list(old.journeys), list(new.journeys), changes, render_to)
        except RenderError as error:
            hint = "\nThe diff picture as SVG (`--render changes.svg`) has no such limits." \
                if not render_to.lower().endswith(".svg") else ""
            click.echo(f"journeyspec: {error}{hint}", err=True)
            sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if exit_code and changes else EXIT_OK)


def _sides(versions: list[str], pathspecs: list[str] | None) -> tuple[Side, Side]:
    """Read both sides: two files or folders, or git revisions (the second defaulting to the working tree)."""
    if not 1 <= len(versions) <= 2:
        raise UsageProblem("give two files or folders (OLD NEW), or one or two git revisions (REV [REV2])")
    if pathspecs is None and len(versions) == 2 and all(os.path.exists(v) for v in versions):
        try:
            return compile_sources(read_paths([versions[0]])), compile_sources(read_paths([versions[1]]))
        except OSError as error:
            raise UsageProblem(f"cannot read {error.filename}: {error.strerror}") from error
    for version in versions:
        if not is_revision(version):
            if len(versions) == 2 and pathspecs is None:
                missing = [v for v in versions if not os.path.exists(v)]
                raise UsageProblem(f"no such file or folder, and not a git revision: {', '.join(missing)}")
            raise UsageProblem(f"`{version}` is not a git revision here (a branch, tag or commit)")
    try:
        old = maps_at_revision(versions[0], pathspecs)
        new = maps_at_revision(versions[1], pathspecs) if len(versions) == 2 else maps_in_working_tree(pathspecs)
        # Each side's maps use their libraries as that side has them.
        old_files = files_at_revision(versions[0])
        new_files = files_at_revision(versions[1]) if len(versions) == 2 else files_in_working_tree()
    except GitError as error:
        raise UsageProblem(str(error)) from error
    return compile_sources(old, old_files), compile_sources(new, new_files)


__all__ = ["EXIT_ERROR", "diff_command"]
