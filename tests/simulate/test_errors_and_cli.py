"""Maps and options simulate cannot use: clear diagnostics, exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.diagnostics import JourneyspecError
from journeyspec.simulate import SimulationSettings, simulate
from journeyspec.simulate.settings import load_settings, settings_from_table

MAPS = Path(__file__).resolve().parents[2] / "maps"


def one_journey(steps: str, extra: str = "", start: str = "a", success: str = "b", flows: str = "flow a -> b"):
    text = f'journey j "J" {{\n  stage s "S" {{\n{steps}  }}\n  start {start}\n  success {success}\n  {flows}\n{extra}}}\n'
    return journeyspec.parse(text).journeys[0]


def step(name: str, condition: str | None) -> str:
    body = f"      when {condition}\n" if condition else ""
    return f'    step {name} "{name}" {{\n{body}    }}\n'


def diagnostics_of(journey, tmp_path, **options):
    with pytest.raises(JourneyspecError) as caught:
        simulate(journey, tmp_path / "out.parquet", sessions=10, seed=0, **options)
    return caught.value.diagnostics


def test_a_self_contradicting_when_names_the_field(tmp_path):
    journey = one_journey(step("a", 'event == "x"') + step("b", "rows > 5 and rows < 2"))
    [diagnostic] = diagnostics_of(journey, tmp_path)
    assert diagnostic.code == "JS340"
    assert "step `b`" in diagnostic.message and "rows" in diagnostic.message
    assert diagnostic.span is not None


def test_a_step_shadowed_by_an_earlier_step_names_it(tmp_path):
    journey = one_journey(step("a", 'event == "page_view"') + step("b", 'event == "page_view" and page == "/cart"'))
    [diagnostic] = diagnostics_of(journey, tmp_path)
    assert diagnostic.code == "JS340"
    assert "taken by the earlier step `a`" in diagnostic.message
    assert "first step in written order" in diagnostic.help


def test_a_step_swallowed_by_ignore_names_it(tmp_path):
    journey = one_journey(step("a", 'event == "x"') + step("b", 'event == "heartbeat"'),
                          extra='  ignore event == "heartbeat"\n')
    [diagnostic] = diagnostics_of(journey, tmp_path)
    assert "`ignore`" in diagnostic.message


def test_a_step_without_when_cannot_be_simulated(tmp_path):
    journey = one_journey(step("a", 'event == "x"') + step("b", None))
    [diagnostic] = diagnostics_of(journey, tmp_path)
    assert diagnostic.code == "JS340" and "has no `when`" in diagnostic.message


def test_explicit_noise_the_map_cannot_produce_is_an_error(tmp_path):
    journey = one_journey(step("a", 'event == "x"') + step("b", 'event == "y"'))
    simulate(journey, tmp_path / "ok.parquet", sessions=10, seed=0)  # defaults skip what the map lacks
    [diagnostic] = diagnostics_of(journey, tmp_path, settings=SimulationSettings().with_overrides(friction=0.1))
    assert diagnostic.code == "JS341" and "declares no `friction`" in diagnostic.message
    assert diagnostic.help == "set --friction 0 for this map"


def test_asking_for_none_of_what_the_map_lacks_is_what_the_error_suggests(tmp_path):
    journey = one_journey(step("a", 'event == "x"') + step("b", 'event == "y"'))
    summary = simulate(journey, tmp_path / "none.parquet", sessions=10, seed=0,
                       settings=SimulationSettings().with_overrides(friction=0))
    assert summary.friction_events == 0


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"unexpected": 1.5}, "share from 0 to 1"),
        ({"colour": "red"}, "unknown setting `colour`"),
        ({"think_time": "soon"}, "not a duration"),
        ({"devices": {"mobile": -1}}, "non-negative"),
        ({"max_steps": 0}, "at least 1"),
    ],
)
def test_bad_settings_are_named(table, words):
    with pytest.raises(JourneyspecError) as caught:
        settings_from_table(table, "pyproject.toml [tool.journeyspec.simulate]")
    assert words in caught.value.diagnostics[0].message


def test_pyproject_settings_shape_the_output(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.journeyspec.simulate]\nnoise_free = 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(JourneyspecError):
        load_settings()
    (tmp_path / "pyproject.toml").write_text(
        "[tool.journeyspec.simulate]\nfriction = 0\noff_map = 0\nignored = 0\nunexpected = 0\n"
        'think_time = "2m"\ndevices = { kiosk = 1 }\n'
        "[tool.journeyspec.simulate.attributes.persona_hint]\nlate_delivery = 1\n", encoding="utf-8")
    settings = load_settings()
    assert settings.think_time == 120 and settings.devices == {"kiosk": 1.0}
    journey = journeyspec.load(MAPS / "support.journey")[0]
    simulate(journey, tmp_path / "e.parquet", sessions=200, seed=1, settings=settings)
    table = pq.read_table(tmp_path / "e.parquet")
    assert set(table.column("device").to_pylist()) == {"kiosk"}
    assert set(table.column("persona_hint").to_pylist()) == {"late_delivery"}
    assert "heartbeat" not in set(table.column("event").to_pylist())


def test_start_weights_must_name_start_steps(tmp_path):
    journey = journeyspec.load(MAPS / "checkout.journey")[0]
    settings = settings_from_table({"start": {"cart": 1}}, "x")
    [diagnostic] = diagnostics_of(journey, tmp_path, settings=settings)
    assert "not a start step" in diagnostic.message


def run(*args: str):
    return CliRunner().invoke(main_group, list(args), catch_exceptions=False)


def test_cli_writes_and_summarises(tmp_path):
    out = tmp_path / "events.parquet"
    result = run("simulate", str(MAPS / "checkout.journey"), "--sessions", "500", "--seed", "4", "-o", str(out),
                 "--noise", "0", "--unexpected", "0.1")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "unexpected transitions" in result.output
    paths = run("paths", str(MAPS / "checkout.journey"), "--data", str(out))
    assert paths.exit_code == 0, paths.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--sessions", "0"], "--sessions"),
        (["--sessions", "5", "--unexpected", "2"], "share from 0 to 1"),
        (["--sessions", "5", "--journey", "nope"], "has no journey `nope`"),
        (["--sessions", "5", "--format", "xml"], "xml"),
    ],
)
def test_cli_usage_errors_exit_2(tmp_path, args, words):
    result = run("simulate", str(MAPS / "checkout.journey"), "-o", str(tmp_path / "e.parquet"), *args)
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


def test_cli_missing_map_and_unsatisfiable_map_exit_2(tmp_path):
    assert run("simulate", str(tmp_path / "none.journey"), "--sessions", "5", "-o", "x.parquet").exit_code == 2
    bad = tmp_path / "bad.journey"
    bad.write_text('journey j "J" {\n  stage s "S" {\n    step a "A" {\n      when event == "x" and event == "y"\n'
                   "    }\n  }\n  start a\n  success a\n}\n", encoding="utf-8")
    result = run("simulate", str(bad), "--sessions", "5", "-o", str(tmp_path / "e.parquet"))
    assert result.exit_code == 2
    assert "JS340" in result.output and "bad.journey:4" in result.output
