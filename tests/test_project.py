"""The project's one answer to "which data does this journey read" and "which maps are these"."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.source.config import SourceConfig
from journeyspec.project import (
    DataRequest,
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
    assert data == "events/checkout.csv"  # the project is the current folder: named as reports name it
    assert config.time_format == "epoch_ms"


def test_a_journey_without_its_own_source_reads_default(project):
    data, config = data_for("support")
    assert data == "events/all.parquet" and config.event == "name"


def test_a_bare_word_names_a_configured_source_and_a_path_is_read_with_the_journeys_own_mapping(project):
    assert data_for("checkout", "prod")[1].session == "sid"
    data, config = data_for("checkout", "other.parquet")
    assert data == "other.parquet" and config == load_config("checkout")  # as without data: time_format epoch_ms
    data, config = data_for("support", "other.parquet")  # no source of its own: default's mapping
    assert data == "other.parquet" and config == load_config()


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
    assert data == "events/checkout.csv"


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


def test_reports_name_data_relative_to_the_project_without_dots(project):
    (project / "sub").mkdir()
    assert describe_data(Path("a.parquet")) == "a.parquet" and describe_data(object()) == "object"
    assert describe_data(str(project / "sub" / ".." / "events" / "./x.csv")) == "events/x.csv"
    assert describe_data("sub/../events/*.parquet") == "events/*.parquet"
    assert describe_data("s3://bucket/a/../b.parquet") == "s3://bucket/a/../b.parquet"  # a URI is the store's to read
    assert describe_data(str(project.parent / "elsewhere.csv")) == (project.parent / "elsewhere.csv").as_posix()


def test_from_a_sub_folder_paths_are_named_from_the_project_and_read_absolute(project, monkeypatch):
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    assert describe_data("../events/x.csv") == "events/x.csv"
    assert data_for("checkout")[0] == str(project / "events/checkout.csv")
    assert data_for("checkout", "../events/x.csv")[0] == str(project / "events/x.csv")


def test_a_configured_path_with_dots_is_normalised(tmp_path, monkeypatch):
    """`data = "../shared/x.csv"` in /p/proj/pyproject.toml is /p/shared/x.csv, never /p/proj/../shared/x.csv."""
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "journeyspec.toml").write_text('[sources.default]\ndata = "../shared/x.csv"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "proj")
    assert data_for("any")[0] == str(tmp_path / "shared" / "x.csv")
    assert describe_data(data_for("any")[0]) == (tmp_path / "shared" / "x.csv").as_posix()


def test_a_dot_dot_out_of_a_link_is_followed_not_cut(tmp_path, monkeypatch):
    """`link/../x.csv` is the `x.csv` beside the link's target, as the system reads it, not beside the link."""
    (tmp_path / "store" / "deep").mkdir(parents=True)
    (tmp_path / "store" / "x.csv").write_text("real", encoding="utf-8")
    (tmp_path / "x.csv").write_text("wrong", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "store" / "deep")
    monkeypatch.chdir(tmp_path)
    assert describe_data("link/../x.csv") == "store/x.csv"
    (tmp_path / "data.csv").symlink_to(tmp_path / "store" / "x.csv")
    assert describe_data("data.csv") == "data.csv"  # a link itself keeps its name (git-annex, DVC)


def test_a_path_is_read_from_the_base_it_was_written_for(project):
    (project / "conf").mkdir()
    (project / "conf" / "prod").write_text("", encoding="utf-8")
    assert data_for("checkout", "x.csv", base=project / "conf")[0] == "conf/x.csv"
    assert data_for("checkout", "prod", base=project / "conf")[0] == "conf/prod"  # a file there, not the source
    assert data_for("checkout", "prod", base=project)[1].session == "sid"


def test_requests_and_resolved_data_are_read_as_they_are(project):
    request = DataRequest("other.parquet")
    resolved = request.for_journey("checkout")
    assert (resolved.data, resolved.config) == data_for("checkout", "other.parquet") == data_for("checkout", request)
    assert data_for("checkout", resolved) == (resolved.data, resolved.config)
    assert data_for("support", resolved)[1] == load_config("checkout")  # resolved once, for checkout: kept
    assert str(resolved) == "other.parquet" and str(DataRequest()) == "each journey's configured source"
    assert str(DataRequest("prod")) == "source `prod`"


def test_no_data_anywhere_is_an_error_that_says_what_to_configure(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(JourneyspecError) as caught:
        data_for("shop")
    (problem,) = caught.value.diagnostics
    assert problem.code == "JS301" and "no data for journey `shop`" in problem.message
    assert "no journeyspec configuration was found" in problem.message
    assert "[tool.journeyspec.sources.default]" in problem.help and "--journeyspec-data" in problem.help
    (tmp_path / "journeyspec.toml").write_text('[sources.default]\nevent = "name"\n', encoding="utf-8")
    with pytest.raises(JourneyspecError) as caught:
        data_for("shop")
    (problem,) = caught.value.diagnostics
    assert "[sources.default] in" in problem.message and "sets no `data`" in problem.message
    assert "[sources.shop] (for this journey only) or [sources.default]" in problem.help


def test_no_data_names_the_source_that_was_read(tmp_path, monkeypatch):
    (tmp_path / "journeyspec.toml").write_text('[sources.default]\ndata = "x.csv"\n[sources.prod]\nsession = "sid"\n'
                                               '[sources.shop]\nevent = "name"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for journey_id, kwargs, named in [("any", {"source": "prod"}, "prod"), ("any", {"data": "prod"}, "prod"),
                                      ("shop", {}, "shop")]:
        with pytest.raises(JourneyspecError) as caught:
            data_for(journey_id, **kwargs)
        (problem,) = caught.value.diagnostics
        assert f"[sources.{named}] in {tmp_path / 'journeyspec.toml'} sets no `data`" in problem.message
        assert f"in [sources.{named}] of journeyspec.toml" in problem.help
    with pytest.raises(JourneyspecError, match="the `config` passed has no `data`"):
        data_for("any", config=SourceConfig())


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
