"""Spark's own output stays off the terminal unless asked for: `check --engine spark` in a real process.

The JVM writes log4j lines, "Using Spark's default log4j profile" and stage
progress bars to the terminal it inherits; journeyspec's stderr must hold none
of them by default, and all of them with ``--verbose``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.engine.test_spark_diagnostics import MAP

pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
pytestmark = [pytest.mark.spark, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def _check(folder: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for name in ("JOURNEYSPEC_TEST_SPARK_MASTER", "JOURNEYSPEC_TEST_SPARK_REMOTE", "PYSPARK_GATEWAY_PORT"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "journeyspec", "check", "mini.journey", "--data", "events.parquet",
                           "--time-format", "epoch_s", "--engine", "spark", *extra],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_spark_prints_nothing_of_its_own_unless_verbose(tmp_path):
    pq.write_table(pa.table({"session": ["a", "a", "b"], "time": [1, 2, 3], "event": ["home", "pay", "home"]}),
                   tmp_path / "events.parquet")
    (tmp_path / "mini.journey").write_text(MAP, encoding="utf-8")
    quiet = _check(tmp_path)
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert quiet.stderr == ""  # not one log4j line, JVM warning or progress bar
    assert "2 sessions" in quiet.stdout and "50.0%" in quiet.stdout, quiet.stdout
    verbose = _check(tmp_path, "--verbose")
    assert verbose.returncode == 0, verbose.stdout + verbose.stderr
    assert "log4j" in verbose.stderr, verbose.stderr  # Spark's own lines, let through
    assert verbose.stdout == quiet.stdout
