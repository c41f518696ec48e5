"""Instructions one `compile_text` of a generated map executes, counted by valgrind.

Wall and CPU time on the shared 2-core VM move by a factor of two between
minutes; an instruction count does not, so it is the figure to compare two
versions of the parser with (run this once on each). It runs the map's
process twice under `valgrind --tool=callgrind` -- once up to the warm parser,
once more compiling the map -- and prints the difference.

Usage: .venv/bin/python benchmarks/language/count_instructions.py [STEPS] [--heavy]
(needs valgrind: `apt-get install valgrind`; takes about a minute and a half)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(steps: int, heavy: bool, compiles: int) -> None:
    """The measured process: warm the parser, then compile the map ``compiles`` times."""
    sys.path.insert(0, str(HERE))
    from generate_map import heavy_map, large_map

    from journeyspec.lang.frontend import compile_text
    from journeyspec.lang.front.parser import lark_parser

    lark_parser()
    text = (heavy_map if heavy else large_map)(steps)
    compile_text(text[:200], "warm.journey")  # first-call costs (imports, caches) are not the map's
    for _ in range(compiles):
        compile_text(text, "bench.journey")


def instructions(steps: int, heavy: bool, compiles: int) -> int:
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
               "--child", str(steps), str(int(heavy)), str(compiles)]
    # A fixed hash seed: string hashing decides dict and set layouts, which move the count by a few percent.
    run = subprocess.run(command, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", run.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["--child"]:
        child(int(arguments[1]), arguments[2] == "1", int(arguments[3]))
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    heavy = "--heavy" in arguments
    numbers = [a for a in arguments if a.isdigit()]
    steps = int(numbers[0]) if numbers else 5000
    base = instructions(steps, heavy, 0)
    total = instructions(steps, heavy, 1)
    kind = "heavy_map" if heavy else "large_map"
    print(f"compile_text of {kind}({steps}): {(total - base) / 1e6:,.0f} M instructions")


if __name__ == "__main__":
    main(sys.argv[1:])
