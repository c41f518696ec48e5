"""Time `journeyspec check` on an XES log against the same log as CSV, side by side.

    python benchmarks/xes/bench.py                 # BPI Challenge 2012, 5 pairs
    python benchmarks/xes/bench.py --runs 7
    python benchmarks/xes/bench.py --log DIR/NAME  # DIR/NAME.xes.gz against DIR/NAME.csv.gz
    python benchmarks/xes/bench.py --memory        # reading alone, each reader, the log and 3 times it

The log is ../shared/data/real/bpic2012 (262,200 events of a Dutch bank's
loan applications, published as XES; the CSV is the same log, one row per
event in XES file order: `case_id, activity, timestamp, resource, lifecycle,
case_REG_DATE, case_AMOUNT_REQ`). `loan.journey` is the map, its fields named
as an XES log names them; for the CSV run the bench writes the same map with
the CSV's names (`lifecycle.transition` -> `lifecycle`, `org.resource` ->
`resource`) and passes the CSV's column flags.

Each run is its own process, as a user runs it (`journeyspec check MAP --data
LOG --format json -o ...`: imports, reading the log, every metric, the
report); XES and CSV alternate, so both see the same moments of a shared
machine, and each pair gives a ratio. Printed: wall seconds, CPU seconds (all
threads) and peak RSS of each, their medians, and the median of the pairs'
ratios. The two reports are compared figure by figure once (the means of
durations to 12 digits: they are summed in path order, which differs
between a text and a numeric case id).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAP = HERE / "loan.journey"
JOURNEYSPEC = [sys.executable, "-m", "journeyspec"]
DEFAULT_LOG = Path("/work/shared/data/real/bpic2012/bpic2012")
CSV_FLAGS = ["--session", "case_id", "--event", "activity", "--time", "timestamp"]
CSV_NAMES = {"lifecycle.transition": "lifecycle", "org.resource": "resource"}


def spawn(arguments: list[str]) -> dict:
    """Wall seconds, CPU seconds and peak RSS (MB) of one child process."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        start = time.perf_counter()
        child = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            errors.seek(0)
            raise SystemExit(errors.read())
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def differences(a, b, path="") -> list[str]:
    """Figures that differ between two JSON reports (names of files and fields left out)."""
    if isinstance(a, dict):
        return [
            d
            for k in sorted(set(a) | set(b))
            if k not in ("file", "source", "text", "where", "metric")
            for d in differences(a.get(k), b.get(k), f"{path}/{k}")
        ]
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items against {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    if isinstance(a, float) and isinstance(b, float):
        return [] if abs(a - b) <= 1e-12 * max(abs(a), abs(b)) else [f"{path}: {a!r} != {b!r}"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def spread(values: list[float], unit: str = " s") -> str:
    return f"{statistics.median(values):.2f}{unit} ({min(values):.2f}–{max(values):.2f})"


def main(log: Path, runs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="journeyspec-bench-xes-"))
    csv_map = folder / "loan-csv.journey"
    text = MAP.read_text(encoding="utf-8")
    for xes_name, csv_name in CSV_NAMES.items():
        text = text.replace(xes_name, csv_name)
    csv_map.write_text(text, encoding="utf-8")
    xes_report, csv_report = folder / "xes.json", folder / "csv.json"
    xes = [*JOURNEYSPEC, "check", str(MAP), "--data", f"{log}.xes.gz", "--format", "json", "-o", str(xes_report)]
    csv = [
        *JOURNEYSPEC,
        "check",
        str(csv_map),
        "--data",
        f"{log}.csv.gz",
        *CSV_FLAGS,
        "--format",
        "json",
        "-o",
        str(csv_report),
    ]
    print(f"{log.name}: {runs} pairs after a warm-up of each; load {os.getloadavg()[0]:.2f}", flush=True)
    spawn(xes), spawn(csv)
    found = differences(json.loads(xes_report.read_text()), json.loads(csv_report.read_text()))
    print("reports agree on every figure" if not found else "REPORTS DIFFER:\n" + "\n".join(found[:20]))
    pairs = []
    for _ in range(runs):
        pairs.append((spawn(xes), spawn(csv)))
    print("\n| run | XES wall | CSV wall | ratio | XES CPU | CSV CPU | XES peak RSS | CSV peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for i, (a, b) in enumerate(pairs, start=1):
        print(
            f"| {i} | {a['seconds']:.2f} s | {b['seconds']:.2f} s | {a['seconds'] / b['seconds']:.2f}x "
            f"| {a['cpu']:.2f} s | {b['cpu']:.2f} s | {a['rss_mb']:.0f} MB | {b['rss_mb']:.0f} MB |"
        )
    wall = [a["seconds"] / b["seconds"] for a, b in pairs]
    cpu = [a["cpu"] / b["cpu"] for a, b in pairs]
    print(
        f"\nmedian wall: XES {spread([a['seconds'] for a, _ in pairs])}, CSV {spread([b['seconds'] for _, b in pairs])}"
    )
    print(f"median ratio XES/CSV: wall {spread(wall, 'x')}, CPU {spread(cpu, 'x')}")
    print(
        f"peak RSS: XES {spread([a['rss_mb'] for a, _ in pairs], ' MB')}, "
        f"CSV {spread([b['rss_mb'] for _, b in pairs], ' MB')}"
    )
    print(f"load {os.getloadavg()[0]:.2f}")


READ = """
import sys, time
from journeyspec.engine.source import xes, xes_parts
if sys.argv[2] == "exact":  # the reader for any XES (and for messages), as if the fast one had given up
    def give_up(path):
        raise xes_parts.Fallback
        yield
    xes.fast_batches = give_up
start = time.perf_counter()
log = xes.read_xes(sys.argv[1])
print(log.rows, time.perf_counter() - start)
"""


def memory(log: Path, copies: tuple[int, ...] = (1, 3)) -> None:
    """Peak RSS of reading the log alone, by each reader, from the log and from a log ``copies`` times as long.

    The longer logs repeat every trace with a new case id (`<id>-2`, ...), so that memory that
    grew with the file would show as a peak growing with the copies.
    """
    import gzip

    with gzip.open(f"{log}.xes.gz", "rb") as handle:
        text = handle.read()
    head, rest = text.split(b"<trace>", 1)
    body, tail = (b"<trace>" + rest).rsplit(b"</trace>", 1)
    body += b"</trace>"
    folder = Path(tempfile.mkdtemp(prefix="journeyspec-bench-xes-"))
    print("\n| reader | log | events | seconds | peak RSS |")
    print("|---|---|---:|---:|---:|")
    for n in copies:
        path = folder / f"x{n}.xes.gz"
        with gzip.open(path, "wb", compresslevel=1) as out:
            out.write(head)
            for k in range(n):
                out.write(
                    body
                    if k == 0
                    else body.replace(
                        b'key="concept:name" value="', b'key="concept:name" value="' + str(k).encode() + b"-"
                    )
                )
            out.write(tail)
        for reader in ("fast", "exact"):
            found = subprocess.run(
                [sys.executable, "-c", READ, str(path), reader], capture_output=True, text=True, check=True
            )
            usage = spawn([sys.executable, "-c", READ, str(path), reader])
            events, seconds = found.stdout.split()
            print(
                f"| {reader} | {n}x | {int(events):,} | {float(seconds):.2f} | {usage['rss_mb']:.0f} MB |", flush=True
            )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    count, log = 5, DEFAULT_LOG
    if "--runs" in arguments:
        count = int(arguments[arguments.index("--runs") + 1])
    if "--log" in arguments:
        log = Path(arguments[arguments.index("--log") + 1])
    if not Path(f"{log}.xes.gz").exists():
        raise SystemExit(f"no {log}.xes.gz: the shared real logs are not on this machine")
    if "--memory" in arguments:
        memory(log)
    else:
        main(log, count)
