"""Time the engine's full reduction against the DuckDB directly-follows floor.

    python benchmarks/engine/bench.py            # 1M and 10M events
    python benchmarks/engine/bench.py 1000000    # one size
    python benchmarks/engine/bench.py --shared-pass 10000000   # DuckDB through the shared Ibis pass
    python benchmarks/engine/bench.py --spark 1000000          # Spark: local mode beside a standalone cluster

Event files are generated once under benchmarks/data/ (git-ignored) and reused.
Each measurement runs in its own process, so peak RSS is that process's own:
the reduction is `journeyspec paths`' work through the Python API (import,
connect, reduce, build the Facts); the floor is DuckDB alone running
`lag(event) OVER (PARTITION BY session ORDER BY time)` then `GROUP BY` the pairs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
MAP = HERE / "journey.journey"

REDUCE = """
import json, resource, sys, time
start = time.perf_counter()
import journeyspec
from journeyspec.engine import SourceConfig, reduce
journey = journeyspec.load(sys.argv[1])[0]
loaded = time.perf_counter()
facts = reduce(journey, sys.argv[2], config=SourceConfig(time_format="epoch_s"))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "load": loaded - start, "cpu": time.process_time(),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "sessions": facts.population.sessions, "variants": facts.population.distinct_variants,
                  "events": facts.totals.rows}))
"""

FLOOR = """
import json, resource, sys, time
start = time.perf_counter()
import duckdb
con = duckdb.connect()
sql = ("SELECT previous, event, count(*) AS n FROM (SELECT event, lag(event) OVER "
       "(PARTITION BY session ORDER BY time) AS previous FROM read_parquet(?)) GROUP BY ALL")
rows = con.execute(sql, [sys.argv[1]]).fetchall()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "cpu": time.process_time(),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "pairs": len(rows)}))
"""


SPARK = """
import json, resource, sys, time
start = time.perf_counter()
import journeyspec
from journeyspec.engine import SourceConfig, reduce
journey = journeyspec.load(sys.argv[1])[0]
config = SourceConfig(time_format="epoch_s", engine="spark").with_overrides(spark_master=sys.argv[3] or None)
facts = reduce(journey, sys.argv[2], config=config)
seconds = time.perf_counter() - start
again = time.perf_counter()
facts = reduce(journey, sys.argv[2], config=config)  # the session started: the reduction alone
warm = time.perf_counter() - again
print(json.dumps({"seconds": seconds, "warm": warm, "cpu": time.process_time(),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "sessions": facts.population.sessions, "variants": facts.population.distinct_variants}))
"""


def events_file(count: int) -> Path:
    path = DATA / f"events_{count // 1_000_000}m.parquet"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate

        print(f"generating {count:,} events into {path} ...", file=sys.stderr)
        generate(count, path)
    return path


def run(code: str, *args: str, env: dict | None = None) -> dict:
    output = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                            env={**os.environ, **(env or {})})
    return json.loads(output.stdout.strip().splitlines()[-1])


def main(sizes: list[int], shared_pass: bool = False) -> None:
    """With ``shared_pass``, the reduction takes the shared Ibis pass on DuckDB too (the engine before its
    fast path), through JOURNEYSPEC_FAST_PATH=0."""
    env = {"JOURNEYSPEC_FAST_PATH": "0"} if shared_pass else None
    print("| events | reduction | of which map load | events/s | peak RSS | floor | floor RSS | ratio "
          "| CPU ratio | sessions | variants |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        path = events_file(size)
        run(FLOOR, str(path))  # warm the page cache for both
        # Back to back, so that both see the same machine; CPU seconds (all threads) are
        # less disturbed than wall time when other processes share the two cores.
        floor = run(FLOOR, str(path))
        reduced = run(REDUCE, str(MAP), str(path), env=env)
        print(
            f"| {size:,} | {reduced['seconds']:.1f} s | {reduced['load']:.1f} s | {size / reduced['seconds']:,.0f} "
            f"| {reduced['rss_mb']:,.0f} MB | {floor['seconds']:.1f} s | {floor['rss_mb']:,.0f} MB "
            f"| {reduced['seconds'] / floor['seconds']:.1f}x | {reduced['cpu'] / floor['cpu']:.1f}x "
            f"| {reduced['sessions']:,} | {reduced['variants']:,} |",
            flush=True,
        )


def spark(sizes: list[int]) -> None:
    """Spark in local mode beside a standalone cluster (a master and one worker with the machine's cores,
    started on 127.0.0.1 as the test suite starts it), back to back on the same file."""
    import tempfile

    sys.path.insert(0, str(HERE.parents[1]))
    from tests.spark_topologies import start_standalone

    folder = Path(tempfile.mkdtemp(prefix="journeyspec-bench-spark-"))
    master, services = start_standalone(folder)
    env = {"SPARK_LOCAL_IP": "127.0.0.1"}
    try:
        print("| events | Spark | first run (with start-up) | reduction alone | events/s | driver RSS | sessions "
              "| variants |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|")
        for size in sizes:
            path = events_file(size)
            for name, url in (("local mode", ""), ("standalone cluster", master)):
                measured = run(SPARK, str(MAP), str(path), url, env=env)
                print(f"| {size:,} | {name} | {measured['seconds']:.1f} s | {measured['warm']:.1f} s "
                      f"| {size / measured['warm']:,.0f} | {measured['rss_mb']:,.0f} MB | {measured['sessions']:,} "
                      f"| {measured['variants']:,} |", flush=True)
    finally:
        for service in services:
            service.stop()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    shared = "--shared-pass" in arguments
    sizes = [int(a) for a in arguments if not a.startswith("--")]
    if "--spark" in arguments:
        spark(sizes or [1_000_000])
    else:
        main(sizes or [1_000_000, 10_000_000], shared_pass=shared)
