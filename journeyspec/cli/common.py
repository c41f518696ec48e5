"""What every command shares: the group, exit codes, consoles and error handling."""

from __future__ import annotations

import functools
import importlib
import os
import sys
import traceback
from gettext import gettext

import click
from rich.console import Console

from journeyspec import __version__
from journeyspec.files import WriteError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

_own_process = False


def run_in_own_process() -> None:
    """Say that this process is the ``journeyspec`` script's own: it ends when its one command does."""
    global _own_process
    _own_process = True


def in_own_process() -> bool:
    """Whether the command ends the process (the script), rather than running inside a host (tests, a notebook)."""
    return _own_process


class UsageProblem(click.ClickException):
    """A mistake in how the command was called (a missing file, a bad option): exit 2."""

    exit_code = EXIT_ERROR


def stdout_console() -> Console:
    """Rich on a terminal, plain text when piped (no colour, no wrapping).

    No emoji codes: ``:smile:`` in a name is text (see :mod:`journeyspec.inert`).
    """
    return Console(highlight=False, soft_wrap=True, emoji=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def map_files(paths: tuple[str, ...]) -> list:
    """The `.journey` files PATHS name: files, and folders searched for `*.journey`.

    A path that does not exist is a usage error; finding no map at all exits 2 with a message.
    """
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    from journeyspec.lang.source import find_maps

    files = find_maps(list(paths))
    if not files:
        click.echo(f"journeyspec: no *.journey files under {', '.join(paths)}", err=True)
        sys.exit(EXIT_ERROR)
    return files


def choose_journeys(journeys: list, journey_id: str | None, where: str, *, one: bool = False) -> list:
    """The journeys a command works on: every one, or the one ``--journey`` names.

    With ``one``, a map holding several journeys needs ``--journey``. A usage
    error names the journeys there are.
    """
    if journey_id is not None:
        chosen = [journey for journey in journeys if journey.id == journey_id]
        if not chosen:
            raise UsageProblem(f"{where} has no journey `{journey_id}`; it has: "
                               + (", ".join(j.id for j in journeys) or "none"))
        return chosen
    if one and len(journeys) != 1:
        names = ", ".join(j.id for j in journeys) or "none"
        raise UsageProblem(f"{where} holds {len(journeys)} journeys ({names}); choose one with --journey ID")
    return list(journeys)


def write_failed(error: WriteError) -> None:
    """Say that a file could not be written, in the same words for every command: what, where, what to do."""
    click.echo(f"journeyspec: {error}", err=True)


def guarded(function):
    """Turn an unexpected exception into a short message and exit code 2, never a bare traceback."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)
        except WriteError as error:
            write_failed(error)
            sys.exit(EXIT_ERROR)
        except Exception as error:  # noqa: BLE001 - the last line of defence
            click.echo(
                f"journeyspec: internal error: {type(error).__name__}: {error}\n"
                "This is a bug in journeyspec, not in your map. Please report it with the details below.",
                err=True,
            )
            click.echo("".join(traceback.format_exception(error)), err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


class LazyGroup(click.Group):
    """A group whose commands are imported when they are run, not when the CLI starts or lists them.

    ``journeyspec check`` then never imports what diff, fmt, render or paths
    need, and ``--help`` imports no command at all. A command is named
    ``"module:attribute"`` in :meth:`add_lazy`, with the first paragraph of its
    help, which the listing shortens as click shortens the command's own.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = {}
        self.summaries: dict[str, str] = {}

    def add_lazy(self, name: str, target: str, summary: str) -> None:
        self.lazy[name] = target
        self.summaries[name] = summary

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``: a command not yet imported is listed by its summary."""
        commands = {name: self.commands.get(name) or click.Command(name, help=self.summaries[name])
                    for name in self.list_commands(ctx)}
        listed = {name: command for name, command in commands.items() if not command.hidden}
        if listed:
            limit = formatter.width - 6 - max(map(len, listed))
            with formatter.section(gettext("Commands")):  # click's own words, translated as click does
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in listed.items()])

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy:
            module, _, attribute = self.lazy[name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if command.name != name:
                raise RuntimeError(f"{self.lazy[name]} is the command {command.name!r}, registered as {name!r}")
            self.add_command(command)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="journeyspec")
def main_group() -> None:
    """journeyspec: customer journeys as code.

    Write designed journeys as `.journey` maps, validate and format them,
    compile them to a versionable IR, and (with the other commands) test them
    against what customers really do.
    """
