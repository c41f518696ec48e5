"""The check process and the cyclic garbage collector: paused while checking, frozen only by the script."""

from __future__ import annotations

import gc
import json

import pytest
from click.testing import CliRunner

from journeyspec.cli import common, main, main_group
from journeyspec.gc_pause import paused_cyclic_gc
from tests.check.helpers import MAP


@pytest.fixture
def collector():
    """Leave the collector as it was found, frozen objects included."""
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    yield
    if gc.get_freeze_count() > frozen:
        gc.unfreeze()
    (gc.enable if enabled else gc.disable)()


def test_the_pause_restores_the_collector(collector):
    gc.enable()
    with paused_cyclic_gc():
        assert not gc.isenabled()
        with paused_cyclic_gc():  # nested, as the command around the runner
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with paused_cyclic_gc():
        pass
    assert not gc.isenabled()


def test_the_pause_restores_the_collector_on_errors(collector):
    gc.enable()
    with pytest.raises(ValueError), paused_cyclic_gc():
        raise ValueError
    assert gc.isenabled()


def test_until_exit_freezes_what_was_made(collector):
    gc.enable()
    before = gc.get_freeze_count()
    with paused_cyclic_gc(survivors="frozen"):
        made = [[i] for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= before + len(made)


def test_check_inside_a_host_neither_freezes_nor_leaves_the_collector_off(collector, tmp_path, events):
    path = tmp_path / "shop.journey"
    path.write_text(MAP, encoding="utf-8")
    gc.enable()
    before = gc.get_freeze_count()
    result = CliRunner().invoke(main_group, ["check", str(path), "--data", events, "--time-format", "epoch_s",
                                             "--format", "json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["journeys"][0]["population"] == 8
    assert gc.isenabled() and gc.get_freeze_count() == before


def test_the_script_freezes_before_its_teardown(collector, monkeypatch):
    monkeypatch.setattr(common, "_own_process", False)
    before = gc.get_freeze_count()
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert common.in_own_process() and gc.get_freeze_count() > before


def test_the_check_command_imports_no_other_command():
    """`journeyspec check` starts without importing diff, fmt, render or the other commands' modules."""
    import subprocess
    import sys

    code = ("import sys; from journeyspec.cli import main_group; import click; "
            "main_group.get_command(click.Context(main_group), 'check'); "
            "print(sorted(m for m in sys.modules if m.startswith('journeyspec.cli.') and m.endswith('_cmd')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['journeyspec.cli.check_cmd']"


def test_every_lazy_command_is_the_command_of_its_name():
    import click

    context = click.Context(main_group)
    names = main_group.list_commands(context)
    assert names == sorted(names) and "check" in names and "docs" in names
    assert all(main_group.get_command(context, name).name == name for name in names)


def test_an_unknown_treatment_of_survivors_is_refused(collector):
    gc.enable()
    with pytest.raises(ValueError, match="young, oldest or frozen"), paused_cyclic_gc(survivors="kept"):
        pass
    assert gc.isenabled()
