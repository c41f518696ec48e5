"""What a map author reads when a preset does not fit the data: JS336-JS339, pinned as printed.

Each case runs `journeyspec check` as a user would and compares the whole error
output with a golden file in tests/engine/goldens/ (regenerate with
--update-goldens and review the diff).
"""

from __future__ import annotations

import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import journeyspec
from journeyspec.cli import main_group
from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine import SourceConfig, reduce
from tests.engine.test_presets import CASES, FIXTURES, journey_text


def check(tmp_path, monkeypatch, name: str, *flags: str, config: str = ""):
    case = CASES[name]
    (tmp_path / "shop.journey").write_text(journey_text(case.conditions, case.where), encoding="utf-8")
    if config:
        (tmp_path / "journeyspec.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main_group, ["check", "shop.journey", *flags])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def test_js336_a_file_that_is_not_the_named_export(tmp_path, monkeypatch, golden):
    # A GA4 export whose time column was renamed on the way out of BigQuery.
    frame = pd.read_parquet(FIXTURES / CASES["ga4"].file).rename(columns={"event_timestamp": "event_time"})
    frame.to_parquet(tmp_path / "ga4.parquet")
    output = check(tmp_path, monkeypatch, "ga4", "--data", "ga4.parquet", "--preset", "ga4")
    assert "error[JS336]" in output and "did you mean `event_time`?" in output
    golden("preset-js336.txt", output)


def test_js336_names_every_column_missing(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / CASES["posthog"].file, tmp_path / "events.parquet")
    output = check(tmp_path, monkeypatch, "posthog", "--data", "events.parquet", "--preset", "ga4")
    assert "`event_timestamp`" in output and "nor `event_name` (the event)" in output
    assert "nor `user_pseudo_id` (the user)" in output and "nor `event_params` (the session)" in output


def test_js336_not_for_a_column_the_user_names(tmp_path, monkeypatch):
    frame = pd.read_parquet(FIXTURES / CASES["ga4"].file).rename(columns={"event_timestamp": "ts"})
    frame.to_parquet(tmp_path / "ga4.parquet")
    case = CASES["ga4"]
    journey = journeyspec.parse(journey_text(case.conditions, case.where)).journeys[0]
    facts = reduce(journey, str(tmp_path / "ga4.parquet"), config=SourceConfig(preset="ga4", time="ts",
                                                                                 time_format="epoch_us"))
    assert facts.totals.rows == len(frame)


def test_js337_an_unknown_preset(tmp_path, monkeypatch, golden):
    (tmp_path / "configured").mkdir()
    configured = check(tmp_path / "configured", monkeypatch, "ga4",
                       config='[sources.default]\ndata = "x.parquet"\npreset = "google"\n')
    flagged = check(tmp_path, monkeypatch, "ga4", "--data", "x.parquet", "--preset", "snowplo")
    assert "did you mean `snowplow`?" in flagged and "unknown preset `google`" in configured
    root = str((tmp_path / "configured").resolve())
    golden("preset-js337.txt", configured.replace(root, "<project>") + flagged)


def test_js338_json_documents_on_an_engine_that_cannot_read_them():
    import ibis

    frame = pd.read_parquet(FIXTURES / CASES["posthog"].file)
    frame["timestamp"] = frame["timestamp"].astype(str)
    table = ibis.sqlite.connect().create_table("events", frame[["uuid", "event", "distinct_id", "properties",
                                                                "timestamp"]])
    case = CASES["posthog"]
    journey = journeyspec.parse(journey_text(case.conditions, case.where)).journeys[0]
    with pytest.raises(JourneyspecError) as error:
        reduce(journey, table, config=SourceConfig(preset="posthog"))
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS338" and "`properties` holds JSON documents" in diagnostic.message
    assert "sqlite" in diagnostic.message and "DuckDB or Spark" in diagnostic.help


def test_js339_properties_that_are_not_json(tmp_path, monkeypatch, golden):
    table = pq.read_table(FIXTURES / CASES["posthog"].file)
    properties = table.column("properties").to_pylist()
    properties[3] = properties[3][:40]  # cut short, as a CSV tool with a cell limit leaves it
    properties[7] = "None"
    table = table.set_column(table.schema.get_field_index("properties"), "properties", pa.array(properties))
    pq.write_table(table, tmp_path / "posthog.parquet")
    output = check(tmp_path, monkeypatch, "posthog", "--data", "posthog.parquet", "--preset", "posthog")
    assert "2 values of `properties`" in output
    golden("preset-js339.txt", output)
