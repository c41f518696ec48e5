"""Real Spark topologies on 127.0.0.1 for the parity tests: a standalone cluster and a Spark Connect server.

Each is started with the pyspark package's own launchers (``spark-class``,
``spark-submit``), on free ports, with its logs in a temporary folder, and
stopped by the session fixture that started it (tests/conftest.py).

PySpark allows one kind of session per process: once a Spark Connect session
exists, no classic SparkContext can start (``CONTEXT_UNAVAILABLE_FOR_REMOTE_CLIENT``),
and one process has one JVM driver with one master. So the parity tests run
against an extra topology in a pytest of their own (:func:`run_parity`), told
where Spark is by ``JOURNEYSPEC_TEST_SPARK_MASTER`` or ``JOURNEYSPEC_TEST_SPARK_REMOTE``,
which :func:`topology` reads.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

MASTER_ENV = "JOURNEYSPEC_TEST_SPARK_MASTER"
REMOTE_ENV = "JOURNEYSPEC_TEST_SPARK_REMOTE"
ROOT = Path(__file__).resolve().parents[1]

#: The DuckDB-parity tests run again on each extra topology, the essential ones (each costs a JVM's seconds
#: there, and this set runs in every `make test`): a whole check with a baseline (every query of the reduction
#: on Parquet, every metric, each compared with DuckDB's), every fact read from CSV (the other reader, every
#: fact to the last digit), sessions cut by a gap (the one query shape a whole check does not take), and a
#: group of steps with ties (arrays of structs sorted per path). Left to local mode: the Parquet facts (the
#: whole check reads Parquet) and `scope user` (the same queries over another key column).
PARITY_TESTS = [
    "tests/check/test_spark.py::test_every_metric_on_spark",
    "tests/engine/test_spark.py::test_identical_facts[csv]",
    "tests/engine/test_spark.py::test_identical_variants_of_each_rule[gap]",
    "tests/engine/test_spark.py::test_groups_and_ties_give_identical_facts_on_spark",
]


def topology() -> dict:
    """The ``SourceConfig`` settings of the Spark the tests of this process run on: {} is local mode."""
    if os.environ.get(REMOTE_ENV):
        return {"spark_remote": os.environ[REMOTE_ENV]}
    if os.environ.get(MASTER_ENV):
        return {"spark_master": os.environ[MASTER_ENV]}
    return {}


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Service:
    """A JVM started in its own process group, its output in ``log``; :meth:`stop` ends the group."""

    def __init__(self, name: str, command: list[str], log: Path, port: int, env: dict) -> None:
        self.name, self.log, self.port = name, log, port
        with open(log, "wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                            stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_listening(self, seconds: float, ready: str | None = None) -> None:
        """Until the port accepts connections (and ``ready`` is in the log), or fail with the log's tail."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    if ready is None or ready in self.log.read_text(errors="replace"):
                        return
            except OSError:
                pass
            time.sleep(0.3)
        tail = self.log.read_text(errors="replace")[-3000:]
        self.stop()
        raise RuntimeError(f"{self.name} did not start within {seconds:g} s; its log ({self.log}) ends:\n{tail}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def _env() -> dict:
    env = dict(os.environ, SPARK_HOME=str(spark_home()), SPARK_LOCAL_IP="127.0.0.1",
               PYSPARK_PYTHON=sys.executable, SPARK_NO_DAEMONIZE="1")
    for name in (MASTER_ENV, REMOTE_ENV, "PYSPARK_GATEWAY_PORT", "PYSPARK_GATEWAY_SECRET", "SPARK_REMOTE",
                 "SPARK_CONNECT_MODE_ENABLED"):
        env.pop(name, None)
    return env


def start_standalone(folder: Path) -> tuple[str, list[Service]]:
    """A master and one worker (1 core, 1 GB) on 127.0.0.1: (``spark://127.0.0.1:PORT``, services)."""
    spark_class = str(spark_home() / "bin" / "spark-class")
    port, env = free_port(), _env()
    master = Service("the standalone master", [spark_class, "org.apache.spark.deploy.master.Master",
                                               "--host", "127.0.0.1", "--port", str(port),
                                               "--webui-port", str(free_port())],
                     folder / "master.log", port, env)
    master.wait_listening(180)
    url = f"spark://127.0.0.1:{port}"
    worker_port = free_port()
    worker = Service("the standalone worker", [spark_class, "org.apache.spark.deploy.worker.Worker",
                                               "--host", "127.0.0.1", "--port", str(worker_port),
                                               "--webui-port", str(free_port()), "--cores", "2", "--memory", "1g",
                                               "--work-dir", str(folder / "work"), url],
                     folder / "worker.log", worker_port, env)
    try:
        worker.wait_listening(180)
        _wait_for(lambda: "Successfully registered with master" in (folder / "worker.log").read_text(errors="replace"),
                  120, "the worker did not register with the master", folder / "worker.log")
    except BaseException:
        master.stop()
        worker.stop()
        raise
    return url, [worker, master]


def start_connect(folder: Path) -> tuple[str, list[Service]]:
    """A Spark Connect server (local mode inside) on 127.0.0.1: (``sc://127.0.0.1:PORT``, services)."""
    port = free_port()
    command = [str(spark_home() / "bin" / "spark-submit"),
               "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
               "--master", "local[2]", "--conf", "spark.ui.enabled=false",
               "--conf", "spark.sql.shuffle.partitions=8",
               "--conf", f"spark.connect.grpc.binding.port={port}",
               "--conf", "spark.connect.grpc.binding.address=127.0.0.1", "spark-internal"]
    server = Service("the Spark Connect server", command, folder / "connect.log", port, _env())
    server.wait_listening(240, ready="SparkConnectServer")
    return f"sc://127.0.0.1:{port}", [server]


def _wait_for(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise RuntimeError(f"{what} within {seconds:g} s; see {log}")


def run_parity(setting: str, address: str, folder: Path) -> subprocess.CompletedProcess:
    """The parity tests in their own pytest, on the Spark at ``address`` (``MASTER_ENV`` or ``REMOTE_ENV``)."""
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, **{setting: address}, SPARK_LOCAL_IP="127.0.0.1",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--basetemp", str(folder / "pytest"), *PARITY_TESTS],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)


def java_missing() -> str | None:
    """Why the topologies cannot start here, or None."""
    if shutil.which("java") is None:
        return "Java is not on PATH: the Spark topologies need Java 17 (make test's machine has it)"
    return None
