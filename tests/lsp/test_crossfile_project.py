"""Which files the server searches for the users of a library (no server session: the search alone)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pygls.workspace.position_codec import PositionCodec

from journeyspec.lsp.analysis import analyse
from journeyspec.lsp.crossfile import OpenDocument, Project
from journeyspec.lsp.index import home

pytestmark = pytest.mark.lsp

LIBRARY = 'library common {\n  step login { when event == "login" }\n}\n'
USER = 'use "shared/common.journey"\n\njourney a {\n  stage s {\n    step login from common\n  }\n  start login\n  success login\n}\n'


def _files(root: Path) -> tuple[Path, Path]:
    (root / "shared").mkdir()
    library, user = root / "shared" / "common.journey", root / "a.journey"
    library.write_text(LIBRARY)
    user.write_text(USER)
    (root / "other.journey").write_text('journey o {\n  stage s {\n    step x { when event == "x" }\n  }\n}\n')  # never compiled
    return library, user


def _users(project: Project, library: Path) -> list[str]:
    return [Path(a.path).name for a in project.users(home(str(library)), PositionCodec())]


def test_without_a_project_file_the_workspace_folder_bounds_the_search(tmp_path: Path):
    library, user = _files(tmp_path)
    project = Project()
    project.update([], [])
    assert _users(project, library) == []  # only the library's own folder: a.journey is above it
    project.update([], [str(tmp_path)])
    assert _users(project, library) == ["a.journey"]
    assert list(project._kept) == [home(str(user))]  # other.journey never names the library: never compiled


def test_a_project_file_is_the_top_and_open_text_wins(tmp_path: Path):
    library, user = _files(tmp_path)
    (tmp_path / "journeyspec.toml").write_text("")
    project = Project()
    project.update([], [])
    assert _users(project, library) == ["a.journey"]
    # The same file open in the editor, no longer using the library (unsaved): not a user any more.
    project.update([OpenDocument(user.resolve().as_uri(), 2, "journey a {\n  stage s {\n    step s\n  }\n}\n")], [])
    assert _users(project, library) == []


def test_the_servers_own_analysis_is_reused_only_when_it_reads_no_other_file(tmp_path: Path):
    _, user = _files(tmp_path)
    alone = tmp_path / "other.journey"
    project = Project()
    documents = [OpenDocument(p.resolve().as_uri(), 3, p.read_text()) for p in (alone, user)]
    project.update(documents, [])
    made = [analyse(d.uri, d.version, d.text, PositionCodec()) for d in documents]
    for analysis in made:
        project.offer(analysis)
    assert project.analysis(documents[0].uri, PositionCodec()) is made[0]  # no `use`: compiled once
    assert project.analysis(documents[1].uri, PositionCodec()) is not made[1]  # reads the library: made here
    project.update([OpenDocument(documents[0].uri, 4, documents[0].text + "\n")], [])
    assert project.analysis(documents[0].uri, PositionCodec()) is not made[0]  # a newer version
