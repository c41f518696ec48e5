"""journeyspec.files: every file is written whole or not at all, and a failure says what, where and what to do."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from journeyspec import files
from journeyspec.files import WriteError, atomic_path, copy_file, write_bytes, write_text


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_text_is_written_as_its_utf8_bytes_with_no_newline_translation(tmp_path):
    target = tmp_path / "map.journey"
    assert write_text(target, "journey a {\n  é\r\n}\n") == target
    assert target.read_bytes() == "journey a {\n  é\r\n}\n".encode()
    write_bytes(target, b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"
    assert _listing(tmp_path) == ["map.journey"]


def test_a_failure_inside_the_block_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "report.json"
    target.write_bytes(b"the earlier report")
    with pytest.raises(WriteError) as caught, atomic_path(target) as partial:
        partial.write_bytes(b"half a rep")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_bytes() == b"the earlier report"
    assert _listing(tmp_path) == ["report.json"]
    error = caught.value
    assert isinstance(error, OSError) and error.errno == errno.ENOSPC and error.filename == str(target)
    assert str(error) == (f"cannot write {target}: the disk is full; free some space, or write somewhere else "
                          f"({target} is unchanged)")


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit, ValueError])
def test_an_interruption_is_raised_as_it_was_and_still_cleans_up(tmp_path, stop):
    target = tmp_path / "events.parquet"
    target.write_bytes(b"PAR1 earlier")
    with pytest.raises(stop), atomic_path(target) as partial:
        partial.write_bytes(b"PAR1 new, not finished")
        raise stop()
    assert target.read_bytes() == b"PAR1 earlier"
    assert _listing(tmp_path) == ["events.parquet"]


def test_the_temporary_file_is_hidden_beside_the_target(tmp_path):
    with atomic_path(tmp_path / "a.svg") as partial:
        assert partial.parent == tmp_path and partial.name.startswith(".a.svg.") and partial.exists()
        partial.write_text("<svg/>")
    assert _listing(tmp_path) == ["a.svg"]


def test_a_failed_rename_leaves_the_target_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "map.journey"
    target.write_text("before")

    def refuse(*_):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(WriteError, match="permission denied; write to a folder you may write to"):
        write_text(target, "after")
    assert target.read_text() == "before" and _listing(tmp_path) == ["map.journey"]


def test_a_replaced_file_keeps_its_permission_bits_and_a_new_one_follows_the_umask(tmp_path):
    kept = tmp_path / "kept.journey"
    kept.write_text("before")
    kept.chmod(0o640)
    write_text(kept, "after")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    previous = os.umask(0o027)
    try:
        write_text(tmp_path / "new.json", "{}")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640  # 0o666 less 0o027: not mkstemp's 0o600


def test_missing_folders_are_created_and_removed_again_when_the_write_fails(tmp_path):
    write_text(tmp_path / "reports" / "today" / "check.md", "# ok\n")
    assert (tmp_path / "reports" / "today" / "check.md").read_text() == "# ok\n"
    with pytest.raises(WriteError, match="nothing was written"), atomic_path(tmp_path / "out" / "deep" / "x.csv"):
        raise OSError(errno.EFBIG, "File too large")
    assert _listing(tmp_path) == ["reports", "reports/today", "reports/today/check.md"]


def test_a_folder_is_not_replaced_by_a_file(tmp_path):
    (tmp_path / "site").mkdir()
    with pytest.raises(WriteError, match=r"it is a folder; give the name of a file to write \(.* is unchanged\)"):
        write_text(tmp_path / "site", "x")
    assert (tmp_path / "site").is_dir()


def test_a_file_in_the_way_of_a_folder_is_a_clean_error(tmp_path):
    (tmp_path / "map.journey").write_text("x")
    with pytest.raises(WriteError, match="part of the path is a file, not a folder"):
        write_text(tmp_path / "map.journey" / "out.json", "{}")
    assert _listing(tmp_path) == ["map.journey"]


def test_a_symbolic_link_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "maps" / "checkout.journey"
    real.parent.mkdir()
    real.write_text("before")
    link = tmp_path / "checkout.journey"
    link.symlink_to(real)
    write_text(link, "after")
    assert link.is_symlink() and real.read_text() == "after"


def test_copy_is_all_or_nothing_too(tmp_path):
    (tmp_path / "source.svg").write_text("<svg/>")
    copy_file(tmp_path / "source.svg", tmp_path / "images" / "copy.svg")
    assert (tmp_path / "images" / "copy.svg").read_text() == "<svg/>"
    with pytest.raises(FileNotFoundError) as caught:  # reading the source failed, not writing the copy
        copy_file(tmp_path / "missing.svg", tmp_path / "images" / "copy.svg")
    assert not isinstance(caught.value, WriteError)
    assert (tmp_path / "images" / "copy.svg").read_text() == "<svg/>"
    assert _listing(tmp_path / "images") == ["copy.svg"]


def test_the_errno_of_a_pyarrow_message_is_read_from_its_text():
    # pyarrow's writers say "[Errno 27] Error writing bytes to file. Detail: [errno 27] File too large".
    error = WriteError("events.parquet", OSError("Error writing bytes to file. Detail: [errno 28] No space left"))
    assert error.errno == errno.ENOSPC and error.reason == "the disk is full"
    assert str(WriteError("x", OSError("something odd"))) == "cannot write x: something odd (nothing was written)"
