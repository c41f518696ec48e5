"""A command loads only what it uses: `validate` and `--help` start without the data engine.

Each command runs as the script does, in its own process; an ``atexit`` hook
writes the names in ``sys.modules`` at exit, after the command has printed and
exited, so a module loaded late (by the output, the summary) counts too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import CHILD_ENV, MAPS

# The data engine and its tables: a map's syntax and design need none of them.
HEAVY = ("ibis", "duckdb", "pyarrow", "numpy", "pandas", "pyspark", "graphviz", "rich.table", "sqlglot")

PROBE = """
import atexit, sys
def _write():
    with open(sys.argv[1], "w") as out:
        out.write("\\n".join(sorted(sys.modules)))
atexit.register(_write)
{before}
from journeyspec.cli import main
main(sys.argv[2:])
"""


def modules_at_exit(tmp_path: Path, *args: str, before: str = "") -> set[str]:
    listing = tmp_path / "modules.txt"
    done = subprocess.run([sys.executable, "-c", PROBE.format(before=before), str(listing), *args], cwd=tmp_path,
                          env=CHILD_ENV, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr
    return set(listing.read_text().split("\n"))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_validate_imports_no_data_engine(tmp_path, output_format):
    modules = modules_at_exit(tmp_path, "validate", "--format", output_format, str(MAPS / "checkout.journey"))
    assert "journeyspec.lang.frontend" in modules  # the map was compiled
    assert heavy(modules) == []


def test_help_imports_no_command(tmp_path):
    modules = modules_at_exit(tmp_path, "--help")
    assert heavy(modules) == []
    commands = sorted(m for m in modules if m.startswith("journeyspec.cli.") and m.endswith("_cmd"))
    assert commands == []
    assert not any(m.startswith(("journeyspec.lang", "journeyspec.engine", "journeyspec.check.")) for m in modules)


def test_the_probe_sees_a_heavy_module(tmp_path):
    # The same probe, with numpy imported before the command: it must be reported.
    modules = modules_at_exit(tmp_path, "validate", str(MAPS / "checkout.journey"), before="import numpy")
    assert "numpy" in heavy(modules)


def test_help_lists_each_command_as_its_own_help_would():
    import click

    from journeyspec.cli import COMMANDS, main_group
    from journeyspec.cli.common import LazyGroup

    for name, (target, summary) in COMMANDS.items():
        module, _, attribute = target.partition(":")
        command = getattr(__import__(module, fromlist=[attribute]), attribute)
        stand_in = click.Command(name, help=summary)
        assert (command.short_help, command.hidden, command.deprecated) == (None, False, False), name
        for limit in (20, 45, 60, 94, 200):
            assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), (name, limit)
    # The whole listing, byte for byte, against click's own from the imported commands.
    eager = click.Group(main_group.name, commands={}, help=main_group.help, params=main_group.params,
                        context_settings=main_group.context_settings)
    ctx = click.Context(main_group, info_name="journeyspec")
    for name in main_group.list_commands(ctx):
        eager.add_command(main_group.get_command(ctx, name), name)
    lazy = LazyGroup(main_group.name, help=main_group.help, params=main_group.params,
                     context_settings=main_group.context_settings)
    for name, (target, summary) in COMMANDS.items():
        lazy.add_lazy(name, target, summary)
    for width in (60, 80, 100):
        texts = []
        for group in (eager, lazy):
            with click.Context(group, info_name="journeyspec", terminal_width=width) as context:
                texts.append(group.get_help(context))
        assert texts[0] == texts[1]
        assert not lazy.commands  # listed without importing


def test_the_pytest_plugin_loads_no_report_and_no_engine(tmp_path):
    # The plugin is loaded into every pytest run of every user: failure texts, reports and tables load on use.
    code = ("import sys, journeyspec.testing.plugin; "
            "print('\\n'.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=CHILD_ENV, capture_output=True, text=True,
                          timeout=120, check=True)
    modules = set(done.stdout.split("\n"))
    assert "journeyspec.testing.plugin" in modules
    assert heavy(modules) == []
    assert not any(m.startswith(("journeyspec.testing.failure", "journeyspec.check.reports", "journeyspec.engine"))
                   for m in modules)
