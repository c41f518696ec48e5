"""The analysed grammar kept between processes: same parser, never a failure of its own."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from lark import logger as lark_logger

from journeyspec.lang.front import parser as parser_module
from journeyspec.lang.front import parser_cache

ROOT = Path(__file__).resolve().parents[2]
MAPS = sorted((ROOT / "maps").glob("*.journey"))
BROKEN = sorted((ROOT / "tests" / "corpus" / "broken").glob("*.journey"))[:20]
GRAMMAR = (ROOT / "journeyspec" / "lang" / "front" / "journey.lark").read_text(encoding="utf-8")


def _build(folder: Path, monkeypatch):
    """A parser made through the cache in ``folder``, and the cache builder's calls."""
    monkeypatch.setenv("JOURNEYSPEC_CACHE_DIR", str(folder))
    calls = []
    original = parser_module.lark_parser.__wrapped__

    def counting_build(grammar, build):
        def recorded(cache=False):
            calls.append(cache)
            return build(cache=cache)

        return parser_cache_build(grammar, recorded)

    parser_cache_build = parser_cache.build_cached
    monkeypatch.setattr(parser_module, "build_cached", counting_build)
    return original(), calls


def _outcomes(parser, monkeypatch, paths):
    monkeypatch.setattr(parser_module, "lark_parser", lambda strict=False: parser)
    found = []
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        tree, diagnostics = parser_module.parse_syntax(text, path.name)
        found.append((tree, [(d.code, d.span, d.message) for d in diagnostics]))
    return found


def test_a_cached_parser_is_the_same_parser(tmp_path, monkeypatch):
    built, first_calls = _build(tmp_path, monkeypatch)
    written = list(tmp_path.glob("parser-*.lark"))
    assert len(written) == 1 and not list(tmp_path.glob("*.partial"))
    loaded, second_calls = _build(tmp_path, monkeypatch)
    assert first_calls[0] != str(written[0])  # built under a unique name, then renamed
    assert second_calls == [str(written[0])]  # read back from the cache file
    expected = _outcomes(parser_module.lark_parser.__wrapped__(strict=True), monkeypatch, MAPS + BROKEN)
    assert _outcomes(built, monkeypatch, MAPS + BROKEN) == expected
    assert _outcomes(loaded, monkeypatch, MAPS + BROKEN) == expected


def test_the_file_name_follows_the_grammar(tmp_path):
    assert parser_cache.cache_file(GRAMMAR, tmp_path) == parser_cache.cache_file(GRAMMAR, tmp_path)
    assert parser_cache.cache_file(GRAMMAR, tmp_path) != parser_cache.cache_file(GRAMMAR + "\n// changed", tmp_path)


def test_a_damaged_cache_file_is_rebuilt_silently(tmp_path, monkeypatch, capfd, caplog):
    # Even with lark's own logging turned up (it is silent by default), no traceback reaches the user.
    monkeypatch.setattr(lark_logger, "level", lark_logger.level)  # restored after the test
    lark_logger.setLevel(logging.DEBUG)
    _build(tmp_path, monkeypatch)
    (cached,) = tmp_path.glob("parser-*.lark")
    data = cached.read_bytes()
    header = data[: data.index(b"\n") + 1]  # the grammar's hash: still right, so lark reads on
    cached.write_bytes(header + b"\x80\x04damaged")  # and finds a broken pickle, as after a full disk
    parser, _ = _build(tmp_path, monkeypatch)
    assert _outcomes(parser, monkeypatch, MAPS[:1])[0][0] is not None
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""
    assert not [record for record in caplog.records if record.name == "lark" and record.levelno >= logging.WARNING]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder this user cannot write")
def test_an_unwritable_cache_folder_changes_nothing(tmp_path, monkeypatch, capfd):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        parser, calls = _build(folder / "journeyspec", monkeypatch)
    finally:
        folder.chmod(stat.S_IRWXU)
    assert calls == [False]
    assert _outcomes(parser, monkeypatch, MAPS[:1])[0][0] is not None
    assert capfd.readouterr().err == ""


def test_a_cache_path_that_is_a_file_changes_nothing(tmp_path, monkeypatch, capfd):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    parser, calls = _build(blocker, monkeypatch)
    assert calls == [False]
    assert _outcomes(parser, monkeypatch, MAPS[:1])[0][0] is not None
    assert capfd.readouterr().err == ""


def test_an_empty_setting_switches_the_cache_off(monkeypatch):
    monkeypatch.setenv("JOURNEYSPEC_CACHE_DIR", "")
    assert parser_cache.cache_folder() is None
    monkeypatch.setenv("JOURNEYSPEC_CACHE_DIR", "/some/where")
    assert parser_cache.cache_folder() == Path("/some/where")
    monkeypatch.delenv("JOURNEYSPEC_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/x")
    if os.name == "posix":
        assert parser_cache.cache_folder() == Path("/x/journeyspec")
