"""Generate large, valid maps for benchmarks.

``large_map`` writes what a team's generated map looks like: stages of ten
steps, each step a display label and a `when` on the event name (every fourth
also on the page, with a regular expression; every third with a channel and a
touchpoint), one `flow` chain per stage, links between stages, a few loops
back, and expectations. ``heavy_map`` is the worst case: every step carries a
channel and a two-clause condition, and every edge has its own `flow` line.
"""

from __future__ import annotations

import sys


def large_map(steps: int, per_stage: int = 10) -> str:
    lines = ['journey big "A generated journey" {', '  description "Generated for benchmarks."']
    for first in range(0, steps, per_stage):
        stage = first // per_stage
        lines.append(f'  stage st{stage} "Stage {stage}" {{')
        lines.append(f"    emotion {stage % 7 - 3}")
        for index in range(first, min(steps, first + per_stage)):
            condition = f'event == "e{index}"' + (f' and page ~ "^/p{index}/"' if index % 4 == 0 else "")
            if index % 3 == 0:
                lines.append(f'    step s{index} "Step number {index}" {{')
                lines.append("      channel web")
                lines.append(f'      touchpoint "Screen {index}"')
                lines.append(f"      when {condition}")
                lines.append("    }")
            else:
                lines.append(f'    step s{index} "Step number {index}" {{ when {condition} }}')
        lines.append("  }")
    lines.append("  start s0")
    lines.append(f"  success s{steps - 1}")
    for first in range(0, steps, per_stage):
        chain = [f"s{i}" for i in range(first, min(steps, first + per_stage))]
        if first:
            chain.insert(0, f"s{first - 1}")
        lines.append("  flow " + " -> ".join(chain))
    for index in range(per_stage, steps, 50):
        lines.append(f'  flow s{index} -> s{index - 5} "goes back"')
    lines.append("  expect conformance >= 90%")
    lines.append(f"  expect conversion s0 -> s{steps - 1} >= 3% within 1d")
    lines.append(f"  expect time p90 s0 -> s{steps - 1} <= 2h")
    lines.append("}")
    return "\n".join(lines) + "\n"


def heavy_map(steps: int, per_stage: int = 10) -> str:
    lines = ['journey big "A generated journey" {', '  description "Generated for benchmarks."']
    for first in range(0, steps, per_stage):
        stage = first // per_stage
        lines.append(f'  stage st{stage} "Stage {stage}" {{')
        lines.append(f"    emotion {stage % 7 - 3}")
        for index in range(first, min(steps, first + per_stage)):
            lines.append(f'    step s{index} "Step number {index}" {{')
            lines.append("      channel web")
            lines.append(f'      when event == "e{index}" and page ~ "^/p{index}/"')
            lines.append("    }")
        lines.append("  }")
    lines.append("  start s0")
    lines.append(f"  success s{steps - 1}")
    for index in range(steps - 1):
        lines.append(f"  flow s{index} -> s{index + 1}")
    for index in range(0, steps - 2, 50):
        lines.append(f'  flow s{index + 2} -> s{index} "goes back"')
    lines.append("  expect conformance >= 90%")
    lines.append(f"  expect conversion s0 -> s{steps - 1} >= 3% within 1d")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(large_map(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
