"""Time `journeyspec check` as a whole process against the directly-follows floor and pm4py.

    python benchmarks/check/bench.py              # 1M and 10M events
    python benchmarks/check/bench.py 1000000      # one size
    python benchmarks/check/bench.py --pm4py 1000000

Event files come from the engine benchmark's generator (benchmarks/data/, git-ignored).
Each measurement is its own process: `journeyspec check` (the CLI: import, reduce,
every metric kind of journey.journey, alignments, impact, JSON report) with its
peak RSS; the floor is DuckDB alone doing `lag() OVER (PARTITION BY session
ORDER BY time)` + `GROUP BY` (benchmarks/engine/bench.py's FLOOR).

With --pm4py, a separate virtual environment (benchmarks/.pm4py-venv, made on
first use; pm4py is AGPL and is never a dependency of journeyspec) computes the
same alignment costs with pm4py's directly-follows-graph alignments on the same
paths, and the costs are compared variant by variant.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MAP = HERE / "journey.journey"
JOURNEYSPEC = Path(sys.executable).parent / "journeyspec"
PM4PY_VENV = HERE.parent / ".pm4py-venv"
sys.path.insert(0, str(HERE.parent / "engine"))

from bench import FLOOR, events_file, run  # noqa: E402


def timed_check(path: Path) -> dict:
    """Wall time and peak RSS of `journeyspec check` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([str(JOURNEYSPEC), "check", str(MAP), "--data", str(path), "--time-format", "epoch_s",
                           "--format", "json", "-o", "/tmp/journeyspec-bench-check.json"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report = json.loads(Path("/tmp/journeyspec-bench-check.json").read_text())["journeys"][0]
    return {"seconds": seconds, "rss_mb": max(rss, before) / 1024, "sessions": report["population"],
            "variants": report["distinct_variants"], "statuses": [e["status"] for e in report["expectations"]]}


PM4PY = """
import json, sys, time
import pm4py
from pm4py.objects.log.obj import EventLog, Trace, Event
from pm4py.algo.conformance.alignments.dfg import algorithm as dfg_alignments
payload = json.load(open(sys.argv[1]))
log = EventLog([Trace([Event({"concept:name": s}) for s in path]) for path in payload["paths"]])
dfg = {tuple(edge): 1 for edge in payload["edges"]}
start = {s: 1 for s in payload["start"]}
end = {s: 1 for s in payload["steps"]}
began = time.perf_counter()
aligned = dfg_alignments.apply(log, dfg, start, end)
seconds = time.perf_counter() - began
print(json.dumps({"seconds": seconds, "costs": [a["cost"] for a in aligned]}))
"""


def pm4py_python() -> Path:
    python = PM4PY_VENV / "bin" / "python"
    if not python.exists():
        print("making benchmarks/.pm4py-venv with pm4py (AGPL; for this comparison only) ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(PM4PY_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "pm4py"], check=True)
    return python


def pm4py_comparison(path: Path) -> dict:
    """pm4py's DFG alignments of the distinct variants (each aligned once, as pm4py does), and agreement."""
    import journeyspec
    from journeyspec.check.variants import DesignModel, VariantTable, alignment_costs
    from journeyspec.engine import SourceConfig, reduce

    journey = journeyspec.load(MAP)[0]
    facts = reduce(journey, str(path), config=SourceConfig(time_format="epoch_s"))
    variants = facts.population.variants
    payload = {"paths": [list(v.path) for v in variants], "edges": [list(e) for e in journey.edge_set()],
               "start": list(journey.start), "steps": list(journey.step_ids)}
    Path("/tmp/journeyspec-bench-variants.json").write_text(json.dumps(payload))
    start = time.perf_counter()
    table = VariantTable.of(facts.population, journey.step_ids)
    ours = alignment_costs(table, DesignModel.of(journey)).tolist()
    ours_seconds = time.perf_counter() - start
    done = subprocess.run([str(pm4py_python()), "-c", PM4PY, "/tmp/journeyspec-bench-variants.json"],
                          capture_output=True, text=True, check=True)
    theirs = json.loads(done.stdout.strip().splitlines()[-1])
    # pm4py's DFG alignment costs a log or model move 10000 and a synchronous move 0.
    agree = sum(int(a == b // 10000) for a, b in zip(ours, theirs["costs"]))
    return {"variants": len(variants), "ours": ours_seconds, "pm4py": theirs["seconds"], "agree": agree}


def main(sizes: list[int], with_pm4py: bool) -> None:
    print("| events | check | peak RSS | floor | ratio | sessions | variants |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        path = events_file(size)
        run(FLOOR, str(path))  # warm the page cache
        floor = run(FLOOR, str(path))
        checked = timed_check(path)
        print(f"| {size:,} | {checked['seconds']:.1f} s | {checked['rss_mb']:,.0f} MB | {floor['seconds']:.1f} s "
              f"| {checked['seconds'] / floor['seconds']:.1f}x | {checked['sessions']:,} | {checked['variants']:,} |",
              flush=True)
        if with_pm4py:
            found = pm4py_comparison(path)
            print(f"|   alignments of {found['variants']:,} variants: journeyspec {found['ours']:.2f} s, pm4py "
                  f"{found['pm4py']:.1f} s ({found['pm4py'] / found['ours']:.0f}x); costs agree on "
                  f"{found['agree']:,} of {found['variants']:,} |", flush=True)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--pm4py"]
    main([int(a) for a in arguments] or [1_000_000, 10_000_000], "--pm4py" in sys.argv)
