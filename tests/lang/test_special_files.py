"""Paths that are not map files (a named pipe, a device, a huge file) are refused at once, not read forever."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from journeyspec.lang import source
from journeyspec.lang.source import read_map

ROOT = Path(__file__).resolve().parents[2]


def _limited() -> None:
    # Without the fix `compile /dev/zero` reads until memory runs out: cap it.
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def _start(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "journeyspec", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, preexec_fn=_limited)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_pipes_and_devices_are_refused_with_a_reason(tmp_path):
    pipe = tmp_path / "pipe.journey"
    os.mkfifo(pipe)
    runs = {
        "validate a pipe": (_start("validate", str(pipe)), "a named pipe"),
        "fmt a pipe": (_start("fmt", str(pipe)), "a named pipe"),
        "compile /dev/zero": (_start("compile", "/dev/zero"), "a device"),
    }
    for name, (run, kind) in runs.items():
        try:
            _, err = run.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            run.kill()
            run.communicate()
            pytest.fail(f"{name} hung")
        assert run.returncode == 2, (name, err)
        assert f"not a regular file ({kind})" in err and "Traceback" not in err, (name, err)


def test_a_file_past_the_cap_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.journey"
    path.write_bytes(b"#" * 101)
    monkeypatch.setattr(source, "MAX_MAP_BYTES", 100)
    with pytest.raises(OSError, match="larger than"):
        read_map(path)
    path.write_bytes(b"#" * 100)
    assert read_map(path) == b"#" * 100
