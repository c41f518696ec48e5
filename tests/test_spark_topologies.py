"""The DuckDB-parity tests on real Spark topologies: a standalone cluster and a Spark Connect server on 127.0.0.1.

Each topology starts once per test session (both at once, their JVMs warming
up side by side), runs the parity tests of tests/engine/test_spark.py and
tests/check/test_spark.py in a pytest of its own (see tests/spark_topologies.py
for why), and stops at the end. Skipped, with the reason, only without Java.
"""

from __future__ import annotations

import os
import re
import threading

import pytest

from tests.spark_topologies import (
    MASTER_ENV,
    PARITY_TESTS,
    REMOTE_ENV,
    java_missing,
    run_parity,
    start_connect,
    start_standalone,
)

pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
pytestmark = [pytest.mark.spark, pytest.mark.slow,
              pytest.mark.skipif(java_missing() is not None, reason=java_missing() or ""),
              pytest.mark.skipif(bool(os.environ.get(MASTER_ENV) or os.environ.get(REMOTE_ENV)),
                                 reason="already inside a topology's own run")]


@pytest.fixture(scope="session")
def topologies(tmp_path_factory):
    """Both topologies, started side by side: {"standalone": spark://..., "connect": sc://...}."""
    folder = tmp_path_factory.mktemp("spark-topologies")
    started: dict = {}
    failures: dict = {}

    def start(name, function):
        try:
            started[name] = function(folder)
        except BaseException as error:  # noqa: BLE001 - reported by the test that needs it
            failures[name] = error

    threads = [threading.Thread(target=start, args=(name, function))
               for name, function in (("standalone", start_standalone), ("connect", start_connect))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        yield {name: address for name, (address, _) in started.items()} | {"failures": failures, "folder": folder}
    finally:
        for _, services in started.values():
            for service in services:
                service.stop()


@pytest.mark.parametrize("name, setting", [("standalone", MASTER_ENV), ("connect", REMOTE_ENV)])
def test_parity_tests_pass_on_the_topology(topologies, name, setting):
    if name in topologies["failures"]:
        raise topologies["failures"][name]
    run = run_parity(setting, topologies[name], topologies["folder"] / name)
    counted = re.search(r"(\d+) passed", run.stdout)
    expected = len(PARITY_TESTS)
    assert run.returncode == 0 and counted and int(counted.group(1)) == expected, run.stdout[-4000:] + run.stderr[-2000:]
    assert not re.search(r"\d+ (skipped|failed|error)", run.stdout), run.stdout[-4000:]
