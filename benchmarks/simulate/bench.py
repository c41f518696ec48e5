"""Time `simulate` writing 1M and 10M events (optionally 100M) on the ten-step benchmark journey.

    python benchmarks/simulate/bench.py                  # 1M and 10M events, Parquet
    python benchmarks/simulate/bench.py 100000000        # one size
    python benchmarks/simulate/bench.py 10000000 --csv   # CSV instead

Each run is its own process, so its wall time includes importing journeyspec and
its peak RSS is its own (read with `resource`). The number of sessions for a
target size is calibrated from a 20,000-session run with the same settings
(default noise). Output goes to the git-ignored benchmarks/data/ and is deleted
after the run unless --keep is given.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
MAP = HERE.parent / "engine" / "journey.journey"

RUN = """
import json, resource, sys, time
start = time.perf_counter()
import journeyspec
from journeyspec.simulate import SimulationSettings, simulate
journey = journeyspec.load(sys.argv[1])[0]
summary = simulate(journey, sys.argv[2], sessions=int(sys.argv[3]), seed=1, settings=SimulationSettings())
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "events": summary.events, "sessions": summary.sessions}))
"""


def run(out: Path, sessions: int) -> dict:
    done = subprocess.run([sys.executable, "-c", RUN, str(MAP), str(out), str(sessions)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    csv = "--csv" in argv
    keep = "--keep" in argv
    sizes = [int(a) for a in argv if not a.startswith("--")] or [1_000_000, 10_000_000]
    DATA.mkdir(parents=True, exist_ok=True)
    suffix = ".csv" if csv else ".parquet"
    probe = run(DATA / f"probe{suffix}", 20_000)
    per_session = probe["events"] / probe["sessions"]
    (DATA / f"probe{suffix}").unlink()
    print("| events | sessions | wall time | events/s | peak RSS | file size |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        out = DATA / f"simulated_{size}{suffix}"
        result = run(out, max(1, round(size / per_session)))
        megabytes = out.stat().st_size / 2**20
        print(f"| {result['events']:,} | {result['sessions']:,} | {result['seconds']:.1f} s | "
              f"{result['events'] / result['seconds']:,.0f} | {result['rss_mb']:,.0f} MB | {megabytes:,.0f} MB |",
              flush=True)
        if not keep:
            out.unlink()


if __name__ == "__main__":
    main(sys.argv[1:])
