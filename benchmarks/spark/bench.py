"""Time `journeyspec check --engine spark` against Spark's own directly-follows query: the Spark floor.

    python benchmarks/spark/bench.py                       # 1M and 10M events, local mode, 3 runs
    python benchmarks/spark/bench.py --cluster 1000000     # and a standalone cluster beside local mode
    python benchmarks/spark/bench.py --runs 5 10000000

The floor is what any path analysis on Spark pays, written as a Spark user
would: ``lag(event) OVER (PARTITION BY session ORDER BY time)`` then ``GROUP
BY`` the pairs, collected to the driver, through a session started exactly as
journeyspec starts its own (:func:`journeyspec.engine.source.spark_session`:
same master, same settings). Two ways of timing, each with medians of
``--runs``:

- **whole process**: ``journeyspec check journey.journey --engine spark``
  (the CLI: start-up, Spark's JVM, reading, reducing, every metric, the JSON
  report) against a process that starts the same session and runs the floor;
- **in the session**: one process starts the session once, then runs the whole
  check (``journeyspec.check``: reduction, metrics, report) and the floor in
  turn, alternating, on the warm JVM.

Every report, whole process and in the session, must equal DuckDB's report of
the same file to the last digit (only the engine's name may differ); the
benchmark stops on any difference.

With ``--cluster`` a standalone master and one worker start on 127.0.0.1 (as
the test suite starts them, tests/spark_topologies.py) and every row is
measured again with ``spark_master`` set to it.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MAP = HERE.parent / "check" / "journey.journey"  # the check benchmark's map: one expectation of every kind
JOURNEYSPEC = [sys.executable, "-m", "journeyspec"]
sys.path.insert(0, str(HERE.parent / "engine"))
sys.path.insert(0, str(ROOT))

from bench import events_file  # noqa: E402

# The floor, whole process: the session journeyspec would start, then the one query.
FLOOR = """
import json, sys, time
start = time.perf_counter()
from journeyspec.engine.source.spark_session import spark_session
session = spark_session(master=sys.argv[2] or None)
pairs = floor(session, sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - start, "pairs": pairs}))
"""

FLOOR_QUERY = '''
def floor(session, path):
    """Spark's directly-follows pairs of ``path``: one ordered pass over each session, then a count per pair."""
    from pyspark.sql import Window, functions as F

    events = session.read.parquet(path)
    ordered = Window.partitionBy("session").orderBy("time")
    pairs = events.select(F.lag("event").over(ordered).alias("previous"), "event").groupBy("previous", "event").count()
    return len(pairs.collect())
