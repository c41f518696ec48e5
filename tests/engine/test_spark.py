"""The same reductions on PySpark give identical facts to DuckDB.

In local mode here; the parity tests run again on a standalone cluster and on
Spark Connect (tests/test_spark_topologies.py), told where by
:func:`tests.spark_topologies.topology`.
"""

from __future__ import annotations

import pytest

import journeyspec
from journeyspec.engine import SourceConfig, reduce
from tests.engine.helpers import MAP
from tests.spark_topologies import topology

pytest.importorskip("pyspark", reason="the `spark` extra is not installed; make test installs it")
pytestmark = [pytest.mark.spark, pytest.mark.slow]

EXCLUDE = {"source", "engine"}


def spark_config(config: SourceConfig) -> SourceConfig:
    """``config`` on the Spark this run tests: local mode, or the topology the environment names."""
    return config.with_overrides(**topology())


def journey(extra: str = ""):
    return journeyspec.parse(MAP.replace("  start home", f"{extra}  start home")).journeys[0]


@pytest.mark.parametrize("kind", ["parquet", "csv", "jsonl"])
def test_identical_facts(sources, kind):
    config = SourceConfig(time_format="epoch_s")
    shop = journey()
    on_spark = reduce(shop, sources[kind], config=spark_config(config), engine="spark")
    on_duckdb = reduce(shop, sources[kind], config=config)
    assert on_spark.engine == "spark"
    assert on_spark.model_dump(exclude=EXCLUDE) == on_duckdb.model_dump(exclude=EXCLUDE)
    assert on_spark.population.sessions == 3 and on_spark.totals.rows == 22


@pytest.mark.parametrize(
    "extra, config",
    [
        ("", {"order": "seq"}),
        ("  repeats keep\n", {}),
        ("  scope user\n", {}),
        ("", {"user": "user", "gap": "20s", "session": None}),
    ],
    ids=["order", "repeats-keep", "scope-user", "gap"],
)
def test_identical_variants_of_each_rule(sources, tmp_path, extra, config):
    import pyarrow.parquet as pq

    source = sources["parquet"]
    if "gap" in config:
        table = pq.read_table(source).drop_columns(["session"])
        source = str(tmp_path / "nosession.parquet")
        pq.write_table(table, source)
        config = {k: v for k, v in config.items() if v is not None}
    settings = SourceConfig(time_format="epoch_s").with_overrides(**config)
    shop = journey(extra)
    on_spark = reduce(shop, source, config=spark_config(settings), engine="spark")
    on_duckdb = reduce(shop, source, config=settings)
    assert on_spark.model_dump(exclude=EXCLUDE) == on_duckdb.model_dump(exclude=EXCLUDE)


def test_missing_order_values_sort_last_on_spark_too(tmp_path):
    from tests.engine.helpers import arrow_table, write
    from tests.engine.test_corners import MISSING_ORDER_ROWS

    source = write(arrow_table(MISSING_ORDER_ROWS), tmp_path, "parquet")
    settings = SourceConfig(time_format="epoch_s", order="seq")
    on_spark = reduce(journey(), source, config=spark_config(settings), engine="spark")
    assert on_spark.model_dump(exclude=EXCLUDE) == reduce(journey(), source, config=settings).model_dump(exclude=EXCLUDE)
    assert on_spark.population.step("product").friction_events == 1


def test_bad_column_on_spark_is_a_diagnostic(sources):
    from journeyspec.diagnostics import JourneyspecError

    with pytest.raises(JourneyspecError) as error:
        reduce(journey(), sources["parquet"], config=spark_config(SourceConfig(time_format="epoch_s", event="evnt")),
               engine="spark")
    assert error.value.diagnostics[0].code == "JS302"


def test_groups_and_ties_give_identical_facts_on_spark(tmp_path):
    """Conversion and time to and from a group of steps done in any order (an array of structs sorted
    per path on Spark), and ties inside it read in the map's order."""
    from tests.check.test_groups import EPOCH, MAP as LOAN, rows_of, write

    loan = journeyspec.parse(LOAN).journeys[0]
    source = write(tmp_path, rows_of())
    on_spark = reduce(loan, source, config=spark_config(EPOCH), engine="spark")
    on_duckdb = reduce(loan, source, config=EPOCH)
    assert on_spark.model_dump(exclude=EXCLUDE) == on_duckdb.model_dump(exclude=EXCLUDE)
    pair = on_spark.population.pair("offer", "paperwork")
    assert (pair.with_source, pair.converted, pair.time.p50) == (6, 3, 240.0)


def test_the_progress_line_hears_spark_stages_of_a_real_query():
    """Local mode's status API, read as steps while a query runs: eight tasks that each sleep 0.15 s in the
    JVM (``reflect``: no Python worker to start) give a stage the watcher sees part-way."""
    import threading

    from journeyspec.engine.source.spark_progress import SparkSteps
    from journeyspec.engine.source.spark_session import spark_session, started_sessions

    session = spark_session()
    shown = []
    lock = threading.Lock()

    def show(step):
        with lock:
            shown.append(step)

    with SparkSteps(show, started_sessions, interval=0.02):
        rows = session.sql("SELECT reflect('java.lang.Thread', 'sleep', CAST(150 AS BIGINT)) "
                           "FROM range(0, 8, 1, 8)").collect()
    assert len(rows) == 8
    steps = [s for s in shown if s is not None]
    assert steps and all(s.startswith("Spark stage 1 of 1, ") and s.endswith("%") for s in steps), shown
    assert shown[-1] is None
