"""The data flags every command that reads events shares (`paths`, `check`, `render --data`).

``--data`` and the column flags override the configured source key by key;
see spec/data-semantics.md for what each column means.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path

import click
from rich.console import Console

from journeyspec.cli.output import print_diagnostic
from journeyspec.diagnostics import JourneyspecError

COLUMN_FLAGS = ("session", "user", "gap", "time_column", "time_format", "timezone", "event", "device", "order",
                "preset", "case_object")


def data_options(function):
    """Add ``--data --source --session --user --gap --time --no-time --time-format --timezone --event --device --order
    --preset --case-object --engine --verbose``."""
    options = [
        click.option("--data", "data", metavar="SOURCE",
                     help="Events: a file, glob, folder or URI (read with the journey's configured column "
                          "mapping), or a configured source name."),
        click.option("--source", "source_name", metavar="NAME",
                     help="A source configured in pyproject.toml / journeyspec.toml."),
        click.option("--session", metavar="COL", help="Session id column."),
        click.option("--user", metavar="COL", help="User id column (with --gap, sessions are cut from it)."),
        click.option("--gap", metavar="DUR", help="Inactivity that ends a session, e.g. 30m (without a session column)."),
        click.option("--time", "time_column", metavar="COL", help="Event time column."),
        click.option("--no-time", "no_time", is_flag=True, default=None,
                     help="The log has no clock: paths follow --order alone; nothing is measured in time."),
        click.option("--time-format", metavar="FMT",
                     help="epoch_s, epoch_ms, epoch_us, epoch_ns or a strftime pattern (it always wins over a guess)."),
        click.option("--timezone", metavar="ZONE", help="Time zone of times without an offset, e.g. Europe/Berlin "
                     "(default UTC)."),
        click.option("--event", metavar="COL", help="Event name column."),
        click.option("--device", metavar="COL", help="Device column."),
        click.option("--order", metavar="COL", help="Tie-breaker column for equal times; with --no-time, the order."),
        click.option("--preset", metavar="NAME",
                     help="An analytics export's schema: posthog, segment, snowplow, ga4, amplitude or mixpanel."),
        click.option("--case-object", "case_object", metavar="TYPE",
                     help="For an OCEL 2.0 log (.sqlite): the object type whose objects are the paths."),
        click.option("--engine", type=click.Choice(["duckdb", "spark"]), help="Where to reduce the data (default duckdb)."),
        click.option("--verbose", is_flag=True, expose_value=False, callback=_engine_output,
                     help="Let the engine's own output through (Spark's log lines and progress bars)."),
    ]
    return functools.reduce(lambda f, option: option(f), reversed(options), function)


def _engine_output(_context: click.Context, _parameter: click.Parameter, verbose: bool) -> None:
    """``--verbose``: Spark's log4j lines and progress bars on the terminal (off by default: they bury the report)."""
    from journeyspec.engine.source.spark_session import show_spark_output

    show_spark_output(verbose)


def overrides(flags: dict) -> dict:
    """The column flags and ``--engine`` as settings over a source (see :func:`journeyspec.project.data_for`)."""
    names = {"time_column": "time"}
    chosen = {names.get(k, k): flags.get(k) for k in (*COLUMN_FLAGS, "engine")}
    if flags.get("no_time"):
        if chosen["time"] is not None:
            raise click.UsageError("--time and --no-time contradict each other: give one")
        chosen["time"] = False  # `time = false`: the source has no clock
    return {k: v for k, v in chosen.items() if v is not None}


def resolve_config(journey_id: str | None, data: str | None, source_name: str | None, flags: dict):
    """The :class:`SourceConfig`, data included, one journey reads under these flags (``project.data_for``)."""
    from journeyspec.project import data_for

    found, config = data_for(journey_id, data, source=source_name, overrides=overrides(flags))
    return config if found == config.data else config.with_overrides(data=found)


def print_error(console: Console, error: JourneyspecError) -> None:
    """Every diagnostic of ``error``, with its source line when it has one."""
    texts: dict[str | None, str | None] = {}
    for diagnostic in error.diagnostics:
        file = diagnostic.span.file if diagnostic.span else None
        if file and file not in texts:
            try:
                texts[file] = Path(file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):  # the diagnostic still prints, without its source line
                texts[file] = None
        print_diagnostic(console, diagnostic, texts.get(file))


def project_requires_events() -> bool:
    """The project's ``require_events`` (JS216 for steps without `when`); a bad value exits 2 with its message."""
    from journeyspec.cli.common import EXIT_ERROR, stderr_console
    from journeyspec.project import requires_events

    try:
        return requires_events()
    except JourneyspecError as error:
        print_error(stderr_console(), error)
        sys.exit(EXIT_ERROR)


class Spinner:
    """A spinner with a message on stderr when it is a terminal; silent otherwise.

    The message is the check's stage (``reducing events``); :meth:`detail` adds
    what the engine runs within it (``Spark stage 3 of 7, 41.0%``), watched by
    :meth:`engine_steps` only while the spinner draws.
    """

    def __init__(self, console: Console) -> None:
        self._status = console.status("starting…") if sys.stderr.isatty() else None
        self._message, self._detail = "starting", None

    @property
    def live(self) -> bool:
        """Whether anything is drawn (stderr is a terminal)."""
        return self._status is not None

    def __enter__(self):
        if self._status is not None:
            self._status.__enter__()
        return self

    def __call__(self, message: str) -> None:
        self._message = message
        self._draw()

    def detail(self, text: str | None) -> None:
        """What the engine runs within the current message; None takes it away."""
        self._detail = text
        self._draw()

    def engine_steps(self):
        """While open, Spark's running stages show as :meth:`detail` (nothing is watched when silent)."""
        if not self.live:
            return contextlib.nullcontext()
        from journeyspec.engine.source.spark_progress import SparkSteps
        from journeyspec.engine.source.spark_session import started_sessions

        return SparkSteps(self.detail, started_sessions)

    def _draw(self) -> None:
        if self._status is not None:
            self._status.update(f"{self._message} · {self._detail}" if self._detail else self._message + "…")

    def __exit__(self, *exc):
        if self._status is not None:
            self._status.__exit__(*exc)
        return False


__all__ = ["Spinner", "data_options", "overrides", "print_error", "resolve_config"]
