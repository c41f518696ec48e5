"""Time `journeyspec check` as a whole process against the directly-follows floor and pm4py.

    python benchmarks/check/bench.py              # 1M and 10M events, two runs of each
    python benchmarks/check/bench.py 1000000      # one size
    python benchmarks/check/bench.py --runs 3 1000000
    python benchmarks/check/bench.py --pm4py 1000000
    python benchmarks/check/bench.py --command /path/to/other/journeyspec 1000000   # another build

Event files come from the engine benchmark's generator (benchmarks/data/, git-ignored).
Each measurement is its own process: `journeyspec check` (the CLI: import, reduce,
every metric kind of journey.journey, alignments, impact, JSON report) with its
peak RSS; the floor is DuckDB alone doing `lag() OVER (PARTITION BY session
ORDER BY time)` + `GROUP BY` (benchmarks/engine/bench.py's FLOOR).

With --pm4py, a separate virtual environment (benchmarks/.pm4py-venv, made on
first use; pm4py is AGPL and is never a dependency of journeyspec) computes the
same alignment costs with pm4py's directly-follows-graph alignments on the same
paths, and the costs are compared variant by variant; then pm4py_whole.py times
pm4py as a whole process from the same event file to every session's cost
(pandas read, the map's conditions by hand, collapse, format_dataframe,
alignments), wall time and peak RSS of that process against check's, and
against check of alignment_only.journey (the same steps and flows, one
conformance expectation, no sentiment): journeyspec doing the same work, file
to every session's cost.

The machine is shared and noisy, so check and the floor run ``--runs`` times
each (alternating), and the best and the median are printed with the load
average. One more run of check, with ``JOURNEYSPEC_TIMINGS=1`` and
``python -X importtime``, breaks the process down: the phases check prints,
the imports each phase triggered (the engine's Ibis, DuckDB and pandas load
inside the reduction), and the interpreter's exit (the wall time after the
last phase).
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
ROOT = HERE.parent.parent
MAP = HERE / "journey.journey"
ALIGNMENT_MAP = HERE / "alignment_only.journey"  # the same steps and flows, one conformance expectation
JOURNEYSPEC = Path(sys.executable).parent / "journeyspec"
COMMAND = JOURNEYSPEC  # what is timed; --command names another build (a script taking the same arguments)
PM4PY_VENV = HERE.parent / ".pm4py-venv"
sys.path.insert(0, str(HERE.parent / "engine"))

from bench import FLOOR, events_file, run  # noqa: E402

REPORT = Path(tempfile.gettempdir()) / "journeyspec-bench-check.json"
PM4PY_RESULT = Path(tempfile.gettempdir()) / "journeyspec-bench-pm4py.json"  # pm4py_whole.py writes it
TIMING = "journeyspec timing:"  # journeyspec/cli/timings.py's PREFIX; not imported, the child is measured
IMPORT_LINE = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)")


def spawn(arguments: list[str], env: dict | None = None) -> tuple[float, float, float, int, str]:
    """Wall seconds, CPU seconds and peak RSS (MB) of this child alone, its exit code and stderr."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        start = time.perf_counter()
        child = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=errors,
                                 env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode, errors.read()


def check_arguments(path: Path, journey_map: Path = MAP) -> list[str]:
    return [str(COMMAND), "check", str(journey_map), "--data", str(path), "--time-format", "epoch_s",
            "--format", "json", "-o", str(REPORT)]


def timed_check(path: Path, journey_map: Path = MAP) -> dict:
    """Wall time and peak RSS of `journeyspec check` as a child process."""
    seconds, cpu, rss, code, errors = spawn(check_arguments(path, journey_map))
    if code not in (0, 1):
        raise SystemExit(errors)
    report = json.loads(REPORT.read_text())["journeys"][0]
    return {"seconds": seconds, "cpu": cpu, "rss_mb": rss, "sessions": report["population"],
            "variants": report["distinct_variants"], "statuses": [e["status"] for e in report["expectations"]]}


def breakdown(path: Path) -> tuple[float, list[tuple[str, float, float]]]:
    """One instrumented run of check: its wall time and (phase, seconds, of which imports) rows.

    The phases are the ones check prints under JOURNEYSPEC_TIMINGS; the import
    lines `-X importtime` writes before a phase's line were imported during it
    (top-level entries only, each with its nested imports); the last row is the
    interpreter's exit, the wall time after the last phase.
    """
    seconds, _, _, code, errors = spawn(check_arguments(path), {"JOURNEYSPEC_TIMINGS": "1",
                                                                 "PYTHONPROFILEIMPORTTIME": "1"})
    if code not in (0, 1):
        raise SystemExit(errors)
    rows, imported, last = [], 0, 0.0
    for line in errors.splitlines():
        found = IMPORT_LINE.match(line)
        if found and not found.group(2):
            imported += int(found.group(1))
        elif line.startswith(TIMING):
            since, spent, phase = line[len(TIMING):].split(maxsplit=2)
            rows.append((re.sub(r"^\w+: ", "", phase), float(spent), imported / 1e6))
            imported, last = 0, float(since)
    rows.append(("exit (the interpreter's teardown)", seconds - last, imported / 1e6))
    return seconds, rows


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def spread(values: list[float]) -> str:
    return f"{min(values):.1f} s" + (f" (median {statistics.median(values):.1f})" if len(values) > 1 else "")


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
    from journeyspec.check.alignment import DesignModel, VariantTable, alignment_costs
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


