"""``check --history DIR`` keeps one file per run; ``journeyspec trend`` reads them back, bad files and all."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.check.history import read_history, record
from journeyspec.cli import main_group
from journeyspec.diagnostics import JourneyspecError
from tests.check.test_cli import map_with

EXPECTS = ("expect conversion home -> pay >= 30% within 5m", "expect reach cart >= 50%")


@pytest.fixture()
def shop_map(tmp_path):
    return map_with(tmp_path, *EXPECTS)


def test_a_run_is_one_file_named_by_time_and_revision_and_reads_back(tmp_path, shop_map, events, epoch):
    result = journeyspec.check(shop_map, events, config=epoch)
    first = record(result, tmp_path / "h", recorded=datetime(2026, 3, 2, 9, 30, tzinfo=UTC), revision="abc1234")
    second = record(result, tmp_path / "h", recorded=datetime(2026, 3, 9, 9, 30, tzinfo=UTC), revision="def5678+")
    assert (first.name, second.name) == ("20260302T093000000Z-abc1234.json", "20260309T093000000Z-def5678-dirty.json")
    runs, problems = read_history(tmp_path / "h")
    assert problems == [] and [r.revision for r in runs] == ["abc1234", "def5678+"]
    [journey] = runs[0].journeys
    # The fixture's times are 2023-11-14 22:13:20 UTC plus up to 400 s.
    assert journey.data_from == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert journey.data_to == datetime(2023, 11, 14, 22, 20, 0, tzinfo=UTC)
    conversion = journey.expectations[0]
    assert (conversion.value, conversion.population, conversion.successes) == (0.5, 6, 3)  # 3 of 6, by hand
    assert conversion.evidence == ()  # a trend shows values: the paths behind them stay in the run's report


def test_bad_and_foreign_files_are_warnings_never_tracebacks(tmp_path, shop_map, events, epoch):
    folder = tmp_path / "h"
    record(journeyspec.check(shop_map, events, config=epoch), folder, revision="abc1234")
    (folder / "notes.txt").write_bytes(b"\xff\xfe not text")
    (folder / "other.json").write_text('{"runs": []}', encoding="utf-8")
    (folder / "future.json").write_text('{"format": "journeyspec-history", "version": 9}', encoding="utf-8")
    (folder / "broken.json").write_text('{"format": "journeyspec-history", "version": 1, "recorded": "soon"}',
                                        encoding="utf-8")
    runs, problems = read_history(folder)
    assert len(runs) == 1
    said = {p.message.split(" is not")[0].rsplit("/", 1)[-1]: p for p in problems}
    assert sorted(said) == ["broken.json", "future.json", "notes.txt", "other.json"]
    assert {p.code for p in problems} == {"JS366"} and all(p.severity.value == "warning" for p in problems)
    assert "version 9" in said["future.json"].message and "`recorded`" in said["broken.json"].message
    for name in ("notes.txt", "other.json", "future.json", "broken.json"):
        (folder / name).unlink()
    (folder / "x.json").write_text("[]", encoding="utf-8")
    for file in folder.glob("2*.json"):
        file.unlink()
    with pytest.raises(JourneyspecError) as caught:
        read_history(folder)
    assert [d.code for d in caught.value.diagnostics] == ["JS366", "JS367"]
    with pytest.raises(JourneyspecError) as caught:
        read_history(tmp_path / "nowhere")
    assert caught.value.diagnostics[0].code == "JS367"


def test_check_keeps_a_run_and_trend_prints_value_and_interval_per_run(tmp_path, shop_map, events):
    folder = tmp_path / "history"
    runner = CliRunner()
    for _ in range(2):
        done = runner.invoke(main_group, ["check", shop_map, "--data", events, "--time-format", "epoch_s",
                                          "--history", str(folder)])
        assert done.exit_code == 0, done.output
    assert len(list(folder.glob("*.json"))) == 2
    (folder / "stray.json").write_text("{", encoding="utf-8")
    shown = runner.invoke(main_group, ["trend", shop_map, "--history", str(folder)])
    assert shown.exit_code == 0 and "Traceback" not in shown.output
    assert "2 runs in" in shown.output and "JS366" in shown.output and "stray.json" in shown.output
    assert "expect conversion home -> pay >= 30% within 5m" in shown.output
    # 3 of 6 paths convert: 50.0%, Wilson's 95% interval 18.8-81.2%, on each run's row.
    assert shown.output.count("50.0%   18.8–81.2%") == 2
    assert shown.output.count("2023-11-14–2023-11-14") == 4
    missing = runner.invoke(main_group, ["trend", shop_map, "--history", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "JS367" in missing.output and "Traceback" not in missing.output


def test_a_rewritten_expectation_shows_as_not_checked(tmp_path, shop_map, events, epoch):
    folder = tmp_path / "h"
    record(journeyspec.check(shop_map, events, config=epoch), folder, revision="abc1234")
    (tmp_path / "new").mkdir()
    rewritten = map_with(tmp_path / "new", "expect reach cart >= 40%")
    shown = CliRunner().invoke(main_group, ["trend", rewritten, "--history", str(folder)])
    assert shown.exit_code == 0 and "not checked" in shown.output
    data = json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))
    assert data["format"] == "journeyspec-history" and data["journeys"][0]["id"] == "shop"