'''

# In the session: the whole check and the floor alternating on one warm JVM.
IN_SESSION = """
import json, sys, time
import journeyspec
from journeyspec.check.reports import report
from journeyspec.engine.source.spark_session import spark_session
path, master, runs, out = sys.argv[1], sys.argv[2] or None, int(sys.argv[3]), sys.argv[4]
overrides = {"engine": "spark", "time_format": "epoch_s", **({"spark_master": master} if master else {})}
journeys = journeyspec.load(sys.argv[5])
start = time.perf_counter()
session = spark_session(master=master)
started = time.perf_counter() - start
times = {"check": [], "floor": []}
first = {}
for run in range(runs + 1):  # the first of each warms the JVM (class loading, code generation): kept apart
    begin = time.perf_counter()
    result = journeyspec.check(journeys, path, overrides=overrides)
    check_seconds = time.perf_counter() - begin
    begin = time.perf_counter()
    pairs = floor(session, path)
    floor_seconds = time.perf_counter() - begin
    if run == 0:
        first = {"check": check_seconds, "floor": floor_seconds}
        with open(out, "w", encoding="utf-8") as file:
            file.write(report(result, "json"))
    else:
        times["check"].append(check_seconds)
        times["floor"].append(floor_seconds)
print(json.dumps({"start": started, "first": first, "times": times, "pairs": pairs}))
"""


def child(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", FLOOR_QUERY + code, *args], capture_output=True, text=True,
                          env=_env(), check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "SPARK_LOCAL_IP": "127.0.0.1"}


def project(folder: Path, path: Path, engine: str, master: str | None) -> Path:
    """A project folder whose source `bench` reads ``path`` on ``engine`` (the CLI has no --spark-master)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["[sources.bench]", f"data = {json.dumps(str(path))}", f'engine = "{engine}"', 'time_format = "epoch_s"']
    if master:
        lines.append(f"spark_master = {json.dumps(master)}")
    (folder / "journeyspec.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def whole_check(folder: Path, report: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([*JOURNEYSPEC, "check", str(MAP), "--source", "bench", "--format", "json", "-o",
                           str(report)], cwd=folder, capture_output=True, text=True, env=_env(), check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return seconds


def comparable(report: Path) -> dict:
    """The report as DuckDB's must equal it: everything but the engine's name and how the source is named
    (the CLI names it `bench`, the in-session check by its path)."""
    document = json.loads(report.read_text(encoding="utf-8"))
    document.pop("source", None)
    for journey in document["journeys"]:
        journey.pop("engine", None)
        journey.pop("source", None)
    return document


def differences(found, expected, where: str = "") -> list[tuple[str, float | None]]:
    """Every leaf where ``found`` differs from ``expected``: (its path, the relative difference of two numbers)."""
    if isinstance(found, dict) and isinstance(expected, dict):
        return [d for key in sorted(set(found) | set(expected), key=str)
                for d in differences(found.get(key), expected.get(key), f"{where}.{key}")]
    if isinstance(found, list) and isinstance(expected, list) and len(found) == len(expected):
        return [d for i, (a, b) in enumerate(zip(found, expected)) for d in differences(a, b, f"{where}[{i}]")]
    if found == expected:
        return []
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (found, expected))
    return [(where, abs(found - expected) / max(abs(expected), 1e-300) if numbers else None)]


FAILURES: list[str] = []


def same_as_duckdb(report: Path, duckdb: dict, what: str) -> str:
    """"equal", or what differs (kept in FAILURES: the benchmark exits 1 at the end, its figures printed)."""
    found = differences(comparable(report), duckdb)
    if not found:
        return "equal"
    relative = [r for _, r in found if r is not None]
    fields = sorted({re.sub(r"\[\d+\]", "[]", path) for path, _ in found})
    text = (f"{len(found)} values differ ({', '.join(fields)}"
            + (f"; at most {max(relative):.1e} relative" if len(relative) == len(found) else "; not only numbers")
            + ")")
    FAILURES.append(f"{what}: {text}; first: {found[0][0]}")
    return text


def median(values: list[float]) -> float:
    return statistics.median(values)


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(size: int, name: str, master: str | None, runs: int, work: Path) -> None:
    path = events_file(size)
    duck = work / f"duckdb-{size}.json"
    if not duck.exists():
        whole_check(project(work / f"duckdb-{size}", path, "duckdb", None), duck)
    duckdb = comparable(duck)
    folder = project(work / f"spark-{size}-{name.replace(' ', '-')}", path, "spark", master)
    checks, floors, pairs, verdicts = [], [], set(), set()
    for run in range(runs):  # alternating, so that both see the same machine
        report = work / f"spark-{size}-{run}.json"
        checks.append(whole_check(folder, report))
        verdicts.add(same_as_duckdb(report, duckdb, f"{name}, {size:,} events, whole process run {run + 1}"))
        measured = child(FLOOR, str(path), master or "")
        floors.append(measured["seconds"])
        pairs.add(measured["pairs"])
    session_report = work / f"spark-{size}-session.json"
    inside = child(IN_SESSION, str(path), master or "", str(runs), str(session_report), str(MAP))
    verdicts.add(same_as_duckdb(session_report, duckdb, f"{name}, {size:,} events, in the session"))
    check_in, floor_in = median(inside["times"]["check"]), median(inside["times"]["floor"])
    print(f"| {size:,} | {name} | {median(checks):.1f} s | {median(floors):.1f} s "
          f"| {median(checks) / median(floors):.2f}x | {check_in:.1f} s | {floor_in:.1f} s "
          f"| {check_in / floor_in:.2f}x | {inside['start']:.1f} s | {inside['first']['check']:.1f} s "
          f"/ {inside['first']['floor']:.1f} s | {duckdb['journeys'][0]['population']:,} | {'; '.join(sorted(verdicts))} |", flush=True)
    print(f"<!-- {name} {size}: whole check {[round(s, 2) for s in checks]}, whole floor "
          f"{[round(s, 2) for s in floors]}, in-session check {[round(s, 2) for s in inside['times']['check']]}, "
          f"floor {[round(s, 2) for s in inside['times']['floor']]}, pairs {sorted(pairs | {inside['pairs']})}, "
          f"{load()} -->", flush=True)


def main(arguments: list[str]) -> None:
    runs = 3
    if "--runs" in arguments:
        runs = int(arguments[arguments.index("--runs") + 1])
        del arguments[arguments.index("--runs"):arguments.index("--runs") + 2]
    cluster = "--cluster" in arguments
    sizes = [int(a) for a in arguments if not a.startswith("--")] or [1_000_000, 10_000_000]
    work = Path(tempfile.mkdtemp(prefix="journeyspec-bench-spark-"))
    topologies: list[tuple[str, str | None]] = [("local mode", None)]
    services = []
    if cluster:
        from tests.spark_topologies import start_standalone

        (work / "cluster").mkdir()
        master, services = start_standalone(work / "cluster")
        topologies.append(("standalone cluster", master))
    print(f"<!-- {load()}, {runs} runs -->")
    print("| events | Spark | check, whole process | floor, whole process | ratio | check in the session "
          "| floor in the session | ratio | session start | first check / floor | sessions | = DuckDB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    try:
        for size in sizes:
            for name, master in topologies:
                measure(size, name, master, runs, work)
    finally:
        for service in services:
            service.stop()
    print(f"<!-- {load()} -->")
    if FAILURES:
        raise SystemExit("Spark's reports differ from DuckDB's:\n" + "\n".join(FAILURES))


if __name__ == "__main__":
    main(sys.argv[1:])
