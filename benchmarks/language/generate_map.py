"""Generate a large, valid map for benchmarks: N steps in stages of ten, chained by flows."""

from __future__ import annotations

import sys


def large_map(steps: int, per_stage: int = 10) -> str:
    lines = ['journey big "A generated journey" {', '  description "Generated for benchmarks."']
    for stage_index in range(0, steps, per_stage):
        lines.append(f'  stage st{stage_index // per_stage} "Stage {stage_index // per_stage}" {{')
        lines.append(f"    emotion {(stage_index // per_stage) % 7 - 3}")
        for index in range(stage_index, min(steps, stage_index + per_stage)):
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
        lines.append(f"  flow s{index + 2} -> s{index} \"goes back\"")
    lines.append("  expect conformance >= 90%")
    lines.append(f"  expect conversion s0 -> s{steps - 1} >= 3% within 1d")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(large_map(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
