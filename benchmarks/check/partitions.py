"""Time `journeyspec check` read in one pass and in partitions, side by side, and compare the reports.

    python benchmarks/check/partitions.py 10000000                      # one pass, auto, 2 partitions
    python benchmarks/check/partitions.py --modes auto 100000000         # the 100M file, as a user runs it
    python benchmarks/check/partitions.py --msnbc                        # the MSNBC news-site log
    python benchmarks/check/partitions.py --modes one,auto --runs 3 10000000

The DuckDB fast path reads a source of more than
``journeyspec.engine.arrow.read.PARTITION_ROWS`` rows in partitions (ranges of
the session key's hash), so that DuckDB sorts, and numpy holds, a slice of the
events at a time. Each mode is a whole `check` process (the same CLI
arguments as bench.py) with that setting: ``one`` (never partitioned),
``auto`` (the default), or a number of rows per partition. Every mode's JSON
report must be byte-identical to the first mode's, or the run fails. Modes and
the directly-follows floor (DuckDB alone, bench.py's FLOOR query with the
order column as time) alternate, ``--runs`` times each; each cell is the best
with the median beside it; load averages before and after.

``--msnbc`` converts the UCI MSNBC page-view sequences
(``/work/shared/data/real/msnbc_web_sessions``, 989,818 users, 4.7M page
views, no clock: ordered by position) into ``benchmarks/data/msnbc.parquet``
and checks ``msnbc.journey`` (17 steps, one per page category) with
``--no-time --order seq``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _check_bench():
    """This folder's bench.py, loaded under its own name (it imports the engine benchmark's, also `bench`)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_bench", HERE / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_bench = _check_bench()
MAP, REPORT, load, spawn = check_bench.MAP, check_bench.REPORT, check_bench.load, check_bench.spawn
events_file = check_bench.events_file
DATA = HERE.parent / "data"  # the engine benchmark's folder (git-ignored), where events_file writes

MSNBC = Path("/work/shared/data/real/msnbc_web_sessions/msnbc990928.seq.gz")
MSNBC_MAP = HERE / "msnbc.journey"
ONE_PASS = 1 << 62  # rows per partition that no file reaches

# The check's CLI with PARTITION_ROWS set first: argv[1] is the rows per partition, or "auto".
RUNNER = """
import runpy, sys
import journeyspec.engine.arrow.read as read
rows = sys.argv[1]
if rows != "auto":
    read.PARTITION_ROWS = int(rows)
sys.argv = ["journeyspec", *sys.argv[2:]]
runpy.run_module("journeyspec", run_name="__main__")
"""

FLOOR = """
import json, resource, sys, time
start = time.perf_counter()
import duckdb
con = duckdb.connect()
sql = ("SELECT previous, event, count(*) AS n FROM (SELECT event, lag(event) OVER "
       f"(PARTITION BY session ORDER BY {sys.argv[2]}) AS previous FROM read_parquet(?)) GROUP BY ALL")
rows = con.execute(sql, [sys.argv[1]]).fetchall()
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time(),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "pairs": len(rows)}))
"""


def msnbc_file() -> Path:
    """The MSNBC sequences as Parquet: session (the user's line), seq (position), event (category name)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = DATA / "msnbc.parquet"
    if out.exists():
        return out
    with gzip.open(MSNBC, "rt", encoding="ascii") as handle:
        lines = handle.read().splitlines()
    names = lines[2].split()
    sessions, seqs, events = [], [], []
    for user, line in enumerate(lines[7:]):
        for position, category in enumerate(line.split()):
            sessions.append(user)
            seqs.append(position)
            events.append(names[int(category) - 1])
    DATA.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"session": pa.array(sessions, pa.int64()), "seq": pa.array(seqs, pa.int64()),
                             "event": pa.array(events).dictionary_encode()}), out)
    return out


def check_arguments(path: Path, journey_map: Path, clock: list[str], output: Path) -> list[str]:
    return ["check", str(journey_map), "--data", str(path), *clock, "--format", "json", "-o", str(output)]


def timed(mode: str, path: Path, journey_map: Path, clock: list[str], output: Path) -> dict:
    rows = "auto" if mode == "auto" else str(ONE_PASS if mode == "one" else int(mode))
    seconds, cpu, rss, code, errors = spawn([sys.executable, "-c", RUNNER, rows,
                                             *check_arguments(path, journey_map, clock, output)])
    if code not in (0, 1):
        raise SystemExit(errors)
    return {"seconds": seconds, "cpu": cpu, "rss_mb": rss, "report": output.read_bytes()}


def floor(path: Path, order: str) -> dict:
    seconds, cpu, rss, code, errors = spawn([sys.executable, "-c", FLOOR, str(path), order])
    if code != 0:
        raise SystemExit(errors)
    return {"seconds": seconds, "cpu": cpu, "rss_mb": rss}


def best(values: list[float]) -> str:
    return f"{min(values):.1f} s (median {statistics.median(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", nargs="*", type=int, default=[10_000_000])
    parser.add_argument("--modes", default="one,auto,8000000",
                        help="comma-separated: one, auto, or rows per partition")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--msnbc", action="store_true", help="the MSNBC news-site log instead of generated events")
    options = parser.parse_args()
    modes = options.modes.split(",")
    if options.msnbc:
        cases = [(msnbc_file(), MSNBC_MAP, ["--no-time", "--order", "seq"], "seq")]
    else:
        cases = [(events_file(n), MAP, ["--time-format", "epoch_s"], "time") for n in options.events]
    print(load())
    print("| file | mode | check | check CPU | peak RSS | floor | floor CPU | ratio of the bests "
          "| ratio of the medians | report |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for path, journey_map, clock, order in cases:
        floor(path, order)  # warm the page cache
        checks: dict[str, list[dict]] = {mode: [] for mode in modes}
        floors = []
        with tempfile.TemporaryDirectory() as folder:
            for _ in range(options.runs):
                for mode in modes:
                    checks[mode].append(timed(mode, path, journey_map, clock, Path(folder) / f"{mode}.json"))
                floors.append(floor(path, order))
        reference = checks[modes[0]][0]["report"]
        floor_seconds = [f["seconds"] for f in floors]
        for mode in modes:
            runs = checks[mode]
            same = all(run["report"] == reference for run in runs)
            seconds = [run["seconds"] for run in runs]
            print(f"| {path.name} | {mode} | {best(seconds)} | {best([r['cpu'] for r in runs])} "
                  f"| {max(r['rss_mb'] for r in runs):,.0f} MB | {best(floor_seconds)} "
                  f"| {best([f['cpu'] for f in floors])} | {min(seconds) / min(floor_seconds):.2f}x "
                  f"| {statistics.median(seconds) / statistics.median(floor_seconds):.2f}x "
                  f"| {'identical' if same else 'DIFFERENT'} |", flush=True)
            if not same:
                REPORT.write_bytes(runs[0]["report"])
                raise SystemExit(f"{mode}'s report differs from {modes[0]}'s (kept in {REPORT})")
        summary = json.loads(reference)["journeys"][0]
        print(f"sessions {summary['population']:,}, variants {summary['distinct_variants']:,}")
    print(load())


if __name__ == "__main__":
    main()
