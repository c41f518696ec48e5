"""`journeyspec check` exit codes: 0 all pass, 1 a failure (or, --strict, an unsure verdict), 2 errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from journeyspec.cli import main_group
from tests.check.helpers import MAP

EXPECTS = [line for line in MAP.splitlines() if line.strip().startswith("expect ")]


def map_with(folder, *expects: str):
    text = "\n".join(line for line in MAP.splitlines() if not line.strip().startswith("expect "))
    text = text.rstrip().rstrip("}") + "".join(f"  {e}\n" for e in expects) + "}\n"
    path = folder / "shop.journey"
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args):
    return CliRunner().invoke(main_group, ["check", *args, "--time-format", "epoch_s"])


def test_exit_1_when_an_expectation_fails(tmp_path, events):
    (tmp_path / "shop.journey").write_text(MAP, encoding="utf-8")
    result = run(str(tmp_path / "shop.journey"), "--data", events)
    assert result.exit_code == 1, result.output
    assert "✗ FAIL" in result.stdout and "13 expectations: 3 passed, 2 failed, 6 inconclusive, 2 skipped" in result.stdout


def test_exit_0_when_all_pass_and_inconclusive_does_not_fail(tmp_path, events):
    path = map_with(tmp_path, "expect sessions >= 5", "expect friction at product <= 10% confidence 95%")
    result = run(path, "--data", events)
    assert result.exit_code == 0, result.output
    assert run(path, "--data", events, "--strict").exit_code == 1


def test_exit_2_on_a_broken_map(tmp_path, events):
    path = tmp_path / "broken.journey"
    path.write_text('journey x "X" {\n  step a\n}\n', encoding="utf-8")
    result = run(str(path), "--data", events)
    assert result.exit_code == 2 and "error[" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("extra, code", [
    (["--data", "no/such/events.parquet"], "JS301"),
    (["--event", "action"], "JS302"),
    (["--by", "colour"], "JS303"),
])
def test_exit_2_on_bad_data(tmp_path, events, extra, code):
    path = map_with(tmp_path, "expect sessions >= 5")
    args = [path, "--data", events, *extra] if extra[0] != "--data" else [path, *extra]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert f"error[{code}]" in result.stderr and "Traceback" not in result.output


def test_formats_and_output_file(tmp_path, events, baseline_events):
    (tmp_path / "shop.journey").write_text(MAP, encoding="utf-8")
    result = run(str(tmp_path / "shop.journey"), "--data", events, "--baseline", baseline_events, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["journeys"][0]["expectations"][-1]["status"] == "inconclusive"  # judged, on the baseline
    out = tmp_path / "report.xml"
    result = run(str(tmp_path / "shop.journey"), "--data", events, "--format", "junit", "-o", str(out))
    assert result.exit_code == 1 and out.read_text(encoding="utf-8").startswith("<?xml")
    markdown = run(str(tmp_path / "shop.journey"), "--data", events, "--format", "markdown", "--by", "device")
    assert markdown.stdout.startswith("## ❌ journeyspec check")


def test_journey_pairs_with_its_named_source(tmp_path, events, monkeypatch):
    (tmp_path / "shop.journey").write_text(MAP, encoding="utf-8")
    (tmp_path / "journeyspec.toml").write_text(
        f'[sources.shop]\ndata = "{events}"\ntime_format = "epoch_s"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main_group, ["check", "shop.journey", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["journeys"][0]["population"] == 8
