"""How long a 200-step map takes to draw: the graph (DOT + Graphviz SVG) and the canvas SVG.

Run with ``make bench-render`` (or ``python benchmarks/render/render_large_map.py``).
Exits 1 when the median of either exceeds the 2-second budget of issue 6.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "render"))

import journeyspec  # noqa: E402
from journeyspec.render import render  # noqa: E402
from mapgen import generated_map  # noqa: E402

BUDGET = 2.0
RUNS = 5


def timed(action) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    journey = journeyspec.parse(generated_map(steps, stages=10)).journeys[0]
    print(f"{steps} steps, {len(journey.stages)} stages, {len(journey.edges)} edges; median of {RUNS} runs")
    failed = False
    for name, action in (
        ("graph DOT text", lambda: render(journey, "dot")),
        ("graph SVG (dot)", lambda: render(journey, "graph", "svg")),
        ("canvas SVG", lambda: render(journey, "canvas", "svg")),
        ("graph + canvas", lambda: (render(journey, "graph", "svg"), render(journey, "canvas", "svg"))),
    ):
        times = timed(action)
        median = statistics.median(times)
        print(f"  {name:<18} median {median:6.3f} s   (min {min(times):.3f}, max {max(times):.3f})")
        failed |= median > BUDGET
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