def pm4py_whole_process(path: Path, runs: int) -> dict:
    """pm4py from the event file to every session's alignment cost, as its own process (pm4py_whole.py);
    and `check` of a map that asks for the alignment costs only (best of ``runs``), the same work."""
    seconds, _, rss, code, errors = spawn([str(pm4py_python()), str(HERE / "pm4py_whole.py"), str(path)])
    if code != 0:
        raise SystemExit(errors)
    # spawn() discards stdout, so the script leaves its result in a file too.
    found = json.loads(PM4PY_RESULT.read_text())
    alignment_only = min(timed_check(path, ALIGNMENT_MAP)["seconds"] for _ in range(runs))
    report = json.loads(REPORT.read_text())["journeys"][0]
    check_total = round(report["metrics"]["mean_cost"] * report["population"])
    return {**found, "seconds": seconds, "rss_mb": rss, "check_total_cost": check_total,
            "alignment_only": alignment_only}


def main(sizes: list[int], with_pm4py: bool, runs: int = 2) -> None:
    print(f"{runs} run(s) each; best (median); {load()}")
    print("| events | check | check CPU | peak RSS | floor | floor CPU | ratio of the bests | CPU ratio | sessions "
          "| variants |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    parts = {}
    for size in sizes:
        path = events_file(size)
        run(FLOOR, str(path))  # warm the page cache
        floors, checks = [], []
        for _ in range(runs):  # alternating, so that both see the same moments of a shared machine
            floors.append(run(FLOOR, str(path)))
            checks.append(timed_check(path))
        seconds, cpus = [c["seconds"] for c in checks], [c["cpu"] for c in checks]
        floor_seconds, floor_cpus = [f["seconds"] for f in floors], [f["cpu"] for f in floors]
        checked = checks[0]
        print(f"| {size:,} | {spread(seconds)} | {spread(cpus)} | {max(c['rss_mb'] for c in checks):,.0f} MB "
              f"| {spread(floor_seconds)} | {spread(floor_cpus)} | {min(seconds) / min(floor_seconds):.1f}x "
              f"| {min(cpus) / min(floor_cpus):.1f}x | {checked['sessions']:,} | {checked['variants']:,} |",
              flush=True)
        parts[size] = breakdown(path)
        if with_pm4py:
            found = pm4py_comparison(path)
            print(f"|   alignments of {found['variants']:,} variants: journeyspec {found['ours']:.2f} s, pm4py "
                  f"{found['pm4py']:.1f} s ({found['pm4py'] / found['ours']:.0f}x); costs agree on "
                  f"{found['agree']:,} of {found['variants']:,} |", flush=True)
            whole = pm4py_whole_process(path, runs)
            print(f"|   whole process, file to every session's cost: pm4py {whole['seconds']:.1f} s "
                  f"({', '.join(f'{k} {v:.1f}' for k, v in whole['phases'].items())}), peak RSS "
                  f"{whole['rss_mb']:,.0f} MB; check {min(seconds):.1f} s best: {whole['seconds'] / min(seconds):.1f}x; "
                  f"check of {ALIGNMENT_MAP.name} {whole['alignment_only']:.1f} s best: "
                  f"{whole['seconds'] / whole['alignment_only']:.1f}x; total cost {whole['total_cost']:,} "
                  f"(check: {whole['check_total_cost']:,}) |", flush=True)
    print(f"\n{load()}")
    print("\nWhere the time goes (one run with JOURNEYSPEC_TIMINGS=1 and -X importtime; seconds, "
          "of which imports):\n")
    print("| phase | " + " | ".join(f"{size:,} events" for size in parts) + " |")
    print("|---|" + "---:|" * len(parts))
    names = list(dict.fromkeys(name for _, rows in parts.values() for name, _, _ in rows))
    for name in names:
        cells = []
        for _, rows in parts.values():
            found = [(s, i) for n, s, i in rows if n == name]
            cells.append(f"{found[0][0]:.2f} ({found[0][1]:.2f})" if found else "")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("| whole process (this instrumented run) | " + " | ".join(f"{w:.2f}" for w, _ in parts.values()) + " |")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--pm4py"]
    count = 2
    if "--runs" in arguments:
        at = arguments.index("--runs")
        count = int(arguments[at + 1])
        del arguments[at: at + 2]
    if "--command" in arguments:
        at = arguments.index("--command")
        COMMAND = Path(arguments[at + 1])
        del arguments[at: at + 2]
    main([int(a) for a in arguments] or [1_000_000, 10_000_000], "--pm4py" in sys.argv, count)
