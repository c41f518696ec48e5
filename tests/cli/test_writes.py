"""A write that fails leaves the file that was there byte for byte, no temporary file, and a clean message.

Each command runs as the script does, in its own process; a file-size limit
stands in for a full disk (the write fails with EFBIG, as with ENOSPC).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import journeyspec
from journeyspec.simulate import simulate
from tests.cli.helpers import CHILD_ENV, MAPS, file_size_limit, listing, without_override
from tests.cli.helpers import journeyspec as run

LIMIT = 2048  # bytes: every output below is longer


@pytest.fixture(scope="module")
def checkout():
    return journeyspec.load(MAPS / "checkout.journey")[0]


@pytest.fixture
def unformatted(tmp_path) -> Path:
    """The checkout map, indented four spaces instead of two: `fmt` rewrites every line."""
    path = tmp_path / "big.journey"
    text = (MAPS / "checkout.journey").read_text(encoding="utf-8")
    # A map of its own, moved between folders below: the persona it takes from the examples' library, written out.
    text = text.replace('use "shared/people.journey"\nuse "shared/help.journey"\n\n', "").replace(
        "persona first_timer from people", 'persona first_timer "First-time mobile shopper"').replace(
        "step help_home from help", 'step help_home "Open the help centre" { when event == "page_view" and path == "/help" }')
    path.write_text("\n".join("  " + line if line.startswith("  ") else line for line in text.splitlines()) + "\n",
                    encoding="utf-8")
    assert len(journeyspec.format(path.read_text(encoding="utf-8"))) > LIMIT
    return path


def _refused(done: subprocess.CompletedProcess, target: Path, reason: str) -> None:
    """The command failed as a write failure should: exit 2, one clean message naming the file, no traceback."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert f"journeyspec: cannot write {target}: {reason}" in done.stderr, done.stderr


def test_fmt_on_a_full_disk_leaves_the_map_as_it_was(tmp_path, unformatted):
    before, names = unformatted.read_bytes(), listing(tmp_path)
    done = run("fmt", unformatted.name, cwd=tmp_path, preexec=file_size_limit(LIMIT))
    _refused(done, Path(unformatted.name), "the file would be larger than this system allows")
    assert "(big.journey is unchanged)" in done.stderr
    assert "formatted big.journey" not in done.stderr
    assert unformatted.read_bytes() == before
    assert listing(tmp_path) == names  # no temporary file left behind


def test_check_output_on_a_full_disk_leaves_the_earlier_report(tmp_path, checkout):
    simulate(checkout, tmp_path / "events.parquet", sessions=300, seed=1)
    report = tmp_path / "report.json"
    report.write_bytes(b'{"an earlier report": true}\n')
    names = listing(tmp_path)
    done = run("check", MAPS / "checkout.journey", "--data", "events.parquet", "--format", "json", "-o", "report.json",
               cwd=tmp_path, preexec=file_size_limit(LIMIT))
    _refused(done, Path("report.json"), "the file would be larger than this system allows")
    assert report.read_bytes() == b'{"an earlier report": true}\n'
    assert listing(tmp_path) == names


@pytest.mark.parametrize("out", ["events.parquet", "events.csv"])
def test_simulate_on_a_full_disk_leaves_the_earlier_log(tmp_path, checkout, out):
    target = tmp_path / out
    simulate(checkout, target, sessions=20, seed=1)
    before, names = target.read_bytes(), listing(tmp_path)
    done = run("simulate", MAPS / "checkout.journey", "--sessions", "2000", "--seed", "2", "-o", out,
               cwd=tmp_path, preexec=file_size_limit(LIMIT))
    _refused(done, Path(out), "the file would be larger than this system allows")
    assert target.read_bytes() == before
    assert listing(tmp_path) == names


@pytest.mark.parametrize("command", [
    ["compile", "big.journey", "-o", "out/ir.json"],
    ["render", "big.journey", "--as", "dot", "-o", "out/map.dot"],
    ["discover", "--data", "events.parquet", "-o", "out/observed.journey"],
], ids=["compile", "render", "discover"])
def test_every_output_option_fails_the_same_way_and_leaves_no_folder_behind(tmp_path, unformatted, checkout, command):
    simulate(checkout, tmp_path / "events.parquet", sessions=300, seed=1)
    names = listing(tmp_path)
    done = run(*command, cwd=tmp_path, preexec=file_size_limit(LIMIT))
    _refused(done, Path(command[-1]), "the file would be larger than this system allows")
    assert "(nothing was written)" in done.stderr
    assert listing(tmp_path) == names  # the folder made for it is gone again


@pytest.fixture
def read_only(tmp_path, unformatted):
    """A folder no one may write to, holding the unformatted map."""
    folder = tmp_path / "locked"
    folder.mkdir()
    unformatted.rename(folder / "big.journey")
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_fmt_in_a_read_only_folder_is_a_clean_error(read_only):
    before = (read_only / "big.journey").read_bytes()
    done = run("fmt", "locked/big.journey", cwd=read_only.parent, preexec=without_override)
    _refused(done, Path("locked/big.journey"), "permission denied; write to a folder you may write to")
    assert (read_only / "big.journey").read_bytes() == before
    assert listing(read_only) == ["big.journey"]


def test_check_output_into_a_read_only_folder_is_a_clean_error(read_only, checkout):
    simulate(checkout, read_only.parent / "events.parquet", sessions=100, seed=1)
    done = run("check", "locked/big.journey", "--data", "events.parquet", "-o", "locked/report.txt",
               cwd=read_only.parent, preexec=without_override)
    _refused(done, Path("locked/report.txt"), "permission denied")
    assert listing(read_only) == ["big.journey"]


@pytest.mark.slow
def test_a_stopped_simulation_leaves_the_earlier_log_and_no_temporary_file(tmp_path, checkout):
    target = tmp_path / "events.parquet"
    simulate(checkout, target, sessions=20, seed=1)
    before = target.read_bytes()
    child = subprocess.Popen([sys.executable, "-m", "journeyspec", "simulate", str(MAPS / "checkout.journey"),
                              "--sessions", "50000000", "-o", "events.parquet"], cwd=tmp_path, env=CHILD_ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not any(name.endswith(".partial") for name in os.listdir(tmp_path)):
            assert child.poll() is None and time.monotonic() < deadline, child.communicate()
            time.sleep(0.05)
        time.sleep(0.3)  # a few chunks into the file
        child.send_signal(signal.SIGTERM)
        _, stderr = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr, stderr
    assert target.read_bytes() == before
    assert listing(tmp_path) == ["events.parquet"]


def test_output_into_a_folder_that_does_not_exist_creates_it(tmp_path):
    """Once a traceback; now every output option makes the folders on its way, as simulate always did."""
    target = tmp_path / "reports" / "weekly" / "checkout.json"
    done = run("compile", MAPS / "checkout.journey", "-o", target, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and target.read_text(encoding="utf-8").startswith("{")
