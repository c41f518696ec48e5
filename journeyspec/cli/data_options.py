"""The data flags every command that reads events shares (`paths`, `check`, `render --data`).

``--data`` and the column flags override the configured source key by key;
see spec/data-semantics.md for what each column means.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click
from rich.console import Console

from journeyspec.cli.output import print_diagnostic
from journeyspec.diagnostics import JourneyspecError

COLUMN_FLAGS = ("session", "user", "gap", "time_column", "time_format", "event", "device", "order")


def data_options(function):
    """Add ``--data --source --session --user --gap --time --time-format --event --device --order --engine``."""
    options = [
        click.option("--data", "data", metavar="SOURCE",
                     help="Events: a file, glob, folder or URI, or a configured source name."),
        click.option("--source", "source_name", metavar="NAME",
                     help="A source configured in pyproject.toml / journeyspec.toml."),
        click.option("--session", metavar="COL", help="Session id column."),
        click.option("--user", metavar="COL", help="User id column (with --gap, sessions are cut from it)."),
        click.option("--gap", metavar="DUR", help="Inactivity that ends a session, e.g. 30m (without a session column)."),
        click.option("--time", "time_column", metavar="COL", help="Event time column."),
        click.option("--time-format", metavar="FMT", help="epoch_s, epoch_ms, epoch_us or a strftime pattern."),
        click.option("--event", metavar="COL", help="Event name column."),
        click.option("--device", metavar="COL", help="Device column."),
        click.option("--order", metavar="COL", help="Tie-breaker column for events with equal times."),
        click.option("--engine", type=click.Choice(["duckdb", "spark"]), help="Where to reduce the data (default duckdb)."),
    ]
    return functools.reduce(lambda f, option: option(f), reversed(options), function)


def overrides(flags: dict) -> dict:
    """The column flags as :meth:`SourceConfig.with_overrides` keywords."""
    names = {"time_column": "time"}
    return {names.get(k, k): flags.get(k) for k in COLUMN_FLAGS}


def split_source(data: str | None, source_name: str | None) -> tuple[str | None, str | None]:
    """``--data prod`` names a configured source when it is a bare word and not a path."""
    from journeyspec.engine.source.config import looks_like_source_name

    if data is not None and source_name is None and looks_like_source_name(data) and not Path(data).exists():
        return None, data
    return data, source_name


def resolve_config(data: str | None, source_name: str | None, flags: dict):
    """The :class:`SourceConfig` of the flags: the named (or default) source, then every flag over it."""
    from journeyspec.engine.source.config import load_config

    data, source_name = split_source(data, source_name)
    return load_config(source_name).with_overrides(data=data, engine=flags.get("engine"), **overrides(flags))


def print_error(console: Console, error: JourneyspecError) -> None:
    """Every diagnostic of ``error``, with its source line when it has one."""
    texts: dict[str | None, str | None] = {}
    for diagnostic in error.diagnostics:
        file = diagnostic.span.file if diagnostic.span else None
        if file and file not in texts:
            try:
                texts[file] = Path(file).read_text(encoding="utf-8")
            except OSError:
                texts[file] = None
        print_diagnostic(console, diagnostic, texts.get(file))


class Progress:
    """A spinner with a message on stderr when it is a terminal; silent otherwise."""

    def __init__(self, console: Console) -> None:
        self._status = console.status("starting…") if sys.stderr.isatty() else None

    def __enter__(self):
        if self._status is not None:
            self._status.__enter__()
        return self

    def __call__(self, message: str) -> None:
        if self._status is not None:
            self._status.update(message + "…")

    def __exit__(self, *exc):
        if self._status is not None:
            self._status.__exit__(*exc)
        return False


__all__ = ["Progress", "data_options", "overrides", "print_error", "resolve_config", "split_source"]
