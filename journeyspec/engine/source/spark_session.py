"""The Spark session journeyspec reads with: local mode, a cluster master, or Spark Connect.

Three routes, one function (:func:`spark_session`), and what can go wrong on
each said as a diagnostic before Spark's own retries or stack traces:

- ``local[*]`` (the default) and cluster masters (``spark://host:7077``,
  ``yarn``...): a classic session with a JVM driver in this process;
- ``sc://host:15002`` (Spark Connect: Databricks, EMR, Dataproc, Spark 4): a
  thin gRPC client. Nothing on this route touches the JVM-only API
  (``sparkContext``, RDDs, Python UDFs); Ibis reads a Connect session as it
  reads a classic one.

Quiet by default: the JVM's log4j lines and Spark's console progress bars
would interleave with journeyspec's report on the terminal, so a classic
session starts with logging off and no progress bar; :func:`show_spark_output`
(``--verbose`` on the command line) lets them through. journeyspec's own
progress line shows Spark's stages instead (:mod:`.spark_progress`). A Connect client starts
no JVM and draws no progress bar unless ``SPARK_CONNECT_PROGRESS_BAR_ENABLED=1``.

Secrets: a token may sit in the ``sc://`` URL (``;token=...``) or, as PySpark
reads it, in the ``SPARK_CONNECT_AUTHENTICATE_TOKEN`` environment variable.
Every message prints the address through :func:`~.spark_address.shown`, and
Spark's own error text passes through the same mask.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
import threading
from pathlib import Path

from journeyspec.engine.errors import data_error, first_line, python_mismatch
from journeyspec.engine.source.spark_address import PROBE_SECONDS, SparkAddress, parse, shown, unreachable

#: How long a Connect server has to answer its first request (its session's version).
HANDSHAKE_SECONDS = 60.0

# What Spark Connect's client imports, by module, with the package that brings it
# (pyspark.sql.connect.utils.check_dependencies asks for the same, one at a time).
CONNECT_NEEDS = {
    "pandas": "pandas",
    "pyarrow": "pyarrow",
    "grpc": "grpcio",
    "grpc_status": "grpcio-status",
    "google.rpc": "googleapis-common-protos",
}

# log4j2 logging to nowhere: Spark's errors reach journeyspec as exceptions and become
# diagnostics, so nothing the JVM logs belongs on the user's terminal unless asked for. The
# root logger needs an appender (a Null one): Spark takes a root logger without any for an
# unconfigured log4j and loads its own noisy profile instead; and its level is WARN, the
# level Spark's shell sets, or Spark prints "Setting default log level" to change it.
_QUIET_LOG4J = """\
status = error
appender.nothing.type = Null
appender.nothing.name = nothing
rootLogger.level = warn
rootLogger.appenderRef.nothing.ref = nothing
"""

_settings = {"verbose": False}
_sessions: dict[tuple[str | None, str | None], object] = {}


def show_spark_output(shown_: bool) -> None:
    """Let Spark's log4j lines and progress bars through to the terminal (``--verbose``), or keep them off.

    Applies to sessions started afterwards; a running session keeps how it started.
    """
    _settings["verbose"] = bool(shown_)


def spark_session(master: str | None = None, remote: str | None = None):
    """A SparkSession in UTC, started once per (master, remote).

    Args:
        master: A Spark master URL (``local[*]`` when None; ``spark://host:7077``, ``yarn``...).
        remote: A Spark Connect address (``sc://host:15002``); when given, used instead of ``master``.

    Raises:
        JourneyspecError: JS309 when PySpark or Java is missing or Spark does not start, JS350
            when the master or Connect server does not answer, JS351 when Spark Connect's client
            packages are missing, JS353 when the executors run another Python than this one.
    """
    key = (None if remote else master, remote)
    session = _sessions.get(key)
    if session is not None and _alive(session):
        return session
    address = parse(master, remote)
    _need_pyspark()
    if address.kind == "connect":
        _need_connect_client()
    elif shutil.which("java") is None:
        raise data_error("JS309", "the Spark engine needs Java, and `java` is not on PATH", help="install Java 17")
    _answers(address)
    session = _connect(address) if address.kind == "connect" else _classic(address)
    _sessions[key] = session
    return session


def stop_spark_sessions() -> None:
    """Stop every session :func:`spark_session` started (a test switching topologies, a notebook done with Spark)."""
    for session in list(_sessions.values()):
        try:
            session.stop()
        except Exception:  # noqa: BLE001, S110 - a session already gone is stopped
            pass
    _sessions.clear()


def started_sessions() -> list:
    """The live sessions :func:`spark_session` started (what journeyspec's progress line watches)."""
    return [session for session in list(_sessions.values()) if _alive(session)]


def _alive(session) -> bool:
    if type(session).__module__.startswith("pyspark.sql.connect"):
        return not getattr(session, "is_stopped", False)
    context = getattr(session, "_sc", None)
    return context is not None and getattr(context, "_jsc", None) is not None


def _need_pyspark() -> None:
    if importlib.util.find_spec("pyspark") is None:
        raise data_error(
            "JS309",
            "the Spark engine needs PySpark, which is not installed",
            help="pip install 'journeyspec[spark]' (and Java 17), or use --engine duckdb",
        )


def _need_connect_client() -> None:
    missing = [package for module, package in CONNECT_NEEDS.items() if not _importable(module)]
    if missing:
        raise data_error(
            "JS351",
            "Spark Connect (`spark_remote`) needs " + " and ".join(missing) + ", which "
            + ("is" if len(missing) == 1 else "are") + " not installed",
            help="pip install 'journeyspec[spark]' (it brings Spark Connect's client), or set `spark_master` "
                 "instead of `spark_remote`",
        )


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package missing (google for google.rpc)
        return False


def _answers(address: SparkAddress) -> None:
    why = unreachable(address)
    if why is None:
        return
    what = "Spark Connect server" if address.kind == "connect" else "Spark master"
    setting = "spark_remote" if address.kind == "connect" else "spark_master"
    raise data_error(
        "JS350",
        f"the {what} at {address.shown} does not answer ({why}; waited at most {PROBE_SECONDS:g} s)",
        help=f"check `{setting}` (host and port), that the {what} is running, and that this machine "
             "may reach it (a VPN, a firewall); or use --engine duckdb",
    )


def _classic(address: SparkAddress):
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    running = SparkContext._active_spark_context
    if running is not None and running.master != address.text and running in _own_contexts():
        running.stop()  # one JVM driver per process: journeyspec's other session gives way
    settings = {
        "spark.app.name": "journeyspec",
        "spark.master": address.text,
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "8",
        "spark.driver.memory": "2g",
        "spark.sql.session.timeZone": "UTC",
    }
    quiet = not _settings["verbose"]
    if quiet:
        settings["spark.ui.showConsoleProgress"] = "false"
        settings["spark.driver.extraJavaOptions"] = f"-Dlog4j2.configurationFile=file:{_quiet_log4j()}"
    builder = SparkSession.builder
    for name, value in settings.items():
        builder = builder.config(name, value)
    try:
        if quiet and SparkContext._gateway is None:
            _quiet_gateway(settings)
        return builder.getOrCreate()
    except Exception as error:  # noqa: BLE001 - the JVM's failure becomes one clear message
        raise python_mismatch(error, address.shown) or data_error(
            "JS309", f"Spark did not start on {address.shown}: {shown(first_line(error))}",
            help="run again with --verbose to see Spark's own output") from None


def _quiet_gateway(settings: dict) -> None:
    """Start the JVM driver with its own stdout and stderr going nowhere.

    What the JVM writes before log4j reads its configuration (``WARNING: Using incubator
    modules``) and what it prints past log4j (``System.err``) would otherwise reach the
    terminal. PySpark starts the JVM on the first session; started here first, with
    ``popen_kwargs`` PySpark offers for this, the session then finds it running.
    """
    import subprocess

    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway

    conf = SparkConf(loadDefaults=False).setAll(list(settings.items()))
    gateway = launch_gateway(conf, popen_kwargs={"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL})
    SparkContext._gateway = gateway
    SparkContext._jvm = gateway.jvm


def _connect(address: SparkAddress):
    from pyspark.sql import SparkSession

    # create(), not getOrCreate(): the latter hands back whichever Connect session this
    # process made first, whatever address it was made for.
    builder = SparkSession.builder.remote(address.text).config("spark.sql.session.timeZone", "UTC")

    def start():
        session = builder.create()
        session.version  # noqa: B018 - the first call on the channel: a refused token fails here, not mid-check
        return session

    # The client retries a silent server for minutes; a port that accepts connections but
    # answers no Spark Connect request (a proxy, another service) is JS350 within the bound.
    # A daemon thread, so a client still waiting never holds the process at its exit.
    outcome: dict = {}

    def attempt() -> None:
        try:
            outcome["session"] = start()
        except Exception as error:  # noqa: BLE001 - handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=attempt, name="journeyspec-spark-connect", daemon=True)
    worker.start()
    worker.join(HANDSHAKE_SECONDS)
    if worker.is_alive():
        raise data_error(
            "JS350",
            f"the Spark Connect server at {address.shown} accepts connections but answered no request within "
            f"{HANDSHAKE_SECONDS:g} s",
            help="check that `spark_remote` names a Spark Connect server's port (15002 by default), and its "
                 "`;use_ssl=true` and token where the service needs them",
        )
    if "error" in outcome:
        error = outcome["error"]
        raise python_mismatch(error, address.shown) or data_error(
            "JS309", f"Spark Connect at {address.shown} did not start a session: {shown(first_line(error))}",
            help="check the address and its token (`;token=...` in `spark_remote`, or SPARK_CONNECT_AUTHENTICATE_TOKEN)",
        )
    return outcome["session"]


def _own_contexts() -> list:
    return [getattr(s, "_sc", None) for s in _sessions.values()]


_log4j_file: list[Path] = []


def _quiet_log4j() -> Path:
    if not _log4j_file:
        folder = Path(tempfile.mkdtemp(prefix="journeyspec-spark-"))
        path = folder / "log4j2-quiet.properties"
        path.write_text(_QUIET_LOG4J, encoding="utf-8")
        _log4j_file.append(path)
    return _log4j_file[0]


__all__ = ["CONNECT_NEEDS", "show_spark_output", "spark_session", "started_sessions", "stop_spark_sessions"]
