"""Start-up time of the ``journeyspec`` script: whole process, wall clock, median of runs.

Each build is a source tree put first on PYTHONPATH; the runs of all builds are
interleaved (build A, build B, A, B, ...) so that a busy machine slows them alike.

    python benchmarks/startup/bench.py --build main=/work/main --build branch=. --runs 9
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = {
    "validate": ["validate", str(ROOT / "maps" / "checkout.journey")],
    "--help": ["--help"],
    "--version": ["--version"],
}
PLUGIN = "pytest --co (plugin loaded)"


def run_once(tree: Path, args: list[str], cwd: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 5):  # pytest --co on an empty folder exits 5: no tests collected
        raise SystemExit(f"{tree}: {' '.join(args)} exited {done.returncode}\n{done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="append", required=True, help="NAME=SOURCE_TREE, once per build")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--empty", type=Path, default=Path("/tmp/journeyspec-startup-empty"),
                        help="an empty folder for the pytest plugin's run")
    options = parser.parse_args()
    builds = {name: Path(tree).resolve() for name, _, tree in (b.partition("=") for b in options.build)}
    options.empty.mkdir(parents=True, exist_ok=True)
    cases = {name: ["-m", "journeyspec", *args] for name, args in COMMANDS.items()}
    cases[PLUGIN] = ["-m", "pytest", "--co", "-q", "-p", "no:cacheprovider"]  # the installed entry point loads the plugin
    times = {(case, build): [] for case in cases for build in builds}
    for case, args in cases.items():
        for build, tree in builds.items():
            run_once(tree, args, options.empty)  # warm the bytecode and the parser cache
        for _ in range(options.runs):
            for build, tree in builds.items():
                times[case, build].append(run_once(tree, args, options.empty))
    print(f"median of {options.runs} runs, seconds (min in brackets)")
    print(f"{'command':<30}" + "".join(f"{build:>18}" for build in builds))
    for case in cases:
        cells = "".join(f"{statistics.median(times[case, b]):>10.3f} ({min(times[case, b]):.3f})" for b in builds)
        print(f"{case:<30}{cells}")


if __name__ == "__main__":
    main()
