"""Error snapshots of where a Spark cluster fails (JS350 to JS353): what `journeyspec check` prints, pinned.

Each case configures the source in a pyproject.toml of its own folder, runs
the CLI there and keeps the output; ``--update-goldens`` rewrites
``goldens/spark-diagnostics.txt``, to be reviewed in the diff. None of them
starts a JVM: each is found before Spark starts, or (JS351, JS353) raised
where Spark would raise it, in PySpark's own words.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from journeyspec.cli import main_group
from tests.mini import MINI_MAP

pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
pytestmark = pytest.mark.spark

MAP = MINI_MAP

TOKEN = "dapi0123456789secret"


def _python_mismatch(monkeypatch) -> None:
    """The executors' Python answers with PySpark's own error (a session that fails as a cluster's would)."""
    from pyspark.errors import PySparkRuntimeError

    from journeyspec.engine.source import spark

    def failing(*_arguments):
        raise PySparkRuntimeError(errorClass="PYTHON_VERSION_MISMATCH",
                                  messageParameters={"worker_version": "3.10", "driver_version": "3.11"})

    monkeypatch.setattr(spark, "spark_session", failing)


def _no_grpc(monkeypatch) -> None:
    import journeyspec.engine.source.spark_session as session

    real = session._importable
    monkeypatch.setattr(session, "_importable", lambda module: module not in ("grpc", "grpc_status") and real(module))


CASES = [
    ("JS350 spark-unreachable: a Connect address with a token",
     f'spark_remote = "sc://127.0.0.1:1/;token={TOKEN};use_ssl=true"', None),
    ("JS350 spark-unreachable: a standalone master", 'spark_master = "spark://127.0.0.1:1"', None),
    ("JS351 spark-connect-missing", 'spark_remote = "sc://127.0.0.1:1"', _no_grpc),
    ("JS352 path-not-on-cluster", f'spark_remote = "sc://spark.example.com:443/;token={TOKEN}"', None),
    ("JS353 python-mismatch", 'spark_master = "spark://127.0.0.1:1"', _python_mismatch),
]


def test_spark_diagnostics_match_golden(tmp_path, monkeypatch, golden):
    pq.write_table(pa.table({"session": ["a", "a"], "time": [1, 2], "event": ["home", "pay"]}),
                   tmp_path / "events.parquet")
    (tmp_path / "mini.journey").write_text(MAP, encoding="utf-8")
    blocks = []
    for title, setting, mend in CASES:
        folder = tmp_path / title.split()[0].lower() / title.split()[-1]
        folder.mkdir(parents=True)
        (folder / "mini.journey").write_text(MAP, encoding="utf-8")
        (folder / "events.parquet").write_bytes((tmp_path / "events.parquet").read_bytes())
        (folder / "pyproject.toml").write_text(
            f'[tool.journeyspec.sources.default]\ndata = "events.parquet"\ntime_format = "epoch_s"\n'
            f'engine = "spark"\n{setting}\n', encoding="utf-8")
        monkeypatch.chdir(folder)
        with monkeypatch.context() as patched:
            if mend is not None:
                mend(patched)
            run = CliRunner().invoke(main_group, ["check", "mini.journey"])
        code = title.split()[0]
        assert f"error[{code}]" in run.output and "Traceback" not in run.output, run.output
        assert run.exit_code == 2, run.output
        assert TOKEN not in run.output  # a token is a secret: never printed
        blocks.append(f"## {title}\n\n{setting}\n\n{run.output.rstrip()}\n")
    golden("spark-diagnostics.txt", "\n".join(blocks))


def test_a_token_is_masked_wherever_it_sits():
    from journeyspec.engine.source.spark_address import parse, shown

    assert shown(f"sc://h:443/;token={TOKEN};x-databricks-cluster-id=0123") == \
        "sc://h:443/;token=***;x-databricks-cluster-id=0123"
    assert shown(f"sc://h/;use_ssl=true;Token={TOKEN}") == "sc://h/;use_ssl=true;Token=***"
    assert parse(None, f"sc://h:443/;token={TOKEN}").hosts == (("h", 443),)
    assert parse(None, "sc://h").hosts == (("h", 15002),)
    assert parse("spark://a:7077,b:7078", None).hosts == (("a", 7077), ("b", 7078))
    assert parse("spark://127.0.0.1:7077", None).on_this_machine
    assert not parse(None, "sc://spark.example.com").on_this_machine
    assert parse(None, None).kind == "local"


def test_a_relative_path_is_made_absolute_for_a_cluster_on_this_machine(tmp_path, monkeypatch):
    from journeyspec.engine.source.spark import executor_paths

    monkeypatch.chdir(tmp_path)
    assert executor_paths(["events.parquet", "s3a://lake/e.parquet"], "spark://127.0.0.1:7077", None) == \
        [str(tmp_path / "events.parquet"), "s3a://lake/e.parquet"]
    assert executor_paths(["/data/e.parquet"], None, "sc://spark.example.com") == ["/data/e.parquet"]
