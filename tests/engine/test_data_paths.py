"""What a data path names: an existing file even with glob characters; a clear reason when it is no data file."""

from __future__ import annotations

import os

import pytest

from journeyspec.diagnostics import JourneyspecError
from journeyspec.engine.source.open import expand_files


def _message(spec: str) -> str:
    with pytest.raises(JourneyspecError) as error:
        expand_files(spec)
    (diagnostic,) = error.value.diagnostics
    assert diagnostic.code == "JS301"
    return diagnostic.message


@pytest.mark.parametrize("name", ["events[1].csv", "events*.csv", "events?.csv"])
def test_an_existing_file_is_that_file_not_a_glob(tmp_path, name):
    (tmp_path / name).write_text("session,time,event\n", encoding="utf-8")
    (tmp_path / "events1.csv").write_text("session,time,event\n", encoding="utf-8")  # what the glob would match
    assert expand_files(str(tmp_path / name)) == [str(tmp_path / name)]


def test_a_name_that_does_not_exist_is_still_a_glob(tmp_path):
    (tmp_path / "events1.csv").write_text("", encoding="utf-8")
    assert expand_files(str(tmp_path / "events[0-9].csv")) == [str(tmp_path / "events1.csv")]


def test_a_device_is_not_a_missing_file():
    assert _message(os.devnull) == f"cannot read {os.devnull}: it is not a regular file (a device)"


def test_a_symbolic_link_loop_is_named(tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    assert "symbolic link that leads back to itself" in _message(str(loop))


def test_a_dangling_link_is_named(tmp_path):
    link = tmp_path / "gone.csv"
    link.symlink_to(tmp_path / "nowhere.csv")
    assert "symbolic link to a file that does not exist" in _message(str(link))


def test_a_folder_with_only_a_readme_holds_no_data(tmp_path):
    (tmp_path / "readme.txt").write_text("these are the events of May\n", encoding="utf-8")
    assert _message(str(tmp_path)) == f"the folder {tmp_path} holds no .parquet, .csv or .json files"


def test_a_readme_beside_the_data_is_left_out(tmp_path):
    (tmp_path / "README.TXT").write_text("notes\n", encoding="utf-8")
    (tmp_path / "events.csv").write_text("session,time,event\n", encoding="utf-8")
    assert expand_files(str(tmp_path)) == [str(tmp_path / "events.csv")]


def test_a_text_file_named_on_its_own_is_still_csv(tmp_path):
    (tmp_path / "events.txt").write_text("session,time,event\n", encoding="utf-8")
    assert expand_files(str(tmp_path / "events.txt")) == [str(tmp_path / "events.txt")]
