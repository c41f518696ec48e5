"""The project's one answer to "which data does this journey read" and "which maps are these"."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.source.config import SourceConfig
from journeyspec.project import (
    MapsNotFound,
    baseline_for,
    data_for,
    describe_data,
    find_config_file,
    find_maps,
    load_config,
    names_a_source,
)

CONFIG = """
[tool.journeyspec.sources.default]
data = "events/all.parquet"
event = "name"

[tool.journeyspec.sources.checkout]
data = "events/checkout.csv"
time_format = "epoch_ms"

[tool.journeyspec.sources.prod]
data = "s3://bucket/prod/*.parquet"
session = "sid"
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_journey_without_data_reads_the_source_named_like_it(project):
    data, config = data_for("checkout")
    assert data == str(project / "events/checkout.csv")
    assert config.time_format == "epoch_ms"


def test_a_journey_without_its_own_source_reads_default(project):
    data, config = data_for("support")
    assert data == str(project / "events/all.parquet") and config.event == "name"


def test_a_bare_word_names_a_configured_source_and_a_path_keeps_defaults_mapping(project):
    assert data_for("checkout", "prod")[1].session == "sid"
    data, config = data_for("checkout", "other.parquet")
    assert data == "other.parquet" and config.event == "name" and config.time_format is None


def test_a_file_named_like_a_word_is_a_path_not_a_source(project):
    (project / "prod").write_text("x", encoding="utf-8")
    assert not names_a_source("prod")
    assert data_for("checkout", "prod")[0] == "prod"


def test_source_gives_the_mapping_and_data_the_events(project):
    data, config = data_for("checkout", "today.parquet", source="prod")
    assert data == "today.parquet" and config.session == "sid"


def test_an_explicit_config_wins_and_overrides_apply_key_by_key(project):
    mine = SourceConfig(data="mine.parquet", event="kind")
    assert data_for("checkout", config=mine) == ("mine.parquet", mine)
    data, config = data_for("checkout", overrides={"time_format": "epoch_s", "engine": "spark"})
    assert config.time_format == "epoch_s" and config.engine == "spark"
    assert data == str(project / "events/checkout.csv")


def test_an_unknown_source_name_lists_the_configured_ones(project):
    with pytest.raises(JourneyspecError) as caught:
        data_for("checkout", source="staging")
    assert caught.value.diagnostics[0].code == "JS306"
    assert "`default`, `checkout`, `prod`" in caught.value.diagnostics[0].help


def test_a_baseline_path_reads_like_the_data_and_a_named_one_like_itself(project):
    _, primary = data_for("checkout")
    assert baseline_for("last_week.csv", primary) == ("last_week.csv", primary)
    data, config = baseline_for("prod", primary)
    assert data == "s3://bucket/prod/*.parquet" and config.session == "sid"


def test_the_nearest_journeyspec_toml_wins_over_pyproject(project):
    (project / "journeyspec.toml").write_text('[sources.default]\nevent = "action"\n', encoding="utf-8")
    path, _ = find_config_file()
    assert path.name == "journeyspec.toml"
    assert load_config().event == "action"


def test_without_a_configuration_the_canonical_columns_apply(tmp_path):
    assert find_config_file(tmp_path) is None
    assert load_config(start=tmp_path) == SourceConfig()
    with pytest.raises(JourneyspecError, match="no journeyspec configuration was found"):
        load_config("prod", start=tmp_path)


def test_reports_name_data_as_given():
    assert describe_data(Path("a.parquet")) == "a.parquet" and describe_data(object()) == "object"


@pytest.fixture
def maps(tmp_path):
    for name in ("a/one.journey", "a/two.journey", "b/three.journey", "a/.hidden/four.journey", "a/notes.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
    return tmp_path


def test_folders_files_and_globs_name_map_files_in_order_without_repeats(maps):
    found = find_maps(["a", "b/three.journey", "**/one.journey"], maps)
    assert [p.relative_to(maps).as_posix() for p in found] == ["a/one.journey", "a/two.journey", "b/three.journey"]


def test_a_glob_that_matches_nothing_is_no_error_but_a_missing_path_is(maps):
    assert find_maps(["c/*.journey"], maps) == []
    with pytest.raises(MapsNotFound) as caught:
        find_maps(["a", "c", "d.journey"], maps)
    assert caught.value.missing == ["c", "d.journey"]
    assert str(caught.value) == "no such file or folder: c, d.journey"


@pytest.mark.parametrize("name", ["maps[v2].journey", "what?.journey", "all*.journey"])
def test_an_existing_map_with_glob_characters_in_its_name_is_that_file(tmp_path, name):
    (tmp_path / name).write_text("", encoding="utf-8")
    assert find_maps([name], tmp_path) == [tmp_path / name]
