"""JOURNEYSPEC_TIMINGS: `check` prints its phases on stderr for the benchmark, and nothing without it."""

from __future__ import annotations

import io
import json

from click.testing import CliRunner

from journeyspec.cli import main_group
from journeyspec.cli.timings import PREFIX, Timings, parse, process_age
from tests.check.helpers import MAP


def test_phases_add_up_and_parse_back():
    stream = io.StringIO()
    timings = Timings(enabled=True, stream=stream)
    timings.mark("first")
    stream.write("noise between\n")
    timings.mark("second phase")
    timings.done()
    rows = parse("noise before\n" + stream.getvalue() + "wrote report.json\n")
    assert rows == [(name, round(since, 3), round(seconds, 3)) for name, since, seconds in timings.phases()]
    assert [name for name, _, _ in rows][-2:] == ["first", "second phase"]
    assert all(seconds >= 0 for _, _, seconds in rows)
    # Each phase ends where the next begins, so the durations add up to the last mark.
    assert abs(sum(seconds for _, _, seconds in rows) - rows[-1][1]) < 0.01


def test_the_first_phase_is_the_process_start_up():
    age = process_age()
    if age is None:  # not Linux: the table starts at the first mark
        return
    assert 0 < age < 24 * 3600
    assert Timings(enabled=True, stream=io.StringIO()).phases()[0][0] == "start-up and imports"


def test_silent_unless_asked():
    stream = io.StringIO()
    timings = Timings(enabled=False, stream=stream)
    timings.mark("anything")
    timings.done()
    assert stream.getvalue() == "" and timings.phases() == []


def test_check_prints_its_phases_only_when_the_variable_is_set(tmp_path, events):
    path = tmp_path / "shop.journey"
    path.write_text(MAP, encoding="utf-8")
    args = ["check", str(path), "--data", events, "--time-format", "epoch_s", "--format", "json"]
    timed = CliRunner().invoke(main_group, args, env={"JOURNEYSPEC_TIMINGS": "1"})
    plain = CliRunner().invoke(main_group, args, env={"JOURNEYSPEC_TIMINGS": ""})
    assert timed.exit_code == plain.exit_code == 1
    # The report itself is the same with and without the timings.
    assert json.loads(timed.stdout) == json.loads(plain.stdout)
    assert PREFIX not in plain.stderr and PREFIX in timed.stderr
    names = [name for name, _, _ in parse(timed.stderr)]
    assert names[names.index("import the check"):] == [
        "import the check", "load maps", "shop: reducing events", "shop: judging 13 expectations",
        "shop: listing variants, transitions and impact", "result and report", "write report",
    ]
