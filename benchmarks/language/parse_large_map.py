"""Benchmark: parse and validate a generated 5,000-step map, and hostile 1 MB inputs.

Run with `make bench-language` (or `.venv/bin/python benchmarks/language/parse_large_map.py`).
Each figure is the best of several runs in one warm process (the parser is
built once per process; that one-off cost is reported separately), as an
editor integration or `journeyspec validate maps/` would see it.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_map import heavy_map, large_map  # noqa: E402

from journeyspec.lang.compile.checks import regex_problem  # noqa: E402
from journeyspec.lang.front.incremental import Reparser  # noqa: E402
from journeyspec.lang.front.parser import lark_parser  # noqa: E402
from journeyspec.lang.frontend import compile_text  # noqa: E402

RUNS = 10


def timed(label: str, text: str, runs: int = RUNS) -> float:
    """One table row: best and median wall time, and best and median CPU time of this process.

    CPU time is what the code costs; wall time also counts waiting for a core
    that other processes hold, which on a shared machine can add half again.
    """
    walls, cpus = [], []
    errors = 0
    for _ in range(runs):
        gc.collect()  # start each run from the same heap: the previous map is gone before the clock starts
        regex_problem.cache_clear()  # as `validate` compiles a map: once, nothing remembered
        start, start_cpu = time.perf_counter(), time.process_time()
        result = compile_text(text, "bench.journey")
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
        errors = len(result.errors)
        del result
    print(
        f"| {label} | {len(text) / 1e6:.2f} MB | {min(walls):.3f} s | {statistics.median(walls):.3f} s "
        f"| {min(cpus):.3f} s | {statistics.median(cpus):.3f} s | {errors} errors |"
    )
    return min(walls)


# An editor's edit: a step id misspelt (then restored) at three places of large_map(5000).
EDITS = {"flows": ("  flow s0 -> s1 ", "s1"), "middle": ('    step s2501 "', "s2501"), "first": ('    step s1 "', "s1")}


def misspelt(text: str, marker: str, name: str) -> str:
    at = text.index(name, text.index("\n" + marker) + len(marker) - len(name) - 1) + len(name)
    return text[:at] + "x" + text[at:]


def edits(text: str, runs: int = RUNS) -> None:
    """An editor's re-compile after one edit (a :class:`Reparser` kept between versions) against a whole
    compile of the same text, interleaved in this process so that both see the same machine."""
    print("\n| edited | whole compile (median) | after an edit, re-parse kept (median) | ratio |")
    print("|---|---|---|---|")
    for place, (marker, name) in EDITS.items():
        broken = misspelt(text, marker, name)
        reparser = Reparser()
        compile_text(text, "bench.journey", reparser=reparser)
        whole, edit = [], []
        for run in range(runs):
            version = broken if run % 2 == 0 else text
            gc.collect()
            start = time.perf_counter()
            incremental = compile_text(version, "bench.journey", reparser=reparser)
            edit.append(time.perf_counter() - start)
            gc.collect()
            start = time.perf_counter()
            full = compile_text(version, "bench.journey")
            whole.append(time.perf_counter() - start)
            assert incremental.diagnostics == full.diagnostics and incremental.document == full.document
            del incremental, full
        print(f"| {place} | {statistics.median(whole):.3f} s | {statistics.median(edit):.3f} s "
              f"| {statistics.median(edit) / statistics.median(whole):.2f} |")


def main() -> None:
    start = time.perf_counter()
    lark_parser()
    print(f"parser construction (once per process): {time.perf_counter() - start:.3f} s\n")
    print(f"load average before: {os.getloadavg()[0]:.2f}\n")
    print("| input | size | wall best | wall median | CPU best | CPU median | result |")
    print("|---|---|---|---|---|---|---|")
    text = large_map(5000)
    timed("valid map, 5,000 steps (`large_map`: the target)", text)
    if "--edits" in sys.argv:
        edits(text)
        return
    timed("valid map, 5,000 steps, worst case (`heavy_map`)", heavy_map(5000))
    rng = random.Random(1)
    timed("1 MB of random bytes", bytes(rng.randrange(256) for _ in range(1_000_000)).decode("latin-1"))
    timed("1 MB single line (unclosed statement)", 'journey a { description "' + "x" * 1_000_000)
    timed("1 MB of nested conditions", "journey a { stage s { step x { when " + "(a == 1 and " * 80_000 + "b == 2" + ")" * 80_000 + " } } }")
    timed("1 MB of `journey` keywords", "journey " * 125_000)
    timed("valid map, 1 MB (`large_map`, 11,000 steps)", large_map(11_000))
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
