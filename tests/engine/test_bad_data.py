"""Bad data and bad maps give clear JS3xx diagnostics (exit 2 in the CLI), never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import journeyspec
from journeyspec.cli import main_group
from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import SourceConfig, reduce
from tests.engine.helpers import MAP, arrow_table, write
from tests.mini import MINI_MAP

# Run again on the newest DuckDB 1.x by `make test` (see tests/engine/test_duckdb_versions.py).
pytestmark = pytest.mark.duckdb


MINI = MINI_MAP


@pytest.fixture
def mini():
    return journeyspec.parse(MINI).journeys[0]


def codes(error: pytest.ExceptionInfo) -> list[str]:
    return [d.code for d in error.value.diagnostics]


def test_missing_column_lists_available_columns(shop, sources):
    with pytest.raises(JourneyspecError) as error:
        reduce(shop, sources["parquet"], config=SourceConfig(time_format="epoch_s", session="sesion_id"))
    assert codes(error) == ["JS302"]
    diagnostic = error.value.diagnostics[0]
    assert "no column `sesion_id`" in diagnostic.message and "events.parquet" in diagnostic.message
    assert "available columns: `session`, `time`, `event`" in diagnostic.help


def test_predicate_on_missing_column_points_at_the_map(tmp_path, sources):
    text = MAP.replace('page ~ "^/p/"', 'pgae ~ "^/p/"')
    journey = journeyspec.parse(text, file="shop.journey").journeys[0]
    with pytest.raises(JourneyspecError) as error:
        reduce(journey, sources["parquet"], config=SourceConfig(time_format="epoch_s"))
    diagnostic = error.value.diagnostics[0]
    assert diagnostic.code == "JS303" and "`pgae`" in diagnostic.message
    assert diagnostic.span is not None and diagnostic.span.line == 7
    assert "did you mean `page`?" in diagnostic.help


def test_unparseable_time_names_a_value(tmp_path, mini):
    table = pa.table({"session": ["a", "a"], "time": ["2024-01-01T10:00:00", "yesterday"], "event": ["home", "pay"]})
    with pytest.raises(JourneyspecError) as error:
        reduce(mini, write(table, tmp_path, "parquet"))
    assert codes(error) == ["JS304"]
    assert "'yesterday'" in error.value.diagnostics[0].message


def test_numbers_without_time_format(tmp_path, shop, sources):
    with pytest.raises(JourneyspecError) as error:
        reduce(shop, sources["parquet"])
    assert codes(error) == ["JS304"] and "epoch_s" in error.value.diagnostics[0].help


def test_iso_times_with_mixed_offsets_are_instants(tmp_path, mini):
    journey = mini
    table = pa.table({
        "session": ["a", "a"],
        # 10:00+02:00 is 08:00 UTC, so the pay event at 09:00Z comes after it.
        "time": ["2024-01-01T09:00:00Z", "2024-01-01T10:00:00+02:00"],
        "event": ["pay", "home"],
    })
    facts = reduce(journey, write(table, tmp_path, "parquet"))
    assert [v.path for v in facts.population.variants] == [("home", "pay")]
    assert facts.population.transitions[0].time.p50 == 3600.0


def test_empty_table(tmp_path, shop):
    table = arrow_table([])
    with pytest.raises(JourneyspecError) as error:
        reduce(shop, write(table, tmp_path, "parquet"), config=SourceConfig(time_format="epoch_s"))
    assert codes(error) == ["JS305"]


def test_missing_file(shop, tmp_path):
    with pytest.raises(JourneyspecError) as error:
        reduce(shop, str(tmp_path / "nope.parquet"))
    assert codes(error) == ["JS301"]


def test_type_mismatch(tmp_path, sources):
    journey = journeyspec.parse(MAP.replace('event == "pay"', "event == 5")).journeys[0]
    with pytest.raises(JourneyspecError) as error:
        reduce(journey, sources["parquet"], config=SourceConfig(time_format="epoch_s"))
    assert codes(error) == ["JS308"]


def test_hostile_literal_matches_only_itself(tmp_path):
    hostile = "x'; DROP TABLE events; --"
    text = MINI.replace('when event == "pay"', 'when event == "x\'; DROP TABLE events; --"')
    journey = journeyspec.parse(text).journeys[0]
    rows = [("a", 1, "home", None, "web", None, 1, "u"), ("a", 2, hostile, None, "web", None, 2, "u"),
            ("b", 1, "home", None, "web", None, 1, "u"), ("b", 2, "x", None, "web", None, 2, "u"),
            ("c", 1, "home", None, "web", None, 1, "u"), ("c", 2, "x'", None, "web", None, 2, "u")]
    source = write(arrow_table(rows), tmp_path, "duckdb")
    facts = reduce(journey, source, config=SourceConfig(time_format="epoch_s"))
    assert {v.path: v.count for v in facts.population.variants} == {("home", "pay"): 1, ("home",): 2}
    again = reduce(journey, source, config=SourceConfig(time_format="epoch_s"))
    assert again.totals.rows == 6  # the table is still there


def test_bad_config_key(tmp_path):
    (tmp_path / "journeyspec.toml").write_text('[sources.default]\nsesion = "sid"\n', encoding="utf-8")
    from journeyspec.project import load_config

    with pytest.raises(JourneyspecError) as error:
        load_config(start=tmp_path)
    assert codes(error) == ["JS306"] and "sesion" in error.value.diagnostics[0].message


def test_config_paths_are_relative_to_the_file(tmp_path, shop):
    folder = tmp_path / "project"
    (folder / "data").mkdir(parents=True)
    write(arrow_table(), folder / "data", "parquet")
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.journeyspec.sources.default]\ndata = "data/events.parquet"\n'
        'time_format = "epoch_s"\n\n[tool.journeyspec.sources.other]\ndata = "data/events.parquet"\n'
        'time_format = "epoch_s"\norder = "seq"\n',
        encoding="utf-8",
    )
    from journeyspec.project import load_config

    config = load_config(start=folder / "data")
    assert config.data == str(folder / "data" / "events.parquet")
    assert reduce(shop, config=config).population.sessions == 3
    assert load_config("other", start=folder).order == "seq"
    with pytest.raises(JourneyspecError) as error:
        load_config("missing", start=folder)
    assert "`default`, `other`" in error.value.diagnostics[0].help


@pytest.fixture
def map_file(tmp_path):
    path = tmp_path / "shop.journey"
    path.write_text(MAP, encoding="utf-8")
    return path


def test_cli_prints_facts(map_file, sources):
    result = CliRunner().invoke(main_group, ["paths", str(map_file), "--data", sources["csv"], "--time-format", "epoch_s"])
    assert result.exit_code == 0, result.output
    assert "3 sessions" in result.output and "home → product → cart → pay" in result.output


def test_cli_json(map_file, sources):
    import json

    result = CliRunner().invoke(main_group, ["paths", str(map_file), "--data", sources["parquet"],
                                             "--time-format", "epoch_s", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["population"]["sessions"] == 3 and payload["totals"]["rows"] == 22


@pytest.mark.parametrize(
    "arguments, code",
    [
        (["--session", "nope", "--time-format", "epoch_s"], "JS302"),
        ([], "JS304"),
        (["--time-format", "epoch_s", "--gap", "soon", "--user", "user"], "JS306"),
    ],
)
def test_cli_errors_exit_2_without_traceback(map_file, sources, arguments, code):
    result = CliRunner().invoke(main_group, ["paths", str(map_file), "--data", sources["parquet"], *arguments])
    assert result.exit_code == 2, result.output
    assert code in result.output and "Traceback" not in result.output


def test_cli_missing_data_file(map_file, tmp_path):
    result = CliRunner().invoke(main_group, ["paths", str(map_file), "--data", str(tmp_path / "none.parquet")])
    assert result.exit_code == 2 and "JS301" in result.output and "Traceback" not in result.output


def test_cli_does_not_import_ibis():
    code = "import sys, journeyspec.cli, journeyspec.engine; print('ibis' in sys.modules, 'duckdb' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["False", "False"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_survives_as_a_sql_literal(text):
    import duckdb

    from journeyspec.engine.source.base import sql_literal

    assert duckdb.execute(f"SELECT {sql_literal(text)}").fetchone()[0] == text


@pytest.mark.parametrize("pattern, problem", [("x'; DROP TABLE t; --[", "missing ]"), ("ok\x00(", "missing )")])
def test_hostile_regex_is_judged_by_re2_itself(pattern, problem):
    from journeyspec.engine.rules.predicates import check_regex

    assert problem in check_regex(pattern)
    assert check_regex(pattern.replace("[", "").replace("(", "")) is None
