"""The ``journeyspec`` command line: one command per verb, thin over the Python API.

Exit codes follow ruff: 0 clean, 1 findings, 2 usage, configuration or
internal error.

Where it sits: the top floor. A command parses its arguments, calls the
verbs (``journeyspec.check``, ``render``, ``diff`` …) and
:mod:`journeyspec.project` for data and maps, and prints; it decides nothing
that the Python API, the pytest plugin or the docs site would decide
differently. Nothing in journeyspec imports it.
"""

from __future__ import annotations

import gc
import signal
import sys

import click

from journeyspec.cli.common import EXIT_ERROR, main_group, run_in_own_process

# Each command's module is imported only when that command runs. `--help` lists the commands
# from the first paragraph of their help, written here: it imports none of them
# (tests/cli/test_startup.py keeps these paragraphs equal to the commands' own).
COMMANDS = {
    "validate": ("journeyspec.cli.validate_cmd:validate_command", "Check maps for syntax and design errors."),
    "fmt": ("journeyspec.cli.fmt_cmd:fmt_command",
            "Format maps: two-space indents, one statement per line, comments kept."),
    "compile": ("journeyspec.cli.compile_cmd:compile_command", "Compile a map to its canonical IR JSON."),
    "schema": ("journeyspec.cli.compile_cmd:schema_command",
               "Print the JSON Schema of the compiled IR (committed as spec/ir.schema.json)."),
    "summary": ("journeyspec.cli.summary_cmd:summary_command",
                "Summarise each journey: stages, steps, designed paths and expectations."),
    "diff": ("journeyspec.cli.diff_cmd:diff_command",
             "Show what changed in the journeys, by id: stages, steps, paths, emotions, expectations."),
    "render": ("journeyspec.cli.render_cmd:render_command", "Draw the journey in FILE."),
    "paths": ("journeyspec.cli.paths_cmd:paths_command",
              "Reduce event data to a journey's observed paths: variants, transitions, per-step facts and totals."),
    "simulate": ("journeyspec.cli.simulate_cmd:simulate_command",
                 "Write a synthetic event log that walks MAP's designed edges by their shares."),
    "discover": ("journeyspec.cli.discover_cmd:discover_command",
                 "Build the journey that event data shows and write it as a `.journey` map."),
    "docs": ("journeyspec.cli.docs_cmd:docs_group", "Publish the maps as documentation pages."),
    "check": ("journeyspec.cli.check_cmd:check_command",
              "Check the journeys in MAPS against event data: metrics, verdicts, what to fix first."),
    "lsp": ("journeyspec.cli.lsp_cmd:lsp_command", "Serve the language server over standard input and output."),
    "trend": ("journeyspec.cli.trend_cmd:trend_command",
              "Show each expectation of MAPS run after run: its value, interval and verdict in every kept run."),
    "init": ("journeyspec.cli.init_cmd:init_command",
             "Start a project in FOLDER (default: here): a first map, settings, a docs site, hooks and CI."),
    "tracking-plan": ("journeyspec.cli.tracking_cmd:tracking_command",
                      "List the events and properties each step's `when` needs, and the steps still without one."),
    "import": ("journeyspec.cli.import_cmd:import_command",
               "Turn a Mermaid `journey` diagram (a .mmd file, or Markdown holding one) into a map."),
}
for name, (target, summary) in COMMANDS.items():
    main_group.add_lazy(name, target, summary)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``journeyspec`` script."""
    run_in_own_process()
    # `kill` (SIGTERM) ends the command as an exit does, not in mid-air, so a file being
    # written is abandoned cleanly (journeyspec.files) and the one it replaces stays whole.
    signal.signal(signal.SIGTERM, _stop)
    try:
        main_group.main(args=argv, prog_name="journeyspec", standalone_mode=True)
    except click.exceptions.Exit as done:  # pragma: no cover - standalone_mode handles it
        sys.exit(done.exit_code)
    finally:
        # The process ends here. Its teardown clears every module, and the cyclic
        # collector then walks all that was imported or made (0.1 s for the CLI
        # alone, 0.4 s after a check): frozen objects are skipped, and the memory
        # returns to the system with the process. atexit handlers and the flushing
        # of open files run as usual.
        gc.freeze()


def _stop(signum: int, _frame) -> None:
    raise SystemExit(128 + signum)


__all__ = ["EXIT_ERROR", "main", "main_group"]
